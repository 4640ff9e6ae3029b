"""Pages of the agenda: the file's block, the CEJ hours page, the session page's messages."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from tests.factories import InscriptionFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.agenda.models import ActiviteCej, SessionCollective


def test_the_file_shows_appointments_and_cej_hours_to_those_who_may_see_them(client, world):
    jeune = world.jeunes["portefeuille"]
    InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    url = reverse("workspace:jeune", args=[jeune.pk])
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(url).content.decode()
    assert "Prochains rendez-vous" in content and reverse("agenda:rdv_create", args=[jeune.pk]) in content
    assert "Heures d'activité CEJ" in content and reverse("agenda:cej", args=[jeune.pk]) in content
    client.force_login(world.user(Role.ACCUEIL))
    content = client.get(url).content.decode()
    assert "Prochains rendez-vous" in content and "Heures d'activité CEJ" not in content
    client.force_login(world.user(Role.PARRAIN))
    content = client.get(reverse("workspace:jeune", args=[world.jeunes["filleul"].pk])).content.decode()
    assert "Prochains rendez-vous" not in content


def test_recording_cej_hours_with_a_french_error_then_the_weekly_total(client, world):
    jeune = world.jeunes["portefeuille"]
    InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    client.force_login(world.user(Role.CONSEILLER))
    url = reverse("agenda:cej", args=[jeune.pk])
    response = client.post(url, {"date": timezone.localdate().isoformat(), "theme": "emploi", "heures": "0"})
    assert escape("Une activité dure au moins un quart d'heure (0,25).") in response.content.decode()
    client.post(url, {"date": timezone.localdate().isoformat(), "theme": "emploi", "heures": "3,5"})
    assert ActiviteCej.objects.get(jeune=jeune).heures == 3.5
    assert "3,5 h" in client.get(url).content.decode()


def test_the_session_page_refuses_registration_beyond_capacity(client, world):
    session = SessionCollective.objects.create(
        structure=world.structure, ext_id="s1", type="information_collective", theme="Le CEJ", capacite=1,
        debut=timezone.now() + dt.timedelta(days=3), site=SiteFactory(structure=world.structure, nom="Siège"),
    )
    client.force_login(world.user(Role.ACCUEIL))
    url = reverse("agenda:session_inscrire", args=[session.pk])
    client.post(url, {"jeune": world.jeunes["portefeuille"].pk})
    response = client.post(url, {"jeune": world.jeunes["autre"].pk}, follow=True)
    content = response.content.decode()
    assert escape("La session est complète : ses 1 places sont prises.") in content
    assert session.participations.count() == 1
    pdf = client.get(reverse("agenda:convocations", args=[session.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "PORTEFEUILLE" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
