"""Shared fixtures: tiny dossiers written for each test."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: A small, valid dossier: two entities, an event, two statements, two sources.
MINI_DOSSIER: dict[str, str] = {
    "entities/acme.yml": """
        type: company
        name: Acme Corp
        aliases: [Acme]
        summary: A maker of everything.
        country: US
        website: https://acme.example.com/
        sources: [daily-report]
        tags: [industry]
    """,
    "entities/jane-doe.yml": """
        type: person
        name: Jane Doe
        summary: Chief executive of Acme.
        relations:
          - entity: acme
            relation: leads
            start: "2019"
            sources: [daily-report]
    """,
    "events/acme-launch.yml": """
        title: Acme launches the widget
        date: 2024-23
        status: confirmed
        summary: Acme launched its widget in the autumn.
        participants:
          - acme
          - entity: jane-doe
            role: presenter
        sources:
          - source: daily-report
            locator: para. 2
            quote: Acme launched the widget.
        description: |
          [[jane-doe]] presented it for [[acme|the company]].
        tags: [industry, launches]
    """,
    "statements/jane-praises.yml": """
        speaker: jane-doe
        date: 2024-10-02
        type: comment
        quote: It is our best widget yet.
        venue: acme
        about: [acme-launch]
        sources: [daily-report]
    """,
    "statements/acme-no-comment.yml": """
        speaker: acme
        date: 2024-10-03
        type: no-comment
        responds_to: [jane-praises]
        sources: [wire-copy]
    """,
    "sources/daily-report.yml": """
        title: Acme launches widget
        type: news
        publisher: acme
        authors: [A. Writer]
        published: 2024-10-05
        url: https://news.example.com/acme
        language: en
    """,
    "sources/wire-copy.yml": """
        title: Widget launch, as relayed
        type: news
        published: 2024-10-06
        based_on: [daily-report]
    """,
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path -> text or bytes) under ``root``; text is dedented."""
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[..., Path]:
    """Build a content folder from MINI_DOSSIER with overrides (None deletes)."""

    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        content = tmp_path / "content"
        tree: dict[str, str | bytes | None] = dict(MINI_DOSSIER) if base else {}
        tree.update(files or {})
        write_tree(content, {k: v for k, v in tree.items() if v is not None})
        return content

    return make


FIXTURE_MKDOCS = """
site_name: Fixture dossier
site_url: https://example.org/fixture/
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.instant, search.suggest, search.highlight]
plugins:
  - search
  - tags
  - dossier:
      content_dir: content
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
nav:
  - Home: index.md
  - Timeline: events/index.md
  - Entities: entities/index.md
  - Statements: statements/index.md
  - Sources: sources/index.md
validation:
  nav:
    omitted_files: ignore
"""


def build_site(
    project: Path, *, strict: bool = True, extra_args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` in ``project`` the way a contributor would."""
    args = [sys.executable, "-m", "mkdocs", "build"]
    if strict:
        args.append("--strict")
    return subprocess.run(
        [*args, *extra_args], cwd=project, capture_output=True, text=True, check=False
    )


@pytest.fixture
def make_site(make_content: Callable[..., Path]) -> Callable[..., Path]:
    """A fixture project: MINI_DOSSIER (with overrides), docs/ pages and mkdocs.yml."""

    def make(
        files: dict[str, str | bytes | None] | None = None,
        pages: dict[str, str] | None = None,
        config: str = FIXTURE_MKDOCS,
    ) -> Path:
        content = make_content(files)
        project = content.parent
        docs = {"index.md": "# Home\n\nSee [[acme]] and [[jane-doe|its chief]].\n"}
        docs.update(pages or {})
        write_tree(project / "docs", docs)
        (project / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
        return project

    return make
