"""The plugin's events: each hands its work to the engine's ``SiteBuild``."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from watchdog.observers.api import BaseObserver

from ..build import ContentError, SiteBuild
from ..load import FileChanges
from ..problems import Problem, Severity
from ..render.parallel import RenderFailure
from ..search import SearchError
from .config import DossierConfig
from .convert import MIN_PAGES, Converters, Writers, converters_for, writers_for
from .files import KeptPages, page_addresses, page_markdown, register, without
from .setup import bring_what_pages_need, site_build, split_at_word_breaks
from .staging import Staging
from .theme import OUTSIDE_NAV, KeptTheme, with_record_templates
from .watch import watch_folder

log = logging.getLogger("mkdocs.plugins.dossier")


class DossierPlugin(BasePlugin[DossierConfig]):
    """Validates the records and adds a page for each, plus the indexes and views."""

    def __init__(self) -> None:
        self.serving = False
        self.swap = False
        self.build: SiteBuild | None = None
        self.staging: Staging | None = None
        self.failed: list[Problem] = []
        self._lit: Page | None = None
        self._in_nav: set[str] = set()
        self.converters: Converters | None = None
        self.writers: Writers | None = None
        self._nav_of_build: Navigation | None = None
        self.kept = KeptPages()
        self.theme = KeptTheme()
        self._watching: BaseObserver | None = None
        self._generated: dict[str, File] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note ``serve``, which must survive bad input, and a full build,
        which must not touch the site folder until it is done."""
        self.serving = command == "serve"
        self.swap = command in ("build", "gh-deploy") and not dirty

    @event_priority(50)  # before the search plugin reads its options
    def _search_options(self, config: MkDocsConfig) -> None:
        """Let Material's search split the words it cut Chinese text into."""
        if self.config.enabled:
            split_at_word_breaks(config)

    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Set up the build from the options; add what the pages need."""
        previous = self.build
        self.build = site_build(config, self.config, self.serving)
        if previous is not None:  # a `serve` rebuild keeps its caches and good pages
            self.build.adopt(previous)
        if self.swap and self.config.enabled:
            self.staging = Staging(config)
        bring_what_pages_need(config, self.build, self.config.external_fonts)
        return config

    on_config = CombinedEvent(_search_options, _on_config)

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
        self._generated = register(
            files, config, self.build, self.serving, self.kept if self.serving else None
        )
        return files

    def _nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Without a ``nav`` of the site's own, keep record pages out of it, so
        a page's size does not grow with the dossier."""
        if config.nav is None and self.build is not None:
            nav.items = without(nav.items, {*self.build.records, *self.build.part_pages})
        self._in_nav = {page.file.src_uri for page in nav.pages}
        self._nav_of_build = nav
        return nav

    @event_priority(-100)  # once every plugin is done with the files and the navigation
    def _convert(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """In a large build, fork the workers that convert generated pages."""
        build = self.build
        rendering = build.rendering if build is not None else None
        if build is not None and rendering is not None and rendering.on_demand:
            self.converters = converters_for(
                config,
                files,
                set(build.pages),
                build.markdown,
                lambda markdown, page: self.on_page_markdown(
                    markdown, page=page, config=config, files=files
                ),
                rendering.jobs,
                # A number of jobs the site asked for is used whatever the size.
                minimum=MIN_PAGES if build.jobs == 0 else 0,
            )
        return nav

    on_nav = CombinedEvent(_nav, _convert)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Give a generated page its Markdown, once its worker has rendered it;
        a page that failed is reported, and the build refuses in ``on_env``."""
        build = self.build
        if build is not None and build.rendering is not None and page.file.src_uri in build.pages:
            converters = self.converters
            source = converters.take(page.file.src_uri) if converters is not None else None
            if source is not None and converters is not None:
                page.file.content_string = source
                page.render = partial(converters.render, page)  # type: ignore[method-assign]
                return page
            try:
                page.file.content_string = build.markdown(page.file.src_uri)
            except RenderFailure as failure:
                for problem in failure.problems:
                    log.error(problem.format_text())
                self.failed += failure.problems
                page.file.content_string = "# Not rendered\n"
        return page

    @event_priority(110)  # before the tags plugin renders its listings with it
    def _theme(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Give the navigation the table of contents of pages outside it, and
        the tags listing each record's kind, date and badge."""
        build = self.build
        if build is None or not self.config.enabled:
            return env
        if self.serving:
            # The same files at the same addresses are the same pages.
            self.theme.reuse(
                env, config.theme, files.src_uris, Path(config.site_dir), page_addresses(config)
            )
        return with_record_templates(env, build.kind_line)

    def _on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Refuse a build in which a page failed, before MkDocs writes any file."""
        self._stop_converting()
        if self.failed:
            count, self.failed = len(self.failed), []
            raise PluginError(
                f"{count} page(s) could not be rendered; the previous site is left as it was"
            )
        return env

    @event_priority(-100)  # once every plugin is done with the environment
    def _write_pages(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """In a large full build, fork the workers that render and write
        generated pages."""
        build, nav = self.build, self._nav_of_build
        if self.swap and build is not None and build.rendering is not None and nav is not None:
            jobs = build.rendering.jobs
            self.writers = writers_for(
                config,
                files,
                nav,
                env,
                set(build.pages),
                build.page_file_written,
                jobs,
                minimum=MIN_PAGES if build.jobs == 0 else 0,
                mine=self,
            )
            if self.writers is not None:
                self.writers.start(jobs - 1)
        return env

    on_env = CombinedEvent(_theme, _on_env, _write_pages)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Resolve wikilinks and markers in the site's own pages."""
        build = self.build
        if build is not None and build.pagefind is not None:
            # Pagefind answers searches: Material's search leaves the page alone.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if build is None or page.file.src_uri in build.pages:
            if build is not None and not self.serving:
                # Nothing reads a generated page's file again once read: let
                # its text go (a large site's pages would be held twice).
                page.file.content_string = ""
            return (build.banner or "") + "\n" + markdown if build and build.banner else markdown
        return page_markdown(build, page, markdown, Path(config.docs_dir))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep a generated page's lists of other records out of search."""
        return html if self.build is None else self.build.page_content(page.file.src_uri, html)

    @event_priority(-60)  # after the tags plugin gives the page its tags
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """On a record page, mark its kind's index (and so its tab) active:
        record pages are out of the navigation, but the reader is in that section.
        A page outside the navigation gets its table of contents in the drawer."""
        cast(dict[str, Any], context)[OUTSIDE_NAV] = page.file.src_uri not in self._in_nav
        build = self.build
        if build is not None and page.file.src_uri in build.records:
            _link_tags(context, build, page.file.src_uri)
            section = build.section_of(page.file.src_uri)
            for item in nav.pages:
                if item.file.src_uri == section and item is not page:
                    item.active = True
                    self._lit = item
        return context

    def _post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add the feed link, Open Graph tags, JSON-LD to record pages and,
        with Pagefind, what it indexes."""
        if self._lit is not None:
            self._lit.active = False
            self._lit = None
        if self.build is None or (self.writers is not None and self.writers.theirs(page)):
            return output
        description = str(page.meta.get("description") or "")
        return self.build.post_page(page.file.src_uri, output, page.title or "", description)

    @event_priority(-100)  # after every other plugin has changed the page
    def _written(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Hand the page, as it will be written, to the search index."""
        writers = self.writers
        if writers is not None and (writers.theirs(page) or writers.index_later(page)):
            return output
        if self.build is not None:
            self.build.page_written(page.file.dest_uri, output)
        return output

    on_post_page = CombinedEvent(_post_page, _written)

    @event_priority(100)  # before any other plugin reads the written site
    def _pages_written(self, *, config: MkDocsConfig) -> None:
        """Let the workers writing pages go."""
        writers, self.writers = self.writers, None
        if writers is None:
            return
        writers.finish()
        log.debug(f"{writers.used} pages written by workers")

    @event_priority(-100)  # after every other plugin has written its files
    def _on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the written site for Pagefind (when it is on; else add the
        records' names to Material's index), then put the finished site in
        place of the old one."""
        if self.serving:
            # Before the data files' process is forked: once it is, each page
            # touched here would be copied (copy-on-write) for the parent.
            generated, self._generated = self._generated, {}
            self.kept.keep(config, generated)
        if self.build is not None:
            self.build.write_data(Path(config.site_dir))
            try:
                material = "material/search" in config.plugins
                self.build.index_search(Path(config.site_dir), material)
            except SearchError as error:
                raise PluginError(str(error)) from None
            finally:
                self.build.stop()
        if self.staging is not None:
            staging, self.staging = self.staging, None
            staging.finish(config)

    on_post_build = CombinedEvent(_pages_written, _on_post_build)

    def _stop_converting(self) -> None:
        if self.converters is not None:
            converters, self.converters = self.converters, None
            converters.close()
            log.debug(f"{converters.used} pages converted to HTML by workers")

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the workers; drop the half-built site, leaving the old one."""
        self._stop_converting()
        if self.writers is not None:
            writers, self.writers = self.writers, None
            writers.close()
        self.failed = []
        self.kept.drop()
        self._generated = {}
        if self.build is not None:
            self.build.stop()
        if self.staging is not None:
            staging, self.staging = self.staging, None
            staging.drop()

    def on_shutdown(self) -> None:
        """Stop the workers and remove the staged pages of ``mkdocs serve``."""
        self._stop_watching()
        if self.build is not None:
            self.build.close()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a record changes."""
        if self.config.enabled and self.build is not None:
            self._stop_watching()
            folder = str(self.build.content_dir)
            changes = FileChanges(folder)
            self._watching = watch_folder(server, folder, changes)
            # Without the system's notifications nothing says what changed.
            self.build.changes = changes if self._watching is not None else None
        return server

    def _stop_watching(self) -> None:
        if self._watching is not None:
            watching, self._watching = self._watching, None
            watching.stop()


def _link_tags(context: TemplateContext, build: SiteBuild, src: str) -> None:
    """A record page's tags that no listing of Material's shows (the tags
    have pages of their own) link to the page listing the record."""
    for tag in cast(dict[str, Any], context).get("tags") or ():
        links = getattr(tag, "links", None)
        if links is None or links:
            continue
        url = build.tag_page(tag.name, src)
        if url is not None:
            links.append(Link(tag.name, url))
