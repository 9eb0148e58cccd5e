"""render.parallel: pages rendered in forked workers are the pages rendered in process."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.link import LinkIndex
from mkdocs_dossier.records import Record as AnyRecord
from mkdocs_dossier.render import SiteRenderer, parallel
from mkdocs_dossier.render.pages import RenderedPage

from .conftest import FIXTURE_MKDOCS, build_site

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="workers are forked",
)


@pytest.fixture
def index(make_content: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> LinkIndex:
    # Batches of two records, so the fixture's seven records make four
    # record tasks besides the indexes and views.
    monkeypatch.setattr(parallel, "BATCH", 2)
    checked = check_content(make_content(), None)
    assert checked.index is not None
    return checked.index


def _pages(pages: list[RenderedPage]) -> list[tuple[str, str]]:
    return [(page.src_uri, page.markdown) for page in pages]


def test_workers_render_every_page_identically_and_in_order(index: LinkIndex) -> None:
    expected = _pages(list(SiteRenderer(index).all_pages()))
    pages = parallel.SitePages(SiteRenderer(index), jobs=2)
    assert pages.executor is not None, "no workers were started"
    assert len(pages.pending) == 1 + 4
    assert _pages(pages.result()) == expected
    assert pages.executor is None  # the workers are gone


def test_one_page_is_had_without_waiting_for_the_rest(index: LinkIndex) -> None:
    expected = dict(_pages(list(SiteRenderer(index).all_pages())))
    pages = parallel.SitePages(SiteRenderer(index), jobs=2)
    try:
        assert pages.parallel
        last = pages.uris[-1]
        assert pages.markdown(last) == expected[last]
        assert pages._collected == {len(pages.pending) - 1}  # only that page's batch
        assert all(pages.markdown(uri) == expected[uri] for uri in pages.uris)
    finally:
        pages.close()


def test_one_job_and_small_dossiers_render_in_process(index: LinkIndex) -> None:
    assert parallel.SitePages(SiteRenderer(index), jobs=1).executor is None
    assert len(index.records) < parallel.MIN_RECORDS
    assert parallel.SitePages(SiteRenderer(index), jobs=0).executor is None


class _FailsInWorkers(SiteRenderer):
    parent = os.getpid()

    def record_page(self, record: AnyRecord) -> RenderedPage:
        if os.getpid() != self.parent:
            os._exit(3)  # a worker dying without a word, as on a crash
        return super().record_page(record)


def test_a_dead_worker_means_rendering_in_process(index: LinkIndex) -> None:
    expected = _pages(list(SiteRenderer(index).all_pages()))
    pages = parallel.SitePages(_FailsInWorkers(index), jobs=2)
    assert pages.executor is not None
    assert _pages(pages.result()) == expected


def test_a_template_error_is_reported_naming_the_record(index: LinkIndex, tmp_path: Path) -> None:
    (tmp_path / "event.md.j2").write_text("{{ record.no_such_field }}\n")
    pages = parallel.SitePages(SiteRenderer(index, [tmp_path]), jobs=2)
    with pytest.raises(parallel.RenderFailure) as raised:
        pages.result()
    (problem,) = raised.value.problems
    assert problem.path.endswith("content/events/acme-launch.yml")
    assert "rendering this record failed: UndefinedError" in problem.message
    assert "no_such_field" in problem.message


def test_no_fork_while_another_thread_runs(index: LinkIndex) -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        pages = parallel.SitePages(SiteRenderer(index), jobs=2)
        assert pages.executor is None
        assert _pages(pages.result()) == _pages(list(SiteRenderer(index).all_pages()))
    finally:
        release.set()
        thread.join()


def test_serve_renders_in_process_to_stage_every_page(make_site: Callable[..., Path]) -> None:
    project = make_site()
    config = FIXTURE_MKDOCS.replace("content_dir: content", "content_dir: content\n      jobs: 2")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs_config = load_config(config_file=str(project / "mkdocs.yml"))
    mkdocs_config.plugins.on_startup(command="serve", dirty=True)
    try:
        mkdocs_config = mkdocs_config.plugins.on_config(mkdocs_config)
        mkdocs_config.plugins.on_pre_build(config=mkdocs_config)
        plugin = mkdocs_config.plugins["dossier"]
        assert plugin.build.rendering is None
        assert all(plugin.build.pages.values())
    finally:
        mkdocs_config.plugins.on_shutdown()


@pytest.mark.parametrize("value", ["-1", "true", "two"])
def test_jobs_must_be_a_count(make_site: Callable[..., Path], value: str) -> None:
    project = make_site()
    config = FIXTURE_MKDOCS.replace(
        "content_dir: content", f"content_dir: content\n      jobs: {value}"
    )
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build_site(project)
    assert result.returncode != 0
    assert "jobs" in result.stderr and "Traceback" not in result.stderr
