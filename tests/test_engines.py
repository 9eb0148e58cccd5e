"""The same dossier built by three generators: MkDocs and ProperDocs with the
plugin, Zensical after ``dossier render``.

Each build of the flagship (this repository's site) and of a fixture dossier
must give every record a page, resolve every internal link, index an
entity's alias for search and leave no icon shortcode unrendered.
"""

from __future__ import annotations

import html.parser
import json
import os
import posixpath
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.init.engines import HEAD_OVERRIDE, ZENSICAL_VERSION
from mkdocs_dossier.render import src_uri
from mkdocs_dossier.urls import Urls

from .conftest import FIXTURE_MKDOCS, ROOT

BIN = Path(sys.executable).parent
ENGINES = ("mkdocs", "properdocs", "zensical")
SITE_URL = "https://example.org/site/"
SITE_PATH = "/site/"


def _tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed in {BIN} (it is in the test extra)")
        pytest.skip(f"{name} is not installed")
    return path


def zensical_config(text: str) -> str:
    """``mkdocs.yml`` for Zensical: the plugin entry stays (Zensical skips it;
    ``dossier render`` reads its options), the Markdown extension and the
    plugin's assets are added, and the theme override printing ``<head>``."""
    config = text.replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - mkdocs_dossier.markdown_ext:\n      content_dir: content\n",
        1,
    )
    if "custom_dir:" not in config:
        config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    return config + (
        "\nextra_css: [assets/dossier/dossier.css, assets/dossier/vocabulary.css]\n"
        "extra_javascript: [assets/dossier/dossier.js]\n"
    )


def build(project: Path, engine: str) -> Path:
    """Build ``project`` with ``engine``; the built site's folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    if engine == "zensical":
        version = subprocess.run(
            [_tool("zensical"), "--version"], capture_output=True, text=True, check=False
        )
        assert ZENSICAL_VERSION in version.stdout + version.stderr
        render = subprocess.run(
            [BIN / "dossier", "render"], cwd=project, capture_output=True, text=True, env=env
        )
        assert render.returncode == 0, render.stderr
        config = project / "mkdocs.yml"
        config.write_text(zensical_config(config.read_text(encoding="utf-8")), encoding="utf-8")
        custom = _custom_dir(config)
        override = project / custom / "main.html"
        if not override.exists() or "dossier_head" not in override.read_text(encoding="utf-8"):
            override.parent.mkdir(parents=True, exist_ok=True)
            override.write_text(HEAD_OVERRIDE, encoding="utf-8")
        args = [str(_tool("zensical")), "build"]
    elif engine == "properdocs":
        args = [str(_tool("properdocs")), "build", "--strict"]
    else:
        args = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    result = subprocess.run(args, cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "names no record" not in result.stderr
    return project / "site"


def _custom_dir(config: Path) -> str:
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("custom_dir:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("no custom_dir")


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


def html_pages(site: Path) -> Iterator[Path]:
    yield from site.rglob("*.html")


def broken_links(site: Path) -> list[str]:
    """Internal ``<a href>`` of every page whose target file does not exist."""
    broken = []
    for page in html_pages(site):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        here = page.parent.relative_to(site).as_posix()
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # external, mailto:, or an anchor on the same page
            path_part = unquote(parts.path)
            if path_part.startswith(SITE_PATH):  # 404.html links from the site's root
                path_part = path_part.removeprefix(SITE_PATH) or "."
                target = posixpath.normpath(path_part)
            else:
                target = posixpath.normpath(posixpath.join(here, path_part))
            path = site / target
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
    return broken


def search_text(site: Path, engine: str) -> str:
    if engine == "zensical":
        index = json.loads((site / "search.json").read_text(encoding="utf-8"))
        return " ".join(item["text"] + " " + item["title"] for item in index["items"])
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])


def check_site(project: Path, site: Path, engine: str, *, aliases: bool = True) -> None:
    checked = check_content(project / "content")
    assert checked.index is not None
    urls = Urls()
    records = list(checked.index.records.values())
    missing = [r.id for r in records if not (site / urls.url(src_uri(r)) / "index.html").is_file()]
    assert not missing, f"{engine}: records without a page: {missing[:10]}"
    assert broken_links(site) == [], engine
    text = search_text(site, engine)
    names = [a for r in records for a in getattr(r, "aliases", ()) or ()]
    assert not aliases or (names and any(alias in text for alias in names)), engine
    shortcodes = [p for p in html_pages(site) if ":material-" in p.read_text(encoding="utf-8")]
    assert not shortcodes, f"{engine}: icon shortcodes left in {shortcodes[:5]}"
    entity = next(r for r in records if src_uri(r).startswith("entities/"))
    page = (site / urls.url(src_uri(entity)) / "index.html").read_text(encoding="utf-8")
    assert page.count('type="application/ld+json"') == 1, engine
    assert page.count('rel="alternate" type="application/atom+xml"') == 1, engine


@pytest.fixture
def flagship(tmp_path: Path) -> Path:
    project = tmp_path / "flagship"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    for folder in ("dossier", "content"):
        shutil.copytree(ROOT / folder, project / folder)
    return project


@pytest.fixture
def fixture_site(make_site: Callable[..., Path]) -> Path:
    config = FIXTURE_MKDOCS.replace("  - attr_list\n", "  - attr_list\n  - tables\n").replace(
        "https://example.org/fixture/", SITE_URL
    )
    return make_site(
        pages={"about.md": "# About\n\n[[acme-launch]]\n\n<!-- dossier:at-a-glance -->\n"},
        config=textwrap.dedent(config),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_flagship_builds_with(engine: str, flagship: Path) -> None:
    check_site(flagship, build(flagship, engine), engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_fixture_builds_with(engine: str, fixture_site: Path) -> None:
    site = build(fixture_site, engine)
    check_site(fixture_site, site, engine)
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../events/acme-launch/"' in about
    assert "[[" not in about and "dossier:at-a-glance" not in about


def test_handwritten_pages_render_alike_with_and_without_the_plugin(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    original = make_site()
    articles = {}
    for engine in ("mkdocs", "zensical"):
        project = tmp_path / engine
        project.mkdir()
        shutil.copy(original / "mkdocs.yml", project)
        for folder in ("content", "docs"):
            shutil.copytree(original / folder, project / folder)
        site = build(project, engine)
        page = (site / "index.html").read_text(encoding="utf-8")
        start = page.index("<article")
        articles[engine] = page[start : page.index("</article>", start)]
    for engine, article in articles.items():
        assert 'href="entities/acme/"' in article, engine
        assert ">its chief</a>" in article, engine


def test_init_for_zensical_builds_after_render(tmp_path: Path) -> None:
    from mkdocs_dossier.cli import main

    project = tmp_path / "story"
    assert main(["init", str(project), "--title", "The Acme leak", "--engine", "zensical"]) == 0
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Zensical skips this plugin" in config and "mkdocs_dossier.markdown_ext" in config
    assert "dossier render" in (project / "Makefile").read_text(encoding="utf-8")
    workflow = (project / ".github" / "workflows" / "dossier.yml").read_text(encoding="utf-8")
    assert ".venv/bin/dossier render\n" in workflow and "zensical build" in workflow
    site = build(project, "zensical")
    check_site(project, site, "zensical", aliases=False)


def test_init_refuses_an_unknown_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mkdocs_dossier.cli import main

    assert main(["init", str(tmp_path / "x"), "--title", "T", "--engine", "hugo"]) == 2
    assert "use one of: mkdocs, zensical" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
