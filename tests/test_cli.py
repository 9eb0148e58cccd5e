"""cli: ``dossier validate`` output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.cli import main


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_dossier.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_clean_content_exits_zero(make_content: Callable[..., Path]) -> None:
    content = make_content()
    result = run(["validate", "content"], content.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "7 record files, 0 error(s), 0 warning(s)" in result.stderr


def test_errors_exit_one_with_sorted_text_lines(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {
            "events/b.yml": "title: B\ndate: 2025\nstatus: alledged\nsummary: s\nsources: [x]\n",
            "entities/a.yml": "type: person\nname: A\nsumary: s\n",
        }
    )
    result = run(["validate"], content.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == sorted(lines)
    assert lines[0].startswith("content/entities/a.yml:1:1: error: missing required field")
    assert (
        'content/entities/a.yml:3:1: error: unknown field "sumary" for an entity '
        '(did you mean "summary"?)' in result.stdout
    )
    assert 'content/events/b.yml:3:9: error: status "alledged" is not allowed' in result.stdout


def test_github_format(make_content: Callable[..., Path]) -> None:
    content = make_content({"entities/a.yml": "type: persn\nname: A\nsummary: s\n"})
    result = run(["validate", "content", "--format", "github"], content.parent)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=content/entities/a.yml,line=1,col=7,title=dossier vocabulary::"
        'type "persn" is not allowed'
    )


def test_json_format(make_content: Callable[..., Path]) -> None:
    content = make_content({"entities/a.yml": "type: persn\nname: A\nsummary: s\n"})
    result = run(["validate", "content", "--format", "json"], content.parent)
    problems = json.loads(result.stdout)
    assert problems[0]["path"] == "content/entities/a.yml"
    assert (problems[0]["line"], problems[0]["column"]) == (1, 7)
    assert problems[0]["severity"] == "error"


def test_warnings_fail_only_when_strict(make_content: Callable[..., Path]) -> None:
    content = make_content({"sources/orphan.yml": "title: O\ntype: news\npublished: '2025'\n"})
    assert run(["validate", "content"], content.parent).returncode == 0
    strict = run(["validate", "content", "--strict"], content.parent)
    assert strict.returncode == 1
    assert "warning: source is not cited by any record" in strict.stdout


def test_usage_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--format", "xml"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2


# -- one configuration: the plugin's options in the nearest mkdocs.yml ---------

SITE_MKDOCS = """\
site_name: "Airline site: test"
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
  - dossier:
      content_dir: records
      entity_types: [airline]
