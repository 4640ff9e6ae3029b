"""French labels the report shows besides the indicators' own: breakdown axes and their
categories (codes in the report's JSON), counts, and the rows of the sections whose figures
are not indicators of the catalogue (programme follow-up, mentoring, outreach).

An indicator's label is never here: it lives once, in its declaration
(`rapports.indicators.INDICATORS`, read through `BY_ID`), and every page, PDF, XLSX, annex
and drill-down title shows that one.
"""

from __future__ import annotations

from trajectoires.aides.enums import TypeAide
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.jeunes.enums import Hebergement, Origine, Sexe
from trajectoires.manifestations.enums import TypeManifestation
from trajectoires.obligation_formation.enums import Statut as StatutObligation
from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.rapports.indicators import BY_ID
from trajectoires.reperage.enums import Canal, Lieu
from trajectoires.satisfaction.enums import Public


INCONNU = "Non renseigné"

# The two populations the report details (sections 4 and 5), titled by their indicator's label.
POPULATIONS = {key: BY_ID[key].label for key in ("jeunes_premier_accueil", "jeunes_accompagnes")}

AXES = {
    "sexe": "Sexe",
    "age": "Âge",
    "niveau": "Niveau de formation",
    "hebergement": "Hébergement",
    "origine": "Origine de la venue",
    "zone": "Lieu de résidence",
    "site": "Site",
}

CATEGORIES: dict[str, dict[str, str]] = {
    "sexe": {Sexe.F.value: "Femmes", Sexe.H.value: "Hommes"},
    "age": {"moins_18": "Moins de 18 ans", "18_21": "18 à 21 ans", "22_plus": "22 ans et plus"},
    "niveau": {
        "vi": "Niveau VI",
        "vbis": "Niveau V bis",
        "v": "Niveau V (CAP, BEP)",
        "iv": "Niveau IV (bac)",
        "iii_plus": "Niveau III et plus (bac + 2 et plus)",
    },
    "hebergement": {c.value: str(c.label) for c in Hebergement},
    "origine": {c.value: str(c.label) for c in Origine},
    "zone": {"qpv": "Quartiers prioritaires (QPV)", "hors_territoire": "Hors territoire"},
    "aides": {c.value: str(c.label) for c in TypeAide},
    "manifestations": {c.value: str(c.label) for c in TypeManifestation},
    "canal": {c.value: str(c.label) for c in Canal},
    "lieu": {c.value: str(c.label) for c in Lieu},
    "statut_parrain": {c.value: str(c.label) for c in StatutParrain},
    "issue": {c.value: str(c.label) for c in Issue},
    "public": {c.value: str(c.label) for c in Public},
    "dispositif": {code: name for code, (name, *_rest) in CATALOGUE.items()} | {"ensemble": "Ensemble"},
    "statut_of": {c.value: str(c.label) for c in StatutObligation},
}

COMPTES = {
    "mineurs": "Mineurs",
    "qpv": "Résident en QPV",
    "zrr": "Résident en ZRR",
    "sans_qualification": "Sans qualification",
    "sans_diplome": "Sans diplôme",
    "infra_bac": "Niveau inférieur au bac",
    "sans_vehicule_motorise": "Sans véhicule motorisé",
    "permis_b": "Titulaires du permis B",
    "automobile": "Possèdent une automobile",
    "enfants": "Au moins un enfant à charge",
    "rqth": "Reconnaissance de travailleur handicapé (RQTH)",
}

AIDE_MESURES = {"nombre": "Aides accordées", "montant": "Montant", "jeunes": "Jeunes", "moyenne": "Moyenne par jeune"}

SUIVI = {
    "entrees": "Entrées",
    "sorties": "Sorties",
    "sorties_positives": "Sorties positives",
    "part_sorties_positives": "Part des sorties positives",
    "sorties_avec_solution": "Sorties avec solution (emploi ou formation)",
    "part_sorties_avec_situation": "Part des sorties avec une situation (emploi, alternance, formation, immersion)",
    "mineurs_a_l_entree": "Mineurs à l'entrée",
    "rqth": "RQTH parmi les entrées",
}

PARRAINAGE = {
    "parrainages_actifs": "Parrainages en cours sur la période",
    "jeunes": "Jeunes parrainés",
    "sorties": "Parrainages terminés",
    "parrains_actifs": "Parrains et marraines actifs",
    "nouveaux_parrains": "Nouveaux parrains et marraines",
    "jeunes_par_parrain": "Jeunes par parrain ou marraine",
    "entretiens_par_parrain": "Entretiens par parrain ou marraine",
    "duree_moyenne_mois": "Durée moyenne d'un parrainage (mois)",
}

REPERAGE = {
    "actions": "Actions « aller vers »",
    "heures": "Heures hors les murs",
    "personnes_rencontrees": "Personnes rencontrées",
    "jeunes_contactes": "Jeunes contactés",
    "reperes": "Jeunes repérés",
    "remobilises": "Jeunes remobilisés",
}


def category_label(axis: str, code: str, extra: dict[str, str] | None = None) -> str:
    """The French label of a breakdown category (`inconnu` -> "Non renseigné")."""
    if code == "inconnu":
        return INCONNU
    if extra and code in extra:
        return extra[code]
    return CATEGORIES.get(axis, {}).get(code, code.replace("_", " ").capitalize() if code.islower() else code)
