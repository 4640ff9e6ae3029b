"""The young people's packed events (rapports/evenements.py) the report reads instead of the
events table: never stale, whichever way an event is written (the workspace function, a save,
a delete, an import), and exactly the events table's content."""

from __future__ import annotations

import datetime as dt

import numpy as np

from tests.factories import EvenementFactory, JeuneFactory, SiteFactory
from tests.rapports.conftest import Y2024, d, report, run
from trajectoires.accompagnement.models import Evenement
from trajectoires.accompagnement.services import record_contact
from trajectoires.rapports import evenements
from trajectoires.rapports.models import EvenementsJeune, EvenementsStructure


def _columns_from_table(structure) -> list[tuple[int, int, int, int]]:
    """(jeune, day, site, kind) of every honoured event, straight from the events table."""
    kinds = {"entretien_individuel": 2, "atelier": 1, "information_collective": 1}
    return sorted(
        (e.jeune_id, (e.date - dt.date(1970, 1, 1)).days, e.site_id or 0, kinds.get(e.nature, 0))
        for e in Evenement.objects.filter(structure=structure)
        if e.honore is not False
    )


def _columns_packed(structure) -> list[tuple[int, int, int, int]]:
    c = evenements.load_columns(structure, dt.date(2100, 1, 1))
    return sorted(zip(c.jeune.tolist(), c.day.tolist(), c.site.tolist(), c.kind.tolist(), strict=True))


def test_built_on_first_report_then_kept_by_the_workspace_function(structure):
    x = JeuneFactory(structure=structure)
    EvenementFactory(jeune=x, date=d("2024-03-01"))
    assert not EvenementsStructure.objects.filter(structure=structure).exists()
    before = run(structure)["indicateurs"]
    assert EvenementsStructure.objects.filter(structure=structure).exists()
    assert before["jeunes_accompagnes"] == 1

    y = JeuneFactory(structure=structure)
    record_contact(y, None, {"date": d("2024-06-01"), "nature": "entretien_individuel", "honore": None})
    after = run(structure)["indicateurs"]
    assert after["jeunes_accompagnes"] == before["jeunes_accompagnes"] + 1
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"] + 1
    assert after["entretiens_individuels"] == before["entretiens_individuels"] + 1
    assert _columns_packed(structure) == _columns_from_table(structure)


def test_update_and_delete_through_the_orm(structure):
    x = JeuneFactory(structure=structure)
    y = JeuneFactory(structure=structure)
    event = EvenementFactory(jeune=x, date=d("2024-03-01"))
    assert report(structure).jeunes_for("jeunes_accompagnes") == {x.pk}

    event.honore = False  # a missed appointment does not count
    event.save()
    assert report(structure).jeunes_for("jeunes_accompagnes") == set()

    event.honore = True
    event.jeune = y  # moved to another young person: leaves x's column
    event.save()
    assert report(structure).jeunes_for("jeunes_accompagnes") == {y.pk}
    assert _columns_packed(structure) == _columns_from_table(structure)

    event.date = d("2023-03-01")  # moved out of the period
    event.save()
    assert report(structure).jeunes_for("jeunes_accompagnes") == set()
    assert report(structure, period=Y2024.previous()).jeunes_for("jeunes_accompagnes") == {y.pk}

    Evenement.objects.filter(pk=event.pk).delete()
    assert report(structure, period=Y2024.previous()).jeunes_for("jeunes_accompagnes") == set()
    assert _columns_packed(structure) == _columns_from_table(structure) == []


def test_young_person_deleted(structure):
    x = JeuneFactory(structure=structure)
    EvenementFactory(jeune=x, date=d("2024-03-01"))
    run(structure)
    assert EvenementsJeune.objects.filter(jeune=x).exists()
    x.delete()
    assert not EvenementsJeune.objects.filter(structure=structure).exists()
    assert run(structure)["indicateurs"]["jeunes_accompagnes"] == 0


def test_rebuild_gives_the_same_columns_and_sites(structure, other_structure):
    site, elsewhere = SiteFactory(structure=structure), SiteFactory(structure=other_structure)
    jeunes = [JeuneFactory(structure=structure) for _ in range(4)]
    natures = ("entretien_individuel", "atelier", "telephone", "information_collective", "mail")
    for i in range(30):
        EvenementFactory(
            jeune=jeunes[i % 4],
            date=dt.date(2019 + i % 6, 1 + i % 12, 1 + i % 28),
            nature=natures[i % 5],
            honore=(None, True, False)[i % 3],
            site=(site, None, elsewhere)[i % 3],
        )
    EvenementFactory(jeune=JeuneFactory(structure=other_structure), date=d("2024-01-01"))
    kept = report(structure)  # builds, then the receivers above kept nothing to do
    assert _columns_packed(structure) == _columns_from_table(structure)
    evenements.build(structure)
    assert _columns_packed(structure) == _columns_from_table(structure)
    assert report(structure).data == kept.data
    assert len(_columns_from_table(structure)) == 20  # the 10 missed appointments are left out


