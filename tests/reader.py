"""Finding Markdown and escaping artefacts in a built site's HTML.

A page's visible text (outside ``<code>``, ``<pre>``, ``<script>``,
``<style>`` and ``<svg>``) must never show syntax that a Markdown step
failed to convert or escaped twice.
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Elements whose content is not prose.
_SKIPPED = {"code", "pre", "script", "style", "svg", "textarea", "template"}
#: Text that must not appear in prose.
_INLINE = [
    ("double-escaped entity", re.compile(r"&#\d+;|&amp;#|&[a-z]+;")),
    ("wikilink left as text", re.compile(r"\[\[[^\]]*\]\]")),
    ("attribute list left as text", re.compile(r"\{:\s*[^}]*\}")),
    (
        "icon shortcode",
        re.compile(r"(?<![\w/]):(?:material|fontawesome|octicons|simple)-[a-z0-9-]+:"),
    ),
    ("markdown attribute as text", re.compile(r'markdown="')),
]
#: A paragraph's text must not start like a block the Markdown step missed.
_BLOCK_START = re.compile(r"^(?:> |- |\* |#{1,6} )")


@dataclass(frozen=True)
class Artefact:
    page: str
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}: {self.excerpt!r}"


class _Prose(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.paragraph: list[str] | None = None
        self.texts: list[str] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "p" and not self.skipping:
            self.paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "p" and self.paragraph is not None:
            self.paragraphs.append("".join(self.paragraph))
            self.paragraph = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.texts.append(data)
        if self.paragraph is not None:
            self.paragraph.append(data)


def artefacts_in(name: str, document: str) -> Iterator[Artefact]:
    """The artefacts in one page's HTML."""
    parser = _Prose()
    parser.feed(document)
    for data in parser.texts:
        for what, pattern in _INLINE:
            match = pattern.search(data)
            if match:
                start = max(0, match.start() - 30)
                yield Artefact(name, what, data[start : match.end() + 30])
    for paragraph in parser.paragraphs:
        if _BLOCK_START.match(paragraph.lstrip("\n")):
            yield Artefact(name, "paragraph starting like a block", paragraph[:60])


def site_artefacts(site: Path) -> list[Artefact]:
    """Every artefact in every HTML page of a built site."""
    found: list[Artefact] = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        found.extend(artefacts_in(name, page.read_text(encoding="utf-8")))
    return found
