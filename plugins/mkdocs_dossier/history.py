"""When each record file last changed, from one pass over the Git history.

Outside a Git checkout, or without git, there are simply no dates: pages
then show none rather than a wrong one.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path


def last_updated(content_dir: Path, root: Path) -> dict[str, datetime.date]:
    """Map each file path (relative to ``root``, with /) to its last commit date."""
    git = shutil.which("git")
    if git is None:
        return {}
    try:
        top = subprocess.run(
            [git, "rev-parse", "--show-toplevel"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
        log = subprocess.run(
            [git, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", str(content_dir)],
            cwd=top,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, datetime.date] = {}
    top_path = Path(top)
    current: datetime.date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = datetime.date.fromisoformat(line[1:])
        elif line and current is not None:
            try:
                relative = (top_path / line).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
            dates.setdefault(relative, current)  # newest commit comes first
    return dates
