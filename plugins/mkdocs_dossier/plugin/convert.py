"""Generated pages turned into HTML on every core, with MkDocs' own code.

MkDocs reads every page and converts its Markdown to HTML, one after the
other, before it renders any template; for a large dossier the conversion
is most of a build. Once the files and the navigation are final
(``on_nav``), ``Converters.start`` forks workers, which inherit them. The
build process takes the generated pages from the front of MkDocs' reading
order and the workers claim batches from the back, until they meet: each
page is converted once, by whoever reaches it first.

A worker renders a page's Markdown and converts it exactly as MkDocs would
(``Page.read_source``, the plugin's own ``on_page_markdown``, then MkDocs'
``Page.render`` with the site's Markdown extensions and its link checks),
and hands back what ``render`` set on the page, and what it logged. The
build process takes a page's result in ``on_pre_page``, then in its place of
``Page.render`` uses it if the Markdown MkDocs holds by then is the one that
was converted (another plugin may have changed it), else converts the page
itself. The HTML, table of contents, title and anchors are then those of a
conversion in the build process, and the search plugin indexes the same.

Batches go through files in a temporary folder, named in a short message
on a pipe, so a worker never waits for the build process to read. A worker
that dies leaves its claimed pages to the build process.

Then MkDocs renders Material's templates for every page, one after the
other, and writes it. Once every plugin is done with the environment
(``on_env``), ``Writers.start`` forks workers again, which run MkDocs' own
``_build_page`` for the generated pages they claim from the back, the same
way. The build process still runs every page's ``on_page_context``
(plugins such as search collect there), but for a page a worker has it
renders nothing and writes nothing. A page a worker claimed is waited for
when MkDocs reaches it, and built in the build process if the worker could
not write it. This is done only while no other plugin has an
``on_post_page``, which would not see the page in the build process.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import logging
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from jinja2 import Environment

log = logging.getLogger("mkdocs.plugins.dossier")

#: Pages a worker claims at a time: the build process waits at most for the
#: rest of one batch where it meets the workers.
BATCH = 20
#: Below this many generated pages a fork costs more than it saves.
MIN_PAGES = 400
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Converted:
    """One page as a worker converted it."""

    #: The page's Markdown source, as read from its file.
    source: str
    #: A digest of the Markdown that was converted.
    digest: bytes
    #: What ``Page.render`` set on the page (``links_to_anchors`` by source path).
    attributes: dict[str, Any]
    #: What was logged meanwhile, to be logged again in the build process.
    records: list[logging.LogRecord] = field(default_factory=list)


def digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# What the forked workers inherit; set only around the fork.
_inherited: _Shared | None = None


class _Shared:
    """Pages in ``order`` shared between the build process, which takes them
    from the front, and forked workers, which claim batches from the back."""

    def __init__(self, order: list[str]) -> None:
        self.order = order
        self.position = {uri: i for i, uri in enumerate(order)}
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        #: The workers have the pages from here to the end.
        self._claimed = context.Value("i", len(order), lock=False)
        #: The build process has the pages before this one.
        self._mine = context.Value("i", 0, lock=False)
        self._workers: list[tuple[Any, Connection]] = []

    def _fork(self, workers: int, target: Callable[[Connection], None]) -> None:
        """Fork ``workers`` workers running ``target`` (none if forking fails)."""
        global _inherited
        context = multiprocessing.get_context("fork")
        sys.stdout.flush()
        sys.stderr.flush()
        _inherited = self
        try:
            for _ in range(workers):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_run, args=(target, send), daemon=True)
                process.start()
                send.close()
                self._workers.append((process, receive))
        except OSError as error:  # out of processes or memory: all done here
            log.debug(f"one process for every page: {error}")
        finally:
            _inherited = None
        log.debug(f"{type(self).__name__}: {len(self.order)} pages, {len(self._workers)} workers")

    def _theirs(self, position: int) -> bool:
        """Whether a worker has the page at ``position``; if not, it is this
        process's from now on."""
        with self._lock:
            if position < self._claimed.value:
                self._mine.value = max(self._mine.value, position + 1)
                return False
            return True

    def _messages(self, block: bool) -> list[Any]:
        """The workers' messages so far (with ``block``, at least one unless
        no worker is left); a worker that finished or died is let go."""
        found: list[Any] = []
        while self._workers:
            ready = wait([pipe for _, pipe in self._workers], None if block else 0)
            for process, pipe in list(self._workers):
                if pipe not in ready:
                    continue
                try:
                    message = pipe.recv()
                except (EOFError, OSError):  # finished, or died
                    message = None
                if message is None:
                    self._workers.remove((process, pipe))
                    process.join()
                    pipe.close()
                else:
                    found.append(message)
            if found or not block:
                break
        return found

    def _stop(self) -> None:
        with self._lock:
            self._claimed.value = 0  # nothing more to claim
        for process, receive in self._workers:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
            receive.close()
        self._workers = []

    # In a worker.

    def _claim(self) -> tuple[int, int] | None:
        with self._lock:
            end = self._claimed.value
            start = max(end - BATCH, self._mine.value)
            if start >= end:
                return None
            self._claimed.value = start
            return start, end


