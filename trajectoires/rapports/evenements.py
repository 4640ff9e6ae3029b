"""The young people's honoured events, packed one row per young person for the report
(`EvenementsJeune`), and the event facts of a report computed from them with numpy.

Why: the report needs, for five periods, who was in contact / accompanied / interviewed, how
many interviews, the first-ever interview and the sites of the period's events. Grouping the
millions of event rows in SQL for every report was most of its cost; reading one packed row
per young person and working on numpy columns costs a fraction of it.

Each honoured event (`honore` empty or true; a missed appointment is not in the column) is
one int64: `((day + DAY_OFFSET) << 40) | (site << 2) | kind`, where `day` counts days since
1970-01-01, `site` is the site's primary key (0: no site) and `kind` is 2 for an individual
interview, 1 for another accompanying nature (atelier, information collective), 0 otherwise.
A young person's values are sorted, hence by day.

Kept true by:
- `build(structure)`: every young person of the structure, from the events table (one pass);
  called by the importer once its rows are written (same transaction; for a first bulk load
  of the events file, from the cells it wrote instead: `ImportedEvents`), and by the report
  itself when the structure has never been built (`EvenementsStructure` absent: a database
  loaded before this table existed, or rows written by a tool that bypasses the ORM) or was
  built in another format (`EvenementsStructure.version` is not FORMAT_VERSION: such rows are
  rebuilt, never read);
- `refresh(structure_id, jeune_ids)`: the rows of a few young people; called by the
  `post_save` / `post_delete` receivers of `Evenement` (apps.py), so that a contact recorded
  in the workspace, the agenda or the reception desk is in the next report.

The format has a version, FORMAT_VERSION, stored with the structure's rows
(`EvenementsStructure.version`): any change to the packed value (DAY_OFFSET, the bit layout, the
kinds, which events are kept) bumps it, and every structure's rows are then rebuilt by its next
report instead of being read in the old layout (tests/rapports/test_evenements_packed.py pins
the layout to the version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
from django.db import connection, transaction

from trajectoires.accompagnement.enums import NATURES_ACCOMPAGNEMENT, Nature
from trajectoires.accompagnement.models import Evenement
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.models import EvenementsJeune, EvenementsStructure
from trajectoires.rapports.periods import Period
from trajectoires.structures.models import Structure


# The version of the packed format below; bump it on any change of the layout (module docstring).
FORMAT_VERSION = 1
DAY_OFFSET = 1 << 20  # days before 1970 stay positive (back to year -900)
SITE_BITS = 38
SITE_MASK = (1 << SITE_BITS) - 1
KIND_EI, KIND_ACC, KIND_OTHER = 2, 1, 0
EI = Nature.ENTRETIEN_INDIVIDUEL.value
ACC_NOT_EI = tuple(n.value for n in NATURES_ACCOMPAGNEMENT if n.value != EI)
EPOCH = np.datetime64("1970-01-01", "D")
CHUNK = 100_000
WRITE_BATCH = 20_000  # young people per executemany() of _write


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _select_sql(where: str) -> str:
    """The packed value of each honoured event of the rows matching `where`, with its young
    person: integers only, computed by the database (cheap to fetch)."""
    meta = Evenement._meta
    column = {f.name: _q(f.column) for f in meta.concrete_fields}
    if connection.vendor == "postgresql":
        day = f"({column['date']} - DATE '1970-01-01')"
    else:  # SQLite: julianday of a 'YYYY-MM-DD' text is N + 0.5
        day = f"CAST(julianday({column['date']}) - 2440587.5 AS INTEGER)"
    natures = ", ".join(f"'{n}'" for n in ACC_NOT_EI)
    kind = (
        f"CASE WHEN {column['nature']} = '{EI}' THEN {KIND_EI} "
        f"WHEN {column['nature']} IN ({natures}) THEN {KIND_ACC} ELSE {KIND_OTHER} END"
    )
    value = f"((({day}) + {DAY_OFFSET}) * {1 << 40} + COALESCE({column['site']}, 0) * 4 + {kind})"
    return (
        f"SELECT {column['jeune']}, {value} FROM {_q(meta.db_table)} "
        f"WHERE {where} AND ({column['honore']} IS NULL OR {column['honore']} = %s)"
    )


def _read(where: str, params: list[Any], whole: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(young person ids, packed values) of the matching honoured events, sorted by young
    person then value. `whole` (a whole structure): read through a server-side cursor on
    PostgreSQL, CHUNK rows per round trip; psycopg's ordinary cursor receives the whole
    result before the first fetchmany() (3.77 M events: some 250 MB held by libpq)."""
    ids: list[np.ndarray] = []
    values: list[np.ndarray] = []
    with connection.chunked_cursor() if whole else connection.cursor() as cursor:
        cursor.execute(_select_sql(where), [*params, True])
        while rows := cursor.fetchmany(CHUNK):
            pairs = np.array(rows, dtype=np.int64).reshape(-1, 2)
            ids.append(pairs[:, 0].copy())  # not a view: the chunk's rows array is freed
            values.append(pairs[:, 1].copy())
    return _sorted(ids, values)


