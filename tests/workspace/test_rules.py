"""The programme rules (trajectoires/dispositifs/rules.py) as plain functions."""

from __future__ import annotations

import datetime as dt

import pytest

from trajectoires.dispositifs.rules import (
    CEJ_DEBUT,
    GJ_FIN,
    Periode,
    add_months,
    derniere_sortie_possible,
    entry_errors,
    exit_errors,
    last_day,
    open_enrolment,
)


TODAY = dt.date(2025, 6, 30)
BORN = dt.date(2004, 6, 15)  # 20 on 1 January 2025


def entry(code: str, day: dt.date, existing=(), born=BORN, rqth=None) -> list[str]:  # type: ignore[no-untyped-def]
    return entry_errors(code, day, date_naissance=born, rqth=rqth, existing=list(existing), today=TODAY)


def test_months_arithmetic():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 15), 24) == dt.date(2025, 1, 15)
    assert add_months(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)
    assert last_day(dt.date(2023, 1, 15), 24) == dt.date(2025, 1, 14)


def test_an_entry_within_the_rules_passes():
    assert entry("pacea", dt.date(2025, 1, 6)) == []
    assert entry("cej", dt.date(2025, 1, 6)) == []
    assert entry("garantie_jeunes", dt.date(2021, 9, 1)) == []


def test_garantie_jeunes_only_until_28_february_2022():
    assert entry("garantie_jeunes", GJ_FIN) == []
    errors = entry("garantie_jeunes", GJ_FIN + dt.timedelta(days=1))
    assert errors and "a pris fin le 28/02/2022" in errors[0]


def test_cej_from_1_march_2022():
    assert entry("cej", CEJ_DEBUT) == []
    assert "depuis le 01/03/2022" in entry("cej", CEJ_DEBUT - dt.timedelta(days=1))[0]


def test_no_pacea_and_cej_at_the_same_time():
    pacea = Periode("pacea", dt.date(2024, 1, 10), None)
    errors = entry("cej", dt.date(2025, 1, 6), [pacea])
    assert len(errors) == 1 and "ne peuvent pas se dérouler en même temps" in errors[0]
    closed = Periode("pacea", dt.date(2024, 1, 10), dt.date(2024, 12, 31))
    assert entry("cej", dt.date(2025, 1, 6), [closed]) == []  # a PACEA may come before a CEJ
    assert entry("cej", dt.date(2024, 12, 31), [closed]) != []  # not on its last day
    cej = Periode("cej", dt.date(2025, 2, 1), None)
    assert entry("pacea", dt.date(2025, 1, 6), [cej]) != []  # a back-dated PACEA would overlap the CEJ


def test_the_same_programme_twice_at_once_is_refused():
    errors = entry("pacea", dt.date(2025, 1, 6), [Periode("pacea", dt.date(2024, 1, 1), None)])
    assert errors and "déjà inscrit en PACEA" in errors[0]


@pytest.mark.parametrize(
    ("code", "born", "rqth", "ok"),
    [
        ("pacea", dt.date(2009, 1, 6), None, True),  # 16 on the day
        ("pacea", dt.date(2009, 1, 7), None, False),  # 15
        ("pacea", dt.date(1999, 1, 7), None, True),  # 26 the next day: still 25
        ("pacea", dt.date(1999, 1, 6), None, False),  # 26
        ("cej", dt.date(1999, 1, 6), None, False),
        ("cej", dt.date(1999, 1, 6), True, True),  # 26 with an RQTH
        ("cej", dt.date(1995, 1, 7), True, True),  # 29
        ("cej", dt.date(1995, 1, 6), True, False),  # 30
        ("pacea", dt.date(1999, 1, 6), True, False),  # the RQTH extension is the CEJ's only
    ],
)
def test_age_at_entry(code, born, rqth, ok):
    assert (entry(code, dt.date(2025, 1, 6), born=born, rqth=rqth) == []) is ok


def test_an_entry_is_not_in_the_future_nor_before_birth():
    assert entry("pacea", TODAY + dt.timedelta(days=1))
    assert entry("ppae", BORN - dt.timedelta(days=1))


