"""Alerts of a counsellor's portfolio, as plain functions.

Each takes the young people's ids (a list, or better a `values_list("pk", flat=True)` queryset,
which the database reads as a subquery: a portfolio holds thousands of young people) and
today's Europe/Paris date, and returns `{jeune_id: message}` for those it concerns.
`portfolio_alerts` combines them.

- no contact for 3 months: no contact that took place since the same day 3 months ago
  (`SANS_CONTACT_MOIS`; the portfolio page applies it to its active young people only);
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

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from trajectoires.accompagnement.models import Evenement
from trajectoires.agenda import cej
from trajectoires.aides.models import Aide, PlafondAide
from trajectoires.aides.services import euros
from trajectoires.dispositifs.models import Dispositif, Inscription
from trajectoires.dispositifs.rules import CEJ, CEJ_MAX_MOIS, NOMS, PACEA, add_months, derniere_sortie_possible
from trajectoires.jeunes.models import Jeune
from trajectoires.utils.dates import months_before


FENETRE_JOURS = 30
SANS_CONTACT_MOIS = 3


def _fr(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


# (jeune_id, dispositif, date_entree, date_sortie, date_fin_prevue) of the enrolments the
# programme alerts look at: read once for the three of them by `portfolio_alerts`.
InscriptionRow = tuple[int, str, dt.date, dt.date | None, dt.date | None]


def inscriptions_en_cours(jeune_ids: Iterable[int], today: dt.date) -> list[InscriptionRow]:
    """The enrolments entered by today and not exited before the Sunday of the last complete
    week (a CEJ must cover that week; the other alerts want those open today, a subset), oldest
    entry first."""
    sunday = cej.last_complete_week(today) + dt.timedelta(days=6)
    return list(
        Inscription.objects.filter(jeune_id__in=jeune_ids, date_entree__lte=today)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=sunday))
        .order_by("date_entree", "pk")
        .values_list("jeune_id", "dispositif", "date_entree", "date_sortie", "date_fin_prevue")
    )


def sans_contact(
    jeune_ids: Iterable[int], today: dt.date, inscriptions: list[InscriptionRow] | None = None
) -> dict[int, str]:
    limit = months_before(today, SANS_CONTACT_MOIS)
    # Each young person's latest contact that took place: the (jeune, date) index read from the
    # newest entry down to the first one not missed (one or two rows), rather than every contact
    # of the portfolio grouped (about 20 each): 2.5 ms instead of 6.7 ms of SQLite for 573
    # young people at 200,000.
    latest = (
        Evenement.objects.filter(jeune_id=OuterRef("pk"))
        .exclude(honore=False)
        .order_by("-date")
        .values("date")[:1]
    )
    rows = Jeune.objects.filter(pk__in=jeune_ids).order_by().annotate(d=Subquery(latest)).values_list("pk", "d")
    out = {}
    for pk, day in rows:
        if day is None or day < limit:
            out[pk] = "Sans contact depuis 3 mois" + (f" (dernier : {_fr(day)})" if day else " (aucun contact)")
    return out


def fin_de_programme(
    jeune_ids: Iterable[int], today: dt.date, inscriptions: list[InscriptionRow] | None = None
) -> dict[int, str]:
    horizon = today + dt.timedelta(days=FENETRE_JOURS)
    out: dict[int, str] = {}
    rows = inscriptions_en_cours(jeune_ids, today) if inscriptions is None else inscriptions
    for jeune_id, code, entree, sortie, prevue in rows:
        if sortie is not None and sortie < today:
            continue  # not open today
        if prevue is not None:
            # The planned end (set at entry, editable). A PACEA planned at its 24 months has the
            # PACEA alert already.
            pacea_legal = code == PACEA and prevue == derniere_sortie_possible(PACEA, entree)
            if today <= prevue <= horizon and not pacea_legal:
                out[jeune_id] = f"{NOMS.get(code, Dispositif.label(code))} : fin prévue le {_fr(prevue)}"
            continue
        if code != CEJ:
            continue
        # A CEJ without a planned end (imported): its legal end.
        prolonge = add_months(entree, CEJ_MAX_MOIS) <= today
        fin = derniere_sortie_possible(CEJ, entree, prolongation=prolonge)
        if fin is not None and today <= fin <= horizon:
            out[jeune_id] = f"CEJ : fin au plus tard le {_fr(fin)}" + (" (prolongé)" if prolonge else "")
    return out


def cej_sous_engagement(
    jeune_ids: Iterable[int], today: dt.date, inscriptions: list[InscriptionRow] | None = None
) -> dict[int, str]:
    monday = cej.last_complete_week(today)
    sunday = monday + dt.timedelta(days=6)
    rows = inscriptions_en_cours(jeune_ids, today) if inscriptions is None else inscriptions
    # In CEJ over the whole week (as `cej.cej_inscriptions_over`).
    concerned = {
        jeune_id for jeune_id, code, entree, sortie, _ in rows
        if code == CEJ and entree <= monday and (sortie is None or sortie >= sunday)
    }
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


def pacea_24_mois(
    jeune_ids: Iterable[int], today: dt.date, inscriptions: list[InscriptionRow] | None = None
) -> dict[int, str]:
    horizon = today + dt.timedelta(days=FENETRE_JOURS)
    out = {}
    rows = inscriptions_en_cours(jeune_ids, today) if inscriptions is None else inscriptions
    for jeune_id, code, entree, sortie, _ in reversed(rows):  # newest entry first: the oldest open one speaks
        if code != PACEA or (sortie is not None and sortie < today):
            continue
        fin = derniere_sortie_possible(PACEA, entree)
        if fin is not None and fin <= horizon:
            if fin < today:
                out[jeune_id] = f"PACEA : 24 mois dépassés depuis le {_fr(fin)}, enregistrez la sortie"
            else:
                out[jeune_id] = f"PACEA : 24 mois atteints le {_fr(fin)}"
    return out


def plafond_allocation(
    jeune_ids: Iterable[int], today: dt.date, inscriptions: list[InscriptionRow] | None = None
) -> dict[int, str]:
    type_aide = "allocation_pacea"
    bareme = (
        PlafondAide.objects.filter(type=type_aide, public="tous", date_debut__lte=today)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=today))
        .order_by("-date_debut")
        .first()
    )
    if bareme is None or (bareme.plafond_12_mois is None and bareme.plafond_mensuel is None):
        return {}
    # Both sums in one reading: the 12 rolling months up to today hold the current month.
    start_12 = add_months(today, -12) + dt.timedelta(days=1)
    start_mois = today.replace(day=1)
    rows = (
        Aide.objects.filter(jeune_id__in=jeune_ids, type=type_aide, date__lte=today)
        .filter(date__gte=min(start_12, start_mois))
        .order_by()
        .values("jeune_id")
        .annotate(total_12=Sum("montant", filter=Q(date__gte=start_12)),
                  total_mois=Sum("montant", filter=Q(date__gte=start_mois)))
        .values_list("jeune_id", "total_12", "total_mois")
    )
    out = {}
    for pk, total_12, total_mois in rows:
        if bareme.plafond_12_mois is not None and total_12 is not None and total_12 >= bareme.plafond_12_mois:
            cap = euros(bareme.plafond_12_mois)
            out[pk] = f"Allocation PACEA : plafond sur 12 mois atteint ({euros(total_12)} sur {cap})"
        elif bareme.plafond_mensuel is not None and total_mois is not None and total_mois >= bareme.plafond_mensuel:
            cap = euros(bareme.plafond_mensuel)
            out[pk] = f"Allocation PACEA : plafond du mois atteint ({euros(total_mois)} sur {cap})"
    return out


ALERTES: tuple[tuple[str, Callable[..., dict[int, str]]], ...] = (
    ("sans_contact", sans_contact),
    ("fin_programme", fin_de_programme),
    ("cej_heures", cej_sous_engagement),
    ("pacea_24_mois", pacea_24_mois),
    ("plafond_allocation", plafond_allocation),
)


# Alerts ranked by urgency (issue 12): a CEJ week under its hours, a programme ending within
# 30 days, a PACEA at its legal maximum, an allowance cap reached, then no contact for 3 months.
RANG: dict[str, int] = {
    "cej_heures": 1, "fin_programme": 2, "pacea_24_mois": 3, "plafond_allocation": 4, "sans_contact": 5,
}
LIBELLES: dict[str, str] = {
    "cej_heures": "CEJ sous 15 h la semaine dernière",
    "fin_programme": "Fin de dispositif dans les 30 jours",
    "pacea_24_mois": "PACEA : 24 mois atteints",
    "plafond_allocation": "Plafond d'allocation atteint",
    "sans_contact": "Sans contact depuis 3 mois",
}


@dataclass(frozen=True)
class JeuneAlerte:
    """What an alert row shows of its young person (not a model instance: a portfolio has
    hundreds of rows with an alert, and building them as `Jeune` objects cost more than the
    alerts' queries)."""

    pk: int
    nom: str
    prenom: str
    structure_id: int


@dataclass
class AlertRow:
    jeune: JeuneAlerte
    alertes: list[tuple[str, str]] = field(default_factory=list)  # (code, message), most urgent first

    @property
    def rang(self) -> int:
        return min(RANG[code] for code, _ in self.alertes)


def portfolio_alerts(jeunes: QuerySet[Jeune], today: dt.date) -> list[AlertRow]:
    """The young people of `jeunes` with at least one alert, the most urgent first (`RANG`),
    then those with more alerts, then by name."""
    ids = jeunes.order_by().values_list("pk", flat=True)
    inscriptions = inscriptions_en_cours(ids, today)  # one reading for the three programme alerts
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for code, check in ALERTES:
        for pk, message in check(ids, today, inscriptions=inscriptions).items():
            found[pk].append((code, message))
    if not found:
        return []
    rows = [
        AlertRow(JeuneAlerte(pk, nom, prenom, structure_id), sorted(found[pk], key=lambda a: RANG[a[0]]))
        for pk, nom, prenom, structure_id in jeunes.order_by().values_list("pk", "nom", "prenom", "structure_id")
        if pk in found
    ]
    rows.sort(key=lambda r: (r.rang, -len(r.alertes), r.jeune.nom, r.jeune.prenom, r.jeune.pk))
    return rows
