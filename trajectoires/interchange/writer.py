"""Writing a validated dataset: one transaction, an upsert by (structure, ext_id) per file.

Cells go to the database as the text they are; the database turns them into dates, numbers
and booleans (`NULLIF(cell, '')`: an empty cell is NULL) and resolves each reference to the
parent's primary key by its (structure, ext_id) unique index:
- SQLite: `executemany` of `INSERT … VALUES (…, (SELECT id FROM parent …), …) ON CONFLICT …`;
- PostgreSQL: `COPY` of a batch into a temporary table, then `INSERT … SELECT … LEFT JOIN parent
  … ON CONFLICT …`.
Bulk loads (large files) resolve references by dictionaries read once per parent table; on
PostgreSQL a bulk load into a table holding no row of the structure is a `COPY` straight into
it, and on SQLite the table's plain indexes are rebuilt after the load.
The update only touches rows whose values differ, so re-importing a dataset changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from queue import Empty, Queue

from django.db import connection, models, transaction

from trajectoires.interchange.report import FileStats
from trajectoires.interchange.schema import BY_NAME, Column, Kind
from trajectoires.interchange.source import DatasetSource, RecordReader
from trajectoires.interchange.validation import Layout, Progress
from trajectoires.structures.models import Structure

BATCH_ROWS = 20_000
BULK_ROWS = 100_000  # a file of at least this many rows is a bulk load
_NO_CAST = ("CharField", "TextField", "LongCharField")
DIRECT_COPY = "direct copy"


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
    cells: Callable[[list[str]], tuple[str, ...]]  # CSV row -> (ext_id, cell of each target…)
    structure_id: int
    fresh: bool  # no row of this structure in the table yet: nothing to conflict with
    # NOT NULL fields with a default whose column the file lacks: set on insert, left on update
    defaults: list[tuple[str, object]]  # (db column, value)


def count_rows(cursor, layout: Layout, structure: Structure) -> int:  # type: ignore[no-untyped-def]
    table = layout.spec.model._meta.db_table
    cursor.execute(f"SELECT COUNT(*) FROM {q(table)} WHERE structure_id = %s", [structure.pk])
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
    id_position = layout.positions["id"]
    filled = {t.field.name for t in targets} | {"id", "structure", "ext_id"}
    defaults = [
        (f.column, f.get_default())
        for f in meta.concrete_fields
        if f.name not in filled and not f.null and f.has_default()
    ]
    cells = itemgetter(id_position, *(t.position for t in targets))
    return Upsert(meta.db_table, targets, cells, structure.pk, fresh, defaults)


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
        changed = f"({', '.join(f'{table}.{n}' for n in names)}) IS DISTINCT FROM ({', '.join(f'excluded.{n}' for n in names)})"
        if len(names) == 1:
            changed = f"{table}.{names[0]} IS DISTINCT FROM excluded.{names[0]}"
    else:
        changed = " OR ".join(f"{table}.{n} IS NOT excluded.{n}" for n in names)
    return f" ON CONFLICT (structure_id, ext_id) DO UPDATE SET {sets} WHERE {changed}"


def sqlite_sql(upsert: Upsert, resolved: bool = False) -> str:
    """With `resolved`, references come as primary keys; otherwise as ids, looked up by SQL."""
    sid = int(upsert.structure_id)
    values = [str(sid), "%s"]
    for target in upsert.targets:
        if target.column.kind is Kind.REF and resolved:
            values.append("%s")
        elif target.column.kind is Kind.REF:
            values.append(f"(SELECT id FROM {q(target.parent_table)} WHERE structure_id = {sid} AND ext_id = %s)")
        else:
            values.append(_value(target, "%s"))
    values.extend(sql_literal(value) for _, value in upsert.defaults)
    return _insert_head(upsert) + f"VALUES ({', '.join(values)})" + _conflict_tail(upsert)


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
    """ext_id -> primary key of the parent tables, read once per import (bulk loads on SQLite:
    a dictionary look-up in the reading thread instead of an index search per reference in
    the writing one). Built after the parent file is written, in the same transaction."""

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


def resolving(upsert: Upsert, keys: ParentKeys, cursor) -> Callable[[list[str]], list]:  # type: ignore[no-untyped-def]
    """CSV row -> parameters with each reference replaced by the parent's primary key."""
    cells = upsert.cells
    maps = [
        (i + 1, keys.of(t.parent_table, cursor)) for i, t in enumerate(upsert.targets) if t.column.kind is Kind.REF
    ]

    def convert(row: list[str]) -> list:
        values = list(cells(row))
        for i, ids in maps:
            values[i] = ids.get(values[i])
        return values

    return convert


def insert_columns(upsert: Upsert) -> str:
    return ", ".join(
        ["structure_id", "ext_id", *(q(t.db_column) for t in upsert.targets), *(q(c) for c, _ in upsert.defaults)]
    )


def direct_copy_cells(upsert: Upsert, keys: ParentKeys, cursor) -> Callable[[list[str]], list]:  # type: ignore[no-untyped-def]
    """CSV row -> a row of the table itself, for COPY straight into it (PostgreSQL, a bulk load
    into a table holding no row of the structure: nothing to upsert, no staging, no join)."""
    resolve = resolving(upsert, keys, cursor)
    nullable = [i + 1 for i, t in enumerate(upsert.targets) if t.field.null and t.column.kind is not Kind.REF]
    head = [upsert.structure_id]
    tail = [value for _, value in upsert.defaults]

    def convert(row: list[str]) -> list:
        values = resolve(row)
        for i in nullable:
            if values[i] == "":
                values[i] = None
        return head + values + tail

    return convert


