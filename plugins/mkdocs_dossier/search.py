"""Site search: Material's lunr for small dossiers, Pagefind for large ones.

Material's search loads one JSON index of every page into the browser, so
what a reader downloads grows with the dossier. Pagefind indexes the built
site into ``site/pagefind/``, in chunks a query fetches as it needs them.
The ``search`` option chooses: ``lunr`` (Material's own), ``pagefind``, or
``auto``, Pagefind from ``PAGEFIND_THRESHOLD`` records on.

With Pagefind on, every page's HTML is adjusted once it is written
(``PagefindSearch.page_html``): its content is marked as what Pagefind
indexes, a record page carries its metadata as Pagefind filters and sort
keys, and Material's search box is handed to ``assets/search.js``, which
asks Pagefind and writes the results in Material's own markup. Material's
lunr index is neither built nor fetched: its form is renamed (Material
fetches the index only when a form is named ``search``) and its worker is
replaced by one that does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .kinds import Registry
from .records import Record

#: Values of the ``search`` option.
SEARCH_MODES = ("auto", "lunr", "pagefind")
#: With ``search: auto``, dossiers of this many records and more use Pagefind.
PAGEFIND_THRESHOLD = 2000
#: What Pagefind leaves out of the index: charts, their legends, heading anchors.
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".dossier-chart", ".headerlink")
#: Site paths of the assets that take over Material's search box.
SCRIPT = "assets/dossier/search.js"
WORKER = "assets/dossier/search-worker.js"
OUTPUT = "pagefind"

log = logging.getLogger("mkdocs.plugins.dossier")

_ARTICLE = '<article class="md-content__inner md-typeset">'
_FORM = '<form class="md-search__form" name="search">'
_MATERIAL_WORKER = "assets/javascripts/workers/search."


class SearchError(Exception):
    """Search cannot be set up as the options ask (no Pagefind binary)."""


def engine(mode: str, records: int) -> str:
    """The search engine a site of ``records`` records uses: ``lunr`` or ``pagefind``."""
    if mode == "pagefind" or (mode == "auto" and records >= PAGEFIND_THRESHOLD):
        return "pagefind"
    return "lunr"


def pagefind_executable(mode: str) -> Path:
    """The Pagefind binary, or a ``SearchError`` naming the option that needs it."""
    found: Path | None
    try:
        from pagefind.service import get_executable
    except ImportError:
        which = shutil.which("pagefind_extended") or shutil.which("pagefind")
        found = Path(which) if which else None
    else:
        found = get_executable()
    if found is None or not found.is_file():
        why = (
            "search: pagefind"
            if mode == "pagefind"
            else f"search: auto (Pagefind from {PAGEFIND_THRESHOLD} records)"
        )
        where = f" (looked for {found})" if found is not None else ""
        raise SearchError(
            f"the dossier plugin's option {why} needs the Pagefind binary, which is not "
            f"installed{where}: pip install 'pagefind[bin]', or set search: lunr"
        )
    return found


def record_filters(registry: Registry, record: Record) -> dict[str, list[str]]:
    """A record's Pagefind filters: its kind, every choice field, its year."""
    kind = registry.of(record)
    filters = {"kind": [kind.name]}
    for spec in kind.choice_fields():
        value = getattr(record, spec.name, None)
        if isinstance(value, str):
            filters[spec.name] = [value]
    day = kind.date(record)
    if day is not None and day.earliest is not None:
        filters["year"] = [str(day.earliest.year)]
    return filters


def record_sort(registry: Registry, record: Record) -> dict[str, str]:
    """A record's Pagefind sort keys: its earliest possible day."""
    day = registry.of(record).date(record)
    if day is None or day.earliest is None:
        return {}
    return {"date": day.earliest.isoformat()}


def metadata_html(registry: Registry, record: Record) -> str:
    """Hidden empty elements carrying a record's filters and sort keys."""
    kind = registry.of(record)
    parts = [f'<span data-pagefind-meta="kind:{html.escape(kind.name, quote=True)}"></span>']
    for name, values in record_filters(registry, record).items():
        parts.extend(
            f'<span data-pagefind-filter="{html.escape(f"{name}:{value}", quote=True)}"></span>'
            for value in values
        )
    for name, value in record_sort(registry, record).items():
        parts.append(
            f'<span data-pagefind-sort="{html.escape(f"{name}:{value}", quote=True)}"></span>'
        )
    return '<div class="dossier-search-meta" hidden>' + "".join(parts) + "</div>"