def _run(target: Callable[[Connection], None], send: Connection) -> None:
    """A worker's start: what it inherited is left out of its garbage
    collections, which would otherwise copy every page of memory they visit."""
    gc.freeze()
    gc.enable()
    target(send)


class Converters(_Shared):
    """The conversion of one build's generated pages, shared with workers."""

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        order: list[str],
        markdown_of: Callable[[str], str],
        page_markdown: Callable[[str, Page], str],
    ) -> None:
        super().__init__(order)
        self.config = config
        self.files = files
        self.markdown_of = markdown_of
        self.page_markdown = page_markdown
        self._folder = Path(tempfile.mkdtemp(prefix="dossier-html-"))
        self._batches: dict[int, tuple[int, int]] = {}  # page -> its batch
        self._loaded: tuple[int, list[Converted | None]] | None = None
        self._taken: dict[str, Converted] = {}
        self.used = 0

    # In the build process.

    def start(self, workers: int) -> None:
        """Fork ``workers`` workers (none if forking fails)."""
        self._fork(workers, _work)

    def take(self, uri: str) -> str | None:
        """A page's Markdown source if a worker converted it (its HTML is then
        used by ``render``); None if this process converts it."""
        position = self.position.get(uri)
        if position is None or not self._theirs(position):
            return None
        converted = self._result(position)
        if converted is None:
            return None
        self._taken[uri] = converted
        return converted.source

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """``Page.render`` for a generated page, from its worker when the
        Markdown is the one it converted."""
        converted = self._taken.pop(page.file.src_uri, None)
        assert page.markdown is not None
        if converted is None or converted.digest != digest(page.markdown):
            type(page).render(page, config, files)
            return
        for name, value in converted.attributes.items():
            if name == "links_to_anchors":
                value = {files.get_file_from_path(uri): links for uri, links in value.items()}
                value.pop(None, None)
            setattr(page, name, value)
        for record in converted.records:
            logging.getLogger(record.name).handle(record)
        self.used += 1

    def _result(self, position: int) -> Converted | None:
        while True:
            if self._loaded is not None and self._loaded[0] <= position:
                start, batch = self._loaded
                if position < start + len(batch):
                    return batch[position - start]
            if position in self._batches:
                start, _ = self._batches[position]
                path = self._folder / f"{start}.pickle"
                with path.open("rb") as stream:
                    self._loaded = (start, pickle.load(stream))
                path.unlink()
                continue
            messages = self._messages(block=True)
            if not messages:
                return None
            for start, end in messages:
                for at in range(start, end):
                    self._batches[at] = (start, end)

    def close(self) -> None:
        """Stop the workers and remove their files."""
        self._stop()
        self._loaded = None
        self._taken = {}
        shutil.rmtree(self._folder, ignore_errors=True)

    # In a worker.

    def _convert(self, uri: str) -> Converted | None:
        try:
            source = self.markdown_of(uri)
        except Exception:  # reported by the build process, which renders it again
            return None
        file = self.files.get_file_from_path(uri)
        if file is None:
            return None
        page = file.page if file.page is not None else Page(None, file, self.config)
        file.content_string = source
        page.read_source(self.config)
        assert page.markdown is not None
        page.markdown = self.page_markdown(page.markdown, page)
        before = dict(vars(page))
        capture = _Capture()
        self.config._current_page = page  # as MkDocs sets it while reading a page
        try:
            with capture:
                type(page).render(page, self.config, self.files)
        finally:
            self.config._current_page = None
        attributes = {
            name: value
            for name, value in vars(page).items()
            if before.get(name, _MISSING) is not value
        }
        links = attributes.get("links_to_anchors")
        if links:
            attributes["links_to_anchors"] = {f.src_uri: anchors for f, anchors in links.items()}
        return Converted(source, digest(page.markdown), attributes, capture.records)