"""
AIRLINE = "type: airline\nname: Delta Air Lines\nsummary: A US airline.\n"


@pytest.fixture
def airline_site(tmp_path: Path, make_content: Callable[..., Path]) -> Path:
    content = make_content({"entities/delta.yml": AIRLINE})
    content.rename(tmp_path / "records")
    (tmp_path / "mkdocs.yml").write_text(SITE_MKDOCS, encoding="utf-8")
    return tmp_path


def test_validate_reads_content_dir_and_entity_types_from_mkdocs_yml(airline_site: Path) -> None:
    result = run(["validate", "--strict"], airline_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 record files, 0 error(s)" in result.stderr
    # From inside the content folder, the project is found above it.
    inside = run(["validate", "--format", "github"], airline_site / "records" / "entities")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert "8 record files" in inside.stderr


def test_validate_with_a_config_file_elsewhere(
    airline_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = tmp_path_factory.mktemp("elsewhere")
    assert run(["validate", str(airline_site / "records")], other).returncode == 1
    given = run(["validate", "-f", str(airline_site / "mkdocs.yml")], other)
    assert given.returncode == 0, given.stdout + given.stderr


def test_export_and_schema_honour_entity_types(airline_site: Path) -> None:
    result = run(["export"], airline_site / "records")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((airline_site / "data/dossier.json").read_text())
    assert any(row["id"] == "delta" for row in data["entities"])
    assert run(["schema"], airline_site / "records").returncode == 0
    schema = json.loads((airline_site / "schema/entity.json").read_text())
    assert schema["properties"]["type"]["enum"][-1] == "airline"
    import jsonschema

    jsonschema.validate({"type": "airline", "name": "D", "summary": "s"}, schema)


def test_new_lists_site_types_and_writes_into_the_configured_folder(airline_site: Path) -> None:
    result = run(["new", "entity", "united"], airline_site / "records" / "events")
    assert result.returncode == 0, result.stderr
    path = airline_site / "records/entities/united.yml"
    assert result.stdout.strip() == "../entities/united.yml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/entity.json\n")
    assert "one of: person, organization, company, government, media, product, place, airline" in (
        text
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("site_name: [unclosed\n", "mkdocs.yml:2:1: expected ',' or ']'"),
        ("- just\n- a list\n", "mkdocs.yml: expected a mapping of settings, not a list"),
        ("plugins: search\n", "mkdocs.yml: plugins must be a list, not 'search'"),
        (
            "plugins:\n  - dossier:\n      entity_types: airline\n",
            "mkdocs.yml: dossier option entity_types: expected a list of names, e.g. [vessel], "
            "not 'airline'",
        ),
        (
            "plugins:\n  - dossier:\n      content_dir: [a]\n",
            "dossier option content_dir: expected a folder name, not a list",
        ),
        ("plugins:\n  - dossier: yes\n", "the dossier plugin's options must be a mapping"),
        ("plugins:\n  - dossier:\n      jobs: -1\n", "dossier option jobs: expected 0"),
        ("INHERIT: base.yml\n", "mkdocs.yml: INHERIT names base.yml, which does not exist"),
    ],
)
def test_a_malformed_mkdocs_yml_is_one_line_and_exit_two(
    tmp_path: Path, config: str, message: str
) -> None:
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "content").mkdir()
    for command in (["validate"], ["export"], ["schema"], ["new", "entity", "x"]):
        result = run(command, tmp_path)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
        assert message in result.stderr, result.stderr
        assert result.stderr.startswith(f"dossier {command[0]}: error: ")


def test_config_tags_are_kept_inert_and_inherit_is_merged(tmp_path: Path) -> None:
    from mkdocs_dossier.project import Tagged, load_project, read_config

    (tmp_path / "base.yml").write_text(
        "plugins:\n  - dossier:\n      entity_types: [vessel]\nsite_url: !ENV SITE_URL\n"
        "x: !!python/object/apply:os.system [echo unsafe]\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: S\n", encoding="utf-8")
    config = read_config(tmp_path / "mkdocs.yml")
    assert config["site_url"] == Tagged("!ENV", "SITE_URL")
    assert isinstance(config["x"], Tagged)
    project = load_project(start=tmp_path)
    assert project.entity_types == ("vessel",)
    assert project.content_dir == tmp_path.resolve() / "content"
    assert project.site_name == "S"


def test_output_path_problems_are_one_line_errors(airline_site: Path) -> None:
    (airline_site / "taken").write_text("x", encoding="utf-8")
    locked = airline_site / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    cases = [
        (["schema", "taken"], "taken: exists and is not a folder"),
        (["export", "--out", "taken"], "taken: exists and is not a folder"),
        (["schema", "records/schema"], "records/schema: is inside the content folder records/"),
        (["export", "--out", "records"], "records: is inside the content folder records/"),
        (["schema", "taken/sub"], "taken/sub: cannot create the folder"),
    ]
    import os

    if os.geteuid() != 0:
        cases.append((["schema", "locked/sub"], "locked/sub: cannot create the folder"))
    (airline_site / "schema").mkdir()
    (airline_site / "schema" / "entity.json").mkdir()
    cases.append((["schema"], "schema/entity.json: exists and is not a regular file"))
    for args, message in cases:
        result = run(args, airline_site)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
        assert message in result.stderr, (args, result.stderr)
    assert not (airline_site / "records" / "schema").exists()
    locked.chmod(0o700)


def test_entity_types_with_a_label_and_an_icon(airline_site: Path) -> None:
    config = airline_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "entity_types: [airline]",
            "entity_types:\n        - {value: airline, label: Airline, icon: material/airplane}",
        ),
        encoding="utf-8",
    )
    assert run(["validate", "--strict"], airline_site).returncode == 0
    assert run(["schema"], airline_site).returncode == 0
    schema = json.loads((airline_site / "schema/entity.json").read_text())
    assert "airline" in schema["properties"]["type"]["enum"]
    config.write_text(
        text.replace(
            "entity_types: [airline]",
            "entity_types:\n        - {value: airline, icon: material/no-such-icon}",
        ),
        encoding="utf-8",
    )
    bad = run(["validate"], airline_site)
    assert bad.returncode == 2
    assert 'no icon named "material/no-such-icon"' in bad.stderr
    assert "Traceback" not in bad.stderr
