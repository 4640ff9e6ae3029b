from __future__ import annotations

import pytest

from tests.factories import (
    ActionReperageFactory,
    EvenementFactory,
    JeuneFactory,
    ManifestationFactory,
    ParrainageFactory,
    ParrainFactory,
    RepereFactory,
    ReponseSatisfactionFactory,
    SignalementFactory,
)
from tests.rapports.conftest import d, run
from trajectoires.rapports.extensions import PARRAINAGE_KEYS, REPERAGE_KEYS


@pytest.fixture
def jeunes(structure):
    return [JeuneFactory(structure=structure) for _ in range(3)]


def test_parrainage(structure, other_structure, jeunes):
    j1, j2, j3 = jeunes
    m1 = ParrainFactory(structure=structure, statut="retraite", date_entree=d("2020-01-01"))
    m2 = ParrainFactory(structure=structure, statut="actif", date_entree=d("2024-05-01"))
    ParrainFactory(structure=structure, statut="retraite", date_entree=d("2019-01-01"), date_sortie=d("2023-12-31"))
    ParrainFactory(structure=structure, statut="actif", date_entree=d("2025-01-01"))
    ParrainFactory(structure=other_structure, statut="actif", date_entree=d("2024-01-01"))
    ParrainageFactory(
        jeune=j1, parrain=m1, date_debut=d("2023-06-01"), date_fin=d("2024-03-01"), issue="solution", entretiens=5
    )
    ParrainageFactory(jeune=j2, parrain=m2, date_debut=d("2024-06-01"))
    ParrainageFactory(jeune=j1, parrain=m2, date_debut=d("2024-09-01"), date_fin=d("2024-12-31"), entretiens=3)
    ParrainageFactory(jeune=j3, parrain=m1, date_debut=d("2022-01-01"), date_fin=d("2023-12-31"), issue="abandon")
    ParrainageFactory(jeune=j3, parrain=m1, date_debut=d("2025-01-01"))
    p = {k: v for k, v in run(structure)["parrainage"].items() if k not in PARRAINAGE_KEYS}  # spec keys
    assert p == {
        "parrainages_actifs": 3,
        "jeunes": 2,
        "sorties": 2,
        "sorties_par_issue": {"solution": 1, "sans_solution": 0, "abandon": 0, "inconnu": 1},
        "parrains_actifs": 2,
        "parrains_actifs_par_statut": {"retraite": 1, "actif": 1, "etudiant": 0},
        "nouveaux_parrains": 1,
        "jeunes_par_parrain": 1.0,
        "entretiens_par_parrain": 4.0,
        "duree_moyenne_mois": pytest.approx((274 + 121) / 2 / (365.25 / 12)),
    }


def test_empty_parrainage_gives_null_averages(structure):
    p = run(structure)["parrainage"]
    assert p["parrains_actifs"] == 0
    assert p["jeunes_par_parrain"] is None
    assert p["entretiens_par_parrain"] is None
    assert p["duree_moyenne_mois"] is None


def test_reperage(structure, jeunes):
    j1, j2, _ = jeunes
    a1 = ActionReperageFactory(
        structure=structure,
        date=d("2024-03-01"),
        canal="kaf_truck",
        lieu="piscine_plage",
        heures="2.5",
        personnes_rencontrees=10,
        jeunes_contactes=4,
    )
    a2 = ActionReperageFactory(structure=structure, date=d("2024-07-01"), canal="maraude", jeunes_contactes=2)
    a3 = ActionReperageFactory(structure=structure, date=d("2023-12-31"), canal="maraude")
    RepereFactory(action=a1, date=d("2024-03-01"), jeune=j1)
    RepereFactory(action=a2, date=d("2024-07-01"))
    RepereFactory(action=a3, date=d("2024-01-05"), jeune=j2)  # dated by its own date
    RepereFactory(action=a1, date=d("2023-12-30"))
    EvenementFactory(jeune=j1, date=d("2024-03-01"))  # same day: not after
    EvenementFactory(jeune=j1, date=d("2024-04-01"), nature="atelier")
    EvenementFactory(jeune=j1, date=d("2024-05-01"), nature="information_collective")
    EvenementFactory(jeune=j1, date=d("2024-06-01"), honore=False)
    EvenementFactory(jeune=j1, date=d("2024-12-31"))
    EvenementFactory(jeune=j1, date=d("2025-01-05"))
    for day in ("2024-02-01", "2024-03-01", "2024-04-01"):
        EvenementFactory(jeune=j2, date=d(day), nature="telephone")
    r = {k: v for k, v in run(structure)["reperage"].items() if k not in REPERAGE_KEYS}  # spec keys
    assert r["actions"] == 2
    assert r["actions_par_canal"] == {
        "kaf_truck": 1,
        "maraude": 1,
        "evenement": 0,
        "en_ligne": 0,
        "liste": 0,
        "ilotage": 0,
    }
    assert r["heures"] == 2.5
    assert r["personnes_rencontrees"] == 10
    assert r["jeunes_contactes"] == 6
    assert r["reperes"] == 3
    assert r["reperes_par_canal"]["kaf_truck"] == 1 and r["reperes_par_canal"]["maraude"] == 2
    assert r["reperes_par_lieu"] == {
        "piscine_plage": 1,
        "pied_immeuble": 0,
        "jdc": 0,
        "partenaire": 0,
        "evenement": 0,
        "autre": 0,
        "inconnu": 2,
    }
    assert r["remobilises"] == 1


