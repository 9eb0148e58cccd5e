"""The views stay bounded: claims, corrections and tags split into parts,
the graph and the briefing print what fits and say where the rest is.

A small generated dossier (bench/page_sizes.py: home page, tags page,
corrections) with the cap lowered stands in for a very large one."""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.link import LinkIndex
from mkdocs_dossier.render import SiteRenderer, graph, parts, src_uri
from mkdocs_dossier.render.pages import BRIEFING_CLAIMS, PageSpec

from .conftest import ROOT
from .test_urls import _broken_links

sys.path.insert(0, str(ROOT / "bench"))
from page_sizes import prepare

RECORDS = 300
CAP = 8
LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("views") / "dossier"
    prepare(root, RECORDS, seed=5)
    return root


@pytest.fixture(scope="module")
def index(project: Path) -> LinkIndex:
    checked = check_content(project / "content", project)
    assert checked.index is not None
    return checked.index


@pytest.fixture
def renderer(index: LinkIndex, monkeypatch: pytest.MonkeyPatch) -> SiteRenderer:
    monkeypatch.setattr(parts, "INDEX_CAP", CAP)
    return SiteRenderer(index, tags_page="tags.md")


def links(src: str, markdown: str) -> set[str]:
    here = posixpath.dirname(src)
    return {posixpath.normpath(posixpath.join(here, target)) for target in LINK.findall(markdown)}


def walk(renderer: SiteRenderer, first: str, folder: str) -> Iterator[tuple[str, str]]:
    """The pages reached from ``first`` through the parts of ``folder``, rendered."""
    specs = {spec.uri: spec for spec in renderer.index_specs()}
    seen, todo = {first}, [first]
    while todo:
        src = todo.pop()
        markdown = renderer.render(specs[src]).markdown
        yield src, markdown
        for target in sorted(links(src, markdown) - seen):
            if target.startswith(f"{folder}/parts/"):
                seen.add(target)
                todo.append(target)


def records_of(index: LinkIndex) -> set[str]:
    return {src_uri(r) for r in index.records.values()}


def part_counts(markdown: str) -> list[int]:
    """The counts the first page of a split page gives its parts."""
    return [int(n) for n in re.findall(r"\.md\) \((\d+)\)", markdown)]


def test_claims_split_by_year_and_every_claim_stays_reachable(
    renderer: SiteRenderer, index: LinkIndex
) -> None:
    allegations = renderer._allegations()
    assert len(allegations) > CAP // 2
    pages = dict(walk(renderer, "claims/index.md", "claims"))
    first = pages.pop("claims/index.md")
    assert "split into parts" in first
    assert sum(part_counts(first)) == len(allegations)
    assert not links("claims/index.md", first) & records_of(index)
    reached: set[str] = set()
    for src, markdown in pages.items():
        assert re.fullmatch(r"claims/parts/(\d{4}|undated)(-[a-z0-9-]+)?\.md", src), src
        # The records a claim links count against the cap (a claim linking
        # more than the cap has a page of its own).
        headings = re.findall(r"^## ", markdown, re.M)
        linked = links(src, markdown) & records_of(index)
        assert headings and (len(linked) <= CAP or len(headings) == 1), src
        reached |= links(src, markdown)
    assert {src_uri(a) for a in allegations} <= reached
    specs = [s for s in renderer.index_specs() if s.view is not None and s.part is not None]
    assert {s.uri for s in specs if s.view.folder == "claims"} == set(pages)


def test_corrections_split_newest_first(renderer: SiteRenderer, index: LinkIndex) -> None:
    corrections = renderer.corrections()
    assert len(corrections) > CAP
    pages = dict(walk(renderer, "corrections/index.md", "corrections"))
    first = pages.pop("corrections/index.md")
    assert sum(part_counts(first)) == len(corrections)
    order = [src for src in re.findall(r"\]\(([^)]+)\) \(\d+\)", first)]
    years = [re.match(r"parts/(\d{4})", o).group(1) for o in order]  # type: ignore[union-attr]
    assert years == sorted(years, reverse=True)
    listed = 0
    reached: set[str] = set()
    for src, markdown in pages.items():
        lines = re.findall(r"^- \*\*", markdown, re.M)
        assert 0 < len(lines) <= CAP, src
        listed += len(lines)
        reached |= links(src, markdown)
    assert listed == len(corrections)
    assert {src_uri(record) for _, record in corrections} <= reached


def test_tags_get_pages_of_their_own(renderer: SiteRenderer, index: LinkIndex) -> None:
    block = renderer.tags_block("tags.md")
    tagged = {
        tag: {src_uri(r) for r in index.records.values() if tag in r.tags}
        for tag in {t for r in index.records.values() for t in r.tags}
    }
    specs = {spec.uri: spec for spec in renderer.index_specs()}
    for tag, expected in tagged.items():
        assert f"**{tag}** ({len(expected)})" in block or f"({len(expected)})" in block
    reached: dict[str, set[str]] = {}
    for target in links("tags.md", block):
        assert target.startswith("tags/parts/"), target
        spec = specs[target]
        assert spec.part is not None and spec.view is not None
        markdown = renderer.render(spec).markdown
        listed = links(target, markdown) & records_of(index)
        assert 0 < len(listed) <= CAP
        assert "[All tags](../../tags.md)" in markdown
        tag = next(t for t in tagged if spec.part.label == t or spec.part.label.startswith(t + ","))
        reached.setdefault(tag, set()).update(listed)
        # Each part declares the records it lists.
        assert {src_uri(r) for r in spec.part.records} == listed
    assert reached == tagged
    some = next(r for r in index.records.values() if r.tags)
    assert renderer.tag_part_of(some.tags[0], some.id) in specs


