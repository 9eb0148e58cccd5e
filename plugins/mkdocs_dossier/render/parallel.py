"""Rendering the pages on every core a build may use.

MkDocs builds pages one after another on one core. Generated pages do not
depend on each other, so forked workers render them while the build
process writes the data files and MkDocs builds the pages already done.
The workers inherit the renderer and link index at the fork (copy-on-write,
nothing is pickled on the way in), receive tasks (the indexes and views, or
a batch of record pages) and send back Markdown. The pages are the same,
byte for byte, as when rendered in one process, and in the same order.

Forking is only safe in a process that runs no other threads, so
``mkdocs serve`` (which has its watcher and server threads) renders in
process, as does any platform without ``fork``.

Validated content never makes a renderer raise; if it does anyway (a bug
in Dossier, or in a site's own templates), the page is not rendered and a
``Problem`` names its record, in a worker as in process: ``result()`` and
``markdown()`` raise ``RenderFailure`` with every such problem, never the
exception itself, so a build reports them and refuses, as for bad content.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..problems import Problem
from .pages import PACKAGED_TEMPLATES, PageSpec, RenderedPage, SiteRenderer, src_uri

log = logging.getLogger("mkdocs.plugins.dossier")

#: Below this many records a fork costs more than it saves.
MIN_RECORDS = 400
#: Records per batch a worker takes: small enough to balance the workers,
#: large enough that sending batches costs nothing measurable.
BATCH = 100

# The renderer and page list the forked workers inherit; set only around the fork.
_inherited: tuple[SiteRenderer, dict[str, PageSpec]] | None = None


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: A task: the source paths of the pages to render.
Task = tuple[str, ...]
#: What a task sends back: the pages rendered, and (uri, path, message) of
#: those that failed (plain strings, so nothing fancy is pickled).
Done = tuple[list[tuple[str, str]], list[tuple[str, str, str]]]


class RenderFailure(Exception):
    """Pages could not be rendered; ``problems`` names each one's record."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format_text() for p in problems))
        self.problems = problems


def render_safely(renderer: SiteRenderer, spec: PageSpec) -> RenderedPage | Problem:
    """A page, or the problem that its rendering raised an exception."""
    try:
        return renderer.render(spec)
    except Exception as error:  # a bug: report it, naming the record
        return failure(spec, error)


def failure(spec: PageSpec, error: BaseException) -> Problem:
    """One line for an exception raised while rendering ``spec``'s page."""
    where = _template_line(error)
    what = f"{type(error).__name__} {_brief(str(error))}".rstrip()
    suffix = f" in {where}" if where else ""
    if spec.record is not None:
        path, subject = spec.record.path, "this record"
    else:
        path, subject = spec.uri, f"the page {spec.uri}"
    return Problem(
        path,
        1,
        1,
        f"rendering {subject} failed: {what}{suffix} "
        "(a bug in Dossier or in the site's templates; please report it)",
        code="render-failed",
    )


