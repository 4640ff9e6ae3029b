"""Reading the employers' file (issue 13, docs/employeurs.md): the list with its filters, one
employer's file, and the employer relations' follow-ups of the day (their home). Writes go
through `entreprises/services.py`. "New employer" is the report's own rule
(`rapports.facts.new_employer_in`, indicator `acteurs_economiques_nouveaux`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from trajectoires.accounts.perms import jeunes_visible_to
from trajectoires.entreprises.enums import StatutOffre
from trajectoires.entreprises.models import ContactEmployeur, Employeur, MiseEnRelation, Offre
from trajectoires.entreprises.reference import naf_codes_matching
from trajectoires.entreprises.siret import normalise
from trajectoires.rapports.facts import employer_first_contacts, new_employer_in
from trajectoires.rapports.periods import Period
from trajectoires.situations.models import Situation
from trajectoires.structures import communes


PAGE_SIZE = 50
HOME_ROWS = 20
IMMERSION = "immersion"
HIRES = ("emploi", "alternance")
# ?tri= -> (label, ORDER BY)
SORTS = {
    "nom": ("Raison sociale", ("raison_sociale", "pk")),
    "dernier_contact": ("Dernier contact (le plus récent d'abord)", ("-dernier_contact_nn", "raison_sociale", "pk")),
    "rappel": ("Date de rappel (la plus proche d'abord)", ("rappel_nn", "raison_sociale", "pk")),
    "commune": ("Commune", ("commune", "raison_sociale", "pk")),
}
FILTRES = {
    "": "Tous les employeurs",
    "a_rappeler": "À rappeler (date passée ou aujourd'hui)",
    "nouveaux": "Nouveaux cette année (premier contact cette année)",
    "sans_contact": "Sans aucun contact enregistré",
}
FAR_PAST = dt.date(1900, 1, 1)
FAR_FUTURE = dt.date(2100, 12, 31)


def year_period(today: dt.date) -> Period:
    return Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))


def week_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def callback_subquery() -> Subquery:
    """The employer's call-back date: that of its latest contact (date, then the order of
    recording). Recording a later contact without a date clears it."""
    latest = ContactEmployeur.objects.filter(employeur_id=OuterRef("pk")).order_by("-date", "-pk")
    return Subquery(latest.values("a_rappeler_le")[:1], output_field=DateField())


def annotated(structure_id: int) -> QuerySet[Employeur]:
    return Employeur.objects.filter(structure_id=structure_id).annotate(
        premier_contact=Min("contacts__date"),
        dernier_contact=Max("contacts__date"),
        rappel=callback_subquery(),
    ).annotate(
        dernier_contact_nn=Coalesce("dernier_contact", FAR_PAST),
        rappel_nn=Coalesce("rappel", FAR_FUTURE),
    )


@dataclass
class ListeEmployeurs:
    rows: Any  # the page
    page: Any
    total: int
    nouveaux: int
    a_rappeler: int
    communes: list[tuple[str, str]]
    naf_codes: int | None  # codes matched by the NAF search, None without one


def employer_list(structure_id: int, params: dict[str, str], today: dt.date) -> tuple[QuerySet[Employeur], dict]:
    """The employers matching the filters (GET parameters), sorted; and the counts on top."""
    rows = annotated(structure_id)
    q = (params.get("q") or "").strip()
    info: dict[str, Any] = {"naf_codes": None}
    if q:
        digits = normalise(q)
        condition = Q(raison_sociale__icontains=q)
        if digits.isdigit() and len(digits) >= 3:
            condition |= Q(siret__startswith=digits)
        rows = rows.filter(condition)
    commune = (params.get("commune") or "").strip().upper()
    if commune:
        rows = rows.filter(commune=commune)
    naf_text = (params.get("naf") or "").strip()
    if naf_text:
        codes = naf_codes_matching(naf_text)
        info["naf_codes"] = len(codes)
        rows = rows.filter(naf__in=codes)
    filtre = params.get("filtre") or ""
    year = year_period(today)
    if filtre == "a_rappeler":
        rows = rows.filter(rappel__lte=today)
    elif filtre == "nouveaux":
        rows = rows.filter(premier_contact__gte=year.debut, premier_contact__lte=year.fin)
    elif filtre == "sans_contact":
        rows = rows.filter(premier_contact__isnull=True)
    tri = params.get("tri") if params.get("tri") in SORTS else "nom"
    return rows.order_by(*SORTS[tri][1]), info


def counts(structure_id: int, today: dt.date) -> dict[str, int]:
    """The Mission Locale's employers, those new this year (the report's rule) and those to call back."""
    year = year_period(today)
    firsts = employer_first_contacts(structure_id)
    nouveaux = sum(1 for first in firsts.values() if new_employer_in(first, year))
    a_rappeler = annotated(structure_id).filter(rappel__lte=today).count()
    return {"total": Employeur.objects.filter(structure_id=structure_id).count(), "nouveaux": nouveaux,
            "a_rappeler": a_rappeler}


def commune_options(structure_id: int) -> list[tuple[str, str]]:
    """The communes of the Mission Locale's employers, named (never a bare code), by name."""
    codes = list(
        Employeur.objects.filter(structure_id=structure_id, commune__isnull=False)
        .order_by().values_list("commune", flat=True).distinct()
    )
    names = communes.labels(codes, structure_id)
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda o: o[1])


