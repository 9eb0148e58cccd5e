"""What a rule is, and what it is given: the whole validated tree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from ..corroboration import Corroboration
from ..documents import DocumentResult
from ..kinds import Registry
from ..problems import Position, Problem, Severity


@dataclass(slots=True)
class Outcomes:
    """One per-record rule's last outcome: the problems of each record (the
    records with any), and the records each record's check read besides
    itself, with the other way round."""

    problems: dict[str, list[Problem]] = field(default_factory=dict)
    depends: dict[str, tuple[str, ...]] = field(default_factory=dict)
    users: dict[str, set[str]] = field(default_factory=dict)


@dataclass(slots=True)
class RuleMemo:
    """What ``rules.run`` keeps between builds of ``mkdocs serve``: the
    records of the last run and each per-record rule's outcomes."""

    records: dict[str, tuple[Any, DocumentResult]] | None = None
    outcomes: dict[str, Outcomes] = field(default_factory=dict)


def each_record(
    check_record: Callable[[Tree, str], Iterable[Problem]],
) -> Callable[[Tree], Iterable[Problem]]:
    """A rule's ``check`` made of its ``check_record``: every record, by id."""

    def check(tree: Tree) -> Iterable[Problem]:
        for record_id in sorted(tree.records):
            yield from check_record(tree, record_id)

    return check


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
    #: For a rule that checks each record on its own: the check of one
    #: record, and the other records that check reads (``depends``).
    #: ``check`` is then ``check_record`` over the records in order of id,
    #: which ``rules.run`` does itself, checking again only the records
    #: that changed or read one that did.
    check_record: Callable[[Tree, str], Iterable[Problem]] | None = None
    depends: Callable[[Tree, str], Iterable[str]] | None = None

    @classmethod
    def of(cls, module: ModuleType) -> Rule:
        return cls(
            module.ID,
            module.SEVERITY,
            (module.__doc__ or "").strip(),
            module.check,
            getattr(module, "check_record", None),
            getattr(module, "depends", None),
        )

    @property
    def summary(self) -> str:
        """The first line of the rule's description."""
        return self.doc.split("\n", 1)[0]
