"""The indicator catalogue (../shared/spec/indicators.md), declared once.

Each indicator of the flat `indicateurs` section has an id, a French label, the French
definition shown in the report's definitions annex, what it counts (`unit`) and its
computation over the facts of one period (`value`); a count of young people also gives the
young people behind it (`jeunes`), for drill-down. The engine (engine.py) gathers the facts
with a few grouped queries and evaluates these declarations for each period of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from trajectoires.aides.enums import TypeAide
from trajectoires.rapports.periods import Period


Number = int | float | None


def ratio(numerator: float, denominator: float) -> float | None:
    """A share, rate or average; `None` over an empty population."""
    if not denominator:
        return None
    return numerator / denominator


def euros(amount: Decimal | float | int) -> float:
    """An amount in euros rounded to the cent."""
    return float(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass
class SituationFacts:
    count: int = 0
    jeunes: set[int] = field(default_factory=set)


@dataclass
class AideFacts:
    nombre: int = 0
    montant: Decimal = Decimal("0")
    jeunes: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class BourseFacts:
    comptes_jeunes: int = 0
    comptes_employeurs: int = 0
    offres_deposees: int = 0
    candidatures: int = 0


@dataclass
class PeriodFacts:
    """What one period's indicators are computed from, already restricted by the filter."""

    period: Period
    contact: set[int]
    accompagnes: set[int]
    entretien: set[int]
    primo: set[int]
    entretiens: int
    situations: dict[tuple[str, str], SituationFacts]  # (categorie, type) -> starts in the period
    aides: dict[str, AideFacts]
    entres_dispositif: set[int]
    employeurs_contact: int
    employeurs_nouveaux: int
    # The job board (docs/bourse.md): young people's and employers' accounts created, offers
    # posted, applications sent in the period; 0 in a restricted report.
    bourse: BourseFacts = field(default_factory=lambda: BourseFacts())

    _sit_cache: dict[tuple, SituationFacts] = field(default_factory=dict, repr=False)

    def sit(self, categories: tuple[str, ...], types: tuple[str, ...] | None = None) -> SituationFacts:
        cached = self._sit_cache.get((categories, types))
        if cached is not None:
            return cached
        total = self._sit_cache[(categories, types)] = SituationFacts()
        for (categorie, type_), facts in self.situations.items():
            if categorie in categories and (types is None or type_ in types):
                total.count += facts.count
                total.jeunes |= facts.jeunes
        return total


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    definition: str
    unit: str  # jeunes, entretiens, situations, employeurs, aides, euros, part
    value: Callable[[PeriodFacts], Number]
    jeunes: Callable[[PeriodFacts], set[int]] | None = None


def population(id: str, label: str, definition: str, jeunes: Callable[[PeriodFacts], set[int]]) -> Indicator:
    return Indicator(id, label, definition, "jeunes", lambda f: len(jeunes(f)), jeunes)


def situations(
    id: str,
    label: str,
    jeunes_label: str,
    definition: str,
    categories: tuple[str, ...],
    types: tuple[str, ...] | None = None,
) -> list[Indicator]:
    """A number of situations starting in the period (`label`), and its distinct young people
    (`<id>_jeunes`, `jeunes_label`)."""
    return [
        Indicator(
            id,
            label,
            definition,
            "situations",
            lambda f: f.sit(categories, types).count,
            lambda f: f.sit(categories, types).jeunes,
        ),
        population(
            f"{id}_jeunes",
            jeunes_label,
            f"Jeunes distincts concernés par : {definition[0].lower()}{definition[1:]}",
            lambda f: f.sit(categories, types).jeunes,
        ),
    ]


def _share(id: str, label: str, definition: str, num: str, den: str) -> Indicator:
    return Indicator(
        id, label, definition, "part", lambda f: ratio(BY_ID[num].value(f) or 0, BY_ID[den].value(f) or 0)
    )