def batches(dataset: DatasetSource, layout: Layout, cells: Callable[[list[str]], Sequence]) -> Iterator[list]:
    with dataset.open_text(layout.spec.name) as stream:
        reader = RecordReader(stream)
        reader.header()
        for chunk in reader.chunks(BATCH_ROWS):
            yield [cells(row) for _line, row in chunk]


def write_batch(cursor, upsert: Upsert, sql: tuple[str, ...], batch: list[tuple[str, ...]]) -> int:  # type: ignore[no-untyped-def]
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
    cursor.executemany(sql[0], batch)
    return cursor.rowcount


def write_file(
    cursor,  # type: ignore[no-untyped-def]
    dataset: DatasetSource,
    layout: Layout,
    structure: Structure,
    keys: ParentKeys,
    progress: Progress | None,
) -> FileStats:
    before = count_rows(cursor, layout, structure)
    upsert = plan(layout, structure, fresh=before == 0)
    stats = FileStats(rows=layout.rows)
    bulk = layout.rows >= BULK_ROWS
    cells: Callable[[list[str]], Sequence] = upsert.cells
    if connection.vendor == "postgresql" and upsert.fresh and bulk:
        sql: tuple[str, ...] = (DIRECT_COPY, f"COPY {q(upsert.table)} ({insert_columns(upsert)}) FROM STDIN")
        cells = direct_copy_cells(upsert, keys, cursor)
    elif connection.vendor == "postgresql":
        sql = postgresql_sql(upsert)
        cursor.execute(f"DROP TABLE IF EXISTS {q(staging_table(upsert))}")
        cursor.execute(sql[0])
    elif connection.vendor == "sqlite":
        sql = (sqlite_sql(upsert, resolved=bulk),)
        if bulk:
            cells = resolving(upsert, keys, cursor)
    else:
        raise NotImplementedError(f"database {connection.vendor} is not supported")
    keys.forget(upsert.table)
    changed = done = 0
    with _indexes_deferred(cursor, upsert, bulk and more_than_in_table(cursor, upsert, layout.rows)):
        for batch in prefetched(batches(dataset, layout, cells)):
            changed += write_batch(cursor, upsert, sql, batch)
            done += len(batch)
            if progress:
                progress(layout.spec.name, done, layout.rows)
    stats.created = count_rows(cursor, layout, structure) - before
    stats.updated = changed - stats.created
    stats.unchanged = stats.rows - changed
    return stats


def more_than_in_table(cursor, upsert: Upsert, rows: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether a file brings more rows than its table holds (all structures): rebuilding the
    indexes, whose cost grows with the whole table, then pays. Not for a re-import, where the
    rows are already there and the indexes do not change."""
    cursor.execute(f"SELECT COUNT(*) FROM {q(upsert.table)}")
    return rows > cursor.fetchone()[0]


@contextmanager
def _indexes_deferred(cursor, upsert: Upsert, bulk: bool) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """For a bulk load on SQLite into a smaller table, its plain (non-unique) indexes are dropped and built
    again once the rows are in: sorting once is about twice as fast as inserting into each of
    them at random places row by row. The unique (structure, ext_id) index stays: the upsert
    needs it. SQLite's DDL is transactional: on any failure the rollback brings the indexes
    back, and other connections never see the table without them."""
    if connection.vendor != "sqlite" or not bulk:
        yield
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
        [upsert.table],
    )
    plain = [(name, sql) for name, sql in cursor.fetchall() if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        cursor.execute(f"DROP INDEX {q(name)}")
    yield
    for _name, sql in plain:
        cursor.execute(sql)


def prefetched(items: Iterator[list[tuple[str, ...]]], depth: int = 2) -> Iterator[list[tuple[str, ...]]]:
    """`items` produced by a helper thread: the CSV of the next batch is parsed while the
    database writes the current one (SQLite and psycopg release the GIL while they work)."""
    queue: Queue = Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                queue.put(item)
        except BaseException as error:  # noqa: BLE001 - handed over to the consumer
            queue.put(error)
            return
        queue.put(done)

    thread = threading.Thread(target=produce, name="import-reader", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                queue.get_nowait()
            except Empty:
                thread.join(0.01)


def write_dataset(
    dataset: DatasetSource, layouts: dict[str, Layout], structure: Structure, progress: Progress | None = None
) -> dict[str, FileStats]:
    """Writes every present file, parents first, in one transaction."""
    stats: dict[str, FileStats] = {}
    keys = ParentKeys(structure.pk)
    with _sqlite_write_settings(), transaction.atomic(), connection.cursor() as cursor:
        for name in BY_NAME:
            if name in layouts:
                stats[name] = write_file(cursor, dataset, layouts[name], structure, keys, progress)
    return stats


@contextmanager
def _sqlite_write_settings() -> Iterator[None]:
    """Settings of the SQLite connection for the write transaction, restored after it. They
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
