"""Untrusted input stays bounded: ids, single-line text, dates the site can
render, safe reports, link walks without recursion, unforgeable link markers
and a Git history that never raises."""

from __future__ import annotations

import datetime
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.edtf import parse_edtf
from mkdocs_dossier.engine import check_content
from mkdocs_dossier.history import _dates, last_updated
from mkdocs_dossier.kinds.entity import Entity
from mkdocs_dossier.kinds.source import Source
from mkdocs_dossier.kinds.statement import Statement
from mkdocs_dossier.link import MAX_THREAD_DEPTH, LinkIndex, Thread, _chains
from mkdocs_dossier.problems import Problem, did_you_mean, format_problems
from mkdocs_dossier.records import Citation
from mkdocs_dossier.render import SiteRenderer
from mkdocs_dossier.render.markup import MarkdownRenderer


def _errors(content: Path) -> list[str]:
    checked = check_content(content, content.parent)
    return [p.format_text() for p in checked.problems if p.is_error]


# -- ids and single-line fields ------------------------------------------------


def test_an_id_with_a_trailing_newline_is_refused(make_content: Callable[..., Path]) -> None:
    statement = (
        'speaker: "acme\\n"\ndate: 2024-10-02\ntype: comment\nquote: q\nsources: [daily-report]\n'
    )
    content = make_content({"statements/newline-id.yml": statement})
    (content / "entities" / "acme.yml").rename(content / "entities" / "acme\n.yml")
    errors = _errors(content)
    assert (
        'content/entities/acme\\n.yml:1:1: error: file name "acme\\n" is not a valid id: use '
        'lowercase letters, digits and single hyphens; rename the file to "acme.yml"'
    ) in errors
    assert (
        'content/statements/newline-id.yml:1:10: error: speaker "acme\\n" is not a record id: '
        'ids are lowercase letters, digits and single hyphens, like "acme"'
    ) in errors


def test_a_carriage_return_in_a_single_line_field_is_an_error(
    make_content: Callable[..., Path],
) -> None:
    entity = 'type: company\nname: "Acme\\rCorp"\nsummary: s\n'
    content = make_content({"entities/cr.yml": entity})
    assert _errors(content) == [
        "content/entities/cr.yml:2:7: error: name must be one line of plain text, but holds "
        "a carriage return (\\r); remove it"
    ]


# -- reports -------------------------------------------------------------------


def test_text_report_escapes_what_a_terminal_would_obey() -> None:
    problem = Problem(
        "content/entities/a\u202eb.yml",
        3,
        7,
        'name "x\x1b[2J\u2028\nother.yml:1:1: error: forged\x85\u2066"',
    )
    line = problem.format_text()
    assert line == (
        "content/entities/a\\u202eb.yml:3:7: error: name "
        '"x\\x1b[2J\\u2028\\nother.yml:1:1: error: forged\\x85\\u2066"'
    )
    assert len(format_problems([problem]).splitlines()) == 1


def test_github_annotations_escape_workflow_command_characters() -> None:
    problem = Problem("content/a,b:c.yml", 1, 2, "100% sure\r\nnext\x1b", "io")
    assert problem.format_github() == (
        "::error file=content/a%2Cb%3Ac.yml,line=1,col=2,title=dossier io::"
        "100%25 sure\\r\\nnext\\x1b"
    )


def test_a_forged_report_line_stays_inside_one_problem(make_content: Callable[..., Path]) -> None:
    statement = (
        'speaker: "x\\ncontent/entities/acme.yml:1:1: error: forged"\ndate: 2024-10-02\n'
        "type: comment\nquote: q\nsources: [daily-report]\n"
    )
    content = make_content({"statements/forge.yml": statement})
    report = format_problems(check_content(content, content.parent).problems)
    assert [line.split(":")[0] for line in report.splitlines()] == ["content/statements/forge.yml"]


def test_did_you_mean_is_bounded_per_problem() -> None:
    choices = [f"record-{i:05d}" for i in range(100_000)]
    started = time.perf_counter()
    hint = did_you_mean("recrd-04711", choices)
    assert time.perf_counter() - started < 1.0
    assert hint.startswith(' (did you mean "record-')
    assert did_you_mean("x" * 10_000, choices) == ""
    assert did_you_mean("opnai", ["openai", "microsoft"]) == ' (did you mean "openai"?)'


# -- dates the site can render ---------------------------------------------------


@pytest.mark.parametrize(
    ("date", "column", "found"),
    [("9999-12-31", 8, "9999-12-31"), ("10000", 8, "10000"), ("0001-01-01", 8, "0001-01-01")],
)
def test_dates_outside_the_rendered_years_are_validation_errors(
    make_content: Callable[..., Path], date: str, column: int, found: str
) -> None:
    event = f'title: T\ndate: "{date}"\nstatus: reported\nsummary: s\nsources: [daily-report]\n'
    content = make_content({"events/far.yml": event})
    expected = f'years 0100–9899 are supported, found "{found}"; e.g. 2025'
    if found == "10000":
        expected = 'years 0100–9899 are supported, with four digits; found "10000"; e.g. 2025'
    assert _errors(content) == [f"content/events/far.yml:2:{column}: error: date: {expected}"]


def test_the_extreme_accepted_dates_render(make_content: Callable[..., Path]) -> None:
    files = {
        "events/last.yml": (
            "title: Last\ndate: 9899-24\nstatus: reported\nsummary: s\nsources: [daily-report]\n"
        ),
        "events/first.yml": (
            "title: First\ndate: 0100-01-01\nstatus: reported\nsummary: s\n"
            "sources: [daily-report]\n"
        ),
    }
    checked = check_content(make_content(files), None)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    pages = list(SiteRenderer(checked.index).all_pages())
    assert pages


