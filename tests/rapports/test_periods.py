from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from trajectoires.rapports.filters import enrolment_open_in, enrolments_open_in
from trajectoires.rapports.periods import Period, age_at, ages_at, minus_one_year


def test_minus_one_year_turns_29_february_into_28():
    assert minus_one_year(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert minus_one_year(dt.date(2024, 3, 1)) == dt.date(2023, 3, 1)
    assert minus_one_year(dt.date(2025, 2, 28)) == dt.date(2024, 2, 28)


def test_age_of_someone_born_on_29_february_grows_on_1_march():
    born = dt.date(2004, 2, 29)
    assert age_at(born, dt.date(2022, 2, 28)) == 17
    assert age_at(born, dt.date(2022, 3, 1)) == 18
    assert age_at(born, dt.date(2024, 2, 28)) == 19
    assert age_at(born, dt.date(2024, 2, 29)) == 20


def test_age_on_the_birthday_is_reached():
    born = dt.date(2006, 12, 31)
    assert age_at(born, dt.date(2024, 12, 30)) == 17
    assert age_at(born, dt.date(2024, 12, 31)) == 18


def test_previous_period_and_series():
    p = Period(dt.date(2023, 3, 1), dt.date(2024, 2, 29))
    assert p.previous() == Period(dt.date(2022, 3, 1), dt.date(2023, 2, 28))
    assert [s.key for s in p.series()] == [
        "2023-03-01/2024-02-29",
        "2022-03-01/2023-02-28",
        "2021-03-01/2022-02-28",
        "2020-03-01/2021-02-28",
        "2019-03-01/2020-02-28",
    ]
    assert [s.key for s in Period.year(2024).series()] == ["2024", "2023", "2022", "2021", "2020"]


def test_calendar_year_detection():
    assert Period.year(2021).is_calendar_year
    assert not Period(dt.date(2021, 1, 1), dt.date(2021, 12, 30)).is_calendar_year
    assert not Period(dt.date(2021, 1, 1), dt.date(2022, 12, 31)).is_calendar_year


def test_bad_dates_say_what_to_do():
    with pytest.raises(ValueError, match="AAAA-MM-JJ"):
        Period.parse("2024-13-01", "2024-12-31")
    with pytest.raises(ValueError, match="précède"):
        Period.parse("2024-12-31", "2024-01-01")


def test_ages_on_arrays_follow_the_same_rule_as_age_at():
    rnd = random.Random(7)
    born = [dt.date(2004, 2, 29), dt.date(2004, 2, 29), dt.date(2006, 12, 31), dt.date(2006, 12, 31)]
    refs = [dt.date(2022, 2, 28), dt.date(2022, 3, 1), dt.date(2024, 12, 30), dt.date(2024, 12, 31)]
    for _ in range(3000):
        born.append(dt.date(1990, 1, 1) + dt.timedelta(days=rnd.randrange(9000)))
        refs.append(dt.date(2008, 1, 1) + dt.timedelta(days=rnd.randrange(7000)))
    ages = ages_at(np.array(born, dtype="datetime64[D]"), np.array(refs, dtype="datetime64[D]"))
    assert ages.tolist() == [age_at(b, r) for b, r in zip(born, refs, strict=True)]
    assert ages[:4].tolist() == [17, 18, 17, 18]


def test_programme_filter_rule_on_arrays_matches_the_rule_on_one_enrolment():
    rnd = random.Random(8)
    debut, fin = dt.date(2024, 3, 1), dt.date(2025, 2, 28)
    entrees = [dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randrange(1000)) for _ in range(2000)]
    sorties = [None if rnd.random() < 0.3 else e + dt.timedelta(days=rnd.randrange(-5, 400)) for e in entrees]
    kept = enrolments_open_in(
        np.array(entrees, dtype="datetime64[D]"),
        np.array(sorties, dtype="datetime64[D]"),
        np.datetime64(debut, "D"),
        np.datetime64(fin, "D"),
    )
    expected = [enrolment_open_in(e, s, debut, fin) for e, s in zip(entrees, sorties, strict=True)]
    assert kept.tolist() == expected
    assert 0 < sum(expected) < len(expected)
