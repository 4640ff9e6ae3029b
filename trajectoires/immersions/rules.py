"""The legal rules of a PMSMP, as pure functions of dates (docs/immersions.md, "Les règles").

Source (the one docs/ and the messages cite): Code du travail, articles L5135-1 et suivants
(/work/shared/notes/domain.md, PMSMP section): at most one month, continuous or not, renewable
once; at most two months over twelve for the same young person with the same host.

How "one month" is counted (the law says "un mois"; the DGEFP instruction reported by ASH
n° 2896 says "un mois, de date à date"): a period starting on day D of a month may end at the
latest on the day before day D of the following month (3 March -> 2 April, 1 February -> 28 or
29 February); when the following month has no day D (31 January), at the end of that month
(28 or 29 February). Both ends are included.

"Two months over twelve": every window of twelve consecutive months (date to date) is looked
at; the periods with the same host falling in it (clipped to it) are added up, each counted in
months as its days over the days of one month from its own start (a full one-month period
counts 1, whichever its month: January + March = 2, not 62 days against 59). The sum may not
exceed 2. Computed with fractions: no rounding."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.formats import date_format


SOURCE = "Code du travail, articles L5135-1 et suivants"
ONE_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day number `months` later (or earlier); the last day of that month when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def last_day(debut: dt.date, months: int = 1) -> dt.date:
    """The last day of a period of `months` months starting on `debut` (both included)."""
    target = add_months(debut, months)
    if target.day != debut.day:  # no such day number: to the end of that month
        return target
    return target - ONE_DAY


def window_start(fin: dt.date) -> dt.date:
    """The first day of the twelve consecutive months ending on `fin`."""
    return add_months(fin + ONE_DAY, -12)


def window_end(debut: dt.date) -> dt.date:
    """The last day of the twelve consecutive months starting on `debut`."""
    return last_day(debut, 12)


def days(debut: dt.date, fin: dt.date) -> int:
    return (fin - debut).days + 1


def french(day: dt.date) -> str:
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class Period:
    debut: dt.date
    fin: dt.date

    def months(self, start: dt.date, end: dt.date) -> Fraction:
        """This period within [start, end], in months of its own (days over the days of one month from its start)."""
        lo, hi = max(self.debut, start), min(self.fin, end)
        if hi < lo:
            return Fraction(0)
        return Fraction(days(lo, hi), days(self.debut, last_day(self.debut)))


def check_dates(debut: dt.date, fin: dt.date) -> list[str]:
    """One period: the end after the start, at most one month."""
    if fin < debut:
        return ["La date de fin précède la date de début : vérifiez les dates."]
    limit = last_day(debut)
    if fin > limit:
        return [
            f"Une période de mise en situation en milieu professionnel dure au plus un mois, de date à date : "
            f"commencée le {french(debut)}, elle se termine au plus tard le {french(limit)} ({SOURCE}). "
            "Pour aller au-delà, renouvelez la convention (une seule fois)."
        ]
    return []


def check_renewal(first_debut: dt.date, first_fin: dt.date, first_is_renewal: bool, renewals: int,
                  debut: dt.date) -> list[str]:
    """A renewal: of a first convention, never renewed before, starting after it."""
    if first_is_renewal:
        return [
            "Cette convention est déjà un renouvellement : une période de mise en situation en milieu professionnel "
            f"n'est renouvelable qu'une fois ({SOURCE})."
        ]
    if renewals:
        return [
            "Cette convention a déjà été renouvelée une fois : une troisième période n'est pas possible, une période "
            f"de mise en situation en milieu professionnel n'est renouvelable qu'une fois ({SOURCE})."
        ]
    if debut <= first_fin:
        return [f"Le renouvellement commence après la première période, le {french(first_fin + ONE_DAY)} au plus tôt."]
    return []


def check_cumul(existing: Iterable[Period], new: Period, employeur: str) -> list[str]:
    """At most two months over any twelve consecutive months with the same host (`existing`:
    the young person's other periods with this host)."""
    periods = [*existing, new]
    windows = set()
    for p in periods:
        windows.add((window_start(p.fin), p.fin))
        windows.add((p.debut, window_end(p.debut)))
    worst: tuple[Fraction, dt.date, dt.date] | None = None
    for start, end in sorted(windows):
        if new.fin < start or new.debut > end:
            continue  # this window does not hold the new period: it was checked before
        total = sum((p.months(start, end) for p in periods), Fraction(0))
        if total > 2 and (worst is None or total > worst[0]):
            worst = (total, start, end)
    if worst is None:
        return []
    total, start, end = worst
    shown = f"{float(total):.2f}".replace(".", ",")
    return [
        "Au plus deux mois de mise en situation en milieu professionnel sur douze mois chez la même structure "
        f"d'accueil ({SOURCE}) : avec cette convention, le jeune en cumulerait {shown} mois chez {employeur} "
        f"entre le {french(start)} et le {french(end)}. Choisissez d'autres dates ou une autre structure d'accueil."
    ]
