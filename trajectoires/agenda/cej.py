"""CEJ activity hours: activities qualified by theme, weekly totals against the commitment.

The Contrat d'engagement jeune asks for 15 to 20 hours of activities per week (décret
n° 2022-199 du 18 février 2022; domain.md, "CEJ"). Weeks are ISO weeks (Monday to Sunday) of
Europe/Paris dates: an activity carries the local date it took place on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.models import ActiviteCej
from trajectoires.agenda.services import week_start
from trajectoires.dispositifs.models import Inscription
from trajectoires.jeunes.models import Jeune
from trajectoires.utils.ids import new_ext_id


CEJ = "cej"


def commitment() -> tuple[Decimal, Decimal]:
    """(minimum, maximum) weekly hours; settings `TRAJECTOIRES_CEJ_HEURES_MIN` / `_MAX`."""
    low = Decimal(str(getattr(settings, "TRAJECTOIRES_CEJ_HEURES_MIN", 15)))
    high = Decimal(str(getattr(settings, "TRAJECTOIRES_CEJ_HEURES_MAX", 20)))
    return low, high


@dataclass(frozen=True)
class WeekTotal:
    monday: dt.date
    heures: Decimal
    in_cej: bool  # in CEJ for the whole week (entered on or before Monday, not exited before Sunday)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def iso(self) -> tuple[int, int]:
        year, week, _ = self.monday.isocalendar()
        return year, week

    @property
    def status(self) -> str:
        low, high = commitment()
        if self.heures < low:
            return "sous"
        if self.heures > high:
            return "au_dessus"
        return "ok"

    @property
    def status_label(self) -> str:
        low, high = commitment()
        return {
            "sous": f"Moins de {low:g} h",
            "ok": f"Entre {low:g} et {high:g} h",
            "au_dessus": f"Plus de {high:g} h",
        }[self.status]


def cej_inscriptions_over(jeune_ids: Iterable[int] | None, debut: dt.date, fin: dt.date):  # type: ignore[no-untyped-def]
    """CEJ entries covering the whole range [debut, fin]."""
    qs = Inscription.objects.filter(dispositif=CEJ, date_entree__lte=debut).filter(
        Q(date_sortie__isnull=True) | Q(date_sortie__gte=fin)
    )
    if jeune_ids is not None:
        qs = qs.filter(jeune_id__in=jeune_ids)
    return qs


def is_in_cej(jeune: Jeune, day: dt.date) -> bool:
    return cej_inscriptions_over([jeune.pk], day, day).exists()


def last_complete_week(today: dt.date | None = None) -> dt.date:
    """Monday of the last complete ISO week before today (Europe/Paris)."""
    today = today or timezone.localdate()
    return week_start(today) - dt.timedelta(days=7)


def hours_by_jeune(jeune_ids: list[int], monday: dt.date) -> dict[int, Decimal]:
    rows = (
        ActiviteCej.objects.filter(jeune_id__in=jeune_ids, date__gte=monday, date__lte=monday + dt.timedelta(days=6))
        .values("jeune_id")
        .annotate(total=Sum("heures"))
    )
    return {r["jeune_id"]: r["total"] for r in rows}


def weekly_totals(jeune: Jeune, weeks: int = 6, today: dt.date | None = None) -> list[WeekTotal]:
    """The current week and the `weeks - 1` before it, newest first."""
    today = today or timezone.localdate()
    current = week_start(today)
    mondays = [current - dt.timedelta(days=7 * i) for i in range(weeks)]
    totals: dict[dt.date, Decimal] = {m: Decimal(0) for m in mondays}
    rows = ActiviteCej.objects.filter(jeune=jeune, date__gte=mondays[-1], date__lte=current + dt.timedelta(days=6))
    for activite in rows:
        totals[week_start(activite.date)] += activite.heures
    entries = list(Inscription.objects.filter(jeune=jeune, dispositif=CEJ).values_list("date_entree", "date_sortie"))

    def covered(monday: dt.date) -> bool:
        sunday = monday + dt.timedelta(days=6)
        return any(e <= monday and (s is None or s >= sunday) for e, s in entries)

    return [WeekTotal(m, totals[m], covered(m)) for m in mondays]


@transaction.atomic
def add_activity(jeune: Jeune, conseiller: Conseiller | None, data: dict[str, Any]) -> ActiviteCej:
    return ActiviteCej.objects.create(
        structure_id=jeune.structure_id,
        ext_id=new_ext_id(),
        jeune=jeune,
        date=data["date"],
        theme=data["theme"],
        heures=data["heures"],
        libelle=data.get("libelle") or "",
        conseiller=conseiller,
    )