def _work(send: Connection) -> None:
    """A worker: claim batches from the back, convert, write, announce."""
    converters = _inherited
    assert isinstance(converters, Converters)
    try:
        while (claimed := converters._claim()) is not None:
            start, end = claimed
            batch = []
            for uri in converters.order[start:end]:
                try:
                    batch.append(converters._convert(uri))
                except Exception:  # the build process converts it, and reports
                    batch.append(None)
            path = converters._folder / f"{start}.pickle"
            part = path.with_suffix(".part")
            with part.open("wb") as stream:
                pickle.dump(batch, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(part, path)
            send.send((start, end))
        send.send(None)
    finally:
        send.close()


@dataclass(frozen=True, slots=True)
class Written:
    """One page as a worker built and wrote it."""

    src_uri: str
    #: Whether it was written (if not, the build process builds it and reports).
    ok: bool
    #: What it handed to the search index: the page's ``dest_uri`` and file.
    indexed: list[tuple[str, str]] = field(default_factory=list)
    #: What was logged meanwhile, to be logged again in the build process.
    records: list[logging.LogRecord] = field(default_factory=list)


class Writers(_Shared):
    """The templates of one build's generated pages, rendered and written by
    forked workers as well as by the build process."""

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        nav: Navigation,
        env: Environment,
        order: list[str],
        index_file: Callable[[str, Path], None],
    ) -> None:
        super().__init__(order)
        self.config = config
        self.files = files
        self.nav = nav
        self.env = env
        #: The pages as MkDocs' build loop has them (each template's ``pages``).
        self.doc_files = _included(files)
        self.index_file = index_file
        # MkDocs' own step for one page, of whichever of MkDocs and its
        # forks runs this build.
        engine = importlib.import_module(
            type(config).__module__.partition(".")[0] + ".commands.build"
        )
        self._build_page: Callable[..., None] = engine._build_page
        self._handlers: list[logging.Handler] = []
        self._replaying = False
        self.used = 0
        self._decided: dict[str, bool] = {}  # page -> whether a worker writes it
        self._reported: set[str] = set()
        self._written: set[str] = set()
        self._blank = env.from_string("")
        #: In a worker, what the page under way handed to the search index.
        self._indexed: list[tuple[str, str]] | None = None

    # In the build process.

    def start(self, workers: int) -> None:
        """Fork ``workers`` workers; from then on, a page one of them has is
        given a blank template here, and MkDocs writes nothing for it."""
        self._fork(workers, _write)
        if self._workers:
            self.env.get_template = self._get_template  # type: ignore[method-assign]
            self._handlers = [handler for logger in _loggers() for handler in logger.handlers]
            for handler in self._handlers:
                handler.addFilter(self._quiet)

    def theirs(self, page: Page) -> bool:
        """Whether a worker wrote ``page``, decided when MkDocs starts it: a
        page a worker claimed is waited for; one it could not write (it
        failed, or the worker died) is built here."""
        if self._indexed is not None:  # in a worker: every page it builds is its own
            return False
        uri = page.file.src_uri
        decided = self._decided.get(uri)
        if decided is None:
            position = self.position.get(uri)
            if position is None or not self._theirs(position):
                decided = False
                self._take(self._messages(block=False))
            else:
                while uri not in self._reported and self._workers:
                    self._take(self._messages(block=True))
                decided = uri in self._written
            self._decided[uri] = decided
        return decided

    def build_page(self, page: Page) -> None:
        """Build and write ``page`` as MkDocs does."""
        self._build_page(page, self.config, self.doc_files, self.nav, self.env)

    def finish(self) -> None:
        """Wait for the workers to stop, and let them go."""
        while self._workers:
            self._take(self._messages(block=True))
        self.close()

    def close(self) -> None:
        """Stop the workers; MkDocs renders every page itself again."""
        self._stop()
        vars(self.env).pop("get_template", None)
        for handler in self._handlers:
            handler.removeFilter(self._quiet)
        self._handlers = []

    def _get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Any:
        page = self.config._current_page
        if page is not None and self.theirs(page):
            return self._blank
        return type(self.env).get_template(self.env, name, parent, globals)

    def _quiet(self, record: logging.LogRecord) -> bool:
        """Leave out what is logged here while MkDocs builds a page a worker
        wrote: the worker's own records of it are logged instead (and
        MkDocs' note that the page came out empty here is not news). An
        error is always shown."""
        if self._replaying or record.levelno >= logging.ERROR:
            return True
        page = self.config._current_page
        return not (page is not None and self._decided.get(page.file.src_uri))

    def _take(self, batches: list[list[Written]]) -> None:
        for batch in batches:
            for written in batch:
                self._reported.add(written.src_uri)
                if not written.ok:
                    continue
                self._replaying = True
                try:
                    for record in written.records:
                        logging.getLogger(record.name).handle(record)
                finally:
                    self._replaying = False
                for dest_uri, path in written.indexed:
                    self.index_file(dest_uri, Path(path))
                self._written.add(written.src_uri)
                self.used += 1

    # In a worker.

    def index_later(self, page: Page) -> bool:
        """In a worker, note the page for the search index, which the build
        process feeds once the page is written; False in the build process."""
        if self._indexed is None:
            return False
        self._indexed.append((page.file.dest_uri, page.file.abs_dest_path))
        return True


