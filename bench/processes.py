"""The CPU time of each process of one ``mkdocs build``, and when it ran.

Usage: ``python bench/processes.py PROJECT_DIR [--interval S]``.

A large dossier build runs in several processes: MkDocs' own, the workers
that convert and write pages, the Pagefind indexing process and Pagefind's
binary. This runs ``python -m mkdocs build --quiet`` in ``PROJECT_DIR`` into a
temporary site folder and, every ``S`` seconds (default 0.25), reads the
``/proc/<pid>/stat`` of the build and of every process descended from it.
For each process it prints when it was first and last seen (seconds from
the start), its CPU time (user and system) at the last reading, and its
name and parent; then the build's wall time and the sum of CPU times. A
process that lives less than one interval may be missed, and the last
interval of each process is not counted: the figures are a lower bound.
Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Seen:
    pid: int
    parent: int
    name: str
    first: float
    last: float = 0.0
    user: float = 0.0
    system: float = 0.0


def _stat(pid: int) -> tuple[int, str, float, float] | None:
    """A process's parent, name, user and system seconds; None once gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), name, int(fields[11]) / TICKS, int(fields[12]) / TICKS


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                tree.setdefault(stat[0], []).append(int(entry))
    return tree


def measure(project: Path, interval: float) -> tuple[float, list[Seen]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="dossier-processes-") as site:
        began = time.monotonic()
        build = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", site],
            cwd=project,
            env=env,
        )
        seen: dict[int, Seen] = {}
        while build.poll() is None:
            now = time.monotonic() - began
            tree, todo = _children(), [build.pid]
            while todo:
                pid = todo.pop()
                todo += tree.get(pid, [])
                stat = _stat(pid)
                if stat is None:
                    continue
                parent, name, user, system = stat
                process = seen.setdefault(pid, Seen(pid, parent, name, now))
                process.last, process.user, process.system = now, user, system
            time.sleep(interval)
        wall = time.monotonic() - began
        if build.returncode:
            raise SystemExit(f"the build failed (exit {build.returncode})")
    return wall, sorted(seen.values(), key=lambda p: p.first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--interval", type=float, default=0.25)
    args = parser.parse_args()
    wall, processes = measure(args.project, args.interval)
    for process in processes:
        print(
            f"pid {process.pid} (parent {process.parent}) {process.name}: "
            f"seen {process.first:.1f}-{process.last:.1f} s, "
            f"CPU {process.user + process.system:.1f} s "
            f"(user {process.user:.1f}, system {process.system:.1f})"
        )
    total = sum(process.user + process.system for process in processes)
    print(f"wall {wall:.1f} s, CPU {total:.1f} s, processes {len(processes)}")


if __name__ == "__main__":
    main()
