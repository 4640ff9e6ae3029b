"""Writing a dataset while it is validated: one transaction, an upsert by (structure, ext_id)
per file, rolled back as a whole if the validation finds any problem.

The validator hands over each chunk of rows it found valid (`DatasetWriter.write`), as the
columns it has already split; the writer turns them into rows of parameters a column at a time
(references mapped to primary keys by dictionaries with `map`, no Python loop per row) and the
database converts the cells (text) into dates, numbers and booleans (`NULLIF(cell, '')`: an
empty cell is NULL):
- SQLite: `executemany` of `INSERT … VALUES (…) [ON CONFLICT … DO UPDATE … WHERE <changed>]`;
  references come as primary keys (bulk loads) or are looked up by a sub-select;
- PostgreSQL: `COPY` of a batch into a temporary table, then `INSERT … SELECT … LEFT JOIN parent
  … ON CONFLICT …`; a bulk load into a table holding no row of the structure is a `COPY`
  straight into it.
On SQLite a bulk load into a smaller table drops its plain indexes and builds them again at
the end of the file. The update only touches rows whose values differ, so re-importing a
dataset changes nothing.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from typing import Protocol

from django.db import IntegrityError, connection, models, transaction

from trajectoires.interchange.report import FileStats
from trajectoires.interchange.schema import Column, Kind
from trajectoires.interchange.source import DatasetSource
from trajectoires.interchange.validation import Layout, Progress
from trajectoires.structures.models import Structure


logger = logging.getLogger(__name__)

# A file of at least this many rows (estimated) is a bulk load. 10,000 (one chunk): at 1 M rows
# the files of 20,000 to 50,000 rows took 2.4 s of inserts (references by sub-select, indexes
# kept) against 0.5 s as bulk loads.
BULK_ROWS = 10_000
ROWS_PER_STATEMENT = 500  # SQLite: rows inserted by one INSERT statement
_NO_CAST = ("CharField", "TextField", "LongCharField")
DIRECT_COPY = "direct copy"

Columns = Sequence[Sequence[str]]  # a chunk's cells, column by column (CSV positions)


@dataclass(frozen=True)
class Target:
    column: Column
    field: models.Field
    position: int  # in the CSV row

    @property
    def db_column(self) -> str:
        return self.field.column

    @property
    def parent_table(self) -> str:
        return self.field.related_model._meta.db_table


@dataclass
class Upsert:
    """How one file's rows are written."""

    table: str
    targets: list[Target]
    id_position: int
    structure_id: int
    fresh: bool  # no row of this structure in the table yet: nothing to conflict with
    # NOT NULL fields with a default whose column the file lacks: set on insert, left on update
    defaults: list[tuple[str, object]]  # (db column, value)


def count_rows(cursor, table: str, structure_id: int) -> int:  # type: ignore[no-untyped-def]
    cursor.execute(f"SELECT COUNT(*) FROM {q(table)} WHERE structure_id = %s", [structure_id])
    return cursor.fetchone()[0]


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def plan(layout: Layout, structure: Structure, fresh: bool = False) -> Upsert:
    spec = layout.spec
    meta = spec.model._meta
    targets = [
        Target(c, meta.get_field(c.model_field), layout.positions[c.name])
        for c in layout.columns
        if c.model_field != "ext_id"
    ]
    filled = {t.field.name for t in targets} | {"id", "structure", "ext_id"}
    defaults = [
        (f.column, f.get_default())
        for f in meta.concrete_fields
        if f.name not in filled and not f.null and f.has_default()
    ]
    return Upsert(meta.db_table, targets, layout.positions["id"], structure.pk, fresh, defaults)


def sql_literal(value: object) -> str:
    """A model default (our code's, never imported data) as an SQL literal."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"unsupported default {value!r}")


def _value(target: Target, source: str) -> str:
    """The SQL expression turning a cell (text) into the column's value."""
    if target.field.null:
        source = f"NULLIF({source}, '')"
    if connection.vendor == "postgresql" and target.field.get_internal_type() not in _NO_CAST:
        source = f"CAST({source} AS {target.field.cast_db_type(connection)})"
    return source


def _insert_head(upsert: Upsert) -> str:
    return f"INSERT INTO {q(upsert.table)} ({insert_columns(upsert)}) "


