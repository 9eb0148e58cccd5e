"""The data dictionary, written from the schema: one table per kind."""

from __future__ import annotations

import re

from ..kinds import REGISTRY, Kind, Registry
from ..spec import FieldSpec, FieldType, StructSpec
from ..vocab import Vocabulary

_TYPE_WORDS = {
    FieldType.LINE: "text (one line)",
    FieldType.TAG: "tag",
    FieldType.TEXT: "text",
    FieldType.MARKDOWN: "Markdown",
    FieldType.CHOICE: "one of",
    FieldType.DATE: "EDTF date",
    FieldType.URL: "http(s) URL",
    FieldType.COUNTRY: "ISO 3166-1 alpha-2 code",
    FieldType.LANGUAGE: "BCP 47 tag",
    FieldType.WIKIDATA: "Wikidata id",
}


def describe(spec: FieldSpec) -> str:
    if spec.type is FieldType.CHOICE:
        return "one of " + ", ".join(f"`{c}`" for c in spec.choices)
    if spec.type is FieldType.REF:
        return " or ".join(spec.targets) + " id"
    if spec.type is FieldType.LIST and spec.item is not None:
        if spec.item.struct is not None:
            return f"list of {spec.item.struct.name}s"
        return f"list of {describe(spec.item)}"
    if spec.type is FieldType.STRUCT and spec.struct is not None:
        return spec.struct.name
    return _TYPE_WORDS.get(spec.type, spec.type.value)


_HEAD = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]


def _section(title: str, doc: str) -> list[str]:
    return [f"### {title}", "", doc.capitalize() + ".", "", *_HEAD]


def _required(spec: Kind, field: FieldSpec) -> str:
    if field.required:
        return "yes"
    if field.name in spec.required_unless:
        condition, exempt = spec.required_unless[field.name]
        return f"unless {condition} is {' or '.join(exempt)}"
    return "no"


# Syntax quoted in a field's meaning (``[[id]]``) is shown as code, not read.
_SYNTAX = re.compile(r"(\[\[[^\]]*\]\])")


def _row(field: FieldSpec, required: str) -> str:
    meaning = _SYNTAX.sub(r"`\1`", field.doc)
    return f"| `{field.name}` | {describe(field)} | {required} | {meaning} |"


def vocabulary_table(vocabulary: Vocabulary) -> str:
    """A vocabulary as a Markdown table: value, label and meaning."""
    rows = ["| value | shown as | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{t.value}` | {t.label} | {t.doc} |" for t in vocabulary.terms]
    return "\n".join(rows) + "\n"


def data_dictionary(registry: Registry = REGISTRY) -> str:
    """Markdown tables of every field of every kind, of the nested values,
    and of every vocabulary."""
    out: list[str] = []
    nested: dict[str, StructSpec] = {}
    for spec in registry:
        out += _section(f"{spec.name.capitalize()} (`{spec.folder}`)", spec.doc)
        out.append("| `id` | text | yes | the file name; unique across all kinds |")
        for field in spec.all_fields:
            out.append(_row(field, _required(spec, field)))
            item = field.item or field
            if item.struct is not None:
                nested[item.struct.name] = item.struct
        out.append("")
    for struct in nested.values():
        out += _section(struct.name.capitalize(), struct.doc)
        out += [_row(f, "yes" if f.required else "no") for f in struct.fields]
        out.append("")
    for vocabulary in registry.vocabularies.values():
        out += [f"### Vocabulary: {vocabulary.name}", "", vocabulary.doc.capitalize() + ".", ""]
        out.append(vocabulary_table(vocabulary))
    return "\n".join(out)
