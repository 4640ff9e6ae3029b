from __future__ import annotations

import datetime as dt

import pytest

from trajectoires.rapports.periods import Period, age_at, minus_one_year


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
