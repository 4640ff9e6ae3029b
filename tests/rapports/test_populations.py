from __future__ import annotations

import pytest

from tests.factories import EvenementFactory, JeuneFactory
from tests.rapports.conftest import d, report, run
from trajectoires.rapports.periods import Period


@pytest.fixture
def dataset(structure, other_structure):
    j = {
        name: JeuneFactory(structure=structure, ext_id=name)
        for name in ("j1", "j2", "j3", "j4", "j5", "j6", "j7", "j9")
    }
    EvenementFactory(jeune=j["j1"], date=d("2024-03-01"))
    EvenementFactory(jeune=j["j2"], date=d("2023-05-01"), honore=True)  # first interview in an earlier year
    EvenementFactory(jeune=j["j2"], date=d("2024-02-01"))
    EvenementFactory(jeune=j["j3"], date=d("2023-01-10"), honore=False)  # missed: no first reception
    EvenementFactory(jeune=j["j3"], date=d("2024-01-05"), honore=True)
    EvenementFactory(jeune=j["j4"], date=d("2024-06-01"), nature="telephone")
    EvenementFactory(jeune=j["j5"], date=d("2024-04-01"), nature="atelier")
    EvenementFactory(jeune=j["j6"], date=d("2024-07-01"), honore=False)  # missed only
    EvenementFactory(jeune=j["j6"], date=d("2024-07-02"), nature="sms", honore=False)
    EvenementFactory(jeune=j["j7"], date=d("2025-01-02"))  # after the period
    EvenementFactory(jeune=j["j9"], date=d("2024-01-01"))
    EvenementFactory(jeune=j["j9"], date=d("2024-12-31"), nature="entretien_individuel")
    EvenementFactory(jeune=j["j9"], date=d("2024-12-31"), nature="information_collective")
    # another Mission Locale: never counted
    stranger = JeuneFactory(structure=other_structure, ext_id="j1")
    EvenementFactory(jeune=stranger, date=d("2024-03-01"), ext_id="x1")
    EvenementFactory(jeune=stranger, date=d("2024-03-02"), ext_id="x2", nature="atelier")
    return j


def test_populations(structure, dataset):
    ind = run(structure)["indicateurs"]
    assert ind["jeunes_en_contact"] == 6
    assert ind["jeunes_accompagnes"] == 5
    assert ind["jeunes_entretien_individuel"] == 4
    assert ind["jeunes_premier_accueil"] == 3
    assert ind["entretiens_individuels"] == 5
    assert ind["part_accompagnes_contact"] == pytest.approx(5 / 6)
    assert ind["part_entretien_contact"] == pytest.approx(4 / 6)


def test_young_people_behind_the_populations(structure, dataset):
    r = report(structure)
    ids = {v.pk: k for k, v in dataset.items()}

    def names(key: str) -> set[str]:
        return {ids[i] for i in r.jeunes_for(key)}

    assert names("jeunes_premier_accueil") == {"j1", "j3", "j9"}
    assert names("jeunes_accompagnes") == {"j1", "j2", "j3", "j5", "j9"}
    assert names("indicateurs.jeunes_en_contact") == {"j1", "j2", "j3", "j4", "j5", "j9"}
    with pytest.raises(KeyError):
        r.jeunes_for("nimporte_quoi")


def test_first_reception_in_the_earlier_year(structure, dataset):
    ind = run(structure, Period.year(2023))["indicateurs"]
    assert ind["jeunes_premier_accueil"] == 1  # j2 (j3's missed interview is no reception)
    assert ind["jeunes_en_contact"] == 1
    assert ind["entretiens_individuels"] == 1


def test_period_that_is_not_a_calendar_year(structure, dataset):
    ind = run(structure, Period(d("2024-03-01"), d("2025-02-28")))["indicateurs"]
    assert ind["jeunes_en_contact"] == 5  # j1, j4, j5, j9 (31/12), j7
    assert ind["jeunes_premier_accueil"] == 2  # j1 (1 March), j7
    assert ind["jeunes_accompagnes"] == 4


def test_empty_population_gives_null_shares(structure):
    ind = run(structure)["indicateurs"]
    assert ind["jeunes_en_contact"] == 0
    assert ind["part_accompagnes_contact"] is None
    assert ind["taux_acces_emploi"] is None
    assert ind["aides.fdaj.moyenne"] is None


def test_drill_down_functions(structure, dataset):
    from trajectoires.rapports.engine import jeunes_ids, jeunes_queryset

    Y = Period.year(2024)
    assert jeunes_ids(structure, Y, "jeunes_premier_accueil") == sorted(dataset[k].pk for k in ("j1", "j3", "j9"))
    assert set(jeunes_queryset(structure, Y, "indicateurs.jeunes_accompagnes").values_list("ext_id", flat=True)) == {
        "j1",
        "j2",
        "j3",
        "j5",
        "j9",
    }
    with pytest.raises(KeyError, match="Aucune liste"):
        jeunes_ids(structure, Y, "indicateurs.part_accompagnes_contact")
