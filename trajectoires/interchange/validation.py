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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db import connection

from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.interchange.checks import Check, cell_check, date_number, date_table, id_check
from trajectoires.interchange.report import ProblemList
from trajectoires.interchange.schema import BY_NAME, FILES, MAX_ID_LENGTH, Column, FileSpec, Kind
from trajectoires.interchange.source import DatasetSource, RecordReader, first_bad_utf8_line
from trajectoires.situations.enums import TYPES_PAR_CATEGORIE
from trajectoires.structures.models import Structure

CHUNK_ROWS = 50_000
MIN_AGE, MAX_AGE = 13, 35
DISPOSITIFS = "dispositifs.csv"

Progress = Callable[[str, int, "int | None"], None]
RowHook = Callable[[int, list[str], "set[str] | None"], None]


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
            cursor.execute(f"SELECT ext_id FROM {table} WHERE structure_id = %s", [self.structure.pk])  # noqa: S608
            while rows := cursor.fetchmany(100_000):
                found.append(hash_array([r[0] for r in rows]))
        self.hashes = np.unique(np.concatenate(found))


@dataclass
class RefBuffer:
    """The references of one column read since the last check."""

    column: Column
    position: int
    target: str
    values: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class AgeRule:
    """Birth date vs first event: 13 to 35 years old at the earliest event (dataset + database)."""

    birth_ids: array = field(default_factory=lambda: array("q"))
    birth_dates: array = field(default_factory=lambda: array("q"))
    birth_lines: array = field(default_factory=lambda: array("q"))
    event_ids: list[str] = field(default_factory=list)
    event_dates: list[int] = field(default_factory=list)
    first_events: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def flush_events(self) -> None:
        if self.event_ids and self.birth_ids:
            self.first_events.append(earliest(hash_array(self.event_ids), np.array(self.event_dates, dtype=np.int64)))
        self.event_ids.clear()
        self.event_dates.clear()

    def finish(self, structure: Structure, problems: ProblemList) -> None:
        if not self.birth_ids:
            return
        self.first_events.append(db_first_events(structure))
        keys, firsts = earliest(
            np.concatenate([k for k, _ in self.first_events]), np.concatenate([d for _, d in self.first_events])
        )
        births = np.frombuffer(self.birth_dates, dtype=np.int64)
        ids = np.frombuffer(self.birth_ids, dtype=np.int64)
        if keys.size == 0:
            return
        positions = np.searchsorted(keys, ids).clip(max=keys.size - 1)
        found = keys[positions] == ids
        first = np.where(found, firsts[positions], 0)
        ages = (first - births) // 10000
        for i in np.flatnonzero(found & ((ages < MIN_AGE) | (ages > MAX_AGE))):
            problems.add(
                "jeunes.csv",
                int(self.birth_lines[i]),
                "date_naissance",
                number_to_iso(int(births[i])),
                f"âge invraisemblable : {int(ages[i])} an(s) lors du premier événement ({number_to_iso(int(first[i]))}),"
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
        cursor.execute(
            f"SELECT j.ext_id, MIN(e.{q('date')}) FROM {q(evenement.db_table)} e "  # noqa: S608
            f"JOIN {q(jeune.db_table)} j ON j.id = e.jeune_id WHERE e.structure_id = %s GROUP BY j.ext_id",
            [structure.pk],
        )
        for ext_id, first in cursor:
            ids.append(ext_id)
            dates.append(date_number(str(first)))
    return earliest(hash_array(ids), np.array(dates, dtype=np.int64))


class Validator:
    """Validates a dataset; `layouts` then holds what the writer needs of each present file."""

    def __init__(
        self,
        dataset: DatasetSource,
        structure: Structure,
        problems: ProblemList,
        today: date,
        progress: Progress | None = None,
    ) -> None:
        self.dataset = dataset
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
                name, 0, "", "", f"fichier inconnu : un jeu de données ne contient que {known} ; retirez-le ou corrigez son nom"
            )
        for spec in FILES:
            if spec.name in self.dataset.files:
                self.validate_file(spec)
            elif spec.required_file:
                self.problems.add(
                    spec.name, 0, "", "", "fichier obligatoire absent : un jeu de données contient toujours jeunes.csv"
                )
        self.age.finish(self.structure, self.problems)
        return self.layouts

    def index(self, target: str) -> IdIndex:
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
                reader = RecordReader(stream)
                records = iter(reader)
                first = next(records, None)
                if first is None:
                    self.problems.add(
                        spec.name, 1, "", "", "fichier vide : la ligne d'en-tête (noms des colonnes séparés par ;) manque"
                    )
                    return
                layout = self.check_header(spec, *first)
                if layout is None:
                    return
                self.layouts[spec.name] = layout
                ids = self.check_rows(layout, records)
        except csv.Error as error:
            line = reader.last_line + 1 if reader else 1
            self.problems.add(spec.name, line, "", "", csv_error_reason(error))
            return
        except UnicodeDecodeError:
            line = first_bad_utf8_line(self.dataset.files[spec.name])
            self.problems.add(
                spec.name, line, "", "", "fichier non encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 »"
            )
            return
        self.ids[spec.name] = self.check_duplicates(layout, ids)

    def check_header(self, spec: FileSpec, line: int, header: list[str]) -> Layout | None:
        if not any(name in spec.by_name for name in header):
            self.problems.add(
                spec.name, line, "", "",
                "ligne d'en-tête absente ou illisible : la première ligne doit nommer les colonnes, séparées par ; "
                f"({';'.join(spec.column_names)})",
            )
            return None
        positions: dict[str, int] = {}
        for position, name in enumerate(header):
            if name not in spec.by_name:
                self.problems.add(
                    spec.name, line, name, "",
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

    def column_check(self, spec: FileSpec, column: Column) -> Check:
        model_field = None
        if column.kind in (Kind.TEXT, Kind.INT, Kind.DECIMAL):
            model_field = spec.model._meta.get_field(column.model_field)
        return cell_check(column, model_field, self.today, self.dates)

    def check_rows(self, layout: Layout, records: Iterator[tuple[int, list[str]]]) -> array:
        """Checks every record of a file; returns the hashes of its valid ids.

        The hot loop of the importer: methods are bound to locals and the id-like cells
        (id, references) are checked inline rather than by a call."""
        spec, problems, name = layout.spec, self.problems, layout.spec.name
        id_like = (Kind.ID, Kind.REF, Kind.DISPOSITIF)
        checks = [
            (layout.positions[c.name], c.name, c.required, None if c.kind in id_like else self.column_check(spec, c))
            for c in layout.columns
        ]
        width = len(layout.header)
        id_position = layout.positions.get("id")
        buffers = [
            RefBuffer(c, layout.positions[c.name], DISPOSITIFS if c.kind is Kind.DISPOSITIF else c.ref)
            for c in layout.columns
            if c.kind in id_like and c.name != "id"
        ]
        refs = [(ref.position, ref.column.name, ref.values.append, ref.lines.append) for ref in buffers]
        periods = [
            (layout.positions[start], layout.positions[end], start, end)
            for start, end in spec.periods
            if start in layout.positions and end in layout.positions
        ]
        hooks = self.row_hooks(layout)
        ids = array("q")
        add_id = ids.append
        add_problem = problems.add
        count = 0
        next_flush = CHUNK_ROWS
        for line, row in records:
            count += 1
            if len(row) != width:
                add_problem(
                    name, line, "", "",
                    f"la ligne a {len(row)} cellule(s) et l'en-tête {width} : vérifiez les ; et les guillemets",
                )
                continue
            bad: set[str] | None = None
            for position, column, required, check in checks:
                value = row[position]
                if not value:
                    if required:
                        add_problem(name, line, column, "", "valeur obligatoire manquante : renseignez cette colonne")
                        bad = bad or set()
                        bad.add(column)
                    continue
                if check is None:
                    if len(value) <= MAX_ID_LENGTH and "\x00" not in value:
                        continue
                    reason = id_check(value)
                else:
                    reason = check(value)
                    if reason is None:
                        continue
                add_problem(name, line, column, value, reason)
                bad = bad or set()
                bad.add(column)
            if bad is None:
                if id_position is not None:
                    add_id(hash(row[id_position]))
                for position, _column, add_value, add_line in refs:
                    value = row[position]
                    if value:
                        add_value(value)
                        add_line(line)
                for start, end, _start_name, end_name in periods:
                    if row[end] and row[start] and row[end] < row[start]:
                        add_problem(name, line, end_name, row[end], end_before_start(row, start, _start_name))
            else:
                self.collect_partly(row, line, bad, id_position, ids, refs, periods, name)
            for hook in hooks:
                hook(line, row, bad)
            if count == next_flush:
                next_flush += CHUNK_ROWS
                self.flush(layout, buffers)
                if self.progress:
                    self.progress(name, count, None)
        self.flush(layout, buffers)
        layout.rows = count
        if self.progress:
            self.progress(name, count, None)
        return ids

    def collect_partly(self, row, line, bad, id_position, ids, refs, periods, name) -> None:  # type: ignore[no-untyped-def]
        """What the hot loop collects of a row, for a row with bad cells: only its valid ones."""
        if id_position is not None and "id" not in bad:
            ids.append(hash(row[id_position]))
        for position, column, add_value, add_line in refs:
            if row[position] and column not in bad:
                add_value(row[position])
                add_line(line)
        for start, end, start_name, end_name in periods:
            if row[end] and row[start] and row[end] < row[start] and not {start_name, end_name} & bad:
                self.problems.add(name, line, end_name, row[end], end_before_start(row, start, start_name))

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
            records = iter(RecordReader(stream))
            next(records)
            for line, row in records:
                if len(row) != width:
                    continue
                value = row[position]
                if hash(value) not in suspects:
                    continue
                if value in first_lines:
                    self.problems.add(
                        layout.spec.name, line, "id", value,
                        f"identifiant en double : déjà utilisé ligne {first_lines[value]} ;"
                        " chaque id doit être unique dans son fichier",
                    )
                else:
                    first_lines[value] = line

    # -- rules across the columns of a row ---------------------------------------------------
    def row_hooks(self, layout: Layout) -> list[RowHook]:
        hooks: list[RowHook] = []
        p = layout.positions
        name = layout.spec.name
        problems = self.problems

        def usable(bad: set[str] | None, *columns: str) -> bool:
            return all(c in p for c in columns) and (bad is None or not bad.intersection(columns))

        if name == "situations.csv" and "categorie" in p and "type" in p:

            def situation_type(line: int, row: list[str], bad: set[str] | None) -> None:
                if usable(bad, "categorie", "type") and row[p["type"]] not in TYPES_PAR_CATEGORIE[row[p["categorie"]]]:
                    allowed = ", ".join(TYPES_PAR_CATEGORIE[row[p["categorie"]]])
                    problems.add(
                        name, line, "type", row[p["type"]],
                        f"type impossible pour la catégorie « {row[p['categorie']]} » : utilisez l'un de {allowed}",
                    )

            hooks.append(situation_type)

        if name == "inscriptions.csv" and "date_sortie" in p:

            def exit_motive(line: int, row: list[str], bad: set[str] | None) -> None:
                if row[p["date_sortie"]] and ("motif_sortie" not in p or not row[p["motif_sortie"]]):
                    problems.add(
                        name, line, "motif_sortie", "",
                        "motif de sortie manquant : il est obligatoire quand date_sortie est renseignée",
                    )

            hooks.append(exit_motive)

        if name == "jeunes.csv" and "date_naissance" in p and "id" in p:
            age, dates = self.age, self.dates
            id_at, birth_at = p["id"], p["date_naissance"]

            def birth(line: int, row: list[str], bad: set[str] | None) -> None:
                if bad is None or not ("id" in bad or "date_naissance" in bad):
                    value = row[birth_at]
                    age.birth_ids.append(hash(row[id_at]))
                    age.birth_dates.append(dates.get(value) or date_number(value))
                    age.birth_lines.append(line)

            hooks.append(birth)

        if name == "evenements.csv" and self.age.birth_ids and "jeune_id" in p and "date" in p:
            age, dates = self.age, self.dates
            jeune_at, date_at = p["jeune_id"], p["date"]
            event_ids, event_dates = age.event_ids, age.event_dates

            def event(line: int, row: list[str], bad: set[str] | None) -> None:
                if bad is None or not ("jeune_id" in bad or "date" in bad):
                    value = row[date_at]
                    event_ids.append(row[jeune_at])
                    event_dates.append(dates.get(value) or date_number(value))

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
        return "cellule trop longue (plus de 10 000 caractères) : raccourcissez-la ; la lecture du fichier s'arrête ici"
    return (
        "ligne CSV illisible (guillemet mal placé ou non refermé) : une cellule entre guillemets doit se terminer"
        " par un guillemet suivi de ; ou d'une fin de ligne, et un guillemet dans le texte s'écrit \"\" ;"
        " la lecture du fichier s'arrête ici"
    )
