"""What the agenda pages show: appointments and collective sessions, day by day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.models import RendezVous, Salle, SessionCollective
from trajectoires.agenda.services import day_bounds, local_day
from trajectoires.structures.models import Site
from trajectoires.workspace.search import ensure_indexed


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
    structure_id: int,
    start: dt.date,
    days: int,
    conseiller: Conseiller | None = None,
    site: Site | None = None,
    tokens: list[str] | None = None,
    salle: Salle | None = None,
):  # type: ignore[no-untyped-def]
    """The appointments of the range, filtered by counsellor, site, room and the young person's
    name (each word typed starts a word of the name, accents and case ignored: the search's
    normalised key, `workspace.JeuneRecherche`)."""
    begin, _ = day_bounds(start)
    _, end = day_bounds(start + dt.timedelta(days=days - 1))
    qs = RendezVous.objects.filter(structure_id=structure_id, debut__gte=begin, debut__lt=end).select_related(
        "jeune", "conseiller", "site", "salle"
    )
    if conseiller is not None:
        qs = qs.filter(conseiller=conseiller)
    if site is not None:
        qs = qs.filter(site=site)
    if salle is not None:
        qs = qs.filter(salle=salle)
    if tokens:
        ensure_indexed(structure_id)
        for token in tokens:
            qs = qs.filter(jeune__recherche__mots__contains=f" {token}")
    return qs.order_by("debut", "pk")


def agenda_days(
    structure_id: int,
    start: dt.date,
    days: int,
    conseiller: Conseiller | None = None,
    site: Site | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
    tokens: list[str] | None = None,
    salle: Salle | None = None,
) -> list[AgendaDay]:
    """The days from `start`, with their appointments (in time order, `offset`/`limit` of them
    when paginated) and every collective session (none when filtering by a young person's name
    or a room: a session has neither)."""
    out = {start + dt.timedelta(days=i): AgendaDay(start + dt.timedelta(days=i)) for i in range(days)}
    rdvs = appointments(structure_id, start, days, conseiller, site, tokens, salle)
    if limit is not None:
        rdvs = rdvs[offset : offset + limit]
    for rdv in rdvs:
        out[local_day(rdv.debut)].rendez_vous.append(rdv)
    if tokens or salle is not None:
        return list(out.values())
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


# A page of the agenda lists at most this many appointments: the whole Mission Locale's day
# holds hundreds (about 1,500 in the 200,000-young-people demo), which took 0.5 s of CPU to
# render on one page; a reception desk reads them by time, filtered by counsellor or site.
RDV_PAR_PAGE = 100


@dataclass
class AgendaPage:
    days: list[AgendaDay]
    total: int  # appointments over the whole range
    page: int
    pages: int
    premier: int  # rank (from 1) of the first appointment shown, 0 when none
    dernier: int


def agenda_page(
    structure_id: int,
    start: dt.date,
    days: int,
    conseiller: Conseiller | None = None,
    site: Site | None = None,
    page: int = 1,
    per_page: int | None = None,
    tokens: list[str] | None = None,
    salle: Salle | None = None,
) -> AgendaPage:
    """`agenda_days` for one page of `per_page` appointments (in time order); a page beyond the
    last shows the last one."""
    per_page = per_page or RDV_PAR_PAGE
    total = appointments(structure_id, start, days, conseiller, site, tokens, salle).count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    offset = (page - 1) * per_page
    found = agenda_days(
        structure_id, start, days, conseiller, site, offset=offset, limit=per_page, tokens=tokens, salle=salle
    )
    shown = sum(len(d.rendez_vous) for d in found)
    return AgendaPage(found, total, page, pages, offset + 1 if shown else 0, offset + shown)


def parse_page(raw: str | None) -> int:
    """`page` from the query string: a number from 1, else 1."""
    return max(1, int(raw)) if raw and raw.isdigit() and len(raw) < 6 else 1


def conseiller_options(structure_id: int, selected: int | None) -> SafeString:
    """The `<option>`s of the agenda's counsellor filter: the Mission Locale's active
    counsellors by name. Written here rather than by a template loop: a large Mission Locale
    has hundreds (599 in the 200,000-young-people demo), which took more CPU to render through
    the template engine, as model objects, than the rest of the agenda page."""
    rows = (
        Conseiller.objects.filter(structure_id=structure_id, actif=True)
        .order_by("nom", "prenom")
        .values_list("pk", "prenom", "nom")
    )
    selected_attr = mark_safe(" selected")
    return format_html_join(
        "", '<option value="{}"{}>{} {}</option>',
        ((pk, selected_attr if pk == selected else "", prenom, nom) for pk, prenom, nom in rows),
    )