def _conflict_tail(upsert: Upsert) -> str:
    """The upsert clause; none for a table that holds no row of the structure yet (the ids of
    a file are unique, checked; the unique index still guards against the impossible)."""
    if upsert.fresh:
        return ""
    table = q(upsert.table)
    names = [q(t.db_column) for t in upsert.targets]
    sets = ", ".join(f"{n} = excluded.{n}" for n in names)
    if connection.vendor == "postgresql":
        stored = ", ".join(f"{table}.{n}" for n in names)
        incoming = ", ".join(f"excluded.{n}" for n in names)
        changed = f"({stored}) IS DISTINCT FROM ({incoming})"
        if len(names) == 1:
            changed = f"{table}.{names[0]} IS DISTINCT FROM excluded.{names[0]}"
    else:
        changed = " OR ".join(f"{table}.{n} IS NOT excluded.{n}" for n in names)
    return f" ON CONFLICT (structure_id, ext_id) DO UPDATE SET {sets} WHERE {changed}"


def sqlite_sql(upsert: Upsert, resolved: bool = False) -> tuple[str, str, str]:
    """(INSERT … VALUES, one row's values, ON CONFLICT …) with `?` parameters, for statements
    of many rows each. With `resolved`, references come as primary keys; otherwise as ids,
    looked up by SQL."""
    sid = int(upsert.structure_id)
    values = [str(sid), "?"]
    for target in upsert.targets:
        if target.column.kind is Kind.REF and resolved:
            values.append("?")
        elif target.column.kind is Kind.REF:
            values.append(f"(SELECT id FROM {q(target.parent_table)} WHERE structure_id = {sid} AND ext_id = ?)")
        else:
            values.append(_value(target, "?"))
    values.extend(sql_literal(value) for _, value in upsert.defaults)
    return _insert_head(upsert) + "VALUES ", f"({', '.join(values)})", _conflict_tail(upsert)


