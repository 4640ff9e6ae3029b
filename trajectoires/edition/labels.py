"""French labels for the categories and indicators the report shows.

The engine's definitions carry each indicator's label and definition; the labels here are a
fallback for ids it does not describe and for breakdown categories (which are codes).
"""

from __future__ import annotations

from trajectoires.aides.enums import TypeAide
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.jeunes.enums import Hebergement, Origine, Sexe
from trajectoires.manifestations.enums import TypeManifestation
from trajectoires.obligation_formation.enums import Statut as StatutObligation
from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.reperage.enums import Canal, Lieu
from trajectoires.satisfaction.enums import Public


INCONNU = "Non renseigné"

POPULATIONS = {
    "jeunes_premier_accueil": "Jeunes reçus pour la première fois",
    "jeunes_accompagnes": "Jeunes accompagnés",
}

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

INDICATEURS = {
    "jeunes_en_contact": "Jeunes en contact",
    "jeunes_accompagnes": "Jeunes accompagnés",
    "jeunes_entretien_individuel": "Jeunes reçus en entretien individuel",
    "jeunes_premier_accueil": "Jeunes reçus pour la première fois",
    "part_accompagnes_contact": "Part des jeunes accompagnés parmi les jeunes en contact",
    "part_entretien_contact": "Part des jeunes reçus en entretien individuel parmi les jeunes en contact",
    "entretiens_individuels": "Entretiens individuels",
    "entrees_emploi": "Entrées en emploi",
    "contrats_emploi_classique": "Contrats de travail (hors alternance)",
    "entrees_alternance": "Entrées en alternance",
    "entrees_formation": "Entrées en formation",
    "retours_formation_initiale": "Retours en formation initiale",
    "jeunes_acces_emploi": "Jeunes accompagnés ayant accédé à l'emploi",
    "taux_acces_emploi": "Part des jeunes accompagnés ayant accédé à l'emploi",
    "jeunes_entres_dispositif": "Jeunes entrés dans un dispositif",
    "immersions_pmsmp": "Immersions PMSMP",
    "immersions_pmsmp_jeunes": "Jeunes en immersion PMSMP",
    "immersions_autres": "Autres immersions",
    "immersions_autres_jeunes": "Jeunes en autre immersion",
    "immersions_total": "Immersions",
    "immersions_total_jeunes": "Jeunes en immersion",
    "volontariat_service_civique": "Contrats de service civique",
    "volontariat_service_civique_jeunes": "Jeunes en service civique",
    "volontariat_autres": "Autres missions de volontariat",
    "volontariat_autres_jeunes": "Jeunes en autre volontariat",
    "volontariat_total": "Missions de volontariat",
    "volontariat_total_jeunes": "Jeunes en volontariat",
    "acteurs_economiques_contact": "Acteurs économiques en contact",
    "acteurs_economiques_nouveaux": "Nouveaux acteurs économiques en contact",
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
