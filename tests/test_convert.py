"""plugin.convert: pages converted to HTML by forked workers are the pages
MkDocs converts itself: the same HTML, table of contents and search entries."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURE_MKDOCS, build_site

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="workers are forked",
)

CONVERTED = re.compile(r"(\d+) pages converted to HTML by workers")
WRITTEN = re.compile(r"(\d+) pages written by workers")


def _build(project: Path, jobs: int, *, options: str = "", more: str = "") -> tuple[str, Path]:
    """Build with ``jobs``, more plugin ``options`` and more of ``mkdocs.yml``."""
    config = FIXTURE_MKDOCS.replace(
        "content_dir: content", f"content_dir: content\n      jobs: {jobs}{options}"
    )
    (project / "mkdocs.yml").write_text(config + more, encoding="utf-8")
    site = project / f"site-{jobs}"
    result = build_site(project, extra_args=("--site-dir", site.name, "--verbose"))
    return result.stderr + f"\nexit {result.returncode}", site


def _hooks(project: Path, code: str) -> str:
    """``code`` as the site's hooks: what to add to ``mkdocs.yml``."""
    (project / "hooks.py").write_text(code, encoding="utf-8")
    return "hooks:\n  - hooks.py\n"


def _both(project: Path, more: str) -> tuple[str, dict[str, bytes], dict[str, bytes]]:
    """Build with one job and with two: the second's log, both sites' files."""
    serial_log, serial = _build(project, 1, more=more)
    parallel_log, parallel = _build(project, 2, more=more)
    assert serial_log.endswith("exit 0") and parallel_log.endswith("exit 0"), parallel_log
    return parallel_log, _files(serial), _files(parallel)


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _converted(log: str, pattern: re.Pattern[str] = CONVERTED) -> int:
    found = pattern.search(log)
    return int(found.group(1)) if found else 0


def test_workers_convert_pages_into_the_same_site(make_site: Callable[..., Path]) -> None:
    project = make_site()
    serial_log, serial = _build(project, 1)
    parallel_log, parallel = _build(project, 2)
    assert serial_log.endswith("exit 0") and parallel_log.endswith("exit 0"), parallel_log
    assert _converted(serial_log) == 0
    assert _converted(parallel_log) > 0, "no page was converted by a worker"
    assert _converted(parallel_log, WRITTEN) > 0, "no page was written by a worker"
    assert "Page skipped" not in parallel_log
    one, two = _files(serial), _files(parallel)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # What the search plugin indexed, from each page's HTML and table of contents.
    entries = json.loads(two["search/search_index.json"])["docs"]
    assert any(entry["location"].startswith("entities/acme/#") for entry in entries)


def test_a_page_another_plugin_changes_is_converted_in_process(
    make_site: Callable[..., Path],
) -> None:
    project = make_site()
    hooks = _hooks(
        project,
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'entities/acme.md':\n"
        "        return markdown + '\\n\\n## Added by a hook\\n\\nHooked text.\\n'\n"
        "    return markdown\n",
    )
    parallel_log, one, two = _both(project, hooks)
    assert _converted(parallel_log) > 0
    page = two["entities/acme/index.html"].decode()
    assert "Hooked text." in page and 'id="added-by-a-hook"' in page
    assert [name for name in one if one[name] != two.get(name)] == []


def test_warnings_of_a_conversion_in_a_worker_are_logged_by_the_build(
    make_site: Callable[..., Path],
) -> None:
    """A link checked by MkDocs while a worker converts the page warns in the
    build process, so ``--strict`` refuses the build as it would in one."""
    project = make_site()
    templates = project / "templates"
    templates.mkdir()
    (templates / "entity.md.j2").write_text(
        "# {{ record.name }}\n\nSee [the notes](nowhere.md).\n",
        encoding="utf-8",
    )
    options = "\n      templates_dir: templates"
    serial_log, _ = _build(project, 1, options=options)
    parallel_log, _ = _build(project, 2, options=options)
    assert _converted(parallel_log) > 0

    def warnings(log: str) -> list[str]:
        return sorted(line for line in log.splitlines() if "nowhere.md" in line)

    assert warnings(serial_log) and warnings(parallel_log) == warnings(serial_log)
    assert serial_log.endswith("exit 1") and parallel_log.endswith("exit 1")


def test_pages_are_written_in_process_while_another_plugin_reads_them(
    make_site: Callable[..., Path],
) -> None:
    """A plugin's ``on_post_page`` sees every page, so no worker writes one."""
    project = make_site()
    hooks = _hooks(
        project,
        "def on_post_page(output, page, **kwargs):\n"
        "    return output.replace('</body>', '<!-- seen by a hook --></body>')\n",
    )
    parallel_log, one, two = _both(project, hooks)
    assert _converted(parallel_log) > 0 and _converted(parallel_log, WRITTEN) == 0
    assert "<!-- seen by a hook -->" in two["entities/acme/index.html"].decode()
    assert [name for name in one if one[name] != two.get(name)] == []


def test_pages_of_a_worker_that_dies_are_written_by_the_build(
    make_site: Callable[..., Path],
) -> None:
    """A worker killed while it writes pages leaves them to the build process:
    the site is whole and the same."""
    project = make_site()
    hooks = _hooks(
        project,
        "import os\n"
        "MAIN, SEEN = os.getpid(), []\n"
        "def on_page_context(context, page, **kwargs):\n"
        "    if os.getpid() != MAIN:\n"
        "        SEEN.append(page)\n"
        "        if len(SEEN) == 3:\n"
        "            os._exit(3)\n"
        "    return context\n",
    )
    parallel_log, one, two = _both(project, hooks)
    # The worker died in its first batch, which it had not handed over.
    assert "Writers: " in parallel_log and _converted(parallel_log, WRITTEN) == 0
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_what_a_page_s_plugins_log_is_logged_once(make_site: Callable[..., Path]) -> None:
    """A page a worker writes has its ``on_page_context`` run in the build
    process too; what that logs is shown once, as in one process."""
    project = make_site()
    hooks = _hooks(
        project,
        "import logging\n"
        "log = logging.getLogger('mkdocs.hooks')\n"
        "def on_page_context(context, page, **kwargs):\n"
        "    log.warning(f'looked at {page.file.src_uri}')\n"
        "    return context\n",
    )
    serial_log, _ = _build(project, 1, more=hooks)
    parallel_log, _ = _build(project, 2, more=hooks)
    assert _converted(parallel_log, WRITTEN) > 0

    def warnings(log: str) -> list[str]:
        return sorted(line for line in log.splitlines() if "looked at" in line)

    assert warnings(serial_log) and warnings(parallel_log) == warnings(serial_log)
    assert serial_log.endswith("exit 1") and parallel_log.endswith("exit 1")  # --strict
