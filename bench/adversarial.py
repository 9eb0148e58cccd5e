"""Adversarial dossiers against an ordinary one of the same size, side by side.

``python bench/adversarial.py [--records N] [--repeat R] [--no-build]`` writes, for N
records (default 2,000), an ordinary dossier (``bench/generate.py``) and one dossier
of each adversarial shape, then times in this one process ``check_content`` (load,
validate, link) and, where the dossier is valid, rendering every page
(``SiteRenderer(index).all_pages()``), the ordinary and the adversarial dossier
alternately. It prints one line per shape and, last, ``records=N`` with
``<shape>_check=…`` and ``<shape>_build=…`` ratios (shape time over ordinary time;
the best of R runs of each). A ratio that grows with N shows
work that grows faster than the dossier.

Shapes:

* ``diamond``: sources in levels of equal width, each relaying two of the level
  below, all down to one origin (a great many provenance paths per source);
* ``clique``: events that all share the same hundred participants;
* ``tags``: one record with a thousand tags among ordinary records;
* ``unknown``: statements whose speakers are near-misses of entity ids, each
  asking for a did-you-mean among many ids (invalid by design: checked only).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import KIND_FOLDERS, dump, generate_records

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.render import SiteRenderer

Records = dict[str, dict[str, Any]]

DIAMOND_DEPTH = 40
CLIQUE_SIZE = 100
MANY_TAGS = 1_000


def _entity(i: int) -> dict[str, Any]:
    return {"type": "person", "name": f"Person {i}", "summary": f"Person number {i}."}


def _source(i: int, based_on: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"title": f"Report {i}", "type": "news", "published": "2025-03-01"}
    if based_on:
        record["based_on"] = based_on
    return record


def _event(i: int, participants: list[str], sources: list[str]) -> dict[str, Any]:
    return {
        "title": f"Event {i}",
        "date": f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        "status": "reported",
        "summary": f"Something happened, number {i}.",
        "participants": participants,
        "sources": sources,
    }


def diamond(n: int) -> Records:
    """Levels of sources, each relaying two sources of the level below."""
    events = max(1, n // 10)
    sources = n - events - 1
    width = max(1, (sources - 1) // DIAMOND_DEPTH)
    records: Records = {"entities/person-0": _entity(0), "sources/origin": _source(0, [])}
    below = ["origin"]
    made = 1
    level = 0
    while made < sources:
        level += 1
        current = []
        for j in range(min(width, sources - made)):
            sid = f"relay-{level}-{j}"
            picks = sorted({below[j % len(below)], below[(j + 1) % len(below)]})
            records[f"sources/{sid}"] = _source(made, picks)
            current.append(sid)
            made += 1
        below = current
    cited = [name.split("/")[1] for name in records if name.startswith("sources/")]
    for i in range(events):
        share = cited[i::events]
        records[f"events/event-{i}"] = _event(i, ["person-0"], share)
    return records


def clique(n: int) -> Records:
    """Events that all share the same participants."""
    people = [f"person-{i}" for i in range(CLIQUE_SIZE)]
    records: Records = {f"entities/{p}": _entity(i) for i, p in enumerate(people)}
    sources = max(1, n // 10)
    for i in range(sources):
        records[f"sources/report-{i}"] = _source(i, [])
    for i in range(n - len(records)):
        records[f"events/event-{i}"] = _event(i, people, [f"report-{i % sources}"])
    return records


def many_tags(n: int) -> Records:
    """An ordinary dossier, one record of which carries a thousand tags."""
    records = generate_records(n)
    first = next(name for name in records if name.startswith("events/"))
    records[first]["tags"] = [f"topic {i}" for i in range(MANY_TAGS)]
    return records


def unknown_ids(n: int) -> Records:
    """Statements naming near-miss speakers: each error asks for a did-you-mean."""
    half = n // 2
    records: Records = {f"entities/member-{i:05d}": _entity(i) for i in range(half)}
    records["sources/report-0"] = _source(0, [])
    for i in range(n - len(records)):
        records[f"statements/claim-{i}"] = {
            "speaker": f"membr-{i:05d}",
            "date": "2024-05-01",
            "type": "comment",
            "quote": "Words.",
            "sources": ["report-0"],
        }
    return records


SHAPES: dict[str, Callable[[int], Records]] = {
    "diamond": diamond,
    "clique": clique,
    "tags": many_tags,
    "unknown": unknown_ids,
}


def write(root: Path, records: Records) -> Path:
    content = root / "content"
    for folder in KIND_FOLDERS.values():
        (content / folder).mkdir(parents=True, exist_ok=True)
    for name, record in records.items():
        (content / f"{name}.yml").write_text(dump(record), encoding="utf-8")
    return content


def stopwatch(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def check(content: Path) -> Callable[[], Any]:
    return lambda: check_content(content, content.parent)


def build(content: Path) -> Callable[[], object] | None:
    index = check_content(content, content.parent).index
    if index is None:
        return None
    return lambda: sum(1 for _ in SiteRenderer(index).all_pages())


def side_by_side(ordinary: Path, shape: Path, repeat: int, with_build: bool) -> dict[str, Any]:
    """Best-of-``repeat`` times of the ordinary and the adversarial dossier,
    measured alternately so that a busy machine slows both alike."""
    checked = check_content(shape, shape.parent)
    times: dict[str, list[float]] = {"check": [], "ordinary_check": []}
    steps = [("ordinary_check", check(ordinary)), ("check", check(shape))]
    shape_build = build(shape) if with_build else None
    if shape_build is not None:
        ordinary_build = build(ordinary)
        assert ordinary_build is not None
        times.update(build=[], ordinary_build=[])
        steps += [("ordinary_build", ordinary_build), ("build", shape_build)]
    for _ in range(repeat):
        for name, action in steps:
            times[name].append(stopwatch(action))
    result: dict[str, Any] = {name: min(values) for name, values in times.items()}
    result["records"] = checked.files
    result["errors"] = sum(p.is_error for p in checked.problems)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-build", action="store_true", help="time check_content only")
    args = parser.parse_args()
    n = args.records
    with tempfile.TemporaryDirectory(prefix="dossier-adversarial-") as tmp:
        root = Path(tmp)
        ordinary = write(root / "ordinary", generate_records(n))
        summary = [f"records={n}"]
        for name, make in SHAPES.items():
            shape = write(root / name, make(n))
            found = side_by_side(ordinary, shape, args.repeat, not args.no_build)
            check_ratio = found["check"] / found["ordinary_check"]
            line = (
                f"{name:<9} records={found['records']} errors={found['errors']} "
                f"check={found['check']:.3f}s vs {found['ordinary_check']:.3f}s "
                f"({check_ratio:.2f}x)"
            )
            summary.append(f"{name}_check={check_ratio:.2f}")
            if "build" in found:
                build_ratio = found["build"] / found["ordinary_build"]
                line += (
                    f" build={found['build']:.3f}s vs {found['ordinary_build']:.3f}s "
                    f"({build_ratio:.2f}x)"
                )
                summary.append(f"{name}_build={build_ratio:.2f}")
            print(line, flush=True)
        print(" ".join(summary))


if __name__ == "__main__":
    main()
