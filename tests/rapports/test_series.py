from __future__ import annotations

import pytest

from tests.factories import EvenementFactory, JeuneFactory
from tests.rapports.conftest import d, run
from trajectoires.rapports.periods import Period


@pytest.fixture
def dataset(structure):
    # 2020: 1 accompanied (first reception), 2022: 2, 2023: 2, 2024: 3
    jeunes = [JeuneFactory(structure=structure) for _ in range(4)]
    EvenementFactory(jeune=jeunes[0], date=d("2020-05-01"))
    EvenementFactory(jeune=jeunes[0], date=d("2022-05-01"), nature="atelier")
    EvenementFactory(jeune=jeunes[1], date=d("2022-02-28"))
    EvenementFactory(jeune=jeunes[1], date=d("2023-02-28"))
    EvenementFactory(jeune=jeunes[2], date=d("2023-03-01"))
    EvenementFactory(jeune=jeunes[2], date=d("2024-03-01"))
    EvenementFactory(jeune=jeunes[3], date=d("2024-02-29"))
    EvenementFactory(jeune=jeunes[0], date=d("2024-07-01"), nature="telephone")
    EvenementFactory(jeune=jeunes[1], date=d("2024-07-01"), nature="atelier")
    return jeunes


def test_series_of_calendar_years(structure, dataset):
    data = run(structure)
    assert data["series"]["jeunes_accompagnes"] == {"2024": 3, "2023": 2, "2022": 2, "2021": 0, "2020": 1}
    assert data["series"]["jeunes_premier_accueil"] == {"2024": 1, "2023": 1, "2022": 1, "2021": 0, "2020": 1}


def test_evolutions(structure, dataset):
    data = run(structure)
    ev = data["evolutions"]
    assert set(ev) == set(data["indicateurs"])
    assert ev["jeunes_accompagnes"] == pytest.approx(0.5)
    assert ev["jeunes_premier_accueil"] == 0.0
    assert ev["jeunes_en_contact"] == pytest.approx(1.0)  # 4 / 2 - 1
    assert ev["entretiens_individuels"] == pytest.approx(0.0)  # 2 and 2
    assert ev["entrees_emploi"] is None  # previous 0
    assert ev["part_accompagnes_contact"] == pytest.approx((3 / 4 - 1) / 1)
    assert run(structure, Period.year(2021))["evolutions"]["jeunes_accompagnes"] == -1.0


def test_series_of_other_periods(structure, dataset):
    # 29 February 2024 -> 28 February 2023 -> 28 February 2022 ...
    data = run(structure, Period(d("2023-03-01"), d("2024-02-29")))
    assert data["series"]["jeunes_accompagnes"] == {
        "2023-03-01/2024-02-29": 2,  # jeunes[2] on 01/03/2023, jeunes[3] on 29/02/2024
        "2022-03-01/2023-02-28": 2,  # jeunes[0] on 01/05/2022, jeunes[1] on 28/02/2023
        "2021-03-01/2022-02-28": 1,
        "2020-03-01/2021-02-28": 1,
        "2019-03-01/2020-02-28": 0,
    }
    assert data["periode"] == {"debut": "2023-03-01", "fin": "2024-02-29"}
