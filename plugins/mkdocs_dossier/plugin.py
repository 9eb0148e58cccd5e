"""The MkDocs adapter: typed options, and events that hand work to ``SiteBuild``.

The only module that imports MkDocs. It registers what the engine makes
(generated pages, assets, data files) as MkDocs files, keeps record pages
out of an automatic navigation, and passes hand-written pages and each
page's ``<head>`` through the engine.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .build import ContentError, SiteBuild, replace_site, staging_dir
from .kinds import OptionError, registry
from .problems import Problem, Severity
from .project import web_address
from .render.parallel import RenderFailure
from .render_files import rendered_paths
from .rules import RuleOptionError, levels
from .search import SEARCH_MODES, SearchError
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


class _Rules(c.Type):
    """Severities of the whole-tree rules: rule id -> error, warning, info or off."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict[str, Any]:
        items = super().run_validation(value)
        try:
            levels(items)
        except RuleOptionError as error:
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
    #: Severity of each whole-tree rule (``dossier validate --explain RULE``).
    rules = _Rules()
    #: Search engine: Material's ``lunr``, ``pagefind``, or ``auto``
    #: (Pagefind from ``search.PAGEFIND_THRESHOLD`` records on).
    search = c.Choice(SEARCH_MODES, default="auto")


class DossierPlugin(BasePlugin[DossierConfig]):
    """Validates the records and adds a page for each, plus the indexes and views."""

    def __init__(self) -> None:
        self.serving = False
        self.build: SiteBuild | None = None
        #: A full ``mkdocs build`` writes here, then replaces the site folder.
        self.swap = False
        self.staging: tuple[Path, str] | None = None
        self.failed: list[Problem] = []
        self._lit: Page | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``, which must survive bad
        input, or a full build, which must not touch the site folder until done."""
        self.serving = command == "serve"
        self.swap = command in ("build", "gh-deploy") and not dirty

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
            repo_url=web_address(config.repo_url),
            rule_levels=levels(self.config.rules),
            search=self.config.search,
            site_description=config.site_description or "",
            home=Path(config.docs_dir, "index.md"),
        )
        if state is not None:  # a `serve` rebuild keeps its caches and good pages
            self.build.adopt(state)
        if self.swap and self.config.enabled:
            # MkDocs empties the site folder before it builds: build beside it
            # instead, and put the result in place once everything is written
            # (`on_post_build`), so a failure anywhere leaves the old site.
            self.staging = (staging_dir(Path(config.site_dir)), config.site_dir)
            config.site_dir = str(self.staging[0])
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
        except SearchError as error:
            raise PluginError(str(error)) from None
        except ContentError as error:
            self._report()
            if not self.serving:
                raise PluginError(str(error)) from None
            log.error(str(error))
            return
        self._report()
        if self.build.pagefind is not None and "material/search" not in config.plugins:
            log.warning(
                "search: Pagefind answers through Material's search box, which needs "
                "the search plugin: add - search to plugins in mkdocs.yml"
            )

    def _report(self) -> None:
        assert self.build is not None
        report = {Severity.ERROR: log.error, Severity.WARNING: log.warning}
        for problem in self.build.problems:
            report.get(problem.severity, log.info)(problem.format_text())

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
            hidden = {*self.build.records, *self.build.part_pages}
            nav.items = _without(nav.items, hidden)
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Give a generated page its Markdown, once its worker has rendered it.
        A page that failed is reported once and the build refuses in ``on_env``,
        before anything is written."""
        build = self.build
        if build is not None and build.rendering is not None and page.file.src_uri in build.pages:
            try:
                page.file.content_string = build.markdown(page.file.src_uri)
            except RenderFailure as failure:
                for problem in failure.problems:
                    log.error(problem.format_text())
                self.failed += failure.problems
                page.file.content_string = "# Not rendered\n"
        return page

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Refuse a build in which a page failed, before MkDocs writes any file."""
        if self.failed:
            count, self.failed = len(self.failed), []
            raise PluginError(
                f"{count} page(s) could not be rendered; the previous site is left as it was"
            )
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Resolve wikilinks and markers in the site's own pages."""
        build = self.build
        if build is not None and build.pagefind is not None:
            # Pagefind answers searches: Material's search leaves the page alone.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
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
                f"{link.message}"
            )
        return converted

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """On a record page, mark its kind's index (and so its tab) active:
        record pages are out of the navigation, but the reader is in that section."""
        build = self.build
        if build is not None and page.file.src_uri in build.records:
            section = build.section_of(page.file.src_uri)
            for item in nav.pages:
                if item.file.src_uri == section and item is not page:
                    item.active = True
                    self._lit = item
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add the feed link, Open Graph tags, JSON-LD to record pages and,
        with Pagefind, what it indexes."""
        if self._lit is not None:
            self._lit.active = False
            self._lit = None
        if self.build is None:
            return output
        return self.build.post_page(
            page.file.src_uri, output, page.title or "", str(page.meta.get("description") or "")
        )

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the written site for Pagefind (when it is on), then put the
        finished site in place of the old one."""
        if self.build is not None:
            self.build.stop()
            try:
                self.build.index_search(Path(config.site_dir))
            except SearchError as error:
                raise PluginError(str(error)) from None
        if self.staging is not None:
            built, site_dir = self.staging
            self.staging = None
            config.site_dir = site_dir
            try:
                replace_site(built, Path(site_dir))
            except OSError as error:
                raise PluginError(
                    f"{site_dir}: the site was built in {built} but could not be moved "
                    f"into place: {error}"
                ) from None

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the workers; drop the half-built site, leaving the old one."""
        self.failed = []
        if self.build is not None:
            self.build.stop()
        if self.staging is not None:
            built, _ = self.staging
            self.staging = None
            shutil.rmtree(built, ignore_errors=True)

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


def _without(items: list[Any], records: Collection[str]) -> list[Any]:
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
