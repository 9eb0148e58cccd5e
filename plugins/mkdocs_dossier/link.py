"""Stage 3, link: the cross-reference index, built once.

One pass over every reference of every record (time linear in the number of
references) fills ``incoming[target][role]``. Pages read it; nothing
downstream scans all records to find what points at one of them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .corroboration import Corroborated, Corroboration
from .kinds import MENTION, REGISTRY, Registry
from .kinds.statement import Statement
from .records import Citation, Record
from .spec import CITATION as CITATION_STRUCT
from .spec import FieldSpec, FieldType

# Roles, read as "<pointing record> is the <role> of <target>"; each is
# declared by the reference field that makes it (``spec.ref(..., role)``).
RELATION = "relation"  # entity -> entity, detail = relation text
PARTICIPANT = "participant"  # event -> entity, detail = role
SPEAKER = "speaker"  # statement -> entity
VENUE = "venue"  # statement -> entity
ABOUT = "about"  # statement -> entity or event
RESPONSE = "response"  # statement -> statement or event it responds to
RELATED = "related"  # event -> event
CITATION = "citation"  # any -> source
RELAY = "relay"  # source -> source it is based on
PUBLISHER = "publisher"  # source -> entity
ROLES = REGISTRY.roles


#: Threads nest at most this deep; pages indent one level per reply.
MAX_THREAD_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Thread:
    """A statement and the statements answering it, recursively."""

    statement: Statement
    replies: tuple[Thread, ...] = ()


@dataclass(frozen=True, slots=True)
class Backlink:
    """``origin`` points at the indexed record in ``role``."""

    origin: str
    role: str
    detail: str | None = None
    citation: Citation | None = None


def sort_key(
    record: Record, registry: Registry = REGISTRY
) -> tuple[datetime.date, datetime.date, str]:
    """Chronological where a record has a date, else alphabetical."""
    day = registry.of(record).date(record)
    if day is not None:
        start, end = day.sort_key()
    else:
        start = end = datetime.date.min
    return start, end, record.label.casefold()


class LinkIndex:
    """Every record, and for each one everything that points at it, by role."""

    def __init__(
        self,
        records: Mapping[str, Record],
        registry: Registry = REGISTRY,
        corroboration: Corroboration | None = None,
    ) -> None:
        self.registry = registry
        self.records: dict[str, Record] = dict(records)
        #: The independent origins and primary sources of every claim,
        #: worked out on first use (or already, by the validator's rules).
        self.corroboration = corroboration or Corroboration(self.records, registry)
        self._incoming: dict[str, dict[str, list[Backlink]]] = defaultdict(
            lambda: defaultdict(list)
        )
        #: References to ids no record has (reported by the validator): kept,
        #: so that a record added later under that id gets its backlinks.
        self._dangling: dict[str, list[Backlink]] = defaultdict(list)
        self._plans = plans = {kind.name: _plan(kind.all_fields) for kind in registry}
        for record in self.records.values():
            for target, backlink in _outgoing(record, plans[record.kind]):
                if target in self.records:
                    self._incoming[target][backlink.role].append(backlink)
                else:
                    self._dangling[target].append(backlink)
        self._keys = keys = {
            record_id: sort_key(r, registry) for record_id, r in self.records.items()
        }
        for by_role in self._incoming.values():
            for backlinks in by_role.values():
                backlinks.sort(key=self._backlink_key)
        ordered = sorted(self.records.values(), key=lambda r: keys[r.id])
        self._by_kind: dict[str, list[Any]] = {kind.name: [] for kind in registry}
        for record in ordered:
            self._by_kind[record.kind].append(record)

    def _backlink_key(self, backlink: Backlink) -> tuple[Any, ...]:
        """Backlinks in their origins' order, then by detail; ties by origin id."""
        return (self._keys[backlink.origin], backlink.detail or "", backlink.origin)

    #: Past this share of the records changed, ``updated`` indexes them all.
    UPDATE_SHARE = 0.05

    @classmethod
    def updated(
        cls,
        previous: LinkIndex | None,
        records: Mapping[str, Record],
        registry: Registry = REGISTRY,
        corroboration: Corroboration | None = None,
    ) -> LinkIndex:
        """The index of ``records``, worked out from ``previous`` (the index
        of an earlier state of the same dossier) where only a few records
        differ: only their references are walked again, and only the lists
        they join or leave are sorted again. A record counts as changed when
        it is not the very object ``previous`` holds (records are frozen, and
        an unchanged file keeps its record). The result equals
        ``LinkIndex(records, registry, corroboration)``."""
        if previous is None or previous.registry != registry:
            return cls(records, registry, corroboration)
        old = previous.records
        changed = [rid for rid, record in records.items() if old.get(rid) is not record]
        removed = [rid for rid in old if rid not in records]
        if len(changed) + len(removed) > max(50, cls.UPDATE_SHARE * len(records)):
            return cls(records, registry, corroboration)
        index = cls.__new__(cls)
        index.registry = registry
        index.records = dict(records)
        index.corroboration = corroboration or Corroboration(index.records, registry)
        index._plans = plans = previous._plans
        index._keys = keys = dict(previous._keys)
        index._incoming = incoming = defaultdict(lambda: defaultdict(list), previous._incoming)
        index._dangling = dangling = defaultdict(list, previous._dangling)
        owned: set[str] = set()  # targets whose lists are this index's own copies
        resort: set[tuple[str, str]] = set()

        def own(target: str) -> dict[str, list[Backlink]]:
            if target not in owned:
                owned.add(target)
                copied: dict[str, list[Backlink]] = defaultdict(list)
                for role, backlinks in previous._incoming.get(target, {}).items():
                    copied[role] = list(backlinks)
                incoming[target] = copied
            return incoming[target]

        def drop(origin: str, backlinks: list[Backlink]) -> list[Backlink]:
            return [b for b in backlinks if b.origin != origin]

        gone = set(changed) | set(removed)
        # What the changed and removed records pointed at, they no longer do.
        for rid in gone:
            before = old.get(rid)
            if before is None:
                continue
            targets = {target for target, _ in _outgoing(before, plans[before.kind])}
            for target in targets:
                if target in old:
                    by_role = own(target)
                    for role in list(by_role):
                        by_role[role] = drop(rid, by_role[role])
                        if not by_role[role]:
                            del by_role[role]
                else:
                    dangling[target] = drop(rid, dangling.get(target, []))
                    if not dangling[target]:
                        del dangling[target]
        # What pointed at a removed record now points at no record.
        for rid in removed:
            keys.pop(rid, None)
            for backlinks in incoming.pop(rid, {}).values():
                dangling[rid] = [*dangling.get(rid, []), *backlinks]
            owned.discard(rid)
        for rid in changed:
            keys[rid] = sort_key(records[rid], registry)
        # What pointed at an id no record had now points at the new record.
        for rid in changed:
            if rid in old or rid not in dangling:
                continue
            by_role = own(rid)
            for backlink in dangling.pop(rid):
                by_role[backlink.role].append(backlink)
                resort.add((rid, backlink.role))
        # What the changed records point at now.
        for rid in changed:
            record = records[rid]
            for target, backlink in _outgoing(record, plans[record.kind]):
                if target in index.records:
                    own(target)[backlink.role].append(backlink)
                    resort.add((target, backlink.role))
                else:
                    dangling[target] = [*dangling.get(target, []), backlink]
        for target, role in resort:
            incoming[target][role].sort(key=index._backlink_key)
        for target in owned:
            if target in incoming and not incoming[target]:
                del incoming[target]
        # The records of the kinds that gained, lost or changed one, in order.
        kinds = {old[rid].kind for rid in gone if rid in old} | {
            records[rid].kind for rid in changed
        }
        index._by_kind = dict(previous._by_kind)
        for kind in kinds:
            index._by_kind[kind] = sorted(
                (r for r in index.records.values() if r.kind == kind), key=lambda r: keys[r.id]
            )
        return index

    def all(self, kind: str) -> list[Any]:
        """The records of one kind: dated kinds in time order, others by label."""
        return self._by_kind.get(kind, [])

    def backlinks(self, record_id: str, role: str) -> list[Backlink]:
        by_role = self._incoming.get(record_id)
        return by_role.get(role, []) if by_role else []

    def origins(self, record_id: str) -> Iterator[str]:
        """The ids of the records pointing at ``record_id``, in any role."""
        for backlinks in self._incoming.get(record_id, {}).values():
            for backlink in backlinks:
                yield backlink.origin

    def references(self, record: Record) -> Iterator[tuple[str, str]]:
        """``(target, role)`` of every reference ``record`` makes, known or not."""
        for target, backlink in _outgoing(record, self._plans[record.kind]):
            yield target, backlink.role

    def pointing(self, record_id: str, role: str) -> list[Any]:
        """The records pointing at ``record_id`` in ``role``, each once, in order."""
        seen = dict.fromkeys(b.origin for b in self.backlinks(record_id, role))
        return [self.records[origin] for origin in seen]

    def get(self, record_id: str) -> Record | None:
        return self.records.get(record_id)

    def label(self, record_id: str) -> str:
        record = self.records.get(record_id)
        return record.label if record is not None else record_id

    def threads(self, record_id: str) -> list[Thread]:
        """Statements about, or answering, a record, as response threads.

        A statement starts a thread unless it answers another statement of
        the same discussion; its replies follow ``responds_to`` backwards.
        Statements that only answer each other (a cycle) start a thread at
        the first of them, so none is left out. Threads nest at most
        ``MAX_THREAD_DEPTH`` deep; deeper replies are listed at that depth.
        """
        members = dict.fromkeys(
            r.id
            for r in (*self.pointing(record_id, ABOUT), *self.pointing(record_id, RESPONSE))
            if isinstance(r, Statement)
        )
        roots = [
            sid
            for sid in members
            if not any(
                target in members for target in getattr(self.records[sid], "responds_to", ())
            )
        ]
        seen: set[str] = set()
        threads = [self._thread(self.records[sid], seen) for sid in roots]  # type: ignore[arg-type]
        for sid in members:
            if sid not in seen:
                threads.append(self._thread(self.records[sid], seen))  # type: ignore[arg-type]
        return threads

    def _thread(self, statement: Statement, seen: set[str]) -> Thread:
        """The thread below ``statement``, depth first, each statement once;
        built with an explicit stack, so a chain of any length fits."""
        seen.add(statement.id)
        # Each frame: the statement, its candidate replies, the next candidate,
        # the replies built so far.
        stack: list[tuple[Statement, list[Record], list[int], list[Thread]]] = [
            (statement, self.pointing(statement.id, RESPONSE), [0], [])
        ]
        while True:
            current, candidates, next_at, built = stack[-1]
            while next_at[0] < len(candidates):
                reply = candidates[next_at[0]]
                next_at[0] += 1
                if isinstance(reply, Statement) and reply.id not in seen:
                    seen.add(reply.id)
                    if len(stack) < MAX_THREAD_DEPTH - 1:
                        stack.append((reply, self.pointing(reply.id, RESPONSE), [0], []))
                        break
                    # At the depth limit replies are flattened: this reply's
                    # own replies join the candidates of the current level.
                    built.append(Thread(reply))
                    candidates = candidates + self.pointing(reply.id, RESPONSE)
                    stack[-1] = (current, candidates, next_at, built)
            else:
                stack.pop()
                thread = Thread(current, tuple(built))
                if not stack:
                    return thread
                stack[-1][3].append(thread)

    def answers(self, statement_id: str) -> dict[str, list[Statement]]:
        """The statements answering one, by statement type."""
        by_type: dict[str, list[Statement]] = {}
        for reply in self.pointing(statement_id, RESPONSE):
            if isinstance(reply, Statement):
                by_type.setdefault(reply.type, []).append(reply)
        return by_type

    def corroborated(self, record_id: str) -> Corroborated | None:
        """How a claim is sourced (``corroboration.Corroborated``); None for
        a record of a kind that is not a claim."""
        return self.corroboration.of(record_id)

    def upstream(self, source_id: str) -> list[list[str]]:
        """Provenance chains from a source back to what it relays: each a list
        of ids starting after ``source_id``, ending at a source that relays
        nothing (``[[]]`` when it relays nothing itself)."""
        return _chains(source_id, self._based_on, CHAIN_LIMIT, self.__dict__.setdefault("_up", {}))

    def downstream(self, source_id: str) -> list[list[str]]:
        """Chains of the sources relaying this one, nearest first."""
        return _chains(
            source_id, self._relayed_by, CHAIN_LIMIT, self.__dict__.setdefault("_down", {})
        )

    def provenance(self, source_id: str, direction: str = "up") -> Provenance:
        """What a source page shows of its chains (``"up"``: what it relays,
        ``"down"``: who relays it): at most ``CHAINS_SHOWN`` chains of at
        most ``HOPS_SHOWN`` hops each, and how many of either were left out.
        The full chains follow from every source's ``based_on`` in the data."""
        if direction == "up":
            chains, step, memo = self.upstream(source_id), self._based_on, "_up_count"
        else:
            chains, step, memo = self.downstream(source_id), self._relayed_by, "_down_count"
        if chains == [[]]:
            return Provenance((), 0)
        total = _count_chains(source_id, step, self.__dict__.setdefault(memo, {}))
        shown = tuple(_shortened(chain) for chain in chains[:CHAINS_SHOWN])
        return Provenance(shown, total - len(shown))

    def _based_on(self, source_id: str) -> Iterable[str]:
        record = self.records.get(source_id)
        return getattr(record, "based_on", ()) if record is not None else ()

    def _relayed_by(self, source_id: str) -> Iterable[str]:
        return (b.origin for b in self.backlinks(source_id, RELAY))


