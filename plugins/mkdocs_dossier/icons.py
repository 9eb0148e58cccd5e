"""Icons by name (``material/check-decagram``), as inline SVG.

Pages carry their icons as inline SVG read from the Material icon set that
ships inside the ``mkdocs-material`` package, so they show whatever
Markdown extensions a site configures (or none) and whichever generator
builds it. Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

_NAME = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+\Z")


@functools.cache
def icon_root() -> Path | None:
    """The folder of the icon sets, or None when Material is not installed."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        root = Path(location) / "templates" / ".icons"
        if root.is_dir():
            return root
    return None


def icon_exists(name: str) -> bool:
    """True when ``name`` is a well-formed icon name that the set holds (or
    when there is no icon set to check against)."""
    if not _NAME.match(name):
        return False
    root = icon_root()
    return root is None or (root / f"{name}.svg").is_file()


@functools.cache
def icon_svg(name: str) -> str:
    """The SVG markup of an icon, or "" when it is unavailable."""
    root = icon_root()
    if root is None or not _NAME.match(name):
        return ""
    path = root / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
