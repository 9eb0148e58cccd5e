"""Broken and unusual files: each gives its positioned error quickly and in
bounded memory; CRLF and non-ASCII text survive unchanged."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.export import dossier_data
from mkdocs_dossier.render import SiteRenderer
from mkdocs_dossier.render.markup import text

GOOD_ENTITY = b"type: company\nname: Acme\nsummary: s\n"

BROKEN: dict[str, tuple[bytes, int, int, str]] = {
    "truncated": (b"type: company\nname: 'Acme\nsummary", 3, 8, "YAML syntax error"),
    "truncated-flow": (b"type: company\naliases: [a, b", 3, 1, "YAML syntax error"),
    "mixed-tabs": (b"type: company\nname: Acme\n\tsummary: s\n", 3, 1, "not tabs"),
    "bom-utf16": ("type: company\n".encode("utf-16"), 1, 1, "UTF-16"),
    "latin1": (b"type: company\nname: Caf\xe9\nsummary: s\n", 2, 10, "invalid UTF-8"),
    "long-line": (
        b"type: company\nname: " + b"x" * 600_000 + b"\nsummary: s\nnope: 1\n",
        4,
        1,
        'unknown field "nope"',
    ),
    "too-big": (
        b"type: company\nname: " + b"x" * (1024 * 1024 + 10) + b"\n",
        1,
        1,
        "at most 1,048,576 bytes",
    ),
    # libyaml's own depth limit (1,000) may fire first while it scans ahead.
    "deep-nesting": (b"type: company\nname: " + b"[" * 5000 + b"]" * 5000 + b"\n", 2, 0, "nest"),
    "alias-bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(b"a%d: &a%d [%s]\n" % (i, i, b", ".join([b"*a"] * 10)) for i in range(1, 9)),
        3,
        34,
        "aliases",
    ),
    "ten-thousand-aliases": (
        b"type: company\nx: &x a\nname: [" + b", ".join([b"*x"] * 10_000) + b"]\n",
        3,
        72,
        "aliases",
    ),
    "python-tag": (b"type: !!python/object/apply:os.system ['echo pwned']\n", 1, 7, "YAML tag"),
    "null-byte": (b"type: company\nname: A\x00\n", 2, 8, "U+0000"),
    "two-documents": (b"type: company\n---\ntype: person\n", 2, 1, "more than one YAML document"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gives_its_line_quickly(make_content: Callable[..., Path], name: str) -> None:
    data, line, column, message = BROKEN[name]
    content = make_content({f"entities/{name}.yml": data})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    checked = check_content(content, content.parent)
    elapsed = time.monotonic() - started
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    mine = [p for p in checked.problems if p.path.endswith(f"/{name}.yml")]
    assert mine, [p.format_text() for p in checked.problems]
    assert any(message in p.message and p.line == line and column in (0, p.column) for p in mine), [
        p.format_text() for p in mine
    ]
    assert checked.index is None
    # Generous bounds: these guard against hangs and blow-ups, not speed.
    assert elapsed < 5, elapsed
    assert grown_kib < 200_000, grown_kib


def test_crlf_bom_and_non_ascii_survive_unchanged(make_content: Callable[..., Path]) -> None:
    quote = "Zoë said: “它很好” — naïve café"
    body = (
        "\ufeffspeaker: acme\r\ndate: 2024-10-02\r\ntype: comment\r\n"
        f'quote: "{quote}"\r\nsources: [daily-report]\r\n'
        "description: |\r\n  Line one.\r\n  Línea dos — ✓\r\n"
    )
    content = make_content({"statements/crlf.yml": body.encode("utf-8")})
    checked = check_content(content, content.parent)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    record = checked.index.records["crlf"]
    assert record.quote == quote  # type: ignore[union-attr]
    assert record.description == "Line one.\nLínea dos — ✓\n"
    exported = json.dumps(dossier_data(checked.index), ensure_ascii=False)
    assert quote in exported and "Línea dos — ✓" in exported
    page = SiteRenderer(checked.index).record_page(record).markdown  # type: ignore[arg-type]
    assert "Zoë said&#58; “它很好” — naïve café" in page
    assert "Línea dos — ✓" in page


def test_every_field_reaches_the_page_or_the_export(make_content: Callable[..., Path]) -> None:
    """Walk every field of every record: its value is on the record's page or
    in the export (nothing is silently dropped)."""
    import dataclasses

    from mkdocs_dossier.export import record_data

    checked = check_content(make_content(), None)
    assert checked.index is not None
    renderer = SiteRenderer(checked.index)
    for record in checked.index.records.values():
        page = renderer.record_page(record).markdown
        data = record_data(record)
        for field in dataclasses.fields(record):
            value = getattr(record, field.name)
            if value in (None, ()):
                continue
            assert field.name in data
            if field.name == "description":
                assert "presented it" in page, record.id
            elif isinstance(value, str) and field.name not in ("path", "id", "type", "kind"):
                assert str(text(value)) in page, (record.id, field.name)
