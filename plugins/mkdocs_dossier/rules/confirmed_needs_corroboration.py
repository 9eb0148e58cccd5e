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

from collections.abc import Iterable

from ..corroboration import origin_names
from ..problems import Problem, Severity
from .base import Tree

ID = "confirmed-needs-corroboration"
SEVERITY = Severity.WARNING
CONFIRMED = "confirmed"


def check(tree: Tree) -> Iterable[Problem]:
    badged = {
        kind.name: kind.badge_field
        for kind in tree.registry
        if kind.claim
        and kind.badge_field is not None
        and CONFIRMED in kind.vocabulary(kind.badge_field)
    }
    records = {rid: record for rid, (record, _) in tree.records.items()}
    for record_id, record in sorted(records.items()):
        field = badged.get(record.kind)
        if field is None or getattr(record, field) != CONFIRMED:
            continue
        value = tree.corroboration.of(record_id)
        if value is None or value.primary or value.independent >= 2:
            continue
        names = ", ".join(name for _, name in origin_names(records, value.origins))
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
