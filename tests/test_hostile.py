"""Hostile records: every text field carries a payload; the site builds and
nothing executes when every page is opened in Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .browser import browser, serve
from .conftest import FIXTURE_MKDOCS, MINI_DOSSIER, build_site

PAYLOADS = [
    "<script>alert('s')</script>",
    "<img src=x onerror=alert('i')>",
    "\"><svg onload=alert('v')>",
    "'><iframe src=javascript:alert('f')>",
    "</script><script>alert('j')</script>",
    "<!-- c --> -->",
    "[r](dossier-record:javascript:alert('r')) [p](dossier-record:../../etc/passwd)",
    "{{ 7*7 }} {% raw %}",
    "[x](javascript:alert('m')) ![y](data:text/html,<script>alert(1)</script>)",
    ":material-alert: <b onmouseover=alert('b')>b</b>",
]
P = " ".join(PAYLOADS)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def hostile_tree() -> dict[str, str]:
    desc = (
        "Markdown **kept** and [[acme]] but "
        + P
        + "\n\n<script>alert('d')</script>\n\n[link](javascript:alert('l')) "
        "[data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://ok.example.com)\n"
    )
    return {
        "entities/acme.yml": _dump(
            {
                "type": "company",
                "name": "Acme " + PAYLOADS[0],
                "aliases": [P],
                "summary": "Sum " + PAYLOADS[1],
                "country": "US",
                "website": "https://acme.example.com/?q=%22%3E%3Cscript%3E",
                "relations": [
                    {
                        "entity": "jane-doe",
                        "relation": PAYLOADS[2],
                        "sources": [
                            {"source": "daily-report", "locator": PAYLOADS[3], "quote": PAYLOADS[4]}
                        ],
                    }
                ],
                "sources": ["daily-report"],
                "tags": ["industry"],
                "description": desc,
            }
        ),
        "entities/jane-doe.yml": _dump(
            {
                "type": "person",
                "name": "Jane " + PAYLOADS[2],
                "summary": "S",
                "sources": ["daily-report"],
            }
        ),
        "events/acme-launch.yml": _dump(
            {
                "title": "Launch " + PAYLOADS[4],
                "date": "2024-23",
                "status": "alleged",
                "summary": PAYLOADS[5] + PAYLOADS[6],
                "location": PAYLOADS[7],
                "participants": [{"entity": "acme", "role": PAYLOADS[1]}, "jane-doe"],
                "sources": [{"source": "daily-report", "locator": PAYLOADS[8], "quote": P}],
                "description": desc,
            }
        ),
        "statements/jane-praises.yml": _dump(
            {
                "speaker": "jane-doe",
                "attribution": PAYLOADS[9],
                "date": "2024-10-02",
                "type": "allegation",
                "quote": P + "\nsecond line " + PAYLOADS[0],
                "summary": "Summary " + PAYLOADS[3],
                "venue": "acme",
                "context": P,
                "about": ["acme-launch", "acme"],
                "sources": ["daily-report"],
                "description": desc,
            }
        ),
        "statements/acme-no-comment.yml": _dump(
            {
                "speaker": "acme",
                "date": "2024-10-03",
                "type": "no-comment",
                "responds_to": ["jane-praises"],
                "sources": ["wire-copy"],
            }
        ),
        "sources/daily-report.yml": _dump(
            {
                "title": "Report " + PAYLOADS[4],
                "type": "news",
                "publisher": "acme",
                "authors": [PAYLOADS[1], "A. Writer"],
                "published": "2024-10-05",
                "url": "https://news.example.com/a?b=%3Cscript%3E&c='x'".replace("'", "%27"),
                "archive_url": "https://archive.example.org/x",
                "language": "en",
                "description": desc,
            }
        ),
        "sources/wire-copy.yml": _dump(
            {
                "title": PAYLOADS[2],
                "type": "news",
                "published": "2024-10-06",
                "based_on": ["daily-report"],
            }
        ),
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import write_tree

    project = tmp_path_factory.mktemp("hostile")
    write_tree(project / "content", hostile_tree())
    write_tree(project / "docs", {"index.md": "# Home\n\n[[acme]] [[jane-doe]]\n"})
    (project / "mkdocs.yml").write_text(FIXTURE_MKDOCS, encoding="utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_no_payload_survives_as_markup(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lowered = text.lower()
        # Markup, not text: an unescaped "<" or a quoted attribute value.
        for marker in (
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<iframe",
            "<b onmouseover",
            '="javascript:',
            "='javascript:",
            '="data:',
            "\u202e",
        ):
            assert marker not in lowered, (page, marker)
    index = json.loads((hostile_site / "search/search_index.json").read_text())
    for doc in index["docs"]:
        for field in ("title", "text"):
            assert "<script" not in doc[field] and "<img" not in doc[field], doc
    data = (hostile_site / "data/dossier.json").read_text()
    assert json.loads(data)["entities"][0]["name"] == "Acme " + PAYLOADS[0]  # kept as data


def test_markdown_keeps_formatting_and_safe_links(hostile_site: Path) -> None:
    acme = (hostile_site / "entities/acme/index.html").read_text(encoding="utf-8")
    assert "<strong>kept</strong>" in acme
    assert 'href="https://ok.example.com"' in acme
    assert 'href="dossier-record' not in acme and 'href="../../etc' not in acme


def test_a_direction_override_is_refused_where_it_is_written(tmp_path: Path) -> None:
    from mkdocs_dossier.engine import check_content

    from .conftest import write_tree

    tree = hostile_tree()
    tree["events/acme-launch.yml"] = tree["events/acme-launch.yml"].replace(
        "title:", "title: \u202eevil\u202c", 1
    )
    content = write_tree(tmp_path / "content", tree)
    checked = check_content(content, tmp_path)
    assert [p.format_text() for p in checked.problems if p.is_error] == [
        "content/events/acme-launch.yml:1:8: error: bidirectional control U+202E (it "
        "reorders the text around it on screen) is not allowed in a record; delete it"
    ]


def test_nothing_executes_in_chromium(hostile_site: Path) -> None:
    # 404.html uses absolute asset URLs under site_url's path; it is checked
    # statically above, and served here only at the root.
    pages = sorted(
        p.relative_to(hostile_site).as_posix()
        for p in hostile_site.rglob("*.html")
        if p.name != "404.html"
    )
    with serve(hostile_site) as base, browser() as chromium:
        page = chromium.new_page()  # type: ignore[attr-defined]
        incidents: list[str] = []
        page.on("dialog", lambda d: (incidents.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: incidents.append(f"error: {e}"))
        page.on(
            "console",
            lambda m: (
                incidents.append(f"console: {m.text} {m.location}") if m.type == "error" else None
            ),
        )
        for path in pages:
            page.goto(base + path)
            handlers = page.evaluate(
                "() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]"
                ".filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"
            )
            assert handlers == [], (path, handlers)
            links = page.evaluate(
                "() => [...document.querySelectorAll('a[href], [src]')].map(a => "
                "a.getAttribute('href') || a.getAttribute('src'))"
                ".filter(u => /^\\s*(javascript|data|vbscript):/i.test(u))"
            )
            assert links == [], (path, links)
        page.wait_for_timeout(300)
    assert incidents == []


SITE_EXTENSIONS = """
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.snippets:
      check_paths: false
