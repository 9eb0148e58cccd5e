"""Briefing views: timeline marks, graph, threads, claims, provenance, print."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.link import LinkIndex
from mkdocs_dossier.render import SiteRenderer
from mkdocs_dossier.render.graph import build_edges
from mkdocs_dossier.render.timeline import CLUSTER_OVER, place

from .browser import ARTIFACTS, browser, serve
from .conftest import build_site

EXTRA = {
    "events/exact.yml": "title: Exact day\ndate: 2024-10-01\nstatus: reported\nsummary: s\n"
    "participants: [acme, jane-doe]\nsources: [daily-report]\n",
    "events/spread.yml": "title: Spread over weeks\ndate: 2024-09-10/2024-10-20\n"
    "status: disputed\nsummary: s\nparticipants: [acme, jane-doe]\n"
    "sources: [daily-report]\n",
    "statements/jane-denies.yml": "speaker: jane-doe\ndate: 2024-10-04\ntype: denial\n"
    "quote: Not so.\nresponds_to: [acme-claims]\n"
    "sources: [wire-copy]\n",
    "statements/acme-claims.yml": "speaker: acme\ndate: 2024-10-03\ntype: allegation\n"
    "quote: Jane did it.\nabout: [acme-launch, jane-doe]\n"
    "sources: [daily-report]\n",
    "sources/rewrite.yml": "title: A rewrite\ntype: news\npublished: 2024-10-07\n"
    "based_on: [wire-copy]\n",
    "statements/later.yml": "speaker: acme\ndate: 2024-10-05\ntype: comment\nquote: q\n"
    "sources: [rewrite]\n",
}


@pytest.fixture
def index(make_content: Callable[..., Path]) -> LinkIndex:
    checked = check_content(make_content(EXTRA), None)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    return checked.index


def test_timeline_marks_match_the_records(index: LinkIndex) -> None:
    renderer = SiteRenderer(index)
    page = next(p for p in renderer.site_pages() if p.src_uri == "events/index.md").markdown
    marks = re.findall(
        r'<a class="dossier-mark dossier-event-status-([\w-]+)" xlink:href="([^"]+)" '
        r'data-event="([^"]+)">(.*?)</a>',
        page,
    )
    assert {m[2] for m in marks} == {e.id for e in index.all("event")}
    by_id = {m[2]: m for m in marks}
    for event in index.all("event"):
        status, href, _, body = by_id[event.id]
        assert status == event.status
        assert href == f"{event.id}/"
        assert f"<title>{event.title} — {event.date.human()} ({event.status})</title>" in body
    # A season and an interval are bands; a day is a mark without a band.
    assert "dossier-tl-band" in by_id["acme-launch"][3]
    assert "dossier-tl-band" in by_id["spread"][3]
    assert "dossier-tl-band" not in by_id["exact"][3]
    placed = {m.event_id: m for m in place(index.all("event"), labels=True)[0]}
    autumn, spread, exact = placed["acme-launch"], placed["spread"], placed["exact"]
    assert autumn.span and spread.span and not exact.span
    assert autumn.x0 < spread.x0 < exact.x0 < spread.x1 < autumn.x1  # Sep 1 < Sep 10 < Oct 1
    assert len({(m.lane) for m in (autumn, spread, exact)}) == 3  # overlapping: own lanes


def test_timeline_clusters_thousands_of_events(index: LinkIndex) -> None:
    from dataclasses import replace

    from mkdocs_dossier.render.timeline import timeline_svg

    event = index.records["exact"]
    many = [replace(event, id=f"e{i}") for i in range(CLUSTER_OVER + 1)]  # type: ignore[type-var]
    svg = timeline_svg(many, lambda rid: rid, lambda e: "october-2024")
    assert 'xlink:href="#october-2024"' in svg
    assert "data-event" not in svg


def test_graph_edges_and_nodes(index: LinkIndex) -> None:
    edges = build_edges(index)
    edge = edges[("acme", "jane-doe")]
    assert edge.relations == ["Jane Doe — leads — Acme Corp"]
    assert edge.events == 3  # acme-launch, exact, spread
    renderer = SiteRenderer(index)
    graph = next(p for p in renderer.site_pages() if p.src_uri == "graph/index.md").markdown
    assert re.findall(r'data-node="([^"]+)"', graph) == ["acme", "jane-doe"]
    assert 'xlink:href="../entities/acme/"' in graph
    assert (
        "[Jane Doe](../entities/jane-doe.md): Jane Doe — leads — Acme Corp; 3 shared events"
        in graph
    )
    acme = renderer.record_page(index.records["acme"]).markdown  # type: ignore[arg-type]
    assert "dossier-node--focus" in acme and "## Connections" in acme


def test_timeline_covers_the_densest_span(index: LinkIndex) -> None:
    import datetime
    from dataclasses import replace

    from mkdocs_dossier.edtf import parse_edtf
    from mkdocs_dossier.render.timeline import domain, timeline_svg

    event = index.records["exact"]
    days = ["2015-06-01", "2019-03-01"] + [f"2025-01-{d:02d}" for d in range(1, 21)]
    many = [
        replace(event, id=f"e{i}", date=parse_edtf(day))  # type: ignore[type-var]
        for i, day in enumerate(days)
    ]
    start, end = domain(many)
    assert datetime.date(2024, 11, 1) <= start <= datetime.date(2025, 1, 1)
    assert end <= datetime.date(2025, 3, 1)
    svg = timeline_svg(many, lambda rid: rid, lambda e: "x")
    assert svg.count("data-event=") == 20
    assert "20 of the 22 events" in svg
    # Natural size: the SVG is as many CSS pixels wide as its view.
    width = re.search(r'viewBox="0 0 (\d+) \d+" width="(\d+)"', svg)
    assert width and width[1] == width[2]
    # Full titles, not cut at a few dozen characters.
    long = replace(event, title="A" * 30 + " " + "b" * 40)  # type: ignore[type-var]
    assert "A" * 30 + " " + "b" * 40 + "</text>" in timeline_svg([long], str, lambda e: "x")


def test_graph_labels_clear_of_each_other_and_of_nodes() -> None:
    from mkdocs_dossier.render.graph import _overlaps, node_box, place_labels

    positions = {f"n{i}": (100 + (i % 4) * 40.0, 100 + (i // 4) * 30.0) for i in range(16)}
    radius = dict.fromkeys(positions, 9.0)
    names = {n: f"Entity number {n}" for n in positions}
    placed = place_labels(list(positions), positions, radius, names)
    assert placed and len(placed) < len(positions)  # some wait for hover
    boxes = [box for box, *_ in placed.values()]
    for i, a in enumerate(boxes):
        assert not any(_overlaps(a, b) for b in boxes[i + 1 :])
        assert not any(_overlaps(a, node_box(x, y, 9.0)) for x, y in positions.values())


def test_charts_skippable_and_out_of_search(make_site: Callable[..., Path]) -> None:
    import json

    project = make_site(EXTRA, config=_with_palettes())
    assert build_site(project).returncode == 0
    site = project / "site"
    graph = (site / "graph/index.html").read_text(encoding="utf-8")
    assert 'role="img"' not in graph and 'class="dossier-graph"' in graph
    assert re.search(r'<svg class="dossier-graph"[^>]* role="group" aria-label="[^"]+"', graph)
    skip = re.search(r'<a class="dossier-skip" href="#([^"]+)">Skip chart</a>', graph)
    assert skip and f'id="{skip[1]}"' in graph
    entity = (site / "entities/acme/index.html").read_text(encoding="utf-8")
    view = re.search(r'<svg class="dossier-graph"[^>]* viewBox="(\S+) (\S+) (\S+) (\S+)"', entity)
    assert view and view.groups() != ("0", "0", "1000", "680")  # fitted to nodes and labels
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith(("graph/", "events/")))
    assert "shared event(s)" not in text and "Uncertain span" not in text
    assert "Skip chart" not in text
    previews = json.loads((site / "data/previews.json").read_text(encoding="utf-8"))
    assert previews["events/acme-launch"] == {
        "kind": "Event",
        "title": "Acme launches the widget",
        "status": "confirmed",
        "status_label": "Confirmed",
        "date": "Autumn 2024",
        "summary": "Acme launched its widget in the autumn.",
    }
    assert previews["entities/jane-doe"]["status"] == "person"


def test_threads_group_responses(index: LinkIndex) -> None:
    threads = index.threads("acme-launch")
    assert [t.statement.id for t in threads] == ["jane-praises", "acme-claims"]
    claims = threads[1]
    assert [r.statement.id for r in claims.replies] == ["jane-denies"]
    praise = threads[0]
    assert [r.statement.id for r in praise.replies] == ["acme-no-comment"]
    jane = index.threads("jane-doe")
    assert [t.statement.id for t in jane] == ["acme-claims"]
    answers = index.answers("acme-claims")
    assert {k: [s.id for s in v] for k, v in answers.items()} == {"denial": ["jane-denies"]}
    claims_page = next(
        p for p in SiteRenderer(index).site_pages() if p.src_uri == "claims/index.md"
    ).markdown
    assert "Acme Corp&#58; “Jane did it.”" in claims_page
    assert "Denial" in claims_page


def test_provenance_chains_both_ways(index: LinkIndex) -> None:
    assert index.upstream("rewrite") == [["wire-copy", "daily-report"]]
    assert index.downstream("daily-report") == [["wire-copy", "rewrite"]]
    renderer = SiteRenderer(index)
    later = renderer.record_page(index.records["later"]).markdown  # type: ignore[arg-type]
    assert (
        "via [Widget launch, as relayed](../sources/wire-copy.md) ← "
        "[Acme launches widget](../sources/daily-report.md)"
    ) in later
    daily = renderer.record_page(index.records["daily-report"]).markdown  # type: ignore[arg-type]
    assert "Relayed by" in daily and "(wire-copy.md)" in daily
    assert "(rewrite.md)" in daily  # the whole chain downstream


def test_views_in_chromium_and_printed_briefing(make_site: Callable[..., Path]) -> None:
    project = make_site(EXTRA, config=_with_palettes())
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(project / "site") as base, browser() as chromium:
        for scheme in ("light", "dark"):
            page = chromium.new_page(
                viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
                color_scheme=scheme,
            )
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            for view in ("events", "graph", "briefing", "claims"):
                page.goto(f"{base}{view}/")
                page.screenshot(
                    path=str(ARTIFACTS / f"fixture-{view}-{scheme}.png"), full_page=True
                )
            page.goto(f"{base}events/")
            chart_bg = page.evaluate(
                "getComputedStyle(document.querySelector('.dossier-chart__scroll')).backgroundColor"
            )
            assert (chart_bg == "rgb(255, 255, 255)") == (scheme == "light"), chart_bg
            page.goto(f"{base}graph/")
            assert page.locator(".dossier-zoom-controls button").count() == 3
            view_box = "document.querySelector('.dossier-graph').getAttribute('viewBox')"
            before = page.evaluate(view_box)
            page.locator(".dossier-zoom-controls button").first.click()
            assert page.evaluate(view_box) != before
            assert errors == []
            page.close()
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(f"{base}briefing/")
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible()
        assert not page.locator(".md-sidebar--primary").is_visible()
        # On paper, links to the dossier's own pages read as plain text;
        # outside sources print their address in the numbered list.
        after = page.evaluate(
            "getComputedStyle(document.querySelector("
            "'article a[href]:not([rel~=nofollow])'), '::after').content"
        )
        assert after in ("none", "normal", "")
        url = page.locator("article .dossier-bibliography a.dossier-url").first
        assert url.inner_text() == url.get_attribute("href")
        pdf = page.pdf(path=str(ARTIFACTS / "briefing.pdf"), format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages
    assert b"Timeline" in pdf or pages >= 1


def _with_palettes() -> str:
    from .conftest import FIXTURE_MKDOCS

    return FIXTURE_MKDOCS.replace(
        "  font: false\n",
        """  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
""",
    ).replace(
        "  - Sources: sources/index.md\n",
        """  - Sources: sources/index.md
  - Graph: graph/index.md
  - Claims: claims/index.md
  - Briefing: briefing/index.md
""",
    )
