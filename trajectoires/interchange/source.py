"""Reading a dataset: a folder or a `.zip` of one (files at the root of the zip or inside one
top folder), and its CSV files as records tagged with the physical line where they start."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO

from trajectoires.interchange.schema import BY_NAME


SEPARATOR = ";"

Opener = Callable[[], IO[bytes]]


class SourceError(Exception):
    """The dataset cannot be opened at all (message in French)."""


@dataclass
class DatasetSource:
    """The known CSV files of a dataset (name -> opener of its bytes) and the other entries."""

    label: str
    files: dict[str, Opener] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # name -> bytes (uncompressed)

    def size(self, name: str) -> int:
        return self.sizes.get(name, 0)

    def open_text(self, name: str) -> IO[str]:
        """The file as text: UTF-8, a leading BOM dropped, line ends left to the CSV reader."""
        return io.TextIOWrapper(self.files[name](), encoding="utf-8-sig", newline="")


def _ignored(name: str) -> bool:
    """Hidden files and the resource forks macOS adds to zips are not part of a dataset."""
    parts = name.split("/")
    return parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts if p)


@contextmanager
def open_source(source: Path) -> Iterator[DatasetSource]:
    if source.is_dir():
        yield _folder(source)
    elif source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            yield _zip(source, archive)
    elif source.exists():
        raise SourceError(
            f"« {source} » n'est ni un dossier ni une archive .zip : donnez le dossier du jeu de données "
            "ou une archive .zip de ce dossier."
        )
    else:
        raise SourceError(f"« {source} » est introuvable : vérifiez le chemin du jeu de données.")


def _folder(path: Path) -> DatasetSource:
    dataset = DatasetSource(str(path))
    for entry in sorted(path.iterdir()):
        if _ignored(entry.name):
            continue
        if entry.is_file() and entry.name in BY_NAME:
            dataset.files[entry.name] = lambda entry=entry: open(entry, "rb")  # noqa: SIM115
            dataset.sizes[entry.name] = entry.stat().st_size
        else:
            dataset.unexpected.append(entry.name + ("/" if entry.is_dir() else ""))
    return dataset


def _zip(path: Path, archive: zipfile.ZipFile) -> DatasetSource:
    dataset = DatasetSource(str(path))
    names = [n for n in archive.namelist() if not n.endswith("/") and not _ignored(n)]
    tops = {n.split("/", 1)[0] for n in names}
    prefix = ""
    if names and all("/" in n for n in names) and len(tops) == 1:
        prefix = tops.pop() + "/"
    for name in names:
        relative = name[len(prefix) :]
        if relative in BY_NAME:
            dataset.files[relative] = lambda name=name: archive.open(name)
            dataset.sizes[relative] = archive.getinfo(name).file_size
        else:
            dataset.unexpected.append(relative)
    return dataset


def _blank(row: list[str]) -> bool:
    """An empty line, a line of spaces, or a line of separators only."""
    return not any(row) or (len(row) == 1 and row[0].isspace())


def _record_starts(rows: list[list[str]], first: int) -> list[int]:
    """The physical line where each record starts, from the line breaks inside its cells (a
    quoted cell keeps them as they are: \n, \r\n or \r each end one physical line)."""
    starts: list[int] = []
    line = first
    for row in rows:
        starts.append(line)
        text = "".join(row)
        line += 1 + text.count("\n") + text.count("\r") - text.count("\r\n")
    return starts


Chunk = tuple[Sequence[int], list[list[str]]]  # (physical line where each record starts, records)


class RecordReader:
    """The records of a CSV file, each with the physical line where it starts (header = 1),
    blank ones skipped. After a CSV syntax error, `error_line()` is the line of the record
    that could not be read."""

    def __init__(self, stream: IO[str], reopen: Callable[[], IO[str]] | None = None) -> None:
        self._reader = csv.reader(stream, delimiter=SEPARATOR, quotechar='"', doublequote=True, strict=True)
        self._reopen = reopen
        self.last_line = 0  # the last physical line read

    def header(self) -> tuple[int, list[str]] | None:
        """The first non-blank record: (line, names), or None for a file with no record."""
        for lines, rows in self.chunks(1):
            return lines[0], rows[0]
        return None

    def chunks(self, size: int) -> Iterator[Chunk]:
        """(lines, records) of up to `size` records. The importer's innermost loop: records
        are taken `size` at a time by the C reader; their lines are a plain range when each
        record is one physical line, as nearly always."""
        reader = self._reader
        while rows := list(islice(reader, size)):
            first = self.last_line + 1
            end = reader.line_num
            self.last_line = end
            if end - first + 1 == len(rows):
                lines: Sequence[int] = range(first, end + 1)
            else:  # records over several lines (quoted line breaks)
                lines = _record_starts(rows, first)
            if min(map(len, rows)) < 2 or not all(map(itemgetter(0), rows)):  # maybe blank lines
                kept = [(line, row) for line, row in zip(lines, rows, strict=True) if not _blank(row)]
                if not kept:
                    continue
                lines, rows = [line for line, _row in kept], [row for _line, row in kept]
            yield lines, rows

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for lines, rows in self.chunks(1000):
            yield from zip(lines, rows, strict=True)

    def error_line(self) -> int:
        """After a csv.Error: the physical line where the unreadable record starts. The
        records of the failed chunk are lost, so the file is read again, a record at a time."""
        if self._reopen is None:
            return self.last_line + 1
        with self._reopen() as stream:
            reader = csv.reader(stream, delimiter=SEPARATOR, quotechar='"', doublequote=True, strict=True)
            last = 0
            try:
                for _row in reader:
                    last = reader.line_num
            except csv.Error:
                return last + 1
        return last + 1


def first_bad_utf8_line(opener: Opener) -> int:
    """The physical line holding the first byte sequence that is not UTF-8 (1-based)."""
    with opener() as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1
