"""The SQL helpers of the report's readers, below both of them: facts.py (the engine's
grouped queries) and blocs.py (the packed enrolments, situations and help) read rows with
these, and neither imports the other for them.

- `raw_rows`: a values_list() queryset's rows straight from the DB-API cursor (no per-value
  converters); `raw_date`, `as_date`: dates read that way (ISO text on SQLite, parsed once
  per distinct day);
- `DayNumber`, `Cents`: a date as its day number since 1970-01-01 and an amount in whole
  cents, computed by the database (integers only: the cheapest rows to fetch, exact on
  SQLite and PostgreSQL); `NO_DAY` stands for an empty date in a `DayNumber` column.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import BigIntegerField, CharField, F, Func, QuerySet
from django.db.models.functions import Cast


def raw_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() queryset straight from the DB-API cursor: the SQL is
    Django's (portable), but the per-value converters are skipped for speed on large
    results. Raw values differ by backend (SQLite: dates as text, booleans as 0/1), so
    callers normalise the columns they read with `as_date` / `as_bool`."""
    query = queryset.query
    selected = [*query.extra_select, *query.values_select, *query.annotation_select]
    assert selected == list(queryset._fields), f"columns {selected} != {queryset._fields}: reorder values_list()"
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PARSED_DATES: dict[str, dt.date] = {}  # `as_date`'s memo: raw value -> date


def raw_date(column: str) -> Cast | F:
    """A date column to read with `raw_rows`: on SQLite, as text (the sqlite3 module would
    otherwise call Django's date converter on every value, the slowest part of reading
    hundreds of thousands of rows; `as_date` parses each distinct day once)."""
    if connection.vendor == "sqlite":
        return Cast(column, output_field=CharField())
    return F(column)


NO_DAY = 1 << 40  # stands for NULL in DayNumber columns read as integers


class DayNumber(Func):
    """A date column as its number of days since 1970-01-01, computed by the database
    (NULL becomes NO_DAY): rows of integers only are the cheapest to fetch, and numpy reads
    them in one call (`day_array`)."""

    output_field = BigIntegerField()

    def __init__(self, column: str) -> None:
        super().__init__(F(column))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # noqa: ANN401
        template = f"COALESCE(CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER), {NO_DAY})"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # noqa: ANN401
        template = f"COALESCE(%(expressions)s - DATE '1970-01-01', {NO_DAY})"
        return self.as_sql(compiler, connection, template=template, **extra)


def day_array(days: np.ndarray) -> np.ndarray:
    """DayNumber integers as datetime64[D] (NO_DAY -> NaT)."""
    out = days.astype(np.int64).astype("datetime64[D]")
    out[days == NO_DAY] = np.datetime64("NaT")
    return out


def as_date(value: object) -> dt.date | None:
    """A date from a raw DB value (a date, or ISO text on SQLite); memoised, since a few
    thousand distinct days cover years of rows."""
    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    day = PARSED_DATES.get(value)  # type: ignore[call-overload]
    if day is None:
        day = PARSED_DATES[value] = dt.date.fromisoformat(str(value)[:10])  # type: ignore[index]
    return day


def as_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


class Cents(Func):
    """An amount column in whole cents, as an integer (an empty amount counts 0)."""

    output_field = BigIntegerField()
    template = "COALESCE(CAST(ROUND(%(expressions)s * 100) AS BIGINT), 0)"

    def __init__(self, column: str) -> None:
        super().__init__(F(column))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # noqa: ANN401
        template = "COALESCE(CAST(ROUND(%(expressions)s * 100) AS INTEGER), 0)"
        return self.as_sql(compiler, connection, template=template, **extra)