def test_dates_before_1970_and_far_ahead(structure):
    x = JeuneFactory(structure=structure)
    EvenementFactory(jeune=x, date=d("1969-12-31"))
    EvenementFactory(jeune=x, date=d("2099-12-31"))
    evenements.build(structure)
    c = evenements.load_columns(structure, dt.date(2100, 1, 1))
    assert c.day.tolist() == [-1, (dt.date(2099, 12, 31) - dt.date(1970, 1, 1)).days]
    assert np.all(c.kind == 2)


def test_import_keeps_them_true(structure, tmp_path):
    from tests.interchange.conftest import FULL, TODAY, write_files  # noqa: PLC0415
    from trajectoires.interchange.importer import import_dataset  # noqa: PLC0415

    run(structure)  # built (empty) before the import
    assert import_dataset(write_files(tmp_path / "a", FULL), structure, today=TODAY).ok
    assert _columns_packed(structure) == _columns_from_table(structure)
    assert len(_columns_packed(structure)) == 2  # E2 is a missed appointment
    assert run(structure)["indicateurs"]["jeunes_accompagnes"] == 1  # J1's interview of 2024-01-15

    more = dict(FULL, **{"evenements.csv": FULL["evenements.csv"] + "E4;J2;2024-02-01;atelier;1;S1;;\n"})
    assert import_dataset(write_files(tmp_path / "b", more), structure, today=TODAY).ok
    assert _columns_packed(structure) == _columns_from_table(structure)
    assert run(structure)["indicateurs"]["jeunes_accompagnes"] == 2


def _stored(structure) -> dict[int, bytes]:
    return dict(EvenementsJeune.objects.filter(structure=structure).values_list("jeune_id", "evenements"))


def test_rows_written_and_read_by_batches(structure, monkeypatch):
    """_write inserts the young people's rows WRITE_BATCH at a time and _read fetches CHUNK
    events at a time (both lowered here): the same rows as in one batch."""
    jeunes = [JeuneFactory(structure=structure) for _ in range(5)]
    for i in range(23):
        EvenementFactory(jeune=jeunes[i % 5], date=dt.date(2024, 1 + i % 12, 1 + i), nature="atelier")
    evenements.build(structure)
    whole = _stored(structure)
    monkeypatch.setattr(evenements, "WRITE_BATCH", 2)
    monkeypatch.setattr(evenements, "CHUNK", 3)
    assert evenements.build(structure) == 5
    assert _stored(structure) == whole
    assert _columns_packed(structure) == _columns_from_table(structure)


def test_first_bulk_load_stores_them_from_the_cells(structure, tmp_path, monkeypatch):
    """A first load of a large events file stores the packed rows from the cells it writes
    (`ImportedEvents`), byte for byte what a rebuild from the table gives; a later import that
    adds events to the structure rebuilds from the table."""
    from tests.interchange.conftest import FULL, TODAY, write_files  # noqa: PLC0415
    from trajectoires.interchange import writer  # noqa: PLC0415
    from trajectoires.interchange.importer import import_dataset  # noqa: PLC0415

    monkeypatch.setattr(writer, "BULK_ROWS", 1)  # every file is a bulk load
    natures = ("entretien_individuel", "atelier", "telephone", "information_collective", "mail", "sms")
    lines = [
        f"E{10 + i};J{1 + i % 2};{dt.date(2018 + i % 7, 1 + i % 12, 1 + i % 28).isoformat()};{natures[i % 6]};"
        f"{('', '1', '0')[i % 3]};{('S1', '', 'S2')[i % 3]};;\n"
        for i in range(40)
    ]
    files = dict(FULL, **{"evenements.csv": FULL["evenements.csv"] + "".join(lines)})
    built = {"store": 0, "build": 0}
    real_store, real_build = evenements._store, evenements.build
    monkeypatch.setattr(
        evenements, "_store", lambda *a: built.__setitem__("store", built["store"] + 1) or real_store(*a)
    )
    monkeypatch.setattr(
        evenements, "build", lambda *a: built.__setitem__("build", built["build"] + 1) or real_build(*a)
    )

    assert import_dataset(write_files(tmp_path / "a", files), structure, today=TODAY).ok
    assert built == {"store": 1, "build": 0}  # from the cells, not from the table
    assert EvenementsStructure.objects.get(structure=structure).version == evenements.FORMAT_VERSION
    from_cells = _stored(structure)
    assert _columns_packed(structure) == _columns_from_table(structure)
    real_build(structure)
    assert _stored(structure) == from_cells  # the same bytes as a rebuild from the table
    assert len(from_cells) == 2

    more = dict(files, **{"evenements.csv": files["evenements.csv"] + "E99;J2;2024-02-01;atelier;1;S1;;\n"})
    assert import_dataset(write_files(tmp_path / "b", more), structure, today=TODAY).ok
    assert built["build"] == 1  # the structure had events: rebuilt from the table
    assert _columns_packed(structure) == _columns_from_table(structure)


