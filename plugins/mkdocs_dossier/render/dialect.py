"""What is specific to the site generator: MkDocs + Material + Python-Markdown.

The rest of the engine writes neutral structure (text, links between page
sources, icons by name, raw HTML blocks) and asks the dialect how to spell
it. ``MaterialDialect`` is the one this package ships; another generator
that reads Material-flavoured Markdown (ProperDocs, Zensical) reads the
same output, which ``dossier render`` writes to files.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import secrets
import unicodedata
from collections.abc import Container
from typing import Protocol

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from ..icons import icon_svg
from ..urls import Urls, relative_src
from .markup import VISIBLE_BIDI


class Dialect(Protocol):
    """How a generator's Markdown spells links, icons, HTML blocks and metadata."""

    def link(self, label: Markup, target_src: str, from_src: str) -> Markup:
        """A link from page ``from_src`` to the page ``target_src``."""
        ...

    def icon(self, name: str) -> Markup:
        """An icon by name (``material/calendar``), inline."""
        ...

    def inline_html(self, content: str) -> Markup:
        """Raw inline HTML the Markdown processor must pass through as it is."""
        ...

    def html_block(self, content: str) -> Markup:
        """Raw HTML the Markdown processor must pass through as it is."""
        ...

    def front_matter(self, meta: dict[str, object]) -> str:
        """The page's metadata block."""
        ...

    def finished(self, markdown: str, src: str, pages: Container[str], urls: Urls) -> str:
        """A generated page's Markdown (at ``src``) as the generator is handed
        it; ``pages`` holds the source paths of every generated page, served
        at the URLs of ``urls``."""
        ...

    def slug(self, heading: str) -> str:
        """The anchor the generator gives a heading."""
        ...


class MaterialDialect:
    """MkDocs with Material and Python-Markdown.

    - Links name the target's ``.md`` source, relative to the page, so MkDocs
      checks them and honours ``use_directory_urls``.
    - Icons are Material's own SVG inline (as ``pymdownx.emoji`` would write
      them), so pages show them whatever extensions the site configures.
    - HTML blocks sit between blank lines inside a ``<div>``, which
      Python-Markdown passes through without parsing.
    - Front matter is YAML; the title is stored HTML-escaped because MkDocs'
      and Material's templates print ``page.meta.title`` unescaped.
    - Heading anchors follow the ``toc`` extension's default slugify.
    """

    def link(self, label: Markup, target_src: str, from_src: str) -> Markup:
        return Markup(f"[{label}]({relative_src(from_src, target_src)})")

    def icon(self, name: str) -> Markup:
        html = icon_html(name)
        return self.inline_html(html) if html else Markup("")

    def inline_html(self, content: str) -> Markup:
        return Markup(content)

    def html_block(self, content: str) -> Markup:
        return Markup(f'\n<div class="dossier-html" markdown="0">\n{content}\n</div>\n')

    def front_matter(self, meta: dict[str, object]) -> str:
        # JSON strings are valid YAML scalars, and much faster to write.
        lines = ["---"]
        for key, value in meta.items():
            if key in ("title", "description") and isinstance(value, str):
                # Printed unescaped by the theme: escaped here.
                value = _escaped(value)
            if isinstance(value, list | tuple):
                if not value:
                    continue
                lines.append(f"{key}:")
                # Tags too are printed unescaped by Material's templates.
                lines.extend(
                    "- " + json.dumps(_escaped(item) if key == "tags" else item, ensure_ascii=False)
                    for item in value
                )
            elif value is not None:
                lines.append(f"{key}: " + json.dumps(value, ensure_ascii=False))
        return "\n".join(lines) + "\n---\n\n"

    def finished(self, markdown: str, src: str, pages: Container[str], urls: Urls) -> str:
        return markdown

    def slug(self, heading: str) -> str:
        value = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
        value = re.sub(r"[^\w\s-]", "", value).strip().lower()
        return re.sub(r"[-\s]+", "-", value)


def icon_html(name: str) -> str:
    """An icon as ``pymdownx.emoji`` writes Material's icons inline, or ""."""
    svg = icon_svg(name)
    return f'<span class="twemoji">{svg}</span>' if svg else ""


#: Opens and closes a stashed fragment: private-use characters, then a
#: secret made anew in each build process (its workers inherit it).
_OPEN = "\ue000" + secrets.token_hex(8)
_CLOSE = "\ue001"
_STASHED = re.compile(re.escape(_OPEN) + "([^\ue001]*)" + _CLOSE)


class StashingDialect(MaterialDialect):
    """``MaterialDialect`` for pages converted with ``StashedHTML``: inline
    HTML reaches Python-Markdown already stashed.

    Python-Markdown passes raw inline HTML through one tag at a time: an
    inline pattern matches each tag and stashes it, and the text after it
    is scanned again. A badge is six tags, and a record page has ten
    badges. Here each fragment is one token: the HTML between two private-use
    characters, the first followed by the secret; the extension's preprocessor
    (the first to run after whitespace is normalised) puts
    the HTML of each token in Python-Markdown's own stash, as its pattern
    would have, and the page comes out the same. Record text cannot spell a
    token, not knowing the secret. Links to generated pages are handed over
    the same way, as ``<a>`` elements with the URLs MkDocs would write
    (``finished``): they need neither Python-Markdown's link pattern nor
    MkDocs' pass over every link, and they lead to pages the plugin makes.
    """

    def inline_html(self, content: str) -> Markup:
        return Markup(_token(content))

    def finished(self, markdown: str, src: str, pages: Container[str], urls: Urls) -> str:
        """Links to generated pages become stashed ``<a>`` elements with the
        URLs MkDocs would give them. Only links whose label holds nothing
        Markdown or its extensions could change (text, character references)
        are; MkDocs checks the others as usual."""
        here = posixpath.dirname(src)

        def anchor(match: re.Match[str]) -> str:
            target = posixpath.normpath(posixpath.join(here, match.group(2)))
            if target not in pages:
                return match.group(0)
            href = urls.shortest(src, target)
            return _token(f'<a href="{href}">{match.group(1)}</a>')

        return _MARKDOWN_LINK.sub(anchor, markdown)


#: A Markdown link to a page source, labelled with plain text only, and not
#: followed by an attribute list (which a template override may give it).
_MARKDOWN_LINK = re.compile(
    r"(?<![!\\])\[((?:[^][\n*_`\\<>&:~^=+|{}\ue000]|&#?\w+;)*)\]\(([A-Za-z0-9_./-]+\.md)\)(?!\{)"
)


def _token(content: str) -> str:
    # The two characters stand for themselves inside a fragment as references.
    inside = content.replace("\ue000", "&#57344;").replace("\ue001", "&#57345;")
    return _OPEN + inside + _CLOSE


class StashedHTML(Extension):
    """Resolves ``StashingDialect``'s tokens into Python-Markdown's HTML stash."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before HTML blocks are read (20).
        md.preprocessors.register(_Unstash(md), "dossier_stashed_html", 29)


class _Unstash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if _OPEN not in text:
            return lines
        store = self.md.htmlStash.store
        return _STASHED.sub(lambda m: store(m.group(1)), text).split("\n")


def _escaped(value: object) -> str:
    """HTML-escaped, direction controls shown rather than obeyed."""
    return html.escape(str(value), quote=True).translate(VISIBLE_BIDI)


DIALECT: Dialect = MaterialDialect()
