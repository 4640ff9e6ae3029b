from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import (
    AideFactory,
    CommuneFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    SiteFactory,
    SituationFactory,
    StructureFactory,
)
from tests.rapports.conftest import d
from trajectoires.aides.enums import TypeAide
from trajectoires.rapports.engine import SUIVI_KEYS
from trajectoires.rapports.extensions import PARRAINAGE_KEYS, REPERAGE_KEYS
from trajectoires.rapports.indicators import INDICATORS
from trajectoires.rapports.profiles import AXES, COMPTES


@pytest.fixture
def dataset(structure):
    CommuneFactory(structure=structure, ext_id="25001", secteur="Siège")
    site = SiteFactory(structure=structure, ext_id="s1")
    j = JeuneFactory(structure=structure, commune="25001", niveau="v", diplome=False)
    EvenementFactory(jeune=j, date=d("2024-03-01"), site=site)
    InscriptionFactory(jeune=j, dispositif="pacea", date_entree=d("2024-03-01"))
    SituationFactory(jeune=j, date_debut=d("2024-06-01"))
    AideFactory(jeune=j, montant="110.5")
    return j


def _report(tmp_path, *args: str) -> dict:
    out = tmp_path / "rapport.json"
    call_command(
        "report", "--debut", "2024-01-01", "--fin", "2024-12-31", "--format", "json", "--output", str(out), *args
    )
    return json.loads(out.read_text(encoding="utf-8"))


def test_json_shape(structure, dataset, tmp_path):
    data = _report(tmp_path)
    assert data["format"] == "trajectoires-report/1"
    assert data["periode"] == {"debut": "2024-01-01", "fin": "2024-12-31"}
    for section in (
        "indicateurs",
        "repartitions",
        "comptes",
        "dispositifs",
        "suivi_dispositifs",
        "parrainage",
        "reperage",
        "obligation_formation",
        "manifestations",
        "satisfaction",
        "series",
        "evolutions",
    ):
        assert isinstance(data[section], dict), section
    assert list(data["indicateurs"]) == [i.id for i in INDICATORS]
    for code in TypeAide.values:
        assert {f"aides.{code}.{k}" for k in ("nombre", "montant", "jeunes", "moyenne")} <= set(data["indicateurs"])
    assert set(data["evolutions"]) == set(data["indicateurs"])
    for pop in ("jeunes_premier_accueil", "jeunes_accompagnes"):
        assert list(data["repartitions"][pop]) == [a.id for a in AXES]
        assert set(data["comptes"][pop]) == {c.id for c in COMPTES} | {"inconnus"}
        assert set(data["comptes"][pop]["inconnus"]) == {c.id for c in COMPTES}
    assert data["repartitions"]["jeunes_accompagnes"]["site"] == {"s1": 1}
    assert data["comptes"]["jeunes_accompagnes"]["sans_qualification"] == 1
    assert set(data["dispositifs"]) == {"pacea", "ensemble"}
    for key in ("cej", "garantie_jeunes", "pacea"):
        assert list(data["suivi_dispositifs"][key]) == ["depuis_debut", "periode"]
        assert list(data["suivi_dispositifs"][key]["periode"]) == list(SUIVI_KEYS)
    assert set(data["parrainage"]) == {
        "parrainages_actifs",
        "jeunes",
        "sorties",
        "sorties_par_issue",
        "parrains_actifs",
        "parrains_actifs_par_statut",
        "nouveaux_parrains",
        "jeunes_par_parrain",
        "entretiens_par_parrain",
        "duree_moyenne_mois",
    } | set(PARRAINAGE_KEYS)  # extension keys, documented in docs/indicateurs.md
    assert set(data["reperage"]) == {
        "actions",
        "actions_par_canal",
        "heures",
        "personnes_rencontrees",
        "jeunes_contactes",
        "reperes",
        "reperes_par_canal",
        "reperes_par_lieu",
        "remobilises",
    } | set(REPERAGE_KEYS)
    assert set(data["obligation_formation"]) == {"signales", "par_statut", "en_solution"}
    assert set(data["manifestations"]) == {"nombre", "jeunes", "partenaires", "par_type"}
    assert set(data["satisfaction"]) == {"repondants", "par_question"}
    assert set(data["series"]) == {"jeunes_accompagnes", "jeunes_premier_accueil"}
    assert data["indicateurs"]["aides.allocation_pacea.montant"] == 110.5
    assert isinstance(data["indicateurs"]["jeunes_accompagnes"], int)
    assert isinstance(data["indicateurs"]["part_accompagnes_contact"], float)


def test_json_is_the_same_on_unchanged_data(structure, dataset, tmp_path):
    assert _report(tmp_path) == _report(tmp_path)


def test_command_filter_and_structure(structure, dataset, tmp_path):
    StructureFactory(code="AUTRE")
    data = _report(tmp_path, "--structure", structure.code, "--filtre", "secteur=Siège")
    assert data["indicateurs"]["jeunes_accompagnes"] == 1
    assert data["filtre"] == {"cle": "secteur", "valeur": "Siège"}


def test_command_to_stdout(structure, dataset, capsys):
    call_command("report", "--debut", "2024-01-01", "--fin", "2024-12-31")
    assert json.loads(capsys.readouterr().out)["indicateurs"]["jeunes_accompagnes"] == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--debut", "2024-02-30", "--fin", "2024-12-31"], "AAAA-MM-JJ"),
        (["--debut", "2024-12-31", "--fin", "2024-01-01"], "précède"),
        (["--debut", "2024-01-01", "--fin", "2024-12-31", "--format", "pdf"], "--output"),
        (["--debut", "2024-01-01", "--fin", "2024-12-31", "--filtre", "ville=Besançon"], "Filtre inconnu"),
        (["--debut", "2024-01-01", "--fin", "2024-12-31", "--filtre", "secteur"], "CLE=VALEUR"),
        (["--debut", "2024-01-01", "--fin", "2024-12-31", "--filtre", "site=zz"], "Aucun site"),
        (["--debut", "2024-01-01", "--fin", "2024-12-31", "--structure", "NOPE"], "NOPE"),
    ],
)
def test_command_errors_say_what_to_do(structure, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)


def test_command_needs_a_structure_when_several(structure, tmp_path):
    StructureFactory(code="AUTRE")
    with pytest.raises(CommandError, match="--structure"):
        call_command("report", "--debut", "2024-01-01", "--fin", "2024-12-31")


def test_definitions_cover_every_indicator():
    from trajectoires.rapports.engine import definitions

    rows = definitions()
    ids = {(r["section"], r["id"]) for r in rows}
    assert {("indicateurs", i.id) for i in INDICATORS} <= ids
    assert {("repartitions", a.id) for a in AXES} <= ids
    assert {("comptes", c.id) for c in COMPTES} <= ids
    assert all(r["libelle"] and r["definition"] for r in rows)


def test_other_formats_go_through_the_edition_renderers(structure, dataset, tmp_path, monkeypatch):
    pytest.importorskip("trajectoires.edition.services")
    calls = []

    def fake(report, fmt):
        calls.append((report.data["indicateurs"]["jeunes_accompagnes"], fmt))
        return b"%PDF-fake" if fmt != "html" else "<html></html>"

    monkeypatch.setattr("trajectoires.edition.services.render_report", fake)
    out = tmp_path / "r.pdf"
    call_command("report", "--debut", "2024-01-01", "--fin", "2024-12-31", "--format", "pdf", "--output", str(out))
    assert out.read_bytes() == b"%PDF-fake"
    assert calls == [(1, "pdf")]
