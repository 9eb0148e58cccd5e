"""Time ``mkdocs serve --dirty`` reloads in one process, stage by stage.

Usage: ``python bench/serve_timer.py PROJECT_DIR [--edits E] [--profile FILE]``.

It does what ``mkdocs serve --dirty`` does for its first build and for each
reload (``load_config`` with the plugins kept, then ``build(config, dirty=True)``
into a temporary site folder), without the server; the file each edit saves is
handed to the plugin as its watch of the records folder would. Each reload
follows one edit of the project's ``content/`` (a summary changed, a record
added, the same record deleted, in turn), and prints the reload's wall time with the time of
each of MkDocs' build steps and of the dossier plugin's hooks. ``--profile FILE``
writes a ``cProfile`` of the reloads (``python -m pstats FILE``). The project is
edited in place: pass a copy (``bench/generate.py`` writes one).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkbuild
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from mkdocs_dossier.load import FileChanges

TIMES: dict[str, float] = {}


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name] = TIMES.get(name, 0.0) + time.perf_counter() - began

    return wrapper


def instrument() -> None:
    """Timers around MkDocs' build steps and every event of every plugin."""
    for name in ("get_files", "get_navigation", "_populate_page", "_build_page"):
        setattr(mkbuild, name, _timed(name, getattr(mkbuild, name)))
    Files.copy_static_files = _timed("copy_static_files", Files.copy_static_files)  # type: ignore[method-assign]
    from mkdocs.plugins import PluginCollection

    for event in ("config", "pre_build", "files", "nav", "env", "post_build", "pre_page"):
        method = f"on_{event}"
        setattr(PluginCollection, method, _timed(method, getattr(PluginCollection, method)))


def edits(content: Path) -> Iterator[tuple[str, Path, Callable[[], None]]]:
    """Endless edits, each with the file it saves: change a summary, add a
    statement naming two records, delete it."""
    events = sorted((content / "events").glob("*.yml"))
    entities = sorted((content / "entities").glob("*.yml"))
    sources = sorted((content / "sources").glob("*.yml"))
    n = 0
    while True:
        n += 1
        target = events[(n * 7919) % len(events)]

        def change(path: Path = target, n: int = n) -> None:
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            record["summary"] = f"{record['summary']} edit{n}"
            path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")

        yield f"change {target.stem}", target, change
        added = content / "statements" / f"bench-added-{n}.yml"
        speaker = entities[(n * 31) % len(entities)].stem

        def add(path: Path = added, speaker: str = speaker, n: int = n) -> None:
            record = {
                "speaker": speaker,
                "date": "2024-05-05",
                "type": "comment",
                "quote": f"Added {n}.",
                "about": [events[n % len(events)].stem],
                "sources": [sources[n % len(sources)].stem],
            }
            path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")

        yield f"add {added.stem}", added, add
        yield f"delete {added.stem}", added, lambda path=added: path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the reloads here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    logging.getLogger("mkdocs.commands.build").setLevel(logging.ERROR)
    instrument()
    project = args.project.resolve()
    site = Path(tempfile.mkdtemp(prefix="serve-timer-"))
    serve_url = "http://127.0.0.1:8000/"

    def config() -> Any:
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = serve_url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    profiler = cProfile.Profile() if args.profile else None
    try:
        began = time.perf_counter()
        mkbuild.build(first, serve_url=serve_url, dirty=True)
        print(f"first build {time.perf_counter() - began:.2f}s", flush=True)
        # What serve's watch of the records folder tells each reload.
        build = first.plugins["dossier"].build
        changes = FileChanges(str(build.content_dir))
        changes.take()
        build.changes = changes
        totals = []
        for (label, path, edit), _ in zip(
            edits(project / "content"), range(args.edits), strict=False
        ):
            edit()
            changes.note(str(path))
            TIMES.clear()
            time.sleep(0.05)
            began = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            loaded_at = time.perf_counter()
            reloaded = config()
            TIMES["load_config"] = time.perf_counter() - loaded_at
            mkbuild.build(reloaded, serve_url=serve_url, dirty=True)
            if profiler is not None:
                profiler.disable()
            total = time.perf_counter() - began
            totals.append(total)
            steps = ", ".join(f"{k} {v:.2f}" for k, v in sorted(TIMES.items(), key=lambda i: -i[1]))
            print(f"reload after {label}: {total:.2f}s ({steps})", flush=True)
        totals.sort()
        print(f"reloads: median {totals[len(totals) // 2]:.2f}s of {len(totals)}", flush=True)
    finally:
        first.plugins.on_shutdown()
        shutil.rmtree(site, ignore_errors=True)
        if profiler is not None:
            profiler.dump_stats(str(args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
