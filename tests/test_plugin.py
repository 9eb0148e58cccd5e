"""plugin: fixture dossiers built with ``mkdocs build``, as a contributor would."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_dossier.plugin import setup
from mkdocs_dossier.render.dialect import MaterialDialect
from mkdocs_dossier.sqlite import is_dossier_database

from .conftest import FIXTURE_MKDOCS, MINI_DOSSIER, build_site, write_tree


def html(project: Path, url: str) -> str:
    return (project / "site" / url / "index.html").read_text(encoding="utf-8")


def test_every_record_is_a_page_with_backlinks(make_site: Callable[..., Path]) -> None:
    project = make_site()
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    for url in (
        "entities/acme",
        "entities/jane-doe",
        "events/acme-launch",
        "statements/jane-praises",
        "statements/acme-no-comment",
        "sources/daily-report",
        "sources/wire-copy",
        "entities",
        "events",
        "statements",
        "sources",
    ):
        assert (project / "site" / url / "index.html").is_file(), url
    acme = html(project, "entities/acme")
    assert "<title>Acme Corp - Fixture dossier</title>" in acme
    # Inverse relation, participation with role, statements by/about, publisher.
    assert re.search(r'href="\.\./jane-doe/">Jane Doe</a> — <em>leads</em> — Acme Corp', acme)
    assert 'href="../../events/acme-launch/">Acme launches the widget</a>' in acme
    assert "Acme Corp declined to comment</a>" in acme  # statement by Acme
    assert "Jane Doe&#58; “It is our best widget yet.”</a>" in acme  # said on Acme, as venue
    assert "Published sources" in acme and 'href="../../sources/daily-report/"' in acme
    assert "Mentioned in" in acme  # wikilink from the event's description
    jane = html(project, "entities/jane-doe")
    assert "<em>presenter</em>" in jane
    praise = html(project, "statements/jane-praises")
    assert 'href="../acme-no-comment/">Acme Corp declined to comment</a>' in praise  # responses
    wire = html(project, "sources/wire-copy")
    assert 'href="../daily-report/">Acme launches widget</a>' in wire  # relays
    daily = html(project, "sources/daily-report")
    assert 'href="../wire-copy/">Widget launch, as relayed</a>' in daily  # relayed by
    assert "para. 2" in daily and "Acme launched the widget." in daily  # cited by, quote
    no_comment = html(project, "statements/acme-no-comment")
    assert "via" in no_comment and 'href="../../sources/daily-report/"' in no_comment
    # The open data includes the SQLite database.
    database = project / "site/data/dossier.db"
    assert is_dossier_database(database)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM entities").fetchone() == (2,)
    connection.close()


def test_wikilinks_in_handwritten_pages_and_descriptions(make_site: Callable[..., Path]) -> None:
    project = make_site()
    assert build_site(project).returncode == 0
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="entities/acme/">Acme Corp</a>' in home
    assert 'href="entities/jane-doe/">its chief</a>' in home
    launch = html(project, "events/acme-launch")
    assert (
        'href="../../entities/jane-doe/">Jane Doe</a> presented it for '
        '<a href="../../entities/acme/">the company</a>' in launch
    )


def test_unknown_wikilink_in_a_page_fails_strict_build(make_site: Callable[..., Path]) -> None:
    project = make_site(pages={"about.md": "# About\n\nText\n\nSee [[nobody]].\n"})
    result = build_site(project)
    assert result.returncode != 0
    assert "docs/about.md:5:5: wikilink [[nobody]] names no record" in result.stderr


def test_timeline_is_chronological(make_site: Callable[..., Path]) -> None:
    project = make_site(
        {
            "events/early.yml": "title: Early thing\ndate: 2019~\nstatus: reported\n"
            "summary: s\nsources: [daily-report]\n",
            "events/between.yml": "title: Between thing\ndate: 2024-09-15\nstatus: alleged\n"
            "summary: s\nsources: [daily-report]\n",
        }
    )
    assert build_site(project).returncode == 0
    timeline = html(project, "events")
    order = [
        timeline.index(title)
        for title in ("Early thing", "Acme launches the widget", "Between thing")
    ]
    assert order == sorted(order)
    assert "c. 2019" in timeline and "Autumn 2024" in timeline
    assert "September 2024" in timeline  # month heading for the autumn event's earliest day


def test_alias_is_in_the_search_index(make_site: Callable[..., Path]) -> None:
    project = make_site(
        {
            "entities/acme.yml": "type: company\nname: Acme Corp\n"
            "aliases: [Roadrunner Supplies]\nsummary: A maker.\n"
            "sources: [daily-report]\n"
        }
    )
    assert build_site(project).returncode == 0
    index = json.loads((project / "site/search/search_index.json").read_text())
    entries = [d for d in index["docs"] if d["location"].startswith("entities/acme/")]
    assert any("Roadrunner Supplies" in d["text"] for d in entries)


#: Records named and titled in Chinese, for a site that configures nothing for it.
CHINESE_RECORDS: dict[str, str | bytes | None] = {
    "entities/deepseek.yml": """
        type: company
        name: 深度求索
        aliases: [杭州深度求索人工智能基础技术研究有限公司, DeepSeek]
        summary: A Chinese AI company.
        sources: [r1-news]
    """,
    "sources/r1-news.yml": """
        title: DeepSeek R1 正式开源
        type: press-release
        published: 2025-01-20
        language: zh
    """,
}


def test_chinese_text_is_indexed_word_by_word(make_site: Callable[..., Path]) -> None:
    """Material's search cuts Chinese into words (jieba) and, with the
    separator the plugin gives it, splits them: with no ``lang`` set."""
    project = make_site(CHINESE_RECORDS)
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    assert "Building prefix dict" not in result.stderr  # jieba's log stays quiet
    index = json.loads((project / "site/search/search_index.json").read_text())
    separator = re.compile(index["config"]["separator"])
    assert separator.search("正式\u200b开源") and separator.search("a b")

    def words(location: str, field: str) -> list[str]:
        entry = next(d for d in index["docs"] if d["location"] == location)
        return [w for w in separator.split(entry[field]) if w]

    assert {"正式", "开源"} <= set(words("sources/r1-news/", "title"))
    assert {"深度", "求索"} <= set(words("entities/deepseek/", "title"))
    assert {"人工智能", "有限公司"} <= set(words("entities/deepseek/", "text"))


def test_a_separator_of_the_site_gains_the_word_break(make_site: Callable[..., Path]) -> None:
    config = FIXTURE_MKDOCS.replace(
        "  - search\n", "  - search:\n      separator: '[\\s\\-_]+'\n", 1
    )
    project = make_site(CHINESE_RECORDS, config=config)
    assert build_site(project).returncode == 0
    index = json.loads((project / "site/search/search_index.json").read_text())
    assert index["config"]["separator"] == "[\u200b]+|[\\s\\-_]+"


def _drawer_entry(page: str) -> str:
    """The page's own entry in the primary navigation, if it has one."""
    nav = page[page.index('class="md-nav md-nav--primary') :]
    start = nav.find('<li class="md-nav__item md-nav__item--active dossier-page-toc">')
    return "" if start < 0 else nav[start : nav.index("</nav>", start)]