#: At most this many provenance chains are listed for one source.
CHAIN_LIMIT = 20
#: A source page shows at most this many chains, each of at most this many
#: hops (the first ones and the last, the origin, with a gap between).
CHAINS_SHOWN = 5
HOPS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class ShownChain:
    """A chain as shown: its ids, with ``None`` where ``skipped`` hops are left out."""

    hops: tuple[str | None, ...]
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Provenance:
    """The chains a source page shows, and how many more there are."""

    chains: tuple[ShownChain, ...]
    more: int


def _shortened(chain: list[str]) -> ShownChain:
    if len(chain) <= HOPS_SHOWN:
        return ShownChain(tuple(chain))
    head = chain[: HOPS_SHOWN - 1]
    return ShownChain((*head, None, chain[-1]), len(chain) - HOPS_SHOWN)


def _count_chains(start: str, step: Callable[[str], Iterable[str]], memo: dict[str, int]) -> int:
    """How many chains lead from ``start`` along ``step`` (the chains of
    ``_chains``, without the limit), counted once per node with an explicit
    stack; a step back onto the path (a cycle) is not taken."""
    if start in memo:
        return memo[start]
    on_path: set[str] = {start}
    stack: list[tuple[str, list[str], int]] = [(start, list(dict.fromkeys(step(start))), 0)]
    while stack:
        node, nexts, at = stack[-1]
        while at < len(nexts) and (nexts[at] in memo or nexts[at] in on_path):
            at += 1
        if at < len(nexts):
            stack[-1] = (node, nexts, at)
            on_path.add(nexts[at])
            stack.append((nexts[at], list(dict.fromkeys(step(nexts[at]))), 0))
            continue
        stack.pop()
        on_path.discard(node)
        counted = [memo[child] for child in nexts if child not in on_path and child in memo]
        memo[node] = sum(counted) or 1
    return memo[start]


