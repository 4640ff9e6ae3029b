"""The SQL side of the engine: a handful of grouped queries, each scoped to one structure,
that turn the structure's rows into per-young-person facts (sets of ids, counts). The
Python side (engine.py) derives every figure from these facts.

Enrolments, situations and help are read from their packed copy (blocs.py: a few hundred
rows per structure) and events from theirs (evenements.py), then grouped with numpy. The
row-reading helpers (`raw_rows`, `DayNumber`, `Cents`, …) are in sql.py, below this module
and blocs.py.

Every query filters on `structure`; none depends on another structure's data. Conditional
aggregates (CASE WHEN) compute several periods in one pass; nothing here is specific to
SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.lookups import Exact

from trajectoires.accompagnement.enums import NATURES_ACCOMPAGNEMENT, Nature
from trajectoires.accompagnement.models import Evenement
from trajectoires.aides.enums import TypeAide
from trajectoires.bourse.enums import TypeCompte
from trajectoires.bourse.models import Candidature, Compte, DepotOffre
from trajectoires.entreprises.models import ContactEmployeur
from trajectoires.jeunes.models import Jeune
from trajectoires.manifestations.models import Manifestation
from trajectoires.obligation_formation.models import Signalement
from trajectoires.parrainage.models import Parrain, Parrainage
from trajectoires.rapports.blocs import NO_DAY as NO_DAY_PACKED, Faits
from trajectoires.rapports.evenements import EventFacts, event_facts
from trajectoires.rapports.indicators import BourseFacts
from trajectoires.rapports.periods import Period
from trajectoires.rapports.profiles import PROFILE_FIELDS, Commune, Profile
from trajectoires.rapports.sql import PARSED_DATES, as_date, raw_date, raw_rows
from trajectoires.reperage.models import ActionReperage, Repere
from trajectoires.satisfaction.models import ReponseSatisfaction
from trajectoires.situations.enums import Categorie
from trajectoires.structures.models import Commune as CommuneModel, Site, Structure


EI = Nature.ENTRETIEN_INDIVIDUEL.value
ACC = tuple(n.value for n in NATURES_ACCOMPAGNEMENT)
# An event counts only if it took place: `honore` is not 0 (empty or 1).
HONORE = Q(honore__isnull=True) | Q(honore=True)
CATEGORIES_SITUATION_SORTIE = (
    Categorie.EMPLOI.value,
    Categorie.ALTERNANCE.value,
    Categorie.FORMATION.value,
    Categorie.IMMERSION.value,
)


def _per_row_plan(structure: Structure, column: str) -> tuple[F | CombinedExpression, Q | Exact]:
    """How a per-young-person (or per-employer) aggregate over many rows groups and scopes
    its rows: (group key, structure condition). Same result in every case; only SQLite's
    planner needs steering. Alone in the database, the rows are best read along the
    `(column, date)` index (already grouped, no sort): the structure condition is written
    so that no index serves it, or SQLite without statistics (e.g. right after an import)
    would read by `(structure, date)` and sort millions of rows. With other structures in
    the database, `column + 0` makes it read this structure's rows by `(structure, date)`,
    so that the cost is bounded by the structure's own data. PostgreSQL chooses by cost."""
    if connection.vendor != "sqlite":
        return F(column), Q(structure=structure)
    if Structure.objects.exclude(pk=structure.pk).exists():
        return F(column) + Value(0), Q(structure=structure)
    return F(column), _of_structure(structure)


def _of_structure(structure: Structure) -> Exact:
    """`structure_id = pk` written so that no index can serve it, for the correlated
    subqueries keyed by a young person: their rows must be found through the
    `(jeune, date)` index, not by walking the whole structure's rows for each outer row (what
    SQLite does when the database has no statistics, e.g. right after an import)."""
    return Exact(F("structure_id") + Value(0), structure.pk)


def _in(period: Period, column: str) -> Q:
    return Q(**{f"{column}__gte": period.debut, f"{column}__lte": period.fin})


