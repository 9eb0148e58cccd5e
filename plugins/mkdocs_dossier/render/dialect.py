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
import re
import unicodedata
from typing import Protocol

from markupsafe import Markup

from ..icons import icon_svg
from ..urls import relative_src
from .markup import VISIBLE_BIDI


class Dialect(Protocol):
    """How a generator's Markdown spells links, icons, HTML blocks and metadata."""

    def link(self, label: Markup, target_src: str, from_src: str) -> Markup:
        """A link from page ``from_src`` to the page ``target_src``."""
        ...

    def icon(self, name: str) -> Markup:
        """An icon by name (``material/calendar``), inline."""
        ...

    def html_block(self, content: str) -> Markup:
        """Raw HTML the Markdown processor must pass through as it is."""
        ...

    def front_matter(self, meta: dict[str, object]) -> str:
        """The page's metadata block."""
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
        svg = icon_svg(name)
        return Markup(f'<span class="twemoji">{svg}</span>') if svg else Markup("")

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

    def slug(self, heading: str) -> str:
        value = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
        value = re.sub(r"[^\w\s-]", "", value).strip().lower()
        return re.sub(r"[-\s]+", "-", value)


def _escaped(value: object) -> str:
    """HTML-escaped, direction controls shown rather than obeyed."""
    return html.escape(str(value), quote=True).translate(VISIBLE_BIDI)


DIALECT: Dialect = MaterialDialect()
