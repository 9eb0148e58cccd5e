"""The MkDocs adapter: typed options, and events that hand work to ``SiteBuild``.

The only module that imports MkDocs. It registers what the engine makes
(generated pages, assets, data files) as MkDocs files, keeps record pages
out of an automatic navigation, and passes hand-written pages and each
page's ``<head>`` through the engine.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .build import ContentError, SiteBuild
from .kinds import OptionError, registry
from .render_files import rendered_paths
from .urls import Urls

log = logging.getLogger("mkdocs.plugins.dossier")

#: Markdown extensions the generated pages rely on (tables on the claims page).
NEEDED_EXTENSIONS = ("tables", "toc")


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


class _EntityTypes(c.Type):
    """Entity types a site adds: names, or mappings with a label and an icon."""

    def __init__(self) -> None:
        super().__init__(list, default=[])

    def run_validation(self, value: object) -> list[Any]:
        items = super().run_validation(value)
        try:
            registry(items)
        except OptionError as error:
            raise base.ValidationError(str(error)) from None
        return items


class DossierConfig(base.Config):
    """Options of the ``dossier`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Folder of records, relative to ``mkdocs.yml``.
    content_dir = c.Type(str, default="content")
    #: Folder of Jinja templates overriding the packaged page templates.
    templates_dir = c.Optional(c.Type(str))
    #: Entity types a site adds to the built-in vocabulary.
    entity_types = _EntityTypes()
    #: Processes working on ``mkdocs build``, the build's own included: 2 or
    #: more render pages in the background; 0: one per core when the
    #: dossier is large enough to gain from it; 1: everything in one.
    jobs = _Jobs()
    #: Let the theme load web fonts from a third-party host (Material's
    #: Google Fonts); off, pages use the reader's system fonts.
    external_fonts = c.Type(bool, default=False)


class DossierPlugin(BasePlugin[DossierConfig]):
    """Validates the records and adds a page for each, plus the indexes and views."""

    def __init__(self) -> None:
        self.serving = False
        self.build: SiteBuild | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``, which must survive bad input."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Set up the build from the options; add what the pages need."""
        root = Path(config.config_file_path or ".").resolve().parent
        templates = self.config.templates_dir
        state = self.build
        self.build = SiteBuild(
            content_dir=(root / self.config.content_dir).resolve(),
            root=root,
            registry=registry(self.config.entity_types),
            template_dirs=[(root / templates).resolve()] if templates else [],
            jobs=self.config.jobs,
            serving=self.serving,
            urls=Urls(config.use_directory_urls, config.site_url or ""),
            site_name=config.site_name,
        )
        if state is not None:  # a `serve` rebuild keeps its caches and good pages
            self.build.adopt(state)
        for name in reversed(self.build.stylesheets()):
            if name not in config.extra_css:
                config.extra_css.insert(0, name)
        script = self.build.script()
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
        for extension in NEEDED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if config.theme.name == "material" and not self.config.external_fonts:
            config.theme["font"] = False
        if not config.site_url:
            log.warning(
                "site_url is not set: the feed, canonical links and JSON-LD need absolute "
                'URLs; add site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"] to mkdocs.yml'
            )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load, validate, link and render; stop before MkDocs cleans the site."""
        if not self.config.enabled or self.build is None:
            return
        try:
            self.build.prepare()
        except ContentError as error:
            self._report()
            if not self.serving:
                raise PluginError(str(error)) from None
            log.error(str(error))
            return
        self._report()

    def _report(self) -> None:
        assert self.build is not None
        for problem in self.build.problems:
            (log.error if problem.is_error else log.warning)(problem.format_text())

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, the assets, the data files and a home page."""
        if not self.config.enabled or self.build is None:
            return files
        build = self.build
        # What `dossier render` wrote into docs_dir is replaced without a word.
        rendered = rendered_paths(Path(config.docs_dir))
        for uri in rendered:
            existing = files.get_file_from_path(uri)
            if existing is not None and not existing.generated_by:
                files.remove(existing)
        for uri, markdown in build.pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                log.warning(f"{existing.src_uri} in docs_dir is replaced by the generated page")
                files.remove(existing)
            if self.serving:
                # Staged on disk so MkDocs compares modification times: with
                # `serve --dirty`, only pages whose Markdown changed are rebuilt.
                path = build.stage(uri, markdown)
                files.append(File.generated(config, uri, abs_src_path=str(path)))
            else:
                files.append(File.generated(config, uri, content=markdown))
        for uri, text in build.assets().items():
            files.append(File.generated(config, uri, content=text))
        for uri, path in build.data_files:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if not any(files.get_file_from_path(name) for name in ("index.md", "README.md")):
            files.append(File.generated(config, "index.md", content=build.home_page()))
        if self.serving:
            # Hand-written pages that show records are rebuilt on every
            # reload, even under `serve --dirty`.
            for file in list(files.documentation_pages()):
                if not file.generated_by and build.shows_records(file.content_string):
                    files.remove(file)
                    files.append(File.generated(config, file.src_uri, content=file.content_string))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Without a ``nav`` of the site's own, keep record pages out of it, so
        a page's size does not grow with the dossier."""
        if config.nav is None and self.build is not None:
            records = self.build.records
            nav.items = _without(nav.items, records)
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Give a generated page its Markdown, once its worker has rendered it."""
        build = self.build
        if build is not None and build.rendering is not None and page.file.src_uri in build.pages:
            page.file.content_string = build.markdown(page.file.src_uri)
        return page

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Resolve wikilinks and markers in the site's own pages."""
        build = self.build
        if build is None or page.file.src_uri in build.pages:
            return (build.banner or "") + "\n" + markdown if build and build.banner else markdown
        converted, unknown = build.process_page(page.file.src_uri, markdown)
        shown = Path(config.docs_dir, page.file.src_uri)
        # MkDocs hands over the page without its front matter: count it back in.
        raw = page.file.content_string
        skipped = raw[: max(raw.find(markdown), 0)].count("\n")
        for link in unknown:
            log.warning(
                f"{_relative(shown, build.root)}:{link.line + skipped}:{link.column}: "
                f"wikilink [[{link.target}]] names no record"
            )
        return converted

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add the feed link to every page and JSON-LD to record pages."""
        if self.build is None:
            return output
        return output.replace("</head>", self.build.head(page.file.src_uri) + "\n</head>", 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build is not None:
            self.build.stop()

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.stop()

    def on_shutdown(self) -> None:
        """Stop the workers and remove the staged pages of ``mkdocs serve``."""
        if self.build is not None:
            self.build.close()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a record changes."""
        if self.config.enabled and self.build is not None:
            server.watch(str(self.build.content_dir))
        return server


def _without(items: list[Any], records: dict[str, Any]) -> list[Any]:
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _without(item.children, records)
            if item.children:
                kept.append(item)
        elif not (isinstance(item, Page) and item.file.src_uri in records):
            kept.append(item)
    return kept


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
