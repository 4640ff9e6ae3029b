"""The young people's enrolments, situations and help, packed by block of young people for
the report (`FaitsBloc`), and read back as numpy columns.

Why: a report reads every enrolment of the structure and two years of situations and help;
fetching hundreds of thousands of rows (with the conversions SQLite or PostgreSQL apply to
each value) was a third of a 200,000-young-people report. One row per block of 256 young
people (`jeune_id >> BLOC_BITS`) holds their rows as fixed-size records: the report reads a
few hundred rows and hands the bytes straight to numpy.

Each binary column is an array of little-endian records (numpy structured dtypes below),
sorted by young person: days are counted from 1970-01-01 (an absent exit is NO_DAY), texts
are indexes into the row's `libelles` (JSON list). Only what the report reads is packed:
inscriptions (young person, entry, exit, programme code, exit reason), situations (young
person, start, category, type), help (young person, date, type, amount in whole cents, an
empty amount counting 0). `date_fin_prevue` of an enrolment and `date_fin` of a situation
are not packed (the report does not read them).

Kept true by:
- `build(structure)`: every block of the structure, from the three tables (read by chunks of
  young people: memory bounded by the chunk, not the structure); called by the
  importer once its rows are written (`after_import`, same transaction), and by the report
  itself when the structure has never been built (`FaitsStructure` absent) or was built in
  another format (`FaitsStructure.version` is not FORMAT_VERSION: such blocks are rebuilt,
  never read);
- `refresh(structure_id, jeune_ids)`: the blocks of a few young people, read again from the
  three tables; called by the `post_save` / `post_delete` receivers of Inscription, Situation
  and Aide (apps.py): their doors (dispositifs, situations, aides services.py) write through
  `save()`, and no other code writes them (tests/test_doors.py). A block's row is locked before its rows are read
  (PostgreSQL), so two writers of one block rewrite it one after the other.

The format has a version, FORMAT_VERSION, stored with the structure's blocks
(`FaitsStructure.version`): any change to what a block holds or how (the records' dtypes, the
texts packed, NO_DAY, BLOC_BITS, `libelles`) bumps it, and every structure's blocks are then
rebuilt by its next report instead of being read in the old layout (tests/rapports/test_blocs.py
pins the layout to the version).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.lookups import Exact

from trajectoires.aides.models import Aide
from trajectoires.dispositifs.models import Inscription
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.models import FaitsBloc, FaitsStructure
from trajectoires.rapports.sql import NO_DAY as NO_DAY_SQL, Cents, DayNumber, raw_rows
from trajectoires.situations.models import Situation
from trajectoires.structures.models import Structure
from trajectoires.utils.memory import cyclic_gc_paused


# The version of the packed format below; bump it on any change of the layout (module docstring).
FORMAT_VERSION = 1
BLOC_BITS = 8  # 256 young people (by id) per block
NO_DAY = np.iinfo(np.int32).max  # an absent date_sortie
MAX_LABELS = np.iinfo(np.uint16).max  # texts are stored as uint16 indexes
# young people of the structure read and packed at once by build() (memory: some 2 kB each)
CHUNK_JEUNES = 8192

INSCRIPTION = np.dtype(
    [("jeune", "<i8"), ("entree", "<i4"), ("sortie", "<i4"), ("dispositif", "<u2"), ("motif", "<u2")]
)
SITUATION = np.dtype([("jeune", "<i8"), ("debut", "<i4"), ("categorie", "<u2"), ("type", "<u2")])
AIDE = np.dtype([("jeune", "<i8"), ("date", "<i4"), ("type", "<u2"), ("cents", "<i8")])
KINDS = ("inscriptions", "situations", "aides")
DTYPES = {"inscriptions": INSCRIPTION, "situations": SITUATION, "aides": AIDE}
# the text fields of each kind's records (indexes into `libelles`)
TEXTS = {"inscriptions": ("dispositif", "motif"), "situations": ("categorie", "type"), "aides": ("type",)}
# the model fields each kind packs: a save that changes none of them leaves the block as it is
PACKED_FIELDS = {
    Inscription: frozenset({"structure", "structure_id", "jeune", "jeune_id", "dispositif", "date_entree",
                            "date_sortie", "motif_sortie"}),
    Situation: frozenset({"structure", "structure_id", "jeune", "jeune_id", "categorie", "type", "date_debut"}),
    Aide: frozenset({"structure", "structure_id", "jeune", "jeune_id", "type", "date", "montant"}),
}


# --- Reading the three tables ----------------------------------------------------------------------
def _sources(where: Q | Exact, *extra: Q) -> dict[str, list[tuple]]:
    """The packed fields of the matching rows of each table, read as the report reads them
    (DayNumber days, Cents amounts: computed by the database, exact on both backends)."""

    def rows(queryset: Any, **columns: Any) -> list[tuple]:
        """The columns (all annotations, so selected in this order: the kind's dtype order)."""
        return raw_rows(queryset.filter(where, *extra).order_by().annotate(**columns).values_list(*columns))

    return {
        "inscriptions": rows(
            Inscription.objects,
            j=F("jeune_id"),
            e=DayNumber("date_entree"),
            s=DayNumber("date_sortie"),
            d=F("dispositif"),
            m=F("motif_sortie"),
        ),
        "situations": rows(
            Situation.objects, j=F("jeune_id"), d=DayNumber("date_debut"), c=F("categorie"), t=F("type")
        ),
        "aides": rows(Aide.objects, j=F("jeune_id"), d=DayNumber("date"), t=F("type"), c=Cents("montant")),
    }


def _records(kind: str, rows: list[tuple], index: dict[str | None, int]) -> np.ndarray:
    """The rows of one kind as sorted records; texts become indexes into `index` (extended)."""
    dtype = DTYPES[kind]
    out = np.zeros(len(rows), dtype=dtype)
    if not rows:
        return out
    texts = TEXTS[kind]
    names = dtype.names
    columns = list(zip(*rows, strict=True))
    for name, values in zip(names, columns, strict=True):
        if name in texts:
            for v in set(values):
                index.setdefault(v, len(index))
            if len(index) > MAX_LABELS:
                raise ValueError(f"Plus de {MAX_LABELS} libellés distincts : le rapport ne peut pas les regrouper.")
            out[name] = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
        elif dtype[name] == np.dtype("<i4"):
            days = np.array(values, dtype=np.int64)
            out[name] = np.where(days == NO_DAY_SQL, NO_DAY, days)
        else:
            out[name] = np.array(values, dtype=np.int64)
    return out[np.lexsort([out[name] for name in reversed(names)])]  # by young person, then each field


def bloc_of(jeune_id: int) -> int:
    return int(jeune_id) >> BLOC_BITS


def _split(records: np.ndarray) -> dict[int, bytes]:
    """Sorted records -> {block: bytes of its records}."""
    if not len(records):
        return {}
    blocs = records["jeune"] >> BLOC_BITS
    starts = np.flatnonzero(np.r_[True, blocs[1:] != blocs[:-1]])
    ends = np.r_[starts[1:], len(records)]
    data = records.tobytes()
    size = records.dtype.itemsize
    return {int(blocs[a]): data[a * size : b * size] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)}