# --- One employer's file ---------------------------------------------------------------------
def employer_file(user, employeur: Employeur, today: dt.date) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """What the file shows: the summary (first and last contact, call-back, "new this year" by
    the report's rule), the people, the contacts, the offers, the young people placed there and
    the matches (only the young people the user's role sees)."""
    contacts = list(
        employeur.contacts.select_related("conseiller", "interlocuteur").order_by("-date", "-pk")
    )
    first = min((c.date for c in contacts), default=None)
    year = year_period(today)
    rappel = contacts[0].a_rappeler_le if contacts else None
    visible = jeunes_visible_to(user)
    situations = list(
        Situation.objects.filter(employeur=employeur, jeune__in=visible)
        .select_related("jeune", "jeune__conseiller").order_by("-date_debut", "-pk")
    )
    matches = list(
        MiseEnRelation.objects.filter(offre__employeur=employeur, jeune__in=visible)
        .select_related("jeune", "offre", "conseiller").order_by("-date", "-pk")
    )
    offres = list(employeur.offres.annotate(candidats=Count("mises_en_relation")).order_by("-date_publication", "-pk"))
    return {
        "contacts": contacts,
        "premier_contact": first,
        "dernier_contact": contacts[0].date if contacts else None,
        "nouveau_cette_annee": new_employer_in(first, year),
        "annee": today.year,
        "rappel": rappel,
        "rappel_du": rappel is not None and rappel <= today,
        "interlocuteurs": list(employeur.interlocuteurs.all()),
        "situations": situations,
        "immersions": [s for s in situations if s.categorie == IMMERSION],
        "placements": [s for s in situations if s.categorie != IMMERSION],
        "mises_en_relation": matches,
        "offres": offres,
    }


# --- The employer relations' home (issue 13, part 6) -----------------------------------------
def home_followups(user, today: dt.date) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Today's follow-ups: employers to call back (due today or overdue), published offers
    closing within 7 days without any candidate, immersions starting or ending this week, young
    people hired this month (job or work-study with an employer) to follow in the company."""
    structure_id = user.structure_id
    due = annotated(structure_id).filter(rappel__lte=today).order_by("rappel", "raison_sociale", "pk")
    week = week_bounds(today)
    month = month_bounds(today)
    offres = (
        Offre.objects.filter(structure_id=structure_id, statut=StatutOffre.PUBLIEE,
                             date_cloture__gte=today, date_cloture__lte=today + dt.timedelta(days=7))
        .filter(mises_en_relation__isnull=True)
        .select_related("employeur").order_by("date_cloture", "pk")
    )
    visible = jeunes_visible_to(user)
    situations = Situation.objects.filter(structure_id=structure_id, jeune__in=visible).select_related(
        "jeune", "employeur", "jeune__conseiller")
    immersions = situations.filter(categorie=IMMERSION)
    debut = immersions.filter(date_debut__gte=week[0], date_debut__lte=week[1]).order_by("date_debut", "pk")
    fin = immersions.filter(date_fin__gte=week[0], date_fin__lte=week[1]).order_by("date_fin", "pk")
    embauches = situations.filter(categorie__in=HIRES, employeur__isnull=False,
                                  date_debut__gte=month[0], date_debut__lte=month[1]).order_by("date_debut", "pk")
    return {
        "a_rappeler": list(due[:HOME_ROWS]),
        "a_rappeler_total": due.count(),
        "offres_sans_candidat": list(offres[:HOME_ROWS]),
        "immersions_debut": list(debut[:HOME_ROWS]),
        "immersions_fin": list(fin[:HOME_ROWS]),
        "embauches": list(embauches[:HOME_ROWS]),
        "today": today,
        "semaine": week,
        "mois": month,
    }
