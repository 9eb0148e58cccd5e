"""``serve`` rebuilds render only the pages an edit can change, and the
pages are the same, byte for byte, as those of a fresh build."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_dossier.build import ContentError, SiteBuild
from mkdocs_dossier.render import site_pages
from mkdocs_dossier.render.parts import INDEX_CAP

#: Every index and view of the fixture (none is split into parts).
SITE_PAGES = {spec.uri for spec in site_pages()}
#: The views that may show anything in the dossier, rendered on every reload.
WHOLE_VIEWS = {
    spec.uri
    for spec in site_pages()
    if spec.kind is None and spec.view is not None and spec.view.lists is None
}
GRAPH = "graph/index.md"

EXTRA: dict[str, str | bytes | None] = {
    # A reply to a reply, so that threads nest; an entity only connected
    # through an event, so that graph neighbours are not all references.
    "statements/jane-replies.yml": """
        speaker: jane-doe
        date: 2024-10-04
        type: denial
        quote: We did comment.
        responds_to: [acme-no-comment]
        sources: [wire-copy]
    """,
    "entities/bolt-ltd.yml": """
        type: company
        name: Bolt Ltd
        summary: A rival.
    """,
    "events/bolt-joins.yml": """
        title: Bolt joins the launch
        date: 2024-10-07
        status: reported
        summary: Bolt Ltd took part.
        participants: [acme, bolt-ltd]
        sources: [wire-copy]
    """,
}


def _read(content: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((content / name).read_text(encoding="utf-8"))
    return data


def _write(content: Path, name: str, record: dict[str, Any] | None) -> None:
    """Write (or, for None, delete) a record file; its modification time
    always moves on, as an editor's save does."""
    path = content / name
    before = path.stat().st_mtime_ns if path.exists() else 0
    if record is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    os.utime(path, ns=(before + 10**9, max(before + 10**9, path.stat().st_mtime_ns)))


def _change(file: str, /, **fields: Any) -> Callable[[Path], None]:
    """An edit setting fields of one record (None removes a field); a no-op
    when the file is gone."""

    def edit(content: Path) -> None:
        if not (content / file).exists():
            return
        record = _read(content, file)
        for key, value in fields.items():
            if value is None:
                record.pop(key, None)
            else:
                record[key] = value
        _write(content, file, record)

    edit.__name__ = f"change {file} {sorted(fields)}"
    return edit


