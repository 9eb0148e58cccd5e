"""Which files under ``content/`` are read, and how, so files are what they seem.

The tree is walked without following symlinks; a symlink, a pipe, a device
or a socket is refused by name and never opened. A file is opened only
after ``lstat`` found it regular and small enough, with ``O_NOFOLLOW`` and
``O_NONBLOCK``, and must still be that file once open. Hidden and editor
backup files that look like records are named in warnings, not skipped
silently.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator

from .problems import Problem, Severity

__all__ = ["ignored", "ignored_problem", "read_regular", "refused", "walk"]

_BACKUP_SUFFIXES = (".swp", ".swo", ".swx", ".bak", ".orig", ".rej", ".tmp", ".old")
_RECORD_SHAPED = re.compile(r"\.ya?ml", re.IGNORECASE)
_MAX_HIDDEN_SCAN = 10_000


def walk(content_dir: str) -> Iterator[tuple[str, tuple[str, ...], os.DirEntry[str]]]:
    """Every entry below ``content_dir`` as (folder, its parts, entry): files of
    a folder first, sorted, then its subfolders in order. Symlinks are yielded,
    never followed; folders are walked with a stack, not recursion."""
    stack: list[tuple[str, tuple[str, ...]]] = [(content_dir, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and not ignored(entry.name):
                folders.append(entry)
            else:
                yield folder, parts, entry
        for entry in reversed(folders):
            stack.append((entry.path, (*parts, entry.name)))


def ignored(name: str) -> str | None:
    """Why a file or folder name is never read as a record, or ``None``."""
    if name.startswith("."):
        return "hidden"
    if name.endswith(("~", "#")) or name.startswith("#") or name.endswith(_BACKUP_SUFFIXES):
        return "backup"
    return None


def _holds_yaml(folder: str) -> bool:
    """Whether a folder (not followed through symlinks) holds a YAML-named file."""
    seen = 0
    for _, _, names in os.walk(folder):
        seen += len(names)
        if any(_RECORD_SHAPED.search(name) for name in names):
            return True
        if seen > _MAX_HIDDEN_SCAN:
            return False
    return False


def refused(display: str) -> Problem:
    return Problem(
        display,
        1,
        1,
        "symbolic link refused: records and their folders must be real files and "
        "folders under content/ (links are never followed)",
        "symlink",
    )


def ignored_problem(
    display: str, entry: os.DirEntry[str], reason: str, in_kind: bool
) -> Problem | None:
    """A warning for an ignored name that looks like a record (or a folder of them)."""
    name = entry.name
    try:
        is_folder = entry.is_dir(follow_symlinks=False)
    except OSError:
        is_folder = False
    if is_folder:
        if not _holds_yaml(entry.path):
            return None
        message = (
            "hidden folder is ignored: the record files in it are not read; "
            "remove the leading dot to include them"
        )
    elif _RECORD_SHAPED.search(name) or (in_kind and reason == "backup"):
        if reason == "hidden":
            message = (
                "hidden file is ignored although it looks like a record; "
                "remove the leading dot to include it"
            )
        else:
            message = (
                "editor backup or temporary file is ignored; records are named "
                "<id>.yml or <id>.yaml"
            )
    else:
        return None
    return Problem(display, 1, 1, message, "ignored", Severity.WARNING)


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular(file: str, info: os.stat_result, max_bytes: int) -> bytes | None:
    """At most ``max_bytes + 1`` bytes of a file that ``lstat`` found regular,
    opened without following a symlink or blocking on a pipe; ``None`` if it
    is no longer that same regular file."""
    fd = os.open(file, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode) or opened.st_ino != info.st_ino:
            return None
        return handle.read(max_bytes + 1)
