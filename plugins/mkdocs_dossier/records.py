"""The base of every record class: the fields all kinds share.

Each kind's own class (``kinds/<kind>.py``) adds its fields; the registry
checks at import that a class and its kind's field specs agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .spec import Citation, Correction

__all__ = ["Citation", "Correction", "Record"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Fields every kind has. ``mentions`` are the ids its wikilinks name."""

    id: str
    path: str
    tags: tuple[str, ...] = ()
    description: str | None = None
    corrections: tuple[Correction, ...] = ()
    mentions: tuple[str, ...] = field(default=(), compare=False)

    kind = "record"

    @property
    def label(self) -> str:
        """A short name for the record: its name or title."""
        raise NotImplementedError
