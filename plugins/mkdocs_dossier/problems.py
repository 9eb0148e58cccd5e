"""One problem type for every stage, and the formatters that render it.

Checks never print: they return ``Problem`` values; the CLI and the plugin
collect them, sort them by file and position, and report them once.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    def format_github(self) -> str:
        # Workflow commands treat "%", CR and LF specially in the message and
        # also "," and ":" in property values.
        message = _github_escape(self.message)
        path = _github_escape(self.path, prop=True)
        return (
            f"::{self.severity.value} file={path},line={self.line},col={self.column},"
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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``' (did you mean "x"?)'`` when a choice is close, else ``''``."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f' (did you mean "{matches[0]}"?)' if matches else ""


def article(word: str) -> str:
    """The indefinite article for ``word``: "an entity", "a source"."""
    return "an" if word[:1] in "aeiou" else "a"


def quoted_list(values: Iterable[str]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text
