"""Time ``dossier validate`` against bare YAML parsing, in one fresh process.

Usage: ``python bench/validate_timer.py CONTENT_DIR REPEAT``; prints one JSON object:
``{"check": [s, ...], "parse": [s, ...], "cold": s, "problems": n}``.

Both sides run in this same process, alternating: ``check_content`` (what
``dossier validate`` runs: load, validate, link) and reading every record file and
``yaml.load(..., Loader=yaml.CSafeLoader)``. The first, cold ``check_content`` call
(lazy imports, vocabularies loaded on first use) is reported apart as ``cold``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from mkdocs_dossier.engine import check_content


def parse_only(content: Path) -> None:
    for path in sorted(content.rglob("*")):
        if path.suffix in (".yml", ".yaml"):
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def stopwatch(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def run(content: Path, repeat: int) -> dict[str, object]:
    began = time.perf_counter()
    problems = len(check_content(content).problems)
    cold = time.perf_counter() - began
    parse_only(content)
    checks, parses = [], []
    for _ in range(repeat):
        checks.append(stopwatch(lambda: check_content(content)))
        parses.append(stopwatch(lambda: parse_only(content)))
    return {"check": checks, "parse": parses, "cold": cold, "problems": problems}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]).resolve(), int(sys.argv[2]))))
