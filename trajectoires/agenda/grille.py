"""The calendar grid (docs/agenda.md, "The calendar grid").

Two shapes, one layout (hours from 8:00 to 19:00 by 30 minutes, down the rows):

- **the week** of one counsellor, or of one room: a column per day, Monday to Saturday;
- **the day** of the reception: a column per counsellor (those of a site, or every active
  counsellor of the Mission Locale, 30 columns a page).

An appointment or a session is placed in its column from the slot of its start to the slot of
its end (CSS grid: classes `c-N` for the column, `r-N` for the first row, `span-N` for the rows
it covers, `lanes-N lane-K` when several overlap; every class is in agenda/static/agenda/agenda.css,
no inline style under the CSP). Each slot of the future that nothing occupies is a link that
opens the booking, prefilled with the date, the time, the counsellor (and the room). Filters
(site, counsellor in a room's week, young person's name) never free a slot: what they leave out
is shown dimmed ("hors filtre").

Cancelled appointments and excused ones free their slot (as for conflicts, agenda/conflits.py)
and are not drawn; the list views still show them. What falls outside the grid (before 8:00,
from 19:00, on Sunday) is listed under it.

The grid reads a fixed number of queries (the appointments of the range, the sessions of the
range), whatever their number, and writes its HTML here rather than through the template engine
(several hundred cells: it is the bulk of the page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.conflits import FREED, end_of
from trajectoires.agenda.models import RendezVous, Salle, SessionCollective
from trajectoires.agenda.services import day_bounds, week_start
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Site
from trajectoires.workspace.search import words


DEBUT = dt.time(8, 0)
FIN = dt.time(19, 0)
PAS = 30  # minutes a row
LIGNES = (FIN.hour * 60 + FIN.minute - DEBUT.hour * 60 - DEBUT.minute) // PAS  # 22
JOURS = 6  # Monday to Saturday
COLONNES_PAR_PAGE = 30  # counsellors a page of the reception's day
MAX_LANES = 4  # side by side in a column; more overlapping items share the last lane


# --- Placing -----------------------------------------------------------------------------------
@dataclass
class Bloc:
    """An appointment or a session placed in a column: rows [row, row + span) (from 1)."""

    debut: dt.datetime
    fin: dt.datetime
    row: int
    span: int
    rdv: RendezVous | None = None
    session: SessionCollective | None = None
    hors_filtre: bool = False
    lane: int = 1
    lanes: int = 1


@dataclass
class Colonne:
    titre: str
    jour: dt.date
    conseiller: Conseiller | None = None
    blocs: list[Bloc] = field(default_factory=list)
    occupe: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)  # what takes its time
    libres: list[int] = field(default_factory=list)  # rows of the free slots of the future
    aujourdhui: bool = False


@dataclass
class Grille:
    colonnes: list[Colonne]
    hors_plage: list[RendezVous | SessionCollective]  # before 8:00, from 19:00, on Sunday
    html: SafeString = mark_safe("")


def slot_start(day: dt.date, row: int) -> dt.datetime:
    """The Europe/Paris instant the row `row` (from 1) of `day` starts."""
    minutes = DEBUT.hour * 60 + DEBUT.minute + (row - 1) * PAS
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=timezone.get_current_timezone())


def slot_starts(day: dt.date) -> list[dt.datetime]:
    """The start of every row of `day`, and the end of the last one (LIGNES + 1 instants)."""
    return [slot_start(day, row) for row in range(1, LIGNES + 2)]


def row_label(row: int) -> str:
    """"08:00" for the row 1."""
    minutes = DEBUT.hour * 60 + DEBUT.minute + (row - 1) * PAS
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def rows_of(day: dt.date, debut: dt.datetime, fin: dt.datetime) -> tuple[int, int] | None:
    """(first row, rows covered) of [debut, fin) in the column of `day`, cut to the grid's
    hours; None when nothing of it is inside them."""
    start, end = timezone.localtime(debut), timezone.localtime(fin)
    origin = DEBUT.hour * 60 + DEBUT.minute
    m_start = start.hour * 60 + start.minute - origin if start.date() == day else -origin
    m_end = end.hour * 60 + end.minute - origin if end.date() == day else 24 * 60 - origin
    first = max(0, m_start // PAS)
    last = min(LIGNES, -(-m_end // PAS))  # ceiling: a slot partly taken is taken
    if m_end <= 0 or first >= LIGNES or last <= first:
        return None
    return first + 1, last - first


def assign_lanes(blocs: list[Bloc]) -> None:
    """Side by side the items that overlap in a column: each cluster of overlapping items gets
    as many lanes as it needs (at most MAX_LANES)."""
    cluster: list[Bloc] = []
    ends: list[int] = []  # end row (exclusive) of each lane of the cluster

    def close() -> None:
        for b in cluster:
            b.lanes = min(len(ends), MAX_LANES)
        cluster.clear()
        ends.clear()

    for bloc in sorted(blocs, key=lambda b: (b.row, -b.span)):
        if cluster and all(end <= bloc.row for end in ends):
            close()
        for i, end in enumerate(ends):
            if end <= bloc.row:
                ends[i] = bloc.row + bloc.span
                bloc.lane = min(i + 1, MAX_LANES)
                break
        else:
            ends.append(bloc.row + bloc.span)
            bloc.lane = min(len(ends), MAX_LANES)
        cluster.append(bloc)
    close()


def free_rows(colonne: Colonne, now: dt.datetime, starts: list[dt.datetime] | None = None) -> list[int]:
    """Rows of the column's day that start in the future and that nothing occupies (`starts`:
    the day's `slot_starts`, when already computed)."""
    starts = starts or slot_starts(colonne.jour)
    free = []
    for row in range(1, LIGNES + 1):
        start, end = starts[row - 1], starts[row]
        if start <= now:
            continue
        if not any(b_start < end and start < b_end for b_start, b_end in colonne.occupe):
            free.append(row)
    return free


