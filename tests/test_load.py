"""load: YAML files into positioned documents, or positioned problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_dossier.load import LoadResult, ParseCache, load_dossier
from mkdocs_dossier.problems import Position
from mkdocs_dossier.yamltree import LoadError, Mapping, Scalar, Sequence, parse_record_bytes

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
    assert (
        "content/.hidden",
        "hidden folder is ignored: the record files in it are not read; "
        "remove the leading dot to include them",
    ) in messages
    assert [d.id for d in result.documents] == ["ok"]
    assert result.documents[0].kind == "entity"
    assert len(result.problems) == 4


def _texts(result: LoadResult) -> list[str]:
    return sorted(p.format_text() for p in result.problems)


SYMLINK = (
    "error: symbolic link refused: records and their folders must be real files and "
    "folders under content/ (links are never followed)"
)


def test_symlinks_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("type: person\nname: Secret\nsummary: outside the repository\n")
    outside = write_tree(tmp_path / "elsewhere", {"x.yml": "type: person\n"})
    content = write_tree(tmp_path / "content", {"entities/ok.yml": "a: 1\n"})
    (content / "entities" / "stolen.yml").symlink_to(secret)
    (content / "entities" / "zero.yml").symlink_to("/dev/zero")
    (content / "entities" / "linked").symlink_to(outside, target_is_directory=True)
    (content / "events").symlink_to(outside, target_is_directory=True)
    result = load_dossier(content, tmp_path)
    assert _texts(result) == [
        f"content/entities/linked:1:1: {SYMLINK}",
        f"content/entities/stolen.yml:1:1: {SYMLINK}",
        f"content/entities/zero.yml:1:1: {SYMLINK}",
        f"content/events:1:1: {SYMLINK}",
    ]
    assert [d.id for d in result.documents] == ["ok"]
    assert all("Secret" not in d.text for d in result.documents)


def test_a_symlinked_content_folder_is_refused(tmp_path: Path) -> None:
    real = write_tree(tmp_path / "real", {"entities/ok.yml": "a: 1\n"})
    (tmp_path / "content").symlink_to(real, target_is_directory=True)
    result = load_dossier(tmp_path / "content", tmp_path)
    assert _texts(result) == [f"content:1:1: {SYMLINK}"]
    assert result.documents == []


def test_non_regular_files_are_refused_without_opening(tmp_path: Path) -> None:
    import os

    content = write_tree(tmp_path / "content", {"entities/ok.yml": "a: 1\n"})
    os.mkfifo(content / "entities" / "pipe.yml")  # opening it would block
    result = load_dossier(content, tmp_path)
    assert _texts(result) == [
        "content/entities/pipe.yml:1:1: error: not a regular file (a pipe, socket or "
        "device); records are plain files, and this one is not read"
    ]


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    content = write_tree(tmp_path / "content", {"entities/big.yml": b"a: " + b"x" * 300})
    result = load_dossier(content, tmp_path, max_bytes=100)
    assert _texts(result) == [
        "content/entities/big.yml:1:1: error: file is 303 bytes; a record may be at most 100 bytes"
    ]


def test_ignored_names_that_look_like_records_are_warnings(tmp_path: Path) -> None:
    content = write_tree(
        tmp_path / "content",
        {
            "entities/ok.yml": "a: 1\n",
            "entities/.draft.yml": "a: 1\n",
            "entities/.#ok.yml": "lock",
            "entities/ok.yml~": "a: 1\n",
            "entities/#ok.yml#": "a: 1\n",
            "entities/ok.yml.swp": "x",
            "entities/.gitkeep": "",
            "events/x.txt": "notes",
            "README.md": "about the records",
            ".DS_Store": "x",
        },
    )
    result = load_dossier(content, tmp_path)
    hidden = (
        "warning: hidden file is ignored although it looks like a record; remove the "
        "leading dot to include it"
    )
    backup = (
        "warning: editor backup or temporary file is ignored; records are named "
        "<id>.yml or <id>.yaml"
    )
    assert _texts(result) == [
        f"content/entities/#ok.yml#:1:1: {backup}",
        f"content/entities/.#ok.yml:1:1: {hidden}",
        f"content/entities/.draft.yml:1:1: {hidden}",
        f"content/entities/ok.yml.swp:1:1: {backup}",
        f"content/entities/ok.yml~:1:1: {backup}",
        "content/events/x.txt:1:1: warning: not a record file: records end in .yml or "
        ".yaml; this file is ignored",
    ]
    assert [d.id for d in result.documents] == ["ok"]


def _load_one(tmp_path: Path, body: bytes) -> list[str]:
    content = write_tree(tmp_path / "content", {"entities/x.yml": body})
    return _texts(load_dossier(content, tmp_path))


CHARACTER_CASES: list[tuple[bytes, str]] = [
    (b"a: 1\nname: x\x1by\n", "2:8: error: control character U+001B is not allowed"),
    (b"a: 1\nname: x\x7f\n", "2:8: error: control character U+007F is not allowed"),
    ("a: 1\n\nname: x\x9b\n".encode(), "3:8: error: control character U+009B is not allowed"),
    ("a: 1\nname: \x85\n".encode(), "2:7: error: control character U+0085 is not allowed"),
    ("a: 1\nname: x\ufdd0\n".encode(), "2:8: error: noncharacter U+FDD0 is not allowed"),
    ("a: 1\nname: x\U0010ffff\n".encode(), "2:8: error: noncharacter U+10FFFF is not allowed"),
    (
        "a: 1\nname: x\u202e\n".encode(),
        "2:8: error: bidirectional control U+202E (it reorders the text around it on "
        "screen) is not allowed",
    ),
    (
        b'a: 1\nname: "ok \\x1b"\n',
        '2:11: error: control character U+001B, written "\\x1b", is not allowed',
    ),
    (
        b'a: 1\nname: "ok\\tok \\f"\n',
        '2:15: error: control character U+000C, written "\\f", is not allowed',
    ),
    (
        b'a: 1\nname: "a\\\\x1b \\u202e"\n',
        "2:15: error: bidirectional control U+202E (it reorders the text around it on "
        'screen), written "\\u202e", is not allowed',
    ),
    (
        b'a: 1\n"k\\e": 1\n',
        '2:3: error: control character U+001B, written "\\e", is not allowed',
    ),
]


@pytest.mark.parametrize(("body", "expected"), CHARACTER_CASES)
def test_forbidden_characters_are_errors_at_their_position(
    tmp_path: Path, body: bytes, expected: str
) -> None:
    assert _load_one(tmp_path, body) == [
        f"content/entities/x.yml:{expected} in a record; delete it"
    ]


def test_line_separators_do_not_shift_positions() -> None:
    # An editor shows U+2028 and U+2029 inside line 1; libyaml counts them as breaks.
    with pytest.raises(LoadError) as caught:
        parse_record_bytes('a: "x\u2028y\u2029z"\nb: 1\nb: 2\n'.encode())
    assert caught.value.pos == Position(3, 1)
    assert caught.value.message.startswith('duplicate field "b" (first given at line 2)')
    root, _ = parse_record_bytes('a: "x\u2028y"\nb: 1\r\nc: 2\rd: 3\n'.encode())
    assert [e.key_pos.line for e in root.entries.values()] == [1, 2, 3, 4]


YAML_MISTAKES: list[tuple[bytes, str]] = [
    (
        b"type: person\nsummary: He said: no\n",
        '2:17: error: YAML syntax error: ": " inside a value starts a new field; quote the '
        'value: summary: "He said: no"',
    ),
    (
        b"type: person\nsummary: 'It's fine'\n",
        "2:13: error: YAML syntax error: an apostrophe ends a single-quoted value; write it "
        "twice (summary: 'It''s fine') or use double quotes: summary: \"It's fine\"",
    ),
    (
        b"type: person\ntags: [#litigation]\nname: x\n",
        '2:8: error: YAML syntax error: "#" starts a comment, so the rest of the line was '
        'not read; quote the value: tags: ["#litigation"]',
    ),
    (
        b"type: person\ntags: [courts, #litigation]\n",
        '2:16: error: YAML syntax error: "#" starts a comment, so the rest of the line was '
        'not read; quote the value: tags: [courts, "#litigation"]',
    ),
]


@pytest.mark.parametrize(("body", "expected"), YAML_MISTAKES)
def test_newcomer_yaml_mistakes_get_a_fix(tmp_path: Path, body: bytes, expected: str) -> None:
    assert _load_one(tmp_path, body) == [f"content/entities/x.yml:{expected}"]


def test_a_value_cut_short_by_a_comment_is_a_warning(tmp_path: Path) -> None:
    body = b"type: person\nsummary: We are #1 in sales\nname: Acme  # a real comment\n"
    assert _load_one(tmp_path, body) == [
        'content/entities/x.yml:2:17: warning: the value "We are" ends here: " #" starts a '
        'comment, so "#1 in sales" was not read; quote the whole value if it belongs to it, '
        "or put two spaces before a comment"
    ]


def test_a_watched_load_looks_again_only_at_the_files_that_changed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_tree(
        content,
        {
            "events/a.yml": "title: A\n",
            "events/b.yml": "title: B\n",
        },
    )
    cache = ParseCache()
    first = load_dossier(content, tmp_path, cache=cache)
    assert [d.id for d in first.documents] == ["a", "b"]
    # What nothing changed is the very same document.
    again = load_dossier(content, tmp_path, cache=cache, changed=frozenset())
    assert all(a is b for a, b in zip(again.documents, first.documents, strict=True))
    (content / "events/a.yml").write_text("title: A2\n", encoding="utf-8")
    (content / "events/b.yml").write_text("title: B2\n", encoding="utf-8")
    (content / "events/c.yml").write_text("title: [\n", encoding="utf-8")
    # The watcher saw only a.yml change: b.yml keeps its parse (it is not
    # looked at), c.yml is new to the cache and read.
    watched = load_dossier(content, tmp_path, cache=cache, changed=frozenset({"events/a.yml"}))
    titles = {d.id: d.root.entries["title"].value.value for d in watched.documents}
    assert titles == {"a": "A2", "b": "B"}
    assert [p.path for p in watched.problems] == ["content/events/c.yml"]
    assert [f[0] for f in watched.record_files] == ["a", "b", "c"]
    # Without the watcher's word every file is looked at.
    unwatched = load_dossier(content, tmp_path, cache=cache)
    assert {d.id: d.root.entries["title"].value.value for d in unwatched.documents} == {
        "a": "A2",
        "b": "B2",
    }
    # A deleted file is gone whatever the watcher said.
    (content / "events/b.yml").unlink()
    gone = load_dossier(content, tmp_path, cache=cache, changed=frozenset())
    assert [d.id for d in gone.documents] == ["a"]


def test_file_changes_are_known_only_from_the_first_take(tmp_path: Path) -> None:
    from mkdocs_dossier.load import FileChanges

    changes = FileChanges(str(tmp_path))
    changes.note(str(tmp_path / "events" / "a.yml"))
    assert changes.take() is None  # what changed before the watch is unknown
    changes.note(str(tmp_path / "events" / "a.yml"))
    assert changes.take() == {"events/a.yml"}
    assert changes.take() == frozenset()
    changes.note(str(tmp_path.parent / "elsewhere.yml"))
    assert changes.take() is None
    changes.lose()
    assert changes.take() is None
    assert changes.take() == frozenset()
