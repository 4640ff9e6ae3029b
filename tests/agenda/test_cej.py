"""CEJ activity hours: ISO weeks of Paris dates, against the 15–20 hour commitment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import InscriptionFactory, JeuneFactory
from trajectoires.agenda import cej


pytestmark = pytest.mark.django_db


def _add(jeune, day: str, heures: str, theme: str = "emploi"):
    return cej.add_activity(
        jeune, None, {"date": dt.date.fromisoformat(day), "theme": theme, "heures": Decimal(heures)}
    )


def test_weekly_totals_follow_iso_weeks_monday_to_sunday(structure):
    jeune = JeuneFactory(structure=structure)
    InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    _add(jeune, "2025-03-03", "6")  # Monday, week 10
    _add(jeune, "2025-03-09", "4.5", "sante")  # Sunday, week 10
    _add(jeune, "2025-03-10", "3")  # Monday, week 11
    _add(jeune, "2025-02-28", "7")  # Friday, week 9
    weeks = cej.weekly_totals(jeune, weeks=3, today=dt.date(2025, 3, 12))
    assert [(w.iso, w.heures) for w in weeks] == [
        ((2025, 11), Decimal("3")), ((2025, 10), Decimal("10.5")), ((2025, 9), Decimal("7")),
    ]
    assert weeks[1].monday == dt.date(2025, 3, 3) and weeks[1].sunday == dt.date(2025, 3, 9)
    assert all(w.in_cej for w in weeks)
    assert weeks[1].status == "sous"


def test_status_against_the_commitment_and_its_settings(structure, settings):
    week = cej.WeekTotal(dt.date(2025, 3, 3), Decimal("15"), True)
    assert week.status == "ok"
    assert cej.WeekTotal(dt.date(2025, 3, 3), Decimal("20.5"), True).status == "au_dessus"
    assert cej.WeekTotal(dt.date(2025, 3, 3), Decimal("14.75"), True).status == "sous"
    settings.TRAJECTOIRES_CEJ_HEURES_MIN = 16
    assert week.status == "sous"


def test_a_week_counts_as_in_cej_only_when_the_whole_week_is_covered(structure):
    jeune = JeuneFactory(structure=structure)
    InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2025, 3, 5))  # a Wednesday
    weeks = cej.weekly_totals(jeune, weeks=2, today=dt.date(2025, 3, 12))
    assert [w.in_cej for w in weeks] == [True, False]
    assert cej.last_complete_week(dt.date(2025, 3, 12)) == dt.date(2025, 3, 3)
    assert cej.last_complete_week(dt.date(2025, 3, 10)) == dt.date(2025, 3, 3)  # on Monday, last week is complete
