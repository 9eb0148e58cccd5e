"""What the engine made, as MkDocs files, and a navigation without records."""

from __future__ import annotations

import logging
import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from ..build import SiteBuild
from ..render_files import rendered_paths

log = logging.getLogger("mkdocs.plugins.dossier")


class KeptPages:
    """Under ``serve``, the ``File`` of each generated page, with its ``Page``,
    kept from one reload to the next while the page's Markdown is the same.

    A ``--dirty`` reload builds only the pages whose source is newer than
    their HTML, but MkDocs makes a new ``File`` and ``Page`` for every page
    first (the page's URLs, its canonical address). A kept one already has
    them, so MkDocs' navigation step leaves it alone, and its dirty check
    finds it unchanged as before. A change to ``mkdocs.yml``, or to
    anything else a page's addresses come from (the site's folders, URL
    style, site or repository address), drops them all, as does a build
    that failed.
    """

    def __init__(self) -> None:
        self.files: dict[str, File] = {}
        self.key: tuple[Any, ...] | None = None

    def file(self, config: MkDocsConfig, uri: str, path: str, changed: bool) -> File:
        kept = None if changed else self.files.get(uri)
        if isinstance(kept, StagedFile) and kept.abs_src_path == path:
            kept.built = True
            return kept
        return StagedFile.generated(config, uri, abs_src_path=path)

    def keep(self, config: MkDocsConfig, files: dict[str, File]) -> None:
        """The files of a build that went through. While a page stays
        unchanged its HTML and Markdown are not needed again, nor are its
        links checked again (as for the new ``Page`` MkDocs would make)."""
        for file in files.values():
            if file.page is not None:
                file.page.content = None
                file.page.markdown = None
                file.page.links_to_anchors = None
        self.files, self.key = files, page_addresses(config)

    def usable(self, config: MkDocsConfig) -> bool:
        return self.key == page_addresses(config)

    def drop(self) -> None:
        self.files, self.key = {}, None


class StagedFile(File):
    """A generated page's staged file under ``serve``. One kept from the
    previous reload, whose Markdown is the same, was built by that reload
    (into ``serve``'s own site folder, which nothing else writes to), so
    MkDocs' dirty check need not compare its two files' times again: at
    30,000 pages those are 60,000 system calls a reload."""

    #: Whether the page's HTML is known to be up to date.
    built: bool = False

    def is_modified(self) -> bool:
        return not self.built and super().is_modified()


def page_addresses(config: MkDocsConfig) -> tuple[Any, ...]:
    """What a page's ``File`` and ``Page`` take from the config."""
    try:
        written = os.stat(config.config_file_path).st_mtime_ns if config.config_file_path else 0
    except OSError:
        written = -1
    return (
        written,
        config.docs_dir,
        config.site_dir,
        config.use_directory_urls,
        config.site_url,
        config.repo_url,
        config.edit_uri,
        config.edit_uri_template,
    )


def register(
    files: Files,
    config: MkDocsConfig,
    build: SiteBuild,
    serving: bool,
    kept: KeptPages | None = None,
) -> dict[str, File]:
    """Add the generated pages, the assets, the data files and a home page;
    the generated pages' files, by source path.

    A page of the site's own at a generated path is replaced with a warning;
    one that ``dossier render`` wrote, silently. Under ``serve`` the pages
    are staged on disk, so that ``--dirty`` rebuilds only those that changed,
    and hand-written pages that show records are rebuilt on every reload;
    ``kept`` has the files of the previous reload's pages.
    """
    if kept is not None and not kept.usable(config):
        kept.drop()
    # The site's own pages, listed before thousands of generated ones join them.
    own = [file for file in files.documentation_pages() if not file.generated_by]
    generated: dict[str, File] = {}
    for uri in rendered_paths(Path(config.docs_dir)):
        existing = files.get_file_from_path(uri)
        if existing is not None and not existing.generated_by:
            files.remove(existing)
    present = files.src_uris
    for uri, markdown in build.pages.items():
        existing = present.get(uri)
        if existing is not None:
            log.warning(f"{existing.src_uri} in docs_dir is replaced by the generated page")
            files.remove(existing)
        if serving:
            path, changed = build.stage_page(uri, markdown)
            if kept is not None:
                file = kept.file(config, uri, path, changed)
            else:
                file = File.generated(config, uri, abs_src_path=path)
        else:
            file = File.generated(config, uri, content=markdown)
        files.append(file)
        generated[uri] = file
    for uri, text in build.assets().items():
        files.append(File.generated(config, uri, content=text))
    for uri, data in build.data_files:
        files.append(File.generated(config, uri, abs_src_path=str(data)))
    if not any(files.get_file_from_path(name) for name in ("index.md", "README.md")):
        files.append(File.generated(config, "index.md", content=build.home_page()))
    if serving:
        for file in own:
            if files.src_uris.get(file.src_uri) is file and build.shows_records(
                file.content_string
            ):
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=file.content_string))
    return generated


def without(items: list[Any], hidden: Collection[str]) -> list[Any]:
    """Navigation items without the pages in ``hidden``, and without
    sections left empty."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = without(item.children, hidden)
            if item.children:
                kept.append(item)
        elif not (isinstance(item, Page) and item.file.src_uri in hidden):
            kept.append(item)
    return kept


def page_markdown(build: SiteBuild, page: Page, markdown: str, docs_dir: Path) -> str:
    """A hand-written page with its wikilinks and markers resolved; each
    unknown id is a warning at its line and column in the page's file."""
    converted, unknown = build.process_page(page.file.src_uri, markdown)
    shown = _relative(docs_dir / page.file.src_uri, build.root)
    # MkDocs hands over the page without its front matter: count it back in.
    raw = page.file.content_string
    skipped = raw[: max(raw.find(markdown), 0)].count("\n")
    for link in unknown:
        log.warning(f"{shown}:{link.line + skipped}:{link.column}: {link.message}")
    return converted


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
