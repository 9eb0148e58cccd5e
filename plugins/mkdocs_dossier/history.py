"""When each record file changed, from one pass over the Git history.

One ``git log --name-only`` over the content folder gives every record both
its "last updated" date and its newest revisions (date, commit, subject),
however many records there are. Outside a Git checkout, or without git,
there is simply no history: pages then show none rather than a wrong one.
A commit whose header cannot be read, or whose date lies outside the years
pages render, is skipped, never raised on.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .edtf import MAX_YEAR, MIN_YEAR

#: At most this many revisions are kept for a record, the newest.
MAX_REVISIONS = 10
#: Each commit's header line: NUL, committer date, NUL, hash, NUL, subject.
LOG_FORMAT = "%x00%cs%x00%H%x00%s"
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")
# Controls (and line separators, bidi controls) have no place in a subject line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit that changed a record: when, which, and its subject line."""

    date: datetime.date
    sha: str
    subject: str


@dataclass(slots=True)
class History:
    """Each file's last commit date and newest revisions, by path (relative
    to the project root, with /)."""

    updated: dict[str, datetime.date] = field(default_factory=dict)
    revisions: dict[str, list[Revision]] = field(default_factory=dict)


def history(content_dir: Path, root: Path, limit: int = MAX_REVISIONS) -> History:
    """The history of every file under ``content_dir``, from one ``git log``."""
    git = shutil.which("git")
    if git is None:
        return History()
    try:
        top = _git(git, root, "rev-parse", "--show-toplevel", timeout=30).strip()
        log = _git(
            git,
            Path(top),
            "-c",
            "core.quotePath=false",
            "log",
            f"--format={LOG_FORMAT}",
            "--name-only",
            "--no-renames",
            "--",
            str(content_dir),
            timeout=120,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return History()
    return parse_log(log, Path(top), root, limit)


def last_updated(content_dir: Path, root: Path) -> dict[str, datetime.date]:
    """Map each file path (relative to ``root``, with /) to its last commit date."""
    return history(content_dir, root, limit=0).updated


def _git(git: str, cwd: Path, *args: str, timeout: float) -> str:
    return subprocess.run(
        [git, *args],
        cwd=cwd,
        capture_output=True,
        check=True,
        timeout=timeout,
    ).stdout.decode("utf-8", errors="replace")


def parse_log(log: str, top: Path, root: Path, limit: int = MAX_REVISIONS) -> History:
    """Parse ``git log --format=LOG_FORMAT --name-only`` (newest commit first),
    skipping what does not parse; keep at most ``limit`` revisions a file."""
    found = History()
    try:
        resolved_root = root.resolve()
        resolved_top = top.resolve()
    except (OSError, RuntimeError):
        return found
    try:
        prefix = resolved_root.relative_to(resolved_top).as_posix()
    except ValueError:
        prefix = None
    prefix = "" if prefix == "." else prefix
    day: datetime.date | None = None
    revision: Revision | None = None
    for line in log.split("\n"):
        line = line.rstrip("\r")
        if line.startswith("\x00"):
            day, revision = _header(line[1:])
            continue
        if not line or day is None or "\x00" in line:
            continue
        relative = _relative(line, prefix, top, resolved_root)
        if relative is None:
            continue
        found.updated.setdefault(relative, day)
        if revision is not None and limit > 0:
            kept = found.revisions.setdefault(relative, [])
            if len(kept) < limit:
                kept.append(revision)
    return found


def _dates(log: str, top: Path, root: Path) -> dict[str, datetime.date]:
    """Each file's last commit date from a log; see ``parse_log``."""
    return parse_log(log, top, root, limit=0).updated


def _relative(line: str, prefix: str | None, top: Path, resolved_root: Path) -> str | None:
    """A path from the log (relative to the repository) relative to the root."""
    if prefix == "" and not line.startswith("/") and "/../" not in f"/{line}/":
        return line
    if prefix and line.startswith(prefix + "/") and "/../" not in f"/{line}/":
        return line[len(prefix) + 1 :]
    try:
        return (top / line).resolve().relative_to(resolved_root).as_posix()
    except (OSError, RuntimeError, ValueError):
        return None


def _header(text: str) -> tuple[datetime.date | None, Revision | None]:
    """The date and revision of a commit header; (None, None) when unreadable."""
    parts = text.split("\x00", 2)
    day = _commit_date(parts[0])
    if day is None:
        return None, None
    if len(parts) < 3 or not _SHA.match(parts[1]):
        return day, None
    subject = " ".join(_UNSAFE.sub(" ", parts[2]).split())
    return day, Revision(day, parts[1], subject)


def _commit_date(text: str) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None
