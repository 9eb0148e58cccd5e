"""Turning record text into page Markdown that can only ever be text.

Plain-text fields are escaped so that neither Markdown nor HTML syntax in
them survives: every ASCII punctuation character that could start a
construct becomes a numeric character reference, which Python-Markdown
passes through untouched and the browser shows as the character.

Markdown fields (``description``) are rendered here, to HTML, as GitHub
Flavored Markdown by cmark-gfm (the C library GitHub itself uses), then
cleaned by nh3 (the Ammonia sanitizer) on an allowlist: formatting stays,
raw HTML tags are removed but the words between them kept, and any link
that is not http(s) or a wikilink is dropped (wikilinks use a placeholder
scheme made anew for each renderer, which record text cannot spell). Neither step shares the
site's Markdown extensions, so no site-wide syntax (attribute lists, HTML
blocks) can reach record text.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable

import nh3
from cmarkgfm import cmark
from markupsafe import Markup

from ..fields import ID_RE, WIKILINK_RE
from ..urls import relative_url

# Characters that start inline Markdown (or HTML, entity, emoji, table,
# attribute-list) syntax anywhere in a line. "." "-" "(" and friends only
# matter at the start of a line and are handled there.
_ESCAPED = '\\`*_{}[]<>&!|~^=:+"#'
_TABLE = {ord(char): f"&#{ord(char)};" for char in _ESCAPED}
# Characters that reorder or hide text (bidirectional overrides, zero-width
# marks used to spoof) are shown as visible escapes rather than obeyed.
_BIDI = {
    code: f"&lt;U+{code:04X}&gt;"
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
}
_TABLE.update(_BIDI)
_BIDI_ONLY = dict(_BIDI)
#: Direction controls as visible escapes, for text already HTML-escaped.
VISIBLE_BIDI = _BIDI_ONLY
_TABLE[ord("\r")] = ""
_TABLE[ord("\n")] = " "
# An ordered-list marker or indentation at the start of a value.
_LINE_START = re.compile(r"^(\s+|\d+(?=[.)]))")


def text(value: object) -> Markup:
    """Inline plain text, escaped for Markdown and HTML; newlines become spaces."""
    if isinstance(value, Markup):
        return value
    escaped = str(value).translate(_TABLE)
    match = _LINE_START.match(escaped)
    if match:
        if match.group(1)[0].isdigit():
            end = match.end()
            escaped = escaped[:end] + f"&#{ord(escaped[end])};" + escaped[end + 1 :]
        else:
            escaped = "&#32;" * len(match.group(1).replace("\t", " ")) + escaped[match.end() :]
    elif escaped[:1] == "-":
        escaped = "&#45;" + escaped[1:]
    return Markup(escaped)


def lines(value: str) -> Markup:
    """Multi-line plain text as Markdown lines joined by hard breaks."""
    parts = value.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    return Markup("<br>\n".join(str(text(part)) for part in parts))


def blockquote(value: str) -> Markup:
    """Plain text as a Markdown blockquote, paragraphs kept."""
    parts = value.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    return Markup("\n".join(f"> {text(part)}" if part.strip() else ">" for part in parts))


def attr(value: object) -> Markup:
    """A value for an HTML attribute written by a template."""
    return Markup(html.escape(str(value), quote=True))


_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
# Tables, bare-URL links and ~~strikethrough~~, as on GitHub. Task lists are
# left out: their checkboxes are <input> elements, which are not allowed.
_GFM_EXTENSIONS = ("table", "autolink", "strikethrough")


def _link_filter(scheme: str) -> Callable[[str, str, str], str | None]:
    """nh3's attribute filter: an ``href`` survives only if it is http(s) or
    one of this renderer's own wikilink placeholders."""
    allowed = ("http://", "https://", scheme)

    def keep_safe_links(element: str, attribute: str, value: str) -> str | None:
        if attribute == "href" and not value.startswith(allowed):
            return None
        return value

    return keep_safe_links


#: Characters that open a fenced block in the site's own Markdown.
_FENCE_CHARS = {ord("`"): "&#96;", ord("~"): "&#126;"}


class MarkdownRenderer:
    """Renders contributor Markdown to sanitized HTML, resolving wikilinks.

    ``label`` gives a record's display name; ``url`` its site URL
    (``entities/openai/``). One instance serves a whole build.
    """

    def __init__(self, label: Callable[[str], str | None], url: Callable[[str], str]) -> None:
        self._label = label
        self._url = url
        # Wikilinks become links to a placeholder scheme that is new for every
        # renderer, so a contributor cannot write one: a hand-written
        # "[x](dossier-record:...)" is an unknown scheme and loses its href.
        self._scheme = f"dossier-record-{secrets.token_hex(8)}"
        self._href = re.compile(f'href="{self._scheme}:([a-z0-9-]+)"(?: rel="[^"]*")?')
        self._filter = _link_filter(f"{self._scheme}:")

    def wikilinks_to_markdown(self, source: str) -> str:
        """Replace ``[[id]]``/``[[id|text]]`` with Markdown links to a placeholder;
        a target that is not an id stays text."""

        def replace(match: re.Match[str]) -> str:
            target = match.group(1).strip()
            label = match.group(2) or self._label(target) or target
            if not ID_RE.match(target):
                return str(text(label))
            return f"[{text(label)}]({self._scheme}:{target})"

        return WIKILINK_RE.sub(replace, source)

    def render(self, source: str, page_url: str) -> Markup:
        """Contributor Markdown -> sanitized HTML for a page at ``page_url``."""
        rendered = cmark.markdown_to_html_with_extensions(
            self.wikilinks_to_markdown(source.translate(_BIDI_ONLY)),
            # Raw HTML goes through to nh3, which keeps the text inside the
            # tags; cmark's own safe mode would drop whole blocks unseen.
            options=cmark.Options.CMARK_OPT_UNSAFE,
            extensions=_GFM_EXTENSIONS,
        )
        cleaned = nh3.clean(
            rendered,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", self._scheme},
            attribute_filter=self._filter,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )

        def resolve(match: re.Match[str]) -> str:
            href = relative_url(page_url, self._url(match.group(1)))
            return f'href="{html.escape(href, quote=True)}"'

        # The site's Markdown preprocessors (fenced code, snippets) read the
        # page text before raw HTML is set aside: no fence may start a line.
        return Markup(self._href.sub(resolve, cleaned.translate(_FENCE_CHARS)))
