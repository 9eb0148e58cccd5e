"""sourced-too-early: a claim cites at least one source that could report it.

A source cannot report what had not happened when it was published: when
every source an event or statement cites was published before the claim's
earliest possible day, the date or the citations are wrong.

Passing::

    # content/events/probe-reported.yml
    date: 2025-01-29
    sources: [bloomberg-probe]     # published 2025-01-29

Failing::

    # content/events/probe-reported.yml
    date: 2025-01-29
    sources: [older-profile]       # published 2024-11-02
"""

from __future__ import annotations

from collections.abc import Iterable

from ..corroboration import CITED_KIND
from ..problems import Problem, Severity
from .base import Tree, each_record

ID = "sourced-too-early"
SEVERITY = Severity.WARNING


def depends(tree: Tree, record_id: str) -> Iterable[str]:
    """The sources a claim cites."""
    record = tree.records[record_id][0]
    if not tree.registry.of(record).claim:
        return ()
    return [c.source for c in record.sources]


def check_record(tree: Tree, record_id: str) -> Iterable[Problem]:
    cited = tree.registry.kinds[CITED_KIND]
    record = tree.records[record_id][0]
    kind = tree.registry.of(record)
    if not kind.claim:
        return
    day = kind.date(record)
    if day is None or day.earliest is None:
        return
    published = []
    for citation in record.sources:
        source = tree.records.get(citation.source, (None,))[0]
        when = cited.date(source) if source is not None and source.kind == CITED_KIND else None
        if when is None or when.latest is None:
            return
        published.append(when)
    if published and all(p.latest < day.earliest for p in published):
        pos = tree.key_position(record.id, "sources")
        latest = max(published, key=lambda p: p.latest)
        yield Problem(
            record.path,
            pos.line,
            pos.column,
            f"every cited source was published before this {record.kind} could have "
            f"happened ({day.text}); the latest, {latest.text}, cannot report "
            "it: cite a source that does",
            ID,
            SEVERITY,
        )


check = each_record(check_record)
