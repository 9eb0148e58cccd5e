"""The ``dossier`` command: validate records without building the site."""

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
    check.add_argument("content_dir", nargs="?", default="content", metavar="CONTENT_DIR",
                       help="folder holding entities/, events/, statements/, sources/ "
                       "(default: content)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text lines, GitHub workflow annotations, or JSON")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--entity-type", action="append", default=[], metavar="TYPE",
                       help="allow an extra entity type (as the plugin's entity_types option)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args)
    parser.error(f"unknown command {args.command}")  # pragma: no cover
    return EXIT_USAGE


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
    print(f"dossier: {checked.files} record files, {errors} error(s), {warnings} warning(s)",
          file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
