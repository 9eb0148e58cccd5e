"""``dossier new``: a commented skeleton for a new record, from the schema.

The skeleton lists every required field and, commented out, every optional
one, each with its meaning. Every value is a placeholder that ``dossier
validate`` rejects until it is replaced (``CHOOSE-ONE`` with the allowed
values beside it, ``YYYY-MM-DD``, ``""``), so a forgotten field cannot pass
as a plausible one. A modeline points the YAML language server at the
kind's JSON Schema.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .crosscheck import id_problem
from .kinds import REGISTRY
from .kinds import Kind as KindSpec
from .load import YAML_SUFFIXES, iter_record_files
from .spec import ID_PATTERN, FieldSpec, FieldType

KINDS = REGISTRY.kinds
ENTITY_TYPES = KINDS["entity"].vocabulary("type").values

#: Singular and plural names a contributor may type.
KIND_NAMES = {**{k: k for k in KINDS}, **{s.folder: k for k, s in KINDS.items()}}
#: The value a vocabulary field holds until a contributor chooses one.
CHOICE_PLACEHOLDER = "CHOOSE-ONE"
#: The value a date holds until it is filled in; not EDTF, so it fails.
DATE_PLACEHOLDER = "YYYY-MM-DD"


class ScaffoldError(ValueError):
    """A refusal, with a message for the contributor."""


def resolve_kind(name: str) -> KindSpec:
    kind = KIND_NAMES.get(name.lower())
    if kind is None:
        kinds = ", ".join(KINDS)
        raise ScaffoldError(f'unknown kind "{name}"; use one of {kinds}')
    return KINDS[kind]


def new_record(
    content_dir: Path,
    kind_name: str,
    record_id: str,
    schema_dir: Path | None = None,
    entity_types: tuple[str, ...] = (),
) -> Path:
    """Write the skeleton of a new record and return its path.

    Refuses an invalid id, an id any record already has, an existing path
    and a path that would resolve outside ``content_dir``.
    """
    spec = resolve_kind(kind_name)
    problem = id_problem(record_id, noun="id")
    if problem is None and not re.fullmatch(ID_PATTERN, record_id):
        problem = (
            f"id {record_id!r} is not a valid id: use lowercase letters, digits and single hyphens"
        )
    if problem:
        raise ScaffoldError(problem)
    if content_dir.exists() and not content_dir.is_dir():
        raise ScaffoldError(f"{_shown(content_dir)} is not a folder")
    for folder, names in iter_record_files(content_dir) if content_dir.is_dir() else ():
        for name in names:
            stem, suffix = os.path.splitext(name)
            if suffix in YAML_SUFFIXES and stem == record_id:
                taken = _shown(Path(folder, name))
                raise ScaffoldError(f'the id "{record_id}" is taken by {taken}')
    path = content_dir / spec.folder / f"{record_id}.yml"
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{_shown(path)} already exists")
    text = skeleton(spec, record_id, _schema_ref(path, schema_dir), entity_types)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ScaffoldError(f"{_shown(path.parent)} cannot be created ({_reason(error)})") from None
    root, parent = content_dir.resolve(), path.parent.resolve()
    if parent != root and root not in parent.parents:
        raise ScaffoldError(f"{_shown(path.parent)} leads outside the content folder")
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{_shown(path)} already exists") from None
    except OSError as error:
        raise ScaffoldError(f"{_shown(path)} cannot be written ({_reason(error)})") from None
    return path


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def _shown(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()


def _schema_ref(path: Path, schema_dir: Path | None) -> str | None:
    if schema_dir is None:
        return None
    target = schema_dir.absolute() / f"{KIND_NAMES[path.parent.name]}.json"
    return os.path.relpath(target, path.parent.absolute()).replace(os.sep, "/")


def skeleton(
    spec: KindSpec,
    record_id: str,
    schema_ref: str | None = None,
    entity_types: tuple[str, ...] = (),
) -> str:
    """The YAML text of a new record of ``spec``'s kind.

    ``record_id`` only names the file: no value is derived from it, since a
    name cannot be recovered from an id ("ed-bastian", "crowdstrike").
    """
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines.append(f"# A new {spec.name} ({record_id}): {spec.doc}.")
    lines.append("# Replace every placeholder value: `dossier validate` rejects them until you do.")
    lines.append("# Uncomment the optional fields you need. Check with: dossier validate")
    for field in spec.all_fields:
        if field.required or field.name in spec.required_unless:
            lines.append(_line(field, spec, entity_types))
    lines.append("")
    lines.append("# Optional fields:")
    for field in spec.all_fields:
        if not (field.required or field.name in spec.required_unless):
            lines.append("# " + _line(field, spec, entity_types))
    return "\n".join(lines) + "\n"


def _line(field: FieldSpec, spec: KindSpec, entity_types: tuple[str, ...]) -> str:
    comment = field.doc
    if field.name in spec.required_unless:
        condition, exempt = spec.required_unless[field.name]
        comment += f" (not needed when {condition} is {' or '.join(exempt)})"
    if field.type is FieldType.CHOICE:
        choices = field.choices
        if spec.name == "entity" and field.name == "type" and choices == ENTITY_TYPES:
            choices += tuple(t for t in entity_types if t not in choices)
        comment += f"; one of: {', '.join(choices)}"
    elif field.type is FieldType.DATE:
        example = f", e.g. {field.example}" if field.example else ", e.g. 2025-01-28 or 2025-01"
        comment += example
    elif field.type is FieldType.REF:
        comment += f"; the id of {' or '.join(field.targets)}"
    return f"{field.name}: {_placeholder(field)}  # {comment}"


def _placeholder(field: FieldSpec) -> str:
    match field.type:
        case FieldType.CHOICE:
            return CHOICE_PLACEHOLDER
        case FieldType.DATE:
            return DATE_PLACEHOLDER
        case FieldType.LIST if field.min_items:
            item = field.item
            target = "source"
            if item is not None and item.struct is not None and item.struct.shorthand:
                short = item.struct.field_named(item.struct.shorthand)
                target = short.targets[0] if short is not None and short.targets else target
            elif item is not None and item.targets:
                target = item.targets[0]
            return f"[{target.upper()}-ID]"
        case FieldType.LIST if field.item is not None and field.item.targets:
            return f"[{field.item.targets[0].upper()}-ID]"
        case FieldType.LIST:
            return "[]"
        case FieldType.REF:
            return f"{field.targets[0].upper()}-ID"
        case FieldType.URL:
            return '"https://"'
        case FieldType.WIKIDATA:
            return '"Q"'
        case _:
            return '""'