def _aides() -> list[Indicator]:
    result: list[Indicator] = []
    for code, label in TypeAide.choices:

        def get(f: PeriodFacts, code: str = code) -> AideFacts:
            return f.aides.get(code) or AideFacts()

        result += [
            Indicator(
                f"aides.{code}.nombre",
                f"{label} : nombre",
                f"Nombre d'aides « {label} » décidées dans la période.",
                "aides",
                lambda f, get=get: get(f).nombre,
                lambda f, get=get: get(f).jeunes,
            ),
            Indicator(
                f"aides.{code}.montant",
                f"{label} : montant",
                f"Somme des montants des aides « {label} » décidées dans la période (un montant vide compte 0), "
                "en euros arrondis au centime.",
                "euros",
                lambda f, get=get: euros(get(f).montant),
                lambda f, get=get: get(f).jeunes,
            ),
            population(
                f"aides.{code}.jeunes",
                f"{label} : bénéficiaires",
                f"Jeunes distincts ayant eu au moins une aide « {label} » décidée dans la période.",
                lambda f, get=get: get(f).jeunes,
            ),
            Indicator(
                f"aides.{code}.moyenne",
                f"{label} : montant moyen par jeune",
                f"Montant total des aides « {label} » de la période divisé par le nombre de jeunes bénéficiaires, "
                "en euros arrondis au centime.",
                "euros",
                lambda f, get=get: None if not get(f).jeunes else euros(get(f).montant / len(get(f).jeunes)),
            ),
        ]
    return result


_EMPLOI = ("emploi",)
_EMPLOI_ALTERNANCE = ("emploi", "alternance")

