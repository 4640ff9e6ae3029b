"""Appointments: booking, attendance and its effect on the contacts the report engine reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ConseillerFactory, JeuneFactory, SiteFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.agenda import services
from trajectoires.agenda.agenda import agenda_days
from trajectoires.agenda.enums import Presence
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


pytestmark = pytest.mark.django_db



def paris(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def setup(structure):
    conseiller = ConseillerFactory(structure=structure)
    site = SiteFactory(structure=structure)
    jeune = JeuneFactory(structure=structure, conseiller=conseiller)
    return conseiller, site, jeune


def _book(setup, when: dt.datetime, nature: str = "entretien_individuel"):
    conseiller, site, jeune = setup
    return services.book_rendez_vous(jeune, conseiller, {"debut": when, "nature": nature, "site": site})


def _figures(structure, year: int = 2025) -> dict:
    return build_report(structure, Period.year(year)).data["indicateurs"]


def test_present_records_an_honoured_contact_counted_by_the_report(structure, setup):
    before = _figures(structure)
    rdv = services.mark_rendez_vous(_book(setup, paris(2025, 3, 4)), Presence.PRESENT)
    evenement = Evenement.objects.get(pk=rdv.evenement_id)
    assert (evenement.honore, evenement.date, evenement.nature) == (True, dt.date(2025, 3, 4), "entretien_individuel")
    assert evenement.conseiller_id == rdv.conseiller_id and evenement.site_id == rdv.site_id
    after = _figures(structure)
    assert after["entretiens_individuels"] == before["entretiens_individuels"] + 1
    assert after["jeunes_accompagnes"] == before["jeunes_accompagnes"] + 1
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"] + 1


def test_absent_is_a_missed_appointment_that_no_figure_counts(structure, setup):
    before = _figures(structure)
    rdv = services.mark_rendez_vous(_book(setup, paris(2025, 3, 4)), Presence.ABSENT)
    assert Evenement.objects.get(pk=rdv.evenement_id).honore is False
    assert _figures(structure) == before


@pytest.mark.parametrize("presence", [Presence.EXCUSE, Presence.ANNULE])
def test_excused_or_cancelled_records_nothing_and_removes_an_earlier_marking(setup, presence):
    rdv = services.mark_rendez_vous(_book(setup, paris(2025, 3, 4)), Presence.PRESENT)
    contact_id = rdv.evenement_id
    rdv = services.mark_rendez_vous(rdv, presence)
    assert rdv.evenement_id is None and rdv.presence == presence
    assert not Evenement.objects.filter(pk=contact_id).exists()


def test_marking_again_keeps_one_contact(setup):
    rdv = services.mark_rendez_vous(_book(setup, paris(2025, 3, 4)), Presence.ABSENT)
    rdv = services.mark_rendez_vous(rdv, Presence.PRESENT)
    assert Evenement.objects.filter(jeune=rdv.jeune).count() == 1
    assert Evenement.objects.get(pk=rdv.evenement_id).honore is True


def test_a_future_appointment_can_be_cancelled_but_not_marked_present(setup):
    rdv = _book(setup, timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.mark_rendez_vous(rdv, Presence.PRESENT)
    assert services.mark_rendez_vous(rdv, Presence.ANNULE).presence == Presence.ANNULE


def test_the_contact_date_is_the_paris_date_of_the_appointment(setup):
    # 00:30 in Paris on 1 April is still 31 March in UTC.
    rdv = services.mark_rendez_vous(_book(setup, paris(2025, 4, 1, 0, 30)), Presence.PRESENT)
    assert Evenement.objects.get(pk=rdv.evenement_id).date == dt.date(2025, 4, 1)


def test_day_and_week_views_group_by_paris_day(structure, setup):
    conseiller = setup[0]
    late = _book(setup, paris(2025, 3, 30, 23, 30))  # DST change day: 23-hour day
    early = _book(setup, paris(2025, 3, 31, 0, 15))
    other = ConseillerFactory(structure=structure)
    services.book_rendez_vous(setup[2], other, {"debut": paris(2025, 3, 31, 9), "nature": "telephone"})
    week = agenda_days(structure.pk, dt.date(2025, 3, 24), 7, conseiller)
    assert [d.rendez_vous for d in week if d.rendez_vous] == [[late]]
    days = agenda_days(structure.pk, dt.date(2025, 3, 31), 1)
    assert len(days[0].rendez_vous) == 2 and days[0].rendez_vous[0] == early
    mine = agenda_days(structure.pk, dt.date(2025, 3, 31), 1, conseiller)
    assert mine[0].rendez_vous == [early]
