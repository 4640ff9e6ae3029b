from __future__ import annotations

import pytest

from tests.factories import CommuneFactory, EvenementFactory, JeuneFactory, SiteFactory
from tests.rapports.conftest import d, report, run
from trajectoires.rapports.periods import Period


@pytest.fixture
def dataset(structure):
    CommuneFactory(structure=structure, ext_id="25001", secteur="Siège", epci="GBM", zrr=False)
    CommuneFactory(structure=structure, ext_id="25002", secteur="Hors Besançon", epci="CC Loue-Lison", zrr=True)
    s1 = SiteFactory(structure=structure, ext_id="s1", nom="A Siège")
    s2 = SiteFactory(structure=structure, ext_id="s2", nom="B Ornans")
    SiteFactory(structure=structure, ext_id="s3", nom="C Permanence")  # nobody there: listed with 0
    a = JeuneFactory(
        structure=structure,
        sexe="f",
        date_naissance=d("2006-12-31"),
        commune="25001",
        qpv="QP1",
        niveau="v",
        diplome=None,
        hebergement="parents",
        origine="entourage",
        enfants=0,
    )
    b = JeuneFactory(
        structure=structure,
        sexe="h",
        date_naissance=d("2007-01-01"),
        commune="25002",
        niveau="vi",
        hebergement="foyer",
        vehicule="aucun",
        permis_b=False,
        enfants=2,
        rqth=True,
    )
    c = JeuneFactory(
        structure=structure,
        sexe="f",
        date_naissance=d("2000-02-29"),
        commune="99999",
        niveau="iv",
        diplome=True,
        vehicule="automobile",
        permis_b=True,
    )
    e = JeuneFactory(structure=structure, sexe="h", date_naissance=d("2002-05-05"), commune=None, diplome=False)
    g = JeuneFactory(
        structure=structure,
        sexe="f",
        date_naissance=d("2003-03-01"),
        commune="25001",
        niveau="ii",
        diplome=False,
        hebergement="autonome",
    )
    EvenementFactory(jeune=a, date=d("2024-05-10"), site=s1)
    EvenementFactory(jeune=a, date=d("2024-06-01"), site=s2, nature="atelier")
    EvenementFactory(jeune=b, date=d("2023-06-01"), site=s2)
    EvenementFactory(jeune=b, date=d("2024-02-02"), site=s1)
    EvenementFactory(jeune=c, date=d("2024-02-29"), site=s2, honore=False)
    EvenementFactory(jeune=c, date=d("2024-03-05"), site=s1)
    EvenementFactory(jeune=c, date=d("2024-03-05"), site=None)
    EvenementFactory(jeune=c, date=d("2024-06-05"), site=s2, nature="telephone")  # not a qualifying nature
    EvenementFactory(jeune=e, date=d("2024-09-09"), nature="information_collective")
    EvenementFactory(jeune=g, date=d("2024-02-28"), site=s2)
    return {"a": a, "b": b, "c": c, "e": e, "g": g}


def test_accompanied_breakdowns(structure, dataset):
    rep = run(structure)["repartitions"]["jeunes_accompagnes"]
    assert rep["sexe"] == {"f": 3, "h": 2}
    assert rep["age"] == {"moins_18": 1, "18_21": 2, "22_plus": 2}  # at 31/12/2024: a just turned 18
    assert rep["niveau"] == {"vi": 1, "vbis": 0, "v": 1, "iv": 1, "iii_plus": 1, "inconnu": 1}
    assert rep["hebergement"] == {
        "parents": 1,
        "famille": 0,
        "autonome": 1,
        "amis": 0,
        "foyer": 1,
        "sans": 0,
        "inconnu": 2,
    }
    assert rep["origine"]["entourage"] == 1 and rep["origine"]["inconnu"] == 4
    assert set(rep["origine"]) == {
        "entourage",
        "demarche_personnelle",
        "mission_locale",
        "france_travail",
        "entreprise",
        "intervenant_social",
        "education",
        "autre",
        "inconnu",
    }
    assert list(rep["zone"].items()) == [
        ("Hors Besançon", 1),
        ("Siège", 1),
        ("qpv", 1),
        ("hors_territoire", 1),
        ("inconnu", 1),
    ]
    assert rep["site"] == {"s1": 3, "s2": 2, "s3": 0}


def test_accompanied_counts_and_unknowns(structure, dataset):
    comptes = run(structure)["comptes"]["jeunes_accompagnes"]
    inconnus = comptes.pop("inconnus")
    assert comptes == {
        "mineurs": 1,
        "qpv": 1,
        "zrr": 1,
        "sans_qualification": 1,
        "sans_diplome": 3,
        "infra_bac": 2,
        "sans_vehicule_motorise": 1,
        "permis_b": 1,
        "automobile": 1,
        "enfants": 1,
        "rqth": 1,
    }
    assert inconnus == {
        "mineurs": 0,
        "qpv": 0,
        "zrr": 2,
        "sans_qualification": 2,
        "sans_diplome": 1,
        "infra_bac": 1,
        "sans_vehicule_motorise": 3,
        "permis_b": 3,
        "automobile": 3,
        "enfants": 3,
        "rqth": 4,
    }