def _of_structure(structure_id: int) -> Exact:
    """`structure_id = pk` that no index serves: a block's rows are found by the young
    people's `(jeune, …)` indexes (SQLite without statistics would otherwise walk the whole
    structure)."""
    return Exact(F("structure_id") + Value(0), structure_id)


# --- Writing ------------------------------------------------------------------------------------------
def _chunks(structure_id: int) -> list[tuple[int | None, int | None]]:
    """Ranges of young person ids [lo, hi) (None: open) that `build` reads and packs one at a
    time: each holds whole blocks, about CHUNK_JEUNES of the structure's own young people
    (counted per block; a network database interleaves the structures' ids, so raw id ranges
    would not bound them), and together they cover every id: a row of the structure about
    another structure's young person falls in one of them too."""
    per_bloc = (
        Jeune.objects.filter(structure_id=structure_id)
        .annotate(b=F("id").bitrightshift(BLOC_BITS))
        .values_list("b")
        .annotate(n=Count("id"))
        .order_by("b")
    )
    bounds: list[int] = []  # first id of each chunk but the first
    count = 0
    for b, n in per_bloc:
        if count >= CHUNK_JEUNES:
            bounds.append(b << BLOC_BITS)
            count = 0
        count += n
    return list(zip([None, *bounds], [*bounds, None], strict=True))


def _in_chunk(lo: int | None, hi: int | None) -> list[Q]:
    """The conditions on jeune_id of a chunk (none for the single chunk of a small structure)."""
    bounds = [Q(jeune_id__gte=lo)] if lo is not None else []
    if hi is not None:
        bounds.append(Q(jeune_id__lt=hi))
    return bounds


