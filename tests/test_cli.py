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
