from __future__ import annotations

import pytest
from django.test import override_settings

from tests.factories import CommuneFactory, InscriptionFactory, JeuneFactory, SituationFactory
from tests.rapports.conftest import d, report, run


@pytest.fixture
def dataset(structure, other_structure):
    CommuneFactory(structure=structure, ext_id="25002", zrr=True)
    p1 = JeuneFactory(
        structure=structure, sexe="f", date_naissance=d("2007-06-01"), niveau="vi", qpv="Q1", commune="25002"
    )
    p2 = JeuneFactory(
        structure=structure, sexe="h", date_naissance=d("2000-01-01"), niveau="iv", diplome=True, rqth=True
    )
    p3 = JeuneFactory(structure=structure, sexe="f", date_naissance=d("2006-03-01"))
    InscriptionFactory(jeune=p1, dispositif="cej", date_entree=d("2024-03-01"))
    InscriptionFactory(
        jeune=p1,
        dispositif="pacea",
        date_entree=d("2023-01-01"),
        date_sortie=d("2024-02-01"),
        motif_sortie="emploi_durable",
    )
    InscriptionFactory(
        jeune=p2, dispositif="cej", date_entree=d("2022-05-01"), date_sortie=d("2024-12-31"), motif_sortie="alternance"
    )
    InscriptionFactory(
        jeune=p2,
        dispositif="pacea",
        date_entree=d("2024-06-01"),
        date_sortie=d("2025-02-01"),
        motif_sortie="formation",
    )
    InscriptionFactory(
        jeune=p3,
        dispositif="garantie_jeunes",
        date_entree=d("2021-01-01"),
        date_sortie=d("2022-01-01"),
        motif_sortie="abandon",
    )
    InscriptionFactory(
        jeune=p3, dispositif="cej", date_entree=d("2024-01-15"), date_sortie=d("2024-06-30"), motif_sortie="emploi"
    )
    InscriptionFactory(jeune=p3, dispositif="cej", date_entree=d("2024-07-01"))
    InscriptionFactory(jeune=p2, dispositif="ctai", date_entree=d("2025-03-01"))  # after the period
    SituationFactory(jeune=p2, categorie="alternance", type="apprentissage", date_debut=d("2024-12-31"))
    SituationFactory(jeune=p3, categorie="immersion", type="pmsmp", date_debut=d("2024-07-01"))
    InscriptionFactory(jeune=JeuneFactory(structure=other_structure), dispositif="ppae", date_entree=d("2024-01-01"))
    return {"p1": p1, "p2": p2, "p3": p3}


def test_programmes_table(structure, dataset):
    data = run(structure)
    rows = data["dispositifs"]
    assert set(rows) == {"cej", "pacea", "garantie_jeunes", "ctai", "ensemble"}  # ppae is another structure's
    assert rows["cej"] == {
        "beneficiaires": 2,
        "femmes": 2,
        "mineurs": 2,
        "sans_qualification": 1,
        "qpv": 1,
        "zrr": 1,
        "presents_fin_periode": 2,
    }
    assert rows["pacea"] == {
        "beneficiaires": 1,
        "femmes": 0,
        "mineurs": 0,
        "sans_qualification": 0,
        "qpv": 0,
        "zrr": 0,
        "presents_fin_periode": 1,
    }
    zeros = dict.fromkeys(rows["cej"], 0)
    assert rows["garantie_jeunes"] == zeros
    assert rows["ctai"] == zeros
    assert rows["ensemble"] == {
        "beneficiaires": 3,
        "femmes": 2,
        "mineurs": 2,
        "sans_qualification": 1,
        "qpv": 1,
        "zrr": 1,
        "presents_fin_periode": 3,
    }
    assert data["indicateurs"]["jeunes_entres_dispositif"] == 3


def test_programme_follow_up(structure, dataset):
    suivi = run(structure)["suivi_dispositifs"]
    assert set(suivi) == {"cej", "garantie_jeunes", "pacea"}
    assert suivi["cej"]["depuis_debut"] == {
        "entrees": 4,
        "sorties": 2,
        "sorties_positives": 1,
        "part_sorties_positives": 0.5,
        "sorties_avec_solution": 2,
        "mineurs_a_l_entree": 2,
        "rqth": 1,
        "part_sorties_avec_situation": 0.5,
    }
    assert suivi["cej"]["periode"] == {
        "entrees": 3,
        "sorties": 2,
        "sorties_positives": 1,
        "part_sorties_positives": 0.5,
        "sorties_avec_solution": 2,
        "mineurs_a_l_entree": 2,
        "rqth": 0,
        "part_sorties_avec_situation": 0.5,
    }
    assert suivi["pacea"]["depuis_debut"] == {
        "entrees": 2,
        "sorties": 1,
        "sorties_positives": 1,
        "part_sorties_positives": 1.0,
        "sorties_avec_solution": 1,
        "mineurs_a_l_entree": 1,
        "rqth": 1,
        "part_sorties_avec_situation": 0.0,
    }
    assert suivi["pacea"]["periode"]["entrees"] == 1
    assert suivi["pacea"]["periode"]["mineurs_a_l_entree"] == 0
    assert suivi["garantie_jeunes"]["depuis_debut"]["mineurs_a_l_entree"] == 1
    assert suivi["garantie_jeunes"]["periode"] == {
        "entrees": 0,
        "sorties": 0,
        "sorties_positives": 0,
        "part_sorties_positives": None,
        "sorties_avec_solution": 0,
        "mineurs_a_l_entree": 0,
        "rqth": 0,
        "part_sorties_avec_situation": None,
    }


@override_settings(TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE=["emploi"])
def test_positive_motifs_are_a_setting(structure, dataset):
    cej = run(structure)["suivi_dispositifs"]["cej"]["depuis_debut"]
    assert cej["sorties_positives"] == 1  # p3's "emploi"
    assert cej["sorties_avec_solution"] == 1  # alternance is no longer positive


def test_any_code_on_request(structure, dataset):
    suivi = run(structure, suivi=["ctai"])["suivi_dispositifs"]
    assert list(suivi) == ["ctai"]
    assert suivi["ctai"]["depuis_debut"]["entrees"] == 0


def test_drill_down_of_programmes(structure, dataset):
    r = report(structure)
    assert set(r.jeunes_for("dispositifs.cej.beneficiaires")) == {dataset["p1"].pk, dataset["p3"].pk}
    assert set(r.jeunes_for("dispositifs.ensemble.presents_fin_periode")) == {p.pk for p in dataset.values()}
    assert set(r.jeunes_for("suivi_dispositifs.cej.periode.sorties")) == {dataset["p2"].pk, dataset["p3"].pk}