def test_history_skips_commits_it_cannot_read(tmp_path: Path) -> None:
    log = (
        "\x0010000-01-01\ncontent/a.yml\n\x00not-a-date\ncontent/b.yml\n"
        "\x009999-12-31\ncontent/c.yml\n\x002025-01-02\ncontent/a.yml\ncontent/d.yml\n"
        "\x002024-01-01\ncontent/e\x00.yml\n"
    )
    assert _dates(log, tmp_path, tmp_path) == {
        "content/a.yml": datetime.date(2025, 1, 2),
        "content/d.yml": datetime.date(2025, 1, 2),
    }


def test_history_without_git_or_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert last_updated(tmp_path / "content", tmp_path) == {}
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert last_updated(tmp_path / "content", tmp_path) == {}


def test_history_of_a_commit_dated_far_ahead(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.yml").write_text("a: 1\n")
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": "@253402300799 +0000",  # 9999-12-31T23:59:59
        "GIT_AUTHOR_DATE": "@253402300799 +0000",
        "PATH": "/usr/bin:/bin",
    }
    try:
        for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "far"]):
            subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git cannot make the commit here")
    assert last_updated(content, tmp_path) == {}


# -- link walks --------------------------------------------------------------------

DAY = parse_edtf("2024-10-02")
CITE = (Citation("src"),)


def _index(statements: list[Statement], sources: tuple[Source, ...] = ()) -> LinkIndex:
    acme = Entity(id="acme", path="a", type="company", name="Acme", summary="s")
    records = {r.id: r for r in (acme, *statements, *sources)}
    return LinkIndex(records)


def _statement(sid: str, responds_to: tuple[str, ...] = ()) -> Statement:
    return Statement(
        id=sid,
        path=sid,
        speaker="acme",
        date=DAY,
        type="comment",
        quote="q",
        about=("acme",),
        responds_to=responds_to,
        sources=CITE,
    )


def _ids(threads: list[Thread]) -> list[str]:
    found, stack = [], list(reversed(threads))
    while stack:
        thread = stack.pop()
        found.append(thread.statement.id)
        stack.extend(reversed(thread.replies))
    return found


def _depth(thread: Thread) -> int:
    depth = 0
    level = [thread]
    while level:
        depth += 1
        level = [reply for t in level for reply in t.replies]
    return depth


def test_a_deep_response_chain_is_walked_without_recursion() -> None:
    chain = [_statement("s0")] + [_statement(f"s{i}", (f"s{i - 1}",)) for i in range(1, 5000)]
    threads = _index(chain).threads("acme")
    assert len(threads) == 1
    assert _ids(threads) == [f"s{i}" for i in range(5000)]
    assert _depth(threads[0]) == MAX_THREAD_DEPTH


def test_statements_answering_each_other_both_appear() -> None:
    pair = [_statement("a", ("b",)), _statement("b", ("a",)), _statement("c")]
    threads = _index(pair).threads("acme")
    assert sorted(_ids(threads)) == ["a", "b", "c"]
    assert len(_ids(threads)) == 3


def _source(sid: str, based_on: tuple[str, ...] = ()) -> Source:
    return Source(id=sid, path=sid, title=sid, type="news", published=DAY, based_on=based_on)


def test_provenance_chains_of_a_diamond_are_near_linear() -> None:
    # Each level relays both sources of the level below: 2**400 paths to "origin".
    levels = 400
    step: dict[str, tuple[str, ...]] = {"a0": ("origin",), "b0": ("origin",), "origin": ()}
    for level in range(1, levels):
        below = (f"a{level - 1}", f"b{level - 1}")
        step[f"a{level}"] = step[f"b{level}"] = below
    started = time.perf_counter()
    memo: dict = {}
    for node in step:
        chains = _chains(node, lambda n: step[n], 20, memo)
        assert len(chains) <= 20 and all(chain[-1] == "origin" for chain in chains if chain)
    assert time.perf_counter() - started < 5
    top = _chains(f"a{levels - 1}", lambda n: step[n], 20)
    assert len(top) == 20 and top[0][:2] == [f"a{levels - 2}", f"a{levels - 3}"]
    assert _chains("origin", lambda n: step[n], 20) == [[]]


def test_provenance_chains_keep_their_order_and_stop_at_cycles() -> None:
    sources = (_source("c"), _source("b", ("c",)), _source("a", ("b", "c")))
    index = _index([], sources)
    assert index.upstream("a") == [["b", "c"], ["c"]]
    assert index.downstream("c") == [["a"], ["b", "a"]]
    loop = {"x": ("y",), "y": ("x",)}
    assert _chains("x", lambda n: loop[n], 20) == [["y"]]


# -- the renderer's own link marker --------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](dossier-record:../../etc/passwd)",
        "[x](dossier-record:javascript:alert(1))",
        "[x](dossier-record:acme)",
        '<a href="dossier-record:acme">x</a>',
        "[x](../../etc/passwd)",
        "[[not an id]]",
    ],
)
def test_record_link_markers_cannot_be_written_by_hand(markdown: str) -> None:
    renderer = MarkdownRenderer(lambda i: "Acme", lambda i: f"entities/{i}/")
    html = str(renderer.render(f"{markdown} [[acme]]", "events/x/"))
    hrefs = [part.split('"')[1] for part in html.split("href=")[1:]]
    assert hrefs == ["../../entities/acme/"], html
