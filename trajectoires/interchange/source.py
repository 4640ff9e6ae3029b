"""Reading a dataset: a folder or a `.zip` of one (files at the root of the zip or inside one
top folder), and its CSV files as records tagged with the physical line where they start."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


class RecordReader:
    """The records of a CSV file, each with the physical line where it starts (header = 1),
    blank ones skipped. After a CSV syntax error, `last_line` + 1 is the line of the record
    that could not be read."""

    def __init__(self, stream: IO[str]) -> None:
        self._reader = csv.reader(stream, delimiter=SEPARATOR, quotechar='"', doublequote=True, strict=True)
        self.last_line = 0

    def header(self) -> tuple[int, list[str]] | None:
        """The first non-blank record: (line, names), or None for a file with no record."""
        for chunk in self.chunks(1):
            return chunk[0]
        return None

    def chunks(self, size: int) -> Iterator[list[tuple[int, list[str]]]]:
        """Lists of up to `size` (line, cells) records. The importer's innermost loop."""
        reader = self._reader
        last = self.last_line
        chunk: list[tuple[int, list[str]]] = []
        try:
            for row in reader:
                start = last + 1
                last = reader.line_num
                # the usual case (a first cell, several cells) decided in three cheap tests
                if (row and row[0] and len(row) > 1) or not _blank(row):
                    chunk.append((start, row))
                    if len(chunk) >= size:
                        self.last_line = last
                        yield chunk
                        chunk = []
        finally:
            self.last_line = last
        if chunk:
            yield chunk

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for chunk in self.chunks(1000):
            yield from chunk


def first_bad_utf8_line(opener: Opener) -> int:
    """The physical line holding the first byte sequence that is not UTF-8 (1-based)."""
    with opener() as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1