INDICATORS: tuple[Indicator, ...] = (
    population(
        "jeunes_en_contact",
        "Jeunes en contact",
        "Jeunes distincts ayant eu au moins un événement de toute nature (entretien, atelier, information "
        "collective, téléphone, courriel, SMS, courrier, visite, autre) dans la période. Un rendez-vous manqué "
        "(honoré = 0) ne compte pas.",
        lambda f: f.contact,
    ),
    population(
        "jeunes_accompagnes",
        "Jeunes accompagnés",
        "Jeunes distincts ayant eu au moins un entretien individuel, un atelier ou une information collective "
        "honoré dans la période.",
        lambda f: f.accompagnes,
    ),
    population(
        "jeunes_entretien_individuel",
        "Jeunes reçus en entretien individuel",
        "Jeunes distincts ayant eu au moins un entretien individuel honoré dans la période.",
        lambda f: f.entretien,
    ),
    population(
        "jeunes_premier_accueil",
        "Jeunes reçus pour la première fois",
        "Jeunes dont le tout premier entretien individuel honoré (sur tout leur historique) a lieu dans la "
        "période (« primo »).",
        lambda f: f.primo,
    ),
    _share(
        "part_accompagnes_contact",
        "Part des jeunes accompagnés parmi les jeunes en contact",
        "Jeunes accompagnés divisés par jeunes en contact.",
        "jeunes_accompagnes",
        "jeunes_en_contact",
    ),
    _share(
        "part_entretien_contact",
        "Part des jeunes reçus en entretien individuel parmi les jeunes en contact",
        "Jeunes reçus en entretien individuel divisés par jeunes en contact.",
        "jeunes_entretien_individuel",
        "jeunes_en_contact",
    ),
    Indicator(
        "entretiens_individuels",
        "Entretiens individuels",
        "Nombre d'entretiens individuels honorés dans la période (des événements, pas des jeunes).",
        "entretiens",
        lambda f: f.entretiens,
        lambda f: f.entretien,
    ),
    Indicator(
        "entrees_emploi",
        "Entrées en emploi",
        "Nombre de situations d'emploi ou d'alternance commençant dans la période.",
        "situations",
        lambda f: f.sit(_EMPLOI_ALTERNANCE).count,
        lambda f: f.sit(_EMPLOI_ALTERNANCE).jeunes,
    ),
    Indicator(
        "contrats_emploi_classique",
        "Contrats de travail (hors alternance)",
        "Nombre de situations d'emploi (hors alternance) commençant dans la période.",
        "situations",
        lambda f: f.sit(_EMPLOI).count,
        lambda f: f.sit(_EMPLOI).jeunes,
    ),
    Indicator(
        "entrees_alternance",
        "Entrées en alternance",
        "Nombre de situations d'alternance (apprentissage, professionnalisation) commençant dans la période.",
        "situations",
        lambda f: f.sit(("alternance",)).count,
        lambda f: f.sit(("alternance",)).jeunes,
    ),
    Indicator(
        "entrees_formation",
        "Entrées en formation",
        "Nombre de situations de formation commençant dans la période.",
        "situations",
        lambda f: f.sit(("formation",)).count,
        lambda f: f.sit(("formation",)).jeunes,
    ),
    Indicator(
        "retours_formation_initiale",
        "Retours en formation initiale",
        "Nombre de situations de scolarité (retour en formation initiale) commençant dans la période.",
        "situations",
        lambda f: f.sit(("scolarite",)).count,
        lambda f: f.sit(("scolarite",)).jeunes,
    ),
    population(
        "jeunes_acces_emploi",
        "Jeunes accompagnés ayant accédé à l'emploi",
        "Jeunes accompagnés dans la période ayant au moins une situation d'emploi ou d'alternance commençant "
        "dans la période.",
        lambda f: f.accompagnes & f.sit(_EMPLOI_ALTERNANCE).jeunes,
    ),
    _share(
        "taux_acces_emploi",
        "Part des jeunes accompagnés ayant accédé à l'emploi",
        "Jeunes accompagnés ayant accédé à un emploi divisés par jeunes accompagnés.",
        "jeunes_acces_emploi",
        "jeunes_accompagnes",
    ),
    population(
        "jeunes_entres_dispositif",
        "Jeunes entrés dans un dispositif",
        "Jeunes distincts ayant au moins une entrée dans un dispositif (date d'entrée) dans la période.",
        lambda f: f.entres_dispositif,
    ),
    *situations(
        "immersions_pmsmp",
        "Immersions PMSMP",
        "Jeunes en immersion PMSMP",
        "Immersions de type PMSMP commençant dans la période.",
        ("immersion",),
        ("pmsmp",),
    ),
    *situations(
        "immersions_autres",
        "Autres immersions",
        "Jeunes en autre immersion",
        "Immersions d'un autre type que PMSMP (stage, autre) commençant dans la période.",
        ("immersion",),
        ("stage", "autre"),
    ),
    *situations(
        "immersions_total",
        "Immersions",
        "Jeunes en immersion",
        "Toutes les immersions commençant dans la période (jeunes : distincts, pas la somme des lignes).",
        ("immersion",),
    ),
    *situations(
        "volontariat_service_civique",
        "Contrats de service civique",
        "Jeunes en service civique",
        "Volontariats de type service civique commençant dans la période.",
        ("volontariat",),
        ("service_civique",),
    ),
    *situations(
        "volontariat_autres",
        "Autres missions de volontariat",
        "Jeunes en autre volontariat",
        "Volontariats d'un autre type que le service civique commençant dans la période.",
        ("volontariat",),
        ("autre",),
    ),
    *situations(
        "volontariat_total",
        "Missions de volontariat",
        "Jeunes en volontariat",
        "Tous les volontariats commençant dans la période (jeunes : distincts, pas la somme des lignes).",
        ("volontariat",),
    ),
    Indicator(
        "acteurs_economiques_contact",
        "Acteurs économiques en contact",
        "Employeurs ayant au moins un contact enregistré dans la période. Non calculé (0) dans un rapport "
        "restreint : ces faits ne concernent aucun jeune.",
        "employeurs",
        lambda f: f.employeurs_contact,
    ),
    Indicator(
        "acteurs_economiques_nouveaux",
        "Nouveaux acteurs économiques en contact",
        "Employeurs dont le tout premier contact enregistré a lieu dans la période. Non calculé (0) dans un "
        "rapport restreint.",
        "employeurs",
        lambda f: f.employeurs_nouveaux,
    ),
    # The job board (issue 13, docs/bourse.md): not in the spec's catalogue, added under bourse_*.
    Indicator(
        "bourse_comptes_jeunes",
        "Comptes de jeunes créés sur la bourse à l'emploi",
        "Comptes « jeune » de la bourse à l'emploi créés dans la période (date de création), dont l'adresse "
        "électronique a été confirmée. Non calculé (0) dans un rapport restreint.",
        "comptes",
        lambda f: f.bourse.comptes_jeunes,
    ),
    Indicator(
        "bourse_comptes_employeurs",
        "Comptes employeurs créés sur la bourse à l'emploi",
        "Comptes « employeur » de la bourse à l'emploi créés dans la période (date de création), dont l'adresse "
        "électronique a été confirmée. Non calculé (0) dans un rapport restreint.",
        "comptes",
        lambda f: f.bourse.comptes_employeurs,
    ),
    Indicator(
        "bourse_offres_deposees",
        "Offres déposées sur la bourse à l'emploi",
        "Offres déposées par un compte employeur de la bourse à l'emploi dans la période (date du dépôt), "
        "qu'elles aient été publiées, refusées ou soient en attente. Non calculé (0) dans un rapport restreint.",
        "offres",
        lambda f: f.bourse.offres_deposees,
    ),
    Indicator(
        "bourse_candidatures",
        "Candidatures reçues sur la bourse à l'emploi",
        "Candidatures envoyées par des comptes « jeune » de la bourse à l'emploi dans la période (date d'envoi). "
        "Non calculé (0) dans un rapport restreint.",
        "candidatures",
        lambda f: f.bourse.candidatures,
    ),
    *_aides(),
)
BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}


