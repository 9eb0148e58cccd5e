"""What the engine made, as MkDocs files, and a navigation without records."""

from __future__ import annotations

import logging
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


def register(files: Files, config: MkDocsConfig, build: SiteBuild, serving: bool) -> Files:
    """Add the generated pages, the assets, the data files and a home page.

    A page of the site's own at a generated path is replaced with a warning;
    one that ``dossier render`` wrote, silently. Under ``serve`` the pages
    are staged on disk, so that ``--dirty`` rebuilds only those that changed,
    and hand-written pages that show records are rebuilt on every reload.
    """
    for uri in rendered_paths(Path(config.docs_dir)):
        existing = files.get_file_from_path(uri)
        if existing is not None and not existing.generated_by:
            files.remove(existing)
    for uri, markdown in build.pages.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            log.warning(f"{existing.src_uri} in docs_dir is replaced by the generated page")
            files.remove(existing)
        if serving:
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
    if serving:
        for file in list(files.documentation_pages()):
            if not file.generated_by and build.shows_records(file.content_string):
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=file.content_string))
    return files


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