"""


def test_site_markdown_extensions_never_run_on_record_text(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n", encoding="utf-8")
    description = (
        "Intro\n\n    ```\n    fenced(1)\n    ```\n\n```js\nfenced(2)\n```\n\n"
        f'Text\n--8<-- "{secret}"\n\n!!! danger "Hidden"\n    gone\n\n??? note\n    folded\n'
    )
    acme = yaml.safe_load(MINI_DOSSIER["entities/acme.yml"].replace("\n        ", "\n"))
    acme.update(
        description=description,
        summary="A maker --8<-- of !!! everything ```",
        tags=["<b>R&D</b>", "AT&T", "C++"],
    )
    config = FIXTURE_MKDOCS.replace("markdown_extensions:\n", SITE_EXTENSIONS.lstrip("\n"), 1)
    project = make_site({"entities/acme.yml": _dump(acme)}, config=config)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "entities" / "acme" / "index.html").read_text(encoding="utf-8")
    article = page.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    assert "TOP-SECRET-LINE" not in page
    assert "<details" not in article and "admonition danger" not in article
    assert 'class="highlight"' not in article
    assert "<b>R&amp;D</b>" not in page and "<b>R&D" not in page
    assert "&lt;b&gt;R&amp;D&lt;/b&gt;" in article


def test_every_xml_and_json_output_parses(hostile_site: Path) -> None:
    from xml.etree import ElementTree

    site = hostile_site
    written = sorted([*site.rglob("*.xml"), *site.rglob("*.json")])
    assert any(p.name == "feed.xml" for p in written)
    for path in written:
        if path.suffix == ".xml":
            ElementTree.parse(path)
        else:
            json.loads(path.read_text(encoding="utf-8"))
