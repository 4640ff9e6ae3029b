"""Section 10 "Territoires" (extension key `territoires`), the mentored young people by level
and zone and the repérés by sex and age (extension keys of `parrainage` and `reperage`), on
small hand-computed datasets."""

from __future__ import annotations

import pytest

from tests.factories import (
    ActionReperageFactory,
    CommuneFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    ParrainageFactory,
    RepereFactory,
    SituationFactory,
)
from tests.rapports.conftest import d, report, run
from trajectoires.rapports.territoires import AXES_TERRITOIRE, INDICATEURS_TERRITOIRE


ZONES = ["Besançon", "Loue-Lison", "qpv", "hors_territoire", "inconnu"]


@pytest.fixture
def people(structure):
    CommuneFactory(structure=structure, ext_id="25001", secteur="Besançon", epci="GBM", zrr=False)
    CommuneFactory(structure=structure, ext_id="25002", secteur="Loue-Lison", epci="CC Loue-Lison", zrr=True)
    j = {
        # qpv (has a qpv code, whatever the commune's sector)
        "a": JeuneFactory(
            structure=structure,
            sexe="f",
            date_naissance=d("2007-03-01"),
            commune="25001",
            qpv="QP1",
            niveau="v",
            hebergement="parents",
            enfants=0,
        ),
        # Loue-Lison
        "b": JeuneFactory(
            structure=structure,
            sexe="h",
            date_naissance=d("2003-01-01"),
            commune="25002",
            niveau="iv",
            vehicule="aucun",
            enfants=1,
        ),
        "c": JeuneFactory(
            structure=structure,
            sexe="f",
            date_naissance=d("2000-06-01"),
            commune="25002",
            niveau="iii",
            vehicule="automobile",
            permis_b=True,
            hebergement="autonome",
        ),
        # Besançon
        "e": JeuneFactory(structure=structure, sexe="h", date_naissance=d("2001-01-01"), commune="25001"),
        # hors_territoire, inconnu
        "g": JeuneFactory(structure=structure, sexe="f", date_naissance=d("2002-02-02"), commune="99999", niveau="ii"),
        "k": JeuneFactory(structure=structure, sexe="h", date_naissance=d("2005-05-05"), commune=None),
    }
    a, b, c, e, g, k = (j[x] for x in "abcegk")
    EvenementFactory(jeune=a, date=d("2024-02-01"))
    EvenementFactory(jeune=a, date=d("2024-03-01"), honore=False)  # missed: not counted
    EvenementFactory(jeune=b, date=d("2024-04-01"))
    EvenementFactory(jeune=b, date=d("2024-05-01"))
    EvenementFactory(jeune=b, date=d("2025-01-10"))  # after the period
    EvenementFactory(jeune=c, date=d("2024-06-01"))
    SituationFactory(jeune=c, categorie="emploi", type="cdd", date_debut=d("2024-07-01"))
    SituationFactory(jeune=c, categorie="emploi", type="cdd", date_debut=d("2023-07-01"))  # before the period
    EvenementFactory(jeune=e, date=d("2023-05-01"))  # first interview in an earlier year: not primo
    EvenementFactory(jeune=e, date=d("2024-02-02"), nature="atelier")
    SituationFactory(jeune=e, categorie="alternance", type="apprentissage", date_debut=d("2024-09-01"))
    InscriptionFactory(jeune=e, dispositif="cej", date_entree=d("2024-03-01"))
    EvenementFactory(jeune=g, date=d("2024-10-01"))
    InscriptionFactory(jeune=g, dispositif="pacea", date_entree=d("2023-12-01"))  # entered before the period
    EvenementFactory(jeune=k, date=d("2024-01-05"), nature="telephone")  # in contact, not accompanied
    return j


def test_every_zone_is_listed_in_the_axis_order(structure, people):
    data = run(structure)
    assert list(data["territoires"]) == ZONES
    for zone in ZONES:
        t = data["territoires"][zone]
        assert list(t["indicateurs"]) == list(INDICATEURS_TERRITOIRE)
        assert list(t["repartitions"]["jeunes_accompagnes"]) == list(AXES_TERRITOIRE)


