"""unused-source: every source is cited by some record.

A source that no record cites, relays or links is usually left over from an
edit, or was added without the record that needs it.

Passing::

    # content/sources/bloomberg-probe.yml
    title: Microsoft probing whether DeepSeek-linked group improperly obtained OpenAI data
    type: news
    published: 2025-01-29
    # content/events/probe-reported.yml
    sources: [bloomberg-probe]

Failing::

    # content/sources/bloomberg-probe.yml, and no record names bloomberg-probe
    title: Microsoft probing whether DeepSeek-linked group improperly obtained OpenAI data
    type: news
    published: 2025-01-29
"""

from __future__ import annotations

from collections.abc import Iterable

from ..corroboration import CITED_KIND
from ..problems import Problem, Severity
from .base import Tree

ID = "unused-source"
SEVERITY = Severity.WARNING


def check(tree: Tree) -> Iterable[Problem]:
    used: set[str] = set()
    for record, _ in tree.records.values():
        for citation in getattr(record, "sources", ()):
            used.add(citation.source)
        for relation in getattr(record, "relations", ()):
            used.update(citation.source for citation in relation.sources)
        used.update(getattr(record, "based_on", ()))
        used.update(getattr(record, "mentions", ()))
    for record_id, (record, _) in sorted(tree.records.items()):
        if record.kind == CITED_KIND and record_id not in used:
            yield Problem(record.path, 1, 1, "source is not cited by any record", ID, SEVERITY)
