"""relay-without-based-on: a source that says it relays another names it in based_on.

A source whose title or description says it passes on another's reporting
("according to", "reported by", "as reported in", "citing", "quoting",
"via", "relayed from") but has no ``based_on`` counts as an independent
origin when it is not one. Add the relayed source's id to ``based_on``; if
that source is not in the dossier, add it, or leave the hint when the
source reports first-hand. The phrases are matched as whole words, in any
case. "Told" is not among them: "told Reuters" in Reuters' own report is
first-hand.

Passing::

    # content/sources/wire-rewrite.yml
    title: DeepSeek under scrutiny, according to Bloomberg
    based_on: [bloomberg-probe]

Failing::

    # content/sources/wire-rewrite.yml
    title: DeepSeek under scrutiny, according to Bloomberg
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..corroboration import CITED_KIND
from ..problems import Problem, Severity
from .base import Tree, each_record

ID = "relay-without-based-on"
SEVERITY = Severity.INFO
#: The fields read for a phrase, in order.
FIELDS = ("title", "description")
RELAY_PHRASE = re.compile(
    r"\b(?:according\s+to|(?:as\s+|first\s+)?reported\s+(?:by|in)|as\s+reported|"
    r"citing|quoting|via|relayed\s+from)\b",
    re.IGNORECASE,
)


def depends(tree: Tree, record_id: str) -> Iterable[str]:
    return ()


def check_record(tree: Tree, record_id: str) -> Iterable[Problem]:
    record = tree.records[record_id][0]
    if record.kind != CITED_KIND or record.based_on:
        return
    for name in FIELDS:
        text = getattr(record, name, None)
        match = RELAY_PHRASE.search(text) if isinstance(text, str) else None
        if match is None:
            continue
        phrase = " ".join(match.group().split())
        pos = tree.value_position(record_id, name)
        yield Problem(
            record.path,
            pos.line,
            pos.column,
            f'{name} says "{phrase}", but the source has no based_on: name the source '
            "it relays in based_on, so that both count as one origin",
            ID,
            SEVERITY,
        )
        break


check = each_record(check_record)
