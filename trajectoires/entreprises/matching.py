"""Matching (issue 13 part 2, docs/offres.md): for an offer, the young people of the Mission
Locale whose profile fits, ranked, each with the reasons why; for a young person, the open
offers that fit.

For an offer, one SQL query scores every young person of the Mission Locale that the offer's
requirements do not rule out, and keeps the best `CANDIDATS` (ORDER BY score LIMIT: the
database keeps a heap, no full sort); then the young people without a contact that took place in
the last `TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS` months are dropped (the contacts' (jeune, date)
index, for those few only), and the first `limit` are kept. 200,000 young people: see
`bench/matching_bench.py` and docs/offres.md.

Ruled out: a known level below the required one; no driving licence when the offer requires
one; young people already put forward on this offer; no recent contact. Points (the reasons
say which apply):

- the job is one the young person looks for (`MetierRecherche`): 40;
- distance, measured by the administrative map since no commune coordinates ship offline
  (docs/offres.md): same commune 30, same EPCI (territory's communes) 20, same département 10;
- licence: 10 when required (and held), 5 otherwise; a motor vehicle: 10;
- level: at least the required one, 10.

A level or a licence not filled in does not rule out: the reason says "à vérifier"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Case, Max, Q, QuerySet, Value, When
from django.utils.formats import date_format

from trajectoires.accompagnement.models import Evenement
from trajectoires.entreprises import rome
from trajectoires.entreprises.models import MetierRecherche, MiseEnRelation, Offre
from trajectoires.entreprises.offres import open_offres
from trajectoires.jeunes.enums import Niveau, Vehicule
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Commune, CommuneFrance
from trajectoires.utils.dates import months_before


# The 1969 nomenclature from the lowest level to the highest (jeunes.enums.Niveau).
ORDRE_NIVEAUX = (Niveau.VI, Niveau.VBIS, Niveau.V, Niveau.IV, Niveau.III, Niveau.II, Niveau.I)
POINTS = {"metier": 40, "commune": 30, "epci": 20, "departement": 10, "permis_exige": 10, "permis": 5,
          "vehicule": 10, "niveau": 10}
CANDIDATS = 600  # best-scored young people read before the activity filter
PROPOSITIONS = 20  # shown on the offer's page
MOTORISE = (Vehicule.AUTOMOBILE, Vehicule.DEUX_ROUES)


def niveaux_au_moins(requis: str) -> list[str]:
    """The levels at least as high as `requis`."""
    return [n.value for n in ORDRE_NIVEAUX[ORDRE_NIVEAUX.index(Niveau(requis)):]]


def actif_mois() -> int:
    from django.conf import settings

    return int(getattr(settings, "TRAJECTOIRES_PORTEFEUILLE_ACTIF_MOIS", 12))


@dataclass
class Lieu:
    """Where the job is, as the distance proxy reads it."""

    commune: str | None
    nom: str
    epci: str
    communes_epci: list[str]
    departement: str


def lieu_of(offre: Offre) -> Lieu:
    """The offer's commune, else its employer's; its EPCI (the territory's communes of the
    Mission Locale, `structures.Commune`) and its département (`CommuneFrance`)."""
    return lieux_of([offre])[offre.pk]


def lieux_of(offres: list[Offre]) -> dict[int, Lieu]:
    """`lieu_of` for several offers of one Mission Locale in three queries."""
    if not offres:
        return {}
    return _lieux(offres[0].structure_id, {o.pk: o.commune or o.employeur.commune for o in offres})


def _lieux(structure_id: int, codes: dict[int, str | None]) -> dict[int, Lieu]:
    """The place of each offer (pk -> its commune's code, or None) of one Mission Locale."""
    wanted = {c for c in codes.values() if c}
    if not wanted:
        return {pk: Lieu(None, "", "", [], "") for pk in codes}
    france = {c: (nom, dep) for c, nom, dep in
              CommuneFrance.objects.filter(code__in=wanted).values_list("code", "nom", "departement")}
    local = {c: (nom, epci) for c, nom, epci in
             Commune.objects.filter(structure_id=structure_id, ext_id__in=wanted).values_list("ext_id", "nom", "epci")}
    epcis: dict[str, list[str]] = {}
    for code, epci in Commune.objects.filter(
        structure_id=structure_id, epci__in={e for _, e in local.values() if e}
    ).values_list("ext_id", "epci"):
        epcis.setdefault(epci, []).append(code)
    out = {}
    for pk, code in codes.items():
        if not code:
            out[pk] = Lieu(None, "", "", [], "")
            continue
        nom = france[code][0] if code in france else (local[code][0] if code in local else code)
        epci = local[code][1] if code in local else ""
        out[pk] = Lieu(code, nom, epci, epcis.get(epci, []), france[code][1] if code in france else "")
    return out


@dataclass
class Proposition:
    jeune: Jeune
    score: int
    dernier_contact: dt.date
    raisons: list[str] = field(default_factory=list)


@dataclass
class Propositions:
    offre: Offre
    lieu: Lieu
    rows: list[Proposition]
    depuis: dt.date  # the activity window's first day
    lus: int  # young people scored and read before the activity filter


def _score(offre: Offre, lieu: Lieu):  # type: ignore[no-untyped-def]
    """The score as one SQL expression over `jeunes_jeune`'s columns."""
    parts = []
    if offre.rome:
        wanted = MetierRecherche.objects.filter(structure_id=offre.structure_id, rome=offre.rome).values("jeune_id")
        parts.append(Case(When(pk__in=wanted, then=Value(POINTS["metier"])), default=Value(0)))
    if lieu.commune:
        whens = [When(commune=lieu.commune, then=Value(POINTS["commune"]))]
        if lieu.communes_epci:
            whens.append(When(commune__in=lieu.communes_epci, then=Value(POINTS["epci"])))
        if lieu.departement:
            whens.append(When(commune__startswith=lieu.departement, then=Value(POINTS["departement"])))
        parts.append(Case(*whens, default=Value(0)))
    permis = POINTS["permis_exige"] if offre.permis_requis else POINTS["permis"]
    parts.append(Case(When(permis_b=True, then=Value(permis)), default=Value(0)))
    parts.append(Case(When(vehicule__in=MOTORISE, then=Value(POINTS["vehicule"])), default=Value(0)))
    if offre.niveau_requis:
        parts.append(Case(When(niveau__in=niveaux_au_moins(offre.niveau_requis), then=Value(POINTS["niveau"])),
                          default=Value(0)))
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def candidats(offre: Offre) -> QuerySet[Jeune]:
    """The young people of the offer's Mission Locale its requirements do not rule out, and not
    already put forward on it."""
    rows = Jeune.objects.filter(structure_id=offre.structure_id).exclude(
        pk__in=MiseEnRelation.objects.filter(offre=offre).values("jeune_id")
    )
    if offre.niveau_requis:
        rows = rows.filter(Q(niveau__isnull=True) | Q(niveau__in=niveaux_au_moins(offre.niveau_requis)))
    if offre.permis_requis:
        rows = rows.exclude(permis_b=False)
    return rows


def derniers_contacts(ids: list[int], depuis: dt.date, today: dt.date) -> dict[int, dt.date]:
    """The latest contact that took place (a missed appointment is not one) since `depuis`, for
    these young people (the contacts' (jeune, date) index)."""
    if not ids:
        return {}
    rows = (
        Evenement.objects.filter(jeune_id__in=ids, date__gte=depuis, date__lte=today)
        .exclude(honore=False)
        .values("jeune_id")
        .annotate(dernier=Max("date"))
        .values_list("jeune_id", "dernier")
    )
    return dict(rows)


def propose(offre: Offre, today: dt.date, limit: int = PROPOSITIONS) -> Propositions:
    """The young people to propose for `offre`, best first (score, then the latest contact)."""
    lieu = lieu_of(offre)
    depuis = months_before(today, actif_mois())
    scored = list(
        candidats(offre).annotate(score=_score(offre, lieu)).order_by("-score", "pk").values_list("pk", "score")
        [:CANDIDATS]
    )
    contacts = derniers_contacts([pk for pk, _ in scored], depuis, today)
    kept = [(pk, score) for pk, score in scored if pk in contacts]
    kept.sort(key=lambda row: (-row[1], -contacts[row[0]].toordinal(), row[0]))
    kept = kept[:limit]
    jeunes = Jeune.objects.in_bulk([pk for pk, _ in kept])
    metiers = set(
        MetierRecherche.objects.filter(jeune_id__in=list(jeunes), rome=offre.rome).values_list("jeune_id", flat=True)
    ) if offre.rome else set()
    noms = _noms_communes({j.commune for j in jeunes.values() if j.commune})
    rows = []
    for pk, score in kept:
        jeune = jeunes[pk]
        rows.append(Proposition(jeune, score, contacts[pk], raisons(offre, lieu, jeune, pk in metiers, contacts[pk],
                                                                    noms)))
    return Propositions(offre, lieu, rows, depuis, len(scored))


def _noms_communes(codes: set[str]) -> dict[str, str]:
    return dict(CommuneFrance.objects.filter(code__in=codes).values_list("code", "nom"))


def _jour(day: dt.date) -> str:
    return date_format(day, "j F Y")


def raisons(
    offre: Offre, lieu: Lieu, jeune: Jeune, cherche_metier: bool, dernier: dt.date | None, noms: dict[str, str]
) -> list[str]:
    """Why this young person is proposed for this offer, in French, strongest first."""
    out = []
    if cherche_metier:
        out.append(f"Recherche ce métier : {rome.display(offre.rome)}")
    if lieu.commune:
        nom = noms.get(jeune.commune or "", "")
        if not jeune.commune:
            out.append("Commune de résidence non renseignée : distance à vérifier")
        elif jeune.commune == lieu.commune:
            out.append(f"Habite la commune du poste ({lieu.nom})")
        elif jeune.commune in lieu.communes_epci:
            out.append(f"Habite l'intercommunalité du poste ({lieu.epci}) : {nom or 'commune du territoire'}")
        elif lieu.departement and jeune.commune.startswith(lieu.departement):
            out.append(f"Habite le département du poste : {nom}")
        else:
            out.append(f"Habite hors du département du poste ({nom or 'commune inconnue'}) : mobilité à vérifier")
    if offre.niveau_requis:
        demande = "n" + Niveau(offre.niveau_requis).label.split(" (")[0][1:]  # "niveau V bis"
        if not jeune.niveau:
            out.append(f"Niveau de formation non renseigné : à vérifier ({demande} demandé)")
        elif jeune.niveau == offre.niveau_requis:
            out.append(f"{jeune.get_niveau_display()} : le niveau demandé")
        else:
            out.append(f"{jeune.get_niveau_display()} : au-dessus du {demande} demandé")
    if jeune.permis_b:
        out.append("Titulaire du permis B, exigé par l'offre" if offre.permis_requis else "Titulaire du permis B")
    elif offre.permis_requis:
        out.append("Permis B non renseigné : à vérifier (exigé par l'offre)")
    if jeune.vehicule in MOTORISE:
        out.append(f"Dispose d'un véhicule : {jeune.get_vehicule_display().lower()}")
    if dernier is not None:
        out.append(f"Suivi actif : dernier contact le {_jour(dernier)}")
    return out


# --- For a young person: the open offers that fit ---------------------------------------------
@dataclass
class OffreProposee:
    offre: Offre
    score: int
    raisons: list[str]


def offres_pour(jeune: Jeune, today: dt.date, limit: int = PROPOSITIONS) -> list[OffreProposee]:
    """The open offers of the young person's Mission Locale that their profile does not rule out
    (level, licence), not already proposed to them, best first; a Mission Locale has some
    hundreds of open offers at most, scored here in Python with the same points."""
    offres = open_offres(jeune.structure_id, today).exclude(
        pk__in=MiseEnRelation.objects.filter(jeune=jeune).values("offre_id")
    ).select_related("employeur")
    if jeune.niveau:
        offres = offres.filter(
            Q(niveau_requis__isnull=True) | Q(niveau_requis__in=_niveaux_au_plus(jeune.niveau))
        )
    if jeune.permis_b is False:
        offres = offres.filter(permis_requis=False)
    # Scored from a few columns (a large Mission Locale has some hundreds of open offers: building
    # each as a model instance with its employer cost more than the rest of the file page); the
    # offers shown are then read whole, with their reasons.
    rows = [_OffreScore(*row) for row in offres.order_by().values_list(
        "pk", "rome", "commune", "employeur__commune", "permis_requis", "niveau_requis", "date_cloture")]
    if not rows:
        return []
    metiers = set(MetierRecherche.objects.filter(jeune=jeune).values_list("rome", flat=True))
    lieux = _lieux(jeune.structure_id, {r.pk: r.commune or r.employeur_commune for r in rows})
    scored = sorted(
        ((_score_python(r, lieux[r.pk], jeune, r.rome in metiers), r) for r in rows),
        key=lambda row: (-row[0], row[1].date_cloture or dt.date.max, -row[1].pk),
    )[:limit]
    shown = Offre.objects.select_related("employeur").in_bulk([r.pk for _, r in scored])
    noms = _noms_communes({jeune.commune} if jeune.commune else set())
    return [
        OffreProposee(shown[r.pk], score, raisons(shown[r.pk], lieux[r.pk], jeune, r.rome in metiers, None, noms))
        for score, r in scored
    ]


class _OffreScore(NamedTuple):
    """The columns of an offer `_score_python` reads."""

    pk: int
    rome: str
    commune: str | None
    employeur_commune: str | None
    permis_requis: bool
    niveau_requis: str | None
    date_cloture: dt.date | None


def _niveaux_au_plus(niveau: str) -> list[str]:
    return [n.value for n in ORDRE_NIVEAUX[: ORDRE_NIVEAUX.index(Niveau(niveau)) + 1]]


def _score_python(offre: Offre | _OffreScore, lieu: Lieu, jeune: Jeune, cherche_metier: bool) -> int:
    """`_score` for one young person and one offer (the same points)."""
    score = POINTS["metier"] if cherche_metier and offre.rome else 0
    if lieu.commune and jeune.commune:
        if jeune.commune == lieu.commune:
            score += POINTS["commune"]
        elif jeune.commune in lieu.communes_epci:
            score += POINTS["epci"]
        elif lieu.departement and jeune.commune.startswith(lieu.departement):
            score += POINTS["departement"]
    if jeune.permis_b:
        score += POINTS["permis_exige"] if offre.permis_requis else POINTS["permis"]
    if jeune.vehicule in MOTORISE:
        score += POINTS["vehicule"]
    if offre.niveau_requis and jeune.niveau in niveaux_au_moins(offre.niveau_requis):
        score += POINTS["niveau"]
    return score