def _brief(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _template_line(error: BaseException) -> str:
    """The innermost template line in the traceback: ``entity.md.j2:12``."""
    found = ""
    for frame in traceback.extract_tb(error.__traceback__):
        name = frame.filename
        if not name.endswith(".j2"):
            continue
        path = Path(name)
        if path.is_relative_to(PACKAGED_TEMPLATES):
            shown = f"the packaged template {path.name}"
        else:
            try:
                shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
            except (OSError, ValueError):
                shown = path.as_posix()
        found = f"{shown}:{frame.lineno}"
    return found


def _render(task: Task) -> Done:
    assert _inherited is not None
    renderer, specs = _inherited
    pages, failed = [], []
    for uri in task:
        result = render_safely(renderer, specs[uri])
        if isinstance(result, Problem):
            failed.append((uri, result.path, result.message))
        else:
            pages.append((result.src_uri, result.markdown))
    return pages, failed


class SitePages:
    """Every generated page of one build, started at once, collected later.

    ``jobs`` is the number of processes working on the build, this one
    included; 0 chooses one per core, for dossiers of at least
    ``MIN_RECORDS`` records. With 2 or more, ``jobs - 1`` forked workers
    render in the background (``parallel``) while this process goes on with
    MkDocs' own work, which keeps a core busy: ``markdown(uri)`` waits for
    one page only. With 1, ``result()`` renders in this process. Either way
    ``result()`` gives the pages in the order of ``SiteRenderer.all_pages``.
    A page whose rendering raised is left out and reported: ``markdown(uri)``
    raises ``RenderFailure`` for it, ``result()`` for all of them at once.
    """

    def __init__(
        self,
        renderer: SiteRenderer,
        jobs: int = 0,
        reuse: Mapping[str, str] | None = None,
        fork: bool = True,
        specs: list[PageSpec] | None = None,
    ) -> None:
        self.renderer = renderer
        #: Pages known to be unchanged since a previous build, by source
        #: path: their Markdown is taken as it is (rendering in process only).
        self.reuse = reuse or {}
        self.records = list(renderer.index.records.values())
        self.executor: ProcessPoolExecutor | None = None
        self.pending: list[Future[Done]] = []
        self.specs = {spec.uri: spec for spec in (renderer.pages() if specs is None else specs)}
        self.uris = list(self.specs)
        self._task_of: dict[str, int] = {}
        self._rendered: dict[str, str] = {}
        self._failed: dict[str, Problem] = {}
        self._collected: set[int] = set()
        if jobs == 0 and len(self.records) >= MIN_RECORDS:
            jobs = available_cores()
        #: Processes the build may use, this one included.
        self.jobs = jobs if jobs > 1 and not self.reuse and _can_fork() else 1
        #: Each page rendered when it is asked for, in this process: the
        #: site generator's adapter forks workers of its own later, which
        #: render what they convert (``plugin/convert.py``).
        self.on_demand = self.jobs > 1 and not fork
        if self.jobs > 1 and fork:
            self._start(self.jobs)

    @property
    def parallel(self) -> bool:
        return bool(self.pending)

    @property
    def problems(self) -> list[Problem]:
        """The pages that failed so far, one problem each."""
        return list(self._failed.values())

    def _start(self, jobs: int) -> None:
        global _inherited
        # Compile the templates before the fork, so no worker compiles them
        # again (a template that does not compile fails its pages later).
        for kind in {record.kind for record in self.records}:
            try:
                self.renderer.template(f"{kind}.md.j2")
            except Exception:  # reported for each of its pages when they render
                continue
        # The indexes and views first: the longest task starts soonest.
        first = tuple(uri for uri, spec in self.specs.items() if spec.record is None)
        tasks: list[Task] = [first]
        self._task_of = dict.fromkeys(self.uris, 0)
        for start in range(0, len(self.records), BATCH):
            batch = tuple(src_uri(record) for record in self.records[start : start + BATCH])
            self._task_of.update((uri, len(tasks)) for uri in batch)
            tasks.append(batch)
        _inherited = (self.renderer, self.specs)
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
        """The Markdown of one page, waiting for its worker if need be;
        ``RenderFailure`` if its rendering raised."""
        if self.on_demand:
            return self._one(uri)
        if uri not in self._rendered and uri not in self._failed:
            task = self._task_of.get(uri)
            if task is None or not self._collect(task):
                self._render_here()
        if uri in self._failed:
            raise RenderFailure([self._failed[uri]])
        return self._rendered[uri]

    def _one(self, uri: str) -> str:
        """One page rendered now (not kept: the site generator holds it)."""
        result = render_safely(self.renderer, self.specs[uri])
        if isinstance(result, Problem):
            self._failed[uri] = result
            raise RenderFailure([result])
        return result.markdown

    def _collect(self, task: int) -> bool:
        if task in self._collected:
            return True
        if not self.pending:
            return False
        try:
            pages, failed = self.pending[task].result()
        except Exception as error:
            # A worker died (or could not send its pages): render in process.
            log.debug(f"a rendering worker failed: {error!r}")
            self.close()
            return False
        self._rendered.update(pages)
        for uri, path, message in failed:
            self._failed[uri] = Problem(path, 1, 1, message, code="render-failed")
        self._collected.add(task)
        return True

    def _render_here(self) -> None:
        self.close()
        self._rendered, self._failed = {}, {}
        for uri, spec in self.specs.items():
            if uri in self.reuse:
                self._rendered[uri] = self.reuse[uri]
                continue
            result = render_safely(self.renderer, spec)
            if isinstance(result, Problem):
                self._failed[uri] = result
            else:
                self._rendered[uri] = result.markdown
        self._collected = set()

    def result(self) -> list[RenderedPage]:
        """Every page, in the order of ``SiteRenderer.all_pages``;
        ``RenderFailure`` naming every page that failed."""
        try:
            pages = []
            for uri in self.uris:
                try:
                    pages.append(RenderedPage(uri, self.markdown(uri)))
                except RenderFailure:
                    continue
            if self._failed:
                raise RenderFailure(list(self._failed.values()))
            return pages
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