def _flag(condition: Q) -> Max:
    return Max(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))


def _count(condition: Q) -> Sum:
    return Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))


# --- Reference data -----------------------------------------------------------------------------
# The columns of a young person's raw row, as load_reference reads them.
RAW_FIELDS = (*(f for f in PROFILE_FIELDS if f != "date_naissance"), "naissance")
RAW = {name: i for i, name in enumerate(RAW_FIELDS)}


class Profiles(Mapping[int, Profile]):
    """The profiles of the structure's young people, each built on first access from its
    raw row: a report reads the profiles of its populations, not of every young person
    (whole-structure questions — a filter, the zones, RQTH — read the raw columns)."""

    def __init__(self, rows: dict[int, tuple], communes: dict[str, Commune]) -> None:
        self.rows = rows
        self.communes = communes
        self._built: dict[int, Profile] = {}

    def __getitem__(self, pk: int) -> Profile:
        profile = self._built.get(pk)
        if profile is None:
            profile = self._built[pk] = _profile(self.rows[pk], self.communes)
        return profile

    def __contains__(self, pk: object) -> bool:
        return pk in self.rows

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def ids_where(self, column: str, test: Callable[[Any], bool]) -> set[int]:
        """The young people whose raw `column` value passes `test`."""
        i = RAW[column]
        return {pk for pk, row in self.rows.items() if test(row[i])}

    def territoire_of(self, commune: str | None) -> Commune | None:
        """The territory row of a raw commune value (as `Profile.territoire`)."""
        return self.communes.get(commune) if commune else None

    def zone_inputs(self) -> Iterator[tuple[int, bool, str | None]]:
        """(young person, has a qpv code, commune) — what the zone depends on (`has_qpv`, `commune`)."""
        iq, ic = RAW["qpv"], RAW["commune"]
        for pk, row in self.rows.items():
            qpv = row[iq]
            yield pk, bool(qpv and qpv.strip()), row[ic] or None


def _profile(row: tuple, communes: dict[str, Commune]) -> Profile:
    (
        pk,
        sexe,
        commune,
        qpv,
        niveau,
        diplome,
        hebergement,
        permis_b,
        vehicule,
        enfants,
        rqth,
        origine,
        conseiller,
        site,
        naissance,
    ) = row
    born = PARSED_DATES.get(naissance)
    if born is None:
        born = as_date(naissance)
    return Profile(
        pk,
        sexe,
        born,  # type: ignore[arg-type]
        commune or None,
        qpv,
        niveau or None,
        None if diplome is None else bool(diplome),
        hebergement or None,
        None if permis_b is None else bool(permis_b),
        vehicule or None,
        enfants,
        None if rqth is None else bool(rqth),
        origine or None,
        conseiller,
        site,
        communes.get(commune) if commune else None,
    )


@dataclass
class Reference:
    communes: dict[str, Commune]
    secteurs: list[str]
    sites: dict[int, str]  # site pk -> ext_id, in report order
    profiles: Profiles
    # the young people's ids in increasing order, and their dates of birth (datetime64[D])
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    naissances: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="datetime64[D]"))

    def naissance_of(self, jeunes: np.ndarray) -> np.ndarray:
        """The dates of birth of the young people `jeunes` (ids of this structure's young people)."""
        return self.naissances[np.searchsorted(self.ids, jeunes)]


def load_reference(structure: Structure) -> Reference:
    communes = {
        ext_id: Commune(secteur, epci, zrr)
        for ext_id, secteur, epci, zrr in CommuneModel.objects.filter(structure=structure)
        .order_by()
        .values_list("ext_id", "secteur", "epci", "zrr")
    }
    secteurs = sorted({c.secteur for c in communes.values()}, key=lambda s: (s.casefold(), s))
    sites = dict(Site.objects.filter(structure=structure).order_by("nom", "ext_id").values_list("pk", "ext_id"))
    jeunes = (
        Jeune.objects.filter(structure=structure)
        .order_by()
        .annotate(naissance=raw_date("date_naissance"))
        .values_list(*RAW_FIELDS[:-1], "naissance")
    )
    rows = raw_rows(jeunes)
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    order = np.argsort(ids)
    naissances = dates64([row[-1] for row in rows])
    profiles = Profiles({row[0]: row for row in rows}, communes)
    return Reference(communes, secteurs, sites, profiles, ids[order], naissances[order])


