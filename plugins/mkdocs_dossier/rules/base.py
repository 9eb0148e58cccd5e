"""What a rule is, and what it is given: the whole validated tree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..corroboration import Corroboration
from ..documents import DocumentResult
from ..kinds import Registry
from ..problems import Position, Problem, Severity


@dataclass(frozen=True, slots=True)
class Tree:
    """Every valid record with its document's positions, the site's kinds and
    the corroboration of its claims."""

    records: dict[str, tuple[Any, DocumentResult]]
    registry: Registry
    corroboration: Corroboration

    def key_position(self, record_id: str, name: str) -> Position:
        """Where the field ``name`` of a record is written (its key)."""
        return self.records[record_id][1].positions.get(name, Position())

    def value_position(self, record_id: str, name: str) -> Position:
        """Where the value of the field ``name`` of a record starts."""
        result = self.records[record_id][1]
        return result.value_positions.get(name) or result.positions.get(name, Position())


@dataclass(frozen=True, slots=True)
class Rule:
    """A whole-tree check: an id, a default severity, what it checks (the
    module's docstring, with a passing and a failing example) and the check."""

    id: str
    severity: Severity
    doc: str
    check: Callable[[Tree], Iterable[Problem]]

    @classmethod
    def of(cls, module: ModuleType) -> Rule:
        return cls(module.ID, module.SEVERITY, (module.__doc__ or "").strip(), module.check)

    @property
    def summary(self) -> str:
        """The first line of the rule's description."""
        return self.doc.split("\n", 1)[0]
