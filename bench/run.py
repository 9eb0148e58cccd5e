"""Benchmark the dossier plugin against MkDocs building the same pages alone.

``python bench/run.py --records N [--repeat R] [--keep DIR]`` generates a synthetic
dossier of N records (``bench/generate.py``), its plain-Markdown twin and a
100-record dossier, measures, and prints one line per figure and, last, the summary
``records=N build_ratio=… plugin_share=… validate_ratio=… page_growth=… memory_ratio=…
rebuild_ratio=… search_first_result_s=… search_bytes=… rebuild_s=…``. See
``bench/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import KIND_FOLDERS, dump, generate, write_plain_twin

HERE = Path(__file__).resolve().parent
BASELINE_RECORDS = 100
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MKDOCS = [sys.executable, "-m", "mkdocs"]
CHROMIUM = "/usr/bin/chromium"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- running a build as a child process -------------------------------------------------


@dataclass
class ChildRun:
    wall: float  # seconds, from spawn to exit
    cpu: float  # user + system seconds of the child
    max_rss_mb: float  # peak resident set size of that child (and its own children)
    output: str


def run_child(args: list[str], cwd: Path, log_path: Path) -> ChildRun:
    """Run ``args``; wall time and the child's own peak RSS from ``os.wait4``.

    ``wait4`` on one pid returns the rusage of that child alone (Linux folds in the
    children it reaped itself), unlike ``getrusage(RUSAGE_CHILDREN)``, which is a
    maximum over every child this process ever waited for.
    """
    with log_path.open("w") as out:
        began = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = log_path.read_text(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}) in {cwd}:\n{output}")
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(wall, cpu, usage.ru_maxrss / 1024, output)  # Linux: ru_maxrss is in KiB


def mkdocs_build(project: Path, site: Path, work: Path) -> ChildRun:
    shutil.rmtree(site, ignore_errors=True)
    args = [*MKDOCS, "build", "--quiet", "--site-dir", str(site)]
    return run_child(args, project, work / f"{site.name}.log")


def timed_build(project: Path, site: Path, work: Path) -> dict[str, Any]:
    """The in-process build with timers around the plugin's hooks (plugin_timer.py)."""
    shutil.rmtree(site, ignore_errors=True)
    args = [sys.executable, str(HERE / "plugin_timer.py"), str(project), str(site)]
    run = run_child(args, project, work / f"{site.name}.log")
    return json.loads(run.output.strip().splitlines()[-1])


# --- the figures ---------------------------------------------------------------------------


@dataclass
class Projects:
    dossier: Path
    plain: Path
    baseline: Path
    work: Path


@dataclass
class Builds:
    dossier: list[ChildRun] = field(default_factory=list)
    plain: list[ChildRun] = field(default_factory=list)
    timed: list[dict[str, Any]] = field(default_factory=list)

    def wall(self, variant: str) -> float:
        return statistics.median(r.wall for r in getattr(self, variant))

    def cpu(self, variant: str) -> float:
        return statistics.median(r.cpu for r in getattr(self, variant))

    def rss(self, variant: str) -> float:
        return statistics.median(r.max_rss_mb for r in getattr(self, variant))


def measure_builds(projects: Projects, repeat: int) -> Builds:
    """Dossier, plain and timed builds, alternating, ``repeat`` times."""
    builds = Builds()
    work = projects.work
    for i in range(repeat):
        log(f"build {i + 1}/{repeat}: dossier")
        builds.dossier.append(mkdocs_build(projects.dossier, work / "site-dossier", work))
        log(f"build {i + 1}/{repeat}: plain")
        builds.plain.append(mkdocs_build(projects.plain, work / "site-plain", work))
        log(f"build {i + 1}/{repeat}: dossier with hook timers")
        builds.timed.append(timed_build(projects.dossier, work / "site-timed", work))
    return builds


def plugin_seconds(timed: dict[str, Any]) -> float:
    return timed["import"] + sum(timed["hooks"].values())


