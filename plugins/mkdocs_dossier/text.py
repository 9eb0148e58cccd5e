"""Characters and positions in record text.

Which characters no record may hold, how to name them in a message, how to
find the escape that wrote one, and how offsets map to the lines and
columns an editor shows.
"""

from __future__ import annotations

import bisect
import re

from .problems import Position

__all__ = ["FORBIDDEN_CHARS", "Lines", "escape_at", "find_forbidden", "forbidden_char_name"]


class Lines:
    """Offsets in a text to 1-based lines and columns, as an editor shows them:
    only LF, CRLF and CR end a line (not NEL, U+2028 or U+2029, which
    ``str.splitlines`` and libyaml also count)."""

    _BREAK = re.compile(r"\r\n?|\n")

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in self._BREAK.finditer(text))]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)

    def offset(self, pos: Position) -> int:
        """The offset of a position (the inverse of :meth:`position`)."""
        line = min(max(pos.line, 1), len(self.starts)) - 1
        return self.starts[line] + pos.column - 1


_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Characters no record may hold, written or escaped: C0 controls but tab, LF
#: and CR; DEL; C1 controls (NEL included); bidirectional controls, which
#: reorder text on screen; and Unicode noncharacters (U+FDD0-U+FDEF and the
#: last two code points of every plane). The planes above the first are
#: searched apart: a class of their scattered code points is slow to match.
FORBIDDEN_CHARS = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}\ufdd0-\ufdef\ufffe\uffff]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def find_forbidden(text: str) -> tuple[int, str] | None:
    """The offset and character of the first forbidden character in ``text``."""
    found = FORBIDDEN_CHARS.search(text)
    end = found.start() if found is not None else len(text)
    if not text.isascii():
        for astral in _ASTRAL.finditer(text, 0, end):
            if ord(astral.group()) & 0xFFFE == 0xFFFE:
                return astral.start(), astral.group()
    return (found.start(), found.group()) if found is not None else None


_BIDI_RE = re.compile(f"[{_BIDI_CONTROLS}]")


def forbidden_char_name(char: str) -> str:
    """What a forbidden character is, for a message: "control character U+001B"."""
    code = ord(char)
    if _BIDI_RE.match(char):
        return f"bidirectional control U+{code:04X} (it reorders the text around it on screen)"
    if code >= 0xFDD0:
        return f"noncharacter U+{code:04X}"
    return f"control character U+{code:04X}"


#: Double-quoted escapes that stand for one fixed character.
_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def escape_at(raw: str) -> tuple[int, str] | None:
    """The offset and text of the first escape in a double-quoted scalar's source
    that stands for a forbidden character."""
    at = raw.find("\\")
    while 0 <= at < len(raw) - 1:
        letter = raw[at + 1]
        width = _HEX_ESCAPES.get(letter, 0)
        if width:
            digits = raw[at + 2 : at + 2 + width]
            try:
                char = chr(int(digits, 16))
            except ValueError:
                char = ""
        else:
            char = _ESCAPES.get(letter, "")
        if char and find_forbidden(char):
            return at, raw[at : at + 2 + width]
        at = raw.find("\\", at + 2 + width)
    return None