# --- Filters -----------------------------------------------------------------------------------
def name_tokens(raw: str | None) -> list[str]:
    """The words of the "name" filter (at most five)."""
    return words(raw or "")[:5]


def name_matches(jeune: Jeune, tokens: list[str]) -> bool:
    """Each word typed starts a word of the name (accents and case ignored), as in the search."""
    if not tokens:
        return True
    name = words(f"{jeune.nom} {jeune.prenom}")
    return all(any(w.startswith(t) for w in name) for t in tokens)


@dataclass
class Filtres:
    site: Site | None = None
    conseiller: Conseiller | None = None  # in a room's week: their appointments stand out
    tokens: list[str] = field(default_factory=list)

    def keeps(self, rdv: RendezVous, *, by_conseiller: bool) -> bool:
        if self.site is not None and rdv.site_id != self.site.pk:
            return False
        if by_conseiller and self.conseiller is not None and rdv.conseiller_id != self.conseiller.pk:
            return False
        return name_matches(rdv.jeune, self.tokens)


# --- Building ----------------------------------------------------------------------------------
def _place(
    colonne: Colonne, item: RendezVous | SessionCollective, hors_plage: list, *, hors_filtre: bool = False
) -> None:
    fin = end_of(item.debut, item.duree)
    colonne.occupe.append((item.debut, fin))
    placed = rows_of(colonne.jour, item.debut, fin)
    if placed is None:
        hors_plage.append(item)
        return
    row, span = placed
    bloc = Bloc(item.debut, fin, row, span, hors_filtre=hors_filtre)
    if isinstance(item, RendezVous):
        bloc.rdv = item
    else:
        bloc.session = item
    colonne.blocs.append(bloc)


def _finish(colonnes: list[Colonne], hors_plage: list, now: dt.datetime, *, mark_today: bool = False) -> None:
    today = timezone.localdate(now)
    starts: dict[dt.date, list[dt.datetime]] = {}
    for colonne in colonnes:
        assign_lanes(colonne.blocs)
        colonne.blocs.sort(key=lambda b: (b.row, b.lane))
        if colonne.jour not in starts:
            starts[colonne.jour] = slot_starts(colonne.jour)
        colonne.libres = free_rows(colonne, now, starts[colonne.jour])
        colonne.aujourdhui = mark_today and colonne.jour == today
    hors_plage.sort(key=lambda item: item.debut)


def week_grid(
    structure_id: int,
    day: dt.date,
    *,
    conseiller: Conseiller | None = None,
    salle: Salle | None = None,
    filtres: Filtres | None = None,
    now: dt.datetime | None = None,
) -> Grille:
    """The week (Monday–Saturday) containing `day`, of one room (when given) or one
    counsellor: two queries."""
    assert conseiller is not None or salle is not None
    filtres = filtres or Filtres()
    now = now or timezone.now()
    monday = week_start(day)
    begin, _ = day_bounds(monday)
    _, end = day_bounds(monday + dt.timedelta(days=6))  # Sunday's items are listed under the grid
    days = [monday + dt.timedelta(days=i) for i in range(JOURS)]
    colonnes = [Colonne(capfirst(date_format(d, "l j F")), d) for d in days]
    by_day = {c.jour: c for c in colonnes}
    hors_plage: list = []
    rdvs = RendezVous.objects.filter(structure_id=structure_id, debut__gte=begin, debut__lt=end).exclude(
        presence__in=FREED
    )
    rdvs = rdvs.filter(salle=salle) if salle is not None else rdvs.filter(conseiller=conseiller)
    for rdv in rdvs.select_related("jeune", "conseiller", "site", "salle").order_by("debut", "pk"):
        colonne = by_day.get(timezone.localtime(rdv.debut).date())
        if colonne is None:
            hors_plage.append(rdv)
            continue
        _place(colonne, rdv, hors_plage, hors_filtre=not filtres.keeps(rdv, by_conseiller=salle is not None))
    if salle is None:  # sessions have a site, not a room: they take their host's time
        sessions = SessionCollective.objects.filter(
            structure_id=structure_id, debut__gte=begin, debut__lt=end, animateur=conseiller
        ).select_related("site")
        for session in sessions.order_by("debut", "pk"):
            colonne = by_day.get(timezone.localtime(session.debut).date())
            if colonne is None:
                hors_plage.append(session)
                continue
            _place(colonne, session, hors_plage, hors_filtre=bool(filtres.tokens))
    _finish(colonnes, hors_plage, now, mark_today=True)
    return Grille(colonnes, hors_plage)


