"""render: escaping, sanitising and page Markdown from templates."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.render import SiteRenderer
from mkdocs_dossier.render.dialect import StashedHTML, StashingDialect
from mkdocs_dossier.render.markup import MarkdownRenderer, text
from mkdocs_dossier.urls import Urls, relative_url
from mkdocs_dossier.urls import relative_src as relative


def to_html(source: str) -> str:
    return markdown.markdown(source, extensions=["tables", "attr_list", "def_list"])


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "# heading",
        "- item",
        "1. one",
        "    code",
        "**bold** _em_ `code`",
        "a | b",
        "&amp; &lt;",
        ":smile:",
        "<!-- comment -->",
        "![img](http://x/y.png)",
        "<http://autolink.example>",
        "x\ny",
        "=== setext",
        "> quote",
        "{: .class }",
        "*[HTML]: abbr",
    ],
)
def test_text_renders_as_exactly_the_characters(value: str) -> None:
    rendered = to_html(str(text(value)))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    # The browser shows the original characters: unescape and compare.
    import html

    shown = html.unescape(rendered[3:-4])
    assert shown == value.replace("\n", " ")


def test_bidi_overrides_are_made_visible() -> None:
    assert str(text("a\u202eb")) == "a&lt;U+202E&gt;b"


def test_markdown_fields_keep_formatting_and_lose_html_and_bad_links() -> None:
    renderer = MarkdownRenderer(
        lambda rid: {"openai": "OpenAI"}.get(rid), lambda rid: f"entities/{rid}/"
    )
    html = renderer.render(
        "**bold** [[openai]] [[openai|the maker]] <script>x()</script>\n\n"
        "[bad](javascript:alert(1)) [data](data:text/html,x) [rel](../../etc) "
        "[ok](https://example.com/a?b=1) <img src=x onerror=alert(1)>\n",
        "events/e/",
    )
    assert "<strong>bold</strong>" in html
    assert '<a href="../../entities/openai/">OpenAI</a>' in html
    assert '<a href="../../entities/openai/">the maker</a>' in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html and "data:" not in html and "../../etc" not in html
    assert 'href="https://example.com/a?b=1"' in html


def test_relative_paths() -> None:
    assert relative("entities/a.md", "events/b.md") == "../events/b.md"
    assert relative("entities/index.md", "entities/a.md") == "a.md"
    assert relative("index.md", "entities/a.md") == "entities/a.md"
    assert relative_url("events/e/", "entities/openai/") == "../../entities/openai/"
    assert relative_url("", "entities/openai/") == "entities/openai/"


def test_record_pages_are_rendered_for_every_record(make_content: Callable[..., Path]) -> None:
    checked = check_content(make_content(), None)
    assert checked.index is not None
    pages = {page.src_uri: page.markdown for page in SiteRenderer(checked.index).all_pages()}
    assert set(pages) == {
        "entities/index.md",
        "events/index.md",
        "statements/index.md",
        "sources/index.md",
        "questions/index.md",
        "corrections/index.md",
        "entities/acme.md",
        "entities/jane-doe.md",
        "events/acme-launch.md",
        "statements/jane-praises.md",
        "statements/acme-no-comment.md",
        "sources/daily-report.md",
        "sources/wire-copy.md",
        "graph/index.md",
        "claims/index.md",
        "briefing/index.md",
    }
    renderer = SiteRenderer(checked.index)
    assert renderer.all_uris() == [page.src_uri for page in renderer.all_pages()]
    acme = pages["entities/acme.md"]
    assert acme.startswith(
        '---\ntitle: "Acme Corp"\ntags:\n- "industry"\ndescription: "A maker of everything."\n---\n'
    )
    assert "[Jane Doe](jane-doe.md) — *leads* — Acme Corp" in acme


def test_template_override(make_content: Callable[..., Path], tmp_path: Path) -> None:
    checked = check_content(make_content(), None)
    assert checked.index is not None
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "source.md.j2").write_text("# {{ record.title }}\n\nOverridden.\n")
    renderer = SiteRenderer(checked.index, [overrides])
    page = renderer.record_page(checked.index.records["wire-copy"])  # type: ignore[arg-type]
    assert page.markdown.endswith("# Widget launch, as relayed\n\nOverridden.\n")


def test_record_text_cannot_forge_a_stashed_fragment(make_content: Callable[..., Path]) -> None:
    forged = "\ue000" + "0" * 16 + "<script>alert(1)</script>\ue001"
    content = make_content(
        {"entities/acme.yml": f'type: company\nname: Acme Corp\nsummary: "{forged}"\n'}
    )
    checked = check_content(content, None)
    assert checked.index is not None
    page = next(
        p
        for p in SiteRenderer(checked.index, dialect=StashingDialect()).all_pages()
        if p.src_uri == "entities/acme.md"
    )
    html = markdown.markdown(page.markdown, extensions=[StashedHTML()])
    assert "<script" not in html
    assert "\ue000" + "0" * 16 in html  # shown as the text it is


def test_graph_layout_is_the_same_in_every_process() -> None:
    """Python randomises string hashing per process; the layout must not follow it."""
    script = (
        "from mkdocs_dossier.render.graph import _laid_out\n"
        "nodes = tuple('abcdefghijklmnopqrst')\n"
        "pairs = (('a', 'b'), ('c', 'd'), ('e', 'f'), ('g', 'h'), ('g', 'i'), ('h', 'i'))\n"
        "print(sorted(_laid_out(nodes, pairs, 7).items()))\n"
    )
    layouts = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(layouts) == 1


def test_only_plain_links_to_generated_pages_are_stashed() -> None:
    dialect = StashingDialect()
    pages = {"entities/a.md", "entities/b.md"}
    stashed = dialect.finished("[B](b.md)", "entities/a.md", pages, Urls())
    assert stashed != "[B](b.md)"
    html = markdown.markdown(stashed, extensions=[StashedHTML()])
    assert html == '<p><a href="../b/">B</a></p>'
    for kept in (
        "[B](b.md){ .md-button }",  # an attribute list from a template override
        "[*B*](b.md)",  # Markdown in the label
        "![B](b.md)",  # an image
        "[B](c.md)",  # not a generated page
        "[B](b.md#part)",  # an anchor: MkDocs checks it
    ):
        assert dialect.finished(kept, "entities/a.md", pages, Urls()) == kept