def measure_validate(content: Path, repeat: int, work: Path) -> dict[str, Any]:
    """check_content and bare CSafeLoader parsing, timed in one fresh process."""
    args = [sys.executable, str(HERE / "validate_timer.py"), str(content), str(repeat)]
    run = run_child(args, content.parent, work / "validate.log")
    return json.loads(run.output.strip().splitlines()[-1])


def record_pages(site: Path) -> Iterator[Path]:
    """``site/<kind>/<id>/index.html`` of every record: not the indexes or other views."""
    for folder in KIND_FOLDERS.values():
        yield from (site / folder).glob("*/index.html")


def median_page_bytes(site: Path) -> float:
    sizes = [p.stat().st_size for p in record_pages(site)]
    if not sizes:
        raise RuntimeError(f"no record pages under {site}")
    return statistics.median(sizes)


# --- rebuild under mkdocs serve --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float) -> str | None:
    """The page's text, or None while the server is not up or the page is missing."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(
    url: str, predicate: Callable[[str], bool], timeout: float, proc: subprocess.Popen[bytes]
) -> float:
    """Poll ``url`` until its text satisfies ``predicate``; seconds waited."""
    began = time.perf_counter()
    deadline = began + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {proc.returncode}")
        text = fetch(url, timeout=max(1.0, deadline - time.perf_counter()))
        if text is not None and predicate(text):
            return time.perf_counter() - began
        time.sleep(0.02)
    raise TimeoutError(f"{url} not as expected within {timeout:.0f}s")


@contextlib.contextmanager
def serving(
    project: Path, port: int, log_path: Path, dirty: bool
) -> Iterator[subprocess.Popen[bytes]]:
    """``mkdocs serve`` with livereload; always stopped (SIGINT, then SIGTERM, SIGKILL)."""
    args = [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    if dirty:
        args.append("--dirty")
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            args,
            cwd=project,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=default_sigint,
        )
        try:
            yield proc
        finally:
            stop(proc)


def default_sigint() -> None:
    """In the server, SIGINT back to its default, so that Python turns it into
    KeyboardInterrupt and ``mkdocs serve`` shuts down and removes its temporary site,
    even when the harness inherited SIGINT ignored (as commands started with ``&`` by
    a non-interactive shell do)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(proc: subprocess.Popen[bytes]) -> None:
    # SIGINT lets serve run its shutdown (it removes its temporary site folder).
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        proc.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)


def edit_targets(content: Path, count: int) -> list[Path]:
    """Records with a summary (entities, events, statements), chosen deterministically."""
    candidates = []
    for folder in ("entities", "events", "statements"):
        for path in sorted((content / folder).glob("*.yml")):
            if "\nsummary:" in "\n" + path.read_text(encoding="utf-8"):
                candidates.append(path)
    return random.Random(1).sample(candidates, min(count, len(candidates)))


def append_word(path: Path, word: str) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["summary"] = f"{record['summary']} {word}"
    path.write_text(dump(record), encoding="utf-8")


def page_url(port: int, path: Path) -> str:
    # site_url is unset in the generated mkdocs.yml, so serve mounts the site at "/".
    return f"http://127.0.0.1:{port}/{path.parent.name}/{path.stem}/"


def measure_rebuilds(
    project: Path, work: Path, edits: int, build_time: float, dirty: bool
) -> list[float]:
    """Seconds from saving an edited record until its served page shows the edit."""
    served = work / "serve"
    shutil.rmtree(served, ignore_errors=True)
    shutil.copytree(project, served, ignore=shutil.ignore_patterns("site"))
    port = free_port()
    targets = edit_targets(served / "content", edits)
    first_timeout = 120 + 10 * build_time
    edit_timeout = 60 + 5 * build_time
    times = []
    with serving(served, port, work / "serve.log", dirty) as proc:
        wait_for(page_url(port, targets[0]), lambda _: True, first_timeout, proc)
        for i, target in enumerate(targets):
            word = f"benchedit{i}q{random.Random(i).randrange(16**6):06x}"
            url = page_url(port, target)
            append_word(target, word)
            began = time.perf_counter()
            wait_for(url, lambda text, w=word: w in text, edit_timeout, proc)
            times.append(time.perf_counter() - began)
            log(f"rebuild {i + 1}/{len(targets)}: {times[-1]:.2f}s ({url})")
            time.sleep(1.0)  # let any trailing rebuild settle before the next edit
    return times


