"""What users create in the file goes out and back in through the interchange format:
export(import(export)) holds the same rows, with the application's `web-…` identifiers."""

from __future__ import annotations

import csv
import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import JeuneFactory, StructureFactory
from trajectoires.accounts.enums import Role
from trajectoires.interchange.exporter import export_dataset
from trajectoires.interchange.importer import import_dataset
from trajectoires.interchange.schema import FILES
from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import update_profile
from trajectoires.workspace.dossier import make_token, read_token


def _rows(path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_created_files_and_actions_round_trip(client, world, tmp_path):
    today = timezone.localdate()
    born = dt.date(today.year - 20, 1, 15)
    client.force_login(world.user(Role.CONSEILLER))
    assert client.post(reverse("workspace:jeune_nouveau"), {
        "nom": "Nouvelle", "prenom": "Inès", "sexe": "f", "date_naissance": born.isoformat(), "niveau": "iv",
        "diplome": "1", "enfants": "0",
    }).status_code == 302
    jeune = Jeune.objects.get(nom="Nouvelle")
    for name, data in (
        ("workspace:dispositif_entree", {"dispositif": "pacea", "date_entree": today.isoformat()}),
        ("workspace:situation_debut", {"categorie": "immersion", "type": "pmsmp", "date_debut": today.isoformat()}),
        ("workspace:aide", {"type": "allocation_pacea", "date": today.isoformat(), "montant": "120,50"}),
    ):
        assert client.post(reverse(name, args=[jeune.pk]), data).status_code == 302, name

    export_dataset(world.structure, tmp_path / "a")
    jeunes = {r["id"]: r for r in _rows(tmp_path / "a" / "jeunes.csv")}
    assert jeunes[jeune.ext_id]["nom"] == "Nouvelle" and jeunes[jeune.ext_id]["niveau"] == "iv"
    assert jeunes[jeune.ext_id]["conseiller_id"] == world.user(Role.CONSEILLER).conseiller.ext_id
    for name in ("inscriptions.csv", "situations.csv", "aides.csv"):
        mine = [r for r in _rows(tmp_path / "a" / name) if r["jeune_id"] == jeune.ext_id]
        assert len(mine) == 1 and mine[0]["id"].startswith("web-"), name
    assert [r["montant"] for r in _rows(tmp_path / "a" / "aides.csv") if r["jeune_id"] == jeune.ext_id] == ["120.5"]

    other = StructureFactory(code="RT000001", nom="Copie")
    result = import_dataset(tmp_path / "a", other)
    assert result.ok, result
    export_dataset(other, tmp_path / "b")
    for spec in FILES:
        assert (tmp_path / "b" / spec.name).read_text(encoding="utf-8") == (
            tmp_path / "a" / spec.name
        ).read_text(encoding="utf-8"), spec.name


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins(db):
    """Two threads save the same file from the same version at once (PostgreSQL: real row locks;
    SQLite serialises writers): exactly one save happens, the other reports the difference."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL only (SQLite serialises writers)")
    jeune = JeuneFactory(hebergement="parents")
    version, depart = read_token(make_token(jeune, ("hebergement",)))
    barrier = threading.Barrier(2)
    results = []

    def save(value: str) -> None:
        try:
            barrier.wait()
            results.append(update_profile(jeune.pk, version, depart, {"hebergement": value}))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(v,)) for v in ("amis", "foyer")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.saved for r in results) == [False, True]
    winner = next(r for r in results if r.saved).jeune.hebergement
    jeune.refresh_from_db()
    assert jeune.hebergement == winner and jeune.version == 2
    loser = next(r for r in results if not r.saved)
    assert loser.ecarts[0].enregistre == winner
