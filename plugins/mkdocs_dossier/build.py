"""One build of a dossier site, independent of the site generator.

``SiteBuild`` holds what survives between ``serve`` rebuilds (the parse
cache, the last good pages, the staged files) and does each build's work:
check the content, render the pages (in workers for a large build), write
the data files, and process the site's own pages (wikilinks and markers).
An adapter (the MkDocs plugin) registers what it produces.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import html
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

from .engine import check_content, collector_paused
from .export import csv_tables, dossier_json
from .history import history
from .jsonschema import all_schemas, dumps
from .kinds import REGISTRY, Registry
from .link import LinkIndex
from .load import FileChanges, ParseCache
from .problems import Problem, Severity, sorted_problems
from .records import Record
from .render import SiteRenderer, record_title, site_pages, src_uri
from .render.affected import pages_to_render
from .render.dialect import DIALECT, Dialect
from .render.dictionary import data_dictionary
from .render.machine import atom_feed, json_ld, json_ld_script
from .render.pages import PACKAGED_TEMPLATES, CompiledTemplates, PageSpec
from .render.parallel import RenderFailure, SitePages
from .render.previews import previews_json
from .rules import DEFAULTS
from .search import (
    LUNR_WORKER,
    BackgroundIndex,
    PagefindSearch,
    StreamingIndex,
    add_names,
    engine,
    lunr_page_html,
    pagefind_executable,
    set_related_apart,
)
from .search import OUTPUT as SEARCH_OUTPUT
from .search import SCRIPT as SEARCH_SCRIPT
from .search import WORKER as SEARCH_WORKER
from .sqlite import sqlite_bytes
from .tables import dossier_tables
from .urls import Urls, relative_src
from .validate import ValidationCache
from .vocab import stylesheet
from .wikilinks import UnknownWikilink, replace_wikilinks

ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"
VOCABULARY_STYLESHEET = "assets/dossier/vocabulary.css"
SCRIPT = "assets/dossier/dossier.js"
GLANCE_MARKER = "<!-- dossier:at-a-glance -->"
DICTIONARY_MARKER = "<!-- dossier:data-dictionary -->"
OPEN_QUESTIONS_MARKER = "<!-- dossier:open-questions -->"
AS_OF_MARKER = "<!-- dossier:as-of -->"
#: ``<!-- dossier:key-points id1 id2 -->``, the ids on one line or several.
KEY_POINTS_MARKER = re.compile(r"<!--[ \t]*dossier:key-points(?P<ids>[^>]*?)-->")
#: ``<!-- dossier:vocabulary event-status -->``: a vocabulary's words defined.
VOCABULARY_MARKER = re.compile(r"<!--[ \t]*dossier:vocabulary[ \t]+(?P<name>[a-z0-9-]+)[ \t]*-->")
_ID = re.compile(r"[^\s,]+")
#: Material's listing of every tag (not one limited by options), which a
#: dossier with too many tagged records replaces by pages of its own.
TAGS_LISTING = re.compile(r"<!--[ \t]*material/tags[ \t]*-->")
FEED = "feed.xml"
T = TypeVar("T")
log = logging.getLogger("mkdocs.plugins.dossier")


class ContentError(Exception):
    """The content has errors: ``problems`` lists them all."""

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        super().__init__(summary)
        self.problems = problems


@dataclass
class SiteBuild:
    """The dossier side of a site build; one per plugin instance."""

    content_dir: Path
    root: Path
    registry: Registry = REGISTRY
    template_dirs: list[Path] = field(default_factory=list)
    jobs: int = 0
    #: The site generator's adapter forks the workers itself, once its own
    #: list of files is made, and they convert pages as well as render them
    #: (``plugin/convert.py``); until then pages are rendered when asked for.
    defer_workers: bool = False
    serving: bool = False
    urls: Urls = field(default_factory=Urls)
    #: How the pages' Markdown spells what is specific to the generator.
    dialect: Dialect = DIALECT
    site_name: str = ""
    #: The repository's web address, for links to the commits of a record.
    repo_url: str = ""
    #: The severity of each whole-tree rule (``rules.levels``).
    rule_levels: dict[str, Severity | None] = field(default_factory=lambda: dict(DEFAULTS))
    #: The ``search`` option (``search.SEARCH_MODES``); Pagefind when it is
    #: chosen for this build.
    search: str = "auto"
    pagefind: PagefindSearch | None = None
    site_description: str = ""
    #: The most entries a generated page lists before it is split
    #: (None: ``render.parts.INDEX_CAP``).
    index_cap: int | None = None
    #: The site's home page (Markdown source), whose key points the
    #: printable briefing repeats.
    home: Path | None = None
    #: The site's own page (Markdown source) with the tags listing, which
    #: the pages of split tags link back to.
    tags_page: str = ""
    #: Markdown of every generated page, by source path.
    pages: dict[str, str] = field(default_factory=dict)
    #: Problems of the last check, and a banner for every page while broken.
    problems: list[Problem] = field(default_factory=list)
    banner: str | None = None
    index: LinkIndex | None = None
    renderer: SiteRenderer | None = None
    rendering: SitePages | None = None
    data_files: list[tuple[str, Path]] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    #: Source paths of the parts of split indexes (kept out of the navigation).
    part_pages: set[str] = field(default_factory=set)
    #: Under ``serve``, the source paths of the pages the last build
    #: rendered (the others kept their previous Markdown).
    rendered: set[str] = field(default_factory=set)
    _good_pages: dict[str, str] | None = None
    #: The renderer of the last good pages, the settings it had and the
    #: specs of its pages, by source path.
    _good_renderer: tuple[SiteRenderer, tuple[Any, ...], dict[str, PageSpec]] | None = None
    _cache: ParseCache = field(default_factory=ParseCache)
    #: Under ``serve``, the record files a watcher saw change (``load.FileChanges``).
    changes: FileChanges | None = None
    _validated: ValidationCache = field(default_factory=ValidationCache)
    _compiled: CompiledTemplates = field(default_factory=CompiledTemplates)
    _indexing: BackgroundIndex = field(default_factory=BackgroundIndex)
    #: Pagefind fed page by page in a full build; False without its Python API.
    _streaming: StreamingIndex | Literal[False] | None = None
    _stage_dir: Path | None = None
    _staged: dict[str, bytes] = field(default_factory=dict)
    #: The Markdown each page was last staged with (the very string), and
    #: the path of its file.
    _staged_pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Under ``serve``, a reload's data files are written after its pages
    #: (``write_data``): what they are made from, until then.
    _data_due: tuple[LinkIndex, dict[str, datetime.date]] | None = None
    #: What the names of the data files depend on, when they were last written.
    _data_key: tuple[Any, ...] | None = None
    _data_writer: _DataWriter | None = None
    #: The link index of the last good check, which ``serve`` updates.
    _linked: LinkIndex | None = None

    def prepare(self) -> None:
        """Check, link and start rendering; raise ``ContentError`` when the
        content is broken and this is not ``serve`` (nothing is written then)."""
        # What a previous `serve` build froze may be garbage now; what is made
        # here is frozen again when the collector resumes.
        gc.unfreeze()
        self.stop()
        self._stop_data()
        self._indexing.pause()
        with collector_paused():
            self._prepare()

    def _prepare(self) -> None:
        watched = self.changes if self.serving else None
        if watched is not None and watched.root != os.path.abspath(self.content_dir):
            watched = None
        try:
            checked = check_content(
                self.content_dir,
                self.root,
                registry=self.registry,
                cache=self._cache if self.serving else None,
                rule_levels=self.rule_levels,
                validated_cache=self._validated if self.serving else None,
                previous=self._linked if self.serving else None,
                changed=watched.take() if watched is not None else None,
            )
        except BaseException:
            if watched is not None:  # what it took was not all read
                watched.lose()
            raise
        self.problems = checked.problems
        if checked.index is not None:
            self._linked = checked.index
        if checked.index is None:
            errors = sum(p.is_error for p in checked.problems)
            summary = (
                f"{errors} error(s) in {_shown(self.content_dir, self.root)}/; "
                "fix them to build the site (dossier validate lists them too)"
            )
            # `serve` keeps going: the last good pages stay readable (or
            # stand-ins for every site page on a first build), every page
            # shows the problems, and saving a fixed file reloads the site.
            self._refuse(summary, checked.problems)
        self.index = checked.index
        try:
            self._render(checked.index)
        except RenderFailure as failure:
            # A bug, not bad content, but handled the same way: reported,
            # and nothing is written (`serve` keeps its last good pages).
            self.stop()
            self.index, self.renderer, self.records = None, None, {}
            self.problems = sorted_problems([*self.problems, *failure.problems])
            self._refuse(
                f"{len(failure.problems)} page(s) could not be rendered; the previous "
                "site is left as it was",
                failure.problems,
            )
        self.banner = None

    def _refuse(self, summary: str, problems: list[Problem]) -> NoReturn:
        """Raise ``ContentError``; under ``serve``, first put back the last good
        pages (or stand-ins) with a banner listing the problems."""
        if self.serving:
            self.banner = problem_banner(problems)
            self.pages = self._good_pages or {
                spec.uri: f"# {spec.title}\n" for spec in site_pages(self.registry)
            }
        raise ContentError(summary, problems)

    def _render(self, index: LinkIndex) -> None:
        """Render the pages (or start the workers) and write the data files;
        ``RenderFailure`` names whatever raised."""
        self.pagefind = None
        if engine(self.search, len(index.records)) == "pagefind":
            pagefind_executable(self.search)  # a missing binary stops the build here
            self.pagefind = PagefindSearch(self.registry, self.search)
        changes = _guarded(
            "reading the Git history", self._shown_dir, history, self.content_dir, self.root
        )
        updated = changes.updated
        settings = self._settings()
        previous = self._previous_renderer(settings)
        renderer = _guarded(
            "preparing the pages",
            self._shown_dir,
            SiteRenderer,
            index,
            self.template_dirs,
            updated,
            self.urls,
            dialect=self.dialect,
            revisions=changes.revisions,
            repo_url=self.repo_url,
            site_name=self.site_name,
            site_description=self.site_description,
            key_points=self._home_key_points(),
            tags_page=self.tags_page,
            index_cap=self.index_cap,
            bytecode_cache=self._compiled if self.serving else None,
            previous=previous,
        )
        self.renderer = renderer
        self.records = {src_uri(r): r for r in index.records.values()}
        self.part_pages = {spec.uri for spec in renderer.index_specs() if spec.part is not None}
        # In a large build, workers render the pages while this process
        # writes the data files. `serve` renders here: it stages every page
        # for its dirty rebuilds, and its threads make forking unsafe.
        specs = _guarded("preparing the pages", self._shown_dir, renderer.pages)
        reuse = self._reusable(previous, renderer, specs) if previous is not None else {}
        pages = _guarded(
            "preparing the pages",
            self._shown_dir,
            SitePages,
            renderer,
            1 if self.serving else self.jobs,
            reuse,
            not self.defer_workers,
            specs,
        )
        if pages.parallel or pages.on_demand:
            self.rendering = pages
        # A `serve` reload writes its data files once its pages are served
        # (`write_data`), under the names of the previous build's.
        data_key = (self.registry, self.site_name, self.urls)
        if self.serving and self.data_files and self._data_key == data_key:
            self._data_due = (index, updated)
        else:
            self._data_due = None
            self.data_files = self._write_data_files(index, updated, self.stage)
            self._data_key = data_key
        if pages.parallel or pages.on_demand:
            self.pages = dict.fromkeys(pages.uris, "")
        else:
            self.pages = {page.src_uri: page.markdown for page in pages.result()}
            self.rendered = set(self.pages) - reuse.keys()
            self._good_pages = self.pages
            self._good_renderer = (renderer, settings, pages.specs) if self.serving else None

    def _write_data_files(
        self,
        index: LinkIndex,
        updated: dict[str, datetime.date],
        write: Callable[[str, str | bytes], Path],
    ) -> list[tuple[str, Path]]:
        """Write the data files and the feed; their site paths and files."""
        # Each file is written as soon as it is made, and not kept: for a large
        # dossier the exports are tens of megabytes MkDocs only needs to copy.
        written = _guarded(
            "writing the data files (data/, schema/)",
            self._shown_dir,
            data_files,
            index,
            self.site_name,
            self.registry,
            write,
        )
        feed = _guarded(
            f"writing the feed ({FEED})",
            self._shown_dir,
            atom_feed,
            index,
            self.urls.site_url,
            self.site_name,
            updated,
            urls=self.urls,
        )
        return [*written, (FEED, write(FEED, feed))]

    def write_data(self, site_dir: Path) -> None:
        """Under ``serve``, write the data files of this reload, in a process
        that stages each one and puts it in ``site_dir`` (which MkDocs then
        need not copy); at once in any other build, which wrote them before
        its pages. A later reload stops the process if it is not done, and
        writes them all again."""
        if self._data_due is None:
            return
        (index, updated), self._data_due = self._data_due, None
        self._data_writer = _DataWriter(self, index, updated, site_dir)

    def wait_data(self, timeout: float | None = None) -> None:
        """Wait for the data files under way, if any."""
        if self._data_writer is not None:
            self._data_writer.join(timeout)

    def _stop_data(self) -> None:
        if self._data_writer is not None:
            self._data_writer.stop()
            if self._data_writer.renamed:
                self._data_key = None
            self._data_writer = None

    def _settings(self) -> tuple[Any, ...]:
        """What pages depend on besides the records and their history: a
        change to any of it renders every page again."""
        templates = []
        for folder in (*self.template_dirs, PACKAGED_TEMPLATES):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                info = path.stat()
                templates.append((str(path), info.st_mtime_ns, info.st_size))
        return (
            self.registry,
            self.urls,
            self.site_name,
            self.site_description,
            self.repo_url,
            self.index_cap,
            self._home_key_points(),
            self.tags_page,
            tuple(templates),
        )

    def _previous_renderer(self, settings: tuple[Any, ...]) -> SiteRenderer | None:
        """Under ``serve``, the renderer of the last good build, when it had
        the same settings."""
        if not self.serving or self._good_pages is None or self._good_renderer is None:
            return None
        previous, previous_settings, _ = self._good_renderer
        return previous if previous_settings == settings else None

    def _reusable(
        self, previous: SiteRenderer, renderer: SiteRenderer, specs: list[PageSpec]
    ) -> dict[str, str]:
        """The previous Markdown of the pages this build need not render
        again (``render.affected``), ``previous`` being the renderer of the
        last good build (``_previous_renderer``)."""
        assert self._good_pages is not None and self._good_renderer is not None
        previous_specs = self._good_renderer[2]
        again = pages_to_render(previous, renderer, previous_specs, specs)
        good = self._good_pages
        return {
            spec.uri: good[spec.uri] for spec in specs if spec.uri not in again and spec.uri in good
        }

    @property
    def _shown_dir(self) -> str:
        return _shown(self.content_dir, self.root) + "/"

    def _home_key_points(self) -> tuple[str, ...]:
        """The ids the home page names as key points, in order."""
        if self.home is None:
            return ()
        try:
            markdown = self.home.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ()
        return tuple(i for _, _, i in key_point_ids(markdown))

    def adopt(self, previous: SiteBuild) -> None:
        """Carry over what a previous build of ``serve`` left: its parse cache,
        staged files and last good pages."""
        previous.stop()
        self._cache = previous._cache
        self.changes = previous.changes
        self._stage_dir = previous._stage_dir
        self._staged = previous._staged
        self._staged_pages = previous._staged_pages
        self._compiled = previous._compiled
        self._good_pages = previous._good_pages
        self.pages = previous.pages
        self._indexing = previous._indexing
        self.data_files = previous.data_files
        self._data_key = previous._data_key
        self._data_writer = previous._data_writer
        # Checks and pages made for other kinds (site options) are not reused.
        if previous.registry == self.registry:
            self._validated = previous._validated
            self._linked = previous._linked
            self._good_renderer = previous._good_renderer
        previous._stage_dir = None

    @staticmethod
    def stylesheets() -> list[str]:
        return [STYLESHEET, VOCABULARY_STYLESHEET]

    @staticmethod
    def script() -> str:
        return SCRIPT

    @staticmethod
    def shows_records(markdown: str) -> bool:
        """Whether a hand-written page shows records (wikilinks, markers)."""
        return "[[" in markdown or "<!-- dossier:" in markdown

    def section_of(self, src: str) -> str | None:
        """The index page of a record page's kind (``entities/index.md``)."""
        record = self.records.get(src)
        if record is None:
            return None
        return Urls.index_src(self.registry.of(record).folder)

    def tag_page(self, tag: str, src: str) -> str | None:
        """The site URL of the page listing the record page ``src`` under
        ``tag``, when tags have pages of their own."""
        record = self.records.get(src)
        if record is None or self.renderer is None:
            return None
        found = self.renderer.tag_part_of(tag, record.id)
        return self.urls.url(found) if found is not None else None

    def kind_line(self, src: str) -> str:
        """A record page's kind, date and badge as HTML, for lists of pages
        the theme makes (the tags page); empty for any other page."""
        record = self.records.get(src)
        if record is None or self.renderer is None:
            return ""
        return str(self.renderer.kind_line(record))

    def markdown(self, uri: str) -> str:
        """A generated page's Markdown, waiting for its worker if need be;
        ``RenderFailure`` if it could not be rendered."""
        if self.rendering is not None:
            return self.rendering.markdown(uri)
        return self.pages[uri]

    def assets(self) -> dict[str, str]:
        """The stylesheets and scripts pages load, by site path."""
        assets = {
            STYLESHEET: (ASSETS / "dossier.css").read_text(encoding="utf-8"),
            VOCABULARY_STYLESHEET: stylesheet(self.registry.vocabularies.values()),
            SCRIPT: (ASSETS / "dossier.js").read_text(encoding="utf-8"),
        }
        if self.pagefind is not None:
            assets[SEARCH_SCRIPT] = (ASSETS / "search.js").read_text(encoding="utf-8")
            assets[SEARCH_WORKER] = "/* Pagefind answers this site's searches. */\n"
        else:
            assets[LUNR_WORKER] = (ASSETS / "lunr-worker.js").read_text(encoding="utf-8")
        return assets

    def home_page(self) -> str:
        """The home page a site gets when its docs folder has none."""
        title = self.site_name or "Dossier"
        return f"# {html.escape(title)}\n\n{GLANCE_MARKER}\n"

    def process_page(self, src: str, markdown: str) -> tuple[str, list[UnknownWikilink]]:
        """A hand-written page with its markers and wikilinks resolved.

        Wikilinks come first, while every line is where the author wrote it,
        so the positions of unknown ids are the source's own."""
        banner = self.banner + "\n" if self.banner else ""
        if self.index is None or self.renderer is None:
            return banner + markdown, []
        index = self.index
        renderer = self.renderer
        unknown_points = [
            UnknownWikilink(i, line, column, "key point")
            for line, column, i in key_point_ids(markdown)
            if i not in index.records
        ]
        for match in VOCABULARY_MARKER.finditer(markdown):
            if match.group("name") not in self.registry.vocabularies:
                at = match.start("name")
                line = markdown.count("\n", 0, at) + 1
                column = at - (markdown.rfind("\n", 0, at) + 1) + 1
                unknown_points.append(
                    UnknownWikilink(match.group("name"), line, column, "vocabulary")
                )

        def resolve(target: str) -> tuple[str, str] | None:
            record = index.get(target)
            if record is None:
                return None
            return record_title(index, record), relative_src(src, src_uri(record))

        converted, unknown = replace_wikilinks(markdown, resolve)
        if GLANCE_MARKER in converted:
            converted = converted.replace(GLANCE_MARKER, renderer.glance(src))
        if OPEN_QUESTIONS_MARKER in converted:
            converted = converted.replace(OPEN_QUESTIONS_MARKER, renderer.open_questions_block(src))
        if AS_OF_MARKER in converted:
            converted = converted.replace(AS_OF_MARKER, renderer.as_of_block())
        converted = VOCABULARY_MARKER.sub(
            lambda m: renderer.vocabulary_block(m.group("name")), converted
        )
        converted = KEY_POINTS_MARKER.sub(
            lambda m: renderer.key_points_block(src, tuple(_ID.findall(m.group("ids")))),
            converted,
        )
        if renderer.tag_parts():
            converted = TAGS_LISTING.sub(lambda m: renderer.tags_block(src), converted)
        if DICTIONARY_MARKER in converted:
            converted = converted.replace(DICTIONARY_MARKER, data_dictionary(self.registry))
        return banner + converted, sorted(
            [*unknown, *unknown_points], key=lambda u: (u.line, u.column)
        )

    def head(self, src: str, title: str = "", description: str = "") -> str:
        """What a page adds to ``<head>``: the feed link, Open Graph and
        Twitter card tags, and JSON-LD for records. ``title`` and
        ``description`` are the page's own, as plain text."""
        feed = self.urls.file_url(src, FEED)
        head = [
            f'<link rel="alternate" type="application/atom+xml" title="Events" '
            f'href="{html.escape(feed, quote=True)}">'
        ]
        record = self.records.get(src)
        if record is not None and self.index is not None:
            title = record_title(self.index, record)
            description = getattr(record, "summary", None) or description
        head.extend(self._card(src, title, description or self.site_description))
        if record is not None and self.index is not None:
            head.append(json_ld_script(json_ld(self.index, record, "", self.urls)))
        return "\n".join(head)

    def page_content(self, src: str, content: str) -> str:
        """A generated page's converted HTML, its sections listing other
        records kept out of the search index (``search.set_related_apart``)."""
        return set_related_apart(content) if src in self.pages else content

    def post_page(self, src: str, output: str, title: str = "", description: str = "") -> str:
        """A page's written HTML with the head additions and, with Pagefind,
        what Pagefind and the search script need; with lunr, Material's
        search worker behind the one that puts a named page first."""
        output = output.replace("</head>", self.head(src, title, description) + "\n</head>", 1)
        if self.pagefind is None:
            return lunr_page_html(output, self.urls.file_url(src, LUNR_WORKER))
        script = self.urls.file_url(src, SEARCH_SCRIPT)
        worker = self.urls.file_url(src, SEARCH_WORKER)
        return self.pagefind.page_html(output, self.records.get(src), script, worker)

    def page_written(self, dest_uri: str, output: str) -> None:
        """A page as written to the site: in a full build with Pagefind on,
        indexed now, on Pagefind's own core (``search.StreamingIndex``)."""
        if streaming := self._stream():
            streaming.add(dest_uri, output)

    def page_file_written(self, dest_uri: str, path: Path) -> None:
        """A page another process wrote to ``path``: indexed as ``page_written``."""
        if streaming := self._stream():
            streaming.add_file(dest_uri, path)

    def _stream(self) -> StreamingIndex | None:
        if self.pagefind is None or self.serving:
            return None
        if self._streaming is None:
            self._streaming = self.pagefind.stream() or False
        return self._streaming or None

    def index_search(self, site_dir: Path, material: bool = True) -> None:
        """Index the written site for Pagefind, when it answers this site's
        searches; under ``serve`` in the background (``search.BackgroundIndex``).
        Otherwise, with Material's search (``material``), add the records'
        names to its lunr index."""
        if self.pagefind is None:
            if material:
                add_names(site_dir, self.search_names())
            return
        streaming, self._streaming = self._streaming, None
        if streaming:
            streaming.finish(site_dir / SEARCH_OUTPUT)
        elif self.serving:
            self._indexing.request(self.pagefind, site_dir)
        else:
            self.pagefind.index(site_dir)

    def search_names(self) -> dict[str, tuple[str, ...]]:
        """What each record is searched by (``Kind.names``), by page URL."""
        names = {}
        for src, record in self.records.items():
            found = self.registry.of(record).names(record)
            if found:
                names[self.urls.url(src)] = found
        return names

    def _card(self, src: str, title: str, description: str) -> list[str]:
        """Open Graph and Twitter card tags, escaped."""
        kind = "article" if src in self.records else "website"
        tags = [("og:type", kind), ("og:title", title), ("og:description", description)]
        if self.site_name:
            tags.append(("og:site_name", self.site_name))
        if self.urls.site_url:
            tags.append(("og:url", self.urls.absolute(src)))
        meta = [
            f'<meta property="{name}" content="{_meta(value)}">' for name, value in tags if value
        ]
        meta.append('<meta name="twitter:card" content="summary">')
        meta += [
            f'<meta name="twitter:{name}" content="{_meta(value)}">'
            for name, value in (("title", title), ("description", description))
            if value
        ]
        return meta

    def stage(self, uri: str, text: str | bytes) -> Path:
        """Write a generated file to the staging folder, if it changed (an
        unchanged file keeps its modification time for ``serve --dirty``)."""
        if self._stage_dir is None:
            self._stage_dir = Path(tempfile.mkdtemp(prefix="dossier-pages-"))
        path = self._stage_dir / uri
        data = text.encode("utf-8") if isinstance(text, str) else text
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if self._staged.get(uri) != digest:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self._staged[uri] = digest
        return path

    def stage_page(self, uri: str, markdown: str) -> tuple[str, bool]:
        """Stage a page's Markdown; its file's path, and whether it changed.
        A page kept from the previous build (the same string) is not looked
        at again."""
        staged = self._staged_pages.get(uri)
        if self._stage_dir is not None and staged is not None and staged[0] is markdown:
            return staged[1], False
        before = self._staged.get(uri)
        path = str(self.stage(uri, markdown))
        self._staged_pages[uri] = (markdown, path)
        return path, self._staged[uri] != before

    def stop(self) -> None:
        """Stop any rendering workers, and any indexing of a failed build."""
        streaming, self._streaming = self._streaming, None
        if streaming:
            streaming.close()
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None

    def close(self) -> None:
        """Stop the workers and any indexing, and remove the staged files."""
        self.stop()
        self.wait_data(timeout=60)
        self._indexing.wait(timeout=60)
        gc.unfreeze()
        if self._stage_dir is not None:
            shutil.rmtree(self._stage_dir, ignore_errors=True)
            self._stage_dir = None
        # MkDocs keeps the plugin across builds in one process: a later
        # build must stage every file again.
        self._staged = {}
        self._staged_pages = {}


