"""A counsellor's portfolio: the young people whose referent they are, and who needs a call."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from trajectoires.accounts.models import Conseiller
from trajectoires.jeunes.models import Jeune


SANS_CONTACT_MOIS = 3


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (clamped to the month's last day: 31/05 -> 28/02 or 29/02)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PortfolioRow:
    jeune: Jeune
    dernier_contact: dt.date | None
    sans_contact: bool


def portfolio_jeunes(conseiller: Conseiller):  # type: ignore[no-untyped-def]
    """The counsellor's young people, as a queryset filtered on the counsellor's index only (a
    counsellor row belongs to one Mission Locale; callers keep `structure_id` checks on the
    rows they show). As a subquery (`values_list("pk")`), each alert reads the portfolio by the
    counsellor's index: a filter on the structure as well makes SQLite, which has no ANALYZE
    statistics, choose the structure's index and read all of its young people for every alert."""
    return Jeune.objects.filter(conseiller=conseiller)


def portfolio(conseiller: Conseiller, today: dt.date | None = None) -> list[PortfolioRow]:
    """The counsellor's young people, those without contact for 3 months first. A missed
    appointment is not a contact."""
    today = today or timezone.localdate()
    limit = months_before(today, SANS_CONTACT_MOIS)
    # Filtered on the counsellor alone: with `structure_id` too, SQLite (no ANALYZE statistics)
    # walks the structure's index, every young person of the Mission Locale (0.2 s at 200,000)
    # instead of the counsellor's index. The structure is checked on the rows read.
    jeunes = (
        portfolio_jeunes(conseiller)
        .annotate(dernier_contact=Max("evenements__date", filter=~Q(evenements__honore=False)))
        .order_by("nom", "prenom", "pk")
    )
    rows = [
        PortfolioRow(j, j.dernier_contact, j.dernier_contact is None or j.dernier_contact < limit)
        for j in jeunes
        if j.structure_id == conseiller.structure_id
    ]
    rows.sort(key=lambda r: not r.sans_contact)
    return rows
