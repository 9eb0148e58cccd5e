"""What checking one document yields, which the tree-wide checks read."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Position, Problem
from .records import Record


@dataclass(frozen=True, slots=True)
class Reference:
    """One id named by a record: where, in which field, and which kinds fit."""

    path: str
    owner: str
    field: str
    target: str
    kinds: tuple[str, ...]
    pos: Position


@dataclass(slots=True)
class DocumentResult:
    record: Record | None
    problems: list[Problem]
    references: list[Reference]
    #: field name -> position of its key, for later tree-wide messages.
    positions: dict[str, Position] = field(default_factory=dict)
    #: field name -> position of its value.
    value_positions: dict[str, Position] = field(default_factory=dict)
