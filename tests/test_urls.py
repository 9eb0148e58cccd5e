"""urls: one URL rule for every link, with and without directory URLs, and
the README's minimal mkdocs.yml building a whole site."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from mkdocs_dossier.urls import Urls, relative_url, shortest_url

from .conftest import FIXTURE_MKDOCS, MINI_DOSSIER, ROOT, build_site, write_tree


@pytest.mark.parametrize(
    ("directory", "src", "url"),
    [
        (True, "index.md", ""),
        (True, "entities/index.md", "entities/"),
        (True, "entities/acme.md", "entities/acme/"),
        (True, "about.md", "about/"),
        (False, "index.md", "index.html"),
        (False, "entities/index.md", "entities/index.html"),
        (False, "entities/acme.md", "entities/acme.html"),
    ],
)
def test_url_of_a_source(directory: bool, src: str, url: str) -> None:
    assert Urls(directory).url(src) == url


@pytest.mark.parametrize(
    ("directory", "source", "target", "expected"),
    [
        (True, "entities/acme.md", "events/launch.md", "../../events/launch/"),
        (True, "entities/acme.md", "entities/jane.md", "../../entities/jane/"),
        (True, "index.md", "events/index.md", "events/"),
        (True, "events/index.md", "events/launch.md", "launch/"),
        (True, "events/index.md", "index.md", "../"),
        (False, "entities/acme.md", "events/launch.md", "../events/launch.html"),
        (False, "entities/acme.md", "entities/jane.md", "jane.html"),
        (False, "index.md", "events/index.md", "events/index.html"),
        (False, "events/index.md", "index.md", "../index.html"),
    ],
)
def test_relative_urls(directory: bool, source: str, target: str, expected: str) -> None:
    assert Urls(directory).relative(source, target) == expected


def test_absolute_urls_join_the_site_url() -> None:
    assert Urls(True, "https://example.org/d/").absolute("entities/acme.md") == (
        "https://example.org/d/entities/acme/"
    )
    assert relative_url("entities/acme/", "entities/acme/") == "./"


class _Links(html.parser.HTMLParser):
    """Every link of a page: ``<a href>`` and SVG ``<a xlink:href>``."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            for name in ("href", "xlink:href"):
                if values.get(name):
                    self.links.append(values[name] or "")


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "http://site/" + page.relative_to(site).as_posix()
        for href in parser.links:
            url = urlsplit(urljoin(base, href))
            if url.scheme != "http" or url.netloc != "site":
                continue
            path = site / unquote(url.path).lstrip("/")
            if url.path.endswith("/") or path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
    return broken


LINKING = {
    # Links in every form the engine writes: descriptions (HTML), wikilinks,
    # the timeline and graph (SVG), indexes, at-a-glance.
    "events/acme-launch.yml": MINI_DOSSIER["events/acme-launch.yml"].replace(
        "[[jane-doe]] presented it", "[[jane-doe]] presented it ([[daily-report|report]])"
    ),
}


def test_every_link_resolves_without_directory_urls(make_site: Callable[..., Path]) -> None:
    config = FIXTURE_MKDOCS.replace("docs_dir: docs", "docs_dir: docs\nuse_directory_urls: false")
    project = make_site(
        LINKING, pages={"about.md": "# About\n\n<!-- dossier:at-a-glance -->\n"}, config=config
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "entities" / "acme.html").is_file()
    assert not (site / "entities" / "acme").exists()
    assert _broken_links(site) == []
    jsonld = (site / "entities" / "acme.html").read_text(encoding="utf-8")
    assert '"@id":"https://example.org/fixture/entities/acme.html"' in jsonld
    timeline = (site / "events" / "index.html").read_text(encoding="utf-8")
    assert 'xlink:href="acme-launch.html"' in timeline


def _readme_minimal_config() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- minimal-mkdocs-yml -->", 1)[1]
    return block.split("```yaml\n", 1)[1].split("```", 1)[0]


def _minimal_site(tmp_path: Path, records: dict[str, str]) -> Path:
    project = tmp_path
    write_tree(project / "content", records)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(_readme_minimal_config(), encoding="utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _more_people(count: int) -> dict[str, str]:
    records = dict(MINI_DOSSIER)
    for number in range(count):
        records[f"entities/person-{number}.yml"] = (
            f"type: person\nname: Person {number}\nsummary: A person.\nsources: [daily-report]\n"
        )
    return records


def _nav_links(page: str) -> int:
    nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    return nav.count('class="md-nav__link')


def test_the_readme_minimal_config_builds_a_whole_site(tmp_path: Path) -> None:
    site = _minimal_site(tmp_path / "small", _more_people(2))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "dossier-glance" in home
    assert _broken_links(site) == []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r":(material|fontawesome|octicons)-[a-z0-9-]+:", text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        loaded = r'<(?:script|img|iframe|link)\b[^>]*?\s(?:src|href)="https?://([^/"]+)'
        hosts = set(re.findall(loaded, text))
        assert hosts <= {"example.org"}, (page, hosts)
    assert (site / "entities" / "acme" / "index.html").is_file()
    # Records stay out of the automatic navigation: a record page's nav does
    # not grow with the dossier.
    large = _minimal_site(tmp_path / "large", _more_people(40))
    small_nav = _nav_links((site / "entities/acme/index.html").read_text(encoding="utf-8"))
    large_nav = _nav_links((large / "entities/acme/index.html").read_text(encoding="utf-8"))
    assert small_nav == large_nav


def test_a_missing_site_url_fails_a_strict_build(make_site: Callable[..., Path]) -> None:
    config = FIXTURE_MKDOCS.replace("site_url: https://example.org/fixture/\n", "")
    project = make_site(config=config)
    result = build_site(project)
    assert result.returncode != 0
    assert "site_url is not set" in result.stderr


@pytest.mark.parametrize(
    ("from_url", "to_url"),
    [
        ("entities/a/", "entities/b/"),
        ("entities/a/", "entities/a/"),
        ("entities/", "entities/b/"),
        ("entities/a/", "sources/x/"),
        ("", "entities/a/"),
        ("entities/a/", ""),
        ("entities/a.html", "entities/b.html"),
        ("index.html", "entities/b.html"),
        ("entities/a.html", "index.html"),
        ("entities/index.html", "sources/x.html"),
        ("a/b/c/", "a/d/"),
        ("tags/x/", "tags/"),
        ("v1.2/a/", "v1.2/b/"),
    ],
)
def test_shortest_url_is_the_link_mkdocs_writes(from_url: str, to_url: str) -> None:
    from mkdocs.utils import get_relative_url

    # MkDocs' own URL of the site's root page is "./".
    assert shortest_url(from_url, to_url) == get_relative_url(to_url or "./", from_url or "./")
