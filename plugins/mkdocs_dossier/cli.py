"""The ``dossier`` command: validate, scaffold, schema and export, without MkDocs.

Every command reads the ``dossier`` plugin's options from the nearest
``mkdocs.yml`` (or ``-f FILE``), so it agrees with ``mkdocs build``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .engine import check_content
from .problems import Severity, format_problems
from .project import Project, ProjectError, entity_type_names, load_project, site_schemas

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line, the config or an output path: exit 2."""


def _config_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "-f",
        "--config-file",
        metavar="FILE",
        help="the site's mkdocs.yml (default: the nearest one in this folder or above)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Validate and manage the YAML records of a Dossier briefing site.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    config = [_config_option()]
    check = commands.add_parser(
        "validate",
        parents=config,
        help="check every record; print path:line:col: messages",
        description="Check every record under CONTENT_DIR and report every problem at once. "
        "Exit 0 when clean, 1 when there are problems, 2 on a usage error.",
    )
    check.add_argument(
        "content_dir",
        nargs="?",
        metavar="CONTENT_DIR",
        help="folder holding entities/, events/, statements/, sources/ "
        "(default: the plugin's content_dir in mkdocs.yml, else content)",
    )
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text lines, GitHub workflow annotations, or JSON",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--explain",
        metavar="RULE",
        help="print what a rule checks, with a passing and a failing example, and exit",
    )
    check.add_argument(
        "--entity-type",
        action="append",
        default=[],
        metavar="TYPE",
        help="allow an entity type beyond the plugin's entity_types option",
    )

    new = commands.add_parser(
        "new",
        parents=config,
        help="write a commented skeleton for a new record",
        description="Write content/<kind>/<id>.yml with every required field to fill in. "
        "Refuses an invalid or taken id and never overwrites a file.",
    )
    new.add_argument("kind", metavar="KIND", help="entity, event, statement or source")
    new.add_argument("id", metavar="ID", help="lowercase words joined by hyphens, e.g. openai")
    new.add_argument(
        "--content-dir", help="default: the plugin's content_dir in mkdocs.yml, else content"
    )
    new.add_argument(
        "--schema-dir",
        help="where `dossier schema` writes the JSON Schemas (default: schema/ beside mkdocs.yml)",
    )

    schema = commands.add_parser(
        "schema",
        parents=config,
        help="write the JSON Schemas that editors use to check records",
        description="Write <kind>.json for each record kind, generated from the same "
        "definitions the validator uses.",
    )
    schema.add_argument(
        "out", nargs="?", metavar="DIR", help="output folder (default: schema/ beside mkdocs.yml)"
    )

    export = commands.add_parser(
        "export",
        parents=config,
        help="write the dossier as JSON and one CSV per kind",
        description="Write dossier.json (every record, every field, resolved links), a CSV "
        "per kind and a CSV per list field; with --sqlite, a SQLite database instead.",
    )
    export.add_argument(
        "content_dir",
        nargs="?",
        metavar="CONTENT_DIR",
        help="default: the plugin's content_dir in mkdocs.yml, else content",
    )
    export.add_argument(
        "--out", help="output folder for JSON and CSV (default: data/ beside mkdocs.yml)"
    )
    export.add_argument(
        "--sqlite",
        metavar="FILE",
        help="write a SQLite database (tables, foreign keys, full-text search) to FILE",
    )

    render = commands.add_parser(
        "render",
        parents=config,
        help="write the generated pages, assets and data files into the docs folder",
        description="Write every page the plugin generates (records, indexes, views), its "
        "assets, data files, feed and schemas into the docs folder as ordinary files, for a "
        "site generator that does not run MkDocs plugins (Zensical). Rewrites only what "
        "changed, removes what is no longer generated and never writes over a file it did "
        "not write. Exit 0 when written, 1 when the content has errors, 2 when a file is in "
        "the way.",
    )
    render.add_argument(
        "--out", metavar="DIR", help="output folder (default: docs_dir of mkdocs.yml, else docs)"
    )

    init = commands.add_parser(
        "init",
        help="start a new dossier repository",
        description="Write a ready dossier repository into DIR: mkdocs.yml, the site's pages, "
        "one example record of each kind, JSON Schemas, editor settings and GitHub workflows "
        "that validate, build and publish it. Refuses a folder that is not empty.",
    )
    init.add_argument(
        "dir", nargs="?", default=".", metavar="DIR", help="folder to create (default: here)"
    )
    init.add_argument("--title", required=True, help='the story\'s title, e.g. "The Acme leak"')
    init.add_argument(
        "--engine",
        default="mkdocs",
        metavar="ENGINE",
        help="the site generator: mkdocs (the plugin, the default) or zensical "
        "(dossier render before zensical build)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "validate": _validate,
        "new": _new,
        "schema": _schema,
        "export": _export,
        "render": _render,
        "init": _init,
    }
    try:
        return handlers[args.command](args)
    except (UsageError, ProjectError) as error:
        print(f"dossier {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _project(args: argparse.Namespace) -> Project:
    return load_project(args.config_file)


def _given_or(path: str | None, default: Path) -> Path:
    """A folder named on the command line (from here), else the project's."""
    return Path(path).resolve() if path is not None else default


def _shown(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()


def _validate(args: argparse.Namespace) -> int:
    if args.explain is not None:
        return _explain(args.explain)
    project = _project(args)
    content_dir = _given_or(args.content_dir, project.content_dir)
    if not content_dir.is_dir():
        raise UsageError(f"{_shown(content_dir)}: no such folder")
    entity_types = (*project.entity_types, *args.entity_type)
    checked = check_content(content_dir, entity_types=entity_types, rule_levels=project.rules)
    output = format_problems(checked.problems, args.format)
    if output or args.format == "json":
        print(output)
    errors = sum(p.severity is Severity.ERROR for p in checked.problems)
    warnings = sum(p.severity is Severity.WARNING for p in checked.problems)
    infos = len(checked.problems) - errors - warnings
    print(
        f"dossier: {checked.files} record files, {errors} error(s), {warnings} warning(s)"
        + (f", {infos} info" if infos else ""),
        file=sys.stderr,
    )
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _explain(rule_id: str) -> int:
    """Print what a rule checks; an unknown rule is a usage error."""
    from .problems import did_you_mean, quoted_list
    from .rules import RULES, explain

    if rule_id not in RULES:
        raise UsageError(
            f'no rule has the id "{rule_id}"{did_you_mean(rule_id, RULES)}; '
            f"the rules are {quoted_list(RULES)}"
        )
    print(explain(rule_id), end="")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_record

    project = _project(args)
    content_dir = _given_or(args.content_dir, project.content_dir)
    schema_dir = _given_or(args.schema_dir, project.root / "schema")
    try:
        path = new_record(content_dir, args.kind, args.id, schema_dir, entity_type_names(project))
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    print(_shown(path))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .jsonschema import dumps

    project = _project(args)
    out = _output_dir(_given_or(args.out, project.root / "schema"), project)
    files = {f"{kind}.json": dumps(schema) for kind, schema in site_schemas(project).items()}
    for path in _write_files(out, files):
        print(_shown(path))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .export import csv_tables, dossier_json

    project = _project(args)
    content_dir = _given_or(args.content_dir, project.content_dir)
    if not content_dir.is_dir():
        raise UsageError(f"{_shown(content_dir)}: no such folder")
    database = Path(args.sqlite) if args.sqlite else None
    if database is not None:
        from .sqlite import SqliteOutputError, check_output

        try:
            check_output(database, content_dir)
        except SqliteOutputError as error:
            print(f"dossier export: error: {error}", file=sys.stderr)
            return EXIT_USAGE
    out = None
    if args.out is not None or database is None:
        out = _output_dir(_given_or(args.out, project.root / "data"), project, content_dir)
    checked = check_content(content_dir, entity_types=project.entity_types)
    if checked.index is None:
        print(format_problems(checked.problems), file=sys.stderr)
        print("dossier export: error: fix the problems above first", file=sys.stderr)
        return EXIT_PROBLEMS
    if database is not None:
        import sqlite3

        from .sqlite import write_sqlite

        try:
            write_sqlite(checked.index, database)
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or error
            print(
                f"dossier export: error: {database}: cannot be written: {reason}", file=sys.stderr
            )
            return EXIT_USAGE
        print(f"dossier export: wrote {database.as_posix()}")
    if out is None:
        return EXIT_OK
    tables = csv_tables(checked.index)
    files = {"dossier.json": dossier_json(checked.index)}
    files.update({f"{name}.csv": table for name, table in tables.items()})
    _write_files(out, files)
    print(f"dossier export: wrote {_shown(out)}/dossier.json and {len(tables)} CSV files")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from .render_files import RenderContentError, RenderError, render_site

    project = _project(args)
    if not project.content_dir.is_dir():
        raise UsageError(f"{_shown(project.content_dir)}: no such folder")
    default = project.docs_dir or project.root / "docs"
    out = _given_or(args.out, default).resolve()
    if out == project.content_dir or project.content_dir in out.parents:
        raise UsageError(
            f"{_shown(out)}: is inside the content folder {_shown(project.content_dir)}/, "
            "where only records belong; choose another folder"
        )
    try:
        result = render_site(project, out)
    except RenderContentError as error:
        print(format_problems(error.problems), file=sys.stderr)
        print(f"dossier render: error: {error}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except RenderError as error:
        for message in error.messages:
            print(f"dossier render: error: {message}", file=sys.stderr)
        print("dossier render: nothing was written", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        name = _shown(Path(error.filename)) if error.filename else _shown(out)
        raise UsageError(f"{name}: cannot be written ({_reason(error)})") from None
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
    for name in result.removed:
        print(f"dossier render: removed {_shown(out / name)} (no longer generated)")
    print(
        f"dossier render: {len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed in {_shown(out)}/"
    )
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from .init import InitError, init_project

    try:
        written = init_project(Path(args.dir), args.title, args.engine)
    except InitError as error:
        raise UsageError(str(error)) from None
    target = _shown(written.root)
    print(f"dossier init: wrote a new dossier in {target}/ ({len(written.files)} files)")
    for note in written.notes:
        print(f"dossier init: note: {note}")
    serve = "make serve" if args.engine == "zensical" else "mkdocs serve"
    print(f"next: cd {target} && {serve}")
    return EXIT_OK


def _output_dir(out: Path, project: Project, content_dir: Path | None = None) -> Path:
    """``out`` as a folder to write into, or a UsageError saying why it cannot be."""
    out = out.resolve()
    for records in {project.content_dir, content_dir or project.content_dir}:
        if out == records or records in out.parents:
            raise UsageError(
                f"{_shown(out)}: is inside the content folder {_shown(records)}/, "
                "where only records belong; choose another folder"
            )
    if out.exists() and not out.is_dir():
        raise UsageError(f"{_shown(out)}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{_shown(out)}: cannot create the folder ({_reason(error)})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"{_shown(out)}: the folder is not writable")
    return out


def _write_files(out: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for name, text in files.items():
        path = out / name
        try:
            if path.is_symlink() or (path.exists() and not path.is_file()):
                raise UsageError(f"{_shown(path)}: exists and is not a regular file")
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            raise UsageError(f"{_shown(path)}: cannot be written ({_reason(error)})") from None
        written.append(path)
    return written


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
