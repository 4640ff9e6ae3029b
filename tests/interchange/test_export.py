"""The exporter and the round trip export(import(D)) = D."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from trajectoires.interchange.exporter import decimal_text, export_dataset
from trajectoires.interchange.schema import FILES
from trajectoires.utils.csv_safe import neutralise_formula

from .conftest import FULL, JEUNES_HEADER


def rows_of(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return header, rows


def as_dicts(text: str) -> list[dict[str, str]]:
    header, rows = rows_of(text)
    return sorted((dict(zip(header, row, strict=True)) for row in rows), key=lambda r: r["id"])


def test_full_dataset_uses_every_file_and_every_column():
    assert set(FULL) == {spec.name for spec in FILES}
    for spec in FILES:
        assert rows_of(FULL[spec.name])[0] == spec.column_names


def test_round_trip_holds_every_row(dataset, run_import, structure, tmp_path):
    assert run_import(dataset(FULL)).ok
    counts = export_dataset(structure, tmp_path / "export")
    for spec in FILES:
        exported = (tmp_path / "export" / spec.name).read_text(encoding="utf-8")
        assert exported.splitlines()[0] == ";".join(spec.column_names)
        assert as_dicts(exported) == as_dicts(FULL[spec.name]), spec.name
        assert counts[spec.name] == len(as_dicts(FULL[spec.name]))
    # and the export imports back into another structure as the same rows
    from trajectoires.structures.models import Structure

    other = Structure.objects.create(code="AUTRE", nom="Autre")
    assert run_import(tmp_path / "export", other).ok
    export_dataset(other, tmp_path / "export2")
    for spec in FILES:
        assert (tmp_path / "export2" / spec.name).read_text(encoding="utf-8") == (
            tmp_path / "export" / spec.name
        ).read_text(encoding="utf-8")


def test_export_format_details(dataset, run_import, structure, tmp_path):
    header = "id;nom;prenom;sexe;date_naissance;diplome;enfants\n"
    hostile = '"=cmd|\' /C calc\'!A0";"a;b ""c""\nd";f;2004-05-06;0;\n'
    assert run_import(
        dataset(
            {
                "jeunes.csv": header + "J1;" + hostile,
                "aides.csv": (
                    "id;jeune_id;type;date;montant\nA1;J1;fdaj;2024-01-02;12.50\nA2;J1;fdaj;2024-01-02;12.00\n"
                ),
            }
        )
    ).ok
    export_dataset(structure, tmp_path / "out")
    raw = (tmp_path / "out" / "jeunes.csv").read_bytes()
    assert b"\r" not in raw
    line = raw.decode("utf-8").split("\n", 1)[1]
    assert line.startswith('J1;=cmd|\' /C calc\'!A0;"a;b ""c""\nd";f;2004-05-06;;;;0;;;;;;;;;\n')  # not neutralised
    assert [r["montant"] for r in as_dicts((tmp_path / "out" / "aides.csv").read_text(encoding="utf-8"))] == [
        "12.5",
        "12",
    ]


def test_export_to_a_zip(dataset, run_import, structure, tmp_path):
    assert run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;2004-05-06\n"})).ok
    export_dataset(structure, tmp_path / "jeu.zip")
    with zipfile.ZipFile(tmp_path / "jeu.zip") as archive:
        assert sorted(archive.namelist()) == sorted(spec.name for spec in FILES)
    assert run_import(tmp_path / "jeu.zip").ok


def test_decimals_in_minimal_form():
    assert [decimal_text(Decimal(v)) for v in ("12.50", "12.00", "0.05", "0", "1000", "100.10")] == [
        "12.5",
        "12",
        "0.05",
        "0",
        "1000",
        "100.1",
    ]


def test_neutralise_formula():
    assert [neutralise_formula(v) for v in ("=1+1", "+33", "-2", "@x", "\tx", "\rx", "Dupont", "", "a=b")] == [
        "'=1+1",
        "'+33",
        "'-2",
        "'@x",
        "'\tx",
        "'\rx",
        "Dupont",
        "",
        "a=b",
    ]
