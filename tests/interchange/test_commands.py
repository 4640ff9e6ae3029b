"""The import_data, export_data and create_structure commands."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Structure

from .conftest import FULL, JEUNES_HEADER


def test_create_structure(db, capsys):
    call_command("create_structure", "25056S00", "Mission Locale de Besançon")
    assert Structure.objects.get().nom == "Mission Locale de Besançon"
    assert "créée" in capsys.readouterr().out
    with pytest.raises(CommandError, match="déjà le code"):
        call_command("create_structure", "25056S00", "Autre")


def test_import_data_success_writes_summary_and_report(dataset, structure, capsys, tmp_path):
    folder = dataset(FULL)
    call_command("import_data", str(folder), "--rapport-json", str(tmp_path / "r.json"))
    out = capsys.readouterr().out
    assert "Import réussi" in out and "créée(s)" in out
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["ok"] is True and report["created"] == report["rows"] > 0
    assert Jeune.objects.count() == 2


def test_import_data_refuses_bad_data_with_non_zero_exit_and_default_report(dataset, structure, capsys):
    folder = dataset({"jeunes.csv": JEUNES_HEADER + "J1;D;A;x;2004-05-06\n"})
    with pytest.raises(CommandError, match="Rien n'a été écrit"):
        call_command("import_data", str(folder))
    assert "jeunes.csv:2: sexe: x: code inconnu" in capsys.readouterr().err
    report = folder.parent / f"{folder.name}.rapport-import.json"
    assert json.loads(report.read_text(encoding="utf-8"))["problems"][0]["line"] == 2
    assert not Jeune.objects.exists()


def test_import_data_needs_a_structure_when_there_are_several(dataset, structure):
    Structure.objects.create(code="AUTRE", nom="Autre")
    folder = dataset({"jeunes.csv": JEUNES_HEADER})
    with pytest.raises(CommandError, match="--structure"):
        call_command("import_data", str(folder))
    call_command("import_data", str(folder), "--structure", "AUTRE")
    with pytest.raises(CommandError, match="Aucune Mission Locale"):
        call_command("import_data", str(folder), "--structure", "NOPE")


def test_export_data(dataset, structure, tmp_path, capsys):
    call_command("import_data", str(dataset(FULL)))
    call_command("export_data", str(tmp_path / "sortie"))
    assert "Export terminé" in capsys.readouterr().out
    assert (tmp_path / "sortie" / "jeunes.csv").read_text(encoding="utf-8").startswith("id;nom;prenom;")
