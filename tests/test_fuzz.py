"""Property tests: arbitrary bytes and arbitrary YAML give records or
positioned problems, never an exception."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.yamltree import LoadError, parse_record_bytes

EXAMPLES = int(os.environ.get("DOSSIER_FUZZ_EXAMPLES", "150"))
FIELD_NAMES = [
    "type",
    "name",
    "summary",
    "title",
    "date",
    "status",
    "speaker",
    "quote",
    "sources",
    "participants",
    "relations",
    "about",
    "responds_to",
    "based_on",
    "published",
    "url",
    "country",
    "language",
    "tags",
    "description",
    "aliases",
]

scalars = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025",
            "2024-23",
            "2025-02-30",
            "acme",
            "[[acme]]",
            "https://x.example",
            "javascript:alert(1)",
            "person",
            "allegation",
            "",
            "NO",
            "010",
            "~",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from([*FIELD_NAMES, "entity", "source", "role"]), children, max_size=4
        ),
    ),
    max_leaves=12,
)
documents = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_parse_or_fail_with_a_position(data: bytes) -> None:
    try:
        root, _ = parse_record_bytes(data)
    except LoadError as error:
        assert error.pos.line >= 1 and error.pos.column >= 1
        assert error.message
    else:
        assert root.entries is not None


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(["entities", "events", "statements", "sources"]), documents)
def test_arbitrary_documents_validate_or_fail_with_positions(kind: str, document: dict) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "content", kind)
        folder.mkdir(parents=True)
        (folder / "thing.yml").write_text(text, encoding="utf-8")
        (Path(tmp, "content", "entities")).mkdir(exist_ok=True)
        (Path(tmp, "content", "entities", "acme.yml")).write_text(
            "type: company\nname: Acme\nsummary: s\n", encoding="utf-8"
        )
        checked = check_content(Path(tmp, "content"), tmp)
    for problem in checked.problems:
        assert problem.path.startswith("content/")
        assert problem.line >= 1 and problem.column >= 1
    assert (checked.index is None) == any(p.is_error for p in checked.problems)


FORBIDDEN_CODES = st.one_of(
    st.sampled_from([*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]),
    st.sampled_from([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]),
    st.integers(0xFDD0, 0xFDEF),
    st.sampled_from([plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF)]),
)


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    code=FORBIDDEN_CODES,
    escaped=st.booleans(),
    before=st.integers(0, 4),
    prefix=st.text("abé北", max_size=6),
    separators=st.booleans(),
    field=st.sampled_from(["name", "summary", "description", "quote"]),
)
def test_every_forbidden_character_is_reported_at_its_line_and_column(
    code: int, escaped: bool, before: int, prefix: str, separators: bool, field: str
) -> None:
    # Lines before it, some holding U+2028/U+2029, which must not count as breaks.
    filler = "".join(
        f'f{i}: "a\u2028b\u2029c"\n' if separators else f"f{i}: x\r\n" for i in range(before)
    )
    if escaped:
        line = f'{field}: "{prefix}{_escape(code)}"\n'
        column = len(field) + 4 + len(prefix)
    else:
        line = f"{field}: {prefix}{chr(code)}\n"
        column = len(field) + 3 + len(prefix)
    try:
        parse_record_bytes((filler + line).encode("utf-8", "surrogatepass"))
    except LoadError as error:
        assert (error.pos.line, error.pos.column) == (before + 1, column), error.message
        assert f"U+{code:04X}" in error.message
        assert "is not allowed in a record" in error.message
    else:
        raise AssertionError("accepted a forbidden character")
