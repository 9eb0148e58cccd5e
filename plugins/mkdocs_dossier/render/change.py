"""What an edit changed between two link indexes, for ``serve`` reloads.

The records that changed (added, removed or different), and every record
that is shown differently elsewhere because of them: a record's *face* is
what other pages show of it that may depend on other records, its title (a
statement's carries its speaker's name) and, for a source, its publisher's
name. The renderer of a reload keeps what its predecessor worked out for
the records outside these sets (``SiteRenderer``'s ``previous``), and
``render.affected`` widens them into the pages to render again.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from ..link import LinkIndex
from ..records import Record


def record_title(index: LinkIndex, record: Record) -> str:
    """A record's page title, as its kind words it."""
    return index.registry.of(record).title(record, index.label)


@dataclass(frozen=True, slots=True)
class Change:
    """The records an edit changed, and those shown differently because of them."""

    #: Records added, removed or different.
    changed: frozenset[str]
    #: The changed records, and every record whose face changed with them.
    shown: frozenset[str]
    #: The ``shown`` records and their neighbours in either index: every
    #: record whose own fields, or the face of a record it names, changed,
    #: and every record a changed one names.
    near: frozenset[str]
    #: The ``shown`` records, and those naming a record whose line changed
    #: (``line``), in either index: every record whose own fields, or the
    #: line of a record it names, changed.
    listed: frozenset[str]
    #: The kinds of the changed records, in either index.
    kinds: frozenset[str]
    #: The index the change is from (not kept alive by it).
    source: weakref.ref[LinkIndex]

    @classmethod
    def between(cls, before: LinkIndex, after: LinkIndex) -> Change:
        old, new = before.records, after.records
        changed = {rid for rid in old.keys() | new.keys() if not _same(old.get(rid), new.get(rid))}
        shown = _face_changed(before, after, changed)
        restyled = shown - changed
        for rid in changed:
            a, b = old.get(rid), new.get(rid)
            if a is None or b is None or line(before, a) != line(after, b):
                restyled.add(rid)
        listed = set(shown)
        for rid in restyled:
            listed.update(before.origins(rid))
            listed.update(after.origins(rid))
        near = set(listed)
        for rid in shown:
            near.update(neighbours(before, rid))
            near.update(neighbours(after, rid))
        kinds = {r.kind for rid in changed for r in (old.get(rid), new.get(rid)) if r is not None}
        return cls(
            frozenset(changed),
            frozenset(shown),
            frozenset(near),
            frozenset(listed),
            frozenset(kinds),
            weakref.ref(before),
        )

    def is_from(self, index: LinkIndex) -> bool:
        return self.source() is index


def neighbours(index: LinkIndex, rid: str) -> Iterator[str]:
    """The records pointing at ``rid`` in ``index``, and those it points at."""
    yield from index.origins(rid)
    record = index.records.get(rid)
    if record is not None:
        for target, _ in index.references(record):
            yield target


def line(index: LinkIndex, record: Record) -> tuple[object, ...]:
    """What a list shows of a record it names: its face, label, badge and date."""
    kind = index.registry.of(record)
    badge = kind.badge(record)
    day = kind.date(record)
    return (
        *_face(index, record),
        index.label(record.id),
        badge[1].value if badge else None,
        day.text if day is not None else None,
    )


def _same(a: Record | None, b: Record | None) -> bool:
    return a is b or (a is not None and b is not None and a == b)


def _face(index: LinkIndex, record: Record) -> tuple[str, str | None]:
    publisher = getattr(record, "publisher", None)
    return record_title(index, record), index.label(publisher) if publisher else None


def _face_changed(before: LinkIndex, after: LinkIndex, changed: set[str]) -> set[str]:
    """The changed records, and every record shown differently because of
    them, to a fixed point."""
    shown = set(changed)
    todo = list(changed)
    while todo:
        rid = todo.pop()
        for other in {*neighbours(before, rid), *neighbours(after, rid)} - shown:
            old, new = before.records.get(other), after.records.get(other)
            if old is None or new is None or _face(before, old) != _face(after, new):
                shown.add(other)
                todo.append(other)
    return shown
