"""The reader's pages in Chromium: every view and a record of each kind,
phone and desktop, light and dark: axe finds nothing serious and nothing
is wider than the screen; an entity comes first in search for its names;
Chinese search finds its page; the printable briefing, printed to PDF on A4
and Letter, holds the outside sources' addresses and none of the site's
own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .browser import ARTIFACTS, browser, free_port, lunr_results, serve
from .conftest import FIXTURE_MKDOCS, MINI_DOSSIER, ROOT, build_site, write_tree
from .test_plugin import CHINESE_RECORDS
from .test_reader import fixture_project
from .test_search import FIRST_RESULT

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
SCHEMES = ("light", "dark")
#: Every index and view of a dossier, with a record page of each kind.
VIEWS = [
    "",
    "claims/",
    "briefing/",
    "graph/",
    "events/",
    "entities/",
    "statements/",
    "sources/",
    "questions/",
    "corrections/",
]
#: The real dossier's views, its tags page and a record of each kind.
REAL_VIEWS = [
    *VIEWS,
    "tags/",
    "entities/deepseek/",
    "events/bloomberg-reports-probe/",
    "statements/altman-r1-impressive/",
    "sources/6th-wave-r1-azure/",
    "questions/probe-conclusion/",
]


def _built(project: Path, out: Path, port: int) -> Path:
    """The site built for the address it is served on (so instant navigation works)."""
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    port = free_port()
    return _built(ROOT, tmp_path_factory.mktemp("reader-browser") / "site", port), port


@pytest.fixture(scope="module")
def chromium() -> Any:
    with browser() as instance:
        yield instance


def _serious(chromium: Any, base: str, paths: list[str], shots: str = "") -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ARTIFACTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        for scheme in SCHEMES:
            page = chromium.new_page(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            for path in paths:
                page.goto(base + path)
                page.wait_for_timeout(150)
                if shots and path == "":
                    page.screenshot(path=str(ARTIFACTS / f"home-{shots}-{size}-{scheme}.png"))
                result = axe.run(page)
                serious = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in result.response["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                assert serious == [], (size, scheme, path, serious)
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 1, (size, path, overflow)
            page.close()


def test_reader_pages_on_the_real_dossier(real: tuple[Path, int], chromium: Any) -> None:
    site, port = real
    with serve(site, port) as base:
        _serious(chromium, base, REAL_VIEWS, shots="real")
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base)
        # Above the fold on a phone: the title, the lead and the as-of date.
        fold = page.evaluate(
            "() => [...document.querySelectorAll('article h1, article p')]"
            ".filter(e => e.getBoundingClientRect().bottom < innerHeight).map(e => e.textContent)"
        )
        assert any("DeepSeek and the OpenAI data probe" in t for t in fold), fold
        assert any(t.startswith("In January 2025") for t in fold), fold
        page.close()


def _search(page: Any, query: str) -> list[str]:
    """The result links for ``query`` typed into Material's search box."""
    box = page.locator(".md-search__input")
    box.focus()
    box.fill("")
    box.press_sequentially(query)
    # Material reads the query on keyup, which an input method sends as it
    # commits the text; Playwright types Chinese without one.
    box.press("End")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta')"
        ".textContent.includes('Type to start')",
        timeout=40_000,
    )
    page.wait_for_timeout(300)
    results = page.locator(".md-search-result__item > a")
    return [
        urlsplit(results.nth(i).get_attribute("href") or "").path for i in range(results.count())
    ]


def test_chinese_text_is_searchable(real: tuple[Path, int], chromium: Any) -> None:
    site, port = real
    with serve(site, port) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base)
        page.wait_for_load_state("networkidle")  # the search worker loads its index
        for query in ("正式开源", "开源"):  # the title, and a word inside it
            assert "/sources/deepseek-r1-news-250120/" in _search(page, query), query
        found = _search(page, "蒸馏")  # a word inside two quotes
        assert "/statements/deepseek-r1-mit-licence/" in found, found
        assert "/statements/deepseek-user-agreement-distillation/" in found, found
        page.close()


def test_chinese_names_are_searchable_with_no_search_options(
    tmp_path_factory: pytest.TempPathFactory, chromium: Any
) -> None:
    """A site with plain ``- search`` finds a Chinese name, an alias and a
    title by a word inside them."""
    project = tmp_path_factory.mktemp("reader-browser-chinese")
    write_tree(project / "content", {**MINI_DOSSIER, **CHINESE_RECORDS})
    write_tree(project / "docs", {"index.md": "# Home\n"})
    (project / "mkdocs.yml").write_text(FIXTURE_MKDOCS, encoding="utf-8")
    port = free_port()
    site = _built(project, project / "site", port)
    with serve(site, port) as base:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.locator("label[for=__search]").first.click()
        for query, url in (
            ("求索", "/entities/deepseek/"),  # inside the name 深度求索
            ("人工智能", "/entities/deepseek/"),  # inside an alias
            ("开源", "/sources/r1-news/"),  # inside the title
        ):
            assert url in _search(page, query), query
        page.close()


