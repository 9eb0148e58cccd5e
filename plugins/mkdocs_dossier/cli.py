"""The ``dossier`` command: validate, scaffold, schema and export, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .engine import check_content
from .problems import Severity, format_problems

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Validate and manage the YAML records of a Dossier briefing site.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    check = commands.add_parser(
        "validate",
        help="check every record; print path:line:col: messages",
        description="Check every record under CONTENT_DIR and report every problem at once. "
        "Exit 0 when clean, 1 when there are problems, 2 on a usage error.",
    )
    check.add_argument(
        "content_dir",
        nargs="?",
        default="content",
        metavar="CONTENT_DIR",
        help="folder holding entities/, events/, statements/, sources/ (default: content)",
    )
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text lines, GitHub workflow annotations, or JSON",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--entity-type",
        action="append",
        default=[],
        metavar="TYPE",
        help="allow an extra entity type (as the plugin's entity_types option)",
    )

    new = commands.add_parser(
        "new",
        help="write a commented skeleton for a new record",
        description="Write content/<kind>/<id>.yml with every required field to fill in. "
        "Refuses an invalid or taken id and never overwrites a file.",
    )
    new.add_argument("kind", metavar="KIND", help="entity, event, statement or source")
    new.add_argument("id", metavar="ID", help="lowercase words joined by hyphens, e.g. openai")
    new.add_argument("--content-dir", default="content", help="default: content")
    new.add_argument(
        "--schema-dir",
        default="schema",
        help="where `dossier schema` writes the JSON Schemas (default: schema)",
    )

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schemas that editors use to check records",
        description="Write <kind>.json for each record kind, generated from the same "
        "definitions the validator uses.",
    )
    schema.add_argument(
        "out", nargs="?", default="schema", metavar="DIR", help="output folder (default: schema)"
    )

    export = commands.add_parser(
        "export",
        help="write the dossier as JSON and one CSV per kind",
        description="Write dossier.json (every record, every field, resolved links), a CSV "
        "per kind and a CSV per list field; with --sqlite, a SQLite database instead.",
    )
    export.add_argument("content_dir", nargs="?", default="content", metavar="CONTENT_DIR")
    export.add_argument(
        "--out", help="output folder for JSON and CSV (default: data, unless --sqlite is given)"
    )
    export.add_argument(
        "--sqlite",
        metavar="FILE",
        help="write a SQLite database (tables, foreign keys, full-text search) to FILE",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"validate": _validate, "new": _new, "schema": _schema, "export": _export}
    return handlers[args.command](args)


def _validate(args: argparse.Namespace) -> int:
    content_dir = Path(args.content_dir)
    if not content_dir.is_dir():
        print(f"dossier validate: error: {args.content_dir}: no such folder", file=sys.stderr)
        return EXIT_USAGE
    checked = check_content(content_dir, entity_types=tuple(args.entity_type))
    output = format_problems(checked.problems, args.format)
    if output or args.format == "json":
        print(output)
    errors = sum(p.severity is Severity.ERROR for p in checked.problems)
    warnings = len(checked.problems) - errors
    print(
        f"dossier: {checked.files} record files, {errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_record

    try:
        path = new_record(Path(args.content_dir), args.kind, args.id, Path(args.schema_dir))
    except ScaffoldError as error:
        print(f"dossier new: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(path.as_posix())
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .jsonschema import all_schemas, dumps

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind, schema in all_schemas().items():
        (out / f"{kind}.json").write_text(dumps(schema), encoding="utf-8")
        print((out / f"{kind}.json").as_posix())
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .export import csv_tables, dossier_json

    content_dir = Path(args.content_dir)
    database = Path(args.sqlite) if args.sqlite else None
    if database is not None:
        from .sqlite import SqliteOutputError, check_output

        try:
            check_output(database, content_dir)
        except SqliteOutputError as error:
            print(f"dossier export: error: {error}", file=sys.stderr)
            return EXIT_USAGE
    checked = check_content(content_dir)
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
    if args.out is None and database is not None:
        return EXIT_OK
    out = Path(args.out or "data")
    out.mkdir(parents=True, exist_ok=True)
    (out / "dossier.json").write_text(dossier_json(checked.index), encoding="utf-8")
    tables = csv_tables(checked.index)
    for name, table in tables.items():
        (out / f"{name}.csv").write_text(table, encoding="utf-8", newline="")
    print(f"dossier export: wrote {out.as_posix()}/dossier.json and {len(tables)} CSV files")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
