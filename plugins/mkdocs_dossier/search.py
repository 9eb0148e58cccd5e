"""Site search: Material's lunr for small dossiers, Pagefind for large ones.

Material's search loads one JSON index of every page into the browser, so
what a reader downloads grows with the dossier. Pagefind indexes the built
site into ``site/pagefind/``, in chunks a query fetches as it needs them.
The ``search`` option chooses: ``lunr`` (Material's own), ``pagefind``, or
``auto``, Pagefind from ``PAGEFIND_THRESHOLD`` records on.

With Pagefind on, every page's HTML is adjusted once it is written
(``PagefindSearch.page_html``): its content is marked as what Pagefind
indexes, a record page carries its metadata as Pagefind filters and meta,
and Material's search box is handed to ``assets/search.js``, which
asks Pagefind and writes the results in Material's own markup. Material's
lunr index is neither built nor fetched: its form is renamed (Material
fetches the index only when a form is named ``search``) and its worker is
replaced by one that does nothing.

With lunr, a record's names (an entity's name and aliases, ``Kind.names``)
go into fields of their own in Material's index (``with_names``), so that
the record's page ranks first for each of them (see there), and each
page is listed first for a query that is one of its whole names by
``assets/lunr-worker.js``, which Material's worker runs behind.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import html
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from .kinds import Registry
from .records import Record

#: Values of the ``search`` option.
SEARCH_MODES = ("auto", "lunr", "pagefind")
#: With ``search: auto``, dossiers of this many records and more use Pagefind.
PAGEFIND_THRESHOLD = 2000
#: What Pagefind leaves out of the index: charts, their legends, heading anchors.
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".dossier-chart", ".headerlink")
#: Written by templates right under the heading of a section that lists
#: other records (the records linking here, or what they share): the section
#: is shown, and kept out of the search index, so that each record's text and
#: each link are indexed once, on the page that declares them.
RELATED_MARK = "<!-- dossier:related -->"
#: Where such a section ends: the next heading of its level or above.
_SECTION_END = re.compile(r"<h[12][\s>]")
#: Site paths of the assets that take over Material's search box.
SCRIPT = "assets/dossier/search.js"
WORKER = "assets/dossier/search-worker.js"
#: Site path of the worker in front of Material's own, with lunr: beside
#: it, since Material's worker loads its language scripts relative to itself.
LUNR_WORKER = "assets/javascripts/workers/dossier-lunr.js"
OUTPUT = "pagefind"
#: In the index folder: the ids of Pagefind's pages that have a date, newest
#: first, as a gzip-compressed JSON list, by which ``search.js`` orders what
#: a filter alone finds (``write_newest``). Pagefind's own sort keys would
#: put the same order into the file every search fetches first.
NEWEST = "newest.json.gz"
#: The Pagefind meta holding a record's earliest possible day.
DATE_META = "date"
#: Material's lunr index, in the built site.
LUNR_INDEX = "search/search_index.json"
#: Fields of the lunr index holding names: ``names_1`` for the words of
#: one-word names, up to ``names_6`` for names of six words or more.
NAME_FIELDS = 6
#: Marks a word of a name in the lunr index: a word character, so no
#: pipeline step trims it, and at the end, so a query still matches by prefix.
NAME_MARK = "_"
#: How far names outweigh the strongest of the index's own fields.
NAME_BOOST = 10
#: Pagefind's weight of a record's names: its highest.
NAME_WEIGHT = 10
#: The Pagefind meta holding a record's names (``name_key``), as a JSON list.
NAMES_META = "names"
#: Runs of Chinese characters, which Material's search cuts into words.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")

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


def name_key(name: str) -> str:
    """A name as ``search.js`` compares it with a query: lower case, single
    spaces (JavaScript's ``toLowerCase`` and ``/\\s+/``)."""
    return " ".join(name.lower().split())


def name_words(name: str, separator: str) -> list[str]:
    """The words of a name as Material's search splits them: at its
    ``separator`` (a JavaScript expression; at spaces and hyphens when
    Python reads it otherwise), Chinese cut into words as jieba cuts it,
    lower case."""
    try:
        parts = re.split(separator, name)
    except re.error:
        parts = re.split(r"[\s\-]+", name)
    pieces = (piece.strip() for part in parts for piece in _segments(part))
    return [piece.lower() for piece in pieces if piece]


def _segments(text: str) -> list[str]:
    """``text`` with each run of Chinese characters cut into words, as
    Material's search cuts them (with jieba, when it is installed)."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - a dependency of the package
        return [text]
    out: list[str] = []
    at = 0
    for match in _HAN.finditer(text):
        out.append(text[at : match.start()])
        out.extend(jieba.cut(match.group(0)))
        at = match.end()
    out.append(text[at:])
    return out


def name_fields(names: tuple[str, ...], separator: str) -> dict[str, list[str]]:
    """The lunr fields holding ``names``: each word in the field of the
    shortest name it is in (``names_<words>``), once, marked (unless the
    site's separator splits at the mark)."""
    shortest: dict[str, int] = {}
    for name in names:
        words = name_words(name, separator)
        for word in words:
            shortest[word] = min(shortest.get(word, NAME_FIELDS), len(words), NAME_FIELDS)
    mark = "" if name_words(f"a{NAME_MARK}b", separator) != [f"a{NAME_MARK}b"] else NAME_MARK
    fields: dict[str, list[str]] = {}
    for word, length in shortest.items():
        fields.setdefault(f"names_{length}", []).append(html.escape(word, quote=False) + mark)
    return fields


def with_names(index_json: str, names: dict[str, tuple[str, ...]]) -> str:
    """Material's lunr index with each page's ``names`` (by location) added.

    lunr scores a field by each query word's frequency and rarity, times
    the field's boost, and not by the field's length (Material turns length
    normalisation off): "DeepSeek" would match "DeepSeek" and "DeepSeek AI
    Assistant" alike in titles, and the page that says "DeepSeek" more
    often would win; a page tagged ``app-bans`` would beat "App Store" for
    "App Store", since Material boosts tags a thousand times over titles.
    A name's words therefore go in the field for names of their length,
    boosted ten times over the strongest other field, divided by the square
    root of the length: a query that is a whole name scores highest on that
    name's page, above longer names that contain it and shorter names inside
    it, whatever the titles, tags and text say. The words are marked, so that
    their rarity is counted among names and not across every page's text.

    Each page's entry also lists its whole names (``names``, as ``name_key``
    gives them, escaped as the index's text is), with which ``lunr-worker.js``
    puts the page first for a query that is one of them: Material searches
    every word as a prefix, so that "AP" scores "Apple" as high as "AP"."""
    data = json.loads(index_json)
    config = data.setdefault("config", {})
    separator = str(config.get("separator") or r"[\s\-]+")
    fields = config.setdefault("fields", {})
    strongest = max((float((spec or {}).get("boost", 1)) for spec in fields.values()), default=1.0)
    for length in range(1, NAME_FIELDS + 1):
        fields[f"names_{length}"] = {"boost": NAME_BOOST * strongest / math.sqrt(length)}
    for doc in data.get("docs", []):
        found = names.get(doc.get("location"))
        if found:
            doc.update(name_fields(found, separator))
            doc["names"] = sorted({html.escape(name_key(name), quote=False) for name in found})
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def add_names(site_dir: Path, names: dict[str, tuple[str, ...]]) -> None:
    """Add ``names`` (by page location) to the built site's lunr index, if any."""
    path = site_dir / LUNR_INDEX
    if not path.is_file() or not names:
        return
    path.write_text(with_names(path.read_text(encoding="utf-8"), names), encoding="utf-8")


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


def record_day(registry: Registry, record: Record) -> str | None:
    """A record's earliest possible day (``2024-05-02``), its ``date`` meta."""
    day = registry.of(record).date(record)
    if day is None or day.earliest is None:
        return None
    return day.earliest.isoformat()


def metadata_html(registry: Registry, record: Record) -> str:
    """Hidden empty elements carrying a record's filters and meta."""
    kind = registry.of(record)
    parts = [f'<span data-pagefind-meta="kind:{html.escape(kind.name, quote=True)}"></span>']
    for name, values in record_filters(registry, record).items():
        parts.extend(
            f'<span data-pagefind-filter="{html.escape(f"{name}:{value}", quote=True)}"></span>'
            for value in values
        )
    day = record_day(registry, record)
    if day is not None:
        parts.append(f'<span data-pagefind-meta="{DATE_META}:{day}"></span>')
    names = kind.names(record)
    if names:
        # Weighted as high as Pagefind allows; the names themselves are the
        # page's "names" meta, which ``search.js`` reads from the first
        # results to put the pages the query names first. (Not a filter:
        # a query would then fetch every name of the dossier.)
        keys = json.dumps([name_key(name) for name in names], ensure_ascii=False)
        meta = html.escape(f"{NAMES_META}:{keys}", quote=True)
        parts.append(f'<span data-pagefind-meta="{meta}"></span>')
        parts.append(
            f'<p data-pagefind-weight="{NAME_WEIGHT}">'
            + " ".join(f"<span>{html.escape(name)}</span>" for name in names)
            + "</p>"
        )
    return '<div class="dossier-search-meta" hidden>' + "".join(parts) + "</div>"


def set_related_apart(content: str) -> str:
    """A page's converted HTML with each section marked ``RELATED_MARK``
    wrapped in an element both search engines leave out
    (``data-search-exclude``: Material's and, in ``EXCLUDE_SELECTORS``,
    Pagefind's)."""
    if RELATED_MARK not in content:
        return content
    out: list[str] = []
    at = 0
    while (start := content.find(RELATED_MARK, at)) != -1:
        body = start + len(RELATED_MARK)
        end_match = _SECTION_END.search(content, body)
        end = end_match.start() if end_match else len(content)
        out.append(content[at:start])
        out.append('<div class="dossier-related" data-search-exclude>')
        out.append(content[body:end].replace(RELATED_MARK, ""))
        out.append("</div>\n")
        at = end
    out.append(content[at:])
    return "".join(out)


def swap_worker(output: str, worker: Callable[[str], str]) -> str:
    """A written page whose search worker is ``worker(Material's file name)``
    (a URL relative to the page) in place of Material's own."""
    start = output.find(_MATERIAL_WORKER)
    if start == -1:
        return output
    end = output.find('"', start)
    prefix = output.rfind('"', 0, start) + 1
    name = output[start:end].rsplit("/", 1)[-1]
    return output[:prefix] + worker(name) + output[end:]


def lunr_page_html(output: str, worker: str) -> str:
    """A written page whose searches go through ``lunr-worker.js`` (at
    ``worker``, relative to the page) to Material's worker, which it names."""
    return swap_worker(output, lambda name: f"{worker}?worker={quote(name)}")


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
        output = swap_worker(output, lambda material: worker)
        tag = f'<script src="{html.escape(script, quote=True)}" defer></script>\n'
        return output.replace("</body>", tag + "</body>", 1)

    def stream(self) -> StreamingIndex | None:
        """An index fed page by page, or None without Pagefind's Python API."""
        try:
            import pagefind.index  # noqa: F401
        except ImportError:
            return None
        pagefind_executable(self.mode)
        return StreamingIndex.start()

    def index(self, site_dir: Path) -> None:
        """Index the built site into ``site_dir/pagefind/``."""
        executable = pagefind_executable(self.mode)
        output = site_dir / OUTPUT
        shutil.rmtree(output, ignore_errors=True)
        try:
            from pagefind.index import IndexConfig, PagefindIndex
        except ImportError:
            _index_with_cli(executable, site_dir)
        else:

            async def run() -> None:
                config = IndexConfig(
                    exclude_selectors=list(EXCLUDE_SELECTORS), output_path=str(output)
                )
                async with PagefindIndex(config=config) as index:
                    await index.add_directory(str(site_dir))

            asyncio.run(run())
        write_newest(output)

    def index_unless(self, site_dir: Path, stop: threading.Event) -> bool:
        """Index the built site with Pagefind's own program into a folder
        beside its index, which then replaces it, so that a served site
        answers searches from the old index until the new one is done;
        unless ``stop`` is set before it is done: then it is killed, and the
        old index stays. Whether it was done."""
        executable = pagefind_executable(self.mode)
        site_dir.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
        try:
            _index_with_cli(executable, site_dir, fresh / OUTPUT, stop)
            write_newest(fresh / OUTPUT)
            shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)
            (fresh / OUTPUT).rename(site_dir / OUTPUT)
        except _Stopped:
            return False
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        return True


class _Stopped(Exception):
    """Indexing was stopped before it was done."""


def _index_with_cli(
    executable: Path,
    site_dir: Path,
    output: Path | None = None,
    stop: threading.Event | None = None,
) -> None:
    args = [str(executable), "--site", str(site_dir)]
    args += ["--output-path", str(output)] if output else ["--output-subdir", OUTPUT]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    if stop is not None and stop.is_set():
        raise _Stopped
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while True:
        try:
            _, errors = process.communicate(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            if stop is not None and stop.is_set():
                process.kill()
                process.communicate()
                raise _Stopped from None
    if process.returncode != 0:
        raise SearchError(f"pagefind failed ({process.returncode}): {errors.strip()}")


class StreamingIndex:
    """Pagefind indexing of a full build, page by page as MkDocs writes them.

    A forked process of its own feeds each page to Pagefind's service (a
    process too), so both index on the other core while MkDocs builds the
    next page; the build process only writes each page down a pipe, and
    ``finish`` only has the index written. The index holds the same pages as
    one made from the written site afterwards. A pipe that fills up holds
    the build back rather than piling pages up in memory. ``start`` is None
    where forking is not safe (another thread runs) or not possible.
    """

    def __init__(self, process: Any, pipe: Connection) -> None:
        self._process = process
        self._pipe = pipe

    @classmethod
    def start(cls) -> StreamingIndex | None:
        if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
            return None
        context = multiprocessing.get_context("fork")
        mine, theirs = context.Pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            process = context.Process(target=_index_pages, args=(theirs,), daemon=True)
            process.start()
        except OSError:
            return None
        theirs.close()
        return cls(process, mine)

    def add(self, source_path: str, html_text: str) -> None:
        """Queue a written page (``entities/openai/index.html``) for indexing."""
        self._send(_PAGE, source_path, indexed_part(html_text))

    def add_file(self, source_path: str, path: Path) -> None:
        """Queue a page another process wrote, to be read from ``path``."""
        self._send(_FILE, source_path, str(path))

    def _send(self, kind: bytes, source_path: str, text: str) -> None:
        self._pipe.send_bytes(
            kind + source_path.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass")
        )

    def finish(self, output: Path) -> None:
        """Write the index into ``output``; a ``SearchError`` if indexing failed."""
        try:
            self._send(_WRITE, "", str(output))
            try:
                failure = self._pipe.recv_bytes().decode("utf-8")
            except (EOFError, OSError):
                failure = "the indexing process stopped"
            if failure:
                raise SearchError(f"pagefind could not index the site: {failure}")
        finally:
            self.close()

    def close(self) -> None:
        """Stop indexing (the index is not written unless ``finish`` was called)."""
        self._pipe.close()
        self._process.join(timeout=60)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def indexed_part(page: str) -> str:
    """As much of a page as Pagefind reads: its ``<html>`` tag, title and
    the element marked ``data-pagefind-body``, which is all it indexes. A page
    is a third of that size, and Pagefind's work and the pipe's shrink with
    it. The whole page when anything else is marked for Pagefind or the
    element cannot be told apart."""
    mark = page.find(" data-pagefind-body")
    if mark < 0:
        return page
    start = page.rfind("<", 0, mark)
    html_start = page.find("<html")
    if not 0 <= html_start < start or page.find(" data-pagefind-body", mark + 1) >= 0:
        return page
    name = page[start + 1 : mark].split(None, 1)[0] if page[start + 1 : mark] else ""
    close = f"</{name}>"
    end = page.rfind(close)
    if not name.isalnum() or end < mark or "data-pagefind-" in page[:start]:
        return page
    end += len(close)
    if "data-pagefind-" in page[end:]:
        return page
    html_tag = page[html_start : page.find(">", html_start) + 1]
    title_start, title_end = page.find("<title>", 0, start), page.find("</title>", 0, start)
    title = page[title_start : title_end + len("</title>")] if 0 <= title_start < title_end else ""
    return f"<!doctype html>{html_tag}<head>{title}</head><body>{page[start:end]}</body></html>"


def write_newest(output: Path) -> None:
    """Write ``NEWEST`` into the Pagefind index at ``output``: the ids of
    its pages with a ``date`` meta, newest first (pages of one day by URL),
    read back from the fragments Pagefind wrote, whose names are the ids."""
    dated: list[tuple[str, str, str]] = []
    for path in (output / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(_pagefind_file(path.read_bytes()))
        day = (fragment.get("meta") or {}).get(DATE_META)
        if isinstance(day, str) and day:
            dated.append((day, str(fragment.get("url", "")), path.stem))
    dated.sort(key=lambda found: found[1])
    dated.sort(key=lambda found: found[0], reverse=True)
    ids = json.dumps([found[2] for found in dated], separators=(",", ":"))
    (output / NEWEST).write_bytes(gzip.compress(ids.encode("utf-8"), mtime=0))


#: What Pagefind's files start with, once decompressed.
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _pagefind_file(data: bytes) -> bytes:
    """The content of one of Pagefind's (gzip-compressed, signed) files."""
    if not data.startswith(_PAGEFIND_SIGNATURE):
        data = gzip.decompress(data)
    return data.removeprefix(_PAGEFIND_SIGNATURE)


#: What a message to the indexing process holds: a page's HTML, the path of
#: a page's file, or the folder to write the index into.
_PAGE, _FILE, _WRITE = b"p", b"f", b"w"


def _index_pages(pipe: Connection) -> None:
    """The indexing process: pages from ``pipe`` into Pagefind, until it is
    told where to write the index (or the pipe closes: then nothing is written)."""

    async def run() -> str:
        from pagefind.index import IndexConfig

        service = await _prompt_service().launch()
        try:
            config = IndexConfig(exclude_selectors=list(EXCLUDE_SELECTORS))
            index = await service.create_index(config)
            failure = ""
            while True:
                try:
                    message = pipe.recv_bytes()
                except (EOFError, OSError):
                    return ""
                kind, (path, _, text) = message[:1], message[1:].partition(b"\0")
                if kind == _WRITE:
                    if failure:
                        return failure
                    output = text.decode("utf-8")
                    shutil.rmtree(output, ignore_errors=True)
                    await index.write_files(output_path=output)
                    write_newest(Path(output))
                    return ""
                if failure:
                    continue
                try:
                    if kind == _FILE:
                        page = Path(text.decode("utf-8", "surrogatepass")).read_text("utf-8")
                    else:
                        page = text.decode("utf-8")
                    await index.add_html_file(
                        content=indexed_part(page), source_path=path.decode("utf-8")
                    )
                except Exception as error:
                    failure = f"{path.decode('utf-8')}: {error}"
        finally:
            await service.close()

    try:
        answer = asyncio.run(run())
    except Exception as error:
        answer = str(error) or type(error).__name__
    with contextlib.suppress(OSError):
        pipe.send_bytes(answer.encode("utf-8"))
    pipe.close()


def _prompt_service() -> Any:
    """Pagefind's service client, reading each answer as it arrives.

    The packaged client sleeps 0.1 s before reading every answer, which
    caps it at ten pages a second, slower than MkDocs writes them; this
    one reads them as they come and settles each the same way.
    """
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            while True:
                try:
                    output = await self._backend.stdout.readuntil(b",")
                except asyncio.IncompleteReadError:  # the service has closed
                    return
                answer = json.loads(base64.b64decode(output[:-1]))
                if not answer:
                    continue
                payload = answer.get("payload") or {}
                message_id = answer.get("message_id")
                if message_id is None and payload.get("original_message"):
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(
                        SearchError(f"{payload.get('message')} {payload.get('original_message')}")
                    )
                else:
                    future.set_result(cast(Any, payload))

    return PromptService()


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
    _stop: threading.Event = field(default_factory=threading.Event)

    def pause(self) -> None:
        """Stop the indexing under way, if any, for a reload about to start:
        it would take a core from it, and index pages about to change. The
        reload asks for the index again when it is done."""
        self._stop.set()

    def request(self, search: PagefindSearch, site_dir: Path) -> None:
        with self._lock:
            self._wanted = (search, site_dir)
            self._stop.clear()
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
                search.index_unless(site_dir, self._stop)
            except Exception as error:  # reported; the next save tries again
                log.error(f"search: indexing the served site for Pagefind failed: {error}")

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the indexing under way, if any (at most ``timeout`` seconds)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
