"""Stage 1, load: the record files under ``content/<kind>/`` into documents.

This module walks the content folder (``files.py`` refuses what is not a
regular file) and hands each file to the YAML builder (``yamltree.py``);
a record's kind comes from its folder and its id from its file name.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .files import ignored, ignored_problem, read_regular, refused, walk
from .kinds import REGISTRY
from .problems import Position, Problem, Severity, did_you_mean
from .yamltree import (
    MAX_FILE_BYTES,
    LoadError,
    Mapping,
    Parsed,
    parse_record,
    too_large,
)

KIND_FOLDERS = REGISTRY.folders
_FOLDER_LIST = ", ".join(f"{folder}/" for folder in KIND_FOLDERS)
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True, slots=True)
class Document:
    """One record file: its kind (from the folder), id (from the stem) and body."""

    path: str
    kind: str
    id: str
    root: Mapping
    #: The decoded file text, to locate things inside multi-line values.
    text: str = field(default="", repr=False, compare=False)


@dataclass(slots=True)
class LoadResult:
    documents: list[Document]
    problems: list[Problem]
    #: Every record file seen, parsed or not, as (id, kind, display path).
    #: Later stages resolve references against this, so one broken file does
    #: not cascade into "unknown id" errors in every file that names it.
    record_files: list[tuple[str, str, str]] = field(default_factory=list)


def iter_record_files(content_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """Every folder below ``content_dir`` with its non-hidden files, in a
    stable order (strings, not paths: thousands of files are listed)."""
    for folder, dirnames, filenames in os.walk(content_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield folder, sorted(name for name in filenames if not name.startswith("."))


class ParseCache(dict[str, tuple[tuple[int, int], "Parsed | LoadError"]]):
    """Parsed files by path, kept between builds of ``mkdocs serve``: the key
    is (modification time, size), the value the parse result or the
    LoadError; and the document last made of each parse (``documents``)."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: dict[str, Document] = {}


class FileChanges:
    """The files a watcher saw change below a folder since the last load.

    ``take`` hands over the paths (relative to the folder, with ``/``) noted
    since the last ``take``, or None when they are not known: before the
    first ``take`` (files may have changed before the watch began), or
    after ``lose`` (a folder moved, a path outside the folder, a load that
    did not finish). With them a load need not ``lstat`` the other files
    it parsed before; without them it checks every file.
    """

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._known = False

    def note(self, path: str) -> None:
        relative = os.path.relpath(os.path.abspath(path), self.root)
        if relative == os.curdir or relative.startswith(os.pardir):
            self.lose()
            return
        with self._lock:
            self._paths.add(relative.replace(os.sep, "/"))

    def lose(self) -> None:
        with self._lock:
            self._known = False

    def take(self) -> frozenset[str] | None:
        with self._lock:
            paths, known = frozenset(self._paths), self._known
            self._paths, self._known = set(), True
        return paths if known else None