def test_the_graph_draws_the_most_connected_and_says_what_it_leaves_out(
    renderer: SiteRenderer, index: LinkIndex
) -> None:
    spec = next(s for s in renderer.index_specs() if s.uri == "graph/index.md")
    markdown = renderer.render(spec).markdown
    nodes, edges = graph.whole_graph(index, renderer.edges, CAP, CAP)
    assert len(nodes) == CAP and len(edges) <= CAP
    assert f"draws the {CAP} most connected of the dossier's" in markdown
    assert "left out" in markdown
    assert "[entities index](../entities/index.md)" in markdown
    entities = {src_uri(index.records[n]) for n in nodes}
    listed = links("graph/index.md", markdown) & records_of(index)
    assert listed == entities  # the list shows the drawn entities, and only those
    assert markdown.count("\n    - ") <= 2 * len(edges) + len(nodes)


def test_the_briefing_stays_a_briefing(renderer: SiteRenderer, index: LinkIndex) -> None:
    spec = next(s for s in renderer.index_specs() if s.uri == "briefing/index.md")
    markdown = renderer.render(spec).markdown
    allegations = renderer._allegations()
    printed = min(BRIEFING_CLAIMS, CAP)
    claims = markdown.split("## Claims and answers", 1)[1].split("## Timeline", 1)[0]
    assert len(re.findall(r"^### ", claims, re.M)) == printed
    assert f"of the dossier's {len(allegations)} claims" in claims
    assert f"the other {len(allegations) - printed} are on the [Claims]" in claims
    timeline = markdown.split("## Timeline", 1)[1].split("## Key people", 1)[0]
    assert "events/parts/" in timeline
    assert sum(int(n) for n in re.findall(r": (\d+) events?", timeline)) == len(index.all("event"))
    bibliography = markdown.split("## Sources", 1)[1]
    entries = re.findall(r'<li id="source-\d+">', bibliography)
    cited = {
        c.source
        for a in renderer.main_claims(allegations, printed)
        for s in (a, *renderer.answers(a.id))
        for c in s.sources
    }
    assert 0 < len(entries) <= len(cited) < len(index.all("source"))


def test_home_blocks_are_bounded(renderer: SiteRenderer, make_content: Callable[..., Path]) -> None:
    glance = renderer.glance("index.md")
    assert glance.count("](") <= CAP
    questions = {
        f"questions/q-{n}.yml": f"question: Open question {n}?\nstatus: open\nasked: 2025-01-0{n}\n"
        for n in range(1, 6)
    }
    content = make_content(questions)
    checked = check_content(content, content.parent)
    assert checked.index is not None
    block = SiteRenderer(checked.index, index_cap=3).open_questions_block("index.md")
    assert len(re.findall(r"\]\(questions/q-\d\.md\)", block)) == 3
    assert "2 more open questions in the [questions index](questions/index.md)." in block
    whole = SiteRenderer(checked.index).open_questions_block("index.md")
    assert len(re.findall(r"\]\(questions/q-\d\.md\)", whole)) == 5
    assert "more open" not in whole


def test_every_part_has_a_page_spec_with_its_records(renderer: SiteRenderer) -> None:
    specs: list[PageSpec] = [s for s in renderer.index_specs() if s.part is not None]
    assert {s.uri.split("/")[0] for s in specs} >= {"claims", "corrections", "tags"}
    assert len({s.uri for s in specs}) == len(specs)
    for spec in specs:
        assert spec.part is not None
        assert spec.part.records and all(r.id for r in spec.part.records)
        assert spec.uri == f"{spec.uri.split('/')[0]}/parts/{spec.part.slug}.md"


def test_small_dossiers_keep_their_views(index: LinkIndex) -> None:
    renderer = SiteRenderer(index, index_cap=10_000)
    assert not [s for s in renderer.index_specs() if s.part is not None]
    assert renderer.tag_parts() == []
    graph_page = next(s for s in renderer.index_specs() if s.uri == "graph/index.md")
    assert "left out" not in renderer.render(graph_page).markdown


def test_split_views_build_with_working_links(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Built in this process with the cap lowered and without directory URLs:
    every link resolves, parts are out of the navigation, and their HTML is
    clean (no Markdown or template syntax left, tags linking to their pages)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setattr(parts, "INDEX_CAP", CAP)
    site = tmp_path / "site"
    config = load_config(
        str(project / "mkdocs.yml"),
        use_directory_urls=False,
        site_dir=str(site),
        site_url="https://example.org/views/",
        strict=True,
    )
    build(config)
    assert _broken_links(site) == []
    part_pages = sorted(site.glob("*/parts/*.html"))
    folders = {page.parent.parent.name for page in part_pages}
    assert folders >= {"claims", "corrections", "tags", "events", "statements"}
    for page in part_pages:
        text = page.read_text(encoding="utf-8")
        article = text.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
        assert not re.search(r"\]\(|\{\{|\{%|\*\*|&lt;(?:a|span|div)\b", article), page
        assert '<nav class="md-nav md-nav--primary"' in text
        nav = text.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        assert "/parts/" not in nav, page
    tags = (site / "tags.html").read_text(encoding="utf-8")
    assert 'href="tags/parts/' in tags
    record = next(
        (p for p in sorted((site / "events").glob("*.html")) if 'class="md-tag' in p.read_text()),
        None,
    )
    assert record is not None
    assert re.search(r'<a href="\.\./tags/parts/[^"]+\.html" class="md-tag', record.read_text())
