"""Search: lunr for small dossiers, Pagefind behind Material's box when asked."""

from __future__ import annotations

import datetime
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.kinds import REGISTRY
from mkdocs_dossier.search import (
    NEWEST,
    OUTPUT,
    PAGEFIND_THRESHOLD,
    RELATED_MARK,
    BackgroundIndex,
    PagefindSearch,
    engine,
    indexed_part,
    lunr_page_html,
    metadata_html,
    name_fields,
    record_day,
    record_filters,
    set_related_apart,
    with_names,
)

from .browser import browser, lunr_results, serve
from .conftest import FIXTURE_MKDOCS, write_tree

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
    "statements/roadrunner-denies.yml": """
        speaker: roadrunner
        date: 2024-05-03
        type: denial
        quote: Nobody entered the depot; the quokkaflat alarm never rang.
        about: [warehouse-breach]
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


#: A dossier in which other pages say an entity's name more often than its
#: own page, in titles, text and tags (``orbit-apps`` starts like "Orbit
#: app"), and other names contain it: without help, neither lunr nor
#: Pagefind lists the entity first for its name or aliases.
RANKING = {
    "entities/orbit.yml": """
        type: company
        name: Orbit
        aliases: [Orbit Labs, 轨道公司]
        summary: A maker of small satellites.
        sources: [orbit-wire]
    """,
    "entities/orbit-assistant.yml": """
        type: product
        name: Orbit Assistant
        aliases: [Orbit app]
        summary: Orbit's chatbot app; the Orbit app answers questions about Orbit satellites.
        relations:
          - entity: orbit
            relation: made by
            sources: [orbit-wire]
        tags: [orbit-apps, orbit-news]
        description: |
          The Orbit app talks about Orbit, Orbit Labs and Orbit satellites all day.
    """,
    "entities/labrador.yml": """
        type: company
        name: Labrador Orbital Services
        summary: Another maker of Orbit-compatible parts; Orbit Labs buys from it.
        tags: [orbit-news]
        sources: [orbit-wire]
    """,
    "events/orbit-launch.yml": """
        title: Orbit launches the Orbit app
        date: 2024-05-02
        status: reported
        summary: Orbit Labs said the Orbit app, Orbit's first, is out; Orbit Labs staff demoed it.
        participants: [orbit, orbit-assistant]
        sources: [orbit-wire]
        tags: [orbit-news, orbit-apps, labs]
    """,
    "statements/orbit-labs-says.yml": """
        speaker: orbit
        date: 2024-05-03
        type: comment
        quote: Orbit Labs is proud of the Orbit app and of Orbit.
        about: [orbit-launch]
        sources: [orbit-wire]
        tags: [orbit-news, labs]
    """,
    "entities/orb.yml": """
        type: product
        name: Orb
        summary: A satellite by Orbit, the Orbit Orb.
        sources: [orbit-wire]
    """,
    "sources/orbit-wire.yml": """
        title: Orbit Labs ships the Orbit app, Orbit says
        type: news
        published: 2024-05-04
        url: https://news.example.com/orbit
        tags: [orbit-news]
    """,
}
#: Each name and alias of RANKING, and the page that must come first for it
#: ("Orb" begins "Orbit" and "Orbital", which a prefix search finds too).
RANKED = {
    "Orb": "entities/orb/",
    "Orbit": "entities/orbit/",
    "orbit": "entities/orbit/",
    "Orbit Labs": "entities/orbit/",
    "轨道公司": "entities/orbit/",
    "Orbit Assistant": "entities/orbit-assistant/",
    "Orbit app": "entities/orbit-assistant/",
    "Labrador Orbital Services": "entities/labrador/",
}


def test_auto_chooses_pagefind_from_the_threshold() -> None:
    assert engine("auto", PAGEFIND_THRESHOLD - 1) == "lunr"
    assert engine("auto", PAGEFIND_THRESHOLD) == "pagefind"
    assert engine("lunr", 10 * PAGEFIND_THRESHOLD) == "lunr"
    assert engine("pagefind", 1) == "pagefind"


def test_records_carry_filters_and_a_day(make_content: Callable[..., Path]) -> None:
    content = make_content(EXTRA)
    index = check_content(content, content.parent).index
    assert index is not None
    event = index.records["warehouse-breach"]
    assert record_filters(index.registry, event) == {
        "kind": ["event"],
        "status": ["alleged"],
        "year": ["2024"],
    }
    assert record_day(index.registry, event) == "2024-05-02"
    assert '<span data-pagefind-meta="date:2024-05-02"></span>' in metadata_html(
        index.registry, event
    )
    entity = index.records["roadrunner"]
    assert record_filters(index.registry, entity) == {"kind": ["entity"], "type": ["company"]}
    assert record_day(index.registry, entity) is None
    assert "date:" not in metadata_html(index.registry, entity)


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


def test_a_name_s_words_go_in_the_field_of_the_shortest_name_they_are_in() -> None:
    separator = "[\u200b]+|[\\s\\-]+"
    assert name_fields(("DeepSeek AI Assistant", "DeepSeek app"), separator) == {
        "names_2": ["deepseek_", "app_"],
        "names_3": ["ai_", "assistant_"],
    }
    assert name_fields(("深度求索", "AT&T <b>"), separator) == {
        "names_2": ["深度_", "求索_", "at&amp;t_", "&lt;b&gt;_"]
    }
    long = name_fields(("House Select Committee on the Strategic Competition",), separator)
    assert list(long) == ["names_6"]
    # A separator that splits at the mark gets the words unmarked.
    assert name_fields(("Orbit Labs",), "[\\s\\-_]+") == {"names_2": ["orbit", "labs"]}


def test_names_outweigh_the_index_s_own_fields() -> None:
    index = {
        "config": {
            "separator": "[\\s\\-]+",
            "fields": {"title": {"boost": 1000.0}, "tags": {"boost": 1e6}},
        },
        "docs": [
            {"location": "entities/orbit/", "title": "Orbit", "text": ""},
            {"location": "entities/orbit/#relations", "title": "Relations", "text": ""},
            {"location": "events/launch/", "title": "Orbit launches", "text": ""},
        ],
    }
    names = {"entities/orbit/": ("Orbit", "Orbit  Labs", "O&L <b>")}
    out = json.loads(with_names(json.dumps(index), names))
    fields = out["config"]["fields"]
    assert fields["names_1"]["boost"] == 1e7
    assert fields["names_1"]["boost"] > fields["names_2"]["boost"] > fields["names_6"]["boost"]
    assert fields["names_6"]["boost"] > fields["tags"]["boost"]
    article, section, event = out["docs"]
    assert article["names_1"] == ["orbit_"]
    assert article["names_2"] == ["labs_", "o&amp;l_", "&lt;b&gt;_"]
    # Whole, for lunr-worker.js; escaped as the index's text is.
    assert article["names"] == ["o&amp;l &lt;b&gt;", "orbit", "orbit labs"]
    assert not any(key.startswith("names") for key in (*section, *event))


def test_lunr_searches_go_through_the_worker_that_puts_named_pages_first() -> None:
    page = (
        '<script id="__config">{"base": "../..", '
        '"search": "../../assets/javascripts/workers/search.a7633da7.min.js"}</script>'
    )
    out = lunr_page_html(page, "../../assets/javascripts/workers/dossier-lunr.js")
    assert '"search": "../../assets/javascripts/workers/dossier-lunr.js' in out
    assert "dossier-lunr.js?worker=search.a7633da7.min.js" in out
    assert lunr_page_html("<p>no search</p>", "w.js") == "<p>no search</p>"


def test_pagefind_metadata_holds_the_names(make_content: Callable[..., Path]) -> None:
    """Weighted text, and a "names" meta search.js reads; not a filter,
    which every query would fetch whole."""
    content = make_content(RANKING, base=False)
    index = check_content(content, content.parent).index
    assert index is not None
    meta = metadata_html(index.registry, index.records["orbit"])
    assert '<p data-pagefind-weight="10">' in meta
    found = re.search(r'data-pagefind-meta="names:([^"]*)"', meta)
    assert found is not None
    assert json.loads(html.unescape(found.group(1))) == ["orbit", "orbit labs", "轨道公司"]
    assert 'data-pagefind-filter="name' not in meta
    assert "data-pagefind-weight" not in metadata_html(
        index.registry, index.records["orbit-launch"]
    )


def mkdocs(
    project: Path, env: dict[str, str] | None = None, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_sections_listing_other_records_are_set_apart_up_to_the_next_section() -> None:
    content = (
        '<h2 id="relations">Relations</h2>\n<ul><li>own</li></ul>\n'
        f'<h2 id="mentioned-in">Mentioned in</h2>\n{RELATED_MARK}\n<ul><li>other</li></ul>\n'
        f'<h2 id="cited-by">Cited by</h2>\n{RELATED_MARK}\n<p>more</p><h3>inner</h3><p>x</p>'
    )
    wrapped = set_related_apart(content)
    assert RELATED_MARK not in wrapped
    assert wrapped.count('<div class="dossier-related" data-search-exclude>') == 2
    # Each section's own heading stays outside, the next one is not swallowed.
    assert '<h2 id="mentioned-in">Mentioned in</h2>\n<div class="dossier-related"' in wrapped
    assert '<ul><li>other</li></ul>\n</div>\n<h2 id="cited-by">' in wrapped
    assert wrapped.endswith("<h3>inner</h3><p>x</p></div>\n")
    assert wrapped.startswith('<h2 id="relations">Relations</h2>\n<ul><li>own</li></ul>')
    assert set_related_apart("<p>plain</p>") == "<p>plain</p>"


def test_small_dossier_keeps_lunr(make_site: Callable[..., Path]) -> None:
    project = make_site()
    result = mkdocs(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "pagefind").exists()
    assert "Acme" in (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "search.js" not in (site / "entities/acme/index.html").read_text(encoding="utf-8")
    # A statement's quote is indexed on the statement's page, not again in
    # the speaker's "Statements by" list, which Material shows but skips.
    entries = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    quote = "best widget yet"
    person = (site / "entities/jane-doe/index.html").read_text(encoding="utf-8")
    listed = person.split('<h2 id="statements-by-jane-doe">', 1)[1].split("<h2", 1)[0]
    assert '<div class="dossier-related" data-search-exclude>' in listed
    assert quote in listed
    holding = {e["location"].split("#")[0] for e in entries if quote in e["text"]}
    assert "statements/jane-praises/" in holding
    # Not the speaker's, the venue's or the event's, whose lists show it.
    assert not holding & {"entities/jane-doe/", "entities/acme/", "events/acme-launch/"}


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
    from .conftest import MINI_DOSSIER

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
    entity = (pagefind_site / "entities/roadrunner/index.html").read_text(encoding="utf-8")
    shown = entity.split('<h2 id="statements-by-roadrunner-logistics">', 1)[1].split("<h2", 1)[0]
    assert '<div class="dossier-related" data-search-exclude>' in shown
    assert "quokkaflat" in shown


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
        page.click(".dossier-search-filters summary")  # folded until asked for
        for name, value in (("kind", "event"), ("status", "alleged"), ("year", "2024")):
            page.check(f"input[name=dossier-filter-{name}][value='{value}']")
        page.wait_for_function(
            "document.querySelectorAll('.md-search-result__item a').length === 1"
        )
        shown = page.eval_on_selector_all(
            ".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))"
        )
        assert shown == ["/events/warehouse-breach/"]
        # A filter alone lists the dated pages newest first, whatever
        # Pagefind's own order (here the 2023 event's page comes first).
        page.uncheck("input[name=dossier-filter-year][value='2024']")
        page.wait_for_function(
            "document.querySelectorAll('.md-search-result__item a').length === 2"
        )
        shown = page.eval_on_selector_all(
            ".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))"
        )
        assert shown == ["/events/warehouse-breach/", "/events/depot-opening/"]
        assert any(u.endswith(f"/pagefind/{NEWEST}") for u in fetched)
        page.check("input[name=dossier-filter-year][value='2024']")
        assert not any(u.endswith("search_index.json") for u in fetched)
        assert not any("workers/search." in u for u in fetched)
        assert all(u.startswith(url) for u in fetched)
        # A quote is found on its statement's page (and the statements'
        # index), not on the speaker's and event's pages that list it.
        assert page.evaluate(
            """async () => {
                const pf = await import('./pagefind/pagefind.js');
                const search = await pf.search('quokkaflat');
                return Promise.all(search.results.map(async r => (await r.data()).url));
            }"""
        ) == ["/statements/roadrunner-denies/", "/statements/"]
        # Typed key by key, the results are the finished query's.
        page.fill("[data-md-component=search-query]", "")
        page.type("[data-md-component=search-query]", "Warehouse breach", delay=15)
        page.wait_for_function(FIRST_RESULT, arg="/events/warehouse-breach/")
        # Back to one letter, which is not searched without a filter: the
        # longer query's results do not stay as if they answered it.
        for name, value in (("kind", "event"), ("status", "alleged"), ("year", "2024")):
            page.uncheck(f"input[name=dossier-filter-{name}][value='{value}']")
        box = page.locator("[data-md-component=search-query]")
        box.click()
        box.press("End")
        for _ in range(len("Warehouse breach") - 1):
            page.keyboard.press("Backspace")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 0")
        assert page.locator(".md-search-result__meta").inner_text() == "Type to start searching"
        # A chart's text is not indexed: the legend's wording finds nothing.
        assert not page.evaluate(
            """async () => {
                const pf = await import('./pagefind/pagefind.js');
                return (await pf.search('Uncertain span')).results.length;
            }"""
        )
        # Ten results at a time; the rest on asking for more.
        total = page.evaluate(
            """async () => {
                const pf = await import('./pagefind/pagefind.js');
                return (await pf.search('the')).results.length;
            }"""
        )
        assert total > 10
        box.fill("the")
        page.wait_for_selector(".dossier-search-more button")
        shown = ".md-search-result__item:not(.dossier-search-more)"
        assert page.locator(shown).count() == 10
        page.click(".dossier-search-more button")
        page.wait_for_function(f"document.querySelectorAll({shown!r}).length === {min(total, 20)}")


#: Whether the search box's first result is the page at the path given.
FIRST_RESULT = (
    "want => (document.querySelector('.md-search-result__item a') || {}).pathname === want"
)


def _ranking_site(root: Path, config: str) -> Path:
    write_tree(root / "content", RANKING)
    write_tree(root / "docs", {"index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(config.lstrip("\n"), encoding="utf-8")
    result = mkdocs(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module", params=["lunr", "pagefind"])
def ranking_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The RANKING dossier built with each search engine."""
    config = PAGEFIND_MKDOCS if request.param == "pagefind" else FIXTURE_MKDOCS
    return _ranking_site(tmp_path_factory.mktemp(f"ranking-{request.param}"), config)


