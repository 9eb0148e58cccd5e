"""The charts and link previews in Chromium, at phone and desktop width, in
light and dark: labels readable and clear of each other, previews on hover
and keyboard focus, nothing serious for axe. Screenshots go to
test-artifacts/ for a look by eye."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .browser import ARTIFACTS, browser, free_port, serve
from .conftest import ROOT, build_site
from .test_views import EXTRA, _with_palettes

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
SCHEMES = ("light", "dark")

#: Labels drawn on top of each other or of a node, and labels cut at the edge.
GRAPH_PROBLEMS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.dossier-graph')) {
    const frame = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('[data-node] text')]
      .filter(t => !t.classList.contains('dossier-label--crowded'))
      .map(t => ({name: t.textContent, r: t.getBoundingClientRect()}));
    const shapes = [...svg.querySelectorAll('[data-node] > :not(text):not(title)')]
      .map(s => ({name: s.parentNode.getAttribute('data-node'), r: s.getBoundingClientRect()}));
    const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
      a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    labels.forEach((a, i) => {
      labels.slice(i + 1).forEach(b => { if (hit(a.r, b.r)) out.push(`${a.name} / ${b.name}`); });
      shapes.forEach(s => { if (hit(a.r, s.r)) out.push(`${a.name} over node ${s.name}`); });
      if (a.r.left < frame.left - 0.5 || a.r.right > frame.right + 0.5 ||
          a.r.top < frame.top - 0.5 || a.r.bottom > frame.bottom + 0.5)
        out.push(`${a.name} cut at the edge`);
    });
  }
  return out;
}"""

#: The smallest text shown in a chart, in CSS pixels, with what it says.
SMALLEST_TEXT = """() => {
  let least = [1e9, ''];
  const chart = document.querySelectorAll('.dossier-chart');
  for (const c of chart) {
    for (const t of c.querySelectorAll('svg text')) {
      if (t.classList.contains('dossier-label--crowded')) continue;
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (px < least[0]) least = [px, t.textContent];
    }
    for (const e of c.querySelectorAll('.dossier-legend__item, .dossier-chart__note')) {
      const px = parseFloat(getComputedStyle(e).fontSize);
      if (px < least[0]) least = [px, e.textContent];
    }
  }
  return least;
}"""

