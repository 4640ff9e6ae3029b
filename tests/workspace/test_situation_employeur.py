"""Issue 12, part 4: a situation with its employer (picked by type-ahead among the Mission
Locale's employers, or created on the spot with a checked SIRET), possibly planned (a signed
contract that starts later, counted by the report from its start date)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EmployeurFactory, StructureFactory
from trajectoires.accounts.enums import Role
from trajectoires.entreprises.models import Employeur
from trajectoires.entreprises.services import create_employeur
from trajectoires.entreprises.siret import format_siret, siret_error
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.situations.models import Situation


# The last one follows La Poste's rule (its digits add up to 45).
@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "35600000049837"])
def test_valid_sirets(siret):
    assert siret_error(siret) is None


@pytest.mark.parametrize(
    ("siret", "why"),
    [("73282932000075", "clé"), ("7328293200007", "14 chiffres"), ("7328293200007A", "14 chiffres"), ("", "14")],
)
def test_invalid_sirets(siret, why):
    assert why in siret_error(siret)


def test_format():
    assert format_siret("73282932000074") == "732 829 320 00074"


def test_a_siret_is_unique_in_a_mission_locale_not_across(db):
    ml, other = StructureFactory(), StructureFactory()
    create_employeur(ml.pk, "Boulangerie", "73282932000074")
    with pytest.raises(Exception, match="déjà ce SIRET : « Boulangerie »"):
        create_employeur(ml.pk, "Autre nom", "732 829 320 00074")
    assert create_employeur(other.pk, "Boulangerie", "73282932000074").structure_id == other.pk


def _post(client, world, **extra):  # type: ignore[no-untyped-def]
    jeune = world.jeunes["portefeuille"]
    client.force_login(world.user(Role.CONSEILLER))
    data = {"categorie": "emploi", "type": "cdd", "date_debut": timezone.localdate().isoformat(), **extra}
    return jeune, client.post(reverse("workspace:situation_debut", args=[jeune.pk]), data)


def test_the_type_ahead_offers_only_the_mission_locales_employers(client, world):
    EmployeurFactory(structure=world.structure, raison_sociale="Garage du Doubs")
    EmployeurFactory(structure=world.other_structure, raison_sociale="Garage du Jura")
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("workspace:employeurs_suggestions"), {"employeur_recherche": "garage"}).content.decode()
    assert "Garage du Doubs" in page and "Garage du Jura" not in page


def test_a_situation_with_an_employer_from_the_list(client, world):
    garage = EmployeurFactory(structure=world.structure, raison_sociale="Garage du Doubs")
    jeune, response = _post(client, world, employeur=str(garage.pk))
    assert response.status_code == 302
    assert Situation.objects.get(jeune=jeune).employeur == garage


def test_an_employer_of_another_mission_locale_is_refused(client, world):
    jura = EmployeurFactory(structure=world.other_structure, raison_sociale="Garage du Jura")
    jeune, response = _post(client, world, employeur=str(jura.pk))
    assert response.status_code == 200
    assert "Choisissez un employeur de votre Mission Locale" in response.content.decode()
    assert not Situation.objects.filter(jeune=jeune).exists()


def test_an_employer_created_on_the_spot(client, world):
    jeune, response = _post(client, world, nouvel_employeur="Boulangerie Martin", nouvel_siret="732 829 320 00074")
    assert response.status_code == 302
    employeur = Employeur.objects.get(raison_sociale="Boulangerie Martin")
    assert employeur.siret == "73282932000074" and employeur.structure == world.structure
    assert Situation.objects.get(jeune=jeune).employeur == employeur


def test_a_bad_siret_or_a_known_one_writes_nothing(client, world):
    jeune, response = _post(client, world, nouvel_employeur="Boulangerie", nouvel_siret="73282932000075")
    assert "clé de contrôle" in response.content.decode()
    EmployeurFactory(structure=world.structure, raison_sociale="Boulangerie Martin", siret="73282932000074")
    employers = Employeur.objects.filter(structure=world.structure).count()
    jeune, response = _post(client, world, nouvel_employeur="Boulangerie", nouvel_siret="73282932000074")
    assert "déjà ce SIRET" in response.content.decode()
    known = Employeur.objects.get(structure=world.structure, siret="73282932000074")
    assert reverse("workspace:employeur", args=[known.pk]) in response.content.decode()  # linked
    assert not Situation.objects.filter(jeune=jeune).exists()
    assert Employeur.objects.filter(structure=world.structure).count() == employers


def test_a_signed_contract_starting_later_is_planned_and_counted_from_its_start(client, world):
    start = timezone.localdate() + dt.timedelta(days=40)
    jeune, response = _post(client, world, date_debut=start.isoformat())
    assert response.status_code == 302
    situation = Situation.objects.get(jeune=jeune)
    assert situation.date_debut == start
    this_year = Period(dt.date(start.year, 1, 1), dt.date(start.year, 12, 31))
    until_today = Period(timezone.localdate() - dt.timedelta(days=30), timezone.localdate())
    assert jeune.pk not in build_report(world.structure, until_today, None).jeunes_for("indicateurs.entrees_emploi")
    assert jeune.pk in build_report(world.structure, this_year, None).jeunes_for("indicateurs.entrees_emploi")


def test_more_than_a_year_ahead_is_refused(client, world):
    jeune, response = _post(client, world, date_debut=(timezone.localdate() + dt.timedelta(days=400)).isoformat())
    assert "La date de début est à plus d&#x27;un an" in response.content.decode()
    assert not Situation.objects.filter(jeune=jeune).exists()
