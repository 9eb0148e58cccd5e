"""history: last-updated dates and revisions from one ``git log`` pass."""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.build import SiteBuild
from mkdocs_dossier.history import History, Revision, history, parse_log

SHA_A = "a" * 40
SHA_B = "b" * 40
DAY = datetime.date(2025, 2, 3)


def test_parse_log_keeps_the_newest_revisions_and_skips_what_it_cannot_read(
    tmp_path: Path,
) -> None:
    log = (
        f"\x002025-02-04\x00{SHA_B}\x00Second \x1b[31medit\u202e\n\ncontent/a.yml\n"
        f"\x002025-02-03\x00not-a-sha\x00Bad hash\n\ncontent/a.yml\ncontent/b.yml\n"
        f"\x00someday\x00{SHA_A}\x00Bad date\n\ncontent/c.yml\n"
        f"\x002025-02-01\x00{SHA_A}\x00First\n\ncontent/a.yml\ncontent/d\x00.yml\n"
        "stray line before any commit is fine\n"
    )
    found = parse_log(log, tmp_path, tmp_path, limit=2)
    assert found.updated == {
        "content/a.yml": datetime.date(2025, 2, 4),
        "content/b.yml": DAY,
        "stray line before any commit is fine": datetime.date(2025, 2, 1),
    }
    # The commit with an unreadable hash dates its files but lists no revision.
    assert found.revisions == {
        "content/a.yml": [
            Revision(datetime.date(2025, 2, 4), SHA_B, "Second [31medit"),
            Revision(datetime.date(2025, 2, 1), SHA_A, "First"),
        ],
        "stray line before any commit is fine": [
            Revision(datetime.date(2025, 2, 1), SHA_A, "First")
        ],
    }
    assert parse_log(log, tmp_path, tmp_path, limit=1).revisions["content/a.yml"] == [
        Revision(datetime.date(2025, 2, 4), SHA_B, "Second [31medit")
    ]


def test_parse_log_below_the_repository_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    log = f"\x002025-02-03\x00{SHA_A}\x00Edit\n\nsite/content/a.yml\nother/b.yml\n"
    found = parse_log(log, tmp_path, root)
    assert found.updated == {"content/a.yml": DAY}
    assert list(found.revisions) == ["content/a.yml"]


HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) **loud** {{ x }}"


def _commit(project: Path, subject: str, when: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "PATH": "/usr/bin:/bin",
    }
    for args in (["add", "."], ["commit", "-qm", subject]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture
def repository(make_content: Callable[..., Path]) -> Path:
    content = make_content()
    project = content.parent
    try:
        subprocess.run(["git", "init", "-q"], cwd=project, check=True, capture_output=True)
        _commit(project, "Add the widget dossier", "2025-02-01T10:00:00Z")
        event = content / "events" / "acme-launch.yml"
        event.write_text(event.read_text() + "location: Springfield\n")
        _commit(project, HOSTILE, "2025-02-03T10:00:00Z")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git cannot make commits here")
    return project


def _page(project: Path, src: str, repo_url: str = "") -> str:
    build = SiteBuild(project / "content", project, jobs=1, repo_url=repo_url)
    build.prepare()
    try:
        return build.pages[src]
    finally:
        build.close()


def _shas(project: Path) -> list[str]:
    log = subprocess.run(
        ["git", "log", "--format=%H"], cwd=project, check=True, capture_output=True, text=True
    )
    return log.stdout.split()


def test_record_pages_list_their_revisions_escaped_and_linked(repository: Path) -> None:
    found = history(repository / "content", repository)
    assert [r.subject for r in found.revisions["content/events/acme-launch.yml"]] == [
        HOSTILE,
        "Add the widget dossier",
    ]
    newest, oldest = _shas(repository)
    page = _page(repository, "events/acme-launch.md", "https://git.example.org/o/r/")
    section = page[page.index("## Revisions") :]
    assert section.splitlines()[2:4] == [
        "- **3 February 2025** · &#60;script&#62;alert(1)&#60;/script&#62; "
        "&#91;x&#93;(javascript&#58;alert(1)) &#42;&#42;loud&#42;&#42; "
        "&#123;&#123; x &#125;&#125; · "
        f'<a href="https://git.example.org/o/r/commit/{newest}" rel="noopener nofollow">'
        f"{newest[:7]}</a>",
        "- **1 February 2025** · Add the widget dossier · "
        f'<a href="https://git.example.org/o/r/commit/{oldest}" rel="noopener nofollow">'
        f"{oldest[:7]}</a>",
    ]
    assert "<script>" not in page
    # Without an http(s) repo_url the commits are named, not linked.
    page = _page(repository, "entities/acme.md", "javascript:alert(1)")
    assert f"- **1 February 2025** · Add the widget dossier · <code>{oldest[:7]}</code>" in page
    assert "javascript:" not in page


def test_no_revisions_outside_a_git_checkout(make_content: Callable[..., Path]) -> None:
    project = make_content().parent
    assert history(project / "content", project) == History()
    assert "## Revisions" not in _page(project, "events/acme-launch.md", "https://x.example/")
