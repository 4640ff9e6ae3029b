from __future__ import annotations

import pytest

from tests.factories import (
    AideFactory,
    ContactEmployeurFactory,
    EmployeurFactory,
    EvenementFactory,
    JeuneFactory,
    SituationFactory,
)
from tests.rapports.conftest import d, report, run


@pytest.fixture
def dataset(structure, other_structure):
    x = JeuneFactory(structure=structure, ext_id="x")
    y = JeuneFactory(structure=structure, ext_id="y")
    z = JeuneFactory(structure=structure, ext_id="z")
    EvenementFactory(jeune=x, date=d("2024-01-10"))
    EvenementFactory(jeune=y, date=d("2024-01-10"), nature="telephone")  # in contact, not accompanied
    EvenementFactory(jeune=z, date=d("2024-05-10"), nature="atelier")
    for categorie, type_, debut in (
        ("emploi", "cdd", "2024-03-01"),
        ("emploi", "cdi", "2024-08-01"),
        ("alternance", "apprentissage", "2024-09-01"),
        ("immersion", "pmsmp", "2024-02-01"),
        ("immersion", "pmsmp", "2024-04-01"),
        ("immersion", "stage", "2024-05-01"),
        ("volontariat", "service_civique", "2024-10-01"),
        ("formation", "qualifiante", "2023-12-31"),
        ("formation", "poe", "2024-11-01"),
        ("scolarite", "retour_formation_initiale", "2024-09-02"),
    ):
        SituationFactory(jeune=x, categorie=categorie, type=type_, date_debut=d(debut))
    SituationFactory(jeune=y, categorie="emploi", type="interim", date_debut=d("2024-06-01"))
    SituationFactory(jeune=y, categorie="immersion", type="autre", date_debut=d("2024-07-01"))
    SituationFactory(jeune=y, categorie="volontariat", type="autre", date_debut=d("2024-12-31"))
    SituationFactory(jeune=z, categorie="alternance", type="professionnalisation", date_debut=d("2025-01-01"))
    AideFactory(jeune=x, type="allocation_pacea", date=d("2024-02-01"), montant="100.10")
    AideFactory(jeune=x, type="allocation_pacea", date=d("2024-03-01"), montant="200.20")
    AideFactory(jeune=y, type="allocation_pacea", date=d("2024-04-01"), montant=None)
    AideFactory(jeune=z, type="allocation_pacea", date=d("2024-05-05"), montant="0.01")
    AideFactory(jeune=y, type="fdaj", date=d("2023-12-31"), montant="50")
    e1, e2, e3, e4 = (EmployeurFactory(structure=structure) for _ in range(4))
    ContactEmployeurFactory(employeur=e1, date=d("2023-05-01"))
    ContactEmployeurFactory(employeur=e1, date=d("2024-02-01"))
    ContactEmployeurFactory(employeur=e2, date=d("2024-06-01"))
    ContactEmployeurFactory(employeur=e2, date=d("2024-07-01"))
    ContactEmployeurFactory(employeur=e3, date=d("2025-01-01"))
    ContactEmployeurFactory(employeur=e4, date=d("2022-01-01"))
    ContactEmployeurFactory(employeur=EmployeurFactory(structure=other_structure), date=d("2024-02-01"))
    stranger = JeuneFactory(structure=other_structure)
    SituationFactory(jeune=stranger, date_debut=d("2024-03-01"))
    AideFactory(jeune=stranger, date=d("2024-03-01"))
    return {"x": x, "y": y, "z": z}


def test_situations(structure, dataset):
    ind = run(structure)["indicateurs"]
    assert ind["entrees_emploi"] == 4
    assert ind["contrats_emploi_classique"] == 3
    assert ind["entrees_alternance"] == 1
    assert ind["entrees_formation"] == 1
    assert ind["retours_formation_initiale"] == 1
    assert ind["jeunes_acces_emploi"] == 1  # y got a job but is not accompanied
    assert ind["taux_acces_emploi"] == pytest.approx(0.5)


def test_immersions_and_volunteering(structure, dataset):
    ind = run(structure)["indicateurs"]
    assert (ind["immersions_pmsmp"], ind["immersions_pmsmp_jeunes"]) == (2, 1)
    assert (ind["immersions_autres"], ind["immersions_autres_jeunes"]) == (2, 2)
    assert (ind["immersions_total"], ind["immersions_total_jeunes"]) == (4, 2)
    assert (ind["volontariat_service_civique"], ind["volontariat_service_civique_jeunes"]) == (1, 1)
    assert (ind["volontariat_autres"], ind["volontariat_autres_jeunes"]) == (1, 1)
    assert (ind["volontariat_total"], ind["volontariat_total_jeunes"]) == (2, 2)


def test_aides(structure, dataset):
    data = run(structure)
    ind = data["indicateurs"]
    assert ind["aides.allocation_pacea.nombre"] == 4
    assert ind["aides.allocation_pacea.montant"] == 300.31
    assert ind["aides.allocation_pacea.jeunes"] == 3
    assert ind["aides.allocation_pacea.moyenne"] == 100.10
    assert ind["aides.fdaj.nombre"] == 0
    assert ind["aides.fdaj.montant"] == 0.0
    assert ind["aides.fdaj.moyenne"] is None
    for code in ("allocation_cej", "allocation_gj", "titre_transport", "aide_permis", "autre"):
        for figure in ("nombre", "montant", "jeunes", "moyenne"):
            assert f"aides.{code}.{figure}" in ind
    assert data["evolutions"]["aides.fdaj.nombre"] == -1.0
    assert data["evolutions"]["aides.allocation_pacea.nombre"] is None  # none the year before


def test_employers(structure, dataset):
    ind = run(structure)["indicateurs"]
    assert ind["acteurs_economiques_contact"] == 2
    assert ind["acteurs_economiques_nouveaux"] == 1


def test_drill_down_of_volumes(structure, dataset):
    r = report(structure)
    assert set(r.jeunes_for("immersions_total_jeunes")) == {dataset["x"].pk, dataset["y"].pk}
    assert set(r.jeunes_for("jeunes_acces_emploi")) == {dataset["x"].pk}
    assert set(r.jeunes_for("aides.allocation_pacea.jeunes")) == {p.pk for p in dataset.values()}