#: A chain as a linked list, ``(id, rest)``, ``None`` for the empty chain:
#: the chains of a source share the chains of what it relays.
_Chain = tuple[str, "_Chain"] | None


def _chains(
    start: str,
    step: Callable[[str], Iterable[str]],
    limit: int,
    memo: dict[str, list[_Chain]] | None = None,
) -> list[list[str]]:
    """Up to ``limit`` chains from ``start`` along ``step``, each ending where
    ``step`` leads nowhere new, depth first in ``step``'s order.

    Each node's first ``limit`` chains are worked out once (in ``memo``, which
    callers may keep between calls) from those of the nodes it steps to, with
    an explicit stack: a diamond of many paths to one origin costs time linear
    in its size times ``limit``, and a chain of any length fits. A step back
    onto the path being walked (a cycle) is not taken.
    """
    memo = {} if memo is None else memo
    if start not in memo:
        on_path: set[str] = {start}
        stack: list[tuple[str, list[str], int]] = [(start, list(dict.fromkeys(step(start))), 0)]
        while stack:
            node, nexts, at = stack[-1]
            while at < len(nexts) and (nexts[at] in memo or nexts[at] in on_path):
                at += 1
            if at < len(nexts):
                stack[-1] = (node, nexts, at)
                child = nexts[at]
                on_path.add(child)
                stack.append((child, list(dict.fromkeys(step(child))), 0))
                continue
            stack.pop()
            on_path.discard(node)
            found: list[_Chain] = []
            for child in nexts:
                if child in on_path or child not in memo:
                    continue  # a cycle back onto the path
                for rest in memo[child]:
                    found.append((child, rest))
                    if len(found) >= limit:
                        break
                if len(found) >= limit:
                    break
            memo[node] = found or [None]
    return [_unroll(chain) for chain in memo[start][:limit]]


