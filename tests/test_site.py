"""The real dossier: content/ and dossier/ built with --strict, crawled, and opened
in Chromium as a reader would."""

from __future__ import annotations

import html.parser
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.problems import Severity

from .browser import ARTIFACTS, browser, serve
from .conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_content_is_valid_without_warnings() -> None:
    checked = check_content(ROOT / "content", ROOT)
    # Hints (info) never fail a check: a source may relay one the dossier lacks.
    found = [p.format_text() for p in checked.problems if p.severity is not Severity.INFO]
    assert found == []
    assert checked.index is not None
    assert len(checked.index.records) > 20


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def _pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    base = "http://site/" + page.relative_to(site).as_posix()
    url = urlsplit(urljoin(base, href))
    if url.scheme != "http" or url.netloc != "site":
        return None
    path = site / unquote(url.path).lstrip("/")
    if path.is_dir() or url.path.endswith("/"):
        path = path / "index.html"
    return path, url.fragment


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    parsed: dict[Path, _Links] = {}

    def parse(page: Path) -> _Links:
        if page not in parsed:
            parser = _Links()
            parser.feed(page.read_text(encoding="utf-8"))
            parsed[page] = parser
        return parsed[page]

    broken = []
    for page in _pages(site):
        if page.name == "404.html":  # links are absolute under site_url's path
            continue
        for href in parse(page).links:
            target = _target(site, page, href)
            if target is None:
                assert href.startswith(("http://", "https://", "mailto:")), (page, href)
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and path.suffix == ".html" and fragment not in parse(path).ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no anchor)")
    assert broken == []


def test_every_record_has_a_page_reachable_from_home(site: Path) -> None:
    checked = check_content(ROOT / "content", ROOT)
    assert checked.index is not None
    from mkdocs_dossier.render import src_uri

    seen: set[Path] = set()
    queue = [site / "index.html"]
    while queue:
        page = queue.pop()
        if page in seen or not page.is_file():
            continue
        seen.add(page)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.links:
            target = _target(site, page, href)
            if target and target[0].suffix == ".html":
                queue.append(target[0])
    for record in checked.index.records.values():
        assert site / src_uri(record).removesuffix(".md") / "index.html" in seen, record.id


def test_search_index_holds_aliases(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("entities/high-flyer/")
    )
    assert "High-Flyer Quantitative Investment Management" in texts


def test_reader_in_chromium(site: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))

        page.goto(base)
        assert "DeepSeek" in page.title()
        page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)

        page.goto(base + "entities/deepseek/")
        assert page.locator("h1").inner_text().startswith("DeepSeek")
        assert page.locator("h2", has_text="Claims and responses about DeepSeek").count() == 1
        page.screenshot(path=str(ARTIFACTS / "entity-deepseek.png"), full_page=True)

        page.goto(base)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        # An alias of High-Flyer (its full legal name) finds the entity page.
        page.keyboard.type("Quantitative Investment Management")
        result = page.locator(".md-search-result__item a[href*='entities/high-flyer/']").first
        result.wait_for(timeout=15_000)
        assert "High-Flyer" in result.inner_text()
        page.screenshot(path=str(ARTIFACTS / "search-alias.png"))

        assert errors == []
        foreign = [url for url in requests if not url.startswith(base)]
        assert foreign == [], foreign
    shutil.rmtree(ARTIFACTS / "tmp", ignore_errors=True)


def test_accessibility_and_keyboard(site: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = ["", "events/", "entities/deepseek/", "graph/", "claims/", "briefing/"]
    statement = next(p for p in sorted((site / "statements").iterdir()) if p.is_dir())
    pages.append(f"statements/{statement.name}/")
    with serve(site) as base, browser() as chromium:
        for scheme in ("light", "dark"):
            page = chromium.new_page(color_scheme=scheme)  # type: ignore[attr-defined]
            for path in pages:
                page.goto(base + path)
                result = axe.run(page)
                serious = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in result.response["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                assert serious == [], (scheme, path, serious)
            page.close()
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(base)
        reached: set[str] = set()
        for _ in range(80):
            page.keyboard.press("Tab")
            reached.add(
                page.evaluate(
                    "() => { const e = document.activeElement; return (e.getAttribute('href') || "
                    "e.getAttribute('aria-label') || e.getAttribute('for') || e.tagName) }"
                )
            )
        views = [
            "events/",
            "entities/",
            "graph/",
            "claims/",
            "statements/",
            "sources/",
            "briefing/",
        ]
        for view in views:
            assert any(r.rstrip("/").endswith(view.rstrip("/")) for r in reached), (view, reached)
        assert any("search" in r.lower() or r == "__search" for r in reached), reached


def test_serve_binds_to_localhost_by_default() -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.dev_addr.host == "127.0.0.1"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve_line = next(line for line in makefile.splitlines() if "mkdocs serve" in line)
    assert "-a" not in serve_line.split() and "--dev-addr" not in serve_line
