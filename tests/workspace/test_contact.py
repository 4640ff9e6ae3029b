"""Recording a contact from the file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SiteFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.enums import Role


@pytest.fixture
def claire(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    return world.user(Role.CONSEILLER)


def url(jeune) -> str:  # type: ignore[no-untyped-def]
    return reverse("workspace:contact", args=[jeune.pk])


def test_a_contact_is_recorded_with_the_counsellor_and_a_stable_id(client, world, claire):
    jeune = world.jeunes["portefeuille"]
    site = SiteFactory(structure=world.structure)
    response = client.post(
        url(jeune),
        {"date": "2025-03-03", "nature": "entretien_individuel", "honore": "oui", "site": site.pk,
         "themes": ["emploi", "mobilite"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:jeune", args=[jeune.pk]) + "#journal"
    e = Evenement.objects.get(jeune=jeune)
    assert (e.date, e.nature, e.honore, e.site, e.themes) == (
        dt.date(2025, 3, 3), "entretien_individuel", True, site, "emploi|mobilite"
    )
    assert e.conseiller == claire.conseiller
    assert e.structure == jeune.structure
    assert e.ext_id.startswith("web-") and len(e.ext_id) == 36
    page = client.get(response["Location"]).content.decode()
    assert "Entretien individuel du 03/03/2025 enregistré." in page
    assert "Thèmes : Emploi, Mobilité" in page


def test_a_missed_appointment_and_an_unknown_outcome(client, world, claire):
    jeune = world.jeunes["portefeuille"]
    client.post(url(jeune), {"date": "2025-03-03", "nature": "entretien_individuel", "honore": "non"})
    client.post(url(jeune), {"date": "2025-03-04", "nature": "telephone", "honore": ""})
    assert list(Evenement.objects.filter(jeune=jeune).order_by("date").values_list("honore", flat=True)) == [
        False, None
    ]


def test_two_counsellors_recording_at_once_both_keep_their_contact(client, world, claire):
    jeune = world.jeunes["portefeuille"]
    for _ in range(2):
        client.post(url(jeune), {"date": "2025-03-03", "nature": "entretien_individuel"})
    assert Evenement.objects.filter(jeune=jeune).count() == 2
    assert len(set(Evenement.objects.filter(jeune=jeune).values_list("ext_id", flat=True))) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nature": "entretien_individuel"}, "Indiquez la date du contact (JJ/MM/AAAA)."),
        (
            {"date": "2025-02-30", "nature": "atelier"},
            "Cette date n&#x27;est pas valide : saisissez-la au format JJ/MM/AAAA, par exemple 05/03/2025.",
        ),
        ({"date": "2025-03-03"}, "Choisissez la nature du contact (entretien individuel, téléphone…)."),
        ({"date": "2025-03-03", "nature": "visio"}, "Choisissez une nature de contact dans la liste."),
        (
            {"date": "2025-03-03", "nature": "atelier", "themes": ["astrologie"]},
            "Choisissez les thèmes dans la liste.",
        ),
        (
            {"date": "1990-01-01", "nature": "atelier"},
            "La date est antérieure à la naissance du jeune (15/06/2004) : vérifiez l&#x27;année saisie.",
        ),
    ],
)
def test_invalid_contacts_are_refused_with_a_french_message(client, world, claire, data, message):
    response = client.post(url(world.jeunes["portefeuille"]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Le contact n'est pas enregistré" in content
    assert message in content
    assert 'aria-invalid="true"' in content or "<fieldset aria-describedby" in content
    assert not Evenement.objects.filter(jeune=world.jeunes["portefeuille"]).exists()


def test_a_contact_in_the_future_is_refused(client, world, claire):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url(world.jeunes["portefeuille"]), {"date": tomorrow.isoformat(), "nature": "atelier"})
    assert "La date ne peut pas être dans le futur" in response.content.decode()
    assert not Evenement.objects.filter(jeune=world.jeunes["portefeuille"]).exists()


def test_a_site_of_another_mission_locale_is_refused(client, world, claire):
    site = SiteFactory(structure=world.other_structure)
    response = client.post(
        url(world.jeunes["portefeuille"]), {"date": "2025-03-03", "nature": "atelier", "site": site.pk}
    )
    assert "Choisissez un site de votre Mission Locale dans la liste." in response.content.decode()
    assert not Evenement.objects.filter(jeune=world.jeunes["portefeuille"]).exists()


def test_htmx_returns_the_blank_form_and_the_new_timeline(client, world, claire):
    jeune = world.jeunes["portefeuille"]
    response = client.post(
        url(jeune), {"date": "2025-03-03", "nature": "atelier"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Atelier du 03/03/2025 enregistré." in content
    assert 'id="journal" aria-labelledby="journal-titre" hx-swap-oob="true"' in content


def test_htmx_errors_come_back_in_the_form(client, world, claire):
    response = client.post(url(world.jeunes["portefeuille"]), {"nature": "atelier"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    assert "Indiquez la date du contact" in content
    assert not Evenement.objects.filter(jeune=world.jeunes["portefeuille"]).exists()


def test_the_contact_page_has_the_form(client, world, claire):
    content = client.get(url(world.jeunes["portefeuille"])).content.decode()
    assert "Enregistrer le contact" in content
    assert 'type="date"' in content


def test_a_counsellor_who_met_the_young_person_may_add_a_contact(client, world, claire):
    assert client.post(url(world.jeunes["suivi"]), {"date": "2025-03-03", "nature": "atelier"}).status_code == 302
    contact = Evenement.objects.get(jeune=world.jeunes["suivi"], date=dt.date(2025, 3, 3))
    assert (contact.nature, contact.conseiller) == ("atelier", claire.conseiller)


def test_a_counsellor_may_not_write_to_a_colleagues_file_and_is_told_what_to_do(client, world, claire):
    response = client.post(url(world.jeunes["autre"]), {"date": "2025-03-03", "nature": "atelier"})
    assert response.status_code == 403
    assert "Demandez un transfert au conseiller référent" in response.content.decode()
    assert not Evenement.objects.filter(jeune=world.jeunes["autre"]).exists()
