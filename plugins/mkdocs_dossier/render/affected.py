"""Which record pages an edit can change, from the old and the new link index.

``mkdocs serve`` keeps the Markdown of the previous build and renders again
only the pages whose inputs may differ (``pages_to_render``). Any other page
declares the records it lists (``PageSpec.lists``) and shows no more of each
than that record's own page does, or of the records it names: it is
rendered again when its spec changed (a record joined or left it, or moved
within it) or when the page of one of its records is (``affected_records``).
A page that may show anything (``lists`` is ``None``) is always rendered.
A record page shows its own record, and of others:

- the title, badge, date (and, for a source, the publisher's name) of every
  record it points at or that points at it, its *face*;
- the statements of its threads: those about or answering it, and every
  statement answering one of them, to any depth;
- for a source, the sources of its provenance chains (upstream and
  downstream); for a claim, the upstream chain and independent origins of
  each source it cites;
- for an entity, its edges in the entity graph and the face of the entities
  at their other ends (which it may not point at: co-participants);
- its own revisions and last-updated date.

A kind's index and the pages of a tag (from the packaged templates) show
of each record only its own fields and the faces of the records it names:
they are rendered again for their own records that changed or whose face
did, and for those naming one of them (``Change.listed``), not for every
record whose page must be.

So the record pages to render are those of the records that changed (added,
removed or different), and of every record whose face changed because a
record it names changed (a statement's title carries its speaker's name),
together with each one's neighbours in the old and the new index, and the
wider sets above for statements, sources and entities. Both indexes are
read, so a reference that was removed counts as well as one that was added.
When in doubt a page is included: rendering one page too many costs a few
milliseconds, one too few shows a stale page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Set

from ..corroboration import CITED_KIND
from ..kinds.statement import Statement
from ..link import ABOUT, CITATION, RELAY, RESPONSE, LinkIndex
from .change import Change
from .pages import PageSpec, SiteRenderer


def pages_to_render(
    old: SiteRenderer,
    new: SiteRenderer,
    old_specs: Mapping[str, PageSpec],
    new_specs: Iterable[PageSpec],
) -> set[str]:
    """The source paths of the pages of ``new_specs`` that may differ from
    those ``old`` rendered from ``old_specs`` (by source path)."""
    change = _change(old, new)
    affected = affected_records(old, new, change)
    found = set()
    for spec in new_specs:
        before = old_specs.get(spec.uri)
        if before is spec and spec.record is not None:  # the usual case, a kept record page
            if spec.record.id in affected:
                found.add(spec.uri)
            continue
        if spec.lists is None or (before is not spec and before != spec):
            found.add(spec.uri)
            continue
        among = change.listed if new.shows_own_lines(spec) else affected
        if not among.isdisjoint(spec.lists):
            found.add(spec.uri)
    return found


def _change(old: SiteRenderer, new: SiteRenderer) -> Change:
    """What changed from ``old`` to ``new``: worked out when ``new`` was made
    from ``old``, else now."""
    change = new.change
    if change is None or not change.is_from(old.index):
        change = Change.between(old.index, new.index)
    return change


def affected_records(
    old: SiteRenderer, new: SiteRenderer, change: Change | None = None
) -> set[str]:
    """The ids of the records of ``new`` whose pages may differ from those
    ``old`` rendered (removed records have no page and are left out)."""
    before, after = old.index, new.index
    if change is None:
        change = _change(old, new)
    affected = set(change.near)
    # Only its own page shows a record's revisions and last-updated date.
    if old.updated != new.updated or old.revisions != new.revisions:
        for rid, record in after.records.items():
            path = record.path
            if old.updated.get(path) != new.updated.get(path) or old.revisions.get(
                path
            ) != new.revisions.get(path):
                affected.add(rid)
    shown = change.shown
    for index in (before, after):
        affected.update(_thread_pages(index, shown))
        affected.update(_provenance_pages(index, shown))
    affected.update(_graph_pages(old, new, shown))
    return affected & after.records.keys()


def _thread_pages(index: LinkIndex, shown: Set[str]) -> set[str]:
    """The pages whose threads may hold one of the ``shown`` statements: what
    it, or any statement it answers (to any depth), is about or answers."""
    found: set[str] = set()
    seen: set[str] = set()
    todo = [rid for rid in shown if isinstance(index.records.get(rid), Statement)]
    while todo:
        rid = todo.pop()
        if rid in seen:
            continue
        seen.add(rid)
        record = index.records.get(rid)
        if record is None:
            continue
        for target, role in index.references(record):
            if role not in (ABOUT, RESPONSE):
                continue
            found.add(target)
            if isinstance(index.records.get(target), Statement):
                todo.append(target)
    return found


def _provenance_pages(index: LinkIndex, shown: Set[str]) -> set[str]:
    """For each ``shown`` source: every source up and down its chains, and
    every record citing it or a source downstream (their citations show
    upstream chains, their corroboration the origins)."""
    sources = [rid for rid in shown if getattr(index.records.get(rid), "kind", None) == CITED_KIND]
    down = _closure(sources, lambda rid: (b.origin for b in index.backlinks(rid, RELAY)))
    up = _closure(sources, lambda rid: getattr(index.records.get(rid), "based_on", ()))
    found = down | up
    for rid in down:
        found.update(b.origin for b in index.backlinks(rid, CITATION))
    return found


def _graph_pages(old: SiteRenderer, new: SiteRenderer, shown: Set[str]) -> set[str]:
    """Entities whose edges changed, and the graph neighbours of every
    ``shown`` entity (their neighbourhood charts name it)."""
    found = (
        set()
        if old.edges_of is new.edges_of
        else {
            node
            for node in old.edges_of.keys() | new.edges_of.keys()
            if old.edges_of.get(node) != new.edges_of.get(node)
        }
    )
    for renderer in (old, new):
        for rid in shown:
            for edge in renderer.edges_of.get(rid, ()):
                found.update((edge.a, edge.b))
    return found


def _closure(start: Iterable[str], step: Callable[[str], Iterable[str]]) -> set[str]:
    """``start`` and everything reached from it by ``step``, walked iteratively."""
    found: set[str] = set()
    todo = list(start)
    while todo:
        rid = todo.pop()
        if rid in found:
            continue
        found.add(rid)
        todo.extend(step(rid))
    return found
