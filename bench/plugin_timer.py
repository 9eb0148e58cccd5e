"""Run ``mkdocs build`` in-process with timers around the dossier plugin's hooks.

Usage: ``python bench/plugin_timer.py PROJECT_DIR SITE_DIR``; prints one JSON object:
``{"total": s, "import": s, "hooks": {"on_pre_build": s, ...}, "calls": {...}}``.

It does what ``mkdocs build --quiet`` does (load the config, ``on_startup``, build,
``on_shutdown``) without modifying the plugin: every ``on_*`` method of
``DossierPlugin`` is wrapped in a timer before MkDocs instantiates the plugin.
``total`` runs from the first line of this script (before MkDocs is imported) to the
end of the build. ``import`` is the time to import the plugin's own modules, after
the MkDocs modules it shares with every build have been imported.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import functools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

# What any MkDocs build imports anyway, so it is not charged to the plugin.
import jinja2  # noqa: E402, F401
import markdown  # noqa: E402, F401
import mkdocs.livereload  # noqa: E402
import mkdocs.structure.pages  # noqa: E402, F401
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.plugins import CombinedEvent  # noqa: E402

HOOK_TIME: dict[str, float] = {}
HOOK_CALLS: dict[str, int] = {}


def timed(name: str, hook: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(hook)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return hook(*args, **kwargs)
        finally:
            HOOK_TIME[name] = HOOK_TIME.get(name, 0.0) + time.perf_counter() - began
            HOOK_CALLS[name] = HOOK_CALLS.get(name, 0) + 1

    return wrapper


def import_plugin() -> float:
    """Import the plugin and wrap its hooks; returns the import time."""
    began = time.perf_counter()
    from mkdocs_dossier.plugin import DossierPlugin

    elapsed = time.perf_counter() - began
    for name, value in list(vars(DossierPlugin).items()):
        if name.startswith("on_") and isinstance(value, CombinedEvent):
            # One event, several methods: each timed, keeping its priority.
            methods = (timed(name, method) for method in value.methods)
            setattr(DossierPlugin, name, CombinedEvent(*methods))
        elif name.startswith("on_") and callable(value):
            setattr(DossierPlugin, name, timed(name, value))
    return elapsed


def run(project: Path, site_dir: Path) -> dict[str, Any]:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
    imported = import_plugin()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    total = time.perf_counter() - START
    return {"total": total, "import": imported, "hooks": HOOK_TIME, "calls": HOOK_CALLS}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))