def test_remobilised_needs_three_events_before_the_end(structure, jeunes):
    j1 = jeunes[0]
    RepereFactory(action=ActionReperageFactory(structure=structure, date=d("2024-03-01")), jeune=j1)
    EvenementFactory(jeune=j1, date=d("2024-04-01"))
    EvenementFactory(jeune=j1, date=d("2024-05-01"))
    EvenementFactory(jeune=j1, date=d("2025-01-01"))
    assert run(structure)["reperage"]["remobilises"] == 0


def test_obligation_formation(structure, jeunes):
    SignalementFactory(
        structure=structure,
        jeune=jeunes[0],
        date_signalement=d("2024-09-15"),
        statut="en_solution",
        date_statut=d("2024-10-01"),
    )
    SignalementFactory(
        structure=structure, date_signalement=d("2024-10-01"), statut="contacte", date_statut=d("2025-01-10")
    )
    SignalementFactory(structure=structure, date_signalement=d("2023-09-01"), statut="en_solution")
    SignalementFactory(structure=structure, date_signalement=d("2024-11-01"), statut="a_contacter")
    of = run(structure)["obligation_formation"]
    assert of["signales"] == 3
    assert of["en_solution"] == 1
    assert of["par_statut"] == {
        "a_contacter": 1,
        "contacte": 0,
        "convoque": 0,
        "en_solution": 1,
        "injoignable": 0,
        "refus": 0,
        "hors_champ": 0,
        "signale_departement": 0,
        "inconnu": 1,
    }


def test_manifestations(structure):
    ManifestationFactory(structure=structure, date=d("2024-03-01"), type="forum", jeunes=100, partenaires=10)
    ManifestationFactory(structure=structure, date=d("2024-04-01"), type="forum", partenaires=5)
    ManifestationFactory(structure=structure, date=d("2024-05-01"), type="salon", jeunes=50)
    ManifestationFactory(structure=structure, date=d("2023-05-01"), type="forum", jeunes=7)
    m = run(structure)["manifestations"]
    assert (m["nombre"], m["jeunes"], m["partenaires"]) == (3, 150, 15)
    assert m["par_type"]["forum"] == {"nombre": 2, "jeunes": 100, "partenaires": 15}
    assert m["par_type"]["salon"] == {"nombre": 1, "jeunes": 50, "partenaires": 0}
    assert m["par_type"]["visite_entreprise"] == {"nombre": 0, "jeunes": 0, "partenaires": 0}


def test_satisfaction(structure):
    for repondant, public, question, reponse in (
        ("r1", "jeune", "Accueil", 4),
        ("r1", "jeune", "Conseils", 2),
        ("r2", "jeune", "Accueil", 3),
        ("r2", "jeune", "Conseils", 1),
        ("r3", "jeune", "Accueil", 1),
        ("e1", "employeur", "Qualité", 3),
    ):
        ReponseSatisfactionFactory(
            structure=structure, repondant=repondant, public=public, question=question, reponse=reponse
        )
    ReponseSatisfactionFactory(structure=structure, repondant="old", date=d("2023-06-01"))
    s = run(structure)["satisfaction"]
    assert s["repondants"] == {"jeune": 3, "employeur": 1}
    assert s["par_question"]["jeune"] == {"Accueil": pytest.approx(2 / 3), "Conseils": 0.0}
    assert s["par_question"]["employeur"] == {"Qualité": 1.0}
