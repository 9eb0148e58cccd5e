"""Where every page lives: one rule for source paths and URLs.

A record ``openai`` of kind ``entity`` is written as ``entities/openai.md``
and served at ``entities/openai/`` (or ``entities/openai.html`` when the
site sets ``use_directory_urls: false``). Views and indexes are
``<folder>/index.md``; a part of a split index or view is
``<folder>/parts/<slug>.md`` (no record can live there). Every link the
engine writes in raw HTML (charts, descriptions, the at-a-glance block) and
every absolute URL (JSON-LD, the feed) comes from here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin


@dataclass(frozen=True, slots=True)
class Urls:
    """The URL scheme of one site."""

    directory_urls: bool = True
    site_url: str = ""

    @staticmethod
    def record_src(folder: str, record_id: str) -> str:
        """The Markdown source of a record page: ``entities/openai.md``."""
        return f"{folder}/{record_id}.md"

    @staticmethod
    def index_src(folder: str) -> str:
        """The Markdown source of a folder's index page: ``entities/index.md``."""
        return f"{folder}/index.md" if folder else "index.md"

    @staticmethod
    def part_src(folder: str, slug: str) -> str:
        """The Markdown source of a part of a split page: ``events/parts/2024.md``."""
        return f"{folder}/parts/{slug}.md"

    def url(self, src: str) -> str:
        """The site-relative URL a Markdown source is served at."""
        stem = src.removesuffix(".md")
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        if stem == "README" or stem.endswith("/README"):
            return stem.removesuffix("README")
        return stem + "/"

    def relative(self, from_src: str, to_src: str) -> str:
        """The URL of ``to_src`` relative to the page of ``from_src``."""
        return relative_url(self.url(from_src), self.url(to_src))

    def shortest(self, from_src: str, to_src: str) -> str:
        """``relative``, spelled as MkDocs spells a link: the shortest path."""
        return shortest_url(self.url(from_src), self.url(to_src))

    def absolute(self, src: str) -> str:
        """The absolute URL of a page (site-relative when there is no site URL)."""
        return absolute(self.site_url, self.url(src))

    def file_url(self, from_src: str, path: str) -> str:
        """A plain file (``feed.xml``, ``data/dossier.json``) relative to a page."""
        base = self.url(from_src)
        return relative_url(base, path)


def relative_src(from_src: str, to_src: str) -> str:
    """Relative link between two Markdown sources, as MkDocs resolves them."""
    here, _, _ = from_src.rpartition("/")
    there, _, name = to_src.rpartition("/")
    if "/" not in here and "/" not in there:  # the common case, one folder deep
        if here == there:
            return name
        return f"../{to_src}" if here else to_src
    return posixpath.relpath(to_src, here or ".")


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative URLs (``entities/x/``, ``a.html``)."""
    if from_url.endswith("/") and to_url.endswith("/") and from_url.count("/") <= 2:
        # Directory URLs one or two folders deep, the usual case: no path maths.
        if to_url == from_url:
            return "./"
        if from_url and to_url.startswith(from_url):
            return to_url[len(from_url) :]
        return "../" * from_url.count("/") + to_url
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    base = base.rstrip("/")
    if not base:
        return to_url or "./"
    if to_url.startswith(base + "/"):
        rest = to_url[len(base) + 1 :]
        return rest or "./"
    rel = posixpath.relpath(to_url or ".", base)
    if to_url.endswith("/") or not to_url:
        return rel.rstrip("/") + "/" if rel != "." else "./"
    return rel


def absolute(site_url: str, path: str) -> str:
    """A site path made absolute; plain concatenation for a site URL ending
    in "/" (``urljoin`` costs more than the rest of a JSON-LD block)."""
    if not site_url or site_url.endswith("/"):
        return site_url + path
    return urljoin(site_url, path)


def shortest_url(from_url: str, to_url: str) -> str:
    """The shortest relative link between two site-relative URLs, as MkDocs'
    ``get_relative_url`` writes it (``../b/``, ``./``, ``b.html``)."""
    head, _, tail = from_url.rpartition("/")
    base = [part for part in (head if "." in tail else from_url).split("/") if part]
    target = [part for part in to_url.split("/") if part]
    common = 0
    for here, there in zip(base, target, strict=False):
        if here != there:
            break
        common += 1
    path = "/".join([".."] * (len(base) - common) + target[common:]) or "."
    return path + "/" if to_url.endswith("/") or not to_url else path
