"""The dossier as a SQLite database, for Datasette or any SQL client.

The tables are those of :mod:`.tables` (one per kind, one per list field,
``records`` and ``mentions``), with their primary and foreign keys declared,
an FTS5 index (``<table>_fts``) over every table with single-line or plain
text columns (names, aliases, titles, quotes, summaries, citation quotes,
roles), and a view per structure that several tables share: ``citations``
gathers every citation of every record, a relation's sources included.

The file is marked as ours (``PRAGMA application_id``) so that a later
export may replace it and nothing else; it is written beside its final path
and moved into place, so a failed export leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path

from .link import LinkIndex
from .tables import Table, dossier_tables

#: ``PRAGMA application_id`` of a database written here: "DOSS".
APPLICATION_ID = 0x444F5353
#: ``PRAGMA user_version``: the layout of the tables.
FORMAT_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"


class SqliteOutputError(Exception):
    """An output path the database may not be written to; one line, for the user."""


def check_output(path: Path, content_dir: Path | None = None) -> None:
    """Refuse a folder, a path inside ``content_dir``, an existing file that is
    not a database written here, or a place that cannot be written."""
    if path.is_dir():
        raise SqliteOutputError(f"{path}: is a folder; name the database file, e.g. dossier.db")
    resolved = path.resolve()
    if content_dir is not None and resolved.is_relative_to(content_dir.resolve()):
        raise SqliteOutputError(
            f"{path}: is inside the content folder {content_dir}; write it elsewhere"
        )
    if path.exists() or path.is_symlink():
        if not is_dossier_database(path):
            raise SqliteOutputError(
                f"{path}: exists and is not a database written by dossier export; "
                "move it or choose another name"
            )
        if not os.access(path, os.W_OK):
            raise SqliteOutputError(f"{path}: cannot be written")
    parent = resolved.parent
    if parent.exists() and (not parent.is_dir() or not os.access(parent, os.W_OK)):
        raise SqliteOutputError(f"{path}: its folder {parent} cannot be written")


def is_dossier_database(path: Path) -> bool:
    """Whether ``path`` is a regular file holding a SQLite database written here."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError:
        return False
    return (
        len(header) == 100
        and header.startswith(SQLITE_HEADER)
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def write_sqlite(index: LinkIndex, path: Path | str) -> Path:
    """Write the database to ``path``, replacing a previous one; return ``path``.

    Raises :class:`OSError` when the file or its folder cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        _write(index, Path(temporary))
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return path


def sqlite_bytes(index: LinkIndex, tables: list[Table] | None = None) -> bytes:
    """The database as bytes, for a build that publishes it as a file;
    ``tables`` saves deriving them again when the caller has them."""
    with tempfile.TemporaryDirectory(prefix="dossier-db-") as folder:
        path = Path(folder) / "dossier.db"
        _write(index, path, tables)
        return path.read_bytes()


def _write(index: LinkIndex, path: Path, tables: list[Table] | None = None) -> None:
    import sqlite_utils

    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # One file, no journal beside it: the file is new and moved into place whole.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        db = sqlite_utils.Database(connection, execute_plugins=False)
        if tables is None:
            tables = dossier_tables(index)
        connection.execute("BEGIN")
        _create_all(db, tables)
        for table in tables:
            if table.searchable:
                db.table(table.name).enable_fts(table.searchable)
        for name, sql in _views(tables):
            db.create_view(name, sql)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _create_all(db, tables: list[Table]) -> None:
    """Create every table, then fill it.

    A foreign key can only be declared once its table exists: tables whose
    keys point forward (or at themselves) get those keys added afterwards.
    """
    # Kinds' own tables first: most references point at them.
    ordered = sorted(tables, key=lambda t: 0 if not t.kind else 1 if t.owner == "id" else 2)
    created: set[str] = set()
    later = []
    for table in ordered:
        now = []
        for fk in table.foreign_keys:
            ref = (_one(fk.columns), fk.table, _one(fk.other_columns))
            if fk.table in created:
                now.append(ref)
            else:
                later.append((table.name, *ref))
        db[table.name].create(
            {column.name: column.type for column in table.columns},
            pk=_one(table.pk),
            foreign_keys=now,
            not_null=list(table.pk),
        )
        created.add(table.name)
    if later:
        db.add_foreign_keys(later)
    for table in tables:
        if table.rows:
            names = ", ".join(f'"{name}"' for name in table.column_names)
            marks = ", ".join("?" for _ in table.columns)
            db.conn.executemany(
                f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', table.rows
            )


def _one(names: tuple[str, ...]) -> str | tuple[str, ...]:
    return names[0] if len(names) == 1 else names


def _views(tables: list[Table]) -> list[tuple[str, str]]:
    """A view per structure several tables hold (``citations``): every row of
    those tables with the record (``record``, ``kind``) and the table (``via``)."""
    by_struct: dict[str, list[Table]] = defaultdict(list)
    for table in tables:
        if table.struct is not None:
            by_struct[table.struct.name].append(table)
    views = []
    for struct_name, members in sorted(by_struct.items()):
        if len(members) < 2:
            continue
        struct = members[0].struct
        assert struct is not None
        fields = [spec.name for spec in struct.fields if _flat(members[0], spec.name)]
        selects = []
        for table in members:
            present = set(table.column_names)
            picked = ", ".join(f'"{f}"' if f in present else f'NULL AS "{f}"' for f in fields)
            selects.append(
                f"SELECT \"{table.owner}\" AS record, '{table.kind}' AS kind, "
                f"'{table.name}' AS via, {picked} FROM \"{table.name}\""
            )
        views.append((f"{struct_name}s", "\nUNION ALL\n".join(selects)))
    return views


def _flat(table: Table, field_name: str) -> bool:
    return field_name in table.column_names
