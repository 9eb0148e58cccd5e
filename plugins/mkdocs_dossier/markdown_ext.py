"""A Python-Markdown extension for the site's own pages, without the plugin.

With a generator that does not run MkDocs plugins (Zensical) the generated
pages come from ``dossier render``; the hand-written pages still hold
``[[id]]`` wikilinks and the ``<!-- dossier:… -->`` markers. This extension
resolves them through ``SiteBuild.process_page``, the code the plugin runs,
so both render the same::

    markdown_extensions:
      - mkdocs_dossier.markdown_ext:
          content_dir: content

The dossier is read once per process and read again only when a file under
the content folder changes. Under Zensical the extension also gives each
page what the plugin adds to ``<head>`` (the feed link, JSON-LD on record
pages) as the page's ``dossier_head`` metadata, which the theme override's
``extrahead`` block prints. Under MkDocs with the plugin there is nothing
left to do: the plugin has already resolved the page.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .build import DICTIONARY_MARKER, SiteBuild
from .engine import check_content
from .history import last_updated
from .project import Project, ProjectError, load_project
from .render import SiteRenderer, src_uri

log = logging.getLogger("mkdocs.extensions.dossier")

#: Runs before Python-Markdown's raw HTML blocks (priority 20) are set aside,
#: so a page is resolved exactly as the plugin resolves it.
PRIORITY = 28
#: The page metadata the theme override prints in ``<head>``.
HEAD_META = "dossier_head"


@dataclass(slots=True)
class _Loaded:
    stamp: tuple[int, int]
    build: SiteBuild | None
    generated: frozenset[str]


_CACHE: dict[tuple[str, str], _Loaded] = {}


class DossierExtension(Extension):
    """Resolves wikilinks and markers in hand-written pages."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "content_dir": ["", "records folder (default: the plugin's content_dir, else content)"],
            "config_file": ["", "the site's mkdocs.yml (default: the nearest one)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Resolver(md, self), "dossier", PRIORITY)
        md.treeprocessors.register(_RawLinks(md, self), "dossier_raw_links", 0)


class _Resolver(Preprocessor):
    def __init__(self, md: Markdown, extension: DossierExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        src, page = page_source(self.md)
        markdown = "\n".join(lines)
        wanted = SiteBuild.shows_records(markdown) or DICTIONARY_MARKER in markdown
        if not wanted and page is None:
            return lines
        loaded = load(
            self.extension.getConfig("content_dir"), self.extension.getConfig("config_file")
        )
        build = loaded.build
        if build is None:
            return lines
        if page is not None:  # Zensical: what the plugin would add to <head>
            page.meta[HEAD_META] = build.head(src)
        if not wanted or src in loaded.generated:
            return lines
        converted, unknown = build.process_page(src, markdown)
        for link in unknown:
            log.warning(
                f"{src}:{link.line}:{link.column}: wikilink [[{link.target}]] names no record"
            )
        return converted.split("\n")


class _RawLinks(Treeprocessor):
    """Zensical resolves every relative link in a page from the page's source
    folder, raw HTML included, where MkDocs leaves raw HTML alone. The engine
    writes raw HTML links relative to the page's URL (as the browser reads
    them), so under Zensical they are restated from the source folder here,
    and Zensical's rewriting turns them back into what the plugin serves."""

    def __init__(self, md: Markdown, extension: DossierExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Any) -> None:
        src, page = page_source(self.md)
        if page is None:
            return
        loaded = load(
            self.extension.getConfig("content_dir"), self.extension.getConfig("config_file")
        )
        if loaded.build is None:
            return
        page_dir = loaded.build.urls.url(src).rstrip("/")
        if not loaded.build.urls.directory_urls or src.endswith(("index.md", "README.md")):
            return
        source_dir = posixpath.dirname(src)
        stash = self.md.htmlStash.rawHtmlBlocks
        for position, block in enumerate(stash):
            if isinstance(block, str) and ("href=" in block or "src=" in block):
                stash[position] = _RELATIVE.sub(
                    lambda m: m.group(1) + _restated(m.group(2), page_dir, source_dir) + '"',
                    block,
                )


_RELATIVE = re.compile(r'(\s(?:href|src)=")((?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)[^"]*)"')


def _restated(href: str, page_dir: str, source_dir: str) -> str:
    """``href``, relative to the folder ``page_dir``, as relative to ``source_dir``."""
    path, mark, rest = href.partition("?") if "?" in href else href.partition("#")
    if not path:
        return href
    target = posixpath.normpath(posixpath.join(page_dir, html.unescape(path)))
    restated = posixpath.relpath(target, source_dir or ".")
    if path.endswith("/") and not restated.endswith("/"):
        restated += "/"
    return html.escape(restated, quote=True) + mark + rest


def page_source(md: Markdown) -> tuple[str, Any]:
    """The page being converted (its path in the docs folder), and Zensical's
    page object when there is one; ``index.md`` when the generator says nothing."""
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None  # noqa: SIM401 - a Registry has no get()
    file = getattr(relpath, "file", None)
    if file is not None and isinstance(getattr(file, "src_uri", None), str):
        return file.src_uri, None  # MkDocs and ProperDocs
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        path = getattr(page, "path", None)
        if isinstance(path, str) and isinstance(getattr(page, "meta", None), dict):
            return path.replace(os.sep, "/").lstrip("/"), page  # Zensical
    return "index.md", None


def load(content_dir: str = "", config_file: str = "") -> _Loaded:
    """The dossier of ``content_dir``, checked and linked, from the cache
    unless a file under it has changed since."""
    try:
        project = load_project(config_file or None)
    except ProjectError as error:
        log.error(str(error))
        return _Loaded((0, 0), None, frozenset())
    content = (project.root / content_dir).resolve() if content_dir else project.content_dir
    key = (str(content), str(project.config_file))
    stamp = _stamp(content)
    cached = _CACHE.get(key)
    if cached is not None and cached.stamp == stamp:
        return cached
    loaded = _Loaded(stamp, _linked(project, content), frozenset())
    if loaded.build is not None and loaded.build.renderer is not None:
        loaded.generated = frozenset(loaded.build.renderer.all_uris())
    _CACHE[key] = loaded
    return loaded


def _linked(project: Project, content: Path) -> SiteBuild | None:
    """A ``SiteBuild`` with the link index and renderer, without the pages."""
    from .render_files import RenderError, site_build

    try:
        build = site_build(project)
    except RenderError as error:
        log.error(str(error))
        return None
    build.content_dir = content
    checked = check_content(content, project.root, registry=build.registry)
    for problem in checked.problems:
        (log.error if problem.is_error else log.debug)(problem.format_text())
    if checked.index is None:
        log.error(
            f"{content}: the dossier has errors; wikilinks stay unresolved "
            "(dossier validate lists the problems)"
        )
        return None
    updated = last_updated(content, project.root)
    build.index = checked.index
    build.renderer = SiteRenderer(checked.index, build.template_dirs, updated, build.urls)
    build.records = {src_uri(r): r for r in checked.index.records.values()}
    return build


def _stamp(folder: Path) -> tuple[int, int]:
    """The newest modification time under ``folder`` and the count of entries."""
    newest, count = 0, 0
    stack = [folder]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                count += 1
                try:
                    newest = max(newest, entry.stat(follow_symlinks=False).st_mtime_ns)
                except OSError:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
    with contextlib.suppress(OSError):
        newest = max(newest, folder.stat().st_mtime_ns)
    return newest, count


def makeExtension(**kwargs: Any) -> DossierExtension:
    """Python-Markdown's entry point for ``mkdocs_dossier.markdown_ext``."""
    return DossierExtension(**kwargs)
