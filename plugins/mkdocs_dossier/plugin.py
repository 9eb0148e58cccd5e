"""The MkDocs adapter: the only module that imports MkDocs.

It runs the engine once per build, before MkDocs cleans the site folder,
so invalid content stops a build before anything is written; then it adds
every rendered page as a generated file, resolves wikilinks in the site's
own pages, and watches the content folder when serving.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .engine import check_content
from .problems import Problem
from .render import SiteRenderer, record_title, src_uri
from .render.markup import relative, text
from .wikilinks import replace_wikilinks

log = logging.getLogger("mkdocs.plugins.dossier")

ASSETS = Path(__file__).resolve().parent / "assets"
STYLESHEET = "assets/dossier/dossier.css"


class DossierConfig(base.Config):
    """Options of the ``dossier`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Folder of records, relative to ``mkdocs.yml``.
    content_dir = c.Type(str, default="content")
    #: Folder of Jinja templates overriding the packaged page templates.
    templates_dir = c.Optional(c.Type(str))
    #: Entity types a site adds to the built-in vocabulary.
    entity_types = c.ListOfItems(c.Type(str), default=[])


class DossierPlugin(BasePlugin[DossierConfig]):
    """Validates the records and adds a page for each, plus the indexes."""

    def __init__(self) -> None:
        self.serving = False
        self.pages: dict[str, str] = {}
        self.good_pages: dict[str, str] | None = None
        self.problems: list[Problem] = []
        self.index = None

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
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load, validate, link and render; stop before MkDocs cleans the site."""
        if not self.config.enabled:
            return
        checked = check_content(self.content_dir, self.root, tuple(self.config.entity_types))
        self.problems = checked.problems
        for problem in checked.problems:
            (log.error if problem.is_error else log.warning)(problem.format_text())
        if checked.index is None:
            errors = sum(p.is_error for p in checked.problems)
            summary = (f"{errors} error(s) in {self.config.content_dir}/; "
                       "fix them to build the site (dossier validate lists them too)")
            if self.serving and self.good_pages is None:
                # First build of `mkdocs serve`: show the problems in the
                # browser and keep serving, so fixing a file reloads the site.
                log.error(summary)
                self.index = None
                self.pages = {"entities/index.md": _problem_page(checked.problems)}
                return
            # Raising before MkDocs cleans the site folder keeps the last good site.
            raise PluginError(summary)
        self.index = checked.index
        renderer = SiteRenderer(checked.index, self.template_dirs)
        self.pages = {page.src_uri: page.markdown for page in renderer.all_pages()}
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
            files.append(File.generated(config, uri, content=markdown))
        css = (ASSETS / "dossier.css").read_text(encoding="utf-8")
        files.append(File.generated(config, STYLESHEET, content=css))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Resolve ``[[id]]`` wikilinks in the site's own pages."""
        if page.file.generated_by or self.index is None:
            return markdown
        index = self.index
        here = page.file.src_uri

        def resolve(target: str) -> tuple[str, str] | None:
            record = index.get(target)
            if record is None:
                return None
            return record_title(index, record), relative(here, src_uri(record))

        converted, unknown = replace_wikilinks(markdown, resolve)
        for link in unknown:
            log.warning(f"{config.docs_dir}/{here}:{link.line}:{link.column}: wikilink "
                        f'[[{link.target}]] names no record')
        return converted

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder) -> LiveReloadServer:
        """Rebuild when a record changes."""
        if self.config.enabled:
            server.watch(str(self.content_dir))
        return server


def _problem_page(problems: list[Problem]) -> str:
    """A stand-in page listing the problems, for a first ``serve`` of bad content."""
    lines = ["# The dossier has errors", "",
             "Fix these and save; the page reloads when the content is valid.", ""]
    lines += [f"- {text(p.format_text())}" for p in problems]
    return "\n".join(lines) + "\n"