# --- orchestration ---------------------------------------------------------------------------


def prepare(work: Path, records: int, seed: int) -> Projects:
    dossier = work / f"dossier-{records}"
    plain = work / f"plain-{records}"
    baseline = work / f"dossier-{BASELINE_RECORDS}"
    for path in (dossier, plain, baseline):
        shutil.rmtree(path, ignore_errors=True)
    log(f"generating {records} records in {dossier}")
    generate(dossier, records, seed)
    log(f"writing the plain twin in {plain}")
    write_plain_twin(dossier, plain, records)
    if records != BASELINE_RECORDS:
        generate(baseline, BASELINE_RECORDS, seed)
    else:
        baseline = dossier
    return Projects(dossier, plain, baseline, work)


@dataclass
class Figures:
    records: int
    values: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def add(self, name: str, value: float, line: str) -> None:
        self.values[name] = value
        self.lines.append(line)
        print(line, flush=True)

    def summary(self) -> str:
        names = (
            "build_ratio",
            "plugin_share",
            "validate_ratio",
            "page_growth",
            "memory_ratio",
            "rebuild_ratio",
            "search_first_result_s",
            "search_bytes",
            "rebuild_s",
        )
        return f"records={self.records} " + " ".join(
            f"{name}={self.values.get(name, math.nan):.{0 if name == 'search_bytes' else 2}f}"
            for name in names
        )


def hooks_detail(timed: list[dict[str, Any]]) -> str:
    names = sorted({name for run in timed for name in run["hooks"]})
    medians = {n: statistics.median(run["hooks"].get(n, 0.0) for run in timed) for n in names}
    shown = sorted(medians.items(), key=lambda item: -item[1])[:4]
    return ", ".join(f"{name} {seconds:.2f}s" for name, seconds in shown)