def _delete(name: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        _write(content, name, None)

    edit.__name__ = f"delete {name}"
    return edit


def _add(name: str, record: dict[str, Any]) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        _write(content, name, record)

    edit.__name__ = f"add {name}"
    return edit


def _rename(old: str, new: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        if (content / old).exists():
            record = _read(content, old)
            _write(content, old, None)
            _write(content, new, record)

    edit.__name__ = f"rename {old} {new}"
    return edit


NEW_STATEMENT = {
    "speaker": "bolt-ltd",
    "date": "2024-10-08",
    "type": "allegation",
    "quote": "Acme copied us.",
    "about": ["acme", "acme-launch"],
    "responds_to": ["jane-replies"],
    "sources": ["daily-report"],
}
NEW_SOURCE = {
    "title": "A blog repeats the wire",
    "type": "web-page",
    "publisher": "bolt-ltd",
    "published": "2024-10-09",
    "based_on": ["wire-copy"],
}

EDITS: list[Callable[[Path], None]] = [
    _change("entities/acme.yml", name="Acme Industries"),
    _change("entities/jane-doe.yml", name="Jane Q. Doe"),
    _change("entities/jane-doe.yml", type="organization"),
    _change("entities/bolt-ltd.yml", name="Bolt Limited"),
    _change("entities/bolt-ltd.yml", relations=[{"entity": "jane-doe", "relation": "hired"}]),
    _change("entities/jane-doe.yml", relations=None),
    _change("events/acme-launch.yml", title="Acme unveils the widget"),
    _change("events/acme-launch.yml", status="disputed"),
    _change("events/acme-launch.yml", date="2024-09-30"),
    _change("events/acme-launch.yml", participants=["acme"]),
    _change("events/bolt-joins.yml", participants=["acme", "bolt-ltd", "jane-doe"]),
    _change("events/bolt-joins.yml", related=["acme-launch"]),
    _change("statements/jane-praises.yml", quote="It is a fine widget."),
    _change("statements/jane-praises.yml", summary="Jane praises the widget."),
    _change("statements/jane-praises.yml", about=["acme-launch", "acme"]),
    _change("statements/jane-replies.yml", responds_to=["jane-praises"]),
    _change("statements/jane-replies.yml", quote="No further comment."),
    _change("statements/acme-no-comment.yml", type="no-response"),
    _change("sources/daily-report.yml", title="Acme's widget arrives"),
    _change("sources/daily-report.yml", publisher="bolt-ltd"),
    _change("sources/wire-copy.yml", based_on=None),
    _change("sources/wire-copy.yml", publisher="acme"),
    _change("sources/wire-copy.yml", description="Repeats [[acme-launch]]."),
    _add("statements/bolt-alleges.yml", NEW_STATEMENT),
    _add("sources/bolt-blog.yml", NEW_SOURCE),
    _delete("statements/jane-replies.yml"),
    _delete("events/bolt-joins.yml"),
    _rename("statements/jane-replies.yml", "statements/jane-answers.yml"),
    _rename("events/bolt-joins.yml", "events/bolt-enters.yml"),
]


#: The files the edits add, which a fresh fixture has not.
ADDED = (
    "statements/bolt-alleges.yml",
    "sources/bolt-blog.yml",
    "statements/jane-answers.yml",
    "events/bolt-enters.yml",
)


def _build(content: Path, previous: SiteBuild | None = None, cap: int = INDEX_CAP) -> SiteBuild:
    """A ``serve`` build of ``content``, after ``previous`` if given; one
    whose content is broken keeps its last good pages, as ``serve`` does.
    ``cap`` splits the indexes past that many records."""
    build = SiteBuild(
        content_dir=content, root=content.parent, serving=True, search="lunr", index_cap=cap
    )
    if previous is not None:
        build.adopt(previous)
    with contextlib.suppress(ContentError):
        build.prepare()
    return build


def _rebuilt(
    content: Path, previous: SiteBuild, cap: int = INDEX_CAP
) -> tuple[SiteBuild, SiteBuild]:
    """The rebuild after ``previous``, and a fresh build of the same content."""
    return _build(content, previous, cap), _build(content, cap=cap)


@pytest.fixture
def content(make_content: Callable[..., Path]) -> Path:
    return make_content(EXTRA)


def _same_as_fresh(content: Path, edit: Callable[[Path], None], cap: int = INDEX_CAP) -> set[str]:
    """Apply one edit between two builds; the rebuilt pages equal a fresh
    build's; the pages it rendered."""
    first = _build(content, cap=cap)
    assert first.banner is None
    edit(content)
    rebuilt, fresh = _rebuilt(content, first, cap)
    assert fresh.problems == rebuilt.problems
    assert rebuilt.pages == fresh.pages
    return rebuilt.rendered


def test_an_unchanged_rebuild_renders_only_the_views_of_the_whole_dossier(
    content: Path,
) -> None:
    first = _build(content)
    again = _build(content, first)
    assert again.rendered == WHOLE_VIEWS
    assert again.pages == first.pages


def test_a_quote_edit_renders_its_statement_and_what_shows_it(content: Path) -> None:
    rendered = _same_as_fresh(content, EDITS[12])
    assert rendered - SITE_PAGES == {
        "statements/jane-praises.md",
        "entities/jane-doe.md",  # its speaker
        "entities/acme.md",  # its venue
        "events/acme-launch.md",  # what it is about, with its thread
        "statements/acme-no-comment.md",  # which responds to it
        "sources/daily-report.md",  # which it cites
    }
    assert GRAPH not in rendered  # it shows entities and events only


def test_an_entity_rename_renders_the_graph(content: Path) -> None:
    assert GRAPH in _same_as_fresh(content, EDITS[0])


def test_a_reply_deep_in_a_thread_renders_the_thread_pages(content: Path) -> None:
    rendered = _same_as_fresh(content, EDITS[16])
    # jane-replies answers acme-no-comment, which answers jane-praises,
    # which is about acme-launch: all three show it in their threads.
    assert {"events/acme-launch.md", "statements/acme-no-comment.md"} <= rendered
    assert "entities/bolt-ltd.md" not in rendered


def test_a_name_change_renders_the_pages_showing_titles_that_carry_it(content: Path) -> None:
    rendered = _same_as_fresh(content, EDITS[1])
    # Statements are titled by their speaker's name: the source citing
    # jane-replies shows its title, and so Jane Doe's new name.
    assert {"statements/jane-replies.md", "sources/wire-copy.md"} <= rendered
    assert "entities/bolt-ltd.md" not in rendered


def test_a_co_participant_renders_through_the_entity_graph(content: Path) -> None:
    rendered = _same_as_fresh(content, EDITS[3])
    # Acme's neighbourhood chart names Bolt Ltd, a co-participant.
    assert {"entities/bolt-ltd.md", "entities/acme.md", "events/bolt-joins.md"} <= rendered
    assert "statements/jane-praises.md" not in rendered


def test_an_upstream_source_renders_the_chain_below_it(content: Path) -> None:
    rendered = _same_as_fresh(content, EDITS[18])
    # wire-copy relays daily-report; what cites wire-copy shows the chain.
    assert {"sources/wire-copy.md", "statements/acme-no-comment.md"} <= rendered


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_every_kind_of_edit_matches_a_fresh_build(content: Path, edit: Any) -> None:
    rendered = _same_as_fresh(content, edit)
    assert rendered >= WHOLE_VIEWS


def test_a_settings_change_renders_every_page(content: Path) -> None:
    first = _build(content)
    build = SiteBuild(
        content_dir=content, root=content.parent, serving=True, search="lunr", site_name="Other"
    )
    build.adopt(first)
    build.prepare()
    assert build.rendered == set(build.pages)


def test_a_broken_save_then_a_fix_matches_a_fresh_build(content: Path) -> None:
    first = _build(content)
    _change("events/acme-launch.yml", status="rumoured")(content)
    broken = _build(content, first)
    assert broken.banner is not None
    _change("events/acme-launch.yml", status="alleged", title="Acme launch, retold")(content)
    rebuilt, fresh = _rebuilt(content, broken)
    assert rebuilt.pages == fresh.pages
    assert "events/acme-launch.md" in rebuilt.rendered


def test_a_new_record_renders_the_pages_it_names_with_their_backlinks(content: Path) -> None:
    first = _build(content)
    _add("statements/bolt-alleges.yml", NEW_STATEMENT)(content)
    rebuilt, fresh = _rebuilt(content, first)
    assert rebuilt.pages == fresh.pages
    named = {
        "entities/bolt-ltd.md",  # its speaker
        "entities/acme.md",  # what it is about
        "events/acme-launch.md",
        "statements/jane-replies.md",  # what it answers
        "sources/daily-report.md",  # what it cites
    }
    assert named | {"statements/bolt-alleges.md"} <= rebuilt.rendered
    for uri in named:
        assert "bolt-alleges" not in first.pages[uri], uri
        assert "bolt-alleges" in rebuilt.pages[uri], uri
    assert len(rebuilt.rendered) < len(rebuilt.pages)


def test_a_deleted_record_leaves_the_backlinks_of_the_pages_it_named(content: Path) -> None:
    first = _build(content)
    _delete("statements/jane-replies.yml")(content)
    rebuilt, fresh = _rebuilt(content, first)
    assert rebuilt.pages == fresh.pages
    assert "statements/jane-replies.md" not in rebuilt.pages
    named = {"entities/jane-doe.md", "statements/acme-no-comment.md", "sources/wire-copy.md"}
    assert named <= rebuilt.rendered
    for uri in named:
        assert "jane-replies" in first.pages[uri], uri
        assert "jane-replies" not in rebuilt.pages[uri], uri


SPLIT_EDITS = [
    _change("entities/bolt-ltd.yml", summary="A rival firm."),
    _change("events/acme-launch.yml", date="2023-05-01"),  # to another year's part
    _change("statements/acme-no-comment.yml", speaker="bolt-ltd"),  # to another initial
    _add("statements/bolt-alleges.yml", NEW_STATEMENT),
    _delete("statements/jane-replies.yml"),
    _rename("events/bolt-joins.yml", "events/bolt-enters.yml"),
]


@pytest.mark.parametrize("edit", SPLIT_EDITS, ids=lambda edit: edit.__name__)
def test_split_indexes_render_only_the_parts_listing_what_changed(content: Path, edit: Any) -> None:
    first = _build(content, cap=1)  # every part lists one record
    edit(content)
    rebuilt, fresh = _rebuilt(content, first, cap=1)
    assert rebuilt.pages == fresh.pages
    assert rebuilt.renderer is not None
    parts = [spec for spec in rebuilt.renderer.index_specs() if spec.part is not None]
    assert len(parts) >= 8
    rendered = {spec.uri for spec in parts} & rebuilt.rendered
    assert rendered, "the parts listing the edited record"
    assert len(rendered) < len(parts)
    records = {uri.rsplit("/", 1)[-1][:-3] for uri in rebuilt.rendered}
    for spec in parts:
        if spec.uri in rendered:
            assert spec.lists is not None
            new_here = first.pages.get(spec.uri) != rebuilt.pages[spec.uri]
            assert new_here or records & set(spec.lists), spec.uri


def test_an_index_part_is_rendered_for_its_own_records_not_their_neighbours(
    content: Path,
) -> None:
    first = _build(content, cap=1)
    _change("statements/jane-replies.yml", quote="No further comment.")(content)
    rebuilt, fresh = _rebuilt(content, first, cap=1)
    assert rebuilt.pages == fresh.pages
    assert rebuilt.renderer is not None
    listing = {
        rid: spec.uri
        for spec in rebuilt.renderer.index_specs()
        if spec.part is not None and spec.kind is not None
        for rid in spec.lists or ()
    }
    # The statement it answers shows the reply in its thread: its page is
    # rendered again, the index part listing it is not.
    assert "statements/acme-no-comment.md" in rebuilt.rendered
    assert listing["jane-replies"] in rebuilt.rendered
    assert listing["acme-no-comment"] not in rebuilt.rendered


def test_a_site_template_replacing_a_packaged_one_renders_every_listing(
    content: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "statements.md.j2").write_text(
        '{% for s in records %}- {{ page.link(s.id) }}: {{ index.backlinks(s.id, "response")'
        " | length }} answers\n{% endfor %}\n",
        encoding="utf-8",
    )

    def build(previous: SiteBuild | None = None) -> SiteBuild:
        made = SiteBuild(
            content_dir=content,
            root=content.parent,
            serving=True,
            search="lunr",
            index_cap=1,
            template_dirs=[templates],
        )
        if previous is not None:
            made.adopt(previous)
        made.prepare()
        return made

    first = build()
    reply = dict(_read(content, "statements/jane-replies.yml"), responds_to=["jane-praises"])
    _write(content, "statements/jane-replies.yml", reply)
    rebuilt = build(first)
    assert rebuilt.renderer is not None and rebuilt.renderer.overrides
    assert rebuilt.pages == build().pages


def test_a_reload_keeps_what_the_edit_left_alone(content: Path) -> None:
    first = _build(content, cap=1)
    before = first.renderer
    assert before is not None
    _change("statements/jane-praises.yml", summary="Jane praises the widget.")(content)
    rebuilt, fresh = _rebuilt(content, first, cap=1)
    assert rebuilt.pages == fresh.pages
    after = rebuilt.renderer
    assert after is not None and after.change is not None
    assert after.change.changed == {"jane-praises"}
    # Nothing of the entity graph changed: it is not worked out again.
    assert after.edges is before.edges
    kind = after.registry.kinds["statement"]
    old_parts, new_parts = before.parts(kind), after.parts(kind)
    assert [p.slug for p in old_parts] == [p.slug for p in new_parts]
    for old, new in zip(old_parts, new_parts, strict=True):
        listed = {r.id for r in new.records}
        assert (old is new) == ("jane-praises" not in listed), new.slug
        assert all(r is after.index.records[r.id] for r in new.records)
    old_specs = {s.uri: s for s in before.pages()}
    kept = [s for s in after.pages() if old_specs.get(s.uri) is s]
    assert any(s.record is not None for s in kept) and any(s.part is not None for s in kept)
    assert all("jane-praises" not in (s.lists or ()) for s in kept)


def test_data_files_follow_the_pages_and_match_a_fresh_build(content: Path, tmp_path: Path) -> None:
    first = _build(content)
    _change("events/acme-launch.yml", summary="Acme launched a widget.")(content)
    rebuilt, fresh = _rebuilt(content, first)
    site = tmp_path / "site"
    before = {uri: path.read_bytes() for uri, path in rebuilt.data_files}
    rebuilt.write_data(site)
    rebuilt.wait_data()
    written = {uri: path.read_bytes() for uri, path in rebuilt.data_files}
    assert written == {uri: path.read_bytes() for uri, path in fresh.data_files}
    changed = {uri for uri in written if written[uri] != before[uri]}
    assert "data/dossier.json" in changed
    # What changed is put in the site folder, which MkDocs then need not copy.
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == changed
    for uri in changed:
        assert (site / uri).read_bytes() == written[uri]
    rebuilt.close()


def test_a_data_writer_that_fails_says_so_and_has_everything_staged_again(
    content: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    first = _build(content)
    _change("events/acme-launch.yml", summary="Acme launched a widget.")(content)
    rebuilt, _ = _rebuilt(content, first)
    site = tmp_path / "site"
    site.mkdir()
    (site / "data").write_text("not a folder", encoding="utf-8")  # data/… cannot be written
    rebuilt.write_data(site)
    rebuilt.wait_data()
    errors = capfd.readouterr().err
    assert "ERROR    -  content/:1:1: error: writing the data files (data/, schema/) failed: " in (
        errors
    )
    assert "FileExistsError" in errors and "a bug" not in errors
    # What the writer staged before failing is not trusted: the next reload
    # stages and writes every data file again.
    assert not {uri for uri, _ in rebuilt.data_files} & set(rebuilt._staged)
    rebuilt.close()


def test_a_dirty_reload_builds_only_changed_pages_and_matches_a_clean_build(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """What ``mkdocs serve --dirty`` does on each save, in one process: the
    pages of the records an edit, an addition or a removal changes are built
    again, the other pages keep their ``File`` and ``Page``, and every page
    reads as in a clean build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.conftest import build_site
    from tests.test_plugin import _article

    project = make_site(EXTRA)
    content = project / "content"
    site = tmp_path / "served"
    serve_url = "http://127.0.0.1:8000/fixture/"

    def config() -> Any:
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = serve_url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    plugin = first.plugins["dossier"]
    try:
        build(first, serve_url=serve_url, dirty=True)
        for edit, changed in (
            (EDITS[12], "statements/jane-praises"),
            (_add("statements/bolt-alleges.yml", NEW_STATEMENT), "statements/bolt-alleges"),
            (_delete("statements/bolt-alleges.yml"), "entities/bolt-ltd"),
        ):
            kept = dict(plugin.kept.files)
            html = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
            edit(content)
            build(config(), serve_url=serve_url, dirty=True)
            plugin.build.wait_data()
            built = {p for p in site.rglob("*.html") if html.get(p) != p.stat().st_mtime_ns}
            assert site / changed / "index.html" in built
            assert len(built) < len(html), edit.__name__
            again = plugin.kept.files
            unchanged = [
                uri
                for uri in again
                if uri.count("/") == 1
                and not uri.endswith("/index.md")
                and site / uri[:-3] / "index.html" not in built
            ]
            assert unchanged
            assert [uri for uri in unchanged if again[uri] is not kept.get(uri)] == []
            served = {
                p.relative_to(site): _article(p.read_text(encoding="utf-8"))
                for p in site.glob("*/*/index.html")
                if p.parent.parent.name in ("entities", "events", "statements", "sources")
            }
            assert build_site(project, strict=False).returncode == 0
            clean = project / "site"
            for path, article in served.items():
                if (clean / path).exists():
                    assert article == _article((clean / path).read_text(encoding="utf-8")), path
            assert {p.relative_to(clean) for p in clean.glob("*/*/index.html")} >= {
                path
                for path in served
                if (content / path.parts[0] / f"{path.parts[1]}.yml").exists()
            }
    finally:
        first.plugins.on_shutdown()


@settings(
    max_examples=int(os.environ.get("DOSSIER_FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.sampled_from(EDITS), min_size=1, max_size=4),
    st.sampled_from([INDEX_CAP, 1, 2]),  # split indexes and tags keep their parts
)
def test_any_sequence_of_edits_matches_fresh_builds(
    make_content: Callable[..., Path], edits: list[Callable[[Path], None]], cap: int
) -> None:
    content = make_content(EXTRA)
    for added in ADDED:  # left by an earlier example in the same folder
        (content / added).unlink(missing_ok=True)
    build = _build(content, cap=cap)
    for edit in edits:
        edit(content)
        build, fresh = _rebuilt(content, build, cap)
        assert build.problems == fresh.problems, edit.__name__
        if fresh.banner is None:
            assert build.pages == fresh.pages, edit.__name__