def _unroll(chain: _Chain) -> list[str]:
    ids: list[str] = []
    while chain is not None:
        ids.append(chain[0])
        chain = chain[1]
    return ids


#: How to find a kind's references: (attribute, role, struct plan, detail, is citation).
_Step = tuple[str, str | None, "tuple[_Step, ...] | None", str | None, bool]


def _plan(specs: tuple[FieldSpec, ...]) -> tuple[_Step, ...]:
    """The reference fields among ``specs``, read once per kind."""
    steps: list[_Step] = []
    for spec in specs:
        item = spec.item if spec.type is FieldType.LIST else spec
        assert item is not None
        if item.type is FieldType.REF and item.role:
            steps.append((spec.name, item.role, None, None, False))
        elif item.type is FieldType.STRUCT and item.struct is not None:
            inner = _plan(item.struct.fields)
            if inner:
                is_citation = item.struct is CITATION_STRUCT
                steps.append((spec.name, None, inner, item.struct.detail, is_citation))
    return tuple(steps)


def _outgoing(record: Record, plan: tuple[_Step, ...]) -> Iterable[tuple[str, Backlink]]:
    """Every (target, backlink) a record contributes to the index."""
    rid = record.id
    for target in record.mentions:
        if target != rid:
            yield target, Backlink(rid, MENTION)
    yield from _walk(rid, record, plan)


def _walk(
    rid: str,
    holder: Any,
    plan: tuple[_Step, ...],
    detail: str | None = None,
    citation: Citation | None = None,
) -> Iterable[tuple[str, Backlink]]:
    for name, role, inner, detail_field, is_citation in plan:
        value = getattr(holder, name)
        if value is None:
            continue
        values = value if isinstance(value, tuple) else (value,)
        if inner is None:
            for target in values:
                yield target, Backlink(rid, role or "", detail, citation)
            continue
        for item in values:
            yield from _walk(
                rid,
                item,
                inner,
                getattr(item, detail_field) if detail_field else None,
                item if is_citation else None,
            )