def test_zone_figures(structure, people):
    t = run(structure)["territoires"]
    assert t["qpv"]["indicateurs"] == {
        "jeunes_en_contact": 1,
        "jeunes_accompagnes": 1,
        "jeunes_premier_accueil": 1,
        "jeunes_entretien_individuel": 1,
        "entretiens_individuels": 1,
        "jeunes_acces_emploi": 0,
        "taux_acces_emploi": 0.0,
        "entrees_emploi": 0,
        "jeunes_entres_dispositif": 0,
    }
    assert t["Loue-Lison"]["indicateurs"] == {
        "jeunes_en_contact": 2,
        "jeunes_accompagnes": 2,
        "jeunes_premier_accueil": 2,
        "jeunes_entretien_individuel": 2,
        "entretiens_individuels": 3,  # b's 2025 interview is out of the period
        "jeunes_acces_emploi": 1,
        "taux_acces_emploi": 0.5,
        "entrees_emploi": 1,
        "jeunes_entres_dispositif": 0,
    }
    assert t["Besançon"]["indicateurs"] == {
        "jeunes_en_contact": 1,
        "jeunes_accompagnes": 1,
        "jeunes_premier_accueil": 0,
        "jeunes_entretien_individuel": 0,
        "entretiens_individuels": 0,
        "jeunes_acces_emploi": 1,
        "taux_acces_emploi": 1.0,
        "entrees_emploi": 1,
        "jeunes_entres_dispositif": 1,
    }
    assert t["hors_territoire"]["indicateurs"]["jeunes_premier_accueil"] == 1
    assert t["hors_territoire"]["indicateurs"]["jeunes_entres_dispositif"] == 0
    inconnu = t["inconnu"]["indicateurs"]
    assert (inconnu["jeunes_en_contact"], inconnu["jeunes_accompagnes"], inconnu["taux_acces_emploi"]) == (1, 0, None)


def test_zone_profiles_with_unknowns(structure, people):
    t = run(structure)["territoires"]
    ll = t["Loue-Lison"]
    rep, comptes = ll["repartitions"]["jeunes_accompagnes"], ll["comptes"]["jeunes_accompagnes"]
    assert rep["sexe"] == {"f": 1, "h": 1}
    assert rep["age"] == {"moins_18": 0, "18_21": 1, "22_plus": 1}  # at the period's end
    assert rep["niveau"] == {"vi": 0, "vbis": 0, "v": 0, "iv": 1, "iii_plus": 1, "inconnu": 0}
    assert rep["hebergement"]["autonome"] == 1 and rep["hebergement"]["inconnu"] == 1
    # b: IV with unknown diploma -> infra_bac unknown; c: III -> no
    assert (comptes["infra_bac"], comptes["inconnus"]["infra_bac"]) == (0, 1)
    assert (comptes["sans_vehicule_motorise"], comptes["automobile"]) == (1, 1)
    assert (comptes["permis_b"], comptes["inconnus"]["permis_b"]) == (1, 1)
    assert (comptes["enfants"], comptes["inconnus"]["enfants"]) == (1, 1)
    assert (comptes["zrr"], comptes["inconnus"]["zrr"]) == (2, 0)
    qpv = t["qpv"]["comptes"]["jeunes_accompagnes"]
    assert (qpv["infra_bac"], qpv["mineurs"], qpv["enfants"], qpv["inconnus"]["enfants"], qpv["zrr"]) == (
        1,
        1,
        0,
        0,
        0,
    )
    hors = t["hors_territoire"]["comptes"]["jeunes_accompagnes"]
    assert (hors["zrr"], hors["inconnus"]["zrr"]) == (0, 1)  # a commune outside the territory: ZRR unknown


def test_zones_add_up_to_the_report(structure, people):
    data = run(structure)
    for key in ("jeunes_en_contact", "jeunes_accompagnes", "jeunes_premier_accueil", "entretiens_individuels"):
        assert sum(t["indicateurs"][key] for t in data["territoires"].values()) == data["indicateurs"][key]
    by_zone = data["repartitions"]["jeunes_accompagnes"]["zone"]
    for zone, t in data["territoires"].items():
        assert t["indicateurs"]["jeunes_accompagnes"] == by_zone[zone]
        assert sum(t["repartitions"]["jeunes_accompagnes"]["sexe"].values()) == by_zone[zone]


def test_zone_drill_down(structure, people):
    r = report(structure)
    b, c, e = people["b"].pk, people["c"].pk, people["e"].pk
    assert r.jeunes_for("territoires.Loue-Lison.indicateurs.jeunes_accompagnes") == {b, c}
    assert r.jeunes_for("territoires.Loue-Lison.indicateurs.jeunes_acces_emploi") == {c}
    assert r.jeunes_for("territoires.Loue-Lison.comptes.jeunes_accompagnes.inconnus.enfants") == {c}
    assert r.jeunes_for("territoires.Loue-Lison.repartitions.jeunes_accompagnes.sexe.h") == {b}
    assert r.jeunes_for("territoires.Besançon.indicateurs.jeunes_entres_dispositif") == {e}


def test_zones_of_a_restricted_report(structure, people):
    t = run(structure, filtre=("secteur", "Loue-Lison"))["territoires"]
    assert t["Loue-Lison"]["indicateurs"]["jeunes_accompagnes"] == 2
    assert all(t[z]["indicateurs"]["jeunes_en_contact"] == 0 for z in ZONES if z != "Loue-Lison")