VISIBLE_LABELS = (
    "() => document.querySelectorAll("
    "'svg.dossier-graph [data-node] text:not(.dossier-label--crowded)').length"
)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """This repository's dossier, built for the address it is served at."""
    out = tmp_path_factory.mktemp("charts") / "site"
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env={**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out, port


@pytest.fixture
def fixture_site(make_site: Callable[..., Path]) -> tuple[Path, int]:
    """The fixture dossier, built for the address it is served at, so that
    Material's instant navigation (which checks the site URL) is active."""
    port = free_port()
    config = _with_palettes().replace(
        "site_url: https://example.org/fixture/", f"site_url: http://127.0.0.1:{port}/"
    )
    project = make_site(EXTRA, config=config)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site", port


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as launched:
        yield launched


def _pages(chromium: object, base: str, name: str, paths: list[str]) -> None:
    """Labels, text sizes and screenshots of every chart page at each size and scheme."""
    ARTIFACTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        for scheme in SCHEMES:
            page = chromium.new_page(  # type: ignore[attr-defined]
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            for path in paths:
                page.goto(base + path)
                page.wait_for_timeout(150)  # labels are placed on the next frame
                if page.locator("svg.dossier-graph").count():
                    assert page.evaluate(GRAPH_PROBLEMS) == [], (size, scheme, path)
                    assert page.evaluate(VISIBLE_LABELS) >= 1, (size, path)
                smallest, words = page.evaluate(SMALLEST_TEXT)
                assert smallest >= 11, (size, scheme, path, smallest, words)
                slug = path.strip("/").replace("/", "-")
                page.screenshot(
                    path=str(ARTIFACTS / f"{name}-{slug}-{width}-{scheme}.png"), full_page=True
                )
            assert errors == [], errors
            page.close()


def _zoom_keeps_label_size(chromium: object, base: str) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(base + "graph/")
    page.wait_for_timeout(150)
    svg = page.locator("svg.dossier-graph")
    view_box = "document.querySelector('svg.dossier-graph').getAttribute('viewBox')"
    label_px = (
        "(() => { const t = document.querySelector('svg.dossier-graph text'); "
        "const m = t.getScreenCTM(); "
        "return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })()"
    )
    before = page.evaluate(view_box)
    assert abs(page.evaluate(label_px) - 13) < 0.5
    # A plain wheel scrolls the page; ctrl + wheel zooms the chart.
    svg.hover()
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(100)
    assert page.evaluate(view_box) == before
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_timeout(150)
    assert page.evaluate(view_box) != before
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(150)
    assert abs(page.evaluate(label_px) - 13) < 0.5
    assert page.evaluate(GRAPH_PROBLEMS) == []
    page.get_by_role("button", name="Reset view").click()
    page.wait_for_timeout(50)
    assert page.evaluate(view_box) == before
    hint = page.locator("article").inner_text()
    assert "Ctrl" in hint and "pinch" in hint and "scroll to zoom" not in hint
    page.close()


def _skip_chart(chromium: object, base: str, path: str) -> None:
    """One key press past a chart: the skip link, then the next stop is after it."""
    page = chromium.new_page()  # type: ignore[attr-defined]
    page.goto(base + path)
    skip = page.locator(".dossier-skip").first
    skip.focus()
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "() => !!document.activeElement.closest('.dossier-chart__frame svg')"
        " || document.activeElement === document.body"
    )
    assert not inside
    page.close()


def _previews(chromium: object, base: str, path: str, selector: str) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + path)
    link = page.locator(selector).first
    card = page.locator(".dossier-preview")
    before = page.evaluate("document.querySelector('article').getBoundingClientRect().height")
    link.hover()
    card.wait_for(state="visible", timeout=5_000)
    assert card.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == card.get_attribute("id")
    text = card.inner_text()
    assert text.strip() and "undefined" not in text, text
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.dossier-preview')).position"
    ) == ("absolute")
    after = page.evaluate("document.querySelector('article').getBoundingClientRect().height")
    assert after == before  # no layout shift
    page.screenshot(path=str(ARTIFACTS / f"preview-hover-{path.strip('/').replace('/', '-')}.png"))
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2_000)
    assert link.get_attribute("aria-describedby") is None
    page.mouse.move(0, 0)
    # Keyboard focus shows it too (and Escape closes it).
    page.keyboard.press("Shift")
    link.focus()
    card.wait_for(state="visible", timeout=5_000)
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2_000)
    # Fetched once, from the site itself.
    assert [u for u in requests if u.endswith("previews.json")] == [base + "data/previews.json"]
    assert [u for u in requests if not u.startswith(base)] == []
    # Charts and previews work after an instant-navigation page change.
    page.evaluate("window.__dossierMarker = 1")
    # Material navigates in place only when the site URL matches where it is served.
    instant = page.evaluate(
        "() => { const c = document.querySelector('link[rel=canonical]');"
        " return !!c && new URL(c.href).origin === location.origin; }"
    )
    page.locator(
        "a.md-tabs__link[href$='graph/']:visible, a.md-nav__link[href$='graph/']:visible"
    ).first.click()
    page.wait_for_url("**/graph/")
    page.locator(".dossier-zoom-controls button").first.wait_for()
    if instant:
        assert page.evaluate("window.__dossierMarker") == 1  # the same document
    page.locator(".md-content ul a[href*='entities/']").first.hover()
    card.wait_for(state="visible", timeout=5_000)
    page.close()
    # A touch screen gets no card in the way of a tap.
    touch = chromium.new_page(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    touch.goto(base + path)
    touch.locator(selector).first.hover()
    touch.wait_for_timeout(600)
    assert not touch.locator(".dossier-preview").is_visible()
    touch.close()


def _axe(chromium: object, base: str, paths: list[str]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for size, (width, height) in SIZES.items():
        for scheme in SCHEMES:
            page = chromium.new_page(  # type: ignore[attr-defined]
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            for path in paths:
                page.goto(base + path)
                page.wait_for_timeout(150)
                result = axe.run(page)
                serious = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in result.response["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                assert serious == [], (size, scheme, path, serious)
            page.close()


def test_charts_on_the_fixture_dossier(fixture_site: tuple[Path, int], chromium: object) -> None:
    with serve(*fixture_site) as base:
        _pages(chromium, base, "fixture", ["events/", "graph/", "entities/acme/"])
        _zoom_keeps_label_size(chromium, base)
        _skip_chart(chromium, base, "graph/")
        _previews(chromium, base, "events/", ".md-content li a[href*='acme-launch']")
        _axe(chromium, base, ["events/", "graph/", "entities/acme/"])


def test_charts_on_the_real_dossier(real_site: tuple[Path, int], chromium: object) -> None:
    paths = ["events/", "graph/", "entities/deepseek/", "entities/openai/"]
    with serve(*real_site) as base:
        _pages(chromium, base, "real", paths)
        _zoom_keeps_label_size(chromium, base)
        _skip_chart(chromium, base, "events/")
        _previews(chromium, base, "entities/deepseek/", ".md-content ul a[href*='events/']")
        # axe checks these pages with every other view in test_reader_browser.
