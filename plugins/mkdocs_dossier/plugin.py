"""The MkDocs adapter: the only module that imports MkDocs.

It runs the engine once per build, before MkDocs cleans the site folder,
so invalid content stops a build before anything is written; then it adds
every rendered page as a generated file, resolves wikilinks in the site's
own pages, and watches the content folder when serving.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import html
import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .engine import check_content, collector_paused
from .export import csv_tables, dossier_json
from .history import last_updated
from .jsonschema import all_schemas, dumps
from .link import LinkIndex
from .load import ParseCache
from .problems import Problem
from .records import AnyRecord
from .render import SiteRenderer, record_title, src_uri
from .render.dictionary import data_dictionary
from .render.machine import atom_feed, json_ld, json_ld_script
from .render.markup import relative
from .render.parallel import SitePages
from .render.previews import previews_json
from .schema import KINDS
from .wikilinks import replace_wikilinks

log = logging.getLogger("mkdocs.plugins.dossier")

ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"
SCRIPT = "assets/dossier/dossier.js"
GLANCE_MARKER = "<!-- dossier:at-a-glance -->"
DICTIONARY_MARKER = "<!-- dossier:data-dictionary -->"


class _Jobs(c.Type):
    """A count of processes: 0 (automatic) or more, and not a yes/no."""

    def __init__(self) -> None:
        super().__init__(int, default=0)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or (isinstance(value, int) and value < 0):
            raise base.ValidationError(
                f"expected 0 (one process per core), 1 (no workers) or more, not {value!r}"
            )
        return super().run_validation(value)


class DossierConfig(base.Config):
    """Options of the ``dossier`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Folder of records, relative to ``mkdocs.yml``.
    content_dir = c.Type(str, default="content")
    #: Folder of Jinja templates overriding the packaged page templates.
    templates_dir = c.Optional(c.Type(str))
    #: Entity types a site adds to the built-in vocabulary.
    entity_types = c.ListOfItems(c.Type(str), default=[])
    #: Processes working on ``mkdocs build``, the build's own included: 2 or
    #: more render pages in the background; 0: one per core when the
    #: dossier is large enough to gain from it; 1: everything in one.
    jobs = _Jobs()


class DossierPlugin(BasePlugin[DossierConfig]):
    """Validates the records and adds a page for each, plus the indexes."""

    def __init__(self) -> None:
        self.serving = False
        self.pages: dict[str, str] = {}
        self.good_pages: dict[str, str] | None = None
        self.problems: list[Problem] = []
        self.index: LinkIndex | None = None
        self.error_page: str | None = None
        self.data_files: list[tuple[str, Path]] = []
        self.renderer: SiteRenderer | None = None
        self.parse_cache: ParseCache = {}
        self.stage_dir: Path | None = None
        self.staged: dict[str, bytes] = {}
        self.updated: dict[str, datetime.date] = {}
        self.record_of: dict[str, AnyRecord] = {}
        self.rendering: SitePages | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``, which must survive bad input."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve folders against ``mkdocs.yml`` and add the plugin's stylesheet."""
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.content_dir = (root / self.config.content_dir).resolve()
        templates = self.config.templates_dir
        self.template_dirs = [(root / templates).resolve()] if templates else []
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load, validate, link and render; stop before MkDocs cleans the site."""
        if not self.config.enabled:
            return
        # What a previous `serve` build froze may be garbage now. The records,
        # index and pages made here live until the build ends: frozen, they
        # stay out of the collections MkDocs' own work triggers.
        gc.unfreeze()
        self._stop_rendering()
        with collector_paused():
            self._prepare(config)

    def _prepare(self, config: MkDocsConfig) -> None:
        checked = check_content(
            self.content_dir,
            self.root,
            tuple(self.config.entity_types),
            cache=self.parse_cache if self.serving else None,
        )
        self.problems = checked.problems
        for problem in checked.problems:
            (log.error if problem.is_error else log.warning)(problem.format_text())
        if checked.index is None:
            errors = sum(p.is_error for p in checked.problems)
            summary = (
                f"{errors} error(s) in {self.config.content_dir}/; "
                "fix them to build the site (dossier validate lists them too)"
            )
            if not self.serving:
                # Raised before MkDocs cleans the site folder: nothing is written.
                raise PluginError(summary)
            # `mkdocs serve` keeps going: the last good pages stay readable (or
            # stand-in indexes on a first build), every page shows the problems,
            # and saving a fixed file reloads the site.
            log.error(summary)
            self.error_page = _problem_page(checked.problems)
            self.pages = self.good_pages or {
                f"{kind.folder}/index.md": f"# {kind.folder.capitalize()}\n"
                for kind in KINDS.values()
            }
            return
        self.index = checked.index
        self.error_page = None
        self.updated = last_updated(self.content_dir, self.root)
        renderer = SiteRenderer(checked.index, self.template_dirs, self.updated)
        self.renderer = renderer
        self.record_of = {src_uri(r): r for r in checked.index.records.values()}
        # In a large build, worker processes render the pages while this one
        # writes the data files. `serve` renders here: it stages every page
        # on disk for its dirty rebuilds, and its first build runs before its
        # threads start, so nothing else would keep it from forking.
        pages = SitePages(renderer, 1 if self.serving else self.config.jobs)
        # Written out at once and not kept: for a large dossier the JSON and
        # CSV exports are tens of megabytes that MkDocs only needs to copy.
        data = open_data_files(checked.index, config.site_name)
        data["feed.xml"] = atom_feed(
            checked.index, config.site_url or "", config.site_name, self.updated
        )
        self.data_files = [(uri, self._stage(uri, text)) for uri, text in data.items()]
        if pages.parallel:
            # Workers go on rendering while MkDocs starts on the site; each
            # page's Markdown is collected as MkDocs comes to it (on_pre_page).
            self.rendering = pages
            self.pages = dict.fromkeys(pages.uris, "")
        else:
            self.pages = {page.src_uri: page.markdown for page in pages.result()}
            self.good_pages = self.pages

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and the stylesheet as files of the site."""
        if not self.config.enabled:
            return files
        for uri, markdown in self.pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                log.warning(f"{existing.src_uri} in docs_dir is replaced by the generated page")
                files.remove(existing)
            if self.serving:
                # Staged on disk so MkDocs compares modification times: with
                # `serve --dirty`, only pages whose Markdown changed are rebuilt.
                path = self._stage(uri, markdown)
                files.append(File.generated(config, uri, abs_src_path=str(path)))
            else:
                files.append(File.generated(config, uri, content=markdown))
        for uri, name in ((STYLESHEET, "dossier.css"), (SCRIPT, "dossier.js")):
            asset = (ASSETS / name).read_text(encoding="utf-8")
            files.append(File.generated(config, uri, content=asset))
        for uri, path in self.data_files:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if self.serving:
            self._refresh_linking_pages(files, config)
        return files

    def _refresh_linking_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Hand-written pages that show records (wikilinks, "at a glance") are
        rebuilt on every reload, even under ``serve --dirty``."""
        for file in list(files.documentation_pages()):
            if file.generated_by:
                continue
            text = file.content_string
            if "[[" in text or GLANCE_MARKER in text:
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=text))

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Give a generated page its Markdown, once its worker has rendered it."""
        if self.rendering is not None and page.file.src_uri in self.pages:
            page.file.content_string = self.rendering.markdown(page.file.src_uri)
        return page

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_rendering()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_rendering()

    def _stop_rendering(self) -> None:
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Resolve ``[[id]]`` wikilinks in the site's own pages."""
        banner = self.error_page + "\n" if self.error_page else ""
        if page.file.src_uri in self.pages or self.index is None:
            return banner + markdown
        index = self.index
        here = page.file.src_uri

        def resolve(target: str) -> tuple[str, str] | None:
            record = index.get(target)
            if record is None:
                return None
            return record_title(index, record), relative(here, src_uri(record))

        if GLANCE_MARKER in markdown and self.renderer is not None:
            markdown = markdown.replace(GLANCE_MARKER, self.renderer.glance(here))
        converted, unknown = replace_wikilinks(markdown, resolve)
        if DICTIONARY_MARKER in converted:
            converted = converted.replace(DICTIONARY_MARKER, data_dictionary())
        shown = _display_path(Path(config.docs_dir) / here, self.root)
        # MkDocs hands over the page without its front matter: count it back in.
        raw = page.file.content_string
        skipped = raw[: max(raw.find(markdown), 0)].count("\n")
        for link in unknown:
            log.warning(
                f"{shown}:{link.line + skipped}:{link.column}: wikilink "
                f"[[{link.target}]] names no record"
            )
        return banner + converted

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add the feed link to every page and JSON-LD to record pages."""
        head = [
            f'<link rel="alternate" type="application/atom+xml" title="Events" '
            f'href="{html.escape(_relative_to_page(page, "feed.xml"), quote=True)}">'
        ]
        record = self.record_of.get(page.file.src_uri)
        if record is not None and self.index is not None:
            head.append(json_ld_script(json_ld(self.index, record, config.site_url or "")))
        return output.replace("</head>", "\n".join(head) + "\n</head>", 1)

    def _stage(self, uri: str, markdown: str) -> Path:
        """Write a generated file to this plugin's staging folder, if it changed."""
        if self.stage_dir is None:
            self.stage_dir = Path(tempfile.mkdtemp(prefix="dossier-pages-"))
        path = self.stage_dir / uri
        digest = hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()
        if self.staged.get(uri) != digest:  # unchanged files keep their mtime
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
            self.staged[uri] = digest
        return path

    def on_shutdown(self) -> None:
        """Remove the staged pages of ``mkdocs serve``."""
        self._stop_rendering()
        gc.unfreeze()
        if self.stage_dir is not None:
            shutil.rmtree(self.stage_dir, ignore_errors=True)
            self.stage_dir = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        """Rebuild when a record changes."""
        if self.config.enabled:
            server.watch(str(self.content_dir))
        return server


def _relative_to_page(page: Page, target: str) -> str:
    return "../" * (page.url or "").count("/") + target


def open_data_files(index: LinkIndex, title: str) -> dict[str, str]:
    """The machine-readable files a dossier site publishes beside its pages."""
    files = {f"schema/{kind}.json": dumps(schema) for kind, schema in all_schemas().items()}
    files["data/dossier.json"] = dossier_json(index, title)
    files["data/previews.json"] = previews_json(index)
    for name, table in csv_tables(index).items():
        files[f"data/{name}.csv"] = table
    return files


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _problem_page(problems: list[Problem]) -> str:
    """A banner listing the problems, for a first ``serve`` of bad content.

    Raw HTML, so it shows the same whatever Markdown extensions a site uses.
    """
    items = "".join(f"<li><code>{html.escape(p.format_text())}</code></li>" for p in problems)
    return (
        '<div class="admonition failure">\n<p class="admonition-title">The dossier has errors'
        "</p>\n<p>Fix these and save; the page reloads when the content is valid.</p>\n"
        f"<ul>{items}</ul>\n</div>\n"
    )