def _write(send: Connection) -> None:
    """A worker: claim batches from the back, build and write each page as
    MkDocs does, announce what was written."""
    writers = _inherited
    assert isinstance(writers, Writers)
    try:
        while (claimed := writers._claim()) is not None:
            start, end = claimed
            batch = []
            for uri in writers.order[start:end]:
                file = writers.files.get_file_from_path(uri)
                if file is None or file.page is None:
                    continue
                writers._indexed = []
                capture = _Capture()
                try:
                    with capture:
                        writers.build_page(file.page)
                except Exception:  # the build process builds it again, and reports
                    batch.append(Written(uri, ok=False))
                    continue
                batch.append(Written(uri, True, writers._indexed, capture.records))
            send.send(batch)
        send.send(None)
    finally:
        send.close()


class _Capture(logging.Handler):
    """Every log record made while converting, kept instead of shown."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self._saved: list[tuple[logging.Logger, list[logging.Handler]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.records and self.records[-1] is record:  # seen by a parent logger's handler too
            return
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)

    def __enter__(self) -> _Capture:
        for logger in _loggers():
            self._saved.append((logger, logger.handlers))
            logger.handlers = [self]
        return self

    def __exit__(self, *exc: object) -> None:
        for logger, handlers in self._saved:
            logger.handlers = handlers
        self._saved = []


def _loggers() -> list[logging.Logger]:
    """The loggers with handlers of their own: the root, and MkDocs' (which
    does not pass records on to the root)."""
    found = [logging.getLogger()]
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and logger.handlers:
            found.append(logger)
    return found


def converters_for(
    config: MkDocsConfig,
    files: Files,
    uris: set[str],
    markdown_of: Callable[[str], str],
    page_markdown: Callable[[str, Page], str],
    jobs: int,
    minimum: int = MIN_PAGES,
) -> Converters | None:
    """Workers for the generated pages ``uris``, in MkDocs' reading order,
    or None (``_order``)."""
    order = _order(files, uris, jobs, minimum)
    if order is None:
        return None
    converters = Converters(config, files, order, markdown_of, page_markdown)
    converters.start(jobs - 1)
    return converters


def _order(files: Files, uris: set[str], jobs: int, minimum: int) -> list[str] | None:
    """The generated pages ``uris`` in MkDocs' reading order, or None where
    workers are not to be forked: for fewer than ``minimum`` pages, one job,
    no ``fork``, or while another thread runs (it could hold a lock a forked
    worker would wait on)."""
    if jobs < 2 or len(uris) < minimum or threading.active_count() > 1:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return [file.src_uri for file in _included(files) if file.src_uri in uris]


def _included(files: Files) -> list[File]:
    """The documentation pages as MkDocs' build loop has them."""
    from mkdocs.structure.files import InclusionLevel

    return list(files.documentation_pages(inclusion=InclusionLevel.is_included))


def writers_for(
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: Environment,
    uris: set[str],
    index_file: Callable[[str, Path], None],
    jobs: int,
    minimum: int = MIN_PAGES,
    mine: object = None,
) -> Writers | None:
    """Workers to render and write the generated pages ``uris``, to be
    started once the caller holds them (its hooks run in them), or None: as
    for ``converters_for`` (``_order``), and while a plugin other than ``mine`` (the dossier
    plugin) has an ``on_post_page``, which would miss the pages they write."""
    post_page = config.plugins.events.get("post_page", [])
    if any(getattr(method, "__self__", None) is not mine for method in post_page):
        return None
    order = _order(files, uris, jobs, minimum)
    return None if order is None else Writers(config, files, nav, env, order, index_file)
