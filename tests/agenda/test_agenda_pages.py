"""The agenda's pages: the whole Mission Locale's day (hundreds of appointments) is read one page
of appointments at a time, in time order, over the day or the week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConseillerFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.agenda import agenda as agenda_module, services
from trajectoires.agenda.agenda import agenda_page, parse_page


def _book_day(structure, day: dt.date, count: int) -> list:
    conseillers = [ConseillerFactory(structure=structure) for _ in range(3)]
    jeune = JeuneFactory(structure=structure)
    tz = timezone.get_current_timezone()
    booked = []
    for i in range(count):
        when = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz) + dt.timedelta(minutes=5 * i)
        booked.append(services.book_rendez_vous(
            jeune, conseillers[i % 3], {"debut": when, "nature": "telephone"}, accept_conflicts=True
        ))
    return booked


@pytest.mark.django_db
def test_pages_cover_every_appointment_once_in_time_order(structure):
    day = dt.date(2025, 3, 31)
    booked = _book_day(structure, day, 7)
    seen = []
    for number in (1, 2, 3):
        page = agenda_page(structure.pk, day, 1, page=number, per_page=3)
        assert (page.total, page.pages, page.page) == (7, 3, number)
        shown = page.days[0].rendez_vous
        assert (page.premier, page.dernier) == ((number - 1) * 3 + 1, (number - 1) * 3 + len(shown))
        seen += shown
    assert seen == booked
    # Beyond the last page: the last one; the week view pages over the days.
    assert agenda_page(structure.pk, day, 1, page=99, per_page=3).page == 3
    week = agenda_page(structure.pk, services.week_start(day), 7, page=1, per_page=5)
    assert week.total == 7 and sum(len(d.rendez_vous) for d in week.days) == 5


def test_page_numbers_from_the_query_string():
    assert [parse_page(raw) for raw in (None, "", "2", "0", "-1", "abc", "9999999")] == [1, 1, 2, 1, 1, 1, 1]


def test_the_whole_day_page_links_to_the_next_appointments(client, world, monkeypatch):
    monkeypatch.setattr(agenda_module, "RDV_PAR_PAGE", 4)
    today = timezone.localdate()
    booked = _book_day(world.structure, today, 6)
    client.force_login(world.user(Role.ACCUEIL))
    url = reverse("agenda:jour")
    first = client.get(url, {"date": today.isoformat(), "conseiller": "tous", "affichage": "liste"}).content.decode()
    assert "Rendez-vous 1 à 4 sur 6 (page 1 sur 2)" in first
    assert f"?date={today.isoformat()}&amp;conseiller=tous&amp;affichage=liste&amp;page=2" in first
    assert reverse("agenda:rdv", args=[booked[3].pk]) in first
    assert reverse("agenda:rdv", args=[booked[4].pk]) not in first
    second = client.get(url, {"date": today.isoformat(), "conseiller": "tous", "affichage": "liste", "page": "2"})
    second = second.content.decode()
    assert "Rendez-vous 5 à 6 sur 6 (page 2 sur 2)" in second and "Rendez-vous précédents" in second
    assert reverse("agenda:rdv", args=[booked[5].pk]) in second
    assert reverse("agenda:rdv", args=[booked[0].pk]) not in second
