"""The bulk path (large files): indexes rebuilt after the load, keys resolved by dictionaries,
SQLite foreign-key checks off; tested outside a test transaction, as the command runs."""

from __future__ import annotations

import pytest
from django.db import connection

from trajectoires.accompagnement.models import Evenement
from trajectoires.interchange import writer
from trajectoires.interchange.exporter import export_dataset
from trajectoires.interchange.importer import import_dataset
from trajectoires.interchange.schema import FILES
from trajectoires.structures.models import Structure

from .conftest import FULL, TODAY
from .test_export import as_dicts


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"] and not info["primary_key"]
        }


@pytest.fixture
def bulk(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(writer, "BULK_ROWS", 1)


@pytest.mark.django_db(transaction=True)
def test_bulk_load_keeps_indexes_and_round_trips(dataset, bulk, tmp_path):
    structure = Structure.objects.create(code="BULK", nom="Bulk")
    indexes = {spec.name: index_names(spec.model._meta.db_table) for spec in FILES}
    with connection.cursor() as cursor:
        cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0] if connection.vendor == "sqlite" else None
    result = import_dataset(dataset(FULL), structure, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert {spec.name: index_names(spec.model._meta.db_table) for spec in FILES} == indexes
    export_dataset(structure, tmp_path / "out")
    for spec in FILES:
        exported = (tmp_path / "out" / spec.name).read_text(encoding="utf-8")
        assert as_dicts(exported) == as_dicts(FULL[spec.name]), spec.name
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert cursor.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY, as settings.py sets it
            # neither the import's 512 MB page cache nor the index rebuild's 1 MB is left behind
            assert cursor.execute("PRAGMA cache_size").fetchone()[0] == cache_size
            assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.django_db(transaction=True)
def test_bulk_load_crash_leaves_database_and_indexes_as_they_were(dataset, bulk, monkeypatch):
    structure = Structure.objects.create(code="BULK", nom="Bulk")
    indexes = index_names(Evenement._meta.db_table)
    real = writer.write_batch

    def crash_on_events(cursor, upsert, sql, batch):  # type: ignore[no-untyped-def]
        if upsert.table == Evenement._meta.db_table:
            raise RuntimeError("arrêt brutal simulé")
        return real(cursor, upsert, sql, batch)

    monkeypatch.setattr(writer, "write_batch", crash_on_events)
    with pytest.raises(RuntimeError):
        import_dataset(dataset(FULL), structure, today=TODAY)
    assert all(not spec.model.objects.exists() for spec in FILES)
    assert index_names(Evenement._meta.db_table) == indexes


# The dataset is read once: each valid chunk is written as soon as it is checked, and the
# transaction is rolled back if a problem turns up later (a duplicate id found at the end of
# the file, which a plain INSERT into a fresh table also hits; the age rule, checked once all
# events are read; a bad cell in a later file).
LATE_PROBLEMS = {
    "duplicate id": (
        {**FULL, "evenements.csv": FULL["evenements.csv"] + "E1;J2;2024-01-16;sms;;;;\n"},
        ("evenements.csv", 5, "id"),
    ),
    "age rule": (
        {**FULL, "evenements.csv": FULL["evenements.csv"] + "E9;J1;2013-01-01;sms;;;;\n"},
        ("jeunes.csv", 2, "date_naissance"),
    ),
    "bad cell in a later file": (
        {**FULL, "aides.csv": FULL["aides.csv"] + "A9;J1;fdaj;2024-02-01;douze\n"},
        ("aides.csv", 6, "montant"),
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("files", "where"), LATE_PROBLEMS.values(), ids=LATE_PROBLEMS.keys())
def test_a_problem_found_after_rows_were_written_leaves_nothing(dataset, bulk, files, where):
    structure = Structure.objects.create(code="BULK", nom="Bulk")
    indexes = {spec.name: index_names(spec.model._meta.db_table) for spec in FILES}
    result = import_dataset(dataset(files), structure, today=TODAY)
    assert not result.ok
    assert where in {(p.file, p.line, p.column) for p in result.problems}, [str(p) for p in result.problems]
    assert all(not spec.model.objects.exists() for spec in FILES)
    assert {spec.name: index_names(spec.model._meta.db_table) for spec in FILES} == indexes
    assert result.files == {}


@pytest.mark.django_db(transaction=True)
def test_age_rule_counts_database_events_as_they_were_before_the_import(dataset, bulk):
    """The dataset re-dates the young person's only event: the stored date still counts
    (docs/interchange.md, choice 8), even though the new one is written before the check."""
    structure = Structure.objects.create(code="BULK", nom="Bulk")
    jeunes, ev = "id;nom;prenom;sexe;date_naissance\n", "id;jeune_id;date;nature\n"
    first = {"jeunes.csv": jeunes + "J1;D;A;f;2004-05-06\n", "evenements.csv": ev + "E1;J1;2024-01-02;sms\n"}
    assert import_dataset(dataset(first), structure, today=TODAY).ok
    born_2012 = {"jeunes.csv": jeunes + "J1;D;A;f;2012-05-06\n", "evenements.csv": ev + "E1;J1;2025-12-02;sms\n"}
    result = import_dataset(dataset(born_2012), structure, today=TODAY)
    assert [(p.file, p.line, p.column) for p in result.problems] == [("jeunes.csv", 2, "date_naissance")]
    assert str(Evenement.objects.get().date) == "2024-01-02"
