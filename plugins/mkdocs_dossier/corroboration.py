"""Derived from the records: how independently each claim is sourced.

For every record of a claim kind (events, statements) its **independent
origins** are the roots of the ``based_on`` chains of the sources it cites:
a source that relays nothing is its own origin, one relaying two roots has
both, and a source cited twice counts once. A cited source is **primary**
when its type is primary evidence (``PRIMARY_TYPES``) or it was published by
a party to the claim (a participant of the event, the statement's speaker).

Each source's origins are worked out once, from those of the sources it
relays (memoised, with an explicit stack), so the whole dossier costs time
linear in its records and provenance links; each claim's value is computed
on first use and kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .kinds import REGISTRY, Kind, Registry
from .kinds.source import PRIMARY_TYPES
from .records import Record
from .spec import CITATION, FieldSpec, FieldType

#: The kind that citations name: sources.
CITED_KIND = CITATION.fields[0].targets[0]
#: Reference roles that make an entity a party to a claim.
PARTY_ROLES = ("participant", "speaker")


@dataclass(frozen=True, slots=True)
class Corroborated:
    """How one claim is sourced: the ids of its independent origins and of
    its primary sources, and how many distinct sources it cites."""

    sources: int
    origins: tuple[str, ...]
    primary: tuple[str, ...]

    @property
    def independent(self) -> int:
        """The number of independent origins."""
        return len(self.origins)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "origins": list(self.origins),
            "primary": list(self.primary),
        }


class Corroboration:
    """The corroboration of every claim of a set of records, computed on use."""

    def __init__(self, records: Mapping[str, Record], registry: Registry = REGISTRY) -> None:
        self.records = records
        self.registry = registry
        self._origins: dict[str, tuple[str, ...]] = {}
        self._claims: dict[str, Corroborated | None] = {}
        self._plans: dict[str, tuple[tuple[str, ...], _Plan]] = {}

    def of(self, record_id: str) -> Corroborated | None:
        """The corroboration of a claim; None for a record of another kind."""
        if record_id not in self._claims:
            record = self.records.get(record_id)
            kind = self.registry.kinds.get(record.kind) if record is not None else None
            self._claims[record_id] = (
                self._compute(record, kind)
                if record is not None and kind is not None and kind.claim
                else None
            )
        return self._claims[record_id]

    def reads(self, record_id: str) -> list[str]:
        """The records the corroboration of a claim is worked out from: the
        sources it cites and every source up their ``based_on`` chains (and
        the parties of the claim, which are its own fields)."""
        record = self.records.get(record_id)
        kind = self.registry.kinds.get(record.kind) if record is not None else None
        if record is None or kind is None or not kind.claim:
            return []
        found: dict[str, None] = {}
        todo = list(self._cited_ids(record, kind))
        while todo:
            sid = todo.pop()
            if sid in found:
                continue
            found[sid] = None
            todo.extend(getattr(self.records.get(sid), "based_on", ()))
        return list(found)

    def origins(self, source_id: str) -> tuple[str, ...]:
        """The roots of a source's ``based_on`` chains (itself when it relays
        nothing); a step back onto the chain being walked (a cycle, which
        validation reports) is not taken."""
        if source_id not in self._origins:
            self._walk(source_id)
        return self._origins[source_id]

    def _relays(self, source_id: str) -> list[str]:
        record = self.records.get(source_id)
        based_on = getattr(record, "based_on", ()) if record is not None else ()
        return [sid for sid in dict.fromkeys(based_on) if self._is_source(sid)]

    def _is_source(self, record_id: str) -> bool:
        record = self.records.get(record_id)
        return record is not None and record.kind == CITED_KIND

    def _walk(self, start: str) -> None:
        on_path = {start}
        stack: list[tuple[str, list[str], int]] = [(start, self._relays(start), 0)]
        while stack:
            node, relays, at = stack[-1]
            while at < len(relays) and (relays[at] in self._origins or relays[at] in on_path):
                at += 1
            if at < len(relays):
                stack[-1] = (node, relays, at + 1)
                child = relays[at]
                on_path.add(child)
                stack.append((child, self._relays(child), 0))
                continue
            stack.pop()
            on_path.discard(node)
            reached = [self._origins[c] for c in relays if c in self._origins]
            if not reached:
                self._origins[node] = (node,)
            elif len(reached) == 1:
                self._origins[node] = reached[0]  # shared, not copied
            else:
                self._origins[node] = tuple(dict.fromkeys(o for roots in reached for o in roots))

    def _plan(self, kind: Kind) -> tuple[tuple[str, ...], _Plan]:
        """A claim kind's citation fields and where its parties are named."""
        if kind.name not in self._plans:
            self._plans[kind.name] = (_citation_fields(kind), _party_plan(kind.all_fields))
        return self._plans[kind.name]

    def _cited_ids(self, record: Record, kind: Kind) -> Iterator[str]:
        """The ids a claim cites, in order, as often as it cites them."""
        citation_fields, _ = self._plan(kind)
        return (c.source for name in citation_fields for c in getattr(record, name) or ())

    def _compute(self, record: Record, kind: Kind) -> Corroborated:
        _, party_plan = self._plan(kind)
        cited = [
            sid for sid in dict.fromkeys(self._cited_ids(record, kind)) if self._is_source(sid)
        ]
        parties = set(_party_refs(record, party_plan))
        origins = tuple(dict.fromkeys(o for sid in cited for o in self.origins(sid)))
        primary = tuple(sid for sid in cited if self._is_primary(self.records[sid], parties))
        return Corroborated(len(cited), origins, primary)

    @staticmethod
    def _is_primary(source: Any, parties: set[str]) -> bool:
        return source.type in PRIMARY_TYPES or (
            source.publisher is not None and source.publisher in parties
        )


