"""The young person's profile as the report sees it, and the profile breakdowns
(indicators.md, "Profile breakdowns"): axes with their categories and the yes/no counts,
where an unknown input gives `None` (never "no")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from trajectoires.jeunes.enums import Hebergement, Origine, Sexe
from trajectoires.rapports.periods import age_at


@dataclass(frozen=True, slots=True)
class Commune:
    secteur: str
    epci: str
    zrr: bool


@dataclass(slots=True)
class Profile:
    id: int
    sexe: str
    date_naissance: dt.date
    commune: str | None
    qpv: str | None
    niveau: str | None
    diplome: bool | None
    hebergement: str | None
    permis_b: bool | None
    vehicule: str | None
    enfants: int | None
    rqth: bool | None
    origine: str | None
    conseiller_id: int | None
    site_id: int | None
    territoire: Commune | None  # the commune's row of territoire.csv, None when outside or unknown

    @property
    def has_qpv(self) -> bool:
        return bool(self.qpv and self.qpv.strip())

    def age(self, ref: dt.date) -> int:
        return age_at(self.date_naissance, ref)


PROFILE_FIELDS = (
    "id",
    "sexe",
    "date_naissance",
    "commune",
    "qpv",
    "niveau",
    "diplome",
    "hebergement",
    "permis_b",
    "vehicule",
    "enfants",
    "rqth",
    "origine",
    "conseiller_id",
    "site_id",
)


# --- Age bands -------------------------------------------------------------------------------
AGE_BANDS = ("moins_18", "18_21", "22_plus")
AGE_BAND_LABELS = {"moins_18": "Moins de 18 ans", "18_21": "18 à 21 ans", "22_plus": "22 ans et plus"}


def age_band(age: int) -> str:
    if age < 18:
        return "moins_18"
    if age <= 21:
        return "18_21"
    return "22_plus"


# --- Axes ---------------------------------------------------------------------------------------
NIVEAU_CATEGORIES = ("vi", "vbis", "v", "iv", "iii_plus", "inconnu")
NIVEAU_LABELS = {
    "vi": "Niveau VI",
    "vbis": "Niveau V bis",
    "v": "Niveau V",
    "iv": "Niveau IV",
    "iii_plus": "Niveau III et plus",
    "inconnu": "Non renseigné",
}
ZONE_FIXED = ("qpv", "hors_territoire", "inconnu")
ZONE_LABELS = {
    "qpv": "Quartiers prioritaires (QPV)",
    "hors_territoire": "Hors territoire",
    "inconnu": "Non renseignée",
}


def niveau_category(p: Profile) -> str:
    if p.niveau is None or p.niveau == "":
        return "inconnu"
    if p.niveau in ("iii", "ii", "i"):
        return "iii_plus"
    return p.niveau


def zone_category(p: Profile) -> str:
    """`qpv` first; else the sector of the commune; `hors_territoire` for a commune outside
    territoire.csv; `inconnu` when no commune."""
    if p.has_qpv:
        return "qpv"
    if not p.commune:
        return "inconnu"
    if p.territoire is None:
        return "hors_territoire"
    return p.territoire.secteur


@dataclass(frozen=True)
class Axis:
    id: str
    label: str
    definition: str


AXES: tuple[Axis, ...] = (
    Axis("sexe", "Sexe", "Femmes (f) et hommes (h)."),
    Axis(
        "age",
        "Âge",
        "Âge en années révolues à la date de référence de la population (fin de période pour les jeunes "
        "accompagnés, date du premier entretien individuel pour les premiers accueils) : moins de 18 ans, "
        "18 à 21 ans, 22 ans et plus. Né un 29 février : anniversaire le 1er mars les autres années.",
    ),
    Axis(
        "niveau",
        "Niveau de formation",
        "Niveau le plus élevé atteint : VI, V bis, V, IV, III et plus (III, II, I), non renseigné.",
    ),
    Axis("hebergement", "Hébergement", "Mode d'hébergement déclaré, ou non renseigné."),
    Axis("origine", "Origine de la venue", "Comment le jeune est venu à la Mission Locale, ou non renseigné."),
    Axis(
        "zone",
        "Zone géographique",
        "QPV si le jeune a un code de quartier prioritaire ; sinon le secteur de sa commune dans le territoire ; "
        "« hors territoire » si sa commune n'appartient pas au territoire ; « non renseignée » sans commune.",
    ),
    Axis(
        "site",
        "Site d'accueil",
        "Jeunes ayant au moins un événement retenu (atelier, information collective ou entretien individuel "
        "honoré dans la période ; pour les premiers accueils : le premier entretien individuel) dans ce site. "
        "Un jeune peut compter dans plusieurs sites ; un événement sans site ne compte nulle part.",
    ),
)


def axis_categories(axis: str, secteurs: list[str], site_ids: list[str]) -> list[str]:
    """Every category of an axis, in report order."""
    if axis == "sexe":
        return [str(v) for v in Sexe.values]
    if axis == "age":
        return list(AGE_BANDS)
    if axis == "niveau":
        return list(NIVEAU_CATEGORIES)
    if axis == "hebergement":
        return [str(v) for v in Hebergement.values] + ["inconnu"]
    if axis == "origine":
        return [str(v) for v in Origine.values] + ["inconnu"]
    if axis == "zone":
        return [s for s in secteurs if s not in ZONE_FIXED] + list(ZONE_FIXED)
    if axis == "site":
        return list(site_ids)
    raise KeyError(axis)


# --- Yes/no counts ------------------------------------------------------------------------------
# Each test returns True (counted), False (not counted) or None (unknown: not counted, and
# reported in `inconnus`).
Test = Callable[[Profile, int], "bool | None"]


def _mineur(p: Profile, age: int) -> bool | None:
    return age < 18


def _qpv(p: Profile, age: int) -> bool | None:
    # An empty qpv means "none or unknown" (interchange.md): the indicator is "has a qpv code".
    return p.has_qpv


def _zrr(p: Profile, age: int) -> bool | None:
    if not p.commune or p.territoire is None:
        return None  # no commune, or a commune outside the territory: ZRR status unknown
    return p.territoire.zrr


def _sans_qualification(p: Profile, age: int) -> bool | None:
    if p.niveau in ("vi", "vbis"):
        return True
    if p.niveau == "v":
        return None if p.diplome is None else not p.diplome
    if p.niveau in ("iv", "iii", "ii", "i"):
        return False
    return None


def _sans_diplome(p: Profile, age: int) -> bool | None:
    if p.diplome is False or p.niveau in ("vi", "vbis"):
        return True
    if p.diplome is True:
        return False
    return None


def _infra_bac(p: Profile, age: int) -> bool | None:
    if p.niveau in ("vi", "vbis", "v"):
        return True
    if p.niveau == "iv":
        return None if p.diplome is None else not p.diplome
    if p.niveau in ("iii", "ii", "i"):
        return False
    return None


def _vehicule_is(code: str) -> Test:
    def test(p: Profile, age: int) -> bool | None:
        return None if not p.vehicule else p.vehicule == code

    return test


def _permis_b(p: Profile, age: int) -> bool | None:
    return p.permis_b


def _enfants(p: Profile, age: int) -> bool | None:
    return None if p.enfants is None else p.enfants >= 1


def _rqth(p: Profile, age: int) -> bool | None:
    return p.rqth


@dataclass(frozen=True)
class Compte:
    id: str
    label: str
    definition: str
    test: Test
    # The profile fields the test reads (besides the age): the engine evaluates the test once
    # per distinct combination of these values, not once per young person.
    fields: tuple[str, ...] = ()


COMPTES: tuple[Compte, ...] = (
    Compte("mineurs", "Mineurs", "Âge inférieur à 18 ans à la date de référence.", _mineur),
    Compte("qpv", "Résidant en QPV", "Le jeune a un code de quartier prioritaire (QPV).", _qpv, ("qpv",)),
    Compte(
        "zrr",
        "Résidant en ZRR",
        "La commune du jeune est classée ZRR / FRR dans le territoire. Sans commune, ou commune hors "
        "territoire : inconnu.",
        _zrr,
        ("commune", "territoire"),
    ),
    Compte(
        "sans_qualification",
        "Sans qualification",
        "Niveau VI ou V bis, ou niveau V sans diplôme (niveau V sans information sur le diplôme : inconnu).",
        _sans_qualification,
        ("niveau", "diplome"),
    ),
    Compte(
        "sans_diplome",
        "Sans diplôme",
        "Diplôme non obtenu, ou niveau VI ou V bis.",
        _sans_diplome,
        ("niveau", "diplome"),
    ),
    Compte(
        "infra_bac",
        "Infra bac",
        "Niveau VI, V bis ou V, ou niveau IV sans diplôme.",
        _infra_bac,
        ("niveau", "diplome"),
    ),
    Compte(
        "sans_vehicule_motorise",
        "Sans véhicule motorisé",
        "Aucun véhicule motorisé à disposition.",
        _vehicule_is("aucun"),
        ("vehicule",),
    ),
    Compte("permis_b", "Titulaires du permis B", "Le jeune a le permis B.", _permis_b, ("permis_b",)),
    Compte(
        "automobile",
        "Disposant d'une automobile",
        "Le véhicule motorisé disponible est une automobile.",
        _vehicule_is("automobile"),
        ("vehicule",),
    ),
    Compte("enfants", "Avec enfant(s) à charge", "Au moins un enfant à charge.", _enfants, ("enfants",)),
    Compte("rqth", "RQTH", "Reconnaissance de la qualité de travailleur handicapé.", _rqth, ("rqth",)),
)
COMPTES_BY_ID = {c.id: c for c in COMPTES}

# Category of each axis but `age` and `site` (which depend on the reference date and on
# events), with the profile fields it reads.
AXIS_CATEGORY: dict[str, tuple[tuple[str, ...], Callable[[Profile], str]]] = {
    "sexe": (("sexe",), lambda p: p.sexe),
    "niveau": (("niveau",), niveau_category),
    "hebergement": (("hebergement",), lambda p: p.hebergement or "inconnu"),
    "origine": (("origine",), lambda p: p.origine or "inconnu"),
    "zone": (("qpv", "commune", "territoire"), zone_category),
}
