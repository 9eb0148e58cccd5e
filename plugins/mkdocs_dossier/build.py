"""One build of a dossier site, independent of the site generator.

``SiteBuild`` holds what survives between ``serve`` rebuilds (the parse
cache, the last good pages, the staged files) and does each build's work:
check the content, render the pages (in workers for a large build), write
the data files, and process the site's own pages (wikilinks and markers).
An adapter (the MkDocs plugin) registers what it produces.
"""

from __future__ import annotations

import gc
import hashlib
import html
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .engine import check_content, collector_paused
from .export import csv_tables, dossier_json
from .history import last_updated
from .jsonschema import all_schemas, dumps
from .kinds import REGISTRY, Registry
from .link import LinkIndex
from .load import ParseCache
from .problems import Problem
from .records import Record
from .render import SiteRenderer, record_title, site_pages, src_uri
from .render.dialect import relative_src
from .render.dictionary import data_dictionary
from .render.machine import atom_feed, json_ld, json_ld_script
from .render.parallel import SitePages
from .render.previews import previews_json
from .sqlite import sqlite_bytes
from .tables import dossier_tables
from .urls import Urls
from .vocab import stylesheet
from .wikilinks import UnknownWikilink, replace_wikilinks

ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"
VOCABULARY_STYLESHEET = "assets/dossier/vocabulary.css"
SCRIPT = "assets/dossier/dossier.js"
GLANCE_MARKER = "<!-- dossier:at-a-glance -->"
DICTIONARY_MARKER = "<!-- dossier:data-dictionary -->"
FEED = "feed.xml"


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
    serving: bool = False
    urls: Urls = field(default_factory=Urls)
    site_name: str = ""
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
    _good_pages: dict[str, str] | None = None
    _cache: ParseCache = field(default_factory=dict)
    _stage_dir: Path | None = None
    _staged: dict[str, bytes] = field(default_factory=dict)

    def prepare(self) -> None:
        """Check, link and start rendering; raise ``ContentError`` when the
        content is broken and this is not ``serve`` (nothing is written then)."""
        # What a previous `serve` build froze may be garbage now; what is made
        # here is frozen again when the collector resumes.
        gc.unfreeze()
        self.stop()
        with collector_paused():
            self._prepare()

    def _prepare(self) -> None:
        checked = check_content(
            self.content_dir,
            self.root,
            registry=self.registry,
            cache=self._cache if self.serving else None,
        )
        self.problems = checked.problems
        if checked.index is None:
            errors = sum(p.is_error for p in checked.problems)
            summary = (
                f"{errors} error(s) in {_shown(self.content_dir, self.root)}/; "
                "fix them to build the site (dossier validate lists them too)"
            )
            if not self.serving:
                raise ContentError(summary, checked.problems)
            # `serve` keeps going: the last good pages stay readable (or
            # stand-ins for every site page on a first build), every page
            # shows the problems, and saving a fixed file reloads the site.
            self.banner = problem_banner(checked.problems)
            self.pages = self._good_pages or {
                spec.uri: f"# {spec.title}\n" for spec in site_pages(self.registry)
            }
            raise ContentError(summary, checked.problems)
        self.index = checked.index
        self.banner = None
        updated = last_updated(self.content_dir, self.root)
        renderer = SiteRenderer(checked.index, self.template_dirs, updated, self.urls)
        self.renderer = renderer
        self.records = {src_uri(r): r for r in checked.index.records.values()}
        # In a large build, workers render the pages while this process
        # writes the data files. `serve` renders here: it stages every page
        # for its dirty rebuilds, and its threads make forking unsafe.
        pages = SitePages(renderer, 1 if self.serving else self.jobs)
        data = data_files(checked.index, self.site_name, self.registry)
        data[FEED] = atom_feed(
            checked.index, self.urls.site_url, self.site_name, updated, urls=self.urls
        )
        self.data_files = [(uri, self.stage(uri, text)) for uri, text in data.items()]
        if pages.parallel:
            self.rendering = pages
            self.pages = dict.fromkeys(pages.uris, "")
        else:
            self.pages = {page.src_uri: page.markdown for page in pages.result()}
            self._good_pages = self.pages

    def adopt(self, previous: SiteBuild) -> None:
        """Carry over what a previous build of ``serve`` left: its parse cache,
        staged files and last good pages."""
        previous.stop()
        self._cache = previous._cache
        self._stage_dir = previous._stage_dir
        self._staged = previous._staged
        self._good_pages = previous._good_pages
        self.pages = previous.pages
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
        return "[[" in markdown or GLANCE_MARKER in markdown

    def markdown(self, uri: str) -> str:
        """A generated page's Markdown, waiting for its worker if need be."""
        if self.rendering is not None:
            return self.rendering.markdown(uri)
        return self.pages[uri]

    def assets(self) -> dict[str, str]:
        """The stylesheets and script every page loads, by site path."""
        return {
            STYLESHEET: (ASSETS / "dossier.css").read_text(encoding="utf-8"),
            VOCABULARY_STYLESHEET: stylesheet(self.registry.vocabularies.values()),
            SCRIPT: (ASSETS / "dossier.js").read_text(encoding="utf-8"),
        }

    def home_page(self) -> str:
        """The home page a site gets when its docs folder has none."""
        title = self.site_name or "Dossier"
        return f"# {html.escape(title)}\n\n{GLANCE_MARKER}\n"

    def process_page(self, src: str, markdown: str) -> tuple[str, list[UnknownWikilink]]:
        """A hand-written page with its markers and wikilinks resolved."""
        banner = self.banner + "\n" if self.banner else ""
        if self.index is None or self.renderer is None:
            return banner + markdown, []
        index = self.index

        def resolve(target: str) -> tuple[str, str] | None:
            record = index.get(target)
            if record is None:
                return None
            return record_title(index, record), relative_src(src, src_uri(record))

        if GLANCE_MARKER in markdown:
            markdown = markdown.replace(GLANCE_MARKER, self.renderer.glance(src))
        converted, unknown = replace_wikilinks(markdown, resolve)
        if DICTIONARY_MARKER in converted:
            converted = converted.replace(DICTIONARY_MARKER, data_dictionary(self.registry))
        return banner + converted, unknown

    def head(self, src: str) -> str:
        """What a page adds to ``<head>``: the feed link, and JSON-LD for records."""
        feed = self.urls.file_url(src, FEED)
        head = [
            f'<link rel="alternate" type="application/atom+xml" title="Events" '
            f'href="{html.escape(feed, quote=True)}">'
        ]
        record = self.records.get(src)
        if record is not None and self.index is not None:
            head.append(json_ld_script(json_ld(self.index, record, "", self.urls)))
        return "\n".join(head)

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

    def stop(self) -> None:
        """Stop any rendering workers."""
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None

    def close(self) -> None:
        """Stop the workers and remove the staged files."""
        self.stop()
        gc.unfreeze()
        if self._stage_dir is not None:
            shutil.rmtree(self._stage_dir, ignore_errors=True)
            self._stage_dir = None
        # MkDocs keeps the plugin across builds in one process: a later
        # build must stage every file again.
        self._staged = {}


def data_files(
    index: LinkIndex, title: str, registry: Registry = REGISTRY
) -> dict[str, str | bytes]:
    """The machine-readable files a dossier site publishes beside its pages."""
    files: dict[str, str | bytes] = {
        f"schema/{kind}.json": dumps(schema)
        for kind, schema in all_schemas(registry=registry).items()
    }
    files["data/dossier.json"] = dossier_json(index, title)
    files["data/previews.json"] = previews_json(index)
    tables = dossier_tables(index)
    for name, table in csv_tables(index, tables).items():
        files[f"data/{name}.csv"] = table
    files["data/dossier.db"] = sqlite_bytes(index, tables)
    return files


def problem_banner(problems: list[Problem]) -> str:
    """Raw HTML listing the problems, shown on every page of a broken ``serve``."""
    items = "".join(f"<li><code>{html.escape(p.format_text())}</code></li>" for p in problems)
    return (
        '<div class="admonition failure">\n<p class="admonition-title">The dossier has errors'
        "</p>\n<p>Fix these and save; the page reloads when the content is valid.</p>\n"
        f"<ul>{items}</ul>\n</div>\n"
    )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
