"""load: YAML files into positioned documents, or positioned problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_dossier.load import (
    LoadError,
    Mapping,
    Scalar,
    Sequence,
    load_dossier,
    parse_record_bytes,
)
from mkdocs_dossier.problems import Position

from .conftest import write_tree


def test_scalars_stay_text_exactly_as_written() -> None:
    root, _ = parse_record_bytes(
        b"a: NO\nb: yes\nc: on\nd: 010\ne: 1e3\nf: 2025-01-28\ng: 12:30\nh: ~\ni: 0x1F\nj: .inf\n"
    )
    values = {key: entry.value.value for key, entry in root.entries.items()}
    assert values == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": "010",
        "e": "1e3",
        "f": "2025-01-28",
        "g": "12:30",
        "h": "~",
        "i": "0x1F",
        "j": ".inf",
    }


def test_positions_of_keys_and_values_are_one_based() -> None:
    root, _ = parse_record_bytes(b"title: x\nlist:\n  - one\n  - {a: b}\n")
    assert root.entries["title"].key_pos == Position(1, 1)
    title = root.entries["title"].value
    assert isinstance(title, Scalar) and (title.pos.line, title.pos.column) == (1, 8)
    items = root.entries["list"].value
    assert isinstance(items, Sequence)
    assert (items.items[0].pos.line, items.items[0].pos.column) == (3, 5)
    assert isinstance(items.items[1], Mapping)
    assert (items.items[1].pos.line, items.items[1].pos.column) == (4, 5)


def test_bom_and_crlf_are_accepted_and_text_survives() -> None:
    root, _ = parse_record_bytes("\ufeffname: Zoë 北京\r\nb: 2\r\n".encode())
    assert root.entries["name"].value.value == "Zoë 北京"
    assert root.entries["b"].key_pos.line == 2


BAD_FILES: list[tuple[bytes, int, int, str]] = [
    (b"", 1, 1, "empty file"),
    (b"# just a comment\n\n", 1, 1, "empty file"),
    (b"- a\n- b\n", 1, 1, "not a list"),
    (b"just text\n", 1, 1, "not a single value"),
    (b"a: 1\nb: 2\na: 3\n", 3, 1, 'duplicate field "a" (first given at line 1)'),
    (b"a: !!python/object/apply:os.system [ls]\n", 1, 4, 'YAML tag "!!python/object/apply'),
    (b"a: !custom x\n", 1, 4, 'YAML tag "!custom"'),
    (b"? [a, b]\n: c\n", 1, 3, "field name must be plain text"),
    (b"a: \xc3\x28\n", 1, 4, "invalid UTF-8"),
    (b"\xff\xfea\x00:\x00", 1, 1, "UTF-16"),
    (b"a:\n\t- b\n", 2, 1, "indent with spaces, not tabs"),
    (b"a: 'unterminated\n", 2, 1, "while scanning a quoted scalar at line 1"),
    (b"a: [1, 2\n", 2, 1, "YAML syntax error"),
    (b"a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
    (b"a: &x [*x]\n", 1, 8, "not complete here"),
    (b"a: *nothing\n", 1, 4, "not complete here"),
    (b"a: b\x00c\n", 1, 5, "U+0000"),
    (b"a: " + b"[" * 40 + b"]" * 40 + b"\n", 1, 35, "nested more than 32 levels"),
]


@pytest.mark.parametrize(("data", "line", "column", "message"), BAD_FILES)
def test_bad_files_give_positioned_errors(
    data: bytes, line: int, column: int, message: str
) -> None:
    with pytest.raises(LoadError) as caught:
        parse_record_bytes(data)
    assert message in caught.value.message
    assert (caught.value.pos.line, caught.value.pos.column) == (line, column)


def test_alias_bomb_is_stopped_quickly() -> None:
    levels = [b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10).encode()
        levels.append(b"a%d: &a%d [%s]" % (level, level, refs))
    with pytest.raises(LoadError) as caught:
        parse_record_bytes(b"\n".join(levels) + b"\n")
    assert caught.value.code in {"alias", "too-large"}


def test_ten_thousand_aliases_are_refused() -> None:
    data = b"a: &a x\nb: [" + b", ".join([b"*a"] * 10_000) + b"]\n"
    with pytest.raises(LoadError) as caught:
        parse_record_bytes(data)
    assert "aliases" in caught.value.message


def test_a_few_aliases_are_allowed() -> None:
    root, _ = parse_record_bytes(b"a: &src [one, two]\nb: *src\n")
    assert root.entries["b"].value == root.entries["a"].value


def test_file_size_limit() -> None:
    with pytest.raises(LoadError, match="at most 100 bytes"):
        parse_record_bytes(b"a: " + b"x" * 200, max_bytes=100)


def test_load_tree_reports_misplaced_and_non_yaml_files(tmp_path: Path) -> None:
    content = write_tree(
        tmp_path / "content",
        {
            "entity/x.yml": "a: 1\n",
            "stray.yaml": "a: 1\n",
            "events/notes.txt": "hello",
            "README.md": "# ignored: not in a kind folder and not YAML",
            "entities/deep/er/ok.yml": "a: 1\n",
            ".hidden/skip.yml": ": broken",
        },
    )
    result = load_dossier(content, tmp_path)
    messages = {(p.path, p.message) for p in result.problems}
    assert (
        "content/entity/x.yml",
        '"entity/" is not a kind folder; records live in entities/, events/, statements/, '
        'sources/, questions/ (did you mean "entities"?)',
    ) in messages
    assert any(
        path == "content/stray.yaml" and "not inside a kind folder" in message
        for path, message in messages
    )
    assert any(path == "content/events/notes.txt" for path, _ in messages)
    assert [d.id for d in result.documents] == ["ok"]
    assert result.documents[0].kind == "entity"
    assert len(result.problems) == 3
