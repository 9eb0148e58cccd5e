"""The benchmark harness runs end to end at a tiny size, so it cannot rot.
(No timing is asserted: these machines are noisy; bench/README.md has figures.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_bench_runs_at_a_tiny_size(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/run.py"),
            "--records",
            "24",
            "--repeat",
            "1",
            "--keep",
            str(tmp_path / "bench"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    figures = (
        "build_ratio",
        "plugin_share",
        "validate_ratio",
        "page_growth",
        "memory_ratio",
        "rebuild_ratio",
        "search_first_result_s",
    )
    pattern = "records=24 " + " ".join(rf"{name}=(\d+\.\d\d)" for name in figures)
    pattern += r" search_bytes=(\d+) rebuild_s=(\d+\.\d\d)"
    match = re.fullmatch(pattern, last)
    assert match, last
    assert all(float(value) > 0 for value in match.groups())


def _generate(project: Path) -> None:
    """A 24-record synthetic dossier in ``project``."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench/generate.py"), str(project), "--records", "24"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_the_serve_timers_run_at_a_tiny_size(tmp_path) -> None:
    project = tmp_path / "dossier"
    _generate(project)
    edits = subprocess.run(
        [sys.executable, str(ROOT / "bench/serve_edits.py"), str(project), "--edits", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert edits.returncode == 0, edits.stdout[-2000:] + edits.stderr[-2000:]
    last = edits.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"change_s=\d+\.\d\d add_s=\d+\.\d\d delete_s=\d+\.\d\d", last), last
    timer = subprocess.run(
        [sys.executable, str(ROOT / "bench/serve_timer.py"), str(project), "--edits", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert timer.returncode == 0, timer.stdout[-2000:] + timer.stderr[-2000:]
    lines = timer.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines[1:4]] == [
        line.split(":")[0] for line in lines[1:4] if line.startswith("reload after ")
    ]
    assert re.fullmatch(r"reloads: median \d+\.\d\ds of 3", lines[-1]), lines[-1]


def test_the_process_timer_follows_a_build_and_its_workers(tmp_path) -> None:
    project = tmp_path / "dossier"
    _generate(project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("content_dir: content", "content_dir: content\n      jobs: 2"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/processes.py"), str(project), "--interval", "0.02"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    total = re.fullmatch(r"wall \d+\.\d s, CPU (\d+\.\d) s, processes (\d+)", lines[-1])
    assert total, lines[-1]
    assert int(total.group(2)) == len(lines) - 1 >= 2  # the build, and a worker forked by it
    build = re.match(r"pid (\d+) \(parent \d+\) python", lines[0])
    assert build, lines[0]
    assert all(f"(parent {build.group(1)})" in line for line in lines[1:2])
