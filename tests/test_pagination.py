"""Large indexes split into parts: every record reachable, no page over the cap."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.link import LinkIndex
from mkdocs_dossier.render import SiteRenderer, src_uri
from mkdocs_dossier.render.parts import INDEX_CAP, initial, split

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate

RECORDS = 1500
LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated dossier of 1,500 records (bench/generate.py), as a project."""
    return generate(tmp_path_factory.mktemp("large") / "dossier", RECORDS, seed=3)


@pytest.fixture(scope="module")
def index(large: Path) -> LinkIndex:
    checked = check_content(large / "content", large)
    assert checked.index is not None
    return checked.index


def links(src: str, markdown: str) -> set[str]:
    """The Markdown sources a page links to, resolved from its own source."""
    here = posixpath.dirname(src)
    return {posixpath.normpath(posixpath.join(here, target)) for target in LINK.findall(markdown)}


@pytest.mark.parametrize("cap", [INDEX_CAP, 40])
def test_every_record_is_reachable_and_no_index_page_exceeds_the_cap(
    index: LinkIndex, cap: int
) -> None:
    renderer = SiteRenderer(index, index_cap=cap)
    specs = [spec for spec in renderer.index_specs() if spec.kind is not None]
    for kind in index.registry:
        records = {src_uri(r) for r in index.all(kind.name)}
        pages = {spec.uri: renderer.render(spec).markdown for spec in specs if spec.kind == kind}
        reached: set[str] = set()
        seen = {f"{kind.folder}/index.md"}
        todo = [f"{kind.folder}/index.md"]
        while todo:  # follow links from the first page through its parts
            src = todo.pop()
            targets = links(src, pages[src])
            listed = targets & records
            assert len(listed) <= cap, (src, len(listed))
            reached |= listed
            for target in sorted(targets & pages.keys() - seen):
                seen.add(target)
                todo.append(target)
        assert reached == records, kind.name
        assert seen == pages.keys(), kind.name  # every part is linked from the first page
        if len(records) > cap:
            assert len(pages) > 1
            first = pages[f"{kind.folder}/index.md"]
            assert not links(f"{kind.folder}/index.md", first) & records
            # The first page gives each part's count, and the counts add up.
            counts = [int(n) for n in re.findall(r"\.md\) \((\d+)\)", first)]
            assert sum(counts) == len(records), kind.name


def test_splits_follow_the_kinds_grouping(index: LinkIndex) -> None:
    events = split(index, index.registry.kinds["event"], index.all("event"), 300)
    assert [p.slug for p in events] == ["2023", "2024"]
    assert [p.label for p in events] == ["2023", "2024"]
    entities = split(index, index.registry.kinds["entity"], index.all("entity"), 40)
    assert entities[0].slug.startswith("person")
    assert all(len(p.records) <= 40 for p in entities)
    statements = split(index, index.registry.kinds["statement"], index.all("statement"), 300)
    # Neighbouring initials share a page while they fit: "A–H", "I–V".
    assert 1 < len(statements) <= 3
    assert all(re.fullmatch(r"[a-z0-9~-]+", p.slug) for p in statements)
    assert all("–" in p.label for p in statements)


def test_small_dossiers_keep_one_index_page(make_content: Callable[..., Path]) -> None:
    content = make_content()
    checked = check_content(content, content.parent)
    assert checked.index is not None
    renderer = SiteRenderer(checked.index)
    assert all(spec.part is None for spec in renderer.index_specs())
    page = renderer.render(renderer.index_specs()[0]).markdown
    assert "split into parts" not in page


def test_initials() -> None:
    assert initial("Émile") == ("e", "E")
    assert initial("3M") == ("0-9", "0–9")
    assert initial("走鹃物流") == ("other", "Other")


def test_the_split_site_builds_and_links_every_record(large: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=large,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    site = large / "site"
    parts = sorted(site.glob("*/parts/*/index.html"))
    assert parts, "a 1,500-record dossier splits some index"
    href = re.compile(r'href="([^"#?]+)"')
    reached: set[Path] = set()
    folders = ("entities", "events", "statements", "sources")
    for page in [*(site / f / "index.html" for f in folders), *parts]:
        for target in href.findall(page.read_text(encoding="utf-8")):
            reached.add((page.parent / target).resolve())
    for folder in folders:
        for record in (large / "content" / folder).glob("*.yml"):
            assert (site / folder / record.stem).resolve() in reached, record.name