def test_a_page_outside_the_navigation_has_its_contents_in_the_drawer(
    make_site: Callable[..., Path],
) -> None:
    project = make_site()
    assert build_site(project).returncode == 0
    acme = html(project, "entities/acme")
    entry = _drawer_entry(acme)
    headings = re.findall(r'<h2 id="([^"]+)"', acme)
    assert headings and entry
    assert re.findall(r'<a href="#([^"]+)" class="md-nav__link">', entry) == headings
    assert '<span class="md-ellipsis">Acme Corp</span>' in entry
    assert 'for="__toc"' in entry and acme.count('id="__toc"') == 1
    for url in ("entities", ""):  # pages in the navigation keep Material's own entry
        assert _drawer_entry(html(project, url)) == "", url


def test_a_navigation_of_the_site_own_is_kept(make_site: Callable[..., Path]) -> None:
    config = FIXTURE_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: theme\n")
    project = make_site(config=config)
    write_tree(project / "theme/partials", {"nav.html": "<nav class='site-nav'></nav>"})
    assert build_site(project).returncode == 0
    acme = html(project, "entities/acme")
    assert "<nav class='site-nav'></nav>" in acme and "dossier-page-toc" not in acme


def test_the_tags_page_gives_each_record_its_kind_and_date(
    make_site: Callable[..., Path],
) -> None:
    tag = "<b>bold</b> & co"
    project = make_site(
        {
            "events/acme-launch.yml": MINI_DOSSIER["events/acme-launch.yml"].replace(
                "tags: [industry, launches]", f"tags: [industry, '{tag}']"
            )
        },
        pages={"tags.md": "# Tags\n\n<!-- material/tags -->\n"},
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    page = html(project, "tags")
    assert "<b>bold</b>" not in page
    assert '<span class="md-tag">&lt;b&gt;bold&lt;/b&gt; &amp; co</span>' in page
    lines = {
        re.sub(r"\s+", " ", title).strip(): line
        for title, line in re.findall(
            r'<a href="[^"]+">\s*([^<]+?)\s*</a> (<span class="dossier-kind-line">.*?)\s*</li>',
            page,
            re.S,
        )
    }
    launch = lines["Acme launches the widget"]
    assert '<span class="dossier-kind">Event</span>' in launch
    assert (
        '<span class="dossier-date">Autumn 2024</span>' in launch and "Confirmed</span>" in launch
    )
    acme = lines["Acme Corp"]
    assert '<span class="dossier-kind">Entity</span>' in acme and "Company</span>" in acme
    assert (
        page.count('class="dossier-kind-line"') == 3
    )  # industry: Acme, the launch; the other tag: the launch


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


def test_hostile_text_stays_text(make_site: Callable[..., Path]) -> None:
    project = make_site(
        {
            "entities/acme.yml": f"type: company\nname: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
            "summary: '[x](javascript:alert(3)) **b**'\n"
            "sources: [daily-report]\n"
            "description: |\n  Text <script>alert(4)</script> [y](javascript:alert(5))"
            " **kept** [ok](https://ok.example.com)\n\n"
            "  <div onclick=alert(6)>words <b>inside</b> a block</div>\n",
        }
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    for page in (project / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x onerror" not in text, page
        assert 'href="javascript:' not in text, page
    acme = html(project, "entities/acme")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in acme
    assert "<strong>kept</strong>" in acme
    assert "words <b>inside</b> a block" in acme and "onclick" not in acme
    assert 'href="https://ok.example.com"' in acme
    index = (project / "site/search/search_index.json").read_text()
    assert "<script>" not in index


def test_invalid_content_stops_the_build_without_traceback(
    make_site: Callable[..., Path],
) -> None:
    project = make_site(
        {
            "events/acme-launch.yml": "title: T\ndate: someday\nstatus: confirmed\n"
            "summary: s\nsources: [daily-report]\n"
        }
    )
    (project / "site").mkdir()
    (project / "site" / "previous.html").write_text("last good site")
    result = build_site(project, strict=False)
    assert result.returncode != 0
    assert "content/events/acme-launch.yml:2:7: error: date:" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing was written: the previous site is untouched.
    assert [p.name for p in (project / "site").iterdir()] == ["previous.html"]


def test_wikilink_position_counts_front_matter(make_site: Callable[..., Path]) -> None:
    project = make_site(pages={"about.md": "---\ntitle: About\n---\n\n# About\n\n[[nobody]]\n"})
    result = build_site(project)
    assert "docs/about.md:7:1: wikilink [[nobody]] names no record" in result.stderr


def test_wikilinks_inside_code_are_left_alone(make_site: Callable[..., Path]) -> None:
    project = make_site(
        pages={
            "about.md": "# About\n\nWrite `[[acme]]`.\n\n"
            "```yaml\ndescription: see [[nobody]]\n```\n"
        }
    )
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    about = html(project, "about")
    assert "<code>[[acme]]</code>" in about


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def _wait_for(check: Callable[[], bool], seconds: float = 60) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def test_serve_survives_bad_content_and_reloads_when_fixed(
    make_site: Callable[..., Path],
) -> None:
    import subprocess
    import sys

    broken = "title: T\ndate: someday\nstatus: confirmed\nsummary: s\nsources: [daily-report]\n"
    project = make_site({"events/acme-launch.yml": broken})
    port = _free_port()
    base = f"http://127.0.0.1:{port}/fixture/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for(lambda: _get(base)[0] == 200), "serve did not start"
        import html as html_module

        home = html_module.unescape(_get(base)[1])
        assert "The dossier has errors" in home
        assert "content/events/acme-launch.yml:2:7: error: date:" in home
        assert server.poll() is None

        good = project / "content/events/acme-launch.yml"
        good.write_text(
            "title: Fixed launch\ndate: 2024-23\nstatus: confirmed\nsummary: s\n"
            "sources: [daily-report]\n",
            encoding="utf-8",
        )
        assert _wait_for(lambda: "Fixed launch" in _get(base + "events/acme-launch/")[1])

        good.write_text(broken, encoding="utf-8")  # broken again: last good site stays
        assert _wait_for(lambda: False, seconds=3) is False
        page = html_module.unescape(_get(base + "events/acme-launch/")[1])
        assert "Fixed launch" in page and "The dossier has errors" in page
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output
    assert "content/events/acme-launch.yml:2:7: error: date:" in output


def _article(page: str) -> str:
    import re

    title = re.search(r"<title>.*?</title>", page, re.S)
    body = re.search(r"<article.*?</article>", page, re.S)
    return (title.group(0) if title else "") + (body.group(0) if body else "")


def test_dirty_serve_rebuild_matches_a_clean_build(make_site: Callable[..., Path]) -> None:
    import subprocess
    import sys

    project = make_site()
    port = _free_port()
    base = f"http://127.0.0.1:{port}/fixture/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    urls = [
        "",
        "entities/",
        "events/",
        "statements/",
        "sources/",
        "claims/",
        "graph/",
        "briefing/",
        "entities/acme/",
        "entities/jane-doe/",
        "events/acme-launch/",
        "statements/jane-praises/",
        "statements/acme-no-comment/",
        "sources/daily-report/",
        "sources/wire-copy/",
    ]
    try:
        assert _wait_for(lambda: _get(base)[0] == 200), "serve did not start"
        record = project / "content/statements/jane-praises.yml"
        record.write_text(record.read_text().replace("best widget yet", "finest widget ever"))
        assert _wait_for(lambda: "finest widget ever" in _get(base + "entities/acme/")[1])
        served = {url: _article(_get(base + url)[1]) for url in urls}
    finally:
        server.terminate()
        server.communicate(timeout=20)
    assert build_site(project).returncode == 0
    for url in urls:
        built = _article((project / "site" / url / "index.html").read_text(encoding="utf-8"))
        assert served[url] == built, url


def test_the_records_folder_is_watched_with_the_system_s_notifications(tmp_path: Path) -> None:
    import threading
    import time

    from mkdocs_dossier.plugin.watch import watch_folder

    class Server:
        def __init__(self) -> None:
            self._rebuild_cond = threading.Condition()
            self._want_rebuild = False
            self.polled: list[str] = []

        def watch(self, path: str) -> None:
            self.polled.append(path)

    server = Server()
    observer = watch_folder(server, str(tmp_path))
    assert observer is not None and not server.polled
    try:
        (tmp_path / "sub").mkdir()
        time.sleep(0.2)
        assert not server._want_rebuild  # a folder alone is no change
        (tmp_path / "sub/new.yml").write_text("name: x\n", encoding="utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
        time.sleep(0.2)
        server._want_rebuild = False
        # Reading a file, as a rebuild does, is no change either.
        assert (tmp_path / "sub/new.yml").read_text(encoding="utf-8") == "name: x\n"
        time.sleep(0.3)
        assert not server._want_rebuild
        (tmp_path / "sub/new.yml").write_text("name: y\n", encoding="utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
    finally:
        observer.stop()
        observer.join()

    class OtherServer:
        def __init__(self) -> None:
            self.polled: list[str] = []

        def watch(self, path: str) -> None:
            self.polled.append(path)

    other = OtherServer()
    assert watch_folder(other, str(tmp_path)) is None
    assert other.polled == [str(tmp_path)]


def test_the_watch_says_which_record_files_changed(tmp_path: Path) -> None:
    import threading
    import time

    from mkdocs_dossier.load import FileChanges
    from mkdocs_dossier.plugin.watch import watch_folder

    class Server:
        def __init__(self) -> None:
            self._rebuild_cond = threading.Condition()
            self._want_rebuild = False

        def watch(self, path: str) -> None:
            raise AssertionError("polled")

    def settled(expected: set[str]) -> frozenset[str] | None:
        deadline = time.monotonic() + 5
        while True:
            time.sleep(0.3)
            taken = changes.take()
            if taken is None or expected <= taken or time.monotonic() > deadline:
                return taken

    (tmp_path / "events").mkdir()
    (tmp_path / "events/a.yml").write_text("title: a\n", encoding="utf-8")
    changes = FileChanges(str(tmp_path))
    observer = watch_folder(Server(), str(tmp_path), changes)
    assert observer is not None
    try:
        # Files may have changed before the watch began: nothing is known yet.
        assert changes.take() is None
        (tmp_path / "events/a.yml").write_text("title: b\n", encoding="utf-8")
        (tmp_path / "events/.b.yml.tmp").write_text("title: c\n", encoding="utf-8")
        os.replace(tmp_path / "events/.b.yml.tmp", tmp_path / "events/b.yml")
        taken = settled({"events/a.yml", "events/b.yml"})
        assert taken is not None and {"events/a.yml", "events/b.yml"} <= taken
        assert changes.take() == frozenset()
        # A folder moved or made: every file is looked at again.
        (tmp_path / "events").rename(tmp_path / "entities")
        assert settled(set()) is None
    finally:
        observer.stop()
        observer.join()


def test_serve_renders_the_sitemap_again_only_when_the_pages_change(tmp_path: Path) -> None:
    from typing import Any, cast

    from jinja2 import Environment

    from mkdocs_dossier.plugin.theme import SITEMAP, KeptTheme

    class Theme:
        def __init__(self) -> None:
            self.static_templates = {SITEMAP, "404.html"}

    kept = KeptTheme()

    def reload(pages: list[str]) -> set[str]:
        env, theme = Environment(), Theme()
        kept.reuse(env, cast(Any, theme), pages, tmp_path)
        assert env.bytecode_cache is kept.templates  # compiled once per serve
        return theme.static_templates

    assert SITEMAP in reload(["a/index.html", "b/index.html"])  # the first build
    assert SITEMAP in reload(["a/index.html", "b/index.html"])  # none written yet
    (tmp_path / SITEMAP).write_text("<urlset/>", encoding="utf-8")
    assert reload(["b/index.html", "a/index.html"]) == {"404.html"}  # the same pages
    assert SITEMAP in reload(["a/index.html", "b/index.html", "c/index.html"])  # one more
    assert SITEMAP in reload(["a/index.html", "b/index.html"])  # one fewer


def _built_in_process(project: Path, site: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_stashed_html_and_links_build_the_same_site(
    make_site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    directory_urls: bool,
) -> None:
    """The plugin hands Python-Markdown badges, icons and links to generated
    pages already stashed; every file of the site (pages, tables of contents,
    search index) is the same as from the Markdown ``dossier render`` writes."""
    config = FIXTURE_MKDOCS + f"use_directory_urls: {str(directory_urls).lower()}\n"
    project = make_site(
        pages={"about.md": "# About\n\n[[acme]]\n"},
        config=config,
    )
    stashed = _built_in_process(project, tmp_path / "stashed")
    monkeypatch.setattr(setup, "StashingDialect", MaterialDialect)
    written = _built_in_process(project, tmp_path / "written")
    assert stashed.keys() == written.keys()
    differ = [name for name in stashed if stashed[name] != written[name]]
    assert differ == []
    page = "entities/acme/index.html" if directory_urls else "entities/acme.html"
    assert b'class="dossier-badge' in stashed[page]
    assert (
        b'<a href="../jane-doe/">' in stashed[page] or b'<a href="jane-doe.html">' in stashed[page]
    )
