"""When each record file last changed, from one pass over the Git history.

Outside a Git checkout, or without git, there are simply no dates: pages
then show none rather than a wrong one. A commit whose date cannot be read
or lies outside the years pages render is skipped, never raised on.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

from .edtf import MAX_YEAR, MIN_YEAR


def last_updated(content_dir: Path, root: Path) -> dict[str, datetime.date]:
    """Map each file path (relative to ``root``, with /) to its last commit date."""
    git = shutil.which("git")
    if git is None:
        return {}
    try:
        top = _git(git, root, "rev-parse", "--show-toplevel", timeout=30).strip()
        log = _git(
            git,
            Path(top),
            "-c",
            "core.quotePath=false",
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--",
            str(content_dir),
            timeout=120,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return {}
    return _dates(log, Path(top), root)


def _git(git: str, cwd: Path, *args: str, timeout: float) -> str:
    return subprocess.run(
        [git, *args],
        cwd=cwd,
        capture_output=True,
        check=True,
        timeout=timeout,
    ).stdout.decode("utf-8", errors="replace")


def _dates(log: str, top: Path, root: Path) -> dict[str, datetime.date]:
    """Parse ``git log --format=%x00%cs --name-only``, skipping what does not parse."""
    dates: dict[str, datetime.date] = {}
    try:
        resolved_root = root.resolve()
    except (OSError, RuntimeError):
        return {}
    current: datetime.date | None = None
    for line in log.split("\n"):
        line = line.rstrip("\r")
        if line.startswith("\x00"):
            current = _commit_date(line[1:])
        elif line and current is not None:
            try:
                relative = (top / line).resolve().relative_to(resolved_root).as_posix()
            except (OSError, RuntimeError, ValueError):
                continue
            dates.setdefault(relative, current)  # newest commit comes first
    return dates


def _commit_date(text: str) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None
