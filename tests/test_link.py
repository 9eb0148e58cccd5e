"""link: the backlink index, built once from every reference."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs_dossier import link
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.link import LinkIndex


def index_of(content: Path) -> LinkIndex:
    checked = check_content(content, content.parent)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    return checked.index


def test_backlinks_by_role(make_content: Callable[..., Path]) -> None:
    index = index_of(make_content())
    assert [(b.origin, b.detail) for b in index.backlinks("acme", link.RELATION)] == [
        ("jane-doe", "leads")
    ]
    assert [(b.origin, b.detail) for b in index.backlinks("jane-doe", link.PARTICIPANT)] == [
        ("acme-launch", "presenter")
    ]
    assert [b.origin for b in index.backlinks("acme", link.SPEAKER)] == ["acme-no-comment"]
    assert [b.origin for b in index.backlinks("acme", link.VENUE)] == ["jane-praises"]
    assert [b.origin for b in index.backlinks("acme-launch", link.ABOUT)] == ["jane-praises"]
    assert [b.origin for b in index.backlinks("jane-praises", link.RESPONSE)] == ["acme-no-comment"]
    assert [b.origin for b in index.backlinks("acme", link.MENTION)] == ["acme-launch"]
    assert [b.origin for b in index.backlinks("daily-report", link.RELAY)] == ["wire-copy"]
    assert [b.origin for b in index.backlinks("acme", link.PUBLISHER)] == ["daily-report"]
    cited = index.backlinks("daily-report", link.CITATION)
    # Sorted chronologically by the citing record: entity first (undated), then
    # the autumn event, then the statement of 2 October.
    assert [b.origin for b in cited] == ["acme", "jane-doe", "acme-launch", "jane-praises"]
    assert cited[2].citation is not None and cited[2].citation.locator == "para. 2"
    assert index.backlinks("nobody", link.CITATION) == []


def test_related_events_and_provenance_chains(make_content: Callable[..., Path]) -> None:
    index = index_of(
        make_content(
            {
                "sources/rewrite.yml": "title: R\ntype: news\npublished: 2024-10-07\n"
                "based_on: [wire-copy]\n",
                "events/follow-up.yml": "title: F\ndate: 2024-10-08\nstatus: reported\nsummary: s\n"
                "related: [acme-launch]\nsources: [rewrite]\n",
            }
        )
    )
    assert [b.origin for b in index.backlinks("acme-launch", link.RELATED)] == ["follow-up"]
    assert index.upstream("rewrite") == [["wire-copy", "daily-report"]]
    assert index.upstream("daily-report") == [[]]
    assert index.downstream("daily-report") == [["wire-copy", "rewrite"]]


def test_ordered_lists(make_content: Callable[..., Path]) -> None:
    index = index_of(make_content())
    assert [e.id for e in index.all("entity")] == ["acme", "jane-doe"]
    assert [s.id for s in index.all("statement")] == ["jane-praises", "acme-no-comment"]
    assert [s.id for s in index.all("source")] == ["daily-report", "wire-copy"]


def test_index_is_linear_in_references(make_content: Callable[..., Path]) -> None:
    """Every backlink comes from exactly one reference: counts add up."""
    index = index_of(make_content())
    total = sum(len(index.backlinks(rid, role)) for rid in index.records for role in link.ROLES)
    expected = 0
    for record in index.records.values():
        expected += len(record.mentions) + len(getattr(record, "sources", ()))
        expected += sum(1 + len(r.sources) for r in getattr(record, "relations", ()))
        expected += len(getattr(record, "participants", ())) + len(getattr(record, "related", ()))
        expected += len(getattr(record, "about", ())) + len(getattr(record, "responds_to", ()))
        expected += len(getattr(record, "based_on", ()))
        expected += sum(1 for f in ("speaker", "venue", "publisher") if getattr(record, f, None))
    assert total == expected
