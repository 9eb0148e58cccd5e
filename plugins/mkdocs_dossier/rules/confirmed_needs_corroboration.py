"""confirmed-needs-corroboration: a confirmed claim has two independent origins or a primary source.

"Confirmed" means established by primary evidence or by at least two
independent sources. Sources that relay one report (``based_on``) are one
origin however many there are; a source is primary when its type is
``document`` or ``press-release``, or when a participant of the event (or
the statement's speaker) published it. Applies to events, and to any claim
kind whose badge vocabulary has "confirmed".

Passing::

    # content/events/probe-reported.yml
    status: confirmed
    sources: [bloomberg-probe, ft-evidence]   # two reports, neither based_on the other

Failing::

    # content/events/probe-reported.yml
    status: confirmed
    sources: [bloomberg-probe, wire-rewrite]  # wire-rewrite has based_on: [bloomberg-probe]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..corroboration import origin_names
from ..problems import Problem, Severity
from .base import Tree, each_record

ID = "confirmed-needs-corroboration"
SEVERITY = Severity.WARNING
CONFIRMED = "confirmed"


class _Records(Mapping[str, Any]):
    """The records of a tree by id, without their documents."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    def __getitem__(self, record_id: str) -> Any:
        return self.tree.records[record_id][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tree.records)

    def __len__(self) -> int:
        return len(self.tree.records)


def _badge_field(tree: Tree, record: Any) -> str | None:
    """The field of a claim kind whose badge may say "confirmed"."""
    kind = tree.registry.of(record)
    field = kind.badge_field
    if kind.claim and field is not None and CONFIRMED in kind.vocabulary(field):
        return field
    return None


def _confirmed(tree: Tree, record: Any) -> str | None:
    field = _badge_field(tree, record)
    return field if field is not None and getattr(record, field) == CONFIRMED else None


def depends(tree: Tree, record_id: str) -> Iterable[str]:
    """For a confirmed claim, what its corroboration is worked out from and
    the publishers of its origins, named in the message."""
    if _confirmed(tree, tree.records[record_id][0]) is None:
        return ()
    found = tree.corroboration.reads(record_id)
    for origin in list(found):
        publisher = getattr(tree.records.get(origin, (None,))[0], "publisher", None)
        if publisher:
            found.append(publisher)
    return found


def check_record(tree: Tree, record_id: str) -> Iterable[Problem]:
    record = tree.records[record_id][0]
    field = _confirmed(tree, record)
    if field is None:
        return
    value = tree.corroboration.of(record_id)
    if value is None or value.primary or value.independent >= 2:
        return
    names = ", ".join(name for _, name in origin_names(_Records(tree), value.origins))
    if not value.sources:
        found = "it cites no source"
    elif value.sources == 1:
        found = f"its one source ({names}) is not primary"
    else:
        found = f"its {value.sources} sources come from one origin ({names})"
    pos = tree.value_position(record_id, field)
    yield Problem(
        record.path,
        pos.line,
        pos.column,
        f'{field} "{CONFIRMED}" needs two independent origins or a primary source, '
        f"but {found}: cite an independent or primary source, or choose another {field}",
        ID,
        SEVERITY,
    )


check = each_record(check_record)