def _names_and_pages() -> dict[str, str]:
    """Every entity name and alias of the real dossier, with its page."""
    import yaml

    named: dict[str, str] = {}
    for path in sorted((ROOT / "content/entities").rglob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in (record["name"], *record.get("aliases", ())):
            named[name] = f"entities/{path.stem}/"
    return named


def test_an_entity_is_the_first_result_for_its_name(real: tuple[Path, int], chromium: Any) -> None:
    site, port = real
    named = _names_and_pages()
    # "AP" begins "Apple" and "API", which Material's prefix search finds as well.
    assert len(named) > 100 and "DeepSeek app" in named and "AP" in named
    with serve(site, port) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base)
        page.wait_for_load_state("networkidle")
        for query, want in (("DeepSeek", "deepseek"), ("DeepSeek app", "deepseek-app")):
            _search(page, query)
            page.wait_for_function(FIRST_RESULT, arg=f"/entities/{want}/", timeout=10_000)
        found = lunr_results(page, list(named))
        wrong = {q: found[q][:3] for q, want in named.items() if found[q][:1] != [want]}
        assert wrong == {}
        page.close()


def test_a_record_page_has_its_contents_in_the_phone_drawer(
    real: tuple[Path, int], chromium: Any
) -> None:
    """Record pages are outside the navigation; on a phone the drawer still
    lists the page's sections, and a tap goes there and closes the drawer.
    On a desktop the sidebars are as Material draws them."""
    site, port = real
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(site, port) as base:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "entities/deepseek/")
        headings = page.locator("article h2[id]").evaluate_all("hs => hs.map(h => h.id)")
        assert len(headings) >= 3, headings
        page.locator("label.md-header__button[for=__drawer]").click()
        entry = page.locator(".md-nav--primary .dossier-page-toc")
        label = entry.locator("> label[for=__toc]")
        label.wait_for(state="visible")
        assert label.inner_text().strip() == "DeepSeek"
        label.click()
        links = entry.locator(".md-nav--secondary a.md-nav__link")
        links.first.wait_for(state="visible")
        page.wait_for_timeout(300)  # the panel slides in
        page.screenshot(path=str(ARTIFACTS / "record-toc-phone.png"))
        hrefs = links.evaluate_all("as => as.map(a => a.hash.slice(1))")
        assert hrefs == headings
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        links.nth(1).click()
        page.wait_for_function(f"() => location.hash === '#{headings[1]}'")
        page.wait_for_function("() => !document.getElementById('__drawer').checked")
        page.close()
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + "entities/deepseek/")
        assert page.locator(".dossier-page-toc").count() == 1
        assert not page.locator(".dossier-page-toc").is_visible()
        assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
        page.close()


def _pdf_text(page: Any, path: Path, size: str) -> str:
    page.pdf(path=str(path), format=size, print_background=False)
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        return done.stdout
    pypdf = pytest.importorskip("pypdf", reason="reading a PDF needs pdftotext or pypdf")
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)


def test_the_printed_briefing_stands_alone(
    real: tuple[Path, int], chromium: Any, tmp_path: Path
) -> None:
    site, port = real
    with serve(site, port) as base:
        page = chromium.new_page()
        page.goto(base + "briefing/")
        host = urlsplit(base).netloc
        for size in ("A4", "Letter"):
            text = _pdf_text(page, tmp_path / f"briefing-{size}.pdf", size)
            flat = text.replace("\n", "")
            assert "Dossier: DeepSeek and the OpenAI data probe" in text
            assert "As of " in text
            assert "Key points" in text and "Claims and answers" in text
            assert "did not respond to Reuters" in text
            assert "news.bloomberglaw.com" in flat  # an outside source's address
            assert host not in flat and "127.0.0.1" not in flat
            assert "Search" not in text.split("Key points")[0]  # no navigation
        page.emulate_media(media="print")
        for width in (794, 816):  # A4 and Letter at 96 dpi
            page.set_viewport_size({"width": width, "height": 1100})
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), width
        page.close()


def test_reader_pages_on_the_fixture_dossier(
    tmp_path_factory: pytest.TempPathFactory, chromium: Any
) -> None:
    root = tmp_path_factory.mktemp("reader-browser-fixture")
    for config in ("flagship", "minimal"):
        project = fixture_project(root, config)
        assert build_site(project).returncode == 0
        # Every view is checked on the real dossier; here the reader's own
        # pages, and with the flagship's configuration a record of each kind.
        paths = ["", "entities/acme/", "claims/", "briefing/"]
        if config == "flagship":
            paths += ["tags/", "events/acme-launch/", "statements/jane-praises/"]
            paths += ["sources/daily-report/", "questions/who-copied/"]
        with serve(project / "site") as base:
            _serious(chromium, base, paths, shots=config)
