"""The SQLite export, as sqlite3 and Datasette read it, and the CSV cells."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from mkdocs_dossier.cli import main
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.export import csv_cell, csv_tables
from mkdocs_dossier.kinds import REGISTRY
from mkdocs_dossier.link import LinkIndex
from mkdocs_dossier.spec import FieldType
from mkdocs_dossier.sqlite import is_dossier_database, write_sqlite

from .conftest import ROOT

EXTRA = {
    "entities/acme.yml": """
        type: company
        name: Acme Corp
        aliases: [Acme, Roadrunner Widgetworks]
        summary: A maker of everything.
        country: US
        sources: [daily-report]
        tags: [industry]
    """,
    "events/acme-recall.yml": """
        title: Acme recalls the widget
        date: 2024-12/2025-01
        status: alleged
        summary: Reports say Acme recalled its widget.
        participants: [acme]
        related: [acme-launch]
        sources: [wire-copy]
    """,
}


def _index(make_content: Callable[..., Path], files: dict | None = None) -> LinkIndex:
    content = make_content({**EXTRA, **(files or {})})
    checked = check_content(content, content.parent)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    return checked.index


@pytest.fixture
def database(make_content: Callable[..., Path], tmp_path: Path) -> Path:
    return write_sqlite(_index(make_content), tmp_path / "out" / "dossier.db")


def test_tables_columns_and_keys_follow_the_field_specs(database: Path) -> None:
    db = sqlite_utils.Database(database)
    names = set(db.table_names())
    for spec in REGISTRY:
        table = db[spec.folder]
        assert table.pks == ["id"]
        columns = table.columns_dict
        assert {"id", "path", "page"} <= set(columns)
        for field in spec.all_fields:
            if field.type is FieldType.LIST:
                child = f"{spec.folder}_{field.name}"
                assert child in names, child
                assert db[child].pks[-1] == "position"
            elif field.type is FieldType.DATE:
                for column in (field.name, f"{field.name}_earliest", f"{field.name}_latest"):
                    assert columns[column] is str, column
            else:
                assert columns[field.name] is str, field.name
    assert db["events_participants"].columns_dict["position"] is int
    statements_fks = {(fk.column, fk.other_table) for fk in db["statements"].foreign_keys}
    assert {("speaker", "entities"), ("venue", "entities")} <= statements_fks
    about_fks = {(fk.column, fk.other_table) for fk in db["statements_about"].foreign_keys}
    assert about_fks == {("statement", "statements"), ("value", "records")}
    relation_sources = db["entities_relations_sources"].foreign_keys
    assert any(fk.other_table == "entities_relations" for fk in relation_sources)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_rows_dates_and_join_tables(database: Path) -> None:
    db = sqlite_utils.Database(database)
    launch = db["events"].get("acme-launch")
    assert launch["page"] == "events/acme-launch/"
    assert (launch["date"], launch["date_earliest"], launch["date_latest"]) == (
        "2024-23",
        "2024-09-01",
        "2024-11-30",
    )
    recall = db["events"].get("acme-recall")
    assert (recall["date_earliest"], recall["date_latest"]) == ("2024-12-01", "2025-01-31")
    ordered = [r["id"] for r in db.query("SELECT id FROM events ORDER BY date_earliest")]
    assert ordered == ["acme-launch", "acme-recall"]
    assert list(
        db.query("SELECT entity, role FROM events_participants ORDER BY event, position")
    ) == [
        {"entity": "acme", "role": None},
        {"entity": "jane-doe", "role": "presenter"},
        {"entity": "acme", "role": None},
    ]
    assert list(db["entities_relations"].rows) == [
        {
            "entity": "jane-doe",
            "position": 0,
            "other": "acme",
            "relation": "leads",
            "start": "2019",
            "start_earliest": "2019-01-01",
            "start_latest": "2019-12-31",
            "end": None,
            "end_earliest": None,
            "end_latest": None,
        }
    ]
    assert [r["value"] for r in db["entities_aliases"].rows] == ["Acme", "Roadrunner Widgetworks"]
    assert db["entities"].get("acme")["aliases"] == "Acme; Roadrunner Widgetworks"
    assert [r["value"] for r in db["sources_authors"].rows] == ["A. Writer"]
    assert [(r["source"], r["value"]) for r in db["sources_based_on"].rows] == [
        ("wire-copy", "daily-report")
    ]
    assert [(r["statement"], r["value"]) for r in db["statements_responds_to"].rows] == [
        ("acme-no-comment", "jane-praises")
    ]
    assert [(r["statement"], r["value"]) for r in db["statements_about"].rows] == [
        ("jane-praises", "acme-launch")
    ]
    assert [(r["event"], r["value"]) for r in db["events_related"].rows] == [
        ("acme-recall", "acme-launch")
    ]
    assert [r["value"] for r in db["events_tags"].rows] == ["industry", "launches"]
    citations = {(r["record"], r["via"], r["source"], r["locator"]) for r in db["citations"].rows}
    assert ("jane-doe", "entities_relations_sources", "daily-report", None) in citations
    assert ("acme-launch", "events_sources", "daily-report", "para. 2") in citations
    assert len(citations) == 6
    assert db.execute("PRAGMA application_id").fetchone()[0] != 0


def test_full_text_search_covers_aliases_titles_and_quotes(database: Path) -> None:
    db = sqlite_utils.Database(database)
    assert [r["id"] for r in db["entities"].search("Roadrunner")] == ["acme"]
    assert [r["id"] for r in db["events"].search("recalls")] == ["acme-recall"]
    assert [r["id"] for r in db["statements"].search("best widget")] == ["jane-praises"]
    assert [r["event"] for r in db["events_sources"].search("launched")] == ["acme-launch"]


def test_same_input_gives_the_same_file(make_content: Callable[..., Path], tmp_path: Path) -> None:
    index = _index(make_content)
    first = write_sqlite(index, tmp_path / "a.db").read_bytes()
    second = write_sqlite(index, tmp_path / "b.db").read_bytes()
    assert first == second


def test_export_refuses_unsafe_paths(
    make_content: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = make_content(EXTRA)
    monkeypatch.chdir(content.parent)
    (tmp_path / "notes.txt").write_text("keep me\n")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    foreign_bytes = foreign.read_bytes()
    for target in (
        "out",
        "content/data.db",
        "content/entities/x.db",
        "notes.txt",
        "foreign.db",
        "notes.txt/x.db",
    ):
        if target == "out":
            (tmp_path / "out").mkdir()
        capsys.readouterr()
        assert main(["export", "content", "--sqlite", target]) == 2, target
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("dossier export: error: "), err
    assert (tmp_path / "notes.txt").read_text() == "keep me\n"
    assert foreign.read_bytes() == foreign_bytes
    assert not list(content.rglob("*.db"))
    # A database written by an earlier export is replaced.
    assert main(["export", "content", "--sqlite", "site/dossier.db"]) == 0
    assert main(["export", "content", "--sqlite", "site/dossier.db"]) == 0
    assert is_dossier_database(tmp_path / "site/dossier.db")
    assert not (tmp_path / "data").exists()  # --sqlite alone writes only the database
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["dossier.db"]


# -- Datasette -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(base: str, path: str, **query: str) -> object:
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    with _OPENER.open(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def datasette(database: Path) -> Iterator[str]:
    executable = shutil.which("datasette", path=str(Path(sys.executable).parent))
    command = [executable] if executable else [sys.executable, "-m", "datasette"]
    port = _free_port()
    server = subprocess.Popen(
        [*command, "serve", str(database), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        for _ in range(300):
            if server.poll() is not None:
                pytest.fail(f"datasette exited: {server.stdout.read() if server.stdout else ''}")
            try:
                _get(base, "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail("datasette did not answer within 60 s")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def test_datasette_serves_facets_search_and_joins(datasette: str) -> None:
    facets = _get(datasette, "/dossier/events.json", _facet="status")
    status = facets["facet_results"]["status"]  # type: ignore[index]
    assert {(r["value"], r["count"]) for r in status["results"]} == {
        ("confirmed", 1),
        ("alleged", 1),
    }
    found = _get(datasette, "/dossier/entities.json", _search="Roadrunner", _shape="array")
    assert [row["id"] for row in found] == ["acme"]  # type: ignore[union-attr]
    sql = (
        "SELECT statements.id, entities.name AS speaker FROM statements "
        "JOIN entities ON entities.id = statements.speaker ORDER BY statements.id"
    )
    joined = _get(datasette, "/dossier.json", sql=sql, _shape="array")
    assert joined == [
        {"id": "acme-no-comment", "speaker": "Acme Corp"},
        {"id": "jane-praises", "speaker": "Jane Doe"},
    ]


# -- CSV -------------------------------------------------------------------------


def test_csv_cells_hold_plain_values_not_json(make_content: Callable[..., Path]) -> None:
    tables = csv_tables(_index(make_content))
    assert {"entities", "events", "statements", "sources", "events_participants"} <= set(tables)
    for name, text in tables.items():
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                try:
                    value = json.loads(cell)
                except ValueError:
                    continue
                assert not isinstance(value, list | dict), f"{name}: {cell!r} is JSON"


def test_csv_neutralises_formulas(make_content: Callable[..., Path]) -> None:
    hostile = {
        "entities/acme.yml": """
            type: company
            name: "=HYPERLINK(\\"https://evil.example/\\", \\"Acme\\")"
            aliases: ["+1 Widgets", "-2 Widgets", "@SUM(A1:A9)", "plain = fine"]
            summary: "-1+2"
        """,
    }
    tables = csv_tables(_index(make_content, hostile))
    acme = next(csv.DictReader(io.StringIO(tables["entities"])))
    assert acme["name"] == '\'=HYPERLINK("https://evil.example/", "Acme")'
    assert acme["summary"] == "'-1+2"
    aliases = [r["value"] for r in csv.DictReader(io.StringIO(tables["entities_aliases"]))]
    assert aliases == ["'+1 Widgets", "'-2 Widgets", "'@SUM(A1:A9)", "plain = fine"]
    assert acme["aliases"] == "'+1 Widgets; -2 Widgets; @SUM(A1:A9); plain = fine"
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}1") == f"'{start}1"
    assert csv_cell("2024-23") == "2024-23"
    assert csv_cell(None) == ""
    assert csv_cell(3) == "3"


def test_data_page_and_readme_document_the_database_and_csv_cells() -> None:
    page = (ROOT / "dossier/data.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in (page, readme):
        assert "dossier.db" in text
        assert "datasette" in text.lower()
        assert "formula" in text