_Plan = tuple[tuple[str, "_Plan | None"], ...]


def _citation_fields(kind: Kind) -> tuple[str, ...]:
    """The names of a kind's own citation lists (``sources``)."""
    return tuple(
        spec.name
        for spec in kind.all_fields
        if spec.type is FieldType.LIST and spec.item is not None and spec.item.struct is CITATION
    )


def _party_plan(specs: tuple[FieldSpec, ...]) -> _Plan:
    """Where a kind's party references are: fields, and fields inside structs."""
    plan: list[tuple[str, _Plan | None]] = []
    for spec in specs:
        item = spec.item if spec.type is FieldType.LIST and spec.item is not None else spec
        if item.type is FieldType.REF and item.role in PARTY_ROLES:
            plan.append((spec.name, None))
        elif item.type is FieldType.STRUCT and item.struct is not None:
            inner = _party_plan(item.struct.fields)
            if inner:
                plan.append((spec.name, inner))
    return tuple(plan)


def _party_refs(holder: Any, plan: _Plan) -> Iterable[str]:
    for name, inner in plan:
        value = getattr(holder, name, None)
        if value is None:
            continue
        values = value if isinstance(value, tuple) else (value,)
        if inner is None:
            yield from values
        else:
            for item in values:
                yield from _party_refs(item, inner)


def origin_names(records: Mapping[str, Record], origins: Iterable[str]) -> list[tuple[str, str]]:
    """Each origin with the name it is shown by: its publisher's name, or its
    title when it has no publisher or shares its publisher with another
    origin (two reports by one outlet are told apart by their titles)."""
    sources = [records[sid] for sid in origins if sid in records]
    publishers = [getattr(s, "publisher", None) for s in sources]
    named = []
    for source, publisher in zip(sources, publishers, strict=True):
        if publisher is not None and publisher in records and publishers.count(publisher) == 1:
            named.append((source.id, records[publisher].label))
        else:
            named.append((source.id, source.label))
    return named


def in_words(value: Corroborated, names: list[str]) -> str:
    """A claim's corroboration as a sentence: "4 sources from 2 independent
    origins: Bloomberg, Financial Times, including a primary source"."""
    if value.sources == 0:
        return "No source cited"
    listed = ", ".join(names)
    if value.sources == 1:
        text = f"1 source: {listed}"
        return text + (", a primary source" if value.primary else "")
    if value.independent == 1:
        text = f"{value.sources} sources from a single origin: {listed}"
    else:
        text = f"{value.sources} sources from {value.independent} independent origins: {listed}"
    if len(value.primary) == 1:
        text += ", including a primary source"
    elif value.primary:
        text += f", including {len(value.primary)} primary sources"
    return text