class _DataWriter:
    """One reload's data files, written by a forked process after its pages.

    A process rather than a thread: the exports of a large dossier take
    seconds of Python, which a thread would take from the next reload's
    pages (one interpreter lock), and a process can be stopped at once when
    a newer save makes its files stale. It stages each file and replaces it
    in the site; when done it sends back what it staged. One stopped part-way
    leaves the build nothing to trust of its staging: every data file is
    staged again next time.
    """

    def __init__(
        self,
        build: SiteBuild,
        index: LinkIndex,
        updated: dict[str, datetime.date],
        site_dir: Path,
    ) -> None:
        self.build = build
        self.site_dir = site_dir
        self.renamed = False
        context = multiprocessing.get_context("fork")
        self._answer, answer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=self._run, args=(index, updated, answer), name="dossier-data", daemon=True
        )
        self._process.start()
        answer.close()
        self._done = False

    def _write(self, uri: str, text: str | bytes) -> Path:
        before = self.build._staged.get(uri)
        path = self.build.stage(uri, text)
        if self.build._staged.get(uri) != before:
            target = self.site_dir / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.dossier-tmp")
            shutil.copyfile(path, temporary)
            os.replace(temporary, target)  # a reader sees the old file or the new
        return path

    def _run(self, index: LinkIndex, updated: dict[str, datetime.date], answer: Connection) -> None:
        try:
            written = self.build._write_data_files(index, updated, self._write)
        except RenderFailure as failure:  # reported; the next save tries again
            _report([problem.format_text() for problem in failure.problems])
            answer.send(({}, False, True))
            return
        except OSError as error:
            _report([f"writing the data files into {self.site_dir} failed: {error}"])
            answer.send(({}, False, True))
            return
        # Other names than the reload registered: the next one writes them
        # before its pages (``SiteBuild._stop_data``).
        renamed = [uri for uri, _ in written] != [uri for uri, _ in self.build.data_files]
        staged = {uri: self.build._staged[uri] for uri, _ in written if uri in self.build._staged}
        answer.send((staged, renamed, False))

    def _collect(self) -> None:
        """Take in what a finished process staged; forget what a stopped one may have."""
        if self._done:
            return
        self._done = True
        answer = None
        try:
            if self._answer.poll():
                answer = self._answer.recv()
        except (EOFError, OSError):
            pass
        finally:
            self._answer.close()
        # A process stopped or failed part-way: what it staged is not known.
        staged, self.renamed, failed = answer if answer is not None else ({}, False, True)
        if failed:
            for uri, _ in self.build.data_files:
                self.build._staged.pop(uri, None)
        self.build._staged.update(staged)

    def stop(self) -> None:
        """Stop the process if it is still writing."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._collect()

    def join(self, timeout: float | None = None) -> None:
        self._process.join(timeout)
        if not self._process.is_alive():
            self._collect()


def _report(lines: list[str]) -> None:
    """Errors of a forked writer, as MkDocs shows them, straight to the
    terminal: not through ``logging``, whose handlers' locks another thread
    of the server may have held when the process was forked."""
    text = "".join(f"ERROR    -  {line}\n" for line in lines)
    with contextlib.suppress(OSError):
        os.write(2, text.encode("utf-8", "replace"))


def data_files(
    index: LinkIndex,
    title: str,
    registry: Registry,
    write: Callable[[str, str | bytes], Path],
) -> list[tuple[str, Path]]:
    """Write the machine-readable files a dossier site publishes beside its
    pages, each through ``write(uri, content)`` as soon as it is made."""
    written = [
        (f"schema/{kind}.json", write(f"schema/{kind}.json", dumps(schema)))
        for kind, schema in all_schemas(registry=registry).items()
    ]
    written.append(("data/dossier.json", write("data/dossier.json", dossier_json(index, title))))
    written.append(("data/previews.json", write("data/previews.json", previews_json(index))))
    tables = dossier_tables(index)
    for name, table in csv_tables(index, tables).items():
        written.append((f"data/{name}.csv", write(f"data/{name}.csv", table)))
    written.append(("data/dossier.db", write("data/dossier.db", sqlite_bytes(index, tables))))
    return written


def staging_dir(site_dir: Path) -> Path:
    """An empty folder beside ``site_dir`` to build the site into, so that a
    build that fails half-way leaves the previous site as it was."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))