def runs(values: list[float]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def report_build(figures: Figures, builds: Builds) -> None:
    dossier, plain = builds.wall("dossier"), builds.wall("plain")
    cpu_d, cpu_p = builds.cpu("dossier"), builds.cpu("plain")
    figures.add(
        "build_ratio",
        dossier / plain,
        f"build: dossier {dossier:.2f}s, plain {plain:.2f}s, ratio {dossier / plain:.2f} "
        f"(runs {runs([r.wall for r in builds.dossier])} vs {runs([r.wall for r in builds.plain])}"
        f"; CPU {cpu_d:.2f}s vs {cpu_p:.2f}s, ratio {cpu_d / cpu_p:.2f})",
    )


def report_plugin(figures: Figures, builds: Builds) -> None:
    shares = [plugin_seconds(t) / t["total"] for t in builds.timed]
    plugin = statistics.median(plugin_seconds(t) for t in builds.timed)
    total = statistics.median(t["total"] for t in builds.timed)
    imports = statistics.median(t["import"] for t in builds.timed)
    figures.add(
        "plugin_share",
        statistics.median(shares),
        f"plugin: {plugin:.2f}s of a {total:.2f}s in-process build (import {imports:.2f}s, "
        f"{hooks_detail(builds.timed)}), share {statistics.median(shares):.2f} "
        f"(runs {runs(shares)})",
    )


def report_memory(figures: Figures, builds: Builds) -> None:
    rss_d, rss_p = builds.rss("dossier"), builds.rss("plain")
    figures.add(
        "memory_ratio",
        rss_d / rss_p,
        f"memory: peak RSS dossier {rss_d:.0f} MB, plain {rss_p:.0f} MB, ratio {rss_d / rss_p:.2f}",
    )


def report_validate(figures: Figures, projects: Projects, repeat: int) -> None:
    timing = measure_validate(projects.dossier / "content", max(repeat, 5), projects.work)
    if timing["problems"]:
        log(f"warning: the synthetic dossier has {timing['problems']} problem(s)")
    check, parse = statistics.median(timing["check"]), statistics.median(timing["parse"])
    figures.add(
        "validate_ratio",
        check / parse,
        f"validate: check_content {check:.2f}s (first call {timing['cold']:.2f}s), "
        f"yaml CSafeLoader parse {parse:.2f}s, ratio {check / parse:.2f} (in one process, "
        f"{len(timing['check'])} alternating runs)",
    )


def report_pages(figures: Figures, projects: Projects, records: int) -> None:
    at_n = median_page_bytes(projects.work / "site-dossier")
    if projects.baseline == projects.dossier:
        at_base = at_n
    else:
        log(f"building the {BASELINE_RECORDS}-record dossier")
        mkdocs_build(projects.baseline, projects.work / "site-baseline", projects.work)
        at_base = median_page_bytes(projects.work / "site-baseline")
    figures.add(
        "page_growth",
        at_n / at_base,
        f"pages: median record page {at_n:.0f} B at {records} records, {at_base:.0f} B "
        f"at {BASELINE_RECORDS}, growth {at_n / at_base:.2f}",
    )


def report_rebuild(
    figures: Figures, projects: Projects, builds: Builds, args: argparse.Namespace
) -> None:
    full = builds.wall("dossier")
    mode = "serve --dirty" if args.dirty else "serve"
    try:
        times = measure_rebuilds(projects.dossier, projects.work, args.edits, full, args.dirty)
    except (RuntimeError, TimeoutError) as error:
        tail = (projects.work / "serve.log").read_text(errors="replace")[-2000:]
        log(f"rebuild measurement failed: {error}\n{tail}")
        figures.add("rebuild_ratio", math.nan, f"rebuild: failed ({error})")
        return
    rebuild = statistics.median(times)
    figures.values["rebuild_s"] = rebuild
    figures.add(
        "rebuild_ratio",
        rebuild / full,
        f"rebuild: {rebuild:.2f}s from save to updated page ({mode}, {len(times)} edits: "
        f"{', '.join(f'{t:.2f}' for t in times)}), full build {full:.2f}s, "
        f"ratio {rebuild / full:.2f}",
    )


# --- search in a browser, and the Hugo anchor -----------------------------------------------

#: Figures that may be missing (no Chromium here) without failing the run.
OPTIONAL = ("search_first_result_s", "search_bytes")


def search_query(content: Path) -> str:
    """A query every site can answer: the name of the first entity, by file name."""
    first = min((content / "entities").glob("*.yml"))
    return str(yaml.safe_load(first.read_text(encoding="utf-8"))["name"])


def measure_search(site: Path, query: str, work: Path) -> dict[str, float]:
    args = [sys.executable, str(HERE / "search_timer.py"), str(site), query]
    run = run_child(args, work, work / f"search-{site.name}.log")
    return json.loads(run.output.strip().splitlines()[-1])


def report_search(figures: Figures, projects: Projects) -> None:
    if not Path(CHROMIUM).exists():
        log("search: skipped, no Chromium at " + CHROMIUM)
        return
    query = search_query(projects.dossier / "content")
    work = projects.work
    try:
        dossier = measure_search(work / "site-dossier", query, work)
        plain = measure_search(work / "site-plain", query, work)
    except RuntimeError as error:
        log(f"search measurement failed: {error}")
        figures.add("search_first_result_s", math.nan, f"search: failed ({error})")
        return
    engine = "Pagefind" if (work / "site-dossier" / "pagefind").is_dir() else "lunr"
    figures.values["search_bytes"] = dossier["bytes"]
    figures.add(
        "search_first_result_s",
        dossier["seconds"],
        f"search: {query!r} first result {dossier['seconds']:.2f}s after the first key, "
        f"{dossier['bytes'] / 1024:.0f} KiB of search files (page "
        f"{dossier['page_bytes'] / 1024:.0f} KiB, {dossier['requests']:.0f} requests; "
        f"dossier, {engine}); plain twin (lunr) "
        f"{plain['seconds']:.2f}s, {plain['bytes'] / 1024:.0f} KiB of search files (page "
        f"{plain['page_bytes'] / 1024:.0f} KiB); cold browser",
    )


HUGO_CONFIG = """\
baseURL = "http://127.0.0.1/"
title = "Hugo anchor"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUT = (
    "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    "<body><main>{{ .Content }}</main></body></html>\n"
)


def write_hugo_twin(plain: Path, hugo: Path) -> Path:
    """The plain twin's pages as a Hugo site with a minimal layout."""
    shutil.rmtree(hugo, ignore_errors=True)
    for page in (plain / "docs").rglob("*.md"):
        relative = page.relative_to(plain / "docs")
        if relative.name == "index.md":  # a section's page in Hugo
            relative = relative.with_name("_index.md")
        target = hugo / "content" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (hugo / "layouts" / "index.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return hugo


def report_hugo(projects: Projects, builds: Builds, repeat: int) -> None:
    """Hugo building the same pages, as an anchor (printed, never judged)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return
    project = write_hugo_twin(projects.plain, projects.work / "hugo")
    times = []
    for _ in range(repeat):
        shutil.rmtree(project / "public", ignore_errors=True)
        times.append(run_child([hugo, "--quiet"], project, projects.work / "hugo.log").wall)
    anchor = statistics.median(times)
    dossier = builds.wall("dossier")
    print(
        f"hugo: the same pages with a minimal layout {anchor:.2f}s (runs {runs(times)}); "
        f"dossier build {dossier:.2f}s, {dossier / anchor:.1f}x Hugo",
        flush=True,
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000, help="size N of the dossier")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; medians reported")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--edits", type=int, default=3, help="edits timed under mkdocs serve")
    parser.add_argument(
        "--no-dirty",
        dest="dirty",
        action="store_false",
        help="time full rebuilds (mkdocs serve) instead of `make serve`'s --dirty",
    )
    args = parser.parse_args(argv)
    if args.records < 4 or args.repeat < 1 or args.edits < 1:
        parser.error("need --records >= 4, --repeat >= 1 and --edits >= 1")
    return args


def run(args: argparse.Namespace, work: Path) -> Figures:
    projects = prepare(work, args.records, args.seed)
    figures = Figures(args.records)
    builds = measure_builds(projects, args.repeat)
    report_build(figures, builds)
    report_plugin(figures, builds)
    report_memory(figures, builds)
    report_validate(figures, projects, args.repeat)
    report_pages(figures, projects, args.records)
    report_rebuild(figures, projects, builds, args)
    report_search(figures, projects)
    report_hugo(projects, builds, args.repeat)
    save_raw(work / "results.json", figures, builds)
    return figures


def save_raw(path: Path, figures: Figures, builds: Builds) -> None:
    """Every run's numbers, for a look behind the medians (kept with --keep)."""
    raw = {
        "figures": figures.values,
        "lines": figures.lines,
        "dossier": [(r.wall, r.cpu, r.max_rss_mb) for r in builds.dossier],
        "plain": [(r.wall, r.cpu, r.max_rss_mb) for r in builds.plain],
        "timed": builds.timed,
    }
    path.write_text(json.dumps(raw, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            figures = run(args, args.keep.resolve())
        else:
            with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
                figures = run(args, Path(tmp))
    except RuntimeError as error:  # a build failed: its output is in the message
        print(f"bench: {error}", file=sys.stderr)
        return 1
    print(figures.summary(), flush=True)
    measured = {
        k: v for k, v in figures.values.items() if k not in OPTIONAL or Path(CHROMIUM).exists()
    }
    return 0 if all(math.isfinite(v) for v in measured.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
