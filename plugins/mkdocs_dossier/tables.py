"""The dossier as flat tables, derived from the field specs of the registry of kinds.

The SQLite database and the CSV files are both written from these tables,
so they hold the same rows. For every kind:

* ``<folder>`` (``entities``, ``events``, …): one row per record, primary key
  ``id``, with ``path`` (the record file) and ``page`` (its site path, e.g.
  ``entities/openai/``), then a column per single-valued field. A date is
  three columns: ``<field>`` (the EDTF text), ``<field>_earliest`` and
  ``<field>_latest`` (ISO days, empty for an open end). A list of plain
  values (aliases, authors, tags) is also kept here, ``"; "``-joined, so it
  can be read and searched with the record.
* ``<folder>_<field>`` for every list field: a list of references or plain
  values has the columns ``<kind>`` (the record), ``position`` (0-based) and
  ``value``; a list of structures (citations, participants, relations) has
  ``<kind>``, ``position`` and one column per field of the structure (a
  field named like the record column becomes ``other``). Lists inside a
  structure (a relation's sources) get their own table,
  ``<folder>_<field>_<subfield>``, keyed by ``<kind>``, ``<field>_position``
  and ``position``.

Plus ``records`` (every record: ``id``, ``kind``, ``page``, ``label``), which
references naming more than one kind (``about``, ``responds_to``) point at,
and ``mentions`` (the wikilinks of each record's Markdown). Rows come in a
fixed order: records by id, list items in the order written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .edtf import EdtfDate
from .kinds import REGISTRY
from .kinds import Kind as KindSpec
from .link import LinkIndex
from .records import Record as AnyRecord
from .spec import FieldSpec, FieldType, StructSpec

KINDS = REGISTRY.kinds

#: Separator of the values of a list kept in one cell.
LIST_SEPARATOR = "; "
RECORDS = "records"
MENTIONS = "mentions"
#: The column a struct field takes when its name is the record column's.
RENAMED = "other"
#: Field types whose text full-text search covers.
SEARCHABLE = (FieldType.LINE, FieldType.TEXT)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: type = str
    searchable: bool = False


@dataclass(frozen=True, slots=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    other_columns: tuple[str, ...]


@dataclass(slots=True)
class Table:
    name: str
    columns: list[Column]
    pk: tuple[str, ...]
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    #: The structure whose items are its rows, if any.
    struct: StructSpec | None = None
    #: The kind of record the rows belong to, and the column naming it.
    kind: str = ""
    owner: str = ""

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def searchable(self) -> list[str]:
        return [column.name for column in self.columns if column.searchable]


def dossier_tables(index: LinkIndex) -> list[Table]:
    """Every table with its rows: ``records``, then each kind's tables, then
    ``mentions``."""
    records = Table(
        RECORDS,
        [Column("id"), Column("kind"), Column("page"), Column("label", searchable=True)],
        ("id",),
    )
    tables = [records]
    by_kind: dict[str, list[AnyRecord]] = {kind: [] for kind in index.registry.kinds}
    for record in sorted(index.records.values(), key=lambda r: r.id):
        by_kind.setdefault(record.kind, []).append(record)
        records.rows.append((record.id, record.kind, page_of(record), record.label))
    for kind, spec in index.registry.kinds.items():
        layout = _kind_layout(spec)
        for record in by_kind[kind]:
            layout.fill(record, (record.id,), {"path": record.path, "page": page_of(record)})
        tables.extend(layout.tables())
    mentions = Table(
        MENTIONS,
        [Column("record"), Column("position", int), Column("target")],
        ("record", "position"),
        [ForeignKey(("record",), RECORDS, ("id",)), ForeignKey(("target",), RECORDS, ("id",))],
    )
    for record_id, _, _, _ in records.rows:
        known = (t for t in index.records[record_id].mentions if t in index.records)
        mentions.rows.extend((record_id, i, target) for i, target in enumerate(known))
    tables.append(mentions)
    return tables


def page_of(record: AnyRecord) -> str:
    return f"{KINDS[record.kind].folder}/{record.id}/"


def cell_values(spec: FieldSpec, value: Any) -> list[Any]:
    """The cells of one single-valued field (three for a date)."""
    if spec.type is FieldType.DATE:
        if value is None:
            return [None, None, None]
        assert isinstance(value, EdtfDate)
        return [
            value.text,
            value.earliest.isoformat() if value.earliest else None,
            value.latest.isoformat() if value.latest else None,
        ]
    if spec.type is FieldType.LIST:
        if not value:
            return [None]
        return [LIST_SEPARATOR.join(v.text if isinstance(v, EdtfDate) else str(v) for v in value)]
    return [value]


def _kind_layout(spec: KindSpec) -> _Layout:
    table = Table(
        spec.folder,
        [Column("id"), Column("path"), Column("page")],
        ("id",),
        kind=spec.name,
        owner="id",
    )
    return _Layout(table, spec.all_fields, (("id", spec.name),))


class _Layout:
    """A table for a set of fields, and the tables of its list fields.

    ``keys`` are the table's key columns with the names they take in a
    child table: ``(("id", "entity"),)`` for a kind's table,
    ``(("entity", "entity"), ("position", "relations_position"))`` for a
    table of relations.
    """

    def __init__(
        self, table: Table, fields: tuple[FieldSpec, ...], keys: tuple[tuple[str, str], ...]
    ) -> None:
        self.table = table
        self.fields = fields
        self.keys = keys
        self.children: dict[str, _Layout | Table] = {}
        #: List fields of plain values, also joined into one cell of this table.
        self.joined: set[str] = set()
        taken = set(table.column_names)
        for spec in fields:
            name = RENAMED if spec.name in taken else spec.name
            if spec.type is FieldType.LIST:
                assert spec.item is not None
                self.children[spec.name] = self._child(spec, spec.item)
                if spec.item.type in (FieldType.REF, FieldType.STRUCT):
                    continue
                self.joined.add(spec.name)
            table.columns.extend(_columns(spec, name))
            target = _ref_table(spec)
            if target:
                table.foreign_keys.append(ForeignKey((name,), target, ("id",)))
        #: Per field: name, spec, one plain cell?, cells in this row?, its own table.
        self.plan: list[tuple[str, FieldSpec, bool, bool, _Layout | Table | None]] = []
        for spec in fields:
            child = self.children.get(spec.name)
            plain = child is None and spec.type is not FieldType.DATE
            in_row = child is None or spec.name in self.joined
            self.plan.append((spec.name, spec, plain, in_row, child))

    def _child(self, spec: FieldSpec, item: FieldSpec) -> _Layout | Table:
        keys = self.keys
        name = f"{self.table.name}_{spec.name}"
        columns = [
            *(Column(child, int if parent == "position" else str) for parent, child in keys),
            Column("position", int),
        ]
        table = Table(
            name,
            columns,
            (*(child for _, child in keys), "position"),
            [ForeignKey(tuple(c for _, c in keys), self.table.name, tuple(p for p, _ in keys))],
            struct=item.struct,
            kind=self.table.kind,
            owner=keys[0][1],
        )
        if item.type is FieldType.STRUCT:
            assert item.struct is not None
            child_keys = (*((c, c) for _, c in keys), ("position", f"{spec.name}_position"))
            return _Layout(table, item.struct.fields, child_keys)
        table.columns.extend(_columns(item, "value", searchable=False))
        target = _ref_table(item)
        if target:
            table.foreign_keys.append(ForeignKey(("value",), target, ("id",)))
        return table

    def fill(self, value: Any, key: tuple[Any, ...], extra: dict[str, Any] | None = None) -> None:
        row: list[Any] = list(key)
        if extra:
            row.extend(extra.values())
        for name, spec, plain, in_row, child in self.plan:
            item = getattr(value, name)
            if plain:
                row.append(item)
                continue
            if in_row:
                row.extend(cell_values(spec, item))
            if isinstance(child, _Layout):
                for position, element in enumerate(item or ()):
                    child.fill(element, (*key, position))
            elif child is not None:
                assert spec.item is not None
                for position, element in enumerate(item or ()):
                    child.rows.append((*key, position, *cell_values(spec.item, element)))
        self.table.rows.append(tuple(row))

    def tables(self) -> Iterator[Table]:
        yield self.table
        for child in self.children.values():
            if isinstance(child, _Layout):
                yield from child.tables()
            else:
                yield child


def _columns(spec: FieldSpec, name: str, searchable: bool | None = None) -> list[Column]:
    if spec.type is FieldType.DATE:
        return [Column(name), Column(f"{name}_earliest"), Column(f"{name}_latest")]
    if spec.type is FieldType.STRUCT:
        raise ValueError(f"field {spec.name}: a structure outside a list has no columns")
    kind = spec.item.type if spec.type is FieldType.LIST and spec.item else spec.type
    return [Column(name, searchable=kind in SEARCHABLE if searchable is None else searchable)]


def _ref_table(spec: FieldSpec) -> str | None:
    """The table a reference field points at: its kind's, or ``records`` for several."""
    if spec.type is not FieldType.REF:
        return None
    if len(spec.targets) == 1 and spec.targets[0] in KINDS:
        return KINDS[spec.targets[0]].folder
    return RECORDS