def _sorted(ids: list[np.ndarray], values: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The parts concatenated, sorted by young person then value. The lists are emptied as
    soon as each column is concatenated and each column replaced by its sorted copy in turn:
    at most about four int64 per event alive at once (keeping the parts and the unsorted
    columns to the end took seven; with `_write`'s batches, a build of the 200,000-young-people
    demo's 3.77 M events went from +275 to about +210 MB of anonymous memory on SQLite)."""
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    jeunes = np.concatenate(ids)
    ids.clear()
    packed = np.concatenate(values)
    values.clear()
    order = np.lexsort((packed, jeunes))
    jeunes = jeunes[order]
    packed = packed[order]
    return jeunes, packed


def _write(structure_id: int, jeunes: np.ndarray, packed: np.ndarray) -> int:
    """Insert one row per young person of `jeunes` (sorted, grouped with their `packed` values)."""
    if not len(jeunes):
        return 0
    starts = np.flatnonzero(np.r_[True, jeunes[1:] != jeunes[:-1]])
    firsts, bounds = jeunes[starts].tolist(), [*starts.tolist(), len(jeunes)]
    meta = EvenementsJeune._meta
    sql = (
        f"INSERT INTO {_q(meta.db_table)} ({_q('structure_id')}, {_q('jeune_id')}, {_q('evenements')}) "
        "VALUES (%s, %s, %s)"
    )
    with connection.cursor() as cursor:
        # the rows of WRITE_BATCH young people at a time (all of them at once held another
        # copy of every value plus a tuple per young person)
        for lo in range(0, len(firsts), WRITE_BATCH):
            hi = min(lo + WRITE_BATCH, len(firsts))
            base = bounds[lo]
            data = packed[base : bounds[hi]].astype("<i8", copy=False).tobytes()
            cursor.executemany(
                sql,
                [
                    (structure_id, firsts[k], data[(bounds[k] - base) * 8 : (bounds[k + 1] - base) * 8])
                    for k in range(lo, hi)
                ],
            )
    return len(firsts)


def build(structure: Structure | int) -> int:
    """(Re)build the packed events of every young person of the structure; returns the number
    of young people with at least one honoured event."""
    structure_id = structure if isinstance(structure, int) else structure.pk
    return _store(structure_id, lambda: _read(f"{_q('structure_id')} = %s", [structure_id], whole=True))


def _store(structure_id: int, packed_events: Callable[[], tuple[np.ndarray, np.ndarray]]) -> int:
    """Replace the structure's packed rows by `packed_events()` (young person ids, packed
    values, sorted by young person then value) and mark the structure built."""
    with transaction.atomic():
        # one build at a time per structure (PostgreSQL; SQLite writes one at a time anyway)
        list(Structure.objects.select_for_update().filter(pk=structure_id).values_list("pk"))
        EvenementsJeune.objects.filter(structure_id=structure_id).delete()
        jeunes, packed = packed_events()
        n = _write(structure_id, jeunes, packed)
        EvenementsStructure.objects.update_or_create(structure_id=structure_id, defaults={"version": FORMAT_VERSION})
    return n


HONOURED = {"": True, None: True, "1": True, "0": False}  # cell of `honore` -> counts (NULL or true)
KIND_OF_NATURE = {
    n.value: KIND_EI if n.value == EI else KIND_ACC if n.value in ACC_NOT_EI else KIND_OTHER for n in Nature
}


def pack(day: np.ndarray, site: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """The packed values of events (numpy columns): the same formula as `_select_sql`'s."""
    return ((day + DAY_OFFSET) << 40) + (site << 2) + kind


class ImportedEvents:
    """The packed honoured events of a first load of `evenements.csv` into a structure,
    collected from the cells while the importer writes them (the importer's writer calls `add`
    for each chunk of a bulk load into a structure that had no event), so that after the import
    they are stored without reading the millions of events back (`after_import`).

    Measured at 5 M rows (4.35 M events, SQLite): reading them back took 4.1 s of CPU, turning
    the rows into arrays 0.9 s and sorting 1.5 s, load average 4.5; from the cells, the
    conversion is a few numpy passes per chunk. An import that updates or adds events to a
    structure that had some is rebuilt from the table (`build`)."""

    columns = ("jeune_id", "date", "nature", "honore", "site_id")

    def __init__(self) -> None:
        self.rows = 0  # rows seen, honoured or not
        self._jeunes: list[np.ndarray] = []
        self._values: list[np.ndarray] = []

    def add(self, cells: dict[str, Sequence[Any] | None], rows: int) -> None:
        """One chunk: `cells[name]` is the column's cells (references as primary keys, None
        for an empty one), or None when the file has no such column."""
        self.rows += rows
        jeune = np.fromiter(cells["jeune_id"], dtype=np.int64, count=rows)  # type: ignore[arg-type]
        day = np.array(cells["date"], dtype="datetime64[D]").astype(np.int64)
        natures = cells["nature"]
        assert natures is not None  # a required column
        kind = np.fromiter(map(KIND_OF_NATURE.__getitem__, natures), dtype=np.int64, count=rows)
        sites = cells["site_id"]
        site = np.zeros(rows, dtype=np.int64) if sites is None else np.array([s or 0 for s in sites], dtype=np.int64)
        honore = cells["honore"]
        keep = (
            slice(None) if honore is None else np.fromiter(map(HONOURED.__getitem__, honore), dtype=bool, count=rows)
        )
        self._jeunes.append(jeune[keep])
        self._values.append(pack(day, site, kind)[keep])

    def sorted(self) -> tuple[np.ndarray, np.ndarray]:
        return _sorted(self._jeunes, self._values)  # emptied: the parts are freed


def refresh(structure_id: int, jeune_ids: Iterable[int]) -> None:
    """Rewrite the packed events of a few young people of a structure whose rows have been
    built (nothing to do otherwise: the next report builds them all)."""
    ids = sorted({int(j) for j in jeune_ids if j is not None})
    if not ids or not is_built(structure_id):
        return
    with transaction.atomic():
        # two events of one young person saved at once: one rewrite after the other (PostgreSQL)
        list(Jeune.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        EvenementsJeune.objects.filter(structure_id=structure_id, jeune_id__in=ids).delete()
        marks = ", ".join(["%s"] * len(ids))
        jeunes, packed = _read(f"{_q('structure_id')} = %s AND {_q('jeune_id')} IN ({marks})", [structure_id, *ids])
        _write(structure_id, jeunes, packed)


def is_built(structure_id: int) -> bool:
    """Are the structure's rows all there, in this code's format? (Absent, or packed in another
    format: the next report builds them all.)"""
    return EvenementsStructure.objects.filter(structure_id=structure_id, version=FORMAT_VERSION).exists()


def ensure_built(structure: Structure) -> None:
    """Build the structure's rows when they were never built or were packed in another format:
    a copy of another version is rebuilt, never read."""
    if not is_built(structure.pk):
        build(structure)


# --- Signal receivers (connected in apps.py) -----------------------------------------------------
def remember_previous(sender: Any, instance: Evenement, **kwargs: Any) -> None:
    """`pre_save`: an existing event moved to another young person or structure must leave
    the old one's column."""
    if instance.pk is None:
        return
    instance._rapports_previous = (  # type: ignore[attr-defined]
        Evenement.objects.filter(pk=instance.pk).values_list("structure_id", "jeune_id").first()
    )


def on_save(sender: Any, instance: Evenement, **kwargs: Any) -> None:
    """`post_save` (fixtures loaded with `raw` included: the rewrite only reads the events table)."""
    refresh(instance.structure_id, [instance.jeune_id])
    previous = getattr(instance, "_rapports_previous", None)
    if previous is not None and previous != (instance.structure_id, instance.jeune_id):
        refresh(previous[0], [previous[1]])


def on_delete(sender: Any, instance: Evenement, **kwargs: Any) -> None:
    refresh(instance.structure_id, [instance.jeune_id])


# --- The report's event facts --------------------------------------------------------------------
def day_number(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


@dataclass
class Columns:
    """The structure's honoured events up to a day, one numpy column per field, sorted by
    young person then day."""

    jeune: np.ndarray
    day: np.ndarray
    site: np.ndarray
    kind: np.ndarray


def load_columns(structure: Structure, fin: dt.date) -> Columns:
    """Every honoured event of the structure on or before `fin` (built first if they never were,
    or were in another format)."""
    ensure_built(structure)
    meta = EvenementsJeune._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q('jeune_id')}, {_q('evenements')} FROM {_q(meta.db_table)} "
            f"WHERE {_q('structure_id')} = %s ORDER BY {_q('jeune_id')}",  # the unique index's order
            [structure.pk],
        )
        rows = cursor.fetchall()
    if not rows:
        empty = np.empty(0, dtype=np.int64)
        return Columns(empty, empty, empty, empty)
    ids, blobs = zip(*rows, strict=True)
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 8
    packed = np.frombuffer(b"".join(blobs), dtype="<i8").astype(np.int64, copy=False)
    jeune = np.repeat(np.array(ids, dtype=np.int64), lengths)
    day = (packed >> 40) - DAY_OFFSET
    keep = day <= day_number(fin)
    if not keep.all():
        jeune, packed, day = jeune[keep], packed[keep], day[keep]
    return Columns(jeune, day, (packed >> 2) & SITE_MASK, packed & 3)


def distinct(sorted_ids: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array."""
    if not len(sorted_ids):
        return sorted_ids
    return sorted_ids[np.r_[True, sorted_ids[1:] != sorted_ids[:-1]]]


def distinct_counts(sorted_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how many times each occurs."""
    if not len(sorted_ids):
        return sorted_ids, sorted_ids
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    return sorted_ids[starts], np.diff(np.r_[starts, len(sorted_ids)])


@dataclass
class EventFacts:
    """Per period of `periods` (index k): sets of young people and EI counts; the first-ever
    honoured EI of each young person (up to the last `fin`); the sites of the first period."""

    first_ei: dict[int, dt.date]
    first_ei_ids: np.ndarray  # sorted young person ids …
    first_ei_days: np.ndarray  # … and their first EI, as day numbers
    contact: list[set[int]]
    accompagnes: list[set[int]]
    entretien: list[set[int]]
    entretiens: list[dict[int, int]]  # jeune -> number of EI events in the period
    # (jeune, site pk) pairs of the first period: an EI / atelier / information collective at
    # that site; and those where the young person's first-ever EI took place
    sites_acc: list[tuple[int, int]]
    sites_primo: list[tuple[int, int]]

    def primo(self, period: Period) -> np.ndarray:
        """Young people whose first-ever honoured EI is in `period` (sorted ids)."""
        d = self.first_ei_days
        return self.first_ei_ids[(d >= day_number(period.debut)) & (d <= day_number(period.fin))]


def _site_pairs(jeune: np.ndarray, site: np.ndarray) -> list[tuple[int, int]]:
    """The distinct (young person, site) pairs; `jeune` is sorted."""
    pairs: list[tuple[int, int]] = []
    for s in sorted(set(site.tolist())):  # a handful of sites: one pass each, no sort of the rows
        pairs.extend(zip(distinct(jeune[site == s]).tolist(), repeat(s)))
    return pairs


def event_facts(structure: Structure, periods: list[Period], full: int) -> EventFacts:
    """Contact / accompanied / interviewed young people and EI counts of each period (sets
    kept for the first `full` periods; only `accompagnes` for the others), first-ever EI, and
    the sites of the first period's events."""
    c = load_columns(structure, max(p.fin for p in periods))
    is_ei = c.kind == KIND_EI
    is_acc = c.kind != KIND_OTHER
    ei_jeune, ei_day = c.jeune[is_ei], c.day[is_ei]
    first = np.r_[True, ei_jeune[1:] != ei_jeune[:-1]] if len(ei_jeune) else np.zeros(0, dtype=bool)
    first_ids, first_days = ei_jeune[first], ei_day[first]
    first_dates = (EPOCH + first_days).astype("datetime64[D]").tolist()
    contact: list[set[int]] = []
    accompagnes: list[set[int]] = []
    entretien: list[set[int]] = []
    entretiens: list[dict[int, int]] = []
    sites_acc: list[tuple[int, int]] = []
    sites_primo: list[tuple[int, int]] = []
    for k, period in enumerate(periods):
        inside = (c.day >= day_number(period.debut)) & (c.day <= day_number(period.fin))
        accompagnes.append(set(distinct(c.jeune[inside & is_acc]).tolist()))
        if k >= full:
            continue
        contact.append(set(distinct(c.jeune[inside]).tolist()))
        ids, counts = distinct_counts(c.jeune[inside & is_ei])
        entretien.append(set(ids.tolist()))
        entretiens.append(dict(zip(ids.tolist(), counts.tolist(), strict=True)))
        if k == 0:
            with_site = inside & is_acc & (c.site != 0)
            sites_acc = _site_pairs(c.jeune[with_site], c.site[with_site])
            ei_site = with_site & is_ei
            jeune, day, site = c.jeune[ei_site], c.day[ei_site], c.site[ei_site]
            on_first_day = first_days[np.searchsorted(first_ids, jeune)] == day if len(jeune) else day.astype(bool)
            sites_primo = _site_pairs(jeune[on_first_day], site[on_first_day])
    return EventFacts(
        dict(zip(first_ids.tolist(), first_dates, strict=True)),
        first_ids,
        first_days,
        contact,
        accompagnes,
        entretien,
        entretiens,
        sites_acc,
        sites_primo,
    )


def after_import(structure: Structure, stats: dict[str, Any], imported: ImportedEvents | None = None) -> None:
    """Called by the importer once its rows are written, in its transaction: rebuild the
    structure's packed events when the import created or changed events (an import never
    deletes events), so that the first report after an import is not the one paying for it.
    When `imported` saw every row of the file and they were all new (a first load), they are
    stored from it; otherwise the structure is rebuilt from the table."""
    events = stats.get("evenements.csv")
    if events is None or not (events.created or events.updated):
        return
    if imported is not None and imported.rows and imported.rows == events.created and not events.updated:
        _store(structure.pk, imported.sorted)
    else:
        build(structure)