def load_dossier(
    content_dir: Path | str,
    display_base: Path | str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    cache: ParseCache | None = None,
    changed: frozenset[str] | None = None,
) -> LoadResult:
    """Load every record file under ``content_dir``.

    Paths in documents and problems are shown relative to ``display_base``
    (default: the current directory) so they can be clicked in a terminal.
    With a ``cache``, a file whose modification time and size are unchanged
    is not parsed again; with ``changed`` as well (``FileChanges.take``),
    a cached file not among those paths is not even looked at again.
    Symlinks and anything but regular files are refused and never opened;
    hidden and backup files that look like records are listed as warnings.
    """
    content_dir = Path(content_dir)
    base = Path(display_base) if display_base is not None else Path.cwd()
    result = LoadResult([], [])
    if content_dir.is_symlink():
        result.problems.append(refused(_display(content_dir, base)))
        return result
    if not content_dir.is_dir():
        result.problems.append(
            Problem(_display(content_dir, base), 1, 1, "content folder not found", "missing")
        )
        return result
    shown: dict[str, str] = {}
    unchanged = cache if cache is not None and changed is not None else {}
    root = str(content_dir)
    looked_at = {os.path.join(root, *path.split("/")) for path in changed or ()}
    made = cache.documents if isinstance(cache, ParseCache) else None
    for folder, parts, entry in walk(root):
        shown_folder = shown.get(folder)
        if shown_folder is None:
            shown_folder = shown[folder] = _display(Path(folder), base)
        name = entry.name
        display = name if shown_folder == "." else f"{shown_folder}/{name}"
        kind = KIND_FOLDERS.get(parts[0]) if parts else None
        record_id, suffix = os.path.splitext(name)
        is_yaml = suffix in YAML_SUFFIXES
        reason = ignored(name)
        if reason is not None:
            problem = ignored_problem(display, entry, reason, kind is not None)
            if problem is not None:
                result.problems.append(problem)
            continue
        # Only regular record files are cached: one nothing changed is
        # taken as it was, without a system call.
        hit = unchanged.get(entry.path)
        if hit is not None and kind is not None and is_yaml and entry.path not in looked_at:
            result.record_files.append((record_id, kind, display))
            document = made.get(entry.path) if made is not None else None
            parsed = hit[1]
            if (
                document is not None
                and isinstance(parsed, Parsed)
                and document.root is parsed.root
                and (document.path, document.kind, document.id) == (display, kind, record_id)
                and not parsed.warnings
            ):
                result.documents.append(document)
            else:
                _add_parsed(result, display, kind, record_id, parsed, made, entry.path)
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as error:
            result.problems.append(
                Problem(display, 1, 1, f"cannot read file: {error.strerror}", "io")
            )
            continue
        if kind is not None and is_yaml:
            result.record_files.append((record_id, kind, display))
        if stat.S_ISLNK(info.st_mode):
            result.problems.append(refused(display))
            continue
        if not stat.S_ISREG(info.st_mode):
            result.problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "not a regular file (a pipe, socket or device); records are plain "
                    "files, and this one is not read",
                    "not-a-file",
                )
            )
            continue
        if kind is None:
            if is_yaml:
                result.problems.append(_misplaced(display, Path(*parts, name)))
            continue
        if not is_yaml:
            result.problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "not a record file: records end in .yml or .yaml; this file is ignored",
                    "not-yaml",
                    Severity.WARNING,
                )
            )
            continue
        try:
            parsed = _parse_file(entry.path, info, max_bytes, cache)
        except OSError as error:
            result.problems.append(
                Problem(display, 1, 1, f"cannot read file: {error.strerror}", "io")
            )
            continue
        _add_parsed(result, display, kind, record_id, parsed, made, entry.path)
    return result


def _add_parsed(
    result: LoadResult,
    display: str,
    kind: str,
    record_id: str,
    parsed: Parsed | LoadError,
    made: dict[str, Document] | None = None,
    path: str = "",
) -> None:
    """A parsed file's document and warnings, or its error; the document
    kept in ``made`` by ``path``."""
    if isinstance(parsed, LoadError):
        result.problems.append(
            Problem(display, parsed.pos.line, parsed.pos.column, parsed.message, parsed.code)
        )
        return
    for pos, message, code in parsed.warnings:
        result.problems.append(
            Problem(display, pos.line, pos.column, message, code, Severity.WARNING)
        )
    document = Document(display, kind, record_id, parsed.root, parsed.text)
    result.documents.append(document)
    if made is not None:
        made[path] = document


def _parse_file(
    file: str, info: os.stat_result, max_bytes: int, cache: ParseCache | None
) -> Parsed | LoadError:
    """Parse one regular file, checked with ``lstat`` before it is opened."""
    key = (info.st_mtime_ns, info.st_size)
    if cache is not None and file in cache and cache[file][0] == key:
        return cache[file][1]
    if info.st_size > max_bytes:
        return too_large(info.st_size, max_bytes)
    data = read_regular(file, info, max_bytes)
    if data is None:
        return LoadError("file changed while it was read; run again", Position(), "io")
    try:
        parsed: Parsed | LoadError = parse_record(data, max_bytes)
    except LoadError as error:
        parsed = error
    if cache is not None:
        cache[file] = (key, parsed)
    return parsed


def _display(file: Path, base: Path) -> str:
    try:
        return os.path.relpath(file, base).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return file.as_posix()


def _misplaced(display: str, relative: Path) -> Problem:
    if len(relative.parts) == 1:
        message = f"record file is not inside a kind folder: move it to one of {_FOLDER_LIST}"
    else:
        folder = relative.parts[0]
        message = (
            f'"{folder}/" is not a kind folder; records live in {_FOLDER_LIST}'
            f"{did_you_mean(folder, KIND_FOLDERS)}"
        )
        if not did_you_mean(folder, KIND_FOLDERS):
            singular = {kind: folder_ for folder_, kind in KIND_FOLDERS.items()}.get(folder)
            if singular:
                message += f' (did you mean "{singular}"?)'
    return Problem(display, 1, 1, message, "misplaced")
