"""scaffold: ``dossier new`` skeletons fail validation until every value is replaced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_dossier.cli import main
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.scaffold import KINDS, ScaffoldError, new_record, resolve_kind


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_placeholder_fails_validation(tmp_path: Path, kind: str) -> None:
    content = tmp_path / "content"
    path = new_record(content, kind, "ed-bastian")
    spec = resolve_kind(kind)
    text = path.read_text()
    checked = check_content(content, tmp_path)
    flagged = {p.line for p in checked.problems if p.is_error}
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if line and not line.startswith("#"):
            assert number in flagged, f"{line!r} passes validation"
    # Nothing is derived from the id: "ed-bastian" is not "Ed bastian".
    assert "bastian" not in text.lower().replace("(ed-bastian)", "")
    assert "CHOOSE-ONE" in text or not any(f.choices for f in spec.fields if f.required)


@pytest.mark.parametrize("kind", list(KINDS))
def test_uncommented_optional_fields_fail_too(tmp_path: Path, kind: str) -> None:
    content = tmp_path / "content"
    path = new_record(content, kind, "fresh")
    text = path.read_text()
    optional = text.split("# Optional fields:\n")[1]
    lines = [line.removeprefix("# ") for line in optional.splitlines()]
    # Empty lists are no claim; every other placeholder must be replaced.
    values = [line for line in lines if not re.match(r"^\w+: \[\]  #", line)]
    path.write_text(text.split("# Optional fields:\n")[0] + "\n".join(values) + "\n")
    checked = check_content(content, tmp_path)
    flagged = {p.line for p in checked.problems if p.is_error}
    start = len(text.split("# Optional fields:\n")[0].splitlines())
    for offset, line in enumerate(values, start + 1):
        assert offset in flagged, f"{line!r} passes validation"


def test_vocabulary_placeholder_error_lists_the_allowed_values(tmp_path: Path) -> None:
    content = tmp_path / "content"
    new_record(content, "event", "launch")
    messages = [p.message for p in check_content(content, tmp_path).problems]
    assert any(
        'status "CHOOSE-ONE" is not allowed; use one of "confirmed", "reported"' in m
        for m in messages
    ), messages
    text = (content / "events/launch.yml").read_text()
    assert "date: YYYY-MM-DD  #" in text
    assert "one of: confirmed, reported, alleged, disputed, refuted" in text


@pytest.mark.parametrize("bad", ["acme\n", "acme\r", " acme", "ac/me", "../acme", "Acme", "a--b"])
def test_bad_ids_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ScaffoldError, match="not a valid id"):
        new_record(tmp_path / "content", "entity", bad)
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").rglob("*.yml"))


def test_existing_paths_and_escapes_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    (content / "entities").mkdir(parents=True)
    (content / "entities" / "ghost.yml").symlink_to(tmp_path / "nowhere.yml")
    with pytest.raises(ScaffoldError, match=r"is taken by|already exists"):
        new_record(content, "entity", "ghost")
    outside = tmp_path / "outside"
    outside.mkdir()
    (content / "events").symlink_to(outside)
    with pytest.raises(ScaffoldError, match="leads outside the content folder"):
        new_record(content, "event", "escape")
    assert not list(outside.iterdir())
    (content / "sources").write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "source", "report"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dossier new: error: content/sources cannot be created"), err
    assert err.count("\n") == 1