def evaluate(facts: PeriodFacts) -> dict[str, Number]:
    return {indicator.id: indicator.value(facts) for indicator in INDICATORS}


def evolution(current: Number, previous: Number) -> float | None:
    """(current - previous) / previous; `None` when previous is 0 or null (or current null)."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous


# --- Definitions of the other sections (annex) -----------------------------------------------------
@dataclass(frozen=True)
class Definition:
    section: str
    id: str
    label: str
    definition: str


SECTION_DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "dispositifs",
        "beneficiaires",
        "Bénéficiaires",
        "Jeunes distincts ayant une entrée dans le dispositif dans la période. Une ligne par dispositif ayant "
        "au moins une inscription dans la base, à n'importe quelle date ; « ensemble » compte les jeunes "
        "distincts tous dispositifs confondus (pas la somme des lignes).",
    ),
    Definition("dispositifs", "femmes", "Femmes", "Parmi les bénéficiaires, les femmes."),
    Definition(
        "dispositifs",
        "mineurs",
        "Mineurs",
        "Parmi les bénéficiaires, âge inférieur à 18 ans à la date d'entrée (la première entrée de la période "
        "s'il y en a plusieurs).",
    ),
    Definition(
        "dispositifs",
        "sans_qualification",
        "Sans qualification",
        "Parmi les bénéficiaires, niveau VI ou V bis, ou V sans diplôme (inconnu non compté).",
    ),
    Definition("dispositifs", "qpv", "QPV", "Parmi les bénéficiaires, jeunes ayant un code QPV."),
    Definition("dispositifs", "zrr", "ZRR", "Parmi les bénéficiaires, commune classée ZRR (inconnu non compté)."),
    Definition(
        "dispositifs",
        "presents_fin_periode",
        "Présents en fin de période",
        "Jeunes distincts dont une inscription est ouverte au dernier jour de la période (entrée au plus tard "
        "ce jour-là, sans sortie ou sortie après).",
    ),
    Definition(
        "suivi_dispositifs",
        "entrees",
        "Entrées",
        "Inscriptions (lignes, pas jeunes distincts) dont la date d'entrée est dans la fenêtre : depuis le "
        "début de l'historique jusqu'à la fin de période (« depuis_debut »), ou dans la période.",
    ),
    Definition("suivi_dispositifs", "sorties", "Sorties", "Inscriptions dont la date de sortie est dans la fenêtre."),
    Definition(
        "suivi_dispositifs",
        "sorties_positives",
        "Sorties positives",
        "Sorties dont le motif est positif (emploi durable, alternance, formation qualifiante, création "
        "d'entreprise par défaut ; réglage TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE).",
    ),
    Definition(
        "suivi_dispositifs",
        "part_sorties_positives",
        "Part de sorties positives",
        "Sorties positives divisées par sorties.",
    ),
    Definition(
        "suivi_dispositifs",
        "sorties_avec_solution",
        "Sorties avec solution",
        "Sorties positives, ou de motif emploi (moins de 6 mois) ou formation.",
    ),
    Definition(
        "suivi_dispositifs",
        "mineurs_a_l_entree",
        "Mineurs à l'entrée",
        "Entrées d'un jeune âgé de moins de 18 ans à la date d'entrée.",
    ),
    Definition("suivi_dispositifs", "rqth", "RQTH", "Entrées d'un jeune reconnu travailleur handicapé."),
    Definition(
        "suivi_dispositifs",
        "part_sorties_avec_situation",
        "Part des sorties avec une situation",
        "Part des sorties dont le jeune a commencé un emploi, une alternance, une formation ou une immersion "
        "entre la date d'entrée et la date de sortie (incluses).",
    ),
    Definition(
        "parrainage",
        "parrainages_actifs",
        "Parrainages actifs",
        "Parrainages en cours à un moment de la période (début au plus tard à la fin de période, fin vide ou "
        "au plus tôt au début) ; « jeunes » : leurs jeunes distincts.",
    ),
    Definition(
        "parrainage",
        "sorties",
        "Sorties de parrainage",
        "Parrainages se terminant dans la période, par issue (solution, sans solution, abandon, inconnu).",
    ),
    Definition(
        "parrainage",
        "parrains_actifs",
        "Parrains et marraines actifs",
        "Entrés dans le réseau au plus tard à la fin de période et non sortis avant son début, par statut ; "
        "« nouveaux » : entrés dans la période. Non comptés dans un rapport restreint.",
    ),
    Definition(
        "parrainage", "jeunes_par_parrain", "Jeunes par parrain", "Jeunes parrainés divisés par parrains actifs."
    ),
    Definition(
        "parrainage",
        "entretiens_par_parrain",
        "Rencontres par parrain",
        "Somme des rencontres des parrainages actifs (vide = 0) divisée par les parrains actifs.",
    ),
    Definition(
        "parrainage",
        "duree_moyenne_mois",
        "Durée moyenne (mois)",
        "Moyenne, sur les parrainages terminés dans la période, de (fin − début) en jours divisée par 365,25 / 12.",
    ),
    Definition(
        "reperage",
        "actions",
        "Actions de repérage",
        "Actions datées dans la période, par canal ; heures, personnes rencontrées et jeunes contactés "
        "additionnés (vide = 0). Non comptées dans un rapport restreint.",
    ),
    Definition(
        "reperage",
        "reperes",
        "Jeunes repérés",
        "Repérés datés dans la période (par leur propre date), par canal et lieu de leur action (sans lieu : "
        "inconnu). Dans un rapport restreint, seuls ceux rattachés à un jeune retenu.",
    ),
    Definition(
        "reperage",
        "remobilises",
        "Jeunes remobilisés",
        "Repérés de la période rattachés à un jeune ayant eu au moins 3 entretiens individuels, ateliers ou "
        "informations collectives honorés strictement après la date du repérage et au plus tard en fin de "
        "période.",
    ),
    Definition(
        "obligation_formation",
        "signales",
        "Jeunes signalés (obligation de formation)",
        "Signalements datés dans la période, par statut (statut daté après la fin de période : inconnu) ; "
        "« en_solution » : statut « en solution » connu en fin de période.",
    ),
    Definition(
        "manifestations",
        "nombre",
        "Manifestations",
        "Manifestations datées dans la période, jeunes et partenaires présents additionnés (vide = 0), par "
        "type. Non comptées dans un rapport restreint.",
    ),
    Definition(
        "satisfaction",
        "repondants",
        "Répondants",
        "Répondants distincts par public (jeunes, employeurs) parmi les réponses datées dans la période ; "
        "par question, part des réponses 3 ou 4 (satisfait, très satisfait).",
    ),
    Definition(
        "series",
        "series",
        "Séries sur cinq périodes",
        "Jeunes accompagnés et premiers accueils sur la période et les quatre précédentes (chacune décalée "
        "d'un an : 29 février → 28 février) ; clé AAAA pour une année civile, sinon début/fin.",
    ),
    Definition(
        "evolutions",
        "evolutions",
        "Évolutions",
        "(valeur − valeur de la période précédente) / valeur de la période précédente ; vide si la valeur "
        "précédente est nulle ou vide. La période précédente est la même plage un an plus tôt, filtre "
        "appliqué à nouveau.",
    ),
)

