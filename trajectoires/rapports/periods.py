"""Report periods and the age rule (indicators.md, "Period and reference dates")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np


def minus_one_year(day: dt.date) -> dt.date:
    """The same day one year earlier; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def age_at(date_naissance: dt.date, ref: dt.date) -> int:
    """Full years at `ref`. Someone born on 29 February has their birthday on 1 March in
    other years: comparing (month, day) tuples gives exactly that, since (2, 28) < (2, 29)
    and (3, 1) > (2, 29)."""
    return ref.year - date_naissance.year - ((ref.month, ref.day) < (date_naissance.month, date_naissance.day))


def ages_at(date_naissance: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """`age_at` on arrays of datetime64[D] (element by element, or one `ref` for all): the
    same (month, day) comparison, so the same 29 February rule."""
    born_year, born_month, born_day = _ymd(date_naissance)
    ref_year, ref_month, ref_day = _ymd(ref)
    before_birthday = (ref_month * 100 + ref_day) < (born_month * 100 + born_day)
    return ref_year - born_year - before_birthday


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    return (
        years.astype(np.int64) + 1970,
        (months - years).astype(np.int64) + 1,
        (days - months).astype(np.int64) + 1,
    )


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"Date invalide « {value} » : écrivez-la sous la forme AAAA-MM-JJ, par exemple 2024-12-31."
        ) from None


# The bounds of a report period, the same everywhere (report form, drill-down lists, editions,
# `/api/rapport`, `trajectoires report`): calendar dates from 1900-01-01 to 2100-12-31, of any
# length within them (indicators.md: "Any range must work"). The report also computes the four
# periods before (`Period.series`, each one `previous()`), back to 1896: far from year 1, where
# `previous()` would fail (docs/securite.md, "Bornes des périodes et limite des PDF (constat 7)").
PERIOD_MIN_DATE = dt.date(1900, 1, 1)
PERIOD_MAX_DATE = dt.date(2100, 12, 31)


class PeriodeInvalide(ValueError):
    """A report period out of bounds; `champ` is the parameter to correct (`debut` or `fin`),
    the message is French."""

    def __init__(self, champ: str, message: str) -> None:
        super().__init__(message)
        self.champ = champ
        self.message = message


def check_bounds(debut: dt.date, fin: dt.date) -> None:
    """Raise `PeriodeInvalide` unless [debut, fin] is a period a report may cover: both dates
    between PERIOD_MIN_DATE and PERIOD_MAX_DATE, `fin` not before `debut`. Checked before any
    work, by every entry point of the report."""
    bounds = f"entre le {PERIOD_MIN_DATE:%d/%m/%Y} et le {PERIOD_MAX_DATE:%d/%m/%Y}"
    if not PERIOD_MIN_DATE <= debut <= PERIOD_MAX_DATE:
        raise PeriodeInvalide("debut", f"La date de début doit être comprise {bounds}.")
    if not PERIOD_MIN_DATE <= fin <= PERIOD_MAX_DATE:
        raise PeriodeInvalide("fin", f"La date de fin doit être comprise {bounds}.")
    if fin < debut:
        raise PeriodeInvalide("fin", "La fin de la période précède son début : corrigez l'une des deux dates.")


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of days [debut, fin], both included."""

    debut: dt.date
    fin: dt.date

    def __post_init__(self) -> None:
        if self.fin < self.debut:
            raise ValueError(
                f"La période est vide : la fin ({self.fin.isoformat()}) précède le début ({self.debut.isoformat()})."
            )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def parse(cls, debut: str, fin: str) -> Period:
        return cls(parse_date(debut), parse_date(fin))

    @classmethod
    def checked(cls, debut: dt.date, fin: dt.date) -> Period:
        """The period [debut, fin] within the bounds of a report (`check_bounds`), else
        `PeriodeInvalide` (a ValueError) with a French message."""
        check_bounds(debut, fin)
        return cls(debut, fin)

    def check(self) -> Period:
        """This period, if a report may cover it (`check_bounds`)."""
        check_bounds(self.debut, self.fin)
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.debut <= day <= self.fin

    @property
    def is_calendar_year(self) -> bool:
        return (
            self.debut.year == self.fin.year
            and (self.debut.month, self.debut.day) == (1, 1)
            and (self.fin.month, self.fin.day) == (12, 31)
        )

    @property
    def key(self) -> str:
        """`YYYY` for a calendar year, else `debut/fin` (series keys)."""
        if self.is_calendar_year:
            return str(self.debut.year)
        return f"{self.debut.isoformat()}/{self.fin.isoformat()}"

    @property
    def label(self) -> str:
        if self.is_calendar_year:
            return f"année {self.debut.year}"
        return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    def previous(self) -> Period:
        """The same range one year earlier: each bound moved back one year (29 Feb -> 28 Feb)."""
        return Period(minus_one_year(self.debut), minus_one_year(self.fin))

    def series(self, length: int = 5) -> list[Period]:
        """This period and the `length - 1` before it, most recent first (each one the
        previous period of the one after it)."""
        periods = [self]
        while len(periods) < length:
            periods.append(periods[-1].previous())
        return periods

    def as_dict(self) -> dict[str, str]:
        return {"debut": self.debut.isoformat(), "fin": self.fin.isoformat()}
