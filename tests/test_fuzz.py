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
from mkdocs_dossier.load import LoadError, parse_record_bytes

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
