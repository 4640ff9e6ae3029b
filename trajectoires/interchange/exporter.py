"""The exporter of the interchange format: every file of the format (header and rows) for one
structure, streamed from the database. `export(import(D))` holds the rows of D: dates ISO,
booleans 0/1, empty for NULL, decimals in minimal form, ids as given. Values are written
exactly as stored (no formula neutralisation: this is a data format, not a spreadsheet)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from trajectoires.interchange.schema import FILES, Column, FileSpec, Kind
from trajectoires.interchange.source import SEPARATOR
from trajectoires.structures.models import Structure


CHUNK_ROWS = 10_000
_NEEDS_QUOTES = re.compile(r'[;"\r\n]')


def quote(cell: str) -> str:
    """RFC 4180: a cell holding the separator, a quote or a line break is quoted."""
    if _NEEDS_QUOTES.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_line(cells: list[str]) -> str:
    return SEPARATOR.join(map(quote, cells)) + "\n"


def decimal_text(value: Decimal) -> str:
    """Minimal form, no exponent: 12.50 -> 12.5, 12.00 -> 12, 0.05 -> 0.05."""
    return format(value.normalize(), "f")


def _formatter(column: Column) -> Callable[[Any], str]:
    kind = column.kind
    if kind is Kind.DATE:
        return date.isoformat
    if kind is Kind.BOOL:
        return lambda v: "1" if v else "0"
    if kind is Kind.DECIMAL:
        return lambda v: decimal_text(Decimal(v))
    if kind in (Kind.INT, Kind.SATISFACTION):
        return str
    return str


def _lookup(column: Column) -> str:
    if column.kind is Kind.REF:
        return f"{column.model_field}__ext_id"
    return column.model_field


def rows(spec: FileSpec, structure: Structure) -> Iterator[list[str]]:
    formatters = [_formatter(c) for c in spec.columns]
    queryset = (
        spec.model.objects.filter(structure=structure).order_by("pk").values_list(*(_lookup(c) for c in spec.columns))
    )
    for values in queryset.iterator(chunk_size=CHUNK_ROWS):
        yield ["" if v is None else f(v) for f, v in zip(formatters, values, strict=True)]


def write_file(stream: IO[str], spec: FileSpec, structure: Structure) -> int:
    stream.write(csv_line(spec.column_names))
    count = 0
    for cells in rows(spec, structure):
        stream.write(csv_line(cells))
        count += 1
    return count


@contextmanager
def _open_files(dest: Path) -> Iterator[Callable[[str], IO[str]]]:
    if dest.suffix == ".zip":
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            yield lambda name: io.TextIOWrapper(archive.open(name, "w"), encoding="utf-8", newline="")
    else:
        dest.mkdir(parents=True, exist_ok=True)
        yield lambda name: open(dest / name, "w", encoding="utf-8", newline="")  # noqa: SIM115


def export_dataset(structure: Structure, dest: Path) -> dict[str, int]:
    """Writes every file of the format for `structure` into the folder `dest` (or the archive
    `dest` if it ends with .zip); returns the number of rows of each file."""
    counts: dict[str, int] = {}
    with _open_files(Path(dest)) as open_file:
        for spec in FILES:
            with open_file(spec.name) as stream:
                counts[spec.name] = write_file(stream, spec, structure)
    return counts