def test_pacea_lasts_24_months_at_most():
    entree = dt.date(2023, 1, 15)
    assert derniere_sortie_possible("pacea", entree) == dt.date(2025, 1, 14)
    assert exit_errors("pacea", entree, dt.date(2025, 1, 14), "fin_de_parcours", today=TODAY) == []
    errors = exit_errors("pacea", entree, dt.date(2025, 1, 15), "fin_de_parcours", today=TODAY)
    assert errors and "au plus 24 mois" in errors[0] and "14/01/2025" in errors[0]


def test_cej_lasts_6_to_12_months_up_to_18():
    entree = dt.date(2024, 1, 10)
    assert exit_errors("cej", entree, dt.date(2025, 1, 9), "emploi_durable", today=TODAY) == []
    too_long = exit_errors("cej", entree, dt.date(2025, 1, 10), "emploi_durable", today=TODAY)
    assert too_long and "prolongation exceptionnelle" in too_long[0]
    assert exit_errors("cej", entree, dt.date(2025, 7, 9), "fin_de_parcours", today=dt.date(2025, 8, 1),
                       prolongation=True) == []
    assert exit_errors("cej", entree, dt.date(2025, 7, 10), "fin_de_parcours", today=dt.date(2025, 8, 1),
                       prolongation=True)
    # a completed CEJ lasts at least 6 months; an early exit has its own motive
    assert exit_errors("cej", entree, dt.date(2024, 5, 1), "fin_de_parcours", today=TODAY)
    assert exit_errors("cej", entree, dt.date(2024, 5, 1), "emploi_durable", today=TODAY) == []


def test_exit_dates_and_motive():
    entree = dt.date(2025, 1, 10)
    assert "précède la date d'entrée" in exit_errors("ppae", entree, dt.date(2025, 1, 9), "autre", today=TODAY)[0]
    assert exit_errors("ppae", entree, TODAY + dt.timedelta(days=1), "autre", today=TODAY)
    assert exit_errors("ppae", entree, TODAY, "", today=TODAY) == ["Choisissez le motif de sortie."]


def test_open_enrolment():
    periodes = [Periode("pacea", dt.date(2024, 1, 1), dt.date(2024, 6, 30)), Periode("cej", dt.date(2024, 7, 1), None)]
    assert open_enrolment(periodes, "pacea", dt.date(2024, 6, 30)) == periodes[0]
    assert open_enrolment(periodes, "pacea", dt.date(2024, 7, 1)) is None
    assert open_enrolment(periodes, "cej", dt.date(2030, 1, 1)) == periodes[1]


def test_the_planned_end_by_default_and_its_bounds():
    from trajectoires.dispositifs.rules import fin_prevue_errors, fin_prevue_par_defaut

    entree = dt.date(2025, 1, 15)
    assert fin_prevue_par_defaut("pacea", entree) == dt.date(2027, 1, 14)  # 24 months
    assert fin_prevue_par_defaut("cej", entree) == dt.date(2026, 1, 14)  # 12 months
    assert fin_prevue_par_defaut("ppae", entree) is None
    assert fin_prevue_errors("pacea", entree, dt.date(2027, 1, 14)) == []
    assert "au plus tard le 14/01/2027" in fin_prevue_errors("pacea", entree, dt.date(2027, 1, 15))[0]
    assert "au plus tôt le 14/07/2025" in fin_prevue_errors("cej", entree, dt.date(2025, 7, 13))[0]
    assert fin_prevue_errors("cej", entree, dt.date(2025, 7, 14)) == []  # 6 months
    assert "au plus tard le 14/01/2026" in fin_prevue_errors("cej", entree, dt.date(2026, 3, 1))[0]
    assert fin_prevue_errors("cej", entree, dt.date(2026, 3, 1), prolongation=True) == []  # within 18 months
    assert "précéder l'entrée" in fin_prevue_errors("ppae", entree, dt.date(2025, 1, 14))[0]
    assert fin_prevue_errors("ppae", entree, dt.date(2030, 1, 1)) == []