def test_first_reception_breakdowns_use_the_first_interview(structure, dataset):
    data = run(structure)
    rep = data["repartitions"]["jeunes_premier_accueil"]
    assert data["indicateurs"]["jeunes_premier_accueil"] == 3  # a, c, g
    # age at the first interview: a was 17 on 10/05/2024 (18 at the end of the year)
    assert rep["age"] == {"moins_18": 1, "18_21": 1, "22_plus": 1}
    assert data["comptes"]["jeunes_premier_accueil"]["mineurs"] == 1
    # site of the first-ever interview (c's missed interview at s2 is not one)
    assert rep["site"] == {"s1": 2, "s2": 1, "s3": 0}
    assert rep["sexe"] == {"f": 3, "h": 0}


def test_drill_down_of_a_category(structure, dataset):
    r = report(structure)
    assert set(r.jeunes_for("repartitions.jeunes_accompagnes.site", "s1")) == {
        dataset["a"].pk,
        dataset["b"].pk,
        dataset["c"].pk,
    }
    assert set(r.jeunes_for("comptes.jeunes_accompagnes.inconnus.zrr")) == {dataset["c"].pk, dataset["e"].pk}
    assert set(r.jeunes_for("comptes.jeunes_accompagnes.rqth")) == {dataset["b"].pk}


def test_born_on_29_february_becomes_adult_on_1_march(structure):
    k1 = JeuneFactory(structure=structure, date_naissance=d("2004-02-29"))
    k2 = JeuneFactory(structure=structure, date_naissance=d("2004-02-29"))
    EvenementFactory(jeune=k1, date=d("2022-02-28"))
    EvenementFactory(jeune=k2, date=d("2022-03-01"))
    data = run(structure, Period.year(2022))
    assert data["repartitions"]["jeunes_premier_accueil"]["age"] == {"moins_18": 1, "18_21": 1, "22_plus": 0}
    assert data["comptes"]["jeunes_accompagnes"]["mineurs"] == 0  # both 18 on 31/12/2022


def test_every_category_listed_for_an_empty_population(structure):
    CommuneFactory(structure=structure, ext_id="25001", secteur="Siège")
    SiteFactory(structure=structure, ext_id="s9")
    rep = run(structure)["repartitions"]
    for pop in ("jeunes_premier_accueil", "jeunes_accompagnes"):
        assert rep[pop]["zone"] == {"Siège": 0, "qpv": 0, "hors_territoire": 0, "inconnu": 0}
        assert rep[pop]["site"] == {"s9": 0}
        assert rep[pop]["sexe"] == {"f": 0, "h": 0}
        assert sum(rep[pop]["niveau"].values()) == 0


def test_counts_and_axes_read_only_their_declared_fields():
    """The engine evaluates a count or an axis once per group of equal declared fields."""
    import dataclasses
    import itertools

    from trajectoires.rapports.profiles import AXIS_CATEGORY, COMPTES, Commune, Profile

    values = {
        "sexe": ["f", "h"],
        "commune": [None, "25001", "39000"],
        "qpv": [None, "Q1"],
        "niveau": [None, "vi", "vbis", "v", "iv", "iii", "ii", "i"],
        "diplome": [None, True, False],
        "hebergement": [None, "parents"],
        "permis_b": [None, True, False],
        "vehicule": [None, "aucun", "automobile", "deux_roues"],
        "enfants": [None, 0, 2],
        "rqth": [None, True, False],
        "origine": [None, "entourage"],
    }
    rnd = __import__("random").Random(5)
    for _ in range(500):
        chosen = {k: rnd.choice(v) for k, v in values.items()}
        territoire = Commune("Siège", "GBM", rnd.choice([True, False])) if chosen["commune"] == "25001" else None
        p = Profile(
            1, date_naissance=d("2005-01-01"), conseiller_id=None, site_id=None, territoire=territoire, **chosen
        )
        for compte in COMPTES[1:]:
            blank = dataclasses.replace(
                p, **{f: None for f in itertools.chain(values, ["territoire"]) if f not in compte.fields}
            )
            assert compte.test(p, 20) == compte.test(blank, 20), compte.id
        for axis, (fields, category_of) in AXIS_CATEGORY.items():
            blank = dataclasses.replace(
                p, **{f: None for f in itertools.chain(values, ["territoire"]) if f not in fields}
            )
            assert category_of(p) == category_of(blank), axis