# --- Parrainage by level and zone ---------------------------------------------------------------
def test_parrainage_by_level_and_zone(structure, people):
    a, b, c, g, k = (people[x] for x in "abcgk")
    ParrainageFactory(jeune=a, date_debut=d("2024-02-01"))
    ParrainageFactory(jeune=a, date_debut=d("2024-09-01"))  # the same young person twice: counted once
    ParrainageFactory(jeune=b, date_debut=d("2023-01-01"), date_fin=d("2024-01-15"))
    ParrainageFactory(jeune=c, date_debut=d("2022-01-01"), date_fin=d("2023-12-31"))  # ended before
    ParrainageFactory(jeune=k, date_debut=d("2024-06-01"))
    ParrainageFactory(jeune=g, date_debut=d("2025-02-01"))  # starts after
    r = report(structure)
    p = r.data["parrainage"]
    assert p["jeunes"] == 3
    assert p["jeunes_par_niveau"] == {"vi": 0, "vbis": 0, "v": 1, "iv": 1, "iii_plus": 0, "inconnu": 1}
    assert p["jeunes_par_zone"] == {"Besançon": 0, "Loue-Lison": 1, "qpv": 1, "hors_territoire": 0, "inconnu": 1}
    assert r.jeunes_for("parrainage.jeunes_par_niveau.inconnu") == {k.pk}
    assert r.jeunes_for("parrainage.jeunes_par_zone.qpv") == {a.pk}
    restricted = run(structure, filtre=("secteur", "Loue-Lison"))["parrainage"]
    assert restricted["jeunes_par_zone"] == {
        "Besançon": 0,
        "Loue-Lison": 1,
        "qpv": 0,
        "hors_territoire": 0,
        "inconnu": 0,
    }


def test_parrainage_by_level_and_zone_when_empty(structure):
    p = run(structure)["parrainage"]
    assert p["jeunes_par_niveau"] == {"vi": 0, "vbis": 0, "v": 0, "iv": 0, "iii_plus": 0, "inconnu": 0}
    assert p["jeunes_par_zone"] == {"qpv": 0, "hors_territoire": 0, "inconnu": 0}


# --- Repérage by sex and age --------------------------------------------------------------------
def test_reperage_by_sex_and_age(structure, people):
    b = people["b"]  # h, born 2003-01-01
    f = JeuneFactory(structure=structure, sexe="f", date_naissance=d("2004-06-15"))
    action = ActionReperageFactory(structure=structure, date=d("2024-03-01"))
    RepereFactory(action=action, date=d("2024-03-01"), sexe="f", date_naissance=d("2008-06-01"))  # 15
    RepereFactory(action=action, date=d("2024-07-01"), sexe="h", jeune=b)  # age from b: 21 -> 18_21
    RepereFactory(action=action, date=d("2024-05-01"), sexe="h")  # no date of birth, no young person
    RepereFactory(action=action, date=d("2023-12-30"), sexe="f", date_naissance=d("2008-01-01"))  # before
    RepereFactory(action=action, date=d("2024-12-31"), sexe="f", date_naissance=d("2006-12-31"))  # 18 that day
    RepereFactory(action=action, date=d("2024-08-01"), sexe="", date_naissance=d("2000-01-01"))  # sex unknown
    RepereFactory(action=action, date=d("2024-09-01"), sexe="", jeune=f)  # sex and age from the young person
    for day in ("2024-07-02", "2024-08-01", "2024-09-01"):
        EvenementFactory(jeune=b, date=d(day), nature="atelier")
    r = report(structure)
    rep = r.data["reperage"]
    assert rep["reperes"] == 6 and rep["remobilises"] == 1
    assert rep["reperes_par_sexe"] == {"f": 3, "h": 2, "inconnu": 1}
    assert rep["reperes_par_age"] == {"moins_18": 1, "18_21": 3, "22_plus": 1, "inconnu": 1}
    assert rep["remobilises_par_sexe"] == {"f": 0, "h": 1, "inconnu": 0}
    assert rep["remobilises_par_age"] == {"moins_18": 0, "18_21": 1, "22_plus": 0, "inconnu": 0}
    assert r.jeunes_for("reperage.reperes_par_sexe.h") == {b.pk}
    assert r.jeunes_for("reperage.reperes_par_sexe.f") == {f.pk}
    assert r.jeunes_for("reperage.remobilises_par_age.18_21") == {b.pk}
    # restricted: only the repérés linked to a young person kept by the filter
    restricted = run(structure, filtre=("secteur", "Loue-Lison"))["reperage"]
    assert restricted["reperes_par_sexe"] == {"f": 0, "h": 1, "inconnu": 0}
    assert restricted["reperes_par_age"] == {"moins_18": 0, "18_21": 1, "22_plus": 0, "inconnu": 0}
