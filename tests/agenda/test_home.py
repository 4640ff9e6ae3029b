"""Home page per role: the counsellor's day and alerts, reception's queue and agenda, the
direction's key figures (from the report engine)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EvenementFactory, InscriptionFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller
from trajectoires.accueil import services as accueil
from trajectoires.agenda import services
from trajectoires.agenda.home import KEY_FIGURES
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


def _today_at(hour: int) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate(), dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def day(world):
    claire = Conseiller.objects.get(user=world.user(Role.CONSEILLER))
    colleague = world.jeunes["autre"].conseiller
    services.book_rendez_vous(
        world.jeunes["portefeuille"], claire, {"debut": _today_at(9), "nature": "entretien_individuel"}
    )
    services.book_rendez_vous(world.jeunes["autre"], colleague, {"debut": _today_at(11), "nature": "telephone"})
    accueil.register_arrival(world.user(Role.ACCUEIL), data={"nom": "Nouvelle", "prenom": "Inès"})
    return world


def test_the_counsellor_sees_their_appointments_the_queue_and_alerts(client, day):
    InscriptionFactory(
        jeune=day.jeunes["portefeuille"], dispositif="pacea", date_entree=timezone.localdate() - dt.timedelta(days=740)
    )
    client.force_login(day.user(Role.CONSEILLER))
    content = client.get(reverse("home")).content.decode()
    assert "Mes rendez-vous du jour" in content
    assert "PORTEFEUILLE Test" in content and "AUTRE Test" not in content
    assert "NOUVELLE Inès" in content and "Recevoir" in content
    assert "Mon portefeuille" in content and "PACEA : 24 mois" in content


def test_reception_sees_the_queue_and_the_whole_agenda_of_the_day(client, day):
    client.force_login(day.user(Role.ACCUEIL))
    content = client.get(reverse("home")).content.decode()
    assert "Agenda du jour" in content
    assert "PORTEFEUILLE Test" in content and "AUTRE Test" in content
    assert "NOUVELLE Inès" in content
    assert "Recevoir" not in content  # reception registers, counsellors take
    assert "Alertes du portefeuille" not in content and "Chiffres clés" not in content


def test_the_direction_sees_the_key_figures_of_the_engine(client, day):
    EvenementFactory(jeune=day.jeunes["portefeuille"], date=timezone.localdate(), nature="entretien_individuel")
    EvenementFactory(jeune=day.jeunes["autre"], date=timezone.localdate(), nature="atelier")
    client.force_login(day.user(Role.DIRECTION))
    # The home shows at once, the figures come after (htmx), computed by the engine.
    first = client.get(reverse("home"))
    assert "chiffres" not in first.context and reverse("agenda:chiffres") in first.content.decode()
    response = client.get(reverse("agenda:chiffres"), headers={"HX-Request": "true"})
    today = timezone.localdate()
    expected = build_report(day.structure, Period(dt.date(today.year, 1, 1), today)).data["indicateurs"]
    shown = dict(response.context["chiffres"])
    assert shown == {label: expected[key] for key, label in KEY_FIGURES}
    assert shown["jeunes accompagnés"] == 2
    # Then the home reads them from the cache, until the data change.
    again = client.get(reverse("home"))
    assert dict(again.context["chiffres"]) == shown and "Chiffres clés de l'année" in again.content.decode()
    EvenementFactory(jeune=day.jeunes["suivi"], date=timezone.localdate(), nature="entretien_individuel")
    assert "chiffres" not in client.get(reverse("home")).context
    refreshed = dict(client.get(reverse("agenda:chiffres")).context["chiffres"])
    assert refreshed["jeunes accompagnés"] == 3


@pytest.mark.parametrize("role", [Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN, Role.ADMINISTRATEUR])
def test_other_roles_see_neither_queue_nor_agenda(client, day, role):
    client.force_login(day.user(role))
    content = client.get(reverse("home")).content.decode()
    assert "NOUVELLE Inès" not in content and "Agenda du jour" not in content
    # Employer relations get the employer key figures (issue 13, docs/employeurs.md), not the direction's.
    assert ("Chiffres clés" in content) == (role == Role.RELATIONS_ENTREPRISES)
    if role == Role.RELATIONS_ENTREPRISES:
        figures = dict(client.get(reverse("agenda:chiffres")).context["chiffres"])
        assert "acteurs économiques en contact" in figures and "jeunes accompagnés" not in figures


def test_a_busy_day_is_cut_on_the_home_with_the_total(client, world):
    from trajectoires.agenda.home import HOME_RDV_MAX

    colleague = world.jeunes["autre"].conseiller
    for i in range(HOME_RDV_MAX + 1):
        services.book_rendez_vous(world.jeunes["autre"], colleague, {"debut": _today_at(8) + dt.timedelta(minutes=i),
                                                                     "nature": "telephone"}, accept_conflicts=True)
    client.force_login(world.user(Role.ACCUEIL))
    response = client.get(reverse("home"))
    assert len(response.context["rdv_du_jour"]) == HOME_RDV_MAX
    assert f"{HOME_RDV_MAX + 1} rendez-vous en tout aujourd" in response.content.decode()


def test_the_counsellors_home_reads_the_portfolio_in_a_fixed_number_of_queries(client, world):
    """No query per young person: the home's queries are the same for a portfolio of 1 and of 13
    (all without contact for 3 months, all with a PACEA past 24 months), counted per alert."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import JeuneFactory

    claire = Conseiller.objects.get(user=world.user(Role.CONSEILLER))
    client.force_login(world.user(Role.CONSEILLER))

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            content = client.get(reverse("home")).content.decode()
        return len(ctx.captured_queries), content

    def add(i: int) -> None:
        jeune = JeuneFactory(structure=world.structure, conseiller=claire, nom=f"Portef{i:02d}")
        InscriptionFactory(jeune=jeune, dispositif="pacea", date_entree=timezone.localdate() - dt.timedelta(days=740))

    add(0)
    count()  # the first request of the session saves it and the login date
    small, _ = count()
    for i in range(1, 13):
        add(i)
    large, content = count()
    assert large == small
    # The ten most urgent listed once, the others counted (issue 12: no list repeated).
    assert sum(f"PORTEF{i:02d}" in content for i in range(13)) == 10
    assert "… et 3 autres jeunes avec une alerte." in content
    assert "PACEA : 24 mois atteints : <strong>13</strong>" in content