@dataclass(frozen=True)
class PagefindSearch:
    """Pagefind for one site: page rewriting and indexing."""

    registry: Registry
    mode: str = "pagefind"

    def page_html(self, output: str, record: Record | None, script: str, worker: str) -> str:
        """A written page made ready for Pagefind and for ``search.js``.

        ``script`` and ``worker`` are the assets' URLs relative to the page.
        """
        body = _ARTICLE[:-1] + " data-pagefind-body>"
        if record is not None:
            body += metadata_html(self.registry, record)
        output = output.replace(_ARTICLE, body, 1)
        output = output.replace(_FORM, _FORM.replace('"search"', '"pagefind-search"'), 1)
        start = output.find(_MATERIAL_WORKER)
        if start != -1:
            end = output.find('"', start)
            prefix = output.rfind('"', 0, start) + 1
            output = output[:prefix] + worker + output[end:]
        tag = f'<script src="{html.escape(script, quote=True)}" defer></script>\n'
        return output.replace("</body>", tag + "</body>", 1)

    def index(self, site_dir: Path, swap: bool = False) -> None:
        """Index the built site into ``site_dir/pagefind/``; with ``swap``,
        into a folder beside it that then replaces it, so that a served
        site answers searches from the old index until the new one is done."""
        if swap:
            site_dir.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
            try:
                self._index(site_dir, fresh)
                shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)
                (fresh / OUTPUT).rename(site_dir / OUTPUT)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            return
        self._index(site_dir, site_dir)

    def _index(self, site_dir: Path, into: Path) -> None:
        executable = pagefind_executable(self.mode)
        output = into / OUTPUT
        shutil.rmtree(output, ignore_errors=True)
        try:
            from pagefind.index import IndexConfig, PagefindIndex
        except ImportError:
            _index_with_cli(executable, site_dir, None if into == site_dir else output)
            return

        async def run() -> None:
            config = IndexConfig(exclude_selectors=list(EXCLUDE_SELECTORS), output_path=str(output))
            async with PagefindIndex(config=config) as index:
                await index.add_directory(str(site_dir))

        asyncio.run(run())


def _index_with_cli(executable: Path, site_dir: Path, output: Path | None = None) -> None:
    args = [str(executable), "--site", str(site_dir)]
    args += ["--output-path", str(output)] if output else ["--output-subdir", OUTPUT]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchError(f"pagefind failed ({result.returncode}): {result.stderr.strip()}")


#: How much lower than ``serve`` itself the background indexing runs.
BACKGROUND_NICENESS = 10


def _yield_cpu() -> None:
    """Lower the priority of the calling thread, and so of the Pagefind
    process it starts (on Linux a thread has its own priority, which a child
    inherits), so that indexing a large site in the background takes the
    cores only when the next reload does not need them. Elsewhere, nothing."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


@dataclass
class BackgroundIndex:
    """Pagefind indexing for ``mkdocs serve``, off the path of each rebuild.

    ``request`` returns at once; one thread indexes the newest site asked
    for, then any asked for meanwhile (requests made while it runs are
    folded into one). Until it is done the served site answers searches
    from the previous index: search results lag a save by the time indexing
    takes, the pages do not.
    """

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _wanted: tuple[PagefindSearch, Path] | None = None
    _thread: threading.Thread | None = None

    def request(self, search: PagefindSearch, site_dir: Path) -> None:
        with self._lock:
            self._wanted = (search, site_dir)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="dossier-pagefind", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        _yield_cpu()
        while True:
            with self._lock:
                job, self._wanted = self._wanted, None
                if job is None:
                    self._thread = None
                    return
            search, site_dir = job
            try:
                search.index(site_dir, swap=True)
            except Exception as error:  # reported; the next save tries again
                log.error(f"search: indexing the served site for Pagefind failed: {error}")

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the indexing under way, if any (at most ``timeout`` seconds)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