@dataclass
class PageColonnes:
    total: int
    page: int
    pages: int
    premier: int
    dernier: int


def counsellors_of_day(
    structure_id: int, day: dt.date, site: Site | None, page: int
) -> tuple[list[Conseiller], PageColonnes]:
    """The columns of the reception's day: the active counsellors of the site (attached to it,
    or with an appointment there that day), or of the whole Mission Locale, by name, 30 a page."""
    qs = Conseiller.objects.filter(structure_id=structure_id, actif=True)
    if site is not None:
        begin, end = day_bounds(day)
        there = RendezVous.objects.filter(
            structure_id=structure_id, site=site, debut__gte=begin, debut__lt=end
        ).values("conseiller_id")
        qs = qs.filter(Q(site=site) | Q(pk__in=there))
    total = qs.count()
    pages = max(1, -(-total // COLONNES_PAR_PAGE))
    page = min(max(1, page), pages)
    offset = (page - 1) * COLONNES_PAR_PAGE
    rows = list(qs.order_by("nom", "prenom", "pk")[offset : offset + COLONNES_PAR_PAGE])
    return rows, PageColonnes(total, page, pages, offset + 1 if rows else 0, offset + len(rows))


def day_grid(
    structure_id: int,
    day: dt.date,
    conseillers: list[Conseiller],
    *,
    filtres: Filtres | None = None,
    now: dt.datetime | None = None,
) -> Grille:
    """The reception's day: a column per counsellor; two queries."""
    filtres = filtres or Filtres()
    now = now or timezone.now()
    begin, end = day_bounds(day)
    colonnes = [Colonne(str(c), day, conseiller=c) for c in conseillers]
    by_id = {c.conseiller.pk: c for c in colonnes}
    hors_plage: list = []
    rdvs = (
        RendezVous.objects.filter(
            structure_id=structure_id, debut__gte=begin, debut__lt=end, conseiller_id__in=list(by_id)
        )
        .exclude(presence__in=FREED)
        .select_related("jeune", "conseiller", "site", "salle")
        .order_by("debut", "pk")
    )
    for rdv in rdvs:
        _place(by_id[rdv.conseiller_id], rdv, hors_plage, hors_filtre=not filtres.keeps(rdv, by_conseiller=False))
    sessions = SessionCollective.objects.filter(
        structure_id=structure_id, debut__gte=begin, debut__lt=end, animateur_id__in=list(by_id)
    ).select_related("site", "animateur")
    for session in sessions.order_by("debut", "pk"):
        _place(by_id[session.animateur_id], session, hors_plage, hors_filtre=bool(filtres.tokens))
    _finish(colonnes, hors_plage, now)
    return Grille(colonnes, hors_plage)


# --- Links -------------------------------------------------------------------------------------
def booking_links(
    conseiller_id: int | None,
    *,
    jeune_id: int | None = None,
    salle: Salle | None = None,
    site: Site | None = None,
) -> Callable[[dt.date, int], str]:
    """The booking URL of a free slot (day, row): the young person's booking form when the grid
    was opened for one, else the page that asks whom the slot is for; prefilled with the date,
    the time, the counsellor and the room (or the site). The fixed part is built once: a grid
    holds up to 660 slots."""
    base = reverse("agenda:rdv_create", args=[jeune_id]) if jeune_id else reverse("agenda:creneau")
    tail: dict[str, object] = {}
    if conseiller_id is not None:
        tail["conseiller"] = conseiller_id
    if salle is not None:
        tail["salle"] = salle.pk
        tail["site"] = salle.site_id
    elif site is not None:
        tail["site"] = site.pk
    rest = f"&{urlencode(tail)}" if tail else ""

    def url(day: dt.date, row: int) -> str:
        return f"{base}?date={day.isoformat()}&heure={row_label(row).replace(':', '%3A')}{rest}"

    return url


# --- HTML --------------------------------------------------------------------------------------
def _hm(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


class _Urls:
    """`reverse()` once per page for each kind of link, then the primary key put in."""

    def __init__(self) -> None:
        marker = "999999999"
        self.rdv = reverse("agenda:rdv", args=[int(marker)]).split(marker)
        self.session = reverse("agenda:session", args=[int(marker)]).split(marker)

    def of_rdv(self, pk: int) -> str:
        return f"{self.rdv[0]}{pk}{self.rdv[1]}"

    def of_session(self, pk: int) -> str:
        return f"{self.session[0]}{pk}{self.session[1]}"


def _bloc_html(bloc: Bloc, classes: str, href: str, name: str, detail: str) -> str:
    when = f"{_hm(bloc.debut)}–{_hm(bloc.fin)}"
    name, detail = escape(name), escape(detail)
    return (
        f'<a class="{classes}" href="{escape(href)}" title="{when} {name} · {detail}"><span class="g-heures">{when}'
        f'</span> <strong>{name}</strong> <span class="g-detail">{detail}</span></a>'
    )


def _rdv_html(bloc: Bloc, classes: str, urls: _Urls, *, show_conseiller: bool) -> str:
    rdv = bloc.rdv
    assert rdv is not None
    details = [rdv.get_nature_display()]
    if show_conseiller:
        details.append(str(rdv.conseiller))
    if rdv.salle_id is not None:
        details.append(rdv.salle.nom)
    elif rdv.site_id is not None:
        details.append(rdv.site.nom)
    if rdv.presence != "prevu":
        details.append(rdv.get_presence_display())
    name = f"{rdv.jeune.nom.upper()} {rdv.jeune.prenom}"
    return _bloc_html(bloc, classes, urls.of_rdv(rdv.pk), name, " · ".join(details))


def _session_html(bloc: Bloc, classes: str, urls: _Urls) -> str:
    session = bloc.session
    assert session is not None
    name = f"{session.get_type_display()} « {session.theme} »"
    return _bloc_html(bloc, classes, urls.of_session(session.pk), name, session.site.nom)


def render(
    grille: Grille,
    slot_url: Callable[[Colonne, int], str],
    slot_label: Callable[[Colonne], str],
    *,
    show_conseiller: bool = False,
) -> SafeString:
    """The grid's cells, in reading order: each column's heading, then its items and free slots
    in time order (a screen reader reads a day, or a counsellor, at a time). Written as strings
    (every text from the data escaped here): several hundred cells a page."""
    urls = _Urls()
    parts: list[str] = ['<span class="g-coin c-1 r-1" aria-hidden="true"></span>']
    parts += [
        f'<span class="g-heure c-1 r-{row + 1} span-2" aria-hidden="true">{row_label(row)}</span>'
        for row in range(1, LIGNES + 1, 2)
    ]
    for index, colonne in enumerate(grille.colonnes):
        c = index + 2
        if colonne.aujourdhui:
            parts.append(f'<h2 class="g-tete c-{c} r-1 aujourdhui" aria-current="date">{escape(colonne.titre)}</h2>')
        else:
            parts.append(f'<h2 class="g-tete c-{c} r-1">{escape(colonne.titre)}</h2>')
        free = set(colonne.libres)
        label = escape(slot_label(colonne))
        items: list[tuple[int, int, str]] = []
        for row in range(1, LIGNES + 1):
            if row in free:
                items.append((row, 1, (
                    f'<a class="g-libre c-{c} r-{row + 1}" href="{escape(slot_url(colonne, row))}">{row_label(row)} '
                    f'<span class="g-libre-mot">libre</span><span class="visually-hidden">, {label} : prendre '
                    "rendez-vous</span></a>"
                )))
            else:
                parts.append(f'<span class="g-case c-{c} r-{row + 1}" aria-hidden="true"></span>')
        for bloc in colonne.blocs:
            classes = (
                f"g-bloc {'g-rdv' if bloc.rdv else 'g-session'} c-{c} r-{bloc.row + 1} span-{bloc.span} "
                f"lanes-{bloc.lanes} lane-{bloc.lane}"
            )
            if bloc.hors_filtre:
                classes += " hors-filtre"
            if bloc.rdv is not None and bloc.rdv.presence != "prevu":
                classes += f" p-{bloc.rdv.presence}"
            if bloc.rdv is not None:
                html = _rdv_html(bloc, classes, urls, show_conseiller=show_conseiller)
            else:
                html = _session_html(bloc, classes, urls)
            items.append((bloc.row, 0, html))
        items.sort(key=lambda item: (item[0], item[1]))
        parts += [html for _, _, html in items]
    return mark_safe("".join(parts))  # noqa: S308 - every value from the data is escaped above
