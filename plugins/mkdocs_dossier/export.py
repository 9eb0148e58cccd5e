"""Open data: every record with every field, plus resolved links, as JSON;
and as CSV files, one per kind and one per list field."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any

from .edtf import EdtfDate
from .link import LinkIndex
from .records import Record
from .tables import Table, dossier_tables

FORMAT_VERSION = 1


def record_data(record: Record) -> dict[str, Any]:
    """A record as plain JSON data, every field included (empty ones as null/[])."""
    data: dict[str, Any] = {"id": record.id, "kind": record.kind, "path": record.path}
    for name in _field_names(type(record)):
        if name not in data:
            data[name] = _plain(getattr(record, name))
    return data


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: Any) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in dataclasses.fields(cls))
    return names


def _plain(value: Any) -> Any:
    if isinstance(value, EdtfDate):
        return {
            "edtf": value.text,
            "earliest": value.earliest.isoformat() if value.earliest else None,
            "latest": value.latest.isoformat() if value.latest else None,
            "human": value.human(),
        }
    if dataclasses.is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def dossier_data(index: LinkIndex, title: str = "") -> dict[str, Any]:
    """The whole dossier: records by kind, each with what points at it."""
    folders = {kind.name: kind.folder for kind in index.registry}
    kinds: dict[str, list[dict[str, Any]]] = {folder: [] for folder in folders.values()}
    for record in sorted(index.records.values(), key=lambda r: (r.kind, r.id)):
        data = record_data(record)
        data["page"] = f"{folders[record.kind]}/{record.id}/"
        links: dict[str, list[dict[str, Any]]] = {}
        for role in index.registry.roles:
            backlinks = index.backlinks(record.id, role)
            if backlinks:
                links[role] = [
                    {
                        k: v
                        for k, v in (
                            ("from", b.origin),
                            ("detail", b.detail),
                            ("citation", _plain(b.citation)),
                        )
                        if v is not None
                    }
                    for b in backlinks
                ]
        data["linked_from"] = links
        corroborated = index.corroborated(record.id)
        if corroborated is not None:
            data["corroboration"] = corroborated.as_dict()
        kinds[folders[record.kind]].append(data)
    return {"format": "dossier", "version": FORMAT_VERSION, "title": title, **kinds}


def dossier_json(index: LinkIndex, title: str = "") -> str:
    """``dossier_data`` as JSON, one record per line.

    Line-per-record keeps the file readable and its diffs small, and lets
    ``json`` use its C encoder for each record (an ``indent`` forces the
    pure-Python one, which is several times slower on a large dossier).
    """
    data = dossier_data(index, title)
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            rows = ",\n".join(_compact(item) for item in value)
            parts.append(f"{_compact(key)}: [\n{rows}\n]" if rows else f"{_compact(key)}: []")
        else:
            parts.append(f"{_compact(key)}: {_compact(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csv_tables(index: LinkIndex, tables: list[Table] | None = None) -> dict[str, str]:
    """One CSV per table of :func:`.tables.dossier_tables` that holds records
    or their lists: ``entities``, ``events_participants``, ``entities_aliases``…

    Cells hold plain values: dates as EDTF text with ``_earliest``/``_latest``
    days beside them, lists of plain values ``"; "``-joined in the record's
    row, every list item also a row of its own table. A cell a spreadsheet
    would run as a formula is neutralised (see :func:`csv_cell`). ``tables``
    saves deriving them again when the caller has them.
    """
    files: dict[str, str] = {}
    for table in dossier_tables(index) if tables is None else tables:
        if not table.kind:
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows([csv_cell(value) for value in row] for row in table.rows)
        files[table.name] = buffer.getvalue()
    return files


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell as text; one starting like a formula gets a leading ``'``, which
    spreadsheets show as text and do not run."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
