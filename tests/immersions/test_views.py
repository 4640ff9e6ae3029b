"""The PMSMP pages: a convention from the file (rule messages shown, nothing written), its PDF
opened back, the list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import EmployeurFactory, StructureFactory
from trajectoires.accounts.enums import Role
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.situations.models import Situation


def _data(host, debut: dt.date, fin: dt.date, **extra) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"date_debut": debut.isoformat(), "date_fin": fin.isoformat(), "employeur": str(host.pk),
            "objectif": "recrutement", "metier": "Préparateur de commandes", "tuteur_nom": "Anne Roy",
            "tuteur_fonction": "Responsable logistique", "tuteur_telephone": "06 12 34 56 78",
            "horaires": "Du lundi au vendredi, 8 h – 12 h", **extra}


@pytest.mark.django_db
def test_a_counsellor_writes_a_convention_and_prints_it(client, world):
    jeune = world.jeunes["portefeuille"]
    host = EmployeurFactory(structure=world.structure, raison_sociale="Logistique du Doubs", siret="73282932000074")
    client.force_login(world.user(Role.CONSEILLER))
    debut = timezone.localdate()
    response = client.post(reverse("immersions:nouvelle", args=[jeune.pk]), _data(host, debut, debut))
    c = ConventionImmersion.objects.get(jeune=jeune)
    assert response.status_code == 302 and response["Location"] == reverse("immersions:convention", args=[c.pk])
    assert c.conseiller.prenom == "Claire" and c.tuteur_telephone == "+33612345678"
    assert Situation.objects.get(jeune=jeune, type="pmsmp").employeur == host
    pdf = client.get(reverse("immersions:pdf", args=[c.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    for expected in ("PORTEFEUILLE Test", "Logistique du Doubs", "73282932000074", "Anne Roy",
                     "Responsable logistique", "06 12 34 56 78", "Mission Locale de Besançon", "Claire MARTIN",
                     "Initier une démarche de recrutement", "Du lundi au vendredi, 8 h – 12 h",
                     "Code du travail, articles L5135-1 et suivants", "Le bénéficiaire", "La structure d'accueil",
                     "Le prescripteur", "Date et signature"):
        assert expected in text, expected


@pytest.mark.django_db
def test_a_broken_rule_is_shown_in_french_with_the_law_and_nothing_is_written(client, world):
    jeune = world.jeunes["portefeuille"]
    host = EmployeurFactory(structure=world.structure)
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("immersions:nouvelle", args=[jeune.pk]),
                           _data(host, dt.date(2026, 3, 3), dt.date(2026, 4, 10)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "dure au plus un mois, de date à date" in page and "2 avril 2026" in page
    assert "Code du travail, articles L5135-1 et suivants" in page
    assert not ConventionImmersion.objects.exists() and not Situation.objects.filter(jeune=jeune).exists()


@pytest.mark.django_db
def test_an_employer_of_another_mission_locale_cannot_be_picked(client, world):
    jeune = world.jeunes["portefeuille"]
    foreign = EmployeurFactory(structure=StructureFactory())
    client.force_login(world.user(Role.CONSEILLER))
    today = timezone.localdate()
    response = client.post(reverse("immersions:nouvelle", args=[jeune.pk]), _data(foreign, today, today))
    assert "Choisissez un employeur de votre Mission Locale dans la liste." in response.content.decode()
    assert not ConventionImmersion.objects.exists()


@pytest.mark.django_db
def test_hours_are_required_as_a_schedule_or_a_total(client, world):
    jeune = world.jeunes["portefeuille"]
    host = EmployeurFactory(structure=world.structure)
    client.force_login(world.user(Role.CONSEILLER))
    today = timezone.localdate()
    response = client.post(reverse("immersions:nouvelle", args=[jeune.pk]), _data(host, today, today, horaires=""))
    assert "Indiquez les horaires de la semaine ou la durée totale en heures." in response.content.decode()
    assert not ConventionImmersion.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_current_and_starting_immersions(client, world):
    jeune = world.jeunes["portefeuille"]
    host = EmployeurFactory(structure=world.structure, raison_sociale="Boulangerie Saint-Vit")
    client.force_login(world.user(Role.CONSEILLER))
    today = timezone.localdate()
    client.post(reverse("immersions:nouvelle", args=[jeune.pk]), _data(host, today, today))
    page = client.get(reverse("immersions:liste")).content.decode()
    assert "Boulangerie Saint-Vit" in page and "PORTEFEUILLE Test" in page
    page = client.get(reverse("immersions:liste") + "?vue=debut_semaine").content.decode()
    assert "Boulangerie Saint-Vit" in page
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))  # an immersion puts the file in their scope
    page = client.get(reverse("immersions:liste")).content.decode()
    assert "Boulangerie Saint-Vit" in page
    assert client.get(reverse("workspace:jeune", args=[jeune.pk])).status_code == 200