def test_an_entity_comes_first_for_its_name_and_aliases(ranking_site: Path) -> None:
    with serve(ranking_site) as url, browser() as chromium:
        page = chromium.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        page.goto(url)
        if not (ranking_site / "pagefind").exists():
            found = lunr_results(page, list(RANKED))
            assert {query: pages[:1] for query, pages in found.items()} == {
                query: [want] for query, want in RANKED.items()
            }
        # And so in the search box a reader types into.
        page.locator("label[for=__search]").first.click()
        box = page.locator("[data-md-component=search-query]")
        for query, want in RANKED.items():
            box.fill("")
            box.press_sequentially(query)
            page.wait_for_function(FIRST_RESULT, arg="/" + want, timeout=10_000)
        # With Pagefind, the names are not offered as filter boxes.
        assert page.locator("input[name=dossier-filter-name]").count() == 0


def test_text_pasted_or_composed_into_the_box_starts_a_search(ranking_site: Path) -> None:
    """On a phone, text reaches the search box with no key pressed: pasted,
    a keyboard's suggestion, an input method's composition."""
    with serve(ranking_site) as url, browser() as chromium:
        page = chromium.new_page(  # type: ignore[attr-defined]
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
        )
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.locator("label[for=__search]").first.tap()
        box = page.locator("[data-md-component=search-query]")
        box.focus()
        page.keyboard.insert_text("Orbit app")  # input events, no keys: as a paste
        page.wait_for_function(FIRST_RESULT, arg="/entities/orbit-assistant/", timeout=10_000)
        box.fill("")
        # A paste event with the text in its clipboard data, inserted as a
        # browser does, and an input method composing a Chinese name.
        page.evaluate(
            """() => {
                const box = document.querySelector('[data-md-component=search-query]');
                const data = new DataTransfer();
                data.setData('text/plain', 'Labrador Orbital Services');
                box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data,
                                                               bubbles: true}));
                box.value = data.getData('text/plain');
                box.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste',
                                                           bubbles: true}));
            }"""
        )
        page.wait_for_function(FIRST_RESULT, arg="/entities/labrador/", timeout=10_000)
        box.fill("")
        box.focus()
        cdp = page.context.new_cdp_session(page)
        for text in ("轨道", "轨道公司"):
            cdp.send(
                "Input.imeSetComposition",
                {"text": text, "selectionStart": len(text), "selectionEnd": len(text)},
            )
        cdp.send("Input.insertText", {"text": "轨道公司"})
        page.wait_for_function(FIRST_RESULT, arg="/entities/orbit/", timeout=10_000)


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
    assert (site / OUTPUT / NEWEST).read_bytes() == (pagefind_site / OUTPUT / NEWEST).read_bytes()
    assert (site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8") != old
    assert [p.name for p in site.iterdir() if p.name.startswith(".pagefind-")] == []
    # A reload about to start stops indexing: the old index stays, whole.
    served = (site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8")
    stop = threading.Event()
    stop.set()
    assert not PagefindSearch(REGISTRY).index_unless(site, stop)
    assert (site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8") == served
    assert [p.name for p in site.iterdir() if p.name.startswith(".pagefind-")] == []
    indexing.pause()
    indexing.request(PagefindSearch(REGISTRY), site)  # asked again after the reload
    indexing.wait()
    assert (site / OUTPUT / "pagefind.js").is_file()


def test_pagefind_is_given_only_the_part_of_a_page_it_reads() -> None:
    page = (
        '<!doctype html><html lang="fr" class="no-js"><head><title>Acme - Site</title>'
        '<link rel="stylesheet" href="x.css"></head><body><nav>Menu</nav>'
        '<article class="md-content__inner md-typeset" data-pagefind-body>'
        "<h1>Acme</h1><article>Inner</article><p>Text</p></article>"
        "<footer>Footer</footer></body></html>"
    )
    assert indexed_part(page) == (
        '<!doctype html><html lang="fr" class="no-js"><head><title>Acme - Site</title>'
        '</head><body><article class="md-content__inner md-typeset" data-pagefind-body>'
        "<h1>Acme</h1><article>Inner</article><p>Text</p></article></body></html>"
    )
    # Anything else marked for Pagefind, or no body element: the whole page.
    for other in (
        page.replace("<nav>", '<nav data-pagefind-filter="kind:x">'),
        page.replace("<footer>", '<footer data-pagefind-meta="x:y">'),
        page.replace(" data-pagefind-body", ""),
        page.replace("<p>Text", "<p data-pagefind-body>Text"),
    ):
        assert indexed_part(other) == other


def fragments(site: Path) -> set[str]:
    """The names of a Pagefind index's page fragments."""
    return {path.name for path in (site / OUTPUT / "fragment").iterdir()}


def test_a_build_indexes_each_page_as_it_is_written(pagefind_site: Path, tmp_path: Path) -> None:
    """The index fed page by page during the build holds the same pages, and
    the same fragments of them, as indexing the written site afterwards."""
    again = tmp_path / "site"
    shutil.copytree(pagefind_site, again)
    shutil.rmtree(again / OUTPUT)
    PagefindSearch(REGISTRY).index(again)

    def pages(site: Path) -> int:
        entry = json.loads((site / OUTPUT / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())

    assert fragments(pagefind_site) and fragments(again) == fragments(pagefind_site)
    assert pages(again) == pages(pagefind_site)
    assert (again / OUTPUT / NEWEST).read_bytes() == (pagefind_site / OUTPUT / NEWEST).read_bytes()


def test_the_dated_pages_are_listed_newest_first(pagefind_site: Path) -> None:
    """``NEWEST`` names every page with a day, newest first; ties by URL."""
    found = {}
    for path in (pagefind_site / OUTPUT / "fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[path.stem] = (fragment["meta"].get("date"), fragment["url"])
    newest = json.loads(gzip.decompress((pagefind_site / OUTPUT / NEWEST).read_bytes()))
    dated = sorted((day, url) for day, url in found.values() if day)
    assert len(dated) >= 4
    assert [found[i] for i in newest] == sorted(dated, key=lambda d: (-_day(d[0]), d[1]))
    assert found[newest[0]][0] == max(day for day, _ in dated)
    assert ("2023-05-02", "/events/depot-opening/") in dated


def _day(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


def test_pages_written_by_workers_are_indexed_too(pagefind_site: Path, tmp_path: Path) -> None:
    """With pages rendered and written by forked workers, the index holds the
    same pages and fragments as the build in one process."""
    from .conftest import MINI_DOSSIER

    project = tmp_path / "project"
    write_tree(project / "content", {**MINI_DOSSIER, **EXTRA})
    write_tree(project / "docs", {"index.md": "# Home\n"})
    config = PAGEFIND_MKDOCS.replace("search: pagefind\n", "search: pagefind\n      jobs: 2\n")
    (project / "mkdocs.yml").write_text(config.lstrip("\n"), encoding="utf-8")
    result = mkdocs(project, None, "--verbose")
    assert result.returncode == 0, result.stderr
    written = re.search(r"(\d+) pages written by workers", result.stderr)
    assert written and int(written.group(1)) > 0, result.stderr[-4000:]
    site = project / "site"
    assert fragments(pagefind_site) and fragments(site) == fragments(pagefind_site)
    assert (site / "statements/roadrunner-denies/index.html").read_bytes() == (
        pagefind_site / "statements/roadrunner-denies/index.html"
    ).read_bytes()
