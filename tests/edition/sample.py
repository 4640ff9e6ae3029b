"""A hand-made report dict shaped like indicators.md's JSON (figures close to the 2024 seed),
to test the renderers without a database."""

from __future__ import annotations

from typing import Any

from trajectoires.edition.document import ReportContext


def sample_report() -> dict[str, Any]:
    return {
        "format": "trajectoires-report/1",
        "periode": {"debut": "2024-01-01", "fin": "2024-12-31"},
        "filtre": None,
        "indicateurs": {
            "jeunes_en_contact": 4493,
            "jeunes_accompagnes": 3484,
            "jeunes_entretien_individuel": 3422,
            "jeunes_premier_accueil": 1571,
            "part_accompagnes_contact": 0.7754,
            "part_entretien_contact": 0.7616,
            "entretiens_individuels": 14656,
            "entrees_emploi": 2725,
            "contrats_emploi_classique": 2401,
            "entrees_alternance": 324,
            "entrees_formation": 657,
            "retours_formation_initiale": 41,
            "jeunes_acces_emploi": 1108,
            "taux_acces_emploi": 0.318,
            "jeunes_entres_dispositif": 1760,
            "immersions_pmsmp": 486,
            "immersions_pmsmp_jeunes": 330,
            "immersions_autres": 11,
            "immersions_autres_jeunes": 10,
            "immersions_total": 497,
            "immersions_total_jeunes": 338,
            "volontariat_service_civique": 48,
            "volontariat_service_civique_jeunes": 47,
            "volontariat_autres": 114,
            "volontariat_autres_jeunes": 60,
            "volontariat_total": 162,
            "volontariat_total_jeunes": 105,
            "acteurs_economiques_contact": 353,
            "acteurs_economiques_nouveaux": 204,
            "aides.allocation_pacea.nombre": 642,
            "aides.allocation_pacea.montant": 110406.0,
            "aides.allocation_pacea.jeunes": 217,
            "aides.allocation_pacea.moyenne": 508.78,
            "aides.fdaj.nombre": 35,
            "aides.fdaj.montant": 7250.5,
            "aides.fdaj.jeunes": 31,
            "aides.fdaj.moyenne": 233.89,
        },
        "repartitions": {
            "jeunes_premier_accueil": {
                "sexe": {"f": 729, "h": 842},
                "age": {"moins_18": 407, "18_21": 794, "22_plus": 370},
                "niveau": {"vi": 120, "vbis": 210, "v": 520, "iv": 480, "iii_plus": 190, "inconnu": 51},
                "hebergement": {"parents": 806, "famille": 171, "autonome": 306, "amis": 94, "foyer": 134,
                                "sans": 49, "inconnu": 11},
                "origine": {"entourage": 566, "demarche_personnelle": 121, "mission_locale": 66,
                            "france_travail": 483, "entreprise": 16, "intervenant_social": 246, "education": 68,
                            "autre": 5, "inconnu": 0},
                "zone": {"Besançon": 700, "Hors Besançon": 460, "qpv": 387, "hors_territoire": 20, "inconnu": 4},
                "site": {"s1": 1200, "s2": 371},
            },
            "jeunes_accompagnes": {
                "sexe": {"f": 1660, "h": 1824},
                "age": {"moins_18": 322, "18_21": 1860, "22_plus": 1302},
                "niveau": {"vi": 260, "vbis": 420, "v": 1200, "iv": 1100, "iii_plus": 440, "inconnu": 64},
                "hebergement": {"parents": 1812, "famille": 362, "autonome": 763, "amis": 160, "foyer": 251,
                                "sans": 115, "inconnu": 21},
                "origine": {"entourage": 1200, "demarche_personnelle": 300, "mission_locale": 200,
                            "france_travail": 1000, "entreprise": 40, "intervenant_social": 550, "education": 180,
                            "autre": 10, "inconnu": 4},
                "zone": {"Besançon": 1500, "Hors Besançon": 930, "qpv": 1017, "hors_territoire": 30, "inconnu": 7},
                "site": {"s1": 2900, "s2": 700},
            },
        },
        "comptes": {
            "jeunes_premier_accueil": {
                "mineurs": 407, "qpv": 387, "zrr": 52, "sans_qualification": 510, "sans_diplome": 640,
                "infra_bac": 1010, "sans_vehicule_motorise": 1325, "permis_b": 327, "automobile": 229,
                "enfants": 83, "rqth": 40,
                "inconnus": {"zrr": 24, "sans_qualification": 37, "sans_vehicule_motorise": 12, "enfants": 5},
            },
            "jeunes_accompagnes": {
                "mineurs": 322, "qpv": 1017, "zrr": 110, "sans_qualification": 1180, "sans_diplome": 1500,
                "infra_bac": 2300, "sans_vehicule_motorise": 2600, "permis_b": 800, "automobile": 560,
                "enfants": 190, "rqth": 92,
                "inconnus": {"zrr": 37, "sans_qualification": 55, "sans_vehicule_motorise": 20, "enfants": 9},
            },
        },
        "dispositifs": {
            "cej": {"beneficiaires": 531, "femmes": 248, "mineurs": 62, "sans_qualification": 209, "qpv": 193,
                    "zrr": 14, "presents_fin_periode": 332},
            "pacea": {"beneficiaires": 854, "femmes": 419, "mineurs": 177, "sans_qualification": 395, "qpv": 243,
                      "zrr": 32, "presents_fin_periode": 702},
            "ensemble": {"beneficiaires": 1288, "femmes": 601, "mineurs": 220, "sans_qualification": 560,
                         "qpv": 390, "zrr": 41, "presents_fin_periode": 981},
        },
        "suivi_dispositifs": {
            "cej": {
                "depuis_debut": {"entrees": 1507, "sorties": 1196, "sorties_positives": 314,
                                 "part_sorties_positives": 0.2625, "sorties_avec_solution": 420,
                                 "mineurs_a_l_entree": 209, "rqth": 92, "part_sorties_avec_situation": 0.51},
                "periode": {"entrees": 531, "sorties": 480, "sorties_positives": 130,
                            "part_sorties_positives": 0.2708, "sorties_avec_solution": 170,
                            "mineurs_a_l_entree": 62, "rqth": 30, "part_sorties_avec_situation": 0.5},
            },
        },
        "parrainage": {
            "parrainages_actifs": 130, "jeunes": 125, "sorties": 104,
            "sorties_par_issue": {"solution": 62, "sans_solution": 37, "abandon": 5, "inconnu": 0},
            "parrains_actifs": 24, "parrains_actifs_par_statut": {"retraite": 17, "actif": 7},
            "nouveaux_parrains": 4, "jeunes_par_parrain": 5.21, "entretiens_par_parrain": 2.4,
            "duree_moyenne_mois": 5.3,
        },
        "reperage": {
            "actions": 104, "actions_par_canal": {"kaf_truck": 30, "maraude": 40, "evenement": 34},
            "heures": 2010.5, "personnes_rencontrees": 2300, "jeunes_contactes": 1020, "reperes": 172,
            "reperes_par_canal": {"kaf_truck": 30, "maraude": 29, "evenement": 38, "en_ligne": 11, "liste": 36,
                                  "ilotage": 28},
            "reperes_par_lieu": {"pied_immeuble": 50, "evenement": 60, "inconnu": 62},
            "remobilises": 57,
        },
        "obligation_formation": {"signales": 210, "par_statut": {"en_solution": 90, "injoignable": 40,
                                                                 "a_contacter": 80, "inconnu": 0},
                                 "en_solution": 90},
        "manifestations": {"nombre": 32, "jeunes": 1450, "partenaires": 210,
                           "par_type": {"forum": {"nombre": 6, "jeunes": 900, "partenaires": 120}}},
        "satisfaction": {"repondants": {"jeune": 208, "employeur": 41},
                         "par_question": {"jeune": {"Accueil": 0.94, "Conseils": 0.9}, "employeur": {"Réactivité": 0.88}}},
        "series": {
            "jeunes_accompagnes": {"2020": 3280, "2021": 3623, "2022": 3550, "2023": 3410, "2024": 3484},
            "jeunes_premier_accueil": {"2020": 1500, "2021": 1688, "2022": 1620, "2023": 1540, "2024": 1571},
        },
        "evolutions": {"jeunes_en_contact": 0.021, "jeunes_accompagnes": 0.0217, "entrees_emploi": 0.12,
                       "jeunes_premier_accueil": 0.0201, "immersions_pmsmp": -0.0795, "taux_acces_emploi": None},
    }


def sample_context() -> ReportContext:
    from trajectoires.rapports.indicators import definitions

    return ReportContext(
        structure_name="Mission Locale du bassin d'emploi de Besançon",
        data_date="2025-04-06",
        definitions=definitions(),
        territoire=[{"epci": "Grand Besançon Métropole", "communes": ["Besançon", "Saint-Vit"]}],
        sites=[{"id": "s1", "nom": "Siège – rue Midol", "type": "siege", "type_label": "Siège"},
               {"id": "s2", "nom": "Antenne d'Ornans", "type": "antenne", "type_label": "Antenne"}],
        pages=[{"kind": "editorial", "kind_label": "Éditorial", "title": "Le mot du président",
                "text": "Une année riche.\n\nMerci à toute l'équipe."}],
    )
