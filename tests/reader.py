"""Finding Markdown and escaping artefacts in a built site's HTML.

A page's visible text (outside ``<code>``, ``<pre>``, ``<script>``,
``<style>`` and ``<svg>``) must never show syntax that a Markdown step
failed to convert or escaped twice. Its article has no link that says only
"link" or "here", and no section heading with nothing under it.
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
    ("emphasis left as text", re.compile(r"\*\*[^*\s][^*]*\*\*|(?<!\w)__[^_\s][^_]*__")),
    ("link left as text", re.compile(r"\]\((?:https?:|\.{0,2}/|#)")),
]
#: What a link must not say all by itself: it names nothing.
_VAGUE_LINK = re.compile(r"^(?:link|here|click here|this|more|read more)$", re.IGNORECASE)
#: Headings that open a section of an article.
_SECTIONS = {"h2", "h3"}
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
        self.in_article = False
        #: Each link in the article: its text so far (None outside a link).
        self.link: list[str] | None = None
        self.links: list[str] = []
        #: The open section heading (tag, text) and whether anything followed it.
        self.heading: tuple[str, list[str]] | None = None
        self.in_heading = False
        self.filled = True
        self.empty: list[str] = []

    def _close_section(self, level: str | None) -> None:
        """A heading of ``level`` (None: the end of the article) starts."""
        if self.heading is not None and not self.filled:
            tag, text = self.heading
            if level is None or level <= tag:  # h2 after h3 ends neither
                self.empty.append("".join(text).strip())
        if level is None or (self.heading is not None and level <= self.heading[0]):
            self.heading = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article = True
        if tag in _SKIPPED:
            self.skipping += 1
            if self.heading is not None and not self.in_heading:
                self.filled = True  # a chart or code block fills a section
        elif tag == "p" and not self.skipping:
            self.paragraph = []
        if not self.in_article:
            return
        if tag in _SECTIONS or tag == "h1":
            self._close_section(tag)
            if tag in _SECTIONS:
                self.heading, self.in_heading, self.filled = (tag, []), True, False
        elif tag in ("img", "table", "iframe") and not self.in_heading:
            self.filled = True
        if tag == "a" and not self.in_heading:
            self.link = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "p" and self.paragraph is not None:
            self.paragraphs.append("".join(self.paragraph))
            self.paragraph = None
        if tag in _SECTIONS and self.in_heading:
            self.in_heading = False
        if tag == "a" and self.link is not None:
            self.links.append("".join(self.link).strip())
            self.link = None
        if tag == "article" and self.in_article:
            self._close_section(None)
            self.in_article = False

    def handle_data(self, data: str) -> None:
        if self.in_heading and self.heading is not None:
            self.heading[1].append(data)
        elif self.heading is not None and data.strip():
            self.filled = True
        if self.skipping:
            return
        self.texts.append(data)
        if self.paragraph is not None:
            self.paragraph.append(data)
        if self.link is not None:
            self.link.append(data)


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
    for text in parser.links:
        if _VAGUE_LINK.match(text):
            yield Artefact(name, "link that names nothing", text)
    for heading in parser.empty:
        yield Artefact(name, "section with nothing in it", heading)


def site_artefacts(site: Path) -> list[Artefact]:
    """Every artefact in every HTML page of a built site."""
    found: list[Artefact] = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        found.extend(artefacts_in(name, page.read_text(encoding="utf-8")))
    return found
