"""Alerts of a counsellor's portfolio, as plain functions.

Each takes the young people's ids (a list, or better a `values_list("pk", flat=True)` queryset,
which the database reads as a subquery: a portfolio holds thousands of young people) and
today's Europe/Paris date, and returns `{jeune_id: message}` for those it concerns.
`portfolio_alerts` combines them.

- no contact for 3 months: no contact that took place since the same day 3 months ago
  (the rule of the portfolio page, `workspace.portfolio`);
- programme ending within 30 days: an open enrolment whose planned end (`date_fin_prevue`, set
  at entry from the rules and editable) falls within the next 30 days; for a CEJ without one
  (imported), its legal end (12 months, or 18 when the CEJ already passed 12 months,
  `dispositifs.rules.derniere_sortie_possible`);
- CEJ below 15 hours: in CEJ for the whole last complete ISO week and fewer hours of
  activity than the commitment's minimum (`agenda.cej`);
- PACEA reaching 24 months: an open PACEA whose 24-month maximum ends within 30 days or is
  already passed (the exit must be recorded);
- allowance cap reached: the PACEA allowances granted over the 12 rolling months up to today
  reach the 12-month cap in force today, or those of the current month reach the monthly cap
  (`aides.PlafondAide`, the legal amounts with their sources)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, Sum

from trajectoires.accompagnement.models import Evenement
from trajectoires.agenda import cej
from trajectoires.aides.models import Aide, PlafondAide
from trajectoires.dispositifs.models import Inscription
from trajectoires.dispositifs.models import Dispositif
from trajectoires.dispositifs.rules import CEJ, CEJ_MAX_MOIS, NOMS, PACEA, add_months, derniere_sortie_possible
from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.portfolio import SANS_CONTACT_MOIS, months_before


FENETRE_JOURS = 30


def _fr(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def sans_contact(jeune_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    limit = months_before(today, SANS_CONTACT_MOIS)
    last = dict(
        Evenement.objects.filter(jeune_id__in=jeune_ids)
        .exclude(honore=False)
        .values("jeune_id")
        .annotate(d=Max("date"))
        .values_list("jeune_id", "d")
    )
    out = {}
    for pk in jeune_ids:
        day = last.get(pk)
        if day is None or day < limit:
            out[pk] = "Sans contact depuis 3 mois" + (f" (dernier : {_fr(day)})" if day else " (aucun contact)")
    return out


def _open(jeune_ids: Iterable[int], code: str, today: dt.date):  # type: ignore[no-untyped-def]
    return Inscription.objects.filter(jeune_id__in=jeune_ids, dispositif=code, date_entree__lte=today).filter(
        Q(date_sortie__isnull=True) | Q(date_sortie__gte=today)
    )


def fin_de_programme(jeune_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    horizon = today + dt.timedelta(days=FENETRE_JOURS)
    out: dict[int, str] = {}
    rows = (
        Inscription.objects.filter(jeune_id__in=jeune_ids, date_entree__lte=today)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=today))
        .filter(Q(date_fin_prevue__isnull=False) | Q(dispositif=CEJ))
        .values_list("jeune_id", "dispositif", "date_entree", "date_fin_prevue")
        .order_by("date_entree", "pk")
    )
    for jeune_id, code, entree, prevue in rows:
        if prevue is not None:
            # The planned end (set at entry, editable). A PACEA planned at its 24 months has the
            # PACEA alert already.
            pacea_legal = code == PACEA and prevue == derniere_sortie_possible(PACEA, entree)
            if today <= prevue <= horizon and not pacea_legal:
                out[jeune_id] = f"{NOMS.get(code, Dispositif.label(code))} : fin prévue le {_fr(prevue)}"
            continue
        # A CEJ without a planned end (imported): its legal end.
        prolonge = add_months(entree, CEJ_MAX_MOIS) <= today
        fin = derniere_sortie_possible(CEJ, entree, prolongation=prolonge)
        if fin is not None and today <= fin <= horizon:
            out[jeune_id] = f"CEJ : fin au plus tard le {_fr(fin)}" + (" (prolongé)" if prolonge else "")
    return out


def cej_sous_engagement(jeune_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    monday = cej.last_complete_week(today)
    sunday = monday + dt.timedelta(days=6)
    concerned = set(cej.cej_inscriptions_over(jeune_ids, monday, sunday).values_list("jeune_id", flat=True))
    if not concerned:
        return {}
    hours = cej.hours_by_jeune(list(concerned), monday)
    low, _ = cej.commitment()
    week = monday.isocalendar()[1]
    out = {}
    for pk in concerned:
        total = hours.get(pk, Decimal(0))
        if total < low:
            out[pk] = f"CEJ : {total:g} h d'activité la semaine {week} (moins de {low:g} h)"
    return out


def pacea_24_mois(jeune_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    horizon = today + dt.timedelta(days=FENETRE_JOURS)
    out = {}
    for jeune_id, entree in _open(jeune_ids, PACEA, today).values_list("jeune_id", "date_entree"):
        fin = derniere_sortie_possible(PACEA, entree)
        if fin is not None and fin <= horizon:
            if fin < today:
                out[jeune_id] = f"PACEA : 24 mois dépassés depuis le {_fr(fin)}, enregistrez la sortie"
            else:
                out[jeune_id] = f"PACEA : 24 mois atteints le {_fr(fin)}"
    return out


def plafond_allocation(jeune_ids: Iterable[int], today: dt.date) -> dict[int, str]:
    type_aide = "allocation_pacea"
    bareme = (
        PlafondAide.objects.filter(type=type_aide, public="tous", date_debut__lte=today)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=today))
        .order_by("-date_debut")
        .first()
    )
    if bareme is None:
        return {}
    out = {}
    if bareme.plafond_12_mois is not None:
        start = add_months(today, -12) + dt.timedelta(days=1)
        sums = _sums(jeune_ids, type_aide, start, today)
        for pk, total in sums.items():
            if total >= bareme.plafond_12_mois:
                cap = euros(bareme.plafond_12_mois)
                out[pk] = f"Allocation PACEA : plafond sur 12 mois atteint ({euros(total)} sur {cap})"
    if bareme.plafond_mensuel is not None:
        sums = _sums(jeune_ids, type_aide, today.replace(day=1), today)
        for pk, total in sums.items():
            if pk not in out and total >= bareme.plafond_mensuel:
                cap = euros(bareme.plafond_mensuel)
                out[pk] = f"Allocation PACEA : plafond du mois atteint ({euros(total)} sur {cap})"
    return out


def euros(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " €"


def _sums(jeune_ids: Iterable[int], type_aide: str, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    rows = (
        Aide.objects.filter(jeune_id__in=jeune_ids, type=type_aide, date__gte=start, date__lte=end)
        .values("jeune_id")
        .annotate(total=Sum("montant"))
    )
    return {r["jeune_id"]: r["total"] or Decimal(0) for r in rows}


ALERTES: tuple[tuple[str, Callable[[Iterable[int], dt.date], dict[int, str]]], ...] = (
    ("sans_contact", sans_contact),
    ("fin_programme", fin_de_programme),
    ("cej_heures", cej_sous_engagement),
    ("pacea_24_mois", pacea_24_mois),
    ("plafond_allocation", plafond_allocation),
)


@dataclass
class AlertRow:
    jeune: Jeune
    alertes: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


def portfolio_alerts(jeunes: QuerySet[Jeune], today: dt.date) -> list[AlertRow]:
    """The young people of `jeunes` with at least one alert, most alerts first, then by name."""
    ids = jeunes.values_list("pk", flat=True)
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for code, check in ALERTES:
        for pk, message in check(ids, today).items():
            found[pk].append((code, message))
    if not found:
        return []
    rows = [AlertRow(j, found[j.pk]) for j in jeunes.only("pk", "nom", "prenom", "structure_id") if j.pk in found]
    rows.sort(key=lambda r: (-len(r.alertes), r.jeune.nom, r.jeune.prenom, r.jeune.pk))
    return rows
