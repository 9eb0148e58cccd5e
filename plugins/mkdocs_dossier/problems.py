"""One problem type for every stage, and the formatters that render it.

Checks never print: they return ``Problem`` values; the CLI and the plugin
collect them, sort them by file and position, and report them once.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    """How bad a problem is: errors fail validation, warnings fail it under
    ``--strict``, and info is a hint that never fails it."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Position(NamedTuple):
    """A 1-based line and column in a file."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: where it is, how bad it is, a rule code and a message."""

    path: str
    line: int
    column: int
    message: str
    code: str = "invalid"
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)

    def format_text(self) -> str:
        """One line, ``path:line:col: severity: message``, safe for a terminal:
        controls, line separators and bidi controls in the path or message are
        written as escapes (``\\x1b``, ``\\u202e``), so record text can neither
        drive the terminal nor forge another line of the report."""
        path, message = terminal_safe(self.path), terminal_safe(self.message)
        return f"{path}:{self.line}:{self.column}: {self.severity.value}: {message}"

    def format_github(self) -> str:
        # Workflow commands treat "%", CR and LF specially in the message and
        # also "," and ":" in property values; the log is a terminal too.
        message = _github_escape(terminal_safe(self.message))
        path = _github_escape(terminal_safe(self.path), prop=True)
        # GitHub's annotation levels are error, warning and notice.
        level = "notice" if self.severity is Severity.INFO else self.severity.value
        return (
            f"::{level} file={path},line={self.line},col={self.column},"
            f"title=dossier {self.code}::{message}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file, then position; drop exact duplicates."""
    return sorted(set(problems), key=Problem.sort_key)


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """Render problems as ``text`` lines, ``github`` annotations or ``json``."""
    ordered = sorted_problems(problems)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.format_github() for p in ordered)
    return "\n".join(p.format_text() for p in ordered)


#: At most this many choices are compared with one word, and words longer
#: than ``_MAX_WORD`` are not compared at all: a suggestion costs a bounded
#: time however many ids a dossier has.
MAX_CANDIDATES = 100
_MAX_WORD = 120
_CUTOFF = 0.75
_FINALISTS = 8


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``' (did you mean "x"?)'`` when a choice is close, else ``''``.

    "Close" is difflib's similarity ratio of at least 0.75. Only choices whose
    length could reach it are compared (a ratio of ``2*M/T`` needs the shorter
    to be at least ``0.75/1.25`` of the longer); of many, only the
    ``MAX_CANDIDATES`` nearest in sorted order, half by their beginnings and
    half by their endings (a typo keeps one or the other); and only the few
    best by difflib's cheap upper bound get the full comparison.
    """
    if not word or len(word) > _MAX_WORD:
        return ""
    low, high = len(word) * _CUTOFF / (2 - _CUTOFF), len(word) * (2 - _CUTOFF) / _CUTOFF
    pool = [choice for choice in choices if low <= len(choice) <= high]
    if len(pool) > MAX_CANDIDATES:
        pool = _neighbours(word, pool)
    best = _closest(word, pool)
    return f' (did you mean "{best}"?)' if best is not None else ""


def _neighbours(word: str, pool: list[str]) -> list[str]:
    """The choices next to ``word`` in sorted order, forwards and backwards."""
    half = MAX_CANDIDATES // 4
    found: dict[str, None] = {}
    for key in (lambda text: text, lambda text: text[::-1]):
        ordered = sorted(pool, key=key)
        at = bisect.bisect_left([key(choice) for choice in ordered], key(word))
        found.update(dict.fromkeys(ordered[max(0, at - half) : at + half]))
    return list(found)


def _closest(word: str, pool: list[str]) -> str | None:
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    finalists: list[tuple[float, str]] = []
    for choice in pool:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            finalists.append((matcher.quick_ratio(), choice))
    best: tuple[float, str] | None = None
    for _, choice in heapq.nlargest(_FINALISTS, finalists):
        matcher.set_seq1(choice)
        score = matcher.ratio()
        if score >= _CUTOFF and (best is None or (score, choice) > best):
            best = (score, choice)
    return best[1] if best is not None else None


def article(word: str) -> str:
    """The indefinite article for ``word``: "an entity", "a source"."""
    return "an" if word[:1] in "aeiou" else "a"


def quoted_list(values: Iterable[str]) -> str:
    return ", ".join(f'"{value}"' for value in values)


# C0 and C1 controls (tab and newline too: one problem is one line), DEL,
# line and paragraph separators, bidi controls and the BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with everything a terminal would act on written as an escape."""
    return _UNSAFE.sub(_escape_char, text) if _UNSAFE.search(text) else text


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text
