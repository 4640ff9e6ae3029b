"""Validation of a whole dataset before anything is written (interchange.md, "Import rules").

Files are read in the schema's dependency order and streamed: nothing of a row is kept but a
64-bit hash of its `id` (duplicates, references) and, for the age rule, a hash and a date.
References are checked a chunk at a time against the sorted hashes of the target file's ids,
completed on the first miss with the ids already in the database for this structure.
Duplicates found by hash are confirmed exactly by a second read of the file.
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np
from django.db import connection

from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.interchange.checks import Check, cell_check, date_number, date_table, text_limit
from trajectoires.interchange.report import ProblemList
from trajectoires.interchange.schema import BY_NAME, FILES, MAX_ID_LENGTH, Column, FileSpec, Kind
from trajectoires.interchange.source import DatasetSource, RecordReader, first_bad_utf8_line
from trajectoires.situations.enums import TYPES_PAR_CATEGORIE
from trajectoires.structures.models import Structure


CHUNK_ROWS = 10_000
MIN_AGE, MAX_AGE = 13, 35
DISPOSITIFS = "dispositifs.csv"

Progress = Callable[[str, int, "int | None"], None]
Bads = "list[set[str]] | None"
Columns = "list[tuple[str, ...]] | None"
# (lines, rows, bad columns of each row or None when all are valid, the chunk's columns when all are valid)
ChunkHook = Callable[[list[int], list[list[str]], "list[set[str]] | None", "list[tuple[str, ...]] | None"], None]


class ChunkSink(Protocol):
    """Receives each chunk found valid while no problem has been found in the dataset (the
    importer's writer), then the end of each file read without problem."""

    def write(self, layout: Layout, columns: Sequence[Sequence[str]], rows: int) -> None: ...

    def end(self, layout: Layout) -> None: ...


def usable(
    lines: list[int], rows: list[list[str]], bads: list[set[str]] | None, *columns: str
) -> Iterator[tuple[int, list[str]]]:
    """(line, row) of the rows whose given columns are valid."""
    if bads is None:
        return zip(lines, rows, strict=True)
    return ((line, row) for line, row, bad in zip(lines, rows, bads, strict=True) if not bad.intersection(columns))


@dataclass
class Layout:
    """A present file as its header declares it: known column name -> position."""

    spec: FileSpec
    header: list[str]
    positions: dict[str, int]
    rows: int = 0

    @property
    def columns(self) -> list[Column]:
        return [c for c in self.spec.columns if c.name in self.positions]


def hash_array(values: list[str]) -> np.ndarray:
    return np.fromiter(map(hash, values), dtype=np.int64, count=len(values))


def contains(sorted_hashes: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    if sorted_hashes.size == 0:
        return np.zeros(hashes.shape, dtype=bool)
    positions = np.searchsorted(sorted_hashes, hashes).clip(max=sorted_hashes.size - 1)
    return sorted_hashes[positions] == hashes


class IdIndex:
    """The ids a reference may point to: the target file's, extra ones (the built-in programme
    catalogue), and, loaded on the first miss, those in the database for this structure."""

    def __init__(self, spec: FileSpec, structure: Structure, dataset: np.ndarray, extra: list[str]) -> None:
        self.spec = spec
        self.structure = structure
        self.hashes = np.union1d(dataset, hash_array(extra))
        self.db_loaded = False

    def missing(self, values: list[str]) -> np.ndarray:
        hashes = hash_array(values)
        absent = ~contains(self.hashes, hashes)
        if absent.any() and not self.db_loaded:
            self._load_db()
            absent = ~contains(self.hashes, hashes)
        return np.flatnonzero(absent)

    def _load_db(self) -> None:
        self.db_loaded = True
        model = self.spec.model
        table = connection.ops.quote_name(model._meta.db_table)
        found: list[np.ndarray] = [self.hashes]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ext_id FROM {table} WHERE structure_id = %s", [self.structure.pk])
            while rows := cursor.fetchmany(100_000):
                found.append(hash_array([r[0] for r in rows]))
        self.hashes = np.unique(np.concatenate(found))


class _Unreadable:
    """The index of a present file that could not be read: no reference to it is reported
    as unknown (the file's own problems say what to fix first)."""

    def missing(self, values: list[str]) -> np.ndarray:
        return np.empty(0, dtype=np.int64)


UNREADABLE = _Unreadable()


@dataclass
class RefBuffer:
    """The references of one column read since the last check."""

    column: Column
    position: int
    target: str
    values: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


NO_EVENT = np.iinfo(np.int64).max


@dataclass
class AgeRule:
    """Birth date vs first event: 13 to 35 years old at the earliest event (dataset + database).

    Keeps one (hash, birth date, line) per young person of jeunes.csv and, once that file is
    read, the earliest event date of each of them, lowered a chunk of events at a time
    (`np.minimum.at` at the young person's place among the sorted hashes): memory grows with
    the young people, not with the events."""

    birth_ids: array = field(default_factory=lambda: array("q"))
    birth_dates: array = field(default_factory=lambda: array("q"))
    birth_lines: array = field(default_factory=lambda: array("q"))
    event_ids: list[str] = field(default_factory=list)
    event_dates: list[int] = field(default_factory=list)
    db_first_events: tuple[np.ndarray, np.ndarray] | None = None  # read before anything is written
    sorted_ids: np.ndarray | None = None  # the young people's hashes, sorted (once jeunes.csv is read)
    firsts: np.ndarray | None = None  # earliest event date (YYYYMMDD) at each place of sorted_ids

    def lower(self, keys: np.ndarray, dates: np.ndarray) -> None:
        """Lowers the first event of the young people whose hashes are `keys` to `dates`."""
        if self.sorted_ids is None:
            self.sorted_ids = np.unique(np.frombuffer(self.birth_ids, dtype=np.int64))
            self.firsts = np.full(self.sorted_ids.size, NO_EVENT, dtype=np.int64)
        if keys.size == 0 or self.sorted_ids.size == 0:
            return
        positions = np.searchsorted(self.sorted_ids, keys).clip(max=self.sorted_ids.size - 1)
        known = self.sorted_ids[positions] == keys
        np.minimum.at(self.firsts, positions[known], dates[known])

    def flush_events(self) -> None:
        if self.event_ids and self.birth_ids:
            self.lower(hash_array(self.event_ids), np.array(self.event_dates, dtype=np.int64))
        self.event_ids.clear()
        self.event_dates.clear()

    def finish(self, structure: Structure, problems: ProblemList) -> None:
        if not self.birth_ids:
            return
        self.lower(*(self.db_first_events or db_first_events(structure)))
        assert self.sorted_ids is not None and self.firsts is not None
        births = np.frombuffer(self.birth_dates, dtype=np.int64)
        ids = np.frombuffer(self.birth_ids, dtype=np.int64)
        first = self.firsts[np.searchsorted(self.sorted_ids, ids)]
        found = first != NO_EVENT
        ages = (first - births) // 10000
        for i in np.flatnonzero(found & ((ages < MIN_AGE) | (ages > MAX_AGE))):
            problems.add(
                "jeunes.csv",
                int(self.birth_lines[i]),
                "date_naissance",
                number_to_iso(int(births[i])),
                f"âge invraisemblable : {int(ages[i])} an(s) lors du premier événement "
                f"({number_to_iso(int(first[i]))}),"
                f" l'âge doit être compris entre {MIN_AGE} et {MAX_AGE} ans : vérifiez la date de naissance"
                " et les dates des événements de ce jeune",
            )


def number_to_iso(number: int) -> str:
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"


def earliest(keys: np.ndarray, dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted unique keys, earliest date of each key)."""
    if keys.size == 0:
        return keys, dates
    order = np.lexsort((dates, keys))
    keys, dates = keys[order], dates[order]
    first = np.empty(keys.size, dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return keys[first], dates[first]


def db_first_events(structure: Structure) -> tuple[np.ndarray, np.ndarray]:
    """(hash of the young person's id, earliest event YYYYMMDD) from the database."""
    jeune = BY_NAME["jeunes.csv"].model._meta
    evenement = BY_NAME["evenements.csv"].model._meta
    q = connection.ops.quote_name
    ids: list[str] = []
    dates: list[int] = []
    with connection.cursor() as cursor:
        # per young person, the earliest event by the (jeune, date) index: no sort of all the
        # structure's events (1 M rows: 0.4 s of CPU instead of 2.7 s with a GROUP BY)
        cursor.execute(
            f"SELECT j.ext_id, (SELECT MIN(e.{q('date')}) FROM {q(evenement.db_table)} e "
            f"WHERE e.jeune_id = j.id AND e.structure_id = %s) FROM {q(jeune.db_table)} j WHERE j.structure_id = %s",
            [structure.pk, structure.pk],
        )
        while rows := cursor.fetchmany(100_000):
            for ext_id, first in rows:
                if first is not None:
                    ids.append(ext_id)
                    dates.append(date_number(str(first)))
    return earliest(hash_array(ids), np.array(dates, dtype=np.int64))


ID_LIKE = (Kind.ID, Kind.REF, Kind.DISPOSITIF)
MEMO_LIMIT = 100_000


@dataclass
class ColumnCheck:
    """One column's check, for a row (`check`) or for a whole chunk's column (`all_valid`)."""

    position: int
    name: str
    required: bool
    # the longest valid cell of a column whose cells are only checked for their length and
    # characters (identifiers, references, free text), None for the others
    plain_limit: int | None
    check: Check
    memo: bool  # remember valid values (codes, dates, numbers: few distinct values)
    spaces_missing: bool = False  # a required text: a cell of spaces only counts as missing
    known_valid: set[str] = field(default_factory=set)  # values met and found valid (bounded)

    def all_valid(self, values: tuple[str, ...], distinct: set[str] | None = None) -> bool:
        """Whether every cell is valid; `distinct`: the column's distinct values when the
        caller has them (references, checked on their distinct values)."""
        if self.plain_limit is not None:  # mostly distinct values: no set, scans at C speed
            cells = values if distinct is None else distinct
            if self.required and "" in cells:
                return False
            if not cells:
                return True
            if max(map(len, cells)) > self.plain_limit or "\x00" in "".join(cells):
                return False
            return not (self.spaces_missing and any(map(str.isspace, cells)))
        distinct = set(values)
        if "" in distinct:
            if self.required:
                return False
            distinct.discard("")
        if not distinct:
            return True
        if not self.memo:
            return all(self.check(v) is None for v in distinct)
        unknown = distinct - self.known_valid
        if not all(self.check(v) is None for v in unknown):
            return False
        if len(self.known_valid) < MEMO_LIMIT:
            self.known_valid |= unknown
        return True


@dataclass
class RowPlan:
    """What checking a file's rows needs, built once per file."""

    name: str
    width: int
    id_position: int | None
    checks: list[ColumnCheck]
    buffers: list[RefBuffer]
    periods: list[tuple[int, int, str, str]]
    hooks: list[ChunkHook]
    ids: array = field(default_factory=lambda: array("q"))


class Validator:
    """Validates a dataset; `layouts` then holds what the writer needs of each present file."""

    def __init__(
        self,
        dataset: DatasetSource,
        structure: Structure,
        problems: ProblemList,
        today: date,
        progress: Progress | None = None,
        sink: ChunkSink | None = None,
    ) -> None:
        self.dataset = dataset
        self.sink = sink
        self.structure = structure
        self.problems = problems
        self.today = today
        self.progress = progress
        self.dates = date_table(today)
        self.layouts: dict[str, Layout] = {}
        self.ids: dict[str, np.ndarray] = {}  # file -> sorted unique id hashes
        self.indexes: dict[str, IdIndex] = {}
        self.age = AgeRule()

    # -- the dataset ---------------------------------------------------------------------------
    def run(self) -> dict[str, Layout]:
        known = ", ".join(spec.name for spec in FILES)
        for name in self.dataset.unexpected:
            self.problems.add(
                name,
                0,
                "",
                "",
                f"fichier inconnu : un jeu de données ne contient que {known} ; retirez-le ou corrigez son nom",
            )
        if self.sink is not None and "jeunes.csv" in self.dataset.files:
            # the age rule counts the events in the database as they were before this import
            self.age.db_first_events = db_first_events(self.structure)
        for spec in FILES:
            if spec.name in self.dataset.files:
                self.validate_file(spec)
            elif spec.required_file:
                self.problems.add(
                    spec.name, 0, "", "", "fichier obligatoire absent : un jeu de données contient toujours jeunes.csv"
                )
        self.age.finish(self.structure, self.problems)
        return self.layouts

    def index(self, target: str) -> IdIndex | _Unreadable:
        if target in self.dataset.files and target not in self.ids:
            return UNREADABLE  # its own problems are reported; its ids are not known
        if target not in self.indexes:
            extra = list(CATALOGUE) if target == DISPOSITIFS else []
            dataset = self.ids.get(target, np.empty(0, dtype=np.int64))
            self.indexes[target] = IdIndex(BY_NAME[target], self.structure, dataset, extra)
        return self.indexes[target]

    # -- one file ------------------------------------------------------------------------------
    def validate_file(self, spec: FileSpec) -> None:
        reader: RecordReader | None = None
        try:
            with self.dataset.open_text(spec.name) as stream:
                reader = RecordReader(stream, reopen=lambda: self.dataset.open_text(spec.name))
                first = reader.header()
                if first is None:
                    self.problems.add(
                        spec.name,
                        1,
                        "",
                        "",
                        "fichier vide : la ligne d'en-tête (noms des colonnes séparés par ;) manque",
                    )
                    return
                layout = self.check_header(spec, *first)
                if layout is None:
                    return
                self.layouts[spec.name] = layout
                ids = self.check_rows(layout, reader)
        except csv.Error as error:
            line = reader.error_line() if reader else 1
            self.problems.add(spec.name, line, "", "", csv_error_reason(error))
            return
        except UnicodeDecodeError:
            line = first_bad_utf8_line(self.dataset.files[spec.name])
            self.problems.add(
                spec.name, line, "", "", "fichier non encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 »"
            )
            return
        self.ids[spec.name] = self.check_duplicates(layout, ids)
        if self.sink is not None and not self.problems:
            self.sink.end(layout)

    def check_header(self, spec: FileSpec, line: int, header: list[str]) -> Layout | None:
        if not any(name in spec.by_name for name in header):
            self.problems.add(
                spec.name,
                line,
                "",
                "",
                "ligne d'en-tête absente ou illisible : la première ligne doit nommer les colonnes, séparées par ; "
                f"({';'.join(spec.column_names)})",
            )
            return None
        positions: dict[str, int] = {}
        for position, name in enumerate(header):
            if name not in spec.by_name:
                self.problems.add(
                    spec.name,
                    line,
                    name,
                    "",
                    f"colonne inconnue : les colonnes de {spec.name} sont {', '.join(spec.column_names)} ;"
                    " retirez-la ou corrigez son nom",
                )
            elif name in positions:
                self.problems.add(spec.name, line, name, "", "colonne en double dans l'en-tête : gardez-en une seule")
            else:
                positions[name] = position
        for column in spec.columns:
            if column.required and column.name not in positions:
                self.problems.add(
                    spec.name, line, column.name, "", "colonne obligatoire absente : ajoutez-la à la ligne d'en-tête"
                )
        return Layout(spec, header, positions)

    def plain_limit(self, spec: FileSpec, column: Column) -> int | None:
        if column.kind in ID_LIKE:
            return MAX_ID_LENGTH
        if column.kind is Kind.TEXT:
            return text_limit(spec.model._meta.get_field(column.model_field))
        return None

    def column_check(self, spec: FileSpec, column: Column) -> Check:
        model_field = None
        if column.kind in (Kind.TEXT, Kind.INT, Kind.DECIMAL):
            model_field = spec.model._meta.get_field(column.model_field)
        return cell_check(column, model_field, self.today, self.dates)

    def check_rows(self, layout: Layout, reader: RecordReader) -> array:
        """Checks every record of a file, a chunk at a time; returns the hashes of its valid ids."""
        plan = self.row_plan(layout)
        count = 0
        for lines, rows in reader.chunks(CHUNK_ROWS):
            count += len(rows)
            columns = self.clean_chunk(plan, lines, rows)
            if columns is None:
                self.check_each_row(plan, lines, rows)
            self.flush(layout, plan.buffers)
            if self.sink is not None and not self.problems:
                if columns is None:  # checked row by row and found valid after all
                    columns = list(zip(*rows, strict=True))
                self.sink.write(layout, columns, len(rows))
            if self.progress:
                self.progress(layout.spec.name, count, None)
        layout.rows = count
        if self.progress and not count:
            self.progress(layout.spec.name, 0, None)
        return plan.ids

    def row_plan(self, layout: Layout) -> RowPlan:
        spec = layout.spec
        checks = [
            ColumnCheck(
                layout.positions[c.name],
                c.name,
                c.required,
                self.plain_limit(spec, c),
                self.column_check(spec, c),
                memo=c.kind not in (Kind.TEXT, Kind.SIRET),
                spaces_missing=c.required and c.kind is Kind.TEXT,
            )
            for c in layout.columns
        ]
        buffers = [
            RefBuffer(c, layout.positions[c.name], DISPOSITIFS if c.kind is Kind.DISPOSITIF else c.ref)
            for c in layout.columns
            if c.kind in (Kind.REF, Kind.DISPOSITIF)
        ]
        periods = [
            (layout.positions[start], layout.positions[end], start, end)
            for start, end in spec.periods
            if start in layout.positions and end in layout.positions
        ]
        return RowPlan(
            spec.name, len(layout.header), layout.positions.get("id"), checks, buffers, periods, self.row_hooks(layout)
        )

    def clean_chunk(self, plan: RowPlan, lines: Sequence[int], rows: list[list[str]]) -> list[tuple[str, ...]] | None:
        """The fast path: checks a chunk column by column on the distinct values of each column
        (C-speed set operations) and, if no cell is bad, collects its ids and references and
        returns its columns. None as soon as anything is wrong: `check_each_row` then reports
        exactly what."""
        if set(map(len, rows)) != {plan.width}:
            return None
        columns = list(zip(*rows, strict=True))
        distinct = {ref.position: set(columns[ref.position]) for ref in plan.buffers}
        for check in plan.checks:
            if not check.all_valid(columns[check.position], distinct.get(check.position)):
                return None
        for start, end, _start_name, _end_name in plan.periods:
            if any(e and s and e < s for s, e in zip(columns[start], columns[end], strict=True)):
                return None
        for hook in plan.hooks:  # rules across columns and collectors (their problems are their own)
            hook(lines, rows, None, columns)
        if plan.id_position is not None:
            plan.ids.extend(map(hash, columns[plan.id_position]))
        for ref in plan.buffers:
            self.check_references(plan.name, ref, lines, columns[ref.position], distinct[ref.position])
        return columns

    def check_references(
        self, name: str, ref: RefBuffer, lines: Sequence[int], values: Sequence[str], distinct: set[str]
    ) -> None:
        """The references of a clean chunk's column, looked up once per distinct value (a
        site or a counsellor is named by thousands of rows); each unknown one is reported at
        every line naming it."""
        distinct.discard("")
        if not distinct:
            return
        keys = list(distinct)
        absent = self.index(ref.target).missing(keys)
        if absent.size:
            unknown = {keys[i] for i in absent}
            reason = unknown_ref_reason(ref)
            for line, value in zip(lines, values, strict=True):
                if value in unknown:
                    self.problems.add(name, line, ref.column.name, value, reason)

    def check_each_row(self, plan: RowPlan, lines: Sequence[int], rows: list[list[str]]) -> None:
        """The exact path: every cell of every row, each problem at its line and column."""
        name, problems = plan.name, self.problems
        kept_lines: list[int] = []
        kept_rows: list[list[str]] = []
        bads: list[set[str]] = []
        for line, row in zip(lines, rows, strict=True):
            if len(row) != plan.width:
                problems.add(
                    name,
                    line,
                    "",
                    "",
                    f"la ligne a {len(row)} cellule(s) et l'en-tête {plan.width} : vérifiez les ; et les guillemets",
                )
                continue
            bad: set[str] = set()
            for check in plan.checks:
                value = row[check.position]
                if not value:
                    if check.required:
                        problems.add(
                            name, line, check.name, "", "valeur obligatoire manquante : renseignez cette colonne"
                        )
                        bad.add(check.name)
                    continue
                reason = check.check(value)
                if reason is not None:
                    problems.add(name, line, check.name, value, reason)
                    bad.add(check.name)
            if plan.id_position is not None and "id" not in bad:
                plan.ids.append(hash(row[plan.id_position]))
            for ref in plan.buffers:
                if row[ref.position] and ref.column.name not in bad:
                    ref.values.append(row[ref.position])
                    ref.lines.append(line)
            for start, end, start_name, end_name in plan.periods:
                if row[end] and row[start] and row[end] < row[start] and not {start_name, end_name} & bad:
                    problems.add(
                        name,
                        line,
                        end_name,
                        row[end],
                        f"fin avant le début ({start_name} = {row[start]}) : vérifiez les deux dates",
                    )
            kept_lines.append(line)
            kept_rows.append(row)
            bads.append(bad)
        for hook in plan.hooks:
            hook(kept_lines, kept_rows, bads, None)

    def flush(self, layout: Layout, refs: list[RefBuffer]) -> None:
        for ref in refs:
            if ref.values:
                for i in self.index(ref.target).missing(ref.values):
                    self.problems.add(
                        layout.spec.name, ref.lines[i], ref.column.name, ref.values[i], unknown_ref_reason(ref)
                    )
            ref.values.clear()
            ref.lines.clear()
        if layout.spec.name == "evenements.csv":
            self.age.flush_events()

    def check_duplicates(self, layout: Layout, ids: array) -> np.ndarray:
        hashes = np.sort(np.frombuffer(ids, dtype=np.int64))
        repeated = hashes[1:][hashes[1:] == hashes[:-1]]
        if repeated.size:
            self.confirm_duplicates(layout, set(repeated.tolist()))
            return np.unique(hashes)
        return hashes

    def confirm_duplicates(self, layout: Layout, suspects: set[int]) -> None:
        """Reads the file again and reports, exactly, each id seen twice (at its second line)."""
        position = layout.positions["id"]
        width = len(layout.header)
        first_lines: dict[str, int] = {}
        with self.dataset.open_text(layout.spec.name) as stream:
            reader = RecordReader(stream)
            reader.header()
            for line, row in reader:
                if len(row) != width:
                    continue
                value = row[position]
                if hash(value) not in suspects:
                    continue
                if value in first_lines:
                    self.problems.add(
                        layout.spec.name,
                        line,
                        "id",
                        value,
                        f"identifiant en double : déjà utilisé ligne {first_lines[value]} ;"
                        " chaque id doit être unique dans son fichier",
                    )
                else:
                    first_lines[value] = line

    # -- rules across the columns of a row ---------------------------------------------------
    def row_hooks(self, layout: Layout) -> list[ChunkHook]:
        """Rules across the columns of a row, and the age rule's collectors, run on a chunk of
        well-formed rows (`bads`: the bad columns of each row, None when all are valid)."""
        hooks: list[ChunkHook] = []
        p = layout.positions
        name = layout.spec.name
        problems = self.problems

        if name == "situations.csv" and "categorie" in p and "type" in p:
            category_at, type_at = p["categorie"], p["type"]

            def situation_type(lines: list[int], rows: list[list[str]], bads: Bads, _columns: Columns) -> None:
                for line, row in usable(lines, rows, bads, "categorie", "type"):
                    allowed = TYPES_PAR_CATEGORIE[row[category_at]]
                    if row[type_at] not in allowed:
                        problems.add(
                            name,
                            line,
                            "type",
                            row[type_at],
                            f"type impossible pour la catégorie « {row[category_at]} » :"
                            f" utilisez l'un de {', '.join(allowed)}",
                        )

            hooks.append(situation_type)

        if name == "inscriptions.csv" and "date_sortie" in p:
            exit_at, motive_at = p["date_sortie"], p.get("motif_sortie")

            def exit_motive(lines: list[int], rows: list[list[str]], bads: Bads, _columns: Columns) -> None:
                for line, row in zip(lines, rows, strict=True):
                    if row[exit_at] and (motive_at is None or not row[motive_at]):
                        problems.add(
                            name,
                            line,
                            "motif_sortie",
                            "",
                            "motif de sortie manquant : il est obligatoire quand date_sortie est renseignée",
                        )

            hooks.append(exit_motive)

        if name == "jeunes.csv" and "date_naissance" in p and "id" in p:
            age, dates = self.age, self.dates
            id_at, birth_at = p["id"], p["date_naissance"]

            def birth(lines: list[int], rows: list[list[str]], bads: Bads, columns: Columns) -> None:
                if columns is not None:  # all valid: whole columns, no loop per row
                    values = columns[birth_at]
                    numbers = list(map(dates.get, values))
                    if None in numbers:  # a date beyond the table's years
                        numbers = [n or date_number(v) for n, v in zip(numbers, values, strict=True)]
                    age.birth_ids.extend(map(hash, columns[id_at]))
                    age.birth_dates.extend(numbers)
                    age.birth_lines.extend(lines)
                    return
                for line, row in usable(lines, rows, bads, "id", "date_naissance"):
                    value = row[birth_at]
                    age.birth_ids.append(hash(row[id_at]))
                    age.birth_dates.append(dates.get(value) or date_number(value))
                    age.birth_lines.append(line)

            hooks.append(birth)

        if name == "evenements.csv" and self.age.birth_ids and "jeune_id" in p and "date" in p:
            age, dates = self.age, self.dates
            jeune_at, date_at = p["jeune_id"], p["date"]

            def event(lines: list[int], rows: list[list[str]], bads: Bads, columns: Columns) -> None:
                if columns is not None:  # all valid: whole columns, no loop per row
                    ids: Sequence[str] = columns[jeune_at]
                    days: Sequence[str] = columns[date_at]
                else:
                    kept = [row for _line, row in usable(lines, rows, bads, "jeune_id", "date")]
                    ids = [row[jeune_at] for row in kept]
                    days = [row[date_at] for row in kept]
                numbers = list(map(dates.get, days))
                if None in numbers:  # a date beyond the table's years
                    numbers = [n or date_number(d) for n, d in zip(numbers, days, strict=True)]
                age.event_ids.extend(ids)
                age.event_dates.extend(numbers)

            hooks.append(event)
        return hooks


def end_before_start(row: list[str], start: int, start_name: str) -> str:
    return f"fin avant le début ({start_name} = {row[start]}) : vérifiez les deux dates"


def unknown_ref_reason(ref: RefBuffer) -> str:
    if ref.column.kind is Kind.DISPOSITIF:
        return (
            "code de dispositif inconnu : ni dans le catalogue intégré, ni dans dispositifs.csv, ni dans la base ;"
            " ajoutez-le à dispositifs.csv ou corrigez le code"
        )
    return (
        f"référence inconnue : cet identifiant n'existe ni dans {ref.target} ni dans la base ;"
        f" ajoutez la ligne manquante à {ref.target} ou corrigez l'identifiant"
    )


def csv_error_reason(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return (
            "cellule trop longue (plus de 10 000 caractères) : raccourcissez-la ; la lecture du fichier s'arrête ici"
        )
    return (
        "ligne CSV illisible (guillemet mal placé ou non refermé) : une cellule entre guillemets doit se terminer"
        " par un guillemet suivi de ; ou d'une fin de ligne, et un guillemet dans le texte s'écrit \"\" ;"
        " la lecture du fichier s'arrête ici"
    )