def build(structure: Structure | int) -> int:
    """(Re)build every block of the structure; returns the number of blocks written.

    Streamed: the structure's young people are read and packed by chunks (`_chunks`), each
    chunk's blocks written before the next is read, so memory is bounded by CHUNK_JEUNES,
    not by the structure (a whole 200,000-young-people structure read at once took some
    440 MB of anonymous memory, mostly Python tuples; by chunks of 8,192 about 70 MB). The
    labels form one index that only grows from chunk to chunk: a block written with an
    earlier `libelles` (a prefix of the final one) indexes it the same way,
    and one last UPDATE gives every block the final list, so the report's reader finds one
    `libelles` for the whole structure (its fast path)."""
    structure_id = structure if isinstance(structure, int) else structure.pk
    with cyclic_gc_paused(), transaction.atomic():
        # one build at a time per structure (PostgreSQL; SQLite writes one at a time anyway)
        list(Structure.objects.select_for_update().filter(pk=structure_id).values_list("pk"))
        FaitsBloc.objects.filter(structure_id=structure_id).delete()
        index: dict[str | None, int] = {}
        libelles, written = "[]", 0
        chunks = _chunks(structure_id)
        single = len(chunks) == 1
        # A single chunk is the whole structure: one scan, as before chunks. Otherwise SQLite
        # (no statistics) is kept off the structure's indexes, which would walk the whole
        # structure for every chunk: the `jeune_id` indexes find a chunk's rows (EXPLAIN QUERY
        # PLAN: SEARCH … USING INDEX …_jeune_id_… (jeune_id>? AND jeune_id<?)). PostgreSQL
        # chooses with its statistics (a network database's structures interleave their ids).
        where = Q(structure_id=structure_id)
        if not single and connection.vendor == "sqlite":
            where = _of_structure(structure_id)
        for lo, hi in chunks:
            sources = _sources(where, *_in_chunk(lo, hi))
            parts = {kind: _split(_records(kind, rows, index)) for kind, rows in sources.items()}
            del sources
            libelles = json.dumps(list(index), ensure_ascii=False)
            blocs = sorted(set().union(*(p.keys() for p in parts.values())))
            FaitsBloc.objects.bulk_create(
                [
                    FaitsBloc(structure_id=structure_id, bloc=b, libelles=libelles,
                              **{k: parts[k].get(b, b"") for k in KINDS})
                    for b in blocs
                ],
                batch_size=500,
            )
            written += len(blocs)
        if not single:  # the blocks written before the last label was met
            FaitsBloc.objects.filter(structure_id=structure_id).exclude(libelles=libelles).update(libelles=libelles)
        FaitsStructure.objects.update_or_create(structure_id=structure_id, defaults={"version": FORMAT_VERSION})
    return written


def refresh(structure_id: int, jeune_ids: Iterable[int | None]) -> None:
    """Rewrite the blocks of these young people in a structure whose blocks have been built
    (nothing to do otherwise: the next report builds them all)."""
    blocs = sorted({bloc_of(j) for j in jeune_ids if j is not None})
    if not blocs or not is_built(structure_id):
        return
    with transaction.atomic():
        # the block's row exists and is locked before its rows are read: a second writer of the
        # block waits, then reads the first one's rows (PostgreSQL; SQLite has one writer)
        FaitsBloc.objects.bulk_create(
            [FaitsBloc(structure_id=structure_id, bloc=b) for b in blocs], ignore_conflicts=True
        )
        list(
            FaitsBloc.objects.select_for_update()
            .filter(structure_id=structure_id, bloc__in=blocs)
            .order_by("bloc")
            .values_list("pk")
        )
        for b in blocs:
            index: dict[str | None, int] = {}
            lo, hi = b << BLOC_BITS, ((b + 1) << BLOC_BITS) - 1
            sources = _sources(_of_structure(structure_id), Q(jeune_id__gte=lo, jeune_id__lte=hi))
            packed = {kind: _records(kind, rows, index).tobytes() for kind, rows in sources.items()}
            FaitsBloc.objects.filter(structure_id=structure_id, bloc=b).update(
                libelles=json.dumps(list(index), ensure_ascii=False), **packed
            )


