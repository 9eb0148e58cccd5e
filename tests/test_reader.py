"""What a reader sees: no Markdown or escaping artefact on any page, of the
real dossier and of a fixture dossier built with the flagship configuration
and with the README's minimal one."""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import MINI_DOSSIER, ROOT, build_site, write_tree
from .reader import artefacts_in, site_artefacts

MINIMAL_MKDOCS = """
site_name: Minimal dossier
site_url: https://example.org/minimal/
theme:
  name: material
plugins:
  - search
  - tags
  - dossier
"""

#: Records beyond the mini dossier that exercise the reader's pages: an
#: allegation with a denial and a silence, an open question, quoted citations.
READER_RECORDS: dict[str, str] = {
    "entities/daily-news.yml": """
        type: media
        name: Daily News
        summary: A newspaper.
    """,
    "statements/jane-alleges.yml": """
        speaker: jane-doe
        date: 2024-10-04
        type: allegation
        quote: "Rivals copied the widget & its manual: all 3 of them."
        about: [acme-launch]
        sources:
          - source: daily-report
            locator: para. 7
            quote: |-
              Rivals copied the widget & its manual: all 3 of them.

              We will say more.
          - source: daily-report
            locator: para. 9
    """,
    "statements/acme-denies.yml": """
        speaker: acme
        date: 2024-10-05
        type: denial
        quote: Nothing was copied.
        responds_to: [jane-alleges]
        sources: [daily-report]
    """,
    "statements/acme-silent.yml": """
        speaker: acme
        date: 2024-10-06
        type: no-response
        responds_to: [jane-alleges]
        sources: [wire-copy]
    """,
    "statements/acme-declines.yml": """
        speaker: acme
        date: 2024-10-06
        type: no-comment
        venue: daily-news
        responds_to: [jane-alleges]
        sources: [wire-copy]
    """,
    "questions/who-copied.yml": """
        question: Who copied the widget?
        status: open
        asked: 2024-10-04
        about: [acme-launch]
        summary: Nobody has been named.
    """,
}


def _flagship_config(project: Path) -> None:
    """The real site's mkdocs.yml, pointed at the project, without its nav."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:  .*\n)+", "\n", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "dossier" / "overrides", project / "dossier" / "overrides")


def fixture_project(root: Path, config: str) -> Path:
    """A fixture dossier project with the ``flagship`` or ``minimal`` configuration."""
    project = root / config
    records = {**MINI_DOSSIER, **READER_RECORDS}
    write_tree(project / "content", records)
    home = textwrap.dedent(
        """
        # Home

        See [[acme]].

        <!-- dossier:key-points acme-launch jane-alleges -->

        <!-- dossier:open-questions -->

        <!-- dossier:as-of -->

        <!-- dossier:at-a-glance -->
        """
    )
    if config == "flagship":
        _flagship_config(project)
        write_tree(
            project / "dossier", {"index.md": home, "tags.md": "# Tags\n\n<!-- material/tags -->\n"}
        )
    else:
        (project / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
        write_tree(project / "docs", {"index.md": home})
    return project


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reader-real") / "site"
    result = build_site(ROOT, extra_args=("--site-dir", str(out)))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module", params=["flagship", "minimal"])
def fixture_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = fixture_project(tmp_path_factory.mktemp("reader-fixture"), request.param)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_scanner_finds_artefacts() -> None:
    page = (
        "<p>&gt; a quote</p><p>- item</p><p>x &amp;#58; y</p><p>[[acme]]</p>"
        '<p>{: .class }</p><p>:material-account: person</p><p>markdown="1"</p>'
        "<pre><code>[[fine]] &gt; fine</code></pre>"
    )
    found = {a.what for a in artefacts_in("page", page)}
    assert found == {
        "paragraph starting like a block",
        "double-escaped entity",
        "wikilink left as text",
        "attribute list left as text",
        "icon shortcode",
        "markdown attribute as text",
    }
    assert list(artefacts_in("page", "<pre><code>[[fine]]</code></pre><p>A &amp; B</p>")) == []


def test_the_scanner_finds_stray_markdown_vague_links_and_empty_sections() -> None:
    page = (
        "<nav><h2>Menu</h2></nav><article><h1>T</h1>"
        '<h2 id="a">Empty<a class="headerlink" href="#a">¶</a></h2>'
        "<h2>Full</h2><h3>Sub</h3><p>text <a href='x'>link</a> and <a href='y'>Here</a></p>"
        "<h2>Chart</h2><svg><text>x</text></svg>"
        "<p>**bold** and [a](https://x.org) and __under__</p>"
        "<h2>Last</h2></article>"
    )
    found = sorted(
        (a.what, a.excerpt if "section" in a.what or "names" in a.what else "")
        for a in artefacts_in("page", page)
    )
    assert found == [
        ("emphasis left as text", ""),
        ("link left as text", ""),
        ("link that names nothing", "Here"),
        ("link that names nothing", "link"),
        ("section with nothing in it", "Empty¶"),
        ("section with nothing in it", "Last"),
    ]
    fine = "<article><h2>A</h2><ul><li>x</li></ul><p>a * b, snake_case, f(x) [1]</p></article>"
    assert list(artefacts_in("page", fine)) == []


def test_no_artefacts_on_the_real_site(real_site: Path) -> None:
    assert [str(a) for a in site_artefacts(real_site)] == []


def test_no_artefacts_on_the_fixture_site(fixture_site: Path) -> None:
    assert [str(a) for a in site_artefacts(fixture_site)] == []


def test_quoted_citations_are_block_quotes_attributed_to_their_source(
    fixture_site: Path,
) -> None:
    page = (fixture_site / "statements" / "jane-alleges" / "index.html").read_text("utf-8")
    sources = page[page.index('id="sources"') :]
    assert "<blockquote" in sources
    quote = sources[sources.index("<blockquote") : sources.index("</blockquote>")]
    assert "Rivals copied the widget & its manual: all 3 of them." in _text(quote)
    assert "We will say more." in _text(quote)
    assert "para. 7" in sources
    source = (fixture_site / "sources" / "daily-report" / "index.html").read_text("utf-8")
    cited = source[source.index('id="cited-by"') :]
    assert "<blockquote" in cited


def _text(fragment: str) -> str:
    """The text of an HTML fragment, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _article(site: Path, path: str) -> str:
    page = (site / path / "index.html").read_text("utf-8")
    return page[page.index("<article") : page.index("</article>")]