def replace_site(built: Path, site_dir: Path) -> None:
    """Put a finished build in place of ``site_dir``, keeping the hidden files
    there (as MkDocs' own cleaning does). Renamed where the folder can be,
    which is atomic for each of the two steps; copied where it cannot (a
    mount point, another file system)."""
    if site_dir.is_dir() and not site_dir.is_symlink():
        for entry in site_dir.iterdir():
            if entry.name.startswith(".") and not (built / entry.name).exists():
                entry.rename(built / entry.name)
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        try:
            site_dir.rename(old / "site")
        except OSError:
            old.rmdir()
            _copy_into(built, site_dir)
            return
        built.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    elif site_dir.exists():  # a symlink, or not a folder: fill what it points at
        _copy_into(built, site_dir)
    else:
        built.rename(site_dir)


def _copy_into(built: Path, site_dir: Path) -> None:
    """Replace the visible contents of ``site_dir`` with those of ``built``."""
    site_dir.mkdir(parents=True, exist_ok=True)
    for entry in site_dir.iterdir():
        if not entry.name.startswith("."):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    shutil.copytree(built, site_dir, dirs_exist_ok=True, symlinks=True)
    shutil.rmtree(built, ignore_errors=True)


def _guarded(doing: str, path: str, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``action(*args, **kwargs)``; an exception it raises (a bug, or a file
    it cannot write) becomes a ``RenderFailure`` naming ``path`` and what was
    being done."""
    try:
        return action(*args, **kwargs)
    except Exception as error:
        what = f"{type(error).__name__} {' '.join(str(error).split())[:200]}".rstrip()
        # A file that cannot be written is the machine's doing, not a bug.
        blame = "" if isinstance(error, OSError) else " (a bug in Dossier; please report it)"
        message = f"{doing} failed: {what}{blame}"
        raise RenderFailure([Problem(path, 1, 1, message, code="render-failed")]) from None


def problem_banner(problems: list[Problem]) -> str:
    """Raw HTML listing the problems, shown on every page of a broken ``serve``."""
    items = "".join(f"<li><code>{html.escape(p.format_text())}</code></li>" for p in problems)
    return (
        '<div class="admonition failure">\n<p class="admonition-title">The dossier has errors'
        "</p>\n<p>Fix these and save; the page reloads when the content is valid.</p>\n"
        f"<ul>{items}</ul>\n</div>\n"
    )


def key_point_ids(markdown: str) -> list[tuple[int, int, str]]:
    """Each id named by a key-points marker: (line, column, id), 1-based."""
    found = []
    for match in KEY_POINTS_MARKER.finditer(markdown):
        start = match.start("ids")
        for item in _ID.finditer(match.group("ids")):
            at = start + item.start()
            line = markdown.count("\n", 0, at) + 1
            column = at - (markdown.rfind("\n", 0, at) + 1) + 1
            found.append((line, column, item.group()))
    return found


def _meta(value: str) -> str:
    """A value for a ``<meta content>``: one line, escaped."""
    return html.escape(" ".join(value.split()), quote=True)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def tags_listing_page(docs_dir: Path) -> str:
    """The source path of the first page of the site's own (sorted) that
    holds Material's listing of every tag; empty when none does."""
    if not docs_dir.is_dir():
        return ""
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if TAGS_LISTING.search(text):
            return path.relative_to(docs_dir).as_posix()
    return ""