def is_built(structure_id: int) -> bool:
    """Are the structure's blocks all there, in this code's format? (Absent, or packed in another
    format: the next report builds them all.)"""
    return FaitsStructure.objects.filter(structure_id=structure_id, version=FORMAT_VERSION).exists()


def ensure_built(structure: Structure) -> None:
    """Build the structure's blocks when they were never built or were packed in another format:
    a copy of another version is rebuilt, never read."""
    if not is_built(structure.pk):
        build(structure)


def after_import(structure: Structure, stats: dict[str, Any]) -> None:
    """Called by the importer once its rows are written, in its transaction: rebuild the
    structure's blocks when the import created or changed enrolments, situations or help
    (an import never deletes rows)."""
    for name in ("inscriptions.csv", "situations.csv", "aides.csv"):
        file_stats = stats.get(name)
        if file_stats is not None and (file_stats.created or file_stats.updated):
            build(structure)
            return


# --- Signal receivers (connected in apps.py) -----------------------------------------------------
def remember_previous(sender: Any, instance: Any, update_fields: Any = None, raw: bool = False, **kwargs: Any) -> None:
    """`pre_save`: a row moved to another young person or structure must leave the old block."""
    if instance.pk is None or (update_fields is not None and not (set(update_fields) & PACKED_FIELDS[sender])):
        return
    instance._rapports_blocs_previous = (  # type: ignore[attr-defined]
        sender.objects.filter(pk=instance.pk).values_list("structure_id", "jeune_id").first()
    )


def on_save(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """`post_save` (fixtures loaded with `raw` included: the rewrite only reads the tables)."""
    if update_fields is not None and not (set(update_fields) & PACKED_FIELDS[sender]):
        return
    refresh(instance.structure_id, [instance.jeune_id])
    previous = getattr(instance, "_rapports_blocs_previous", None)
    if previous is not None:
        del instance._rapports_blocs_previous
        if previous[0] != instance.structure_id or bloc_of(previous[1]) != bloc_of(instance.jeune_id):
            refresh(previous[0], [previous[1]])


def on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """`post_delete`, a cascade from a young person included (a structure that has rows
    cannot be deleted: its foreign keys are protected)."""
    refresh(instance.structure_id, [instance.jeune_id])


# --- The report's side ------------------------------------------------------------------------------
@dataclass
class Faits:
    """The structure's packed rows, one numpy column per field; text columns index `libelles`."""

    libelles: list[str | None]
    inscriptions: dict[str, np.ndarray]
    situations: dict[str, np.ndarray]
    aides: dict[str, np.ndarray]


def load(structure: Structure) -> Faits:
    """Every packed row of the structure (built first if it never was, or was in another format)."""
    ensure_built(structure)
    meta = FaitsBloc._meta
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q('libelles')}, {q('inscriptions')}, {q('situations')}, {q('aides')} "
            f"FROM {q(meta.db_table)} WHERE {q('structure_id')} = %s",
            [structure.pk],
        )
        rows = cursor.fetchall()
    index: dict[str | None, int] = {}
    luts: dict[str, np.ndarray] = {}  # a block's libelles -> its indexes in `index`
    bloc_lut: list[np.ndarray] = []
    for libelles, *_ in rows:
        lut = luts.get(libelles)
        if lut is None:
            lut = luts[libelles] = np.array(
                [index.setdefault(v, len(index)) for v in json.loads(libelles)], dtype=np.int64
            )
        bloc_lut.append(lut)
    out: dict[str, dict[str, np.ndarray]] = {}
    single = len(luts) <= 1
    for k, kind in enumerate(KINDS):
        dtype = DTYPES[kind]
        blobs = [bytes(row[1 + k]) for row in rows]
        records = np.frombuffer(b"".join(blobs), dtype=dtype)
        columns = {name: records[name].astype(np.int64) for name in dtype.names}
        if len(records) and TEXTS[kind]:
            if single:
                lut, base = bloc_lut[0], 0
            else:  # blocks written at different times: each has its own libelles
                counts = np.fromiter((len(b) // dtype.itemsize for b in blobs), dtype=np.int64, count=len(blobs))
                starts = np.cumsum([0, *(len(t) for t in bloc_lut[:-1])])
                lut = np.concatenate(bloc_lut)
                base = np.repeat(starts, counts)
            for name in TEXTS[kind]:
                columns[name] = lut[base + columns[name]]
        out[kind] = columns
    return Faits(list(index), out["inscriptions"], out["situations"], out["aides"])
