"""The data dictionary, written from the schema: one table per kind."""

from __future__ import annotations

from ..schema import KINDS, FieldSpec, FieldType

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


def data_dictionary() -> str:
    """Markdown tables of every field of every kind, and of the nested values."""
    out: list[str] = []
    nested = {}
    for spec in KINDS.values():
        out += [
            f"### {spec.kind.capitalize()} (`{spec.folder}`)",
            "",
            spec.doc.capitalize() + ".",
            "",
            "| field | type | required | meaning |",
            "| --- | --- | --- | --- |",
            "| `id` | text | yes | the file name; unique across all kinds |",
        ]
        for field in spec.fields:
            required = (
                "yes"
                if field.required
                else (
                    "unless "
                    + spec.required_unless[field.name][0]
                    + " is "
                    + " or ".join(spec.required_unless[field.name][1])
                    if field.name in spec.required_unless
                    else "no"
                )
            )
            out.append(f"| `{field.name}` | {describe(field)} | {required} | {field.doc} |")
            item = field.item or field
            if item.struct is not None:
                nested[item.struct.name] = item.struct
        out.append("")
    for struct in nested.values():
        out += [
            f"### {struct.name.capitalize()}",
            "",
            struct.doc.capitalize() + ".",
            "",
            "| field | type | required | meaning |",
            "| --- | --- | --- | --- |",
        ]
        out += [
            f"| `{f.name}` | {describe(f)} | {'yes' if f.required else 'no'} | {f.doc} |"
            for f in struct.fields
        ]
        out.append("")
    return "\n".join(out)
