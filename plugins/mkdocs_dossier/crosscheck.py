"""Checks that need the whole tree: ids, references, cycles, and the rules.

Runs after every document has been checked on its own, on the references
each one collected, so that one broken file does not hide another's errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import rules
from .corroboration import CITED_KIND, Corroboration
from .documents import DocumentResult, Reference
from .fields import ID_RE, suggest_id
from .kinds import REGISTRY, Registry
from .problems import Position, Problem, article, did_you_mean
from .rules import Levels, Tree
from .rules.base import RuleMemo
from .spec import ID_MAX_LENGTH, RESERVED_IDS

if TYPE_CHECKING:
    from .load import Document


@dataclass(slots=True)
class CrossCache:
    """What ``crosscheck`` worked out, kept between builds of ``mkdocs
    serve``: the record files it was given and the ids they make, and the
    problems of each document's references (by its result, the very
    object), which hold while the ids are the same, and the outcomes of
    the per-record rules (``rules.run``)."""

    record_files: list[tuple[str, str, str]] | None = None
    known: dict[str, str] = field(default_factory=dict)
    id_problems: list[Problem] = field(default_factory=list)
    resolved: dict[int, tuple[DocumentResult, list[Problem]]] = field(default_factory=dict)
    #: The last outcomes of the per-record rules.
    rules: RuleMemo = field(default_factory=RuleMemo)


def crosscheck(
    record_files: list[tuple[str, str, str]],
    results: list[tuple[Document, DocumentResult]],
    registry: Registry = REGISTRY,
    rule_levels: Levels | None = None,
    corroboration: Corroboration | None = None,
    cache: CrossCache | None = None,
) -> list[Problem]:
    """The problems between records, then those of the whole-tree rules
    (``rules``) at the site's severities; with a ``cache``, the ids and
    references of unchanged files are not checked again."""
    problems: list[Problem] = []
    same_ids = cache is not None and cache.record_files == record_files
    if cache is not None and same_ids:
        known, id_problems = cache.known, cache.id_problems
    else:
        id_problems = []
        known = _known_ids(record_files, id_problems)
        if cache is not None:
            cache.record_files, cache.known, cache.id_problems = record_files, known, id_problems
    problems.extend(id_problems)
    by_kind: dict[str, list[str]] = {}

    def ids_by_kind() -> dict[str, list[str]]:
        if not by_kind:
            for record_id, kind in known.items():
                by_kind.setdefault(kind, []).append(record_id)
        return by_kind

    resolved: dict[int, tuple[DocumentResult, list[Problem]]] = {}
    before = cache.resolved if cache is not None and same_ids else {}
    for _, result in results:
        hit = before.get(id(result))
        if hit is not None and hit[0] is result:
            found = hit[1]
        else:
            found = [
                problem
                for reference in result.references
                for problem in _resolve(reference, known, ids_by_kind)
            ]
        resolved[id(result)] = (result, found)
        problems.extend(found)
    if cache is not None:
        cache.resolved = resolved
    records = {r.record.id: (r.record, r) for _, r in results if r.record is not None}
    problems.extend(_relay_cycles(records))
    if corroboration is None:
        corroboration = Corroboration({rid: rec for rid, (rec, _) in records.items()}, registry)
    memo = cache.rules if cache is not None else None
    problems.extend(rules.run(Tree(records, registry, corroboration), rule_levels, memo))
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
    reference: Reference, known: dict[str, str], ids_by_kind: Callable[[], dict[str, list[str]]]
) -> Iterable[Problem]:
    kind = known.get(reference.target)
    if kind in reference.kinds and reference.target != reference.owner:
        return  # the usual case, resolved without building any message
    expected = " or ".join(f"{article(k)} {k}" for k in reference.kinds)
    if kind is None:
        candidates = [i for k in reference.kinds for i in ids_by_kind().get(k, ())]
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
