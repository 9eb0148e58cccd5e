"""Seconds from saving to the served page under ``mkdocs serve --dirty --livereload``.

Usage: ``python bench/serve_edits.py PROJECT_DIR [--edits E] [--timeout S]``.

The ``rebuild_s`` measurement of ``bench/run.py`` alone, on a project made by
``bench/generate.py`` (copied first, so it is left as it was), plus what a new
and a deleted record do to the pages they name: E times, a summary is changed
and its page polled until it shows the new word (as ``run.py`` does); then a
new statement about an entity is saved and the entity's page polled until it
lists the statement; then the statement is deleted and the page polled until
the backlink is gone. One line per edit, then a summary line.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import append_word, edit_targets, free_port, page_url, serving, wait_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per wait")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="serve-edits-") as tmp:
        work = Path(tmp)
        served = work / "serve"
        shutil.copytree(args.project, served, ignore=shutil.ignore_patterns("site"))
        content = served / "content"
        targets = edit_targets(content, args.edits)
        entities = sorted((content / "entities").glob("*.yml"))
        sources = sorted((content / "sources").glob("*.yml"))
        port = free_port()
        changed, added, deleted = [], [], []
        with serving(served, port, work / "serve.log", dirty=True) as proc:
            began = time.perf_counter()
            wait_for(page_url(port, targets[0]), lambda _: True, args.timeout, proc)
            print(f"first page served after {time.perf_counter() - began:.2f}s", flush=True)
            for i, target in enumerate(targets):
                word = f"benchedit{i}q{random.Random(i).randrange(16**6):06x}"
                append_word(target, word)
                began = time.perf_counter()
                wait_for(page_url(port, target), lambda t, w=word: w in t, args.timeout, proc)
                changed.append(time.perf_counter() - began)
                print(f"change {target.stem}: {changed[-1]:.2f}s", flush=True)
                time.sleep(1.0)
            for i in range(args.edits):
                entity = entities[(i * 7919 + 13) % len(entities)]
                new = content / "statements" / f"bench-new-{i}.yml"
                record = {
                    "speaker": entities[(i * 31 + 5) % len(entities)].stem,
                    "date": "2024-05-05",
                    "type": "comment",
                    "quote": f"A new statement, number {i}.",
                    "about": [entity.stem],
                    "sources": [sources[i % len(sources)].stem],
                }
                url = page_url(port, entity)
                new.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
                began = time.perf_counter()
                wait_for(url, lambda t, s=new.stem: f"/{s}/" in t, args.timeout, proc)
                added.append(time.perf_counter() - began)
                print(f"add {new.stem} (about {entity.stem}): {added[-1]:.2f}s", flush=True)
                time.sleep(1.0)
                new.unlink()
                began = time.perf_counter()
                wait_for(url, lambda t, s=new.stem: f"/{s}/" not in t, args.timeout, proc)
                deleted.append(time.perf_counter() - began)
                print(f"delete {new.stem}: {deleted[-1]:.2f}s", flush=True)
                time.sleep(1.0)
    print(
        f"change_s={statistics.median(changed):.2f} add_s={statistics.median(added):.2f} "
        f"delete_s={statistics.median(deleted):.2f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