def sqlite_statements(sql: tuple[str, ...], width: int) -> tuple[int, str]:
    """(rows per statement, the statement for that many rows). One statement per row (plain
    `executemany`) pays SQLite's per-statement work for each row: a statement of a few hundred
    rows costs some 40 % less CPU (870,000 evenements: 2.0–2.3 s instead of 3.7–3.9 s)."""
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    rows = max(1, min(ROWS_PER_STATEMENT, limit // max(width, 1)))
    head, row, tail = sql
    return rows, head + ", ".join([row] * rows) + tail


def staging_table(upsert: Upsert) -> str:
    return f"_import_{upsert.table}"


def postgresql_sql(upsert: Upsert) -> tuple[str, str, str]:
    """(CREATE staging table, COPY into it, INSERT … SELECT from it)."""
    sid = int(upsert.structure_id)
    staging = q(staging_table(upsert))
    cells = ["ext_id", *(f"c{i}" for i in range(len(upsert.targets)))]
    create = f"CREATE TEMPORARY TABLE {staging} ({', '.join(f'{c} text' for c in cells)}) ON COMMIT DROP"
    copy = f"COPY {staging} ({', '.join(cells)}) FROM STDIN"
    values = [str(sid), "s.ext_id"]
    joins = []
    for i, target in enumerate(upsert.targets):
        if target.column.kind is Kind.REF:
            joins.append(
                f" LEFT JOIN {q(target.parent_table)} p{i} ON p{i}.structure_id = {sid} AND p{i}.ext_id = s.c{i}"
            )
            values.append(f"p{i}.id")
        else:
            values.append(_value(target, f"s.c{i}"))
    values.extend(sql_literal(value) for _, value in upsert.defaults)
    select = f"SELECT {', '.join(values)} FROM {staging} s{''.join(joins)}"
    return create, copy, _insert_head(upsert) + select + _conflict_tail(upsert)


class ParentKeys:
    """ext_id -> primary key of the parent tables, read once per import (bulk loads: a
    dictionary look-up per reference instead of an index search in SQL). Read after the
    parent file is written, in the same transaction."""

    def __init__(self, structure_id: int) -> None:
        self.structure_id = structure_id
        self.tables: dict[str, dict[str, int]] = {}

    def of(self, table: str, cursor) -> dict[str, int]:  # type: ignore[no-untyped-def]
        if table not in self.tables:
            cursor.execute(f"SELECT ext_id, id FROM {q(table)} WHERE structure_id = %s", [self.structure_id])
            keys: dict[str, int] = {}
            while rows := cursor.fetchmany(100_000):
                keys.update(rows)
            self.tables[table] = keys
        return self.tables[table]

    def forget(self, table: str) -> None:
        self.tables.pop(table, None)


def insert_columns(upsert: Upsert) -> str:
    return ", ".join(
        ["structure_id", "ext_id", *(q(t.db_column) for t in upsert.targets), *(q(c) for c, _ in upsert.defaults)]
    )


@dataclass
class FlatBatch:
    """A batch for SQLite: the parameters of its rows one after the other (`width` per row),
    ready to be cut into the parameters of multi-row statements by slicing."""

    cells: list
    width: int

    def __len__(self) -> int:
        return len(self.cells) // self.width if self.width else 0


def flatten(columns: Sequence[Sequence]) -> FlatBatch:
    """Columns -> their cells row after row, a column at a time by slice assignment (C
    speed: no tuple per row, no Python loop per cell)."""
    width = len(columns)
    cells: list = [None] * (len(columns[0]) * width if columns else 0)
    for k, column in enumerate(columns):
        cells[k::width] = column
    return FlatBatch(cells, width)


def rows_of(  # type: ignore[no-untyped-def]
    upsert: Upsert,
    keys: ParentKeys | None,
    cursor,
    direct: bool = False,
    flat: bool = False,
    tap: Tap | None = None,
) -> Callable[[Columns], list[tuple] | FlatBatch]:
    """A chunk's columns -> its rows of parameters, built a column at a time: (ext_id, cell of
    each target…). With `keys`, each reference becomes the parent's primary key (an empty
    one: None). With `direct` (COPY straight into the table), the row is a whole row of the
    table: structure first, defaults last, and an empty cell of a nullable column is None.
    With `flat` (SQLite), the rows come as one `FlatBatch`. With `tap` (only with `keys`), the
    columns it asks for are handed to it as they are converted."""
    picks: list[tuple[int, dict[str, int] | None, bool]] = [
        (
            t.position,
            keys.of(t.parent_table, cursor) if keys is not None and t.column.kind is Kind.REF else None,
            direct and t.field.null and t.column.kind is not Kind.REF,
        )
        for t in upsert.targets
    ]
    id_position = upsert.id_position
    head = [repeat(upsert.structure_id)] if direct else []
    tail = [value for _, value in upsert.defaults] if direct else []
    # where each column the tap asks for is among the converted values (None: not in the file)
    offset = len(head) + 1
    tapped = {t.column.name: offset + i for i, t in enumerate(upsert.targets)}
    taps = [(name, tapped.get(name)) for name in tap.columns] if tap is not None else []

    def convert(columns: Columns) -> list[tuple] | FlatBatch:
        values: list[Iterator | Sequence] = [*head, columns[id_position]]
        for position, ids, nullable in picks:
            column = columns[position]
            if ids is not None:
                values.append(list(map(ids.get, column)))
            elif nullable:
                values.append([cell or None for cell in column])
            else:
                values.append(column)
        if tap is not None:
            tap.add({name: None if i is None else values[i] for name, i in taps}, len(columns[id_position]))  # type: ignore[misc]
        if flat:
            return flatten(values)  # type: ignore[arg-type]
        values.extend(repeat(value) for value in tail)
        return list(zip(*values, strict=False))  # the tail's constants are endless repeats

    return convert


def write_batch(cursor, upsert: Upsert, sql: tuple[str, ...], batch: list[tuple] | FlatBatch) -> int:  # type: ignore[no-untyped-def]
    """Writes one batch; returns the number of rows inserted or changed."""
    if sql[0] == DIRECT_COPY:
        with cursor.cursor.copy(sql[1]) as stream:
            for row in batch:
                stream.write_row(row)
        return len(batch)
    if connection.vendor == "postgresql":
        _create, copy, insert = sql
        with cursor.cursor.copy(copy) as stream:
            for row in batch:
                stream.write_row(row)
        cursor.execute(insert)
        changed = cursor.rowcount
        cursor.execute(f"TRUNCATE {q(staging_table(upsert))}")
        return changed
    return sqlite_write(connection.connection.cursor(), sql, batch)


def sqlite_write(raw, sql: tuple[str, ...], batch: FlatBatch) -> int:  # type: ignore[no-untyped-def]
    """Statements of many rows each, straight through the sqlite3 cursor (`?` parameters):
    each statement's parameters are a slice of the batch's cells."""
    width, cells = batch.width, batch.cells
    if not cells:
        return 0
    per, statement = sqlite_statements(sql, width)
    step = per * width
    changed = 0
    for start in range(0, len(cells), step):
        part = cells[start : start + step]
        if len(part) < step:
            head, row, tail = sql
            statement = head + ", ".join([row] * (len(part) // width)) + tail
        raw.execute(statement, part)
        changed += raw.rowcount
    return changed


class Tap(Protocol):
    """Sees the rows of a first bulk load of a file (a structure with no row in its table yet)
    as they are written: `add(cells, rows)` per chunk, `cells[name]` being the column's cells
    as converted for the database (references as primary keys, None for an empty one; an
    empty cell may be "" or None) or None when the file lacks the column. It sees nothing of
    a file that is not such a load."""

    columns: tuple[str, ...]

    def add(self, cells: dict[str, Sequence[object] | None], rows: int) -> None: ...


@dataclass
class FileWrite:
    """One file being written: its statement, how its chunks become rows, its counts."""

    upsert: Upsert
    sql: tuple[str, ...]
    convert: Callable[[Columns], list[tuple]]
    before: int  # rows of the structure in the table before the import
    estimate: int  # rows expected in the file
    rebuild: list[str] = field(default_factory=list)  # CREATE INDEX of the dropped indexes
    changed: int = 0
    done: int = 0


def estimated_rows(size: int, columns: Columns, rows: int) -> int:
    """The rows of a file of `size` bytes, from the characters of its first chunk (exact for a
    file of one chunk, close otherwise)."""
    chars = sum(sum(map(len, column)) for column in columns) + rows * len(columns)
    return max(rows, round(size * rows / max(chars, 1)))


class DatasetWriter:
    """Writes the chunks the validator found valid, in the import's one transaction. A
    unique-key violation (a duplicate id the validation reports at the end of the file) stops
    the writing; the import then rolls back."""

    def __init__(  # type: ignore[no-untyped-def]
        self, dataset: DatasetSource, structure: Structure, cursor, progress: Progress | None, taps: dict[str, Tap]
    ) -> None:
        self.dataset = dataset
        self.structure = structure
        self.cursor = cursor
        self.progress = progress
        self.taps = taps
        self.keys = ParentKeys(structure.pk)
        self.files: dict[str, FileWrite] = {}
        self.stats: dict[str, FileStats] = {}
        self.failure: Exception | None = None

    def write(self, layout: Layout, columns: Columns, rows: int) -> None:
        if self.failure is not None:
            return
        name = layout.spec.name
        if name not in self.files:
            self.files[name] = self.begin(layout, estimated_rows(self.dataset.size(name), columns, rows))
        file = self.files[name]
        batch = file.convert(columns)
        try:
            if connection.vendor == "postgresql":  # a failed statement would end the transaction
                with transaction.atomic():
                    file.changed += write_batch(self.cursor, file.upsert, file.sql, batch)
            else:
                file.changed += write_batch(self.cursor, file.upsert, file.sql, batch)
        except (IntegrityError, connection.Database.IntegrityError) as error:  # raw cursors raise the driver's
            self.failure = error
            return
        file.done += rows
        if self.progress:
            self.progress(name, file.done, max(file.estimate, file.done))

    def begin(self, layout: Layout, estimate: int) -> FileWrite:
        cursor = self.cursor
        table = layout.spec.model._meta.db_table
        before = count_rows(cursor, table, self.structure.pk)
        upsert = plan(layout, self.structure, fresh=before == 0)
        bulk = estimate >= BULK_ROWS
        tap = self.taps.get(layout.spec.name) if upsert.fresh and bulk else None  # a first bulk load
        if connection.vendor == "postgresql" and upsert.fresh and bulk:
            sql: tuple[str, ...] = (DIRECT_COPY, f"COPY {q(table)} ({insert_columns(upsert)}) FROM STDIN")
            convert = rows_of(upsert, self.keys, cursor, direct=True, tap=tap)
        elif connection.vendor == "postgresql":
            sql = postgresql_sql(upsert)
            cursor.execute(f"DROP TABLE IF EXISTS {q(staging_table(upsert))}")
            cursor.execute(sql[0])
            convert = rows_of(upsert, None, cursor)
        elif connection.vendor == "sqlite":
            sql = sqlite_sql(upsert, resolved=bulk)
            convert = rows_of(upsert, self.keys if bulk else None, cursor, flat=True, tap=tap)
        else:
            raise NotImplementedError(f"database {connection.vendor} is not supported")
        self.keys.forget(table)
        file = FileWrite(upsert, sql, convert, before, estimate)
        # new rows at least: those of the file beyond the structure's rows already there
        if connection.vendor == "sqlite" and bulk and more_than_in_table(cursor, table, estimate - before):
            file.rebuild = drop_plain_indexes(cursor, table)
        return file

    def end(self, layout: Layout) -> None:
        """The file is read and valid: its indexes are built again and its counts taken."""
        if self.failure is not None:
            return
        name = layout.spec.name
        stats = FileStats(rows=layout.rows)
        file = self.files.get(name)
        if file is not None:
            started = time.process_time()
            if file.rebuild:
                rebuild_indexes(self.cursor, file.rebuild)
                logger.debug(
                    "%s: %d index(es) rebuilt in %.1f s CPU", name, len(file.rebuild), time.process_time() - started
                )
            stats.created = count_rows(self.cursor, file.upsert.table, self.structure.pk) - file.before
            stats.updated = file.changed - stats.created
            stats.unchanged = stats.rows - file.changed
        self.stats[name] = stats
        if self.progress:
            self.progress(name, layout.rows, layout.rows)


REBUILD_CACHE_KIB = 1024


def rebuild_indexes(cursor, statements: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Builds the dropped indexes again (SQLite), with a page cache of 1 MB meanwhile.

    SQLite sizes the runs of its external sort (CREATE INDEX sorts every key of the table) by
    the page cache: with the import's 512 MB, the keys of millions of rows are sorted in one
    run, in memory far larger than the processor's caches; with 1 MB runs, each sorted in the
    processor's cache, then merged, the same indexes cost half the CPU at 5 M rows (4 indexes
    of 4.35 M events: 34.5 s of CPU with 512 MB, 27.5 s with 64 MB, 16.6 s with 4 MB, 14.0 s
    with 1 MB, 13.2 s with 256 KB; at 870,000 events 2.85 s with 4 MB against 3.6 s). The
    pages written meanwhile go to the WAL file earlier than at commit, not more often. The
    cache is set back to its size afterwards (it is a setting of the connection, not of the
    transaction)."""
    cursor.execute("PRAGMA cache_size")
    cache_size = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
    try:
        for sql in statements:
            cursor.execute(sql)
    finally:
        cursor.execute(f"PRAGMA cache_size = {cache_size}")


def more_than_in_table(cursor, table: str, rows: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether a file brings more new rows than its table holds (all structures): rebuilding
    the indexes, whose cost grows with the whole table, then pays. Not for a re-import, where
    the rows are already there and the indexes do not change: the caller counts as new only
    the file's rows beyond those of the structure already in the table (the file's row count
    is estimated from its size, so comparing it with the table's alone would rebuild the
    indexes of a re-import whenever the estimate came out a little high: 20 s of CPU at 5 M
    rows)."""
    cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")
    return rows > cursor.fetchone()[0]


def drop_plain_indexes(cursor, table: str) -> list[str]:  # type: ignore[no-untyped-def]
    """For a bulk load on SQLite into a smaller table, its plain (non-unique) indexes are
    dropped, to be built again once the rows are in: sorting once is about twice as fast as
    inserting into each of them at random places row by row. The unique (structure, ext_id)
    index stays: the upsert needs it. SQLite's DDL is transactional: on any failure or problem
    the rollback brings the indexes back, and other connections never see the table without
    them. Returns the statements that build them again."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
        [table],
    )
    plain = [(name, sql) for name, sql in cursor.fetchall() if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        cursor.execute(f"DROP INDEX {q(name)}")
    return [sql for _name, sql in plain]


@contextmanager
def import_transaction(
    dataset: DatasetSource, structure: Structure, progress: Progress | None, taps: dict[str, Tap] | None = None
) -> Iterator[DatasetWriter]:
    """The import's one transaction and its writer (`taps`: file name -> what sees a first bulk
    load of it). The caller rolls back (`transaction.set_rollback(True)`) when the validation
    found a problem."""
    with _sqlite_write_settings(), transaction.atomic(), connection.cursor() as cursor:
        yield DatasetWriter(dataset, structure, cursor, progress, taps or {})


@contextmanager
def _sqlite_write_settings() -> Iterator[None]:
    """Settings of the SQLite connection for the import's transaction, restored after it. They
    only take effect outside a transaction: inside one (tests) the defaults simply stay.

    - Foreign keys not checked: SQLite checks each key of each inserted row against its parent,
      a third of the write time. Every key written here comes from a look-up of an existing
      parent's (structure, ext_id) in the same transaction, or is NULL (refused by NOT NULL
      for required references): the check is redundant.
    - Temporary storage in files rather than memory: rebuilding the indexes of a bulk load
      sorts millions of keys; through temporary files it takes a third less CPU (measured) and
      the process does not hold the sort in its memory.
    - A 512 MB page cache: the unique (structure, ext_id) indexes of the big tables stay in
      memory while millions of rows go in (1M rows, alternated runs on one machine: 29.9k, 31.3k,
      40.5k rows/s without it, 35.5k, 40.6k, 43.3k with it; peak memory +80 MB)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA temp_store")
        temp_store = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA temp_store = FILE")
        cursor.execute("PRAGMA cache_size = -524288")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA temp_store = {temp_store}")
            cursor.execute(f"PRAGMA cache_size = {cache_size}")
