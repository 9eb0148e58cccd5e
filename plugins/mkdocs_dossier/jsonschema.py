"""JSON Schemas for editors, generated from the registry of kinds.

The validator and these schemas read the same ``KindSpec`` definitions, so
an editor with the YAML language server flags the same unknown fields,
missing fields, vocabularies and shapes as ``dossier validate``. Checks a
JSON Schema cannot express (EDTF calendars, reference resolution, cycles)
stay with the validator; the schema is the fast first line while typing.
"""

from __future__ import annotations

import json
from typing import Any

from .kinds import REGISTRY, Kind, Registry
from .spec import ID_MAX_LENGTH, ID_PATTERN, TAG_MAX_LENGTH, FieldSpec, FieldType, StructSpec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A permissive EDTF shape (levels 0-1); the validator checks the calendar.
EDTF_SHAPE = (
    r"^(\.\.|[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?[?~%]?)?"
    r"(/(\.\.|[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?)?)?$"
)
BCP47_SHAPE = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"


def kind_schema(spec: Kind, base_url: str = "") -> dict[str, Any]:
    """The JSON Schema of one record kind."""
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{base_url}{spec.name}.json" if base_url else f"{spec.name}.json",
        "title": f"Dossier {spec.name}",
        "description": f"A {spec.name}: {spec.doc}. One record per file in "
        f"content/{spec.folder}/, its id the file name.",
        **_object(spec.all_fields),
    }
    conditions = []
    for name, (condition, exempt) in spec.required_unless.items():
        conditions.append(
            {
                "if": {
                    "properties": {condition: {"not": {"enum": list(exempt)}}},
                    "required": [condition],
                },
                "then": {"required": [name]},
            }
        )
    if conditions:
        schema["allOf"] = conditions
    return schema


def all_schemas(base_url: str = "", registry: Registry = REGISTRY) -> dict[str, dict[str, Any]]:
    """The JSON Schema of every kind of the site, by kind name."""
    return {kind.name: kind_schema(kind, base_url) for kind in registry}


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _object(fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in fields if spec.required],
        "properties": {spec.name: _field(spec) for spec in fields},
    }


def _field(spec: FieldSpec) -> dict[str, Any]:
    schema = _value(spec)
    schema["description"] = spec.doc
    return schema


def _value(spec: FieldSpec) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1, "pattern": r"\S"}
    match spec.type:
        case FieldType.LINE:
            # YAML 1.2 editors read `locator: 4` as a number; records read text.
            return {"type": ["string", "number"], "pattern": r"^[^\n]*\S[^\n]*\n?$"}
        case FieldType.TAG:
            return {
                "type": "string",
                "minLength": 1,
                "maxLength": TAG_MAX_LENGTH,
                "pattern": r"^\S(?:[^\n]*\S)?$",
            }
        case FieldType.TEXT | FieldType.MARKDOWN:
            return text
        case FieldType.CHOICE:
            return {"enum": list(spec.choices)}
        case FieldType.DATE:
            # `date: 2025` is an integer to a YAML 1.2 editor.
            return {"type": ["string", "integer"], "pattern": EDTF_SHAPE}
        case FieldType.URL:
            return {"type": "string", "pattern": r"^https?://[^\s\"'<>\\^`{|}]+$"}
        case FieldType.COUNTRY:
            from .fields import country_codes

            return {"enum": sorted(country_codes())}
        case FieldType.LANGUAGE:
            return {"type": "string", "pattern": BCP47_SHAPE}
        case FieldType.WIKIDATA:
            return {"type": "string", "pattern": r"^Q[1-9][0-9]*$"}
        case FieldType.REF:
            return {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH}
        case FieldType.LIST:
            assert spec.item is not None
            array: dict[str, Any] = {"type": "array", "items": _value(spec.item)}
            if spec.min_items:
                array["minItems"] = spec.min_items
            return array
        case FieldType.STRUCT:
            assert spec.struct is not None
            return _struct(spec.struct)
    raise AssertionError(f"unhandled field type {spec.type}")  # pragma: no cover


def _struct(struct: StructSpec) -> dict[str, Any]:
    mapping = _object(struct.fields)
    if struct.shorthand is None:
        return mapping
    short = struct.field_named(struct.shorthand)
    assert short is not None
    return {"anyOf": [_value(short), mapping], "description": struct.doc}
