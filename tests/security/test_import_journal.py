"""Finding 8 of the outside security test (issue 18): an import could commit without its journal
entry. The entry and the search reindex ran after the commit; a kill between the two left an
import that the journal never recorded. Now the entry, the data date and a note of the search
keys to rewrite are written in the import's own transaction; the reindex after the commit is
idempotent and resumed at the next search (or by `trajectoires index_recherche`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from tests.factories import StructureFactory
from tests.interchange.conftest import write_files
from trajectoires.edition.models import DataStamp
from trajectoires.interchange import importer
from trajectoires.rgpd.audit import IMPORT_WHAT
from trajectoires.rgpd.models import AuditEntry
from trajectoires.workspace.search import ensure_indexed, search_jeunes


TODAY = dt.date(2026, 1, 15)
HEADER = "id;nom;prenom;sexe;date_naissance\n"


class Killed(BaseException):
    """The process dies right after the import's commit (not an Exception: nothing catches it)."""


def _die(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise Killed


@pytest.fixture
def structure(db):  # type: ignore[no-untyped-def]
    return StructureFactory(code="25056S00")


def test_an_import_cut_right_after_its_commit_is_in_the_journal(structure, tmp_path, monkeypatch):
    source = write_files(tmp_path / "a", {"jeunes.csv": HEADER + "J1;Dupont;Ana;f;2004-05-06\n"})
    monkeypatch.setattr(importer.dataset_imported, "send", _die)
    with pytest.raises(Killed):
        importer.import_dataset(source, structure, today=TODAY)
    entries = AuditEntry.objects.filter(structure_ref=structure.pk, what=IMPORT_WHAT)
    assert entries.count() == 1
    assert entries.get().additional_data["créées"] == 1
    assert DataStamp.objects.get(structure=structure).imported_at is not None


def test_a_refused_import_leaves_no_entry(structure, tmp_path):
    source = write_files(tmp_path / "a", {"jeunes.csv": HEADER + "J1;Dupont;Ana;x;2004-05-06\n"})
    result = importer.import_dataset(source, structure, today=TODAY)
    assert not result.ok
    assert not AuditEntry.objects.filter(structure_ref=structure.pk, what=IMPORT_WHAT).exists()


def test_a_reindex_cut_after_the_commit_is_resumed_at_the_next_search(structure, tmp_path, monkeypatch):
    from tests.factories import UserFactory
    from trajectoires.accounts.enums import Role

    user = UserFactory(structure=structure, role=Role.DIRECTION)
    first = write_files(tmp_path / "a", {"jeunes.csv": HEADER + "J1;Dupont;Ana;f;2004-05-06\n"})
    assert importer.import_dataset(first, structure, today=TODAY).ok
    assert [j.nom for j in search_jeunes(user, "dupont").jeunes] == ["Dupont"]
    renamed = write_files(tmp_path / "b", {"jeunes.csv": HEADER + "J1;Durand;Ana;f;2004-05-06\n"})
    monkeypatch.setattr(importer.dataset_imported, "send", _die)
    with pytest.raises(Killed):
        importer.import_dataset(renamed, structure, today=TODAY)
    monkeypatch.undo()
    from trajectoires.workspace.models import ReindexPending

    assert ReindexPending.objects.filter(structure=structure).exists()  # the work left to do is known
    assert [j.nom for j in search_jeunes(user, "durand").jeunes] == ["Durand"]  # resumed by the search
    assert not search_jeunes(user, "dupont").jeunes
    assert not ReindexPending.objects.exists()
    assert ensure_indexed(structure.pk) == 0  # idempotent: nothing left


def test_the_command_resumes_a_cut_reindex(structure, tmp_path, monkeypatch):
    first = write_files(tmp_path / "a", {"jeunes.csv": HEADER + "J1;Dupont;Ana;f;2004-05-06\n"})
    assert importer.import_dataset(first, structure, today=TODAY).ok
    renamed = write_files(tmp_path / "b", {"jeunes.csv": HEADER + "J1;Durand;Ana;f;2004-05-06\n"})
    monkeypatch.setattr(importer.dataset_imported, "send", _die)
    with pytest.raises(Killed):
        importer.import_dataset(renamed, structure, today=TODAY)
    monkeypatch.undo()
    call_command("index_recherche")
    from trajectoires.workspace.models import ReindexPending

    assert not ReindexPending.objects.exists()
    from trajectoires.workspace.models import JeuneRecherche

    assert "durand" in JeuneRecherche.objects.get().mots
