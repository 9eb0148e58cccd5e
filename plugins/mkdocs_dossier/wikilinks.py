"""Wikilinks in hand-written Markdown pages: ``[[id]]`` and ``[[id|text]]``.

Code is left alone (fenced blocks and inline code spans), so a page can
show the syntax; everything else becomes a normal Markdown link that MkDocs
resolves and checks like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .fields import WIKILINK_RE
from .render.markup import text

_CODE = re.compile(
    r"(?P<fence>^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[^\n]*\n"
    r".*?(?:^(?P=indent)(?P=mark)[ \t]*$|\Z))"
    r"|(?P<span>(?P<ticks>`+).+?(?P=ticks))",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class UnknownWikilink:
    """An id a page names (in a wikilink, or a marker) that is no record's."""

    target: str
    line: int
    column: int
    #: What named it: "wikilink", or a marker's words ("key point").
    what: str = "wikilink"

    @property
    def message(self) -> str:
        if self.what == "wikilink":
            return f"wikilink [[{self.target}]] names no record"
        return f"{self.what} {self.target!r} names no record"


def replace_wikilinks(
    source: str,
    resolve: Callable[[str], tuple[str, str] | None],
) -> tuple[str, list[UnknownWikilink]]:
    """Replace wikilinks outside code; ``resolve(id)`` gives (label, href) or None."""
    unknown: list[UnknownWikilink] = []
    out: list[str] = []
    last = 0

    def convert(chunk: str, offset: int) -> str:
        def replace(match: re.Match[str]) -> str:
            target = match.group(1).strip()
            found = resolve(target)
            if found is None:
                at = offset + match.start()
                line = source.count("\n", 0, at) + 1
                column = at - (source.rfind("\n", 0, at) + 1) + 1
                unknown.append(UnknownWikilink(target, line, column))
                return match.group(0)
            label, href = found
            return f"[{text(match.group(2) or label)}]({href})"

        return WIKILINK_RE.sub(replace, chunk)

    for code in _CODE.finditer(source):
        out.append(convert(source[last : code.start()], last))
        out.append(code.group(0))
        last = code.end()
    out.append(convert(source[last:], last))
    return "".join(out), unknown
