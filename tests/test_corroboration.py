"""corroboration: independent origins and primary sources of each claim."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from mkdocs_dossier.corroboration import Corroborated, in_words
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.export import dossier_data
from mkdocs_dossier.link import LinkIndex
from mkdocs_dossier.render import SiteRenderer


def source(publisher: str | None = None, based_on: str = "", kind: str = "news") -> str:
    lines = [f"title: Report {based_on or 'first-hand'}", f"type: {kind}", "published: 2025-01-29"]
    if publisher:
        lines.append(f"publisher: {publisher}")
    if based_on:
        lines.append(f"based_on: [{based_on}]")
    return "\n".join(lines) + "\n"


def event(sources: str, participants: str = "[]") -> str:
    return (
        "title: Something happened\ndate: 2025-01-28\nstatus: reported\nsummary: s\n"
        f"participants: {participants}\nsources: {sources}\n"
    )


ENTITIES = {
    "entities/acme.yml": "type: company\nname: Acme\nsummary: s\n",
    "entities/daily.yml": "type: media\nname: The Daily\nsummary: s\n",
    "entities/wire.yml": "type: media\nname: Wire\nsummary: s\n",
}


def index(make_content: Callable[..., Path], files: dict[str, str]) -> LinkIndex:
    checked = check_content(make_content({**ENTITIES, **files}, base=False), None)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    return checked.index


def test_a_chain_has_one_origin_its_root(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/a.yml": source("daily"),
            "sources/b.yml": source("wire", based_on="a"),
            "sources/c.yml": source(based_on="b"),
            "events/e.yml": event("[a, b, c]"),
        },
    )
    assert ix.corroborated("e") == Corroborated(3, ("a",), ())
    assert ix.corroboration.origins("c") == ("a",)


def test_a_diamond_joins_at_one_origin(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/root.yml": source(),
            "sources/left.yml": source(based_on="root"),
            "sources/right.yml": source(based_on="root"),
            "sources/bottom.yml": source().replace(
                "published", "based_on: [left, right]\npublished"
            ),
            "events/e.yml": event("[bottom, left]"),
        },
    )
    assert ix.corroborated("e") == Corroborated(2, ("root",), ())


def test_a_source_relaying_two_roots_has_both(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/ft.yml": source("daily"),
            "sources/bloomberg.yml": source("wire"),
            "sources/roundup.yml": source().replace(
                "published", "based_on: [ft, bloomberg]\npublished"
            ),
            "events/e.yml": event("[roundup]"),
        },
    )
    assert ix.corroborated("e") == Corroborated(1, ("ft", "bloomberg"), ())


def test_a_source_cited_twice_counts_once(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/a.yml": source("daily"),
            "events/e.yml": event("[a, {source: a, locator: para. 3}]"),
        },
    )
    assert ix.corroborated("e") == Corroborated(1, ("a",), ())


def test_primary_by_type_and_by_a_party_publishing(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/filing.yml": source(kind="document"),
            "sources/release.yml": source(kind="press-release"),
            "sources/blog.yml": source("acme"),
            "sources/news.yml": source("daily"),
            "events/e.yml": event("[filing, news]"),
            "events/f.yml": event("[release]"),
            "events/g.yml": event("[blog, news]", participants="[{entity: acme, role: maker}]"),
            "events/h.yml": event("[blog]"),
            "statements/s.yml": (
                "speaker: acme\ndate: 2025-01-28\ntype: comment\nquote: q\nsources: [blog]\n"
            ),
        },
    )
    assert ix.corroborated("e") == Corroborated(2, ("filing", "news"), ("filing",))
    assert ix.corroborated("f") == Corroborated(1, ("release",), ("release",))
    assert ix.corroborated("g") == Corroborated(2, ("blog", "news"), ("blog",))
    assert ix.corroborated("h") == Corroborated(1, ("blog",), ())  # acme takes no part
    assert ix.corroborated("s") == Corroborated(1, ("blog",), ("blog",))  # the speaker's own
    assert ix.corroborated("acme") is None
    assert ix.corroborated("news") is None


def test_a_long_chain_is_walked_without_recursion(make_content: Callable[..., Path]) -> None:
    files = {"sources/s0.yml": source()}
    files.update({f"sources/s{i}.yml": source(based_on=f"s{i - 1}") for i in range(1, 3000)})
    files["events/e.yml"] = event("[s2999]")
    ix = index(make_content, files)
    assert ix.corroborated("e") == Corroborated(1, ("s0",), ())


def test_in_words() -> None:
    names = ["Bloomberg", "Financial Times"]
    assert in_words(Corroborated(4, ("a", "b"), ()), names) == (
        "4 sources from 2 independent origins: Bloomberg, Financial Times"
    )
    assert in_words(Corroborated(4, ("a", "b"), ("c",)), names) == (
        "4 sources from 2 independent origins: Bloomberg, Financial Times, "
        "including a primary source"
    )
    assert in_words(Corroborated(3, ("a",), ()), ["Bloomberg"]) == (
        "3 sources from a single origin: Bloomberg"
    )
    assert in_words(Corroborated(1, ("a",), ("a",)), ["Acme"]) == "1 source: Acme, a primary source"
    assert in_words(Corroborated(0, (), ()), []) == "No source cited"


def test_pages_name_origins_by_publisher_else_title(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/a.yml": source("daily"),
            "sources/b.yml": source("wire", based_on="a"),
            "sources/c.yml": source(),
            "sources/d.yml": source("wire").replace("Report first-hand", "Wire's <b>own</b>"),
            "sources/e.yml": source("wire"),
            "events/x.yml": event("[a, b, c]"),
            "events/y.yml": event("[d, e]"),
            "statements/s.yml": (
                "speaker: acme\ndate: 2025-01-28\ntype: allegation\nquote: q\nsources: [a]\n"
            ),
        },
    )
    renderer = SiteRenderer(ix)
    x = renderer.record_page(ix.records["x"]).markdown
    assert (
        "3 sources from 2 independent origins: [The Daily](../sources/a.md), "
        "[Report first-hand](../sources/c.md)\n" in x
    )
    y = renderer.record_page(ix.records["y"]).markdown
    # Two origins from one publisher are told apart by their titles, escaped.
    assert (
        "2 sources from 2 independent origins: [Wire's &#60;b&#62;own&#60;/b&#62;]"
        "(../sources/d.md), [Report first-hand](../sources/e.md)\n" in y
    )
    statement = renderer.record_page(ix.records["s"]).markdown
    assert "1 source: [The Daily](../sources/a.md)\n" in statement
    claims = next(p for p in renderer.all_pages() if p.src_uri == "claims/index.md").markdown
    assert "1 source: [The Daily](../sources/a.md)\n" in claims
    assert "independent" not in renderer.record_page(ix.records["acme"]).markdown


def test_the_export_gives_each_claim_its_corroboration(make_content: Callable[..., Path]) -> None:
    ix = index(
        make_content,
        {
            "sources/a.yml": source("daily"),
            "sources/b.yml": source("wire", based_on="a"),
            "sources/c.yml": source(kind="document"),
            "events/e.yml": event("[a, b, c]"),
        },
    )
    data = json.loads(json.dumps(dossier_data(ix)))
    (exported,) = data["events"]
    assert exported["corroboration"] == {"sources": 3, "origins": ["a", "c"], "primary": ["c"]}
    assert all("corroboration" not in s for s in data["sources"])
