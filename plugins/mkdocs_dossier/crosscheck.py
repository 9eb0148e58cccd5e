"""Checks that need the whole tree: ids, references, cycles, sourcing.

Runs after every document has been checked on its own, on the references
each one collected, so that one broken file does not hide another's errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .fields import ID_RE, suggest_id
from .kinds import REGISTRY, Registry
from .problems import Position, Problem, Severity, article, did_you_mean
from .spec import CITATION, ID_MAX_LENGTH, RESERVED_IDS

if TYPE_CHECKING:
    from .load import Document
    from .validate import DocumentResult


@dataclass(frozen=True, slots=True)
class Reference:
    """One id named by a record: where, in which field, and which kinds fit."""

    path: str
    owner: str
    field: str
    target: str
    kinds: tuple[str, ...]
    pos: Position


def crosscheck(
    record_files: list[tuple[str, str, str]],
    results: list[tuple[Document, DocumentResult]],
    registry: Registry = REGISTRY,
) -> list[Problem]:
    problems: list[Problem] = []
    known = _known_ids(record_files, problems)
    ids_by_kind: dict[str, list[str]] = defaultdict(list)
    for record_id, kind in known.items():
        ids_by_kind[kind].append(record_id)
    for _, result in results:
        for reference in result.references:
            problems.extend(_resolve(reference, known, ids_by_kind))
    records = {r.record.id: (r.record, r) for _, r in results if r.record is not None}
    problems.extend(_relay_cycles(records))
    problems.extend(_unused_sources(records))
    problems.extend(_sourced_too_early(records, registry))
    return problems


def _known_ids(record_files: list[tuple[str, str, str]], problems: list[Problem]) -> dict[str, str]:
    """Check every file's id; return id -> kind, the first file winning."""
    first_path: dict[str, str] = {}
    known: dict[str, str] = {}
    for record_id, kind, path in sorted(record_files, key=lambda item: item[2]):
        message = id_problem(record_id)
        if message:
            problems.append(Problem(path, 1, 1, message, "id"))
            continue
        if record_id in first_path:
            other = first_path[record_id]
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f'duplicate id "{record_id}": also used by '
                    f"{other}; ids are unique across all kinds",
                    "duplicate-id",
                )
            )
            problems.append(
                Problem(
                    other,
                    1,
                    1,
                    f'duplicate id "{record_id}": also used by '
                    f"{path}; ids are unique across all kinds",
                    "duplicate-id",
                )
            )
            continue
        first_path[record_id] = path
        known[record_id] = kind
    return known


def id_problem(record_id: str, noun: str = "file name") -> str | None:
    if record_id in RESERVED_IDS:
        return f'"{record_id}" is reserved and cannot be a record id; rename the file'
    if len(record_id) > ID_MAX_LENGTH:
        return f"id is {len(record_id)} characters long; at most {ID_MAX_LENGTH} are allowed"
    if not ID_RE.match(record_id):
        suggestion = suggest_id(record_id)
        if noun == "file name":
            hint = f'; rename the file to "{suggestion}.yml"' if suggestion else ""
        else:
            hint = f'; try "{suggestion}"' if suggestion else ""
        return (
            f'{noun} "{record_id}" is not a valid id: use lowercase letters, digits '
            f"and single hyphens{hint}"
        )
    return None


def _resolve(
    reference: Reference, known: dict[str, str], ids_by_kind: dict[str, list[str]]
) -> Iterable[Problem]:
    kind = known.get(reference.target)
    if kind in reference.kinds and reference.target != reference.owner:
        return  # the usual case, resolved without building any message
    expected = " or ".join(f"{article(k)} {k}" for k in reference.kinds)
    if kind is None:
        candidates = [i for k in reference.kinds for i in ids_by_kind.get(k, ())]
        hint = did_you_mean(reference.target, candidates)
        yield Problem(
            reference.path,
            reference.pos.line,
            reference.pos.column,
            f'{reference.field}: no record has the id "{reference.target}" '
            f"(expected {expected}){hint}",
            "unknown-id",
        )
    elif kind not in reference.kinds:
        yield Problem(
            reference.path,
            reference.pos.line,
            reference.pos.column,
            f'{reference.field}: "{reference.target}" is {article(kind)} {kind}, '
            f"but this field names {expected}",
            "wrong-kind",
        )
    elif reference.target == reference.owner and not reference.field.endswith("wikilink"):
        yield Problem(
            reference.path,
            reference.pos.line,
            reference.pos.column,
            f"{reference.field}: a record cannot name itself here",
            "self-reference",
        )


#: The kind that citations name: sources.
CITED_KIND = CITATION.fields[0].targets[0]


def _relay_cycles(records: dict[str, tuple[Any, DocumentResult]]) -> Iterable[Problem]:
    graph = {rid: rec.based_on for rid, (rec, _) in records.items() if rec.kind == CITED_KIND}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(graph):
        if state.get(start):
            continue
        # Iterative depth-first search; the path gives the cycle's members.
        path: list[str] = [start]
        iterators = [iter(graph[start])]
        state[start] = 1
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                owner = path[-1]
                result = records[owner][1]
                pos = next(
                    (
                        r.pos
                        for r in result.references
                        if r.field.startswith("based_on") and r.target == nxt
                    ),
                    result.positions.get("based_on", Position()),
                )
                yield Problem(
                    records[owner][0].path,
                    pos.line,
                    pos.column,
                    "based_on makes a cycle: "
                    + " ← ".join(reversed(cycle))
                    + "; a source cannot relay itself",
                    "cycle",
                )
                continue
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iterators.append(iter(graph[nxt]))


def _unused_sources(records: dict[str, tuple[Any, DocumentResult]]) -> Iterable[Problem]:
    used: set[str] = set()
    for record, _ in records.values():
        for citation in getattr(record, "sources", ()):
            used.add(citation.source)
        for relation in getattr(record, "relations", ()):
            used.update(citation.source for citation in relation.sources)
        used.update(getattr(record, "based_on", ()))
        used.update(getattr(record, "mentions", ()))
    for record_id, (record, _) in sorted(records.items()):
        if record.kind == CITED_KIND and record_id not in used:
            yield Problem(
                record.path,
                1,
                1,
                "source is not cited by any record",
                "unused-source",
                Severity.WARNING,
            )


def _sourced_too_early(
    records: dict[str, tuple[Any, DocumentResult]], registry: Registry
) -> Iterable[Problem]:
    """A source cannot report what had not happened when it was published."""
    cited = registry.kinds[CITED_KIND]
    for record, result in records.values():
        kind = registry.of(record)
        if not kind.claim:
            continue
        day = kind.date(record)
        if day is None or day.earliest is None:
            continue
        published = []
        for citation in record.sources:
            source = records.get(citation.source, (None,))[0]
            when = cited.date(source) if source is not None and source.kind == CITED_KIND else None
            if when is None or when.latest is None:
                break
            published.append(when)
        else:
            if published and all(p.latest < day.earliest for p in published):
                pos = result.positions.get("sources", Position())
                latest = max(published, key=lambda p: p.latest)
                yield Problem(
                    record.path,
                    pos.line,
                    pos.column,
                    f"every cited source was published before this {record.kind} could have "
                    f"happened ({day.text}); the latest, {latest.text}, cannot report "
                    "it: cite a source that does",
                    "sourced-too-early",
                    Severity.WARNING,
                )
