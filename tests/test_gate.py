"""The gate: what validates renders, a crash never costs the site, and no
shape of content makes a page cost more than its share."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.link import CHAINS_SHOWN, HOPS_SHOWN
from mkdocs_dossier.render import SiteRenderer
from mkdocs_dossier.render.graph import SHARED_EVENT_LINKS, build_edges
from mkdocs_dossier.render.pages import LISTED

from .conftest import FIXTURE_MKDOCS, build_site, write_tree

#: A site template that fails for one record, as a buggy override would.
BROKEN_EVENT = (
    '{% if record.id == "acme-launch" %}{{ index.records["no-such-record"].title }}'
    "{% endif %}\n# {{ record.title }}\n"
)
LINE = "content/events/acme-launch.yml:1:1: error: rendering this record failed: UndefinedError"


def _pages(content: Path) -> dict[str, str]:
    checked = check_content(content, content.parent)
    assert checked.index is not None, [p.format_text() for p in checked.problems]
    return {page.src_uri: page.markdown for page in SiteRenderer(checked.index).all_pages()}


def _entity(i: int) -> str:
    return f"type: person\nname: Person {i}\nsummary: Number {i}.\n"


def _event(i: int, participants: list[str], sources: str = "[daily-report]") -> str:
    return (
        f"title: Event {i}\ndate: 2024-01-{i % 28 + 1:02d}\nstatus: reported\n"
        f"summary: Number {i}.\nparticipants: [{', '.join(participants)}]\nsources: {sources}\n"
    )


# -- what validates renders ---------------------------------------------------


def test_extreme_but_valid_shapes_render(make_content: Callable[..., Path]) -> None:
    people = [f"person-{i}" for i in range(500)]
    files: dict[str, str | bytes | None] = {
        f"entities/{p}.yml": _entity(i) for i, p in enumerate(people)
    }
    files["events/crowd.yml"] = _event(0, people)
    # A record linking every other one, by reference and by wikilink.
    files["events/everything.yml"] = (
        _event(1, people[:50]) + "description: |\n  " + " ".join(f"[[{p}]]" for p in people) + "\n"
    )
    files["entities/acme.yml"] = (
        _entity(0) + "description: |\n  " + "[[jane-doe]] " * 10_000 + "\n"
        "tags: [" + ", ".join(f'"<b>{"x" * 52}{i}</b>"' for i in range(5)) + "]\n"
    )
    chain = ["sources/s-0.yml"]
    files["sources/s-0.yml"] = "title: S0\ntype: news\npublished: 2024\n"
    for i in range(1, 300):
        files[f"sources/s-{i}.yml"] = f"title: S{i}\ntype: news\npublished: 2024\nbased_on: [s-0]\n"
        chain.append(f"s-{i}")
    files["sources/wide.yml"] = (
        "title: Wide\ntype: news\npublished: 2024\nbased_on: ["
        + ", ".join(f"s-{i}" for i in range(300))
        + "]\n"
    )
    for i, kind in enumerate(("allegation", "denial", "confirmation", "comment", "no-comment")):
        files[f"statements/kind-{kind}.yml"] = (
            f"speaker: acme\ndate: 2024-02-0{i + 1}\ntype: {kind}\n"
            + ("" if kind == "no-comment" else "quote: Words.\n")
            + "sources: [daily-report]\n"
        )
    pages = _pages(make_content(files))
    assert "Person 499" in pages["events/crowd.md"]
    assert "and 400 more connected" not in pages["entities/person-1.md"]
    assert "more chains" in pages["sources/s-0.md"]
    body = pages["entities/acme.md"].split("\n---\n", 1)[1]
    assert "<b>" not in body, body[body.find("<b>") - 300 : body.find("<b>") + 50]
    assert body.count("jane-doe") >= 10_000


def test_a_statement_chain_thousands_deep_renders(make_content: Callable[..., Path]) -> None:
    files: dict[str, str | bytes | None] = {}
    for i in range(3_000):
        responds = f"responds_to: [link-{i - 1}]\n" if i else "about: [acme]\n"
        files[f"statements/link-{i}.yml"] = (
            f"speaker: acme\ndate: 2024-03-01\ntype: comment\nquote: Link {i}.\n"
            f"{responds}sources: [daily-report]\n"
        )
    pages = _pages(make_content(files))
    assert "Link 2999" in pages["entities/acme.md"]


# -- capped views say what they leave out ----------------------------------------


def test_capped_views_say_how_many_were_left_out(make_content: Callable[..., Path]) -> None:
    people = [f"person-{i}" for i in range(31)]
    files: dict[str, str | bytes | None] = {
        f"entities/{p}.yml": _entity(i) for i, p in enumerate(people)
    }
    files["entities/person-0.yml"] = (
        _entity(0)
        + "relations:\n"
        + "".join(f"  - {{entity: {p}, relation: knows}}\n" for p in people[1:])
    )
    for i in range(LISTED + 7):
        files[f"events/event-{i}.yml"] = _event(i, people[:2])
    # A chain of sources longer than a page shows, relayed two ways at each step.
    files["sources/s-0.yml"] = "title: S0\ntype: news\npublished: 2024\n"
    for i in range(1, 30):
        based = f"[s-{i - 1}, t-{i - 1}]" if i > 1 else "[s-0]"
        for name in ("s", "t"):
            files[f"sources/{name}-{i}.yml"] = (
                f"title: {name.upper()}{i}\ntype: news\npublished: 2024\nbased_on: {based}\n"
            )
    files["sources/t-0.yml"] = "title: T0\ntype: news\npublished: 2024\n"
    pages = _pages(make_content(files))
    person = pages["entities/person-0.md"]
    assert "- and 7 more events; the [timeline](../events/index.md) lists every event" in person
    assert person.count("Event ") < LISTED + 20
    assert "- and 6 more connected entities, on the [graph](../graph/index.md)" in person
    top = pages["sources/s-29.md"]
    relays = top.split("**Relays**")[1].split("**Relayed by**")[0]
    assert relays.count("- **S29** ←") == CHAINS_SHOWN
    assert f"… {28 - HOPS_SHOWN + 1} more …" in relays
    total = 2**28  # two ways at each of 28 steps down to s-1 and t-1
    assert f"- and {total - CHAINS_SHOWN:,} more chains" in relays


def test_a_large_event_links_only_its_first_participants(
    make_content: Callable[..., Path],
) -> None:
    people = [f"person-{i:02d}" for i in range(60)]
    files: dict[str, str | bytes | None] = {
        f"entities/{p}.yml": _entity(i) for i, p in enumerate(people)
    }
    files["events/crowd.yml"] = _event(0, people)
    checked = check_content(make_content(files), None)
    assert checked.index is not None
    edges = build_edges(checked.index)
    shared = [e for e in edges.values() if e.events and e.a in people]
    assert len(shared) == SHARED_EVENT_LINKS * (SHARED_EVENT_LINKS - 1) // 2
    assert {e.a for e in shared} | {e.b for e in shared} == set(people[:SHARED_EVENT_LINKS])


# -- a crash never costs the site ------------------------------------------------


def _good_then_broken(project: Path, config: str) -> tuple[bytes, subprocess.CompletedProcess[str]]:
    (project / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    first = build_site(project, strict=False)
    assert first.returncode == 0, first.stderr
    before = (project / "site" / "index.html").read_bytes()
    write_tree(project / "overrides", {"event.md.j2": BROKEN_EVENT})
    return before, build_site(project, strict=False)


def _with_templates(config: str, extra: str = "") -> str:
    return config.replace(
        "content_dir: content", f"content_dir: content\n      templates_dir: overrides{extra}"
    )


def _assert_refused(project: Path, before: bytes, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "acme-launch" in line]
    assert len(lines) == 1, result.stderr
    assert LINE in lines[0]
    assert "overrides/event.md.j2:1" in lines[0]
    assert "please report it" in lines[0]
    assert (project / "site" / "index.html").read_bytes() == before
    assert (project / "site" / "events" / "acme-launch" / "index.html").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_a_failing_site_template_leaves_the_previous_site(make_site: Callable[..., Path]) -> None:
    project = make_site()
    write_tree(project / "overrides", {"keep.txt": ""})
    before, result = _good_then_broken(project, _with_templates(FIXTURE_MKDOCS))
    _assert_refused(project, before, result)


def test_a_failing_worker_page_leaves_the_previous_site(make_site: Callable[..., Path]) -> None:
    files: dict[str, str | bytes | None] = {
        f"entities/person-{i}.yml": _entity(i) for i in range(420)
    }
    project = make_site(files)
    write_tree(project / "overrides", {"keep.txt": ""})
    config = _with_templates(FIXTURE_MKDOCS, "\n      jobs: 2")
    before, result = _good_then_broken(project, config)
    _assert_refused(project, before, result)


def test_a_good_build_replaces_the_site_and_keeps_its_hidden_files(
    make_site: Callable[..., Path],
) -> None:
    project = make_site()
    write_tree(project / "site", {".keep": "mine", "stale.html": "old"})
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / ".keep").read_text() == "mine"
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "entities" / "acme" / "index.html").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_keeps_the_last_good_pages_when_a_page_crashes(
    make_site: Callable[..., Path],
) -> None:
    project = make_site()
    write_tree(project / "overrides", {"keep.txt": ""})
    (project / "mkdocs.yml").write_text(_with_templates(FIXTURE_MKDOCS), encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/fixture/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(lambda: "Acme launches" in _get(base + "events/acme-launch/"), 60)
        write_tree(project / "overrides", {"event.md.j2": BROKEN_EVENT})
        # The override is not watched: a record change triggers the rebuild.
        (project / "content" / "events" / "acme-launch.yml").write_text(
            (project / "content" / "events" / "acme-launch.yml").read_text() + "\n",
            encoding="utf-8",
        )
        assert _wait_for(lambda: "rendering this record failed" in _get(base), 60)
        page = _get(base + "events/acme-launch/")
        assert "Acme launches the widget" in page
        assert "rendering this record failed" in page
    finally:
        server.terminate()
        try:
            _, stderr = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    assert "Traceback" not in stderr
    assert LINE in stderr


@pytest.mark.parametrize("stage", ["data_files", "history"])
def test_a_crash_outside_the_templates_is_one_line_too(
    make_site: Callable[..., Path], stage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs_dossier import build
    from mkdocs_dossier.build import ContentError, SiteBuild

    project = make_site()

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyError("y")

    monkeypatch.setattr(build, stage, boom)
    site = SiteBuild(content_dir=project / "content", root=project)
    with pytest.raises(ContentError) as raised:
        site.prepare()
    (problem,) = raised.value.problems
    assert problem.format_text().startswith("content/:1:1: error: ")
    assert "failed: KeyError 'y' (a bug in Dossier; please report it)" in problem.message
