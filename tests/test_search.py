"""Search: lunr for small dossiers, Pagefind behind Material's box when asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.kinds import REGISTRY
from mkdocs_dossier.search import (
    OUTPUT,
    PAGEFIND_THRESHOLD,
    BackgroundIndex,
    PagefindSearch,
    engine,
    record_filters,
    record_sort,
)

from .browser import browser, serve
from .conftest import FIXTURE_MKDOCS

PAGEFIND_MKDOCS = FIXTURE_MKDOCS.replace(
    "      content_dir: content\n", "      content_dir: content\n      search: pagefind\n"
)

#: Records beside the mini dossier: an alleged 2024 event, an entity known by
#: an alias (one in Chinese too), and a chart to keep out of the index.
EXTRA = {
    "entities/roadrunner.yml": """
        type: company
        name: Roadrunner Logistics
        aliases: [Beep Freight, 走鹃物流]
        summary: A courier.
    """,
    "events/warehouse-breach.yml": """
        title: Warehouse breach at the depot
        date: 2024-05-02
        status: alleged
        summary: Someone is said to have entered the depot.
        participants: [roadrunner]
        sources: [daily-report]
    """,
    "events/depot-opening.yml": """
        title: Depot opening ceremony
        date: 2023-05-02
        status: alleged
        summary: The depot opened.
        participants: [roadrunner]
        sources: [daily-report]
    """,
}


def test_auto_chooses_pagefind_from_the_threshold() -> None:
    assert engine("auto", PAGEFIND_THRESHOLD - 1) == "lunr"
    assert engine("auto", PAGEFIND_THRESHOLD) == "pagefind"
    assert engine("lunr", 10 * PAGEFIND_THRESHOLD) == "lunr"
    assert engine("pagefind", 1) == "pagefind"


def test_records_carry_filters_and_sort_keys(make_content: Callable[..., Path]) -> None:
    content = make_content(EXTRA)
    index = check_content(content, content.parent).index
    assert index is not None
    event = index.records["warehouse-breach"]
    assert record_filters(index.registry, event) == {
        "kind": ["event"],
        "status": ["alleged"],
        "year": ["2024"],
    }
    assert record_sort(index.registry, event) == {"date": "2024-05-02"}
    entity = index.records["roadrunner"]
    assert record_filters(index.registry, entity) == {"kind": ["entity"], "type": ["company"]}
    assert record_sort(index.registry, entity) == {}


def test_page_html_hands_material_search_to_pagefind(make_content: Callable[..., Path]) -> None:
    content = make_content()
    index = check_content(content, content.parent).index
    assert index is not None
    page = (
        '<html><head></head><body><form class="md-search__form" name="search"></form>'
        '<article class="md-content__inner md-typeset"><h1>Acme</h1></article>'
        '<script id="__config">{"search": "../assets/javascripts/workers/search.1.min.js"}'
        "</script></body></html>"
    )
    out = PagefindSearch(index.registry).page_html(
        page, index.records["acme"], "../s.js", "../w.js"
    )
    assert 'name="pagefind-search"' in out and 'name="search"' not in out
    assert '{"search": "../w.js"}' in out
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in out
    assert '<span data-pagefind-filter="type:company"></span>' in out
    assert '<script src="../s.js" defer></script>\n</body>' in out


def mkdocs(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_small_dossier_keeps_lunr(make_site: Callable[..., Path]) -> None:
    project = make_site()
    result = mkdocs(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "pagefind").exists()
    assert "Acme" in (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "search.js" not in (site / "entities/acme/index.html").read_text(encoding="utf-8")


def test_missing_pagefind_binary_stops_the_build(make_site: Callable[..., Path]) -> None:
    project = make_site(config=PAGEFIND_MKDOCS)
    missing = project / "no-such-pagefind"
    result = mkdocs(project, {"PAGEFIND_BINARY_PATH": str(missing)})
    assert result.returncode != 0
    assert "search: pagefind needs the Pagefind binary" in result.stderr
    assert "set search: lunr" in result.stderr
    assert not (project / "site").exists()


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import MINI_DOSSIER, write_tree

    project = tmp_path_factory.mktemp("pagefind")
    write_tree(project / "content", {**MINI_DOSSIER, **EXTRA})
    write_tree(project / "docs", {"index.md": "# Home\n"})
    (project / "mkdocs.yml").write_text(PAGEFIND_MKDOCS.lstrip("\n"), encoding="utf-8")
    result = mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_pagefind_site_leaves_out_lunr_and_charts(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind/pagefind.js").is_file()
    index = (pagefind_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Roadrunner" not in index  # Material's index is left empty
    timeline = (pagefind_site / "events/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in timeline


def results(page: object, query: str) -> list[str]:
    page.fill("[data-md-component=search-query]", query)  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item a")  # type: ignore[attr-defined]
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))"
    )


def test_pagefind_finds_records_by_name_alias_and_filter(pagefind_site: Path) -> None:
    with serve(pagefind_site) as url, browser() as chromium:
        page = chromium.new_page()  # type: ignore[attr-defined]
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(url)
        page.click("[data-md-component=search-query]")
        assert any("/entities/roadrunner/" in h for h in results(page, "Roadrunner"))
        assert any("/entities/roadrunner/" in h for h in results(page, "Beep Freight"))
        assert any("/entities/roadrunner/" in h for h in results(page, "走鹃物流"))
        found = page.evaluate(
            """async () => {
                const pf = await import('./pagefind/pagefind.js');
                const search = await pf.search(null, {filters:
                    {kind: 'event', status: 'alleged', year: '2024'}});
                return Promise.all(search.results.map(async r => (await r.data()).url));
            }"""
        )
        assert found == ["/events/warehouse-breach/"]
        # The filter boxes under the search box narrow the same way.
        page.fill("[data-md-component=search-query]", "")
        for name, value in (("kind", "event"), ("status", "alleged"), ("year", "2024")):
            page.check(f"input[name=dossier-filter-{name}][value='{value}']")
        page.wait_for_function(
            "document.querySelectorAll('.md-search-result__item a').length === 1"
        )
        shown = page.eval_on_selector_all(
            ".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))"
        )
        assert shown == ["/events/warehouse-breach/"]
        assert not any(u.endswith("search_index.json") for u in fetched)
        assert not any("workers/search." in u for u in fetched)
        assert all(u.startswith(url) for u in fetched)
        # A chart's text is not indexed: the legend's wording finds nothing.
        assert not page.evaluate(
            """async () => {
                const pf = await import('./pagefind/pagefind.js');
                return (await pf.search('Uncertain span')).results.length;
            }"""
        )


def test_serve_indexes_in_the_background_and_swaps_the_index_in(
    pagefind_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "served"
    shutil.copytree(pagefind_site, site)
    old = (site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8")
    (site / "extra.html").write_text(
        "<html><body><main data-pagefind-body><p>Zanzibar freight</p></main></body></html>",
        encoding="utf-8",
    )
    indexing = BackgroundIndex()
    indexing.request(PagefindSearch(REGISTRY), site)
    indexing.request(PagefindSearch(REGISTRY), site)  # folded into the one under way
    indexing.wait()
    assert (site / OUTPUT / "pagefind.js").is_file()
    assert (site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8") != old
    assert [p.name for p in site.iterdir() if p.name.startswith(".pagefind-")] == []


def test_a_build_indexes_each_page_as_it_is_written(pagefind_site: Path, tmp_path: Path) -> None:
    """The index fed page by page during the build holds the same pages, and
    the same fragments of them, as indexing the written site afterwards."""
    again = tmp_path / "site"
    shutil.copytree(pagefind_site, again)
    shutil.rmtree(again / OUTPUT)
    PagefindSearch(REGISTRY).index(again)

    def fragments(site: Path) -> set[str]:
        return {path.name for path in (site / OUTPUT / "fragment").iterdir()}

    def pages(site: Path) -> int:
        entry = json.loads((site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())

    assert fragments(pagefind_site) and fragments(again) == fragments(pagefind_site)
    assert pages(again) == pages(pagefind_site)