def test_home_markers_render_records_as_they_are(fixture_site: Path) -> None:
    home = _article(fixture_site, "")
    points = home[home.index("Acme launches the widget") - 600 :]
    assert "dossier-event-status-confirmed" in points
    assert "Autumn 2024" in points
    assert "Acme launched its widget in the autumn." in home  # its summary
    assert 'href="questions/who-copied/"' in home  # the open question
    assert "Nobody has been named." in home
    assert '<time datetime="2024-10-06">6 October 2024</time>' in home  # newest record date
    assert "1 event, by how well each is established" in home


def test_unknown_key_point_is_reported_with_its_position(make_site: Callable[..., Path]) -> None:
    project = make_site(
        pages={
            "index.md": (
                "---\ntitle: Home\n---\n# Home\n\n"
                "<!-- dossier:key-points\n  acme-launch\n  acme-lunch\n-->\n"
            )
        }
    )
    result = build_site(project)
    assert result.returncode != 0
    assert "docs/index.md:8:3: key point 'acme-lunch' names no record" in result.stderr


def test_claims_show_each_answer_and_whom_a_silence_was_given_to(fixture_site: Path) -> None:
    claims = _text(_article(fixture_site, "claims"))
    assert "Acme Corp: “Nothing was copied.”" in claims
    assert "Acme Corp declined to comment to Daily News" in claims  # the venue
    assert "Acme Corp did not respond to Acme Corp" not in claims
    assert "Acme Corp did not respond" in claims  # its source names no publisher
    article = _article(fixture_site, "claims")
    answers = article[article.index("Answers:") :]
    assert 'href="../entities/acme/"' in answers  # the speaker's page
    assert "<ul>" in answers


def test_a_source_lists_each_citing_record_once(fixture_site: Path) -> None:
    cited = _article(fixture_site, "sources/daily-report")
    cited = cited[cited.index('id="cited-by"') :]
    assert cited.count('href="../../statements/jane-alleges/"') == 1
    assert "cited 2 times: para. 7; para. 9" in _text(cited)


def test_sources_are_grouped_by_publisher(fixture_site: Path) -> None:
    sources = _article(fixture_site, "sources")
    assert 'id="acme-corp"' in sources
    assert 'id="no-publisher-named"' in sources


def test_record_pages_carry_escaped_card_tags(make_site: Callable[..., Path]) -> None:
    project = make_site(
        {
            "entities/acme.yml": """
                type: company
                name: Acme "Best" <Corp>
                summary: Makes <b>things</b> & "more".
            """
        }
    )
    assert build_site(project).returncode == 0
    page = (project / "site" / "entities" / "acme" / "index.html").read_text("utf-8")
    assert '<meta property="og:title" content="Acme &quot;Best&quot; &lt;Corp&gt;">' in page
    assert (
        '<meta name="twitter:description" content="Makes &lt;b&gt;things&lt;/b&gt; '
        '&amp; &quot;more&quot;.">'
    ) in page
    assert '<meta property="og:url" content="https://example.org/fixture/entities/acme/">' in page


def test_record_pages_light_their_kind_tab(fixture_site: Path) -> None:
    page = (fixture_site / "entities" / "acme" / "index.html").read_text("utf-8")
    if "md-tabs" not in page:
        pytest.skip("this configuration has no tabs")
    active = page[page.index("md-tabs__item--active") :][:400]
    assert 'href="../"' in active or "entities/" in active