# --- Events ---------------------------------------------------------------------------------------
def load_events(structure: Structure, periods: list[Period], full: int) -> EventFacts:
    """The event facts of the periods, from the young people's packed events (evenements.py):
    first-ever EI per young person, and for each period whether they were in contact /
    accompanied / interviewed and how many EI they had (sets kept for the first `full`
    periods; only `accompagnes` for the others), and the sites of the first period."""
    return event_facts(structure, periods, full)


# --- Situations, aides ---------------------------------------------------------------------------
def _bounds(periods: list[Period]) -> list[tuple[int, int, int]]:
    return [(k, day_number(p.debut), day_number(p.fin)) for k, p in enumerate(periods)]


@dataclass
class GroupedRows:
    """The rows of one period, one numpy column per field: young person, group (index into
    `groups`), and an integer value (help: amount in cents; situations: unused)."""

    jeune: np.ndarray
    group: np.ndarray
    groups: list[Any]
    value: np.ndarray

    def by_group(self, scope: AbstractSet[int] | None) -> Iterator[tuple[Any, np.ndarray, np.ndarray]]:
        """(group, its young people (one per row), its values) of the rows of the young
        people of `scope` (all: None), for the groups having at least one such row."""
        jeune, group, value = self.jeune, self.group, self.value
        if scope is not None:
            kept = np.isin(jeune, np.fromiter(scope, dtype=np.int64, count=len(scope)))
            jeune, group, value = jeune[kept], group[kept], value[kept]
        if not len(jeune):
            return
        order = np.argsort(group, kind="stable")
        group = group[order]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        ends = np.r_[starts[1:], len(group)]
        jeune, value = jeune[order], value[order]
        for g, a, b in zip(group[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
            yield self.groups[g], jeune[a:b], value[a:b]


def _period_rows(
    jeune: np.ndarray, day: np.ndarray, group: np.ndarray, groups: list[Any], value: np.ndarray, periods: list[Period]
) -> list[GroupedRows]:
    out = []
    for _, lo, hi in _bounds(periods):
        inside = (day >= lo) & (day <= hi)
        out.append(GroupedRows(jeune[inside], group[inside], groups, value[inside]))
    return out


def load_situations(faits: Faits, periods: list[Period]) -> list[GroupedRows]:
    """For each period: the situations starting in it, grouped by (categorie, type)."""
    s, labels = faits.situations, faits.libelles
    pairs = s["categorie"] * len(labels) + s["type"]
    distinct, group = np.unique(pairs, return_inverse=True)
    groups = [(labels[p // len(labels)], labels[p % len(labels)]) for p in distinct.tolist()]
    return _period_rows(
        s["jeune"], s["debut"], group.reshape(-1), groups, np.zeros(len(pairs), dtype=np.int64), periods
    )


def load_aides(faits: Faits, periods: list[Period]) -> list[GroupedRows]:
    """For each period: the help decided in it, grouped by type, with amounts in whole cents
    (an empty amount counts 0: sums are exact on every backend); only the types of the
    catalogue (the only ones the report shows)."""
    a, labels = faits.aides, faits.libelles
    types = [str(t) for t in TypeAide.values]
    type_of_label = np.array([types.index(v) if v in types else -1 for v in labels] or [-1], dtype=np.int64)
    group = type_of_label[a["type"]] if len(a["type"]) else a["type"]
    kept = group >= 0
    return _period_rows(a["jeune"][kept], a["date"][kept], group[kept], types, a["cents"][kept], periods)


# --- Programmes --------------------------------------------------------------------------------------
@dataclass
class Enrolments:
    """Every enrolment that started on or before a day, as columns: one numpy array per
    field, one row per enrolment (row order is meaningless). Dates are `datetime64[D]`, an
    absent exit is NaT; `code` indexes `codes`."""

    jeune: np.ndarray
    code: np.ndarray
    codes: list[str]
    motif: np.ndarray  # MOTIF_POSITIF, MOTIF_SOLUTION or MOTIF_AUTRE
    entree: np.ndarray
    sortie: np.ndarray
    avec_situation: np.ndarray  # bool (computed for the followed-up codes only, see load_enrolments)

    def __len__(self) -> int:
        return len(self.jeune)

    def of(self, dispositif: str) -> np.ndarray:
        """Rows of one programme code."""
        if dispositif not in self.codes:
            return np.zeros(len(self), dtype=bool)
        return self.code == self.codes.index(dispositif)

    def entered(self, debut: dt.date | None, fin: dt.date) -> np.ndarray:
        """Rows with debut <= date_entree <= fin (no lower bound when `debut` is None)."""
        mask = self.entree <= day64(fin)
        return mask if debut is None else mask & (self.entree >= day64(debut))

    def exited(self, debut: dt.date | None, fin: dt.date) -> np.ndarray:
        """Rows with debut <= date_sortie <= fin (NaT compares false)."""
        mask = self.sortie <= day64(fin)
        return mask if debut is None else mask & (self.sortie >= day64(debut))

    def present_at(self, day: dt.date) -> np.ndarray:
        """Rows entered on or before `day` and not exited by then."""
        d = day64(day)
        return (self.entree <= d) & (np.isnat(self.sortie) | (self.sortie > d))


def day_number(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def day64(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "D")


def dates64(values: list | tuple) -> np.ndarray:
    """Raw DB dates (ISO text on SQLite, dates on PostgreSQL; None -> NaT) as datetime64[D]."""
    return np.array(values, dtype="datetime64[D]") if len(values) else np.empty(0, dtype="datetime64[D]")


MOTIF_AUTRE, MOTIF_SOLUTION, MOTIF_POSITIF = 0, 1, 2
# (young person, day) as one int64, jeune * DAY_KEY + day + offset: any day of years 1 to 9999
DAY_KEY, DAY_KEY_OFFSET = 1 << 23, 1 << 22


def load_enrolments(
    faits: Faits,
    fin: dt.date,
    codes: list[str],
    positive: frozenset[str],
    solution: frozenset[str],
    suivi: list[str],
) -> Enrolments:
    """Every enrolment that started on or before `fin`: the code as its index in `codes`
    (every code of the structure), the exit reason as MOTIF_POSITIF (in `positive`),
    MOTIF_SOLUTION (in `solution`, not positive) or MOTIF_AUTRE; and, for the enrolments of
    the `suivi` codes exited on or before `fin`, whether their young person started an
    emploi, alternance, formation or immersion situation (of this structure) with
    date_entree <= date_debut <= date_sortie (`avec_situation`)."""
    e, labels = faits.inscriptions, faits.libelles
    kept = e["entree"] <= day_number(fin)
    jeune, entree, sortie = e["jeune"][kept], e["entree"][kept], e["sortie"][kept]
    code_of_label = np.array([codes.index(v) if v in codes else -1 for v in labels] or [-1], dtype=np.int64)
    klass = [MOTIF_POSITIF if v in positive else MOTIF_SOLUTION if v in solution else MOTIF_AUTRE for v in labels]
    motif_of_label = np.array(klass or [MOTIF_AUTRE], dtype=np.int64)
    followed = np.array([v in suivi for v in labels] or [False], dtype=bool)
    dispositif = e["dispositif"][kept]
    exited = sortie != NO_DAY_PACKED
    # exit followed by a situation: each candidate enrolment looks for a situation start of
    # its young person in [entree, sortie], by binary search over (young person, day) keys
    candidates = followed[dispositif] & exited & (sortie <= day_number(fin))
    s = faits.situations
    wanted = np.array([v in CATEGORIES_SITUATION_SORTIE for v in labels] or [False], dtype=bool)
    of_category = wanted[s["categorie"]] if len(s["categorie"]) else np.zeros(0, dtype=bool)
    keys = np.sort(s["jeune"][of_category] * DAY_KEY + (s["debut"][of_category] + DAY_KEY_OFFSET))
    avec_situation = np.zeros(len(jeune), dtype=bool)
    if candidates.any() and len(keys):
        cj = jeune[candidates] * DAY_KEY
        lo = np.searchsorted(keys, cj + entree[candidates] + DAY_KEY_OFFSET, side="left")
        hi = np.searchsorted(keys, cj + sortie[candidates] + DAY_KEY_OFFSET, side="right")
        avec_situation[candidates] = hi > lo
    sortie64 = sortie.astype("datetime64[D]")
    sortie64[~exited] = np.datetime64("NaT")
    return Enrolments(
        jeune,
        code_of_label[dispositif],
        list(codes),
        motif_of_label[e["motif"][kept]],
        entree.astype("datetime64[D]"),
        sortie64,
        avec_situation,
    )


def load_programme_codes(faits: Faits) -> list[str]:
    """Codes having at least one enrolment in the database, at any date."""
    return sorted(faits.libelles[i] for i in np.unique(faits.inscriptions["dispositif"]).tolist())


# --- Employers -------------------------------------------------------------------------------------
def new_employer_in(first_contact: dt.date | None, period: Period) -> bool:
    """`acteurs_economiques_nouveaux`: an employer is new in a period when its first-ever contact
    is in it. The employers' pages ask this same function (the badge "Nouvel employeur en …")."""
    return first_contact is not None and first_contact in period


def employer_first_contacts(structure_id: int, employeur_ids: list[int] | None = None) -> dict[int, dt.date]:
    """employer id -> the date of its first-ever contact (employers without a contact are absent)."""
    rows = ContactEmployeur.objects.filter(structure_id=structure_id)
    if employeur_ids is not None:
        rows = rows.filter(employeur_id__in=employeur_ids)
    firsts = rows.order_by().values("employeur_id").annotate(first=Min("date"))
    return dict(firsts.values_list("employeur_id", "first"))


def load_employer_contacts(structure: Structure, periods: list[Period]) -> list[tuple[int, int]]:
    """For each period: (employers with a contact in it, employers whose first-ever contact is in it)."""
    fin = max(p.fin for p in periods)
    annotations: dict[str, object] = {"first": Min("date")}
    for k, p in enumerate(periods):
        annotations[f"c{k}"] = _flag(_in(p, "date"))
    result = [[0, 0] for _ in periods]
    key, of_structure = _per_row_plan(structure, "employeur_id")
    rows = (
        ContactEmployeur.objects.filter(of_structure, date__lte=fin)
        .order_by()
        .values(eid=key)
        .annotate(**annotations)
        .values_list("first", *[f"c{k}" for k in range(len(periods))])
    )
    for first, *flags in rows:
        for k, p in enumerate(periods):
            if flags[k]:
                result[k][0] += 1
            if new_employer_in(first, p):
                result[k][1] += 1
    return [(a, b) for a, b in result]


# --- The job board (docs/bourse.md) ------------------------------------------------------------------
def _instant_bounds(period: Period) -> tuple[dt.datetime, dt.datetime | None]:
    """The period as [first instant, first instant after) in the current time zone (Europe/Paris);
    no end for a period reaching the last representable day."""
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(max(period.debut, dt.date(1900, 1, 1)), dt.time.min))
    if period.fin >= dt.date.max - dt.timedelta(days=1):
        return start, None
    end = timezone.make_aware(dt.datetime.combine(period.fin + dt.timedelta(days=1), dt.time.min))
    return start, end


def load_bourse(structure: Structure, periods: list[Period]) -> list[BourseFacts]:
    """For each period: confirmed board accounts created (young people, employers), offers
    posted on the board and applications sent in it."""
    result = []
    for period in periods:
        start, end = _instant_bounds(period)

        def within(column: str, start=start, end=end) -> dict[str, dt.datetime]:  # type: ignore[no-untyped-def]
            bounds = {f"{column}__gte": start}
            if end is not None:
                bounds[f"{column}__lt"] = end
            return bounds

        comptes = dict(
            Compte.objects.filter(structure=structure, email_confirme_le__isnull=False, **within("cree_le"))
            .order_by().values("type").annotate(n=Count("pk")).values_list("type", "n")
        )
        result.append(BourseFacts(
            comptes_jeunes=comptes.get(TypeCompte.JEUNE, 0),
            comptes_employeurs=comptes.get(TypeCompte.EMPLOYEUR, 0),
            offres_deposees=DepotOffre.objects.filter(structure=structure, **within("depose_le")).count(),
            candidatures=Candidature.objects.filter(structure=structure, **within("cree_le")).count(),
        ))
    return result


# --- Other sections ---------------------------------------------------------------------------------
def load_parrainages(structure: Structure, period: Period) -> list[dict]:
    """Pairings overlapping the period."""
    return list(
        Parrainage.objects.filter(structure=structure, date_debut__lte=period.fin)
        .filter(Q(date_fin__isnull=True) | Q(date_fin__gte=period.debut))
        .order_by()
        .values("jeune_id", "parrain_id", "date_debut", "date_fin", "issue", "entretiens")
    )


def load_parrains(structure: Structure, period: Period) -> list[dict]:
    """Mentors active in the period (entered on or before `fin`, not gone before `debut`)."""
    return list(
        Parrain.objects.filter(structure=structure, date_entree__lte=period.fin)
        .filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=period.debut))
        .order_by()
        .values("id", "statut", "date_entree")
    )


def load_actions(structure: Structure, period: Period) -> list[dict]:
    return list(
        ActionReperage.objects.filter(structure=structure)
        .filter(_in(period, "date"))
        .order_by()
        .values("canal", "lieu", "heures", "personnes_rencontrees", "jeunes_contactes")
    )


def load_reperes(structure: Structure, period: Period) -> list[dict]:
    """Repérés dated in the period, with their action's canal and lieu, and the number of
    honoured EI / atelier / information collective of their young person strictly after
    their date and not after `fin` (`suivis`)."""
    suivis = (
        Evenement.objects.filter(
            _of_structure(structure),
            jeune=OuterRef("jeune"),
            date__gt=OuterRef("date"),
            date__lte=period.fin,
            nature__in=ACC,
        )
        .filter(HONORE)
        .order_by()
        .values("jeune")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        Repere.objects.filter(structure=structure)
        .filter(_in(period, "date"))
        .order_by()
        .annotate(suivis=Subquery(suivis, output_field=IntegerField()))
        .values("jeune_id", "action__canal", "action__lieu", "suivis", "date", "sexe", "date_naissance")
    )


def load_signalements(structure: Structure, period: Period) -> list[dict]:
    return list(
        Signalement.objects.filter(structure=structure)
        .filter(_in(period, "date_signalement"))
        .order_by()
        .values("jeune_id", "statut", "date_statut")
    )


def load_manifestations(structure: Structure, period: Period) -> list[dict]:
    return list(
        Manifestation.objects.filter(structure=structure)
        .filter(_in(period, "date"))
        .order_by()
        .values("type", "jeunes", "partenaires")
    )


def load_satisfaction(structure: Structure, period: Period) -> list[tuple[str, str, str, int, int]]:
    """(public, repondant, question, answers, answers >= 3) of the period: tens of thousands of
    rows of texts and integers, read straight from the cursor (no converter applies)."""
    return raw_rows(
        ReponseSatisfaction.objects.filter(structure=structure)
        .filter(_in(period, "date"))
        .order_by()
        .values("public", "repondant", "question")
        .annotate(n=Count("id"), ok=_count(Q(reponse__gte=3)))
        .values_list("public", "repondant", "question", "n", "ok")
    )
