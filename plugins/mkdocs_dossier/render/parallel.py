"""Rendering the pages on every core a build may use.

MkDocs builds pages one after another on one core. Generated pages do not
depend on each other, so forked workers render them while the build
process writes the data files and MkDocs builds the pages already done.
The workers inherit the renderer and link index at the fork (copy-on-write,
nothing is pickled on the way in), receive tasks (the indexes and views, or
a batch of record ids) and send back Markdown. The pages are the same,
byte for byte, as when rendered in one process, and in the same order.

Forking is only safe in a process that runs no other threads, so
``mkdocs serve`` (which has its watcher and server threads) renders in
process, as does any platform without ``fork``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor

from .pages import RenderedPage, SiteRenderer, src_uri

log = logging.getLogger("mkdocs.plugins.dossier")

#: Below this many records a fork costs more than it saves.
MIN_RECORDS = 400
#: Records per batch a worker takes: small enough to balance the workers,
#: large enough that sending batches costs nothing measurable.
BATCH = 100

# The renderer the forked workers inherit; set only around the fork.
_inherited: SiteRenderer | None = None


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: A task: the index and view pages (no ids), or the pages of these records.
Task = tuple[str, ...]


def _render(task: Task) -> list[tuple[str, str]]:
    assert _inherited is not None
    if not task:
        pages = _inherited.site_pages()
    else:
        records = _inherited.index.records
        pages = [_inherited.record_page(records[record_id]) for record_id in task]
    return [(page.src_uri, page.markdown) for page in pages]


class SitePages:
    """Every generated page of one build, started at once, collected later.

    ``jobs`` is the number of processes working on the build, this one
    included; 0 chooses one per core, for dossiers of at least
    ``MIN_RECORDS`` records. With 2 or more, ``jobs - 1`` forked workers
    render in the background (``parallel``) while this process goes on with
    MkDocs' own work, which keeps a core busy: ``markdown(uri)`` waits for
    one page only. With 1, ``result()`` renders in this process. Either way
    ``result()`` gives the pages in the order of ``SiteRenderer.all_pages``.
    """

    def __init__(self, renderer: SiteRenderer, jobs: int = 0) -> None:
        self.renderer = renderer
        self.records = list(renderer.index.records.values())
        self.executor: ProcessPoolExecutor | None = None
        self.pending: list[Future[list[tuple[str, str]]]] = []
        self.uris = renderer.all_uris()
        self._task_of: dict[str, int] = {}
        self._rendered: dict[str, str] = {}
        self._collected: set[int] = set()
        if jobs == 0 and len(self.records) >= MIN_RECORDS:
            jobs = available_cores()
        if jobs > 1 and _can_fork():
            self._start(jobs)

    @property
    def parallel(self) -> bool:
        return bool(self.pending)

    def _start(self, jobs: int) -> None:
        global _inherited
        # Compile the templates before the fork, so no worker compiles them again.
        for kind in {record.kind for record in self.records}:
            self.renderer.template(f"{kind}.md.j2")
        # The indexes and views first: the longest task starts soonest.
        tasks: list[Task] = [()]
        # Every page in task 0 until its record's batch is assigned below.
        self._task_of = dict.fromkeys(self.uris, 0)
        for start in range(0, len(self.records), BATCH):
            batch = self.records[start : start + BATCH]
            self._task_of.update((src_uri(record), len(tasks)) for record in batch)
            tasks.append(tuple(record.id for record in batch))
        _inherited = self.renderer
        # Anything buffered now would be written again by every worker.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            # With "fork", every worker is started at the first submit, while
            # the renderer is in place; a worker that dies breaks the pool
            # (rather than hanging it), and the pages are rendered in process.
            workers = min(jobs - 1, len(tasks))
            self.executor = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")
            )
            self.pending = [self.executor.submit(_render, task) for task in tasks]
            log.debug(f"rendering {len(tasks)} batches of pages in {workers} worker processes")
        except OSError as error:  # out of processes or memory: render in process
            log.debug(f"rendering record pages in one process: {error}")
            self.close()
        finally:
            _inherited = None

    def markdown(self, uri: str) -> str:
        """The Markdown of one page, waiting for its worker if need be."""
        if uri not in self._rendered:
            task = self._task_of.get(uri)
            if task is None or not self._collect(task):
                self._render_here()
        return self._rendered[uri]

    def _collect(self, task: int) -> bool:
        if task in self._collected:
            return True
        if not self.pending:
            return False
        try:
            self._rendered.update(self.pending[task].result())
        except Exception as error:
            # Render in process: a template error then surfaces with its own
            # traceback rather than a worker's pickled one.
            log.debug(f"a rendering worker failed: {error!r}")
            self.close()
            return False
        self._collected.add(task)
        return True

    def _render_here(self) -> None:
        self.close()
        self._rendered = {page.src_uri: page.markdown for page in self.renderer.all_pages()}
        self._collected = set()

    def result(self) -> list[RenderedPage]:
        """Every page, in the order of ``SiteRenderer.all_pages``."""
        try:
            return [RenderedPage(uri, self.markdown(uri)) for uri in self.uris]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (waiting for the batches they are on)."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None
        self.pending = []


def _can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        # Another thread could hold a lock the child would then wait on forever.
        and threading.active_count() == 1
    )
