"""validate: documents into records, or one positioned problem per fault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.kinds.entity import Entity
from mkdocs_dossier.kinds.event import Event, Participant
from mkdocs_dossier.kinds.source import Source
from mkdocs_dossier.kinds.statement import Statement
from mkdocs_dossier.records import Citation


def errors(content: Path) -> list[str]:
    checked = check_content(content, content.parent)
    return [p.format_text() for p in checked.problems if p.is_error]


def warnings(content: Path) -> list[str]:
    checked = check_content(content, content.parent)
    return [p.format_text() for p in checked.problems if not p.is_error]


def test_mini_dossier_is_valid_and_typed(make_content: Callable[..., Path]) -> None:
    checked = check_content(make_content(), None)
    assert [p for p in checked.problems if p.is_error] == []
    assert checked.index is not None
    records = checked.index.records
    assert isinstance(records["acme"], Entity) and records["acme"].aliases == ("Acme",)
    event = records["acme-launch"]
    assert isinstance(event, Event)
    assert event.participants == (Participant("acme"), Participant("jane-doe", "presenter"))
    assert event.sources == (Citation("daily-report", "para. 2", "Acme launched the widget."),)
    assert event.date.human() == "Autumn 2024"
    assert event.mentions == ("jane-doe", "acme")
    statement = records["acme-no-comment"]
    assert isinstance(statement, Statement) and statement.quote is None
    source = records["wire-copy"]
    assert isinstance(source, Source) and source.based_on == ("daily-report",)
    with pytest.raises(AttributeError):
        event.title = "changed"  # type: ignore[misc]


# (file, body, expected "path:line:col: error: message" fragment)
BAD_RECORDS: list[tuple[str, str, str]] = [
    (
        "entities/x.yml",
        "type: persn\nname: X\nsummary: s\n",
        'x.yml:1:7: error: type "persn" is not allowed; use one of "person", "organization", '
        '"company", "government", "media", "product", "place" (did you mean "person"?)',
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\n",
        "x.yml:1:1: error: missing required field summary",
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\nnmae: Y\n",
        'x.yml:4:1: error: unknown field "nmae" for an entity (did you mean "name"?)',
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\ncountry: cn\n",
        'x.yml:4:10: error: country "cn" is not an ISO 3166-1 alpha-2 country code',
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\nwebsite: javascript:alert(1)\n",
        "x.yml:4:10: error: website must be an http:// or https:// URL",
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\nwebsite: 'https://a.example/\"x'\n",
        "x.yml:4:29: error: website contains",
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\nwikidata: 42\n",
        'x.yml:4:11: error: wikidata "42" is not a Wikidata item id',
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: |\n  two\n  lines\n",
        "x.yml:3:10: error: summary must be one line",
    ),
    ("entities/x.yml", "type: person\nname:\nsummary: s\n", "x.yml:2:6: error: name has no value"),
    (
        "entities/x.yml",
        "type: person\nname: [a, b]\nsummary: s\n",
        "x.yml:2:7: error: name must be a single value, not a list",
    ),
    (
        "entities/x.yml",
        "name: X\nsummary: s\n",
        'x.yml:1:1: error: missing required field type (what kind of entity; one of "person", '
        '"organization", "company", "government", "media", "product", "place")',
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\naliases: Y\n",
        "x.yml:4:10: error: aliases must be a list",
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\ntags: ['" + "x" * 61 + "']\n",
        "x.yml:4:8: error: tags[1] is 61 characters long; a tag has at most 60",
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\nrelations:\n  - entity: acme\n    relation: r\n"
        "    start: '2020'\n    end: '2019'\n",
        "x.yml:8:10: error: relations[1]: end 2019 is before start 2020",
    ),
    (
        "entities/x.yml",
        "type: person\nname: X\nsummary: s\nrelations:\n  - entity: acme\n    relaton: r\n",
        'x.yml:6:5: error: unknown field "relaton" for the relation relations[1] '
        '(did you mean "relation"?)',
    ),
    (
        "events/x.yml",
        "title: T\ndate: 2025-02-30\nstatus: confirmed\nsummary: s\nsources: [daily-report]\n",
        "x.yml:2:15: error: date: February 2025 has no day 30 (it has 28 days)",
    ),
    (
        "events/x.yml",
        "title: T\ndate: 2025-02/2024-01\nstatus: confirmed\nsummary: s\nsources: [daily-report]\n",
        "error: date: interval ends",
    ),
    (
        "events/x.yml",
        "title: T\ndate: 2025\nstatus: confirmed\nsummary: s\nsources: []\n",
        "x.yml:5:10: error: sources is empty: give at least 1",
    ),
    (
        "events/x.yml",
        "title: T\ndate: 2025\nstatus: confirmed\nsummary: s\n",
        "x.yml:1:1: error: missing required field sources",
    ),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [daily-reprot]\n",
        'x.yml:5:11: error: sources[1]: no record has the id "daily-reprot" (expected a source) '
        '(did you mean "daily-report"?)',
    ),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [acme]\n",
        'x.yml:5:11: error: sources[1]: "acme" is an entity, but this field names a source',
    ),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [daily-report]\n"
        "related: [x]\n",
        "x.yml:6:11: error: related[1]: a record cannot name itself here",
    ),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [daily-report]\n"
        "participants:\n  - entity: Acme Corp\n",
        'x.yml:7:13: error: participants[1].entity "Acme Corp" is not a record id: '
        "ids are lowercase "
        'letters, digits and single hyphens, like "acme-corp"',
    ),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [daily-report]\n"
        "description: |\n  Intro line.\n  Then [[jane-do]] and [[acme]].\n",
        'x.yml:8:8: error: description wikilink: no record has the id "jane-do" '
        "(expected an entity or an event or a statement or a source or a question) "
        '(did you mean "jane-doe"?)',
    ),
    (
        "statements/x.yml",
        "speaker: acme\ndate: '2025'\ntype: allegation\nsources: [daily-report]\n",
        'x.yml:3:1: error: quote is required for a statement of type "allegation"',
    ),
    (
        "statements/x.yml",
        "speaker: acme\ndate: '2025'\ntype: comment\nquote: q\nsources: [daily-report]\n"
        "responds_to: [x]\n",
        "x.yml:6:15: error: responds_to[1]: a record cannot name itself here",
    ),
    (
        "statements/x.yml",
        "speaker: daily-report\ndate: '2025'\ntype: comment\nquote: q\nsources: [daily-report]\n",
        'x.yml:1:10: error: speaker: "daily-report" is a source, but this field names an entity',
    ),
    (
        "statements/x.yml",
        "speaker: acme\ndate: '2025'\ntype: comment\nquote: q\nsources:\n  - source: daily-report\n"
        "    quote: q\n    page: 4\n",
        'x.yml:8:5: error: unknown field "page" for the citation sources[1]',
    ),
    (
        "sources/x.yml",
        "title: T\ntype: news\npublished: '2025'\nlanguage: english\n",
        'x.yml:4:11: error: language "english" is not a BCP 47 language tag',
    ),
    (
        "sources/x.yml",
        "title: T\ntype: news\npublished: '2025'\nbased_on: [x]\n",
        "x.yml:4:12: error: based_on[1]: a record cannot name itself here",
    ),
]


@pytest.mark.parametrize(("relative", "body", "expected"), BAD_RECORDS)
def test_bad_record_gives_one_positioned_error(
    make_content: Callable[..., Path], relative: str, body: str, expected: str
) -> None:
    content = make_content({relative: body})
    found = errors(content)
    assert any(expected in line for line in found), "\n".join(found)
    assert all(line.startswith(f"content/{relative}:") for line in found), "\n".join(found)


def test_every_problem_is_reported_at_once(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {
            "entities/a.yml": "type: persn\nname: A\nsummary: s\n",
            "events/b.yml": (
                "title: B\ndate: soon\nstatus: confirmed\nsummary: s\nsources: [nope]\n"
            ),
            "statements/c.yml": "speaker: ghost\ndate: '2025'\ntype: comment\nsources: [x]\n",
        }
    )
    found = errors(content)
    assert len(found) == 6, found
    assert found == sorted(found)


def test_based_on_cycle(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {
            "sources/a.yml": "title: A\ntype: news\npublished: '2025'\nbased_on: [b]\n",
            "sources/b.yml": "title: B\ntype: news\npublished: '2025'\nbased_on: [c]\n",
            "sources/c.yml": "title: C\ntype: news\npublished: '2025'\nbased_on: [a]\n",
        }
    )
    found = errors(content)
    assert len(found) == 1
    assert "based_on makes a cycle: a ← c ← b ← a" in found[0] or "cycle" in found[0]
    assert found[0].startswith("content/sources/c.yml:4:12:")


def test_duplicate_ids_name_both_files(make_content: Callable[..., Path]) -> None:
    content = make_content({"events/sub/acme.yml": "title: T\n"})
    found = errors(content)
    assert (
        'content/entities/acme.yml:1:1: error: duplicate id "acme": also used by '
        "content/events/sub/acme.yml; ids are unique across all kinds"
    ) in found
    assert any(
        line.startswith("content/events/sub/acme.yml:1:1: error: duplicate id") for line in found
    )


def test_bad_file_names(make_content: Callable[..., Path]) -> None:
    long_id = "a" * 101
    content = make_content(
        {
            "entities/Open AI.yml": "type: person\nname: X\nsummary: s\n",
            "entities/index.yml": "type: person\nname: X\nsummary: s\n",
            f"entities/{long_id}.yml": "type: person\nname: X\nsummary: s\n",
        }
    )
    found = errors(content)
    assert any('"Open AI" is not a valid id' in line and '"open-ai.yml"' in line for line in found)
    assert any('"index" is reserved' in line for line in found)
    assert any("101 characters long" in line for line in found)


def test_unused_source_and_early_source_are_warnings(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {
            "sources/orphan.yml": "title: O\ntype: news\npublished: '2025'\n",
            "sources/old.yml": "title: Old\ntype: news\npublished: 2020-01-01\n",
            "events/later.yml": "title: L\ndate: 2024-05\nstatus: reported\nsummary: s\n"
            "sources: [old]\n",
        }
    )
    assert errors(content) == []
    found = warnings(content)
    assert "content/sources/orphan.yml:1:1: warning: source is not cited by any record" in found
    assert any(
        line.startswith(
            "content/events/later.yml:5:1: warning: every cited source was "
            "published before this event could have happened"
        )
        for line in found
    )


def test_extra_entity_types_from_config(make_content: Callable[..., Path]) -> None:
    content = make_content({"entities/x.yml": "type: vessel\nname: X\nsummary: s\n"})
    assert errors(content)
    checked = check_content(content, content.parent, entity_types=("vessel",))
    assert not [p for p in checked.problems if p.is_error]


def test_duplicate_list_item_is_a_warning(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {
            "entities/x.yml": "type: person\nname: X\nsummary: s\ntags: [a, b, a]\n",
        }
    )
    assert errors(content) == []
    assert any(
        "x.yml:4:14: warning: tags: duplicate of the item at line 4" in line
        for line in warnings(content)
    )


def test_a_wikilink_in_a_plain_text_field_is_a_warning(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {"entities/x.yml": "type: person\nname: X\nsummary: Works for [[acme]] now\n"}
    )
    checked = check_content(content, content.parent)
    lines = [p.format_text() for p in checked.problems if p.path.endswith("x.yml")]
    assert lines == [
        "content/entities/x.yml:3:20: warning: summary is plain text, so [[acme]] shows as "
        "typed: wikilinks work in description only; write the name as text or move the "
        "link there"
    ]
    assert checked.ok