def test_first_bulk_load_without_the_optional_columns(structure, tmp_path, monkeypatch):
    from tests.interchange.conftest import FULL, TODAY, write_files  # noqa: PLC0415
    from trajectoires.interchange import writer  # noqa: PLC0415
    from trajectoires.interchange.importer import import_dataset  # noqa: PLC0415

    monkeypatch.setattr(writer, "BULK_ROWS", 1)
    files = dict(
        FULL,
        **{"evenements.csv": "id;jeune_id;date;nature\nE1;J1;2024-01-15;entretien_individuel\nE2;J2;2024-01-20;sms\n"},
    )
    assert import_dataset(write_files(tmp_path / "a", files), structure, today=TODAY).ok
    from_cells = _stored(structure)
    evenements.build(structure)
    assert _stored(structure) == from_cells
    assert _columns_packed(structure) == _columns_from_table(structure)
    assert len(_columns_from_table(structure)) == 2  # no honore column: both count


# --- The format's version (issue 16) ---------------------------------------------------------------
def test_the_layout_is_pinned_to_the_format_version():
    """Change the packed value and this fails: bump evenements.FORMAT_VERSION with it (every
    structure's rows are then rebuilt by its next report, never read in the old layout)."""
    layout = {
        "day_offset": evenements.DAY_OFFSET,
        "site_bits": evenements.SITE_BITS,
        "kinds": (evenements.KIND_EI, evenements.KIND_ACC, evenements.KIND_OTHER),
        "acc_not_ei": evenements.ACC_NOT_EI,
        "honoured": evenements.HONOURED,
        # one value: 2024-03-01 at site 5, an individual interview; stored as little-endian int64
        "value": int(evenements.pack(np.array([19783]), np.array([5]), np.array([2]))[0]),
    }
    assert (evenements.FORMAT_VERSION, layout) == (
        1,
        {
            "day_offset": 1 << 20,
            "site_bits": 38,
            "kinds": (2, 1, 0),
            "acc_not_ei": ("atelier", "information_collective"),
            "honoured": {"": True, None: True, "1": True, "0": False},
            "value": ((19783 + (1 << 20)) << 40) | (5 << 2) | 2,
        },
    )


def _events(structure):
    site = SiteFactory(structure=structure)
    x, y = JeuneFactory(structure=structure), JeuneFactory(structure=structure)
    EvenementFactory(jeune=x, date=d("2024-03-01"), nature="entretien_individuel", site=site)
    EvenementFactory(jeune=x, date=d("2023-05-01"), nature="atelier")
    EvenementFactory(jeune=y, date=d("2024-06-01"), nature="telephone")
    return x, y


def test_rows_of_another_format_version_are_rebuilt_never_read(structure):
    _events(structure)
    data = run(structure)
    assert data["indicateurs"]["jeunes_en_contact"] == 2
    assert EvenementsStructure.objects.get(structure=structure).version == evenements.FORMAT_VERSION

    def overwrite(blob) -> None:
        for pk, packed in EvenementsJeune.objects.filter(structure=structure).values_list("pk", "evenements"):
            EvenementsJeune.objects.filter(pk=pk).update(evenements=blob(bytes(packed)))

    # Values of another layout (here: big-endian) stored as this version's: read, and wrong.
    overwrite(lambda b: np.frombuffer(b, dtype="<i8").astype(">i8").tobytes())
    assert run(structure) != data

    # The same bytes under another version (a future one, or 0: written before versions): never
    # read, rebuilt from the events table.
    for version in (evenements.FORMAT_VERSION + 1, 0):
        overwrite(lambda b: np.frombuffer(b, dtype="<i8").astype(">i8").tobytes())
        EvenementsStructure.objects.filter(structure=structure).update(version=version)
        assert run(structure) == data
        assert EvenementsStructure.objects.get(structure=structure).version == evenements.FORMAT_VERSION
        assert _columns_packed(structure) == _columns_from_table(structure)

    # Bytes numpy could not even read (not a whole number of values), under another version.
    overwrite(lambda b: b + b"\x00")
    EvenementsStructure.objects.filter(structure=structure).update(version=evenements.FORMAT_VERSION + 1)
    assert run(structure) == data
    assert _columns_packed(structure) == _columns_from_table(structure)


def test_a_save_does_not_rewrite_rows_of_another_version(structure):
    x, _y = _events(structure)
    run(structure)
    EvenementsStructure.objects.filter(structure=structure).update(version=evenements.FORMAT_VERSION + 1)
    before = _stored(structure)
    record_contact(x, None, {"date": d("2024-09-01"), "nature": "entretien_individuel", "honore": None})
    assert _stored(structure) == before  # left alone: the next report rebuilds every row
    assert run(structure)["indicateurs"]["entretiens_individuels"] == 2
    assert EvenementsStructure.objects.get(structure=structure).version == evenements.FORMAT_VERSION
    assert _columns_packed(structure) == _columns_from_table(structure)
