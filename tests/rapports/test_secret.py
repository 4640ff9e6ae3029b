"""Statistical secrecy of the report dict (rapports/secret.py): which cells are masked, and how."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from trajectoires.rapports.secret import MARKER_KEY, mask_report, masked_difference


M = "< 5"


def _report(filtre: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "format": "trajectoires-report/1",
        "periode": {"debut": "2025-01-01", "fin": "2025-12-31"},
        "filtre": filtre,
        "indicateurs": {
            "jeunes_en_contact": 40,
            "jeunes_accompagnes": 3,
            "jeunes_entretien_individuel": 0,
            "part_accompagnes_contact": 3 / 40,
            "part_entretien_contact": 0.0,
            "jeunes_acces_emploi": 1,
            "taux_acces_emploi": 1 / 3,
            "entretiens_individuels": 12,
            "aides.fdaj.nombre": 2,
            "aides.fdaj.montant": 300.0,
            "aides.fdaj.jeunes": 2,
            "aides.fdaj.moyenne": 150.0,
        },
        "repartitions": {"jeunes_accompagnes": {"sexe": {"f": 2, "h": 1}}},
        "dispositifs": {
            "cej": {"beneficiaires": 3, "femmes": 1, "presents_fin_periode": 0},
            "jsmj_mf": {"beneficiaires": 2, "femmes": 0, "presents_fin_periode": 7},
            "sante": {"beneficiaires": 5, "femmes": 4},
            "ensemble": {"beneficiaires": 9, "femmes": 4},
        },
        "suivi_dispositifs": {
            "psychologue": {"periode": {"entrees": 10, "sorties": 10, "sorties_positives": 6,
                                        "part_sorties_positives": 0.6, "part_sorties_avec_situation": 0.2}},
            "cej": {"periode": {"entrees": 2, "sorties": 1, "sorties_positives": 1, "part_sorties_positives": 1.0}},
        },
        "parrainage": {
            "jeunes": 3, "parrains_actifs": 6, "sorties": 2, "jeunes_par_parrain": 0.5, "duree_moyenne_mois": 4.2,
        },
        "series": {"jeunes_accompagnes": {"2025": 3, "2024": 0, "2023": 12}},
        "evolutions": {"jeunes_accompagnes": 2.0, "entretiens_individuels": 3.0, "jeunes_en_contact": 0.0},
    }


def test_an_unfiltered_report_masks_only_small_cells_naming_a_sensitive_programme():
    data = _report()
    out = mask_report(data)
    assert out["dispositifs"]["jsmj_mf"] == {"beneficiaires": M, "femmes": 0, "presents_fin_periode": 7}
    assert out["dispositifs"]["sante"] == {"beneficiaires": 5, "femmes": M}
    # Not about a sensitive programme: exact, however small.
    assert out["dispositifs"]["cej"] == data["dispositifs"]["cej"]
    assert out["dispositifs"]["ensemble"] == data["dispositifs"]["ensemble"]
    assert out["indicateurs"] == data["indicateurs"]
    assert out["evolutions"] == data["evolutions"]
    # A programme followed on request: 10 exits, 20 % with a situation = 2 exits, masked.
    suivi = out["suivi_dispositifs"]["psychologue"]["periode"]
    assert suivi["part_sorties_avec_situation"] == M
    assert suivi["part_sorties_positives"] == 0.6 and suivi["entrees"] == 10
    assert out[MARKER_KEY] == {"seuil": 5, "marque": M}


def test_the_input_is_never_changed():
    data = _report({"cle": "conseiller", "valeur": "c1"})
    before = copy.deepcopy(data)
    mask_report(data)
    assert data == before


@pytest.mark.parametrize("filtre", [{"cle": "conseiller", "valeur": "c1"}, {"cle": "dispositif", "valeur": "jsmj_mo"}])
def test_a_report_restricted_to_a_counsellor_or_a_sensitive_programme_masks_every_small_cell(filtre):
    out = mask_report(_report(filtre))
    ind = out["indicateurs"]
    assert ind["jeunes_en_contact"] == 40 and ind["jeunes_entretien_individuel"] == 0  # 0 stays 0
    assert ind["jeunes_accompagnes"] == M and ind["jeunes_acces_emploi"] == M
    # Shares over or of a masked count, and those that imply a small count.
    assert ind["part_accompagnes_contact"] == M and ind["taux_acces_emploi"] == M
    assert ind["part_entretien_contact"] == 0.0
    # Help received by 2 young people: amount and average masked with them.
    assert ind["aides.fdaj.montant"] == M and ind["aides.fdaj.moyenne"] == M
    assert out["repartitions"]["jeunes_accompagnes"]["sexe"] == {"f": M, "h": M}
    assert out["dispositifs"]["cej"] == {"beneficiaires": M, "femmes": M, "presents_fin_periode": 0}
    assert out["suivi_dispositifs"]["cej"]["periode"]["part_sorties_positives"] == M
    # 6 mentors, 0.5 young person each: 3 young people, masked.
    assert out["parrainage"]["jeunes_par_parrain"] == M and out["parrainage"]["duree_moyenne_mois"] == M
    assert out["series"]["jeunes_accompagnes"] == {"2025": M, "2024": 0, "2023": 12}
    # Changes: with a masked indicator, or implying a small previous value (12 now, +300 %: 3 before).
    assert out["evolutions"] == {"jeunes_accompagnes": M, "entretiens_individuels": M, "jeunes_en_contact": 0.0}


def test_other_filters_mask_as_the_unfiltered_report():
    out = mask_report(_report({"cle": "secteur", "valeur": "Besançon"}))
    assert out["indicateurs"]["jeunes_accompagnes"] == 3
    assert out["dispositifs"]["jsmj_mf"]["beneficiaires"] == M


def test_the_threshold_is_a_setting(settings):
    settings.TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL = 11
    out = mask_report(_report())
    assert out["dispositifs"]["jsmj_mf"]["presents_fin_periode"] == "< 11"
    assert out["suivi_dispositifs"]["psychologue"]["periode"]["entrees"] == "< 11"
    assert out[MARKER_KEY]["marque"] == "< 11"
    settings.TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL = 1  # masks nothing
    assert mask_report(_report())["dispositifs"]["jsmj_mf"]["beneficiaires"] == 2


def test_a_difference_a_renderer_derives_is_masked_the_same_way():
    masked = mask_report(_report())
    # Men among the health programme's 5 beneficiaries: 5 − 4 = 1, masked.
    assert masked_difference(5, 4, "dispositifs.sante.hommes", masked) == M
    assert masked_difference(5, M, "dispositifs.sante.hommes", masked) == M
    assert masked_difference(9, 4, "dispositifs.ensemble.hommes", masked) == 5
    assert masked_difference(5, 4, "dispositifs.sante.hommes", _report()) == 1  # exact figures: exact
    assert masked_difference(None, 4, "dispositifs.sante.hommes", masked) is None
