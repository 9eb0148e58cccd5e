"""``dossier render``: the plugin's generated files, written into the docs folder."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown import Markdown

from mkdocs_dossier import markdown_ext
from mkdocs_dossier.cli import main
from mkdocs_dossier.plugin import setup
from mkdocs_dossier.render.dialect import MaterialDialect
from mkdocs_dossier.render_files import MANIFEST


def render(project: Path, *args: str) -> int:
    cwd = Path.cwd()
    os.chdir(project)
    try:
        return main(["render", *args])
    finally:
        os.chdir(cwd)


def plugin_files(project: Path) -> dict[str, bytes]:
    """What the plugin hands MkDocs for ``project``: generated files by path."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    try:
        return {f.src_uri: f.content_bytes for f in files if f.generated_by}
    finally:
        config.plugins.on_shutdown()


def written(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def test_render_writes_what_the_plugin_serves(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plugin stages data files in a temporary folder: keep it to this test.
    staging = tmp_path / "staging"
    staging.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(staging))
    # The plugin hands Python-Markdown inline HTML and links already stashed
    # (tests/test_plugin.py shows the pages are the same); here, as written.
    monkeypatch.setattr(setup, "StashingDialect", MaterialDialect)
    project = make_site()
    (project / "docs" / "index.md").unlink()
    plugin_files(project)  # MkDocs keeps the plugin: a second build stages anew
    served = plugin_files(project)
    assert render(project) == 0
    files = written(project / "docs")
    assert set(files) == set(served)
    assert "index.md" in files  # the home page, as the docs folder has none
    for name, data in served.items():
        assert files[name] == data, name
    assert {"entities/acme.md", "feed.xml", "data/dossier.db", "schema/entity.json"} <= set(files)


def test_second_run_keeps_unchanged_files_and_removes_stale_ones(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_site()
    docs = project / "docs"
    assert render(project) == 0
    page = docs / "schema" / "entity.json"
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    (project / "content" / "statements" / "acme-no-comment.yml").unlink()
    capsys.readouterr()
    assert render(project) == 0
    out = capsys.readouterr().out
    assert "removed docs/statements/acme-no-comment.md (no longer generated)" in out
    assert not (docs / "statements" / "acme-no-comment.md").exists()
    assert page.stat().st_mtime_ns == 1_000_000_000
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    assert "statements/acme-no-comment.md" not in manifest["files"]
    assert (docs / "index.md").read_text(encoding="utf-8").startswith("# Home")  # hand-written


def test_refuses_to_overwrite_a_hand_written_page(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_site(pages={"entities/acme.md": "# My own Acme page\n"})
    assert render(project) == 2
    err = capsys.readouterr().err
    assert (
        "docs/entities/acme.md: is a hand-written file in the way of the generated page "
        "entities/acme.md"
    ) in err
    assert "Traceback" not in err
    assert not (project / "docs" / "events").exists()
    assert not (project / "docs" / MANIFEST).exists()
    assert (project / "docs" / "entities" / "acme.md").read_text() == "# My own Acme page\n"


def test_bad_content_is_reported_and_nothing_written(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_site({"events/acme-launch.yml": "title: x\ndate: 2024\nstatus: alledged\n"})
    assert render(project, "--out", "out") == 1
    err = capsys.readouterr().err
    assert "content/events/acme-launch.yml:3:9:" in err
    assert "nothing was written" in err
    assert not (project / "out").exists()


def test_refuses_an_output_inside_the_content_folder(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_site()
    assert render(project, "--out", "content/pages") == 2
    assert "inside the content folder" in capsys.readouterr().err


def test_a_manifest_cannot_make_render_delete_outside_the_folder(
    make_site: Callable[..., Path],
) -> None:
    project = make_site()
    victim = project / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    docs = project / "docs"
    docs.joinpath(MANIFEST).write_text(
        json.dumps({"version": 1, "files": {"../victim.txt": "0", str(victim): "0"}}),
        encoding="utf-8",
    )
    assert render(project) == 0
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_plugin_builds_a_site_whose_docs_folder_holds_rendered_files(
    make_site: Callable[..., Path],
) -> None:
    from tests.conftest import build_site

    project = make_site()
    assert render(project) == 0
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    assert "replaced by the generated page" not in result.stderr


def test_markdown_extension_resolves_pages_as_the_plugin_does(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site()
    monkeypatch.chdir(project)
    source = "See [[acme]] and [[jane-doe|its chief]].\n\n<!-- dossier:at-a-glance -->\n"
    loaded = markdown_ext.load("content")
    assert loaded.build is not None
    expected, _ = loaded.build.process_page("index.md", source)
    md = Markdown(extensions=[markdown_ext.makeExtension(content_dir="content")])
    assert md.convert(source) == Markdown().convert(expected)
    assert 'href="entities/acme.md"' in md.convert("[[acme]]")
    assert markdown_ext.load("content") is loaded  # read once while nothing changes
