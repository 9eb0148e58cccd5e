"""``dossier new``: a commented skeleton for a new record, from the schema.

The skeleton lists every required field (filled with a value to replace)
and, commented out, every optional one, each with its meaning; a modeline
points the YAML language server at the kind's JSON Schema.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from .crosscheck import id_problem
from .kinds import REGISTRY, Kind
from .load import YAML_SUFFIXES, iter_record_files
from .spec import FieldSpec, FieldType

#: Singular and plural names a contributor may type.
KIND_NAMES = {**{k.name: k.name for k in REGISTRY}, **{k.folder: k.name for k in REGISTRY}}


class ScaffoldError(ValueError):
    """A refusal, with a message for the contributor."""


def resolve_kind(name: str) -> Kind:
    kind = KIND_NAMES.get(name.lower())
    if kind is None:
        raise ScaffoldError(f'unknown kind "{name}"; use one of {", ".join(REGISTRY.names)}')
    return REGISTRY.kinds[kind]


def new_record(
    content_dir: Path, kind_name: str, record_id: str, schema_dir: Path | None = None
) -> Path:
    """Write the skeleton of a new record and return its path.

    Refuses an invalid id, an id any record already has, and an existing file.
    """
    spec = resolve_kind(kind_name)
    problem = id_problem(record_id, noun="id")
    if problem:
        raise ScaffoldError(problem)
    for folder, names in iter_record_files(content_dir) if content_dir.is_dir() else ():
        for name in names:
            stem, suffix = os.path.splitext(name)
            if suffix in YAML_SUFFIXES and stem == record_id:
                taken = Path(folder, name).as_posix()
                raise ScaffoldError(f'the id "{record_id}" is taken by {taken}')
    path = content_dir / spec.folder / f"{record_id}.yml"
    if path.exists():  # pragma: no cover - caught above unless raced
        raise ScaffoldError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = skeleton(spec, record_id, _schema_ref(path, schema_dir))
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return path


def _schema_ref(path: Path, schema_dir: Path | None) -> str | None:
    if schema_dir is None:
        return None
    target = schema_dir / f"{KIND_NAMES[path.parent.name]}.json"
    return os.path.relpath(target, path.parent).replace(os.sep, "/")


def skeleton(spec: Kind, record_id: str, schema_ref: str | None = None) -> str:
    """The YAML text of a new record of ``spec``'s kind."""
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines.append(f"# A new {spec.name}: {spec.doc}.")
    lines.append("# Replace every value; uncomment optional fields you need.")
    lines.append("# Check it with: dossier validate")
    for field in spec.all_fields:
        if field.required or field.name in spec.required_unless:
            lines.extend(_required(field, record_id, spec))
    lines.append("")
    lines.append("# Optional fields:")
    for field in spec.all_fields:
        if not (field.required or field.name in spec.required_unless):
            lines.append(f"# {field.name}: {_placeholder(field, record_id)}  # {field.doc}")
    return "\n".join(lines) + "\n"


def _required(field: FieldSpec, record_id: str, spec: Kind) -> list[str]:
    comment = f"  # {field.doc}"
    if field.name in spec.required_unless:
        condition, exempt = spec.required_unless[field.name]
        comment += f" (not needed when {condition} is {' or '.join(exempt)})"
    if field.type is FieldType.CHOICE:
        comment += f"; one of: {', '.join(field.choices)}"
    return [f"{field.name}: {_placeholder(field, record_id)}{comment}"]


def _placeholder(field: FieldSpec, record_id: str) -> str:
    match field.type:
        case FieldType.CHOICE:
            return field.choices[0]
        case FieldType.DATE:
            return field.example or datetime.date.today().isoformat()
        case FieldType.LIST:
            return "[]" if not field.min_items else "[source-id]"
        case FieldType.REF:
            return f"{field.targets[0]}-id"
        case FieldType.URL:
            return "https://"
        case FieldType.COUNTRY:
            return "US"
        case FieldType.LANGUAGE:
            return "en"
        case FieldType.WIKIDATA:
            return "Q"
        case _:
            if field.name in ("name", "title"):
                return '"' + record_id.replace("-", " ").capitalize() + '"'
            return '""'
