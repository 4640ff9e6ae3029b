"""What the agenda pages show: appointments and collective sessions, day by day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.models import RendezVous, SessionCollective
from trajectoires.agenda.services import day_bounds, local_day
from trajectoires.structures.models import Site


@dataclass
class AgendaDay:
    day: dt.date
    rendez_vous: list[RendezVous] = field(default_factory=list)
    sessions: list[SessionCollective] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rendez_vous and not self.sessions


def parse_day(raw: str | None) -> dt.date:
    """`AAAA-MM-JJ` from the query string; today (Europe/Paris) when absent or invalid."""
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return timezone.localdate()


def appointments(
    structure_id: int, start: dt.date, days: int, conseiller: Conseiller | None = None, site: Site | None = None
):  # type: ignore[no-untyped-def]
    begin, _ = day_bounds(start)
    _, end = day_bounds(start + dt.timedelta(days=days - 1))
    qs = RendezVous.objects.filter(structure_id=structure_id, debut__gte=begin, debut__lt=end).select_related(
        "jeune", "conseiller", "site"
    )
    if conseiller is not None:
        qs = qs.filter(conseiller=conseiller)
    if site is not None:
        qs = qs.filter(site=site)
    return qs.order_by("debut", "pk")


def agenda_days(
    structure_id: int, start: dt.date, days: int, conseiller: Conseiller | None = None, site: Site | None = None
) -> list[AgendaDay]:
    out = {start + dt.timedelta(days=i): AgendaDay(start + dt.timedelta(days=i)) for i in range(days)}
    for rdv in appointments(structure_id, start, days, conseiller, site):
        out[local_day(rdv.debut)].rendez_vous.append(rdv)
    begin, _ = day_bounds(start)
    _, end = day_bounds(start + dt.timedelta(days=days - 1))
    sessions = SessionCollective.objects.filter(structure_id=structure_id, debut__gte=begin, debut__lt=end)
    if conseiller is not None:
        sessions = sessions.filter(animateur=conseiller)
    if site is not None:
        sessions = sessions.filter(site=site)
    for session in sessions.select_related("site", "animateur").order_by("debut"):
        out[local_day(session.debut)].sessions.append(session)
    return list(out.values())
