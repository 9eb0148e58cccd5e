"""``dossier render``: the generated site as ordinary files in the docs folder.

For a site generator that does not run MkDocs plugins (Zensical), or a build
that should not depend on the plugin: every page, index and view, the
assets, the data files, the feed and the schemas are written into the docs
folder, byte for byte what the plugin hands MkDocs (both come from
``SiteBuild``), plus a home page when the folder has none.

A manifest (``.dossier-render.json``) records each file written with its
hash, so that a later run rewrites only what changed (an unchanged file keeps
its modification time, and a generator's incremental build its cache),
removes what is no longer generated, and never writes over a file it did not
write: a hand-written page in the way is an error, and nothing is written
(a file already holding exactly what would be written is taken as its own).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .build import ContentError, SiteBuild
from .kinds import OptionError, registry
from .problems import Problem
from .project import Project
from .urls import Urls

MANIFEST = ".dossier-render.json"
MANIFEST_VERSION = 1
#: Names a docs folder's own home page may have.
HOME_PAGES = ("index.md", "README.md")


class RenderError(Exception):
    """``dossier render`` cannot write: ``messages`` says why, one line each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages[0] if messages else "cannot render")
        self.messages = messages


class RenderContentError(Exception):
    """The content has errors (``problems``); nothing was written."""

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        super().__init__(summary)
        self.problems = problems


@dataclass(slots=True)
class Rendered:
    """What a run did, by path relative to the output folder."""

    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: Warnings of the content check (errors stop the run).
    problems: list[Problem] = field(default_factory=list)


def site_build(project: Project) -> SiteBuild:
    """The ``SiteBuild`` the plugin would make for this project's ``mkdocs.yml``."""
    try:
        types = registry(list(project.options.get("entity_types") or []))
    except OptionError as error:
        raise RenderError([str(error)]) from None
    templates = [project.templates_dir] if project.templates_dir else []
    return SiteBuild(
        content_dir=project.content_dir,
        root=project.root,
        registry=types,
        template_dirs=templates,
        jobs=project.jobs,
        urls=Urls(project.use_directory_urls, project.site_url),
        site_name=project.site_name,
    )


def generated_files(build: SiteBuild) -> dict[str, bytes]:
    """Every file the plugin adds to a site, by path, after ``build.prepare()``."""
    files: dict[str, bytes] = {}
    for uri in build.pages:
        files[uri] = build.markdown(uri).encode("utf-8")
    for uri, text in build.assets().items():
        files[uri] = text.encode("utf-8")
    for uri, path in build.data_files:
        files[uri] = path.read_bytes()
    return files


def render_site(project: Project, out: Path | None = None) -> Rendered:
    """Write the generated site into ``out`` (default: the project's docs folder).

    Raises ``RenderContentError`` for broken content and ``RenderError`` for a
    file in the way; nothing is written in either case.
    """
    out = (out or project.docs_dir or project.root / "docs").resolve()
    build = site_build(project)
    try:
        try:
            build.prepare()
        except ContentError as error:
            raise RenderContentError(str(error), error.problems) from None
        files = generated_files(build)
        previous = read_manifest(out)
        if not any(
            (out / name).exists() and name not in previous for name in HOME_PAGES
        ) and not any(name in files for name in HOME_PAGES):
            files["index.md"] = build.home_page().encode("utf-8")
        result = Rendered(out, problems=list(build.problems))
        _check_targets(out, files, previous)
        out.mkdir(parents=True, exist_ok=True)
        _write(out, files, previous, result)
        return result
    finally:
        build.close()


def read_manifest(out: Path) -> dict[str, str]:
    """What the last run wrote into ``out``: path -> hash ({} when none or unreadable)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        name: digest
        for name, digest in files.items()
        if isinstance(name, str) and isinstance(digest, str) and _safe(name)
    }


def rendered_paths(out: Path) -> set[str]:
    """The paths ``dossier render`` wrote into ``out``, by its manifest."""
    return set(read_manifest(out))


def _safe(name: str) -> bool:
    """A manifest path that stays inside the output folder."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_targets(out: Path, files: dict[str, bytes], previous: dict[str, str]) -> None:
    problems = []
    if out.exists() and not out.is_dir():
        raise RenderError([f"{_shown(out)}: exists and is not a folder"])
    for name in files:
        path = out / name
        # A folder on the way (docs/entities as a file) is in the way too.
        for parent in PurePosixPath(name).parents:
            if str(parent) != "." and (out / parent).exists() and not (out / parent).is_dir():
                problems.append(
                    f"{_shown(out / parent)}: is a file where the generated page {name} "
                    "needs a folder; move or rename it"
                )
        if path.is_symlink() or (path.exists() and not path.is_file()):
            problems.append(
                f"{_shown(path)}: is not a regular file, and the generated page {name} "
                "would replace it; move or rename it"
            )
        elif path.exists() and name not in previous and not _same(path, files[name]):
            problems.append(
                f"{_shown(path)}: is a hand-written file in the way of the generated "
                f"page {name}; move or rename it (dossier render never writes over "
                "files it did not write)"
            )
    if problems:
        raise RenderError(sorted(set(problems)))


def _write(out: Path, files: dict[str, bytes], previous: dict[str, str], result: Rendered) -> None:
    manifest: dict[str, str] = {}
    for name, data in sorted(files.items()):
        digest = _digest(data)
        manifest[name] = digest
        path = out / name
        if _same(path, data):
            result.unchanged.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.dossier-tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        result.written.append(name)
    for name in sorted(set(previous) - set(files)):
        path = out / name
        if path.is_file() and not path.is_symlink():
            path.unlink()
            result.removed.append(name)
            _prune(path.parent, out)
    text = json.dumps({"version": MANIFEST_VERSION, "files": manifest}, indent=1) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")


def _same(path: Path, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (the size first, cheaply)."""
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _prune(folder: Path, out: Path) -> None:
    """Remove folders left empty by removed files, up to ``out``."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _shown(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()
