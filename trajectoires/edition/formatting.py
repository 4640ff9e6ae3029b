"""French number formatting for the report: `1 688`, `80,6 %`, `110 406 €`.

Thousands are separated by a no-break space (U+00A0) and the percent/euro signs are preceded
by one, so a figure never breaks across lines. `None` (an empty population) shows as an en dash.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


NBSP = "\u00a0"
EMPTY = "–"

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _round(value: float, digits: int) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def _group(integer_part: str) -> str:
    sign = ""
    if integer_part.startswith("-"):
        sign, integer_part = "-", integer_part[1:]
    groups = []
    while len(integer_part) > 3:
        groups.insert(0, integer_part[-3:])
        integer_part = integer_part[:-3]
    groups.insert(0, integer_part)
    return sign + NBSP.join(groups)


def fr_number(value: float | int | None, digits: int = 0) -> str:
    """`1688` -> `1 688`; `3.25` with 1 digit -> `3,3`."""
    if value is None:
        return EMPTY
    text = format(_round(value, digits), "f")
    integer_part, _, decimals = text.partition(".")
    if integer_part in {"-0", "-"} and not decimals.strip("0"):
        integer_part = "0"
    out = _group(integer_part)
    return f"{out},{decimals}" if decimals else out


def fr_int(value: float | int | None) -> str:
    return fr_number(value, 0)


def fr_percent(fraction: float | None, digits: int = 1) -> str:
    """A fraction between 0 and 1 shown as a percentage: `0.806` -> `80,6 %`."""
    if fraction is None:
        return EMPTY
    return f"{fr_number(float(fraction) * 100, digits)}{NBSP}%"


def fr_change(fraction: float | None, digits: int = 1) -> str:
    """A signed change: `0.116` -> `+11,6 %`, `-0.0795` -> `-8,0 %` (typographic minus)."""
    if fraction is None:
        return EMPTY
    text = fr_percent(abs(fraction), digits)
    if _round(float(fraction) * 100, digits) == 0:
        return text
    return ("+" if fraction > 0 else "\u2212") + text


def fr_euros(value: float | None) -> str:
    """Euros: cents only when there are some (`110 406 €`, `508,78 €`)."""
    if value is None:
        return EMPTY
    digits = 0 if _round(value, 2) == _round(value, 0) else 2
    return f"{fr_number(value, digits)}{NBSP}€"


def fr_date(day: dt.date | str | None) -> str:
    """`2025-04-06` -> `6 avril 2025` (`1er` for the first day of a month)."""
    if day is None or day == "":
        return EMPTY
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    if isinstance(day, dt.datetime):
        day = day.date()
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MOIS[day.month - 1]} {day.year}"


def fr_date_time(when: dt.datetime | dt.date | str | None) -> str:
    """`2025-04-06T10:05:00+02:00` -> `6 avril 2025 à 10 h 05` (the time as written, local);
    a plain date -> `6 avril 2025`."""
    if when is None or when == "":
        return EMPTY
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when) if len(when) > 10 else dt.date.fromisoformat(when)
    if not isinstance(when, dt.datetime):
        return fr_date(when)
    return f"{fr_date(when.date())} à {when.hour} h {when.minute:02d}"


def fr_short_date(day: dt.date | str | None) -> str:
    if day is None or day == "":
        return EMPTY
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day:%d/%m/%Y}"


def share(count: float | int | str | None, population: float | int | str | None) -> float | str | None:
    """count / population for display; `None` over an empty (or unknown) population. A count
    or population masked by statistical secrecy (the text "< 5") gives a masked share."""
    for value in (count, population):
        if isinstance(value, str):
            return value
    if count is None or not population:
        return None
    return count / population


def format_value(value: object, kind: str) -> str:
    """Format one figure by its kind: int, pct, change, eur, dec (one decimal), text. A figure
    masked by statistical secrecy is already text ("< 5", rapports/secret.py): shown as is."""
    if kind == "text" or isinstance(value, str):
        return EMPTY if value is None else str(value)
    if value is None:
        return EMPTY
    number = float(value)  # type: ignore[arg-type]
    if kind == "int":
        return fr_int(number)
    if kind == "pct":
        return fr_percent(number)
    if kind == "change":
        return fr_change(number)
    if kind == "eur":
        return fr_euros(number)
    if kind == "dec":
        return fr_number(number, 1)
    raise ValueError(f"unknown kind {kind!r}")
