from __future__ import annotations

import pytest

from tests.factories import (
    ActionReperageFactory,
    CommuneFactory,
    ConseillerFactory,
    ContactEmployeurFactory,
    EmployeurFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    ManifestationFactory,
    ParrainageFactory,
    RepereFactory,
    ReponseSatisfactionFactory,
    SignalementFactory,
    SiteFactory,
)
from tests.rapports.conftest import d, report, run
from trajectoires.rapports.filters import FiltreInvalide


@pytest.fixture
def dataset(structure):
    CommuneFactory(structure=structure, ext_id="25001", secteur="Siège", epci="GBM")
    CommuneFactory(structure=structure, ext_id="25002", secteur="Hors Besançon", epci="CC Loue-Lison")
    s1 = SiteFactory(structure=structure, ext_id="s1")
    s2 = SiteFactory(structure=structure, ext_id="s2")
    c1 = ConseillerFactory(structure=structure, ext_id="c1")
    c2 = ConseillerFactory(structure=structure, ext_id="c2")
    a = JeuneFactory(structure=structure, site=s1, conseiller=c1, commune="25001")
    b = JeuneFactory(structure=structure, site=s2, conseiller=c2, commune="25002")
    c = JeuneFactory(structure=structure)
    for j in (a, b, c):
        EvenementFactory(jeune=j, date=d("2024-04-01"), site=s2)
    for j in (a, b):
        EvenementFactory(jeune=j, date=d("2023-04-01"))
    InscriptionFactory(jeune=a, dispositif="cej", date_entree=d("2023-01-01"), date_sortie=d("2024-01-01"))
    InscriptionFactory(jeune=b, dispositif="cej", date_entree=d("2024-12-31"))
    InscriptionFactory(jeune=c, dispositif="cej", date_entree=d("2024-05-01"), date_sortie=d("2024-05-01"))
    # facts about no young person, and rows without jeune_id
    ContactEmployeurFactory(employeur=EmployeurFactory(structure=structure), date=d("2024-02-01"))
    ManifestationFactory(structure=structure, jeunes=10)
    ReponseSatisfactionFactory(structure=structure)
    action = ActionReperageFactory(structure=structure, heures="3")
    RepereFactory(action=action)
    RepereFactory(action=action, jeune=b)
    SignalementFactory(structure=structure)
    SignalementFactory(structure=structure, jeune=b)
    ParrainageFactory(jeune=b, date_debut=d("2024-01-01"))
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(
    "filtre, kept",
    [
        (("site", "s1"), {"a"}),
        (("conseiller", "c2"), {"b"}),
        (("secteur", "Hors Besançon"), {"b"}),
        (("epci", "GBM"), {"a"}),
        (("dispositif", "cej"), {"b"}),  # a's exit on 1 January is not after debut; c's same-day exit
    ],
)
def test_each_filter_keeps_its_young_people(structure, dataset, filtre, kept):
    r = report(structure, filtre=filtre)
    assert r.jeunes_for("jeunes_accompagnes") == {dataset[k].pk for k in kept}
    # every category still listed
    assert set(r.data["repartitions"]["jeunes_accompagnes"]["site"]) == {"s1", "s2"}
    assert list(r.data["repartitions"]["jeunes_accompagnes"]["zone"]) == [
        "Hors Besançon",
        "Siège",
        "qpv",
        "hors_territoire",
        "inconnu",
    ]
    assert r.data["filtre"] == {"cle": filtre[0], "valeur": filtre[1]}


def test_programme_filter_is_applied_anew_to_each_period(structure, dataset):
    data = run(structure, filtre=("dispositif", "cej"))
    assert data["series"]["jeunes_accompagnes"] == {"2024": 1, "2023": 1, "2022": 0, "2021": 0, "2020": 0}
    assert data["evolutions"]["jeunes_accompagnes"] == 0.0
    assert data["dispositifs"]["cej"]["beneficiaires"] == 1


def test_restricted_report_leaves_out_facts_about_no_young_person(structure, dataset):
    full = run(structure)
    assert full["indicateurs"]["acteurs_economiques_contact"] == 1
    assert full["manifestations"]["nombre"] == 1
    assert full["reperage"]["reperes"] == 2 and full["reperage"]["actions"] == 1
    assert full["obligation_formation"]["signales"] == 2
    assert full["parrainage"]["parrains_actifs"] == 1
    data = run(structure, filtre=("secteur", "Hors Besançon"))
    assert data["indicateurs"]["acteurs_economiques_contact"] == 0
    assert data["indicateurs"]["acteurs_economiques_nouveaux"] == 0
    assert data["manifestations"]["nombre"] == 0 and data["manifestations"]["jeunes"] == 0
    assert data["satisfaction"]["repondants"] == {"jeune": 0, "employeur": 0}
    assert data["reperage"]["actions"] == 0 and data["reperage"]["heures"] == 0
    assert data["reperage"]["reperes"] == 1  # the one linked to b
    assert data["obligation_formation"]["signales"] == 1
    assert data["parrainage"]["parrainages_actifs"] == 1
    assert data["parrainage"]["parrains_actifs"] == 0
    data = run(structure, filtre=("site", "s1"))
    assert data["reperage"]["reperes"] == 0 and data["parrainage"]["jeunes"] == 0


@pytest.mark.parametrize(
    "filtre, message",
    [
        (("ville", "x"), "Filtre inconnu « ville »"),
        (("site", "nowhere"), "Aucun site n'a l'identifiant « nowhere ». Valeurs possibles : « s1 », « s2 »"),
        (("secteur", "Lune"), "Aucune commune du territoire n'a le secteur « Lune »"),
        (("epci", "Lune"), "Aucune commune du territoire n'a le EPCI « Lune »"),
        (("conseiller", "c9"), "Aucun conseiller n'a l'identifiant « c9 »"),
        (("dispositif", "zzz"), "Aucun dispositif n'a le code « zzz »"),
        (("site", ""), "demande une valeur"),
    ],
)
def test_bad_filters_say_what_to_do(structure, dataset, filtre, message):
    with pytest.raises(FiltreInvalide) as exc:
        report(structure, filtre=filtre)
    assert message in str(exc.value)


def test_filter_values_of_another_structure_are_unknown(structure, other_structure, dataset):
    SiteFactory(structure=other_structure, ext_id="autre")
    with pytest.raises(FiltreInvalide):
        report(structure, filtre=("site", "autre"))
