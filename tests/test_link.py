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


def _state(index: LinkIndex) -> tuple[object, ...]:
    """Everything an index answers, in comparable form."""
    incoming = {
        target: {role: list(backlinks) for role, backlinks in by_role.items() if backlinks}
        for target, by_role in index._incoming.items()
    }
    incoming = {target: by_role for target, by_role in incoming.items() if by_role}
    dangling = {target: list(b) for target, b in index._dangling.items() if b}
    by_kind = {kind: [r.id for r in records] for kind, records in index._by_kind.items()}
    return incoming, dangling, by_kind, index._keys, set(index.records)


def test_an_updated_index_equals_one_built_from_scratch(tmp_path: Path) -> None:
    """Edits, additions and deletions, one after another, each checked
    against a fresh index of the same files."""
    import random
    import sys

    import yaml

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    from mkdocs_dossier.load import ParseCache

    generate(tmp_path, 240, seed=3)
    content = tmp_path / "content"
    cache: ParseCache = ParseCache()
    validated: dict = {}

    def check(previous: LinkIndex | None) -> LinkIndex:
        checked = check_content(
            content, tmp_path, cache=cache, validated_cache=validated, previous=previous
        )
        assert checked.index is not None, [p.format_text() for p in checked.problems[:3]]
        return checked.index

    index = check(None)
    rng = random.Random(7)
    statements = sorted((content / "statements").glob("*.yml"))
    entities = sorted(p.stem for p in (content / "entities").glob("*.yml"))
    events = sorted(p.stem for p in (content / "events").glob("*.yml"))
    added: list[Path] = []
    for step in range(12):
        action = step % 4
        if action == 0:  # a statement now about other events, on another date
            path = rng.choice(statements)
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["about"] = rng.sample(events, 2)
            data["date"] = f"2024-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        elif action == 1:  # a new statement, speaking about entities and events
            path = content / "statements" / f"added-{step}.yml"
            source = sorted((content / "sources").glob("*.yml"))[step].stem
            record = {
                "speaker": rng.choice(entities),
                "date": "2024-05-05",
                "type": "comment",
                "quote": "Added for the test.",
                "about": [rng.choice(events)],
                "description": f"Says [[{rng.choice(entities)}]] was there.",
                "sources": [source],
            }
            path.write_text(yaml.safe_dump(record), encoding="utf-8")
            added.append(path)
        elif action == 2 and added:  # that statement deleted again
            added.pop().unlink()
        else:  # an entity renamed (its label, so its place in every list)
            path = content / "entities" / f"{rng.choice(entities)}.yml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["name"] = "Aaa " + data["name"]
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        before = _state(index)
        updated = check(index)
        assert _state(index) == before  # the previous index is left as it was
        fresh = check_content(content, tmp_path)
        assert fresh.index is not None
        assert _state(updated) == _state(fresh.index), f"step {step}"
        index = updated
