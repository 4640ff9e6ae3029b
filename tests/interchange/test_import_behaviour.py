"""What the importer accepts, how it writes: oddities, zips, NULLs, idempotence, atomicity,
hostile text, structures kept apart."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal

import pytest

from trajectoires.accompagnement.models import Evenement
from trajectoires.aides.models import Aide
from trajectoires.interchange import writer
from trajectoires.interchange.schema import FILES
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Structure

from .conftest import FULL, JEUNE_ROW, JEUNES_HEADER


J = JEUNES_HEADER + JEUNE_ROW


def names(structure: Structure) -> list[tuple[str, str, str]]:
    return sorted(Jeune.objects.filter(structure=structure).values_list("ext_id", "nom", "prenom"))


def assert_ok(result) -> None:  # type: ignore[no-untyped-def]
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(("\ufeff" + J).encode("utf-8"), id="BOM"),
        pytest.param(J.replace("\n", "\r\n").encode(), id="CRLF"),
        pytest.param(J.rstrip("\n").encode(), id="no final newline"),
        pytest.param(
            (b"sexe;prenom;date_naissance;id;nom\nf;Ana;2004-05-06;J1;Dupont\n"), id="any column order"
        ),
        pytest.param(("\n" + JEUNES_HEADER + "\n\r\n   \n;;;;\n" + JEUNE_ROW + "\n\n").encode(), id="blank lines"),
        pytest.param((JEUNES_HEADER + '"J1";"Dupont";"Ana";"f";"2004-05-06"\n').encode(), id="quoted cells"),
    ],
)
def test_accepted_oddities(dataset, run_import, structure, content):
    assert_ok(run_import(dataset({"jeunes.csv": content})))
    assert names(structure) == [("J1", "Dupont", "Ana")]


def test_quoted_line_breaks_and_quotes_are_kept(dataset, run_import, structure):
    content = JEUNES_HEADER + 'J1;"Du\r\npont";"Ana ""la"" grande\nseconde ligne";f;2004-05-06\r\n'
    assert_ok(run_import(dataset({"jeunes.csv": content})))
    assert names(structure) == [("J1", "Du\r\npont", 'Ana "la" grande\nseconde ligne')]


def test_header_only_files_are_accepted(dataset, run_import, structure):
    files = {spec.name: ";".join(spec.column_names) + "\n" for spec in FILES}
    result = run_import(dataset(files))
    assert_ok(result)
    assert result.rows == 0
    assert not Jeune.objects.exists()


@pytest.mark.parametrize("top_folder", ["", "export-2024/"])
def test_zip_with_files_at_root_or_in_one_top_folder(tmp_path, run_import, structure, top_folder):
    archive = tmp_path / "jeu.zip"
    with zipfile.ZipFile(archive, "w") as z:
        if top_folder:
            z.writestr(top_folder, "")
        z.writestr(top_folder + "jeunes.csv", J)
        z.writestr(top_folder + "evenements.csv", "id;jeune_id;date;nature\nE1;J1;2024-01-02;sms\n")
        z.writestr("__MACOSX/._jeunes.csv", "resource fork")
    assert_ok(run_import(archive))
    assert names(structure) == [("J1", "Dupont", "Ana")]
    assert Evenement.objects.filter(structure=structure).count() == 1


def test_zip_with_an_unknown_file_is_refused(tmp_path, run_import, structure):
    archive = tmp_path / "jeu.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("jeunes.csv", J)
        z.writestr("lisez-moi.txt", "x")
    result = run_import(archive)
    assert [f"{p.file}:{p.line}" for p in result.problems] == ["lisez-moi.txt:0"]
    assert not Jeune.objects.exists()


def test_a_file_that_is_not_a_dataset(tmp_path, run_import):
    path = tmp_path / "jeunes.xlsx"
    path.write_bytes(b"PK not really")
    result = run_import(path)
    assert not result.ok and "ni un dossier ni une archive" in result.problems[0].reason


def test_empty_cell_is_null_never_no(dataset, run_import, structure):
    header = "id;nom;prenom;sexe;date_naissance;diplome;permis_b;enfants;niveau\n"
    assert_ok(run_import(dataset({"jeunes.csv": header + "J1;D;A;f;2004-05-06;;0;;\n"})))
    jeune = Jeune.objects.get(structure=structure)
    assert (jeune.diplome, jeune.permis_b, jeune.enfants, jeune.niveau) == (None, False, None, None)


def test_values_are_stored_with_their_types(dataset, run_import, structure):
    assert_ok(run_import(dataset(FULL)))
    aide = Aide.objects.get(structure=structure, ext_id="A1")
    assert (aide.montant, aide.date, aide.jeune.ext_id) == (Decimal("150.50"), date(2024, 2, 1), "J1")
    evenement = Evenement.objects.get(structure=structure, ext_id="E1")
    assert (evenement.honore, evenement.site.ext_id, evenement.conseiller.ext_id, evenement.themes) == (
        True,
        "S1",
        "C1",
        "emploi|formation",
    )
    assert Evenement.objects.get(structure=structure, ext_id="E2").themes == ""


def test_second_import_changes_nothing(dataset, run_import, structure):
    folder = dataset(FULL)
    first = run_import(folder)
    assert_ok(first)
    assert first.created == first.rows > 0
    before = {spec.name: sorted(spec.model.objects.filter(structure=structure).values_list()) for spec in FILES}
    second = run_import(folder)
    assert_ok(second)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.rows)
    after = {spec.name: sorted(spec.model.objects.filter(structure=structure).values_list()) for spec in FILES}
    assert after == before


def test_changed_rows_are_updated_and_absent_rows_kept(dataset, run_import, structure):
    assert_ok(run_import(dataset({"jeunes.csv": J + "J2;Martin;Léo;h;2003-01-01\n"})))
    result = run_import(
        dataset({"jeunes.csv": JEUNES_HEADER + "J1;Dupont;Anaïs;f;2004-05-06\nJ3;Roux;Zoé;f;2005-01-01\n"})
    )
    assert_ok(result)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert names(structure) == [("J1", "Dupont", "Anaïs"), ("J2", "Martin", "Léo"), ("J3", "Roux", "Zoé")]


def test_a_column_absent_from_the_file_is_left_as_it_is(dataset, run_import, structure):
    assert_ok(run_import(dataset({"jeunes.csv": "id;nom;prenom;sexe;date_naissance;qpv\nJ1;D;A;f;2004-05-06;QP1\n"})))
    assert_ok(run_import(dataset({"jeunes.csv": "id;nom;prenom;sexe;date_naissance\nJ1;D;B;f;2004-05-06\n"})))
    assert Jeune.objects.values_list("prenom", "qpv").get() == ("B", "QP1")


def test_a_crash_while_writing_leaves_the_database_as_it_was(dataset, run_import, structure, monkeypatch):
    assert_ok(run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J0;Avant;Import;h;2003-01-01\n"})))
    before = {spec.name: sorted(spec.model.objects.values_list()) for spec in FILES}
    real = writer.write_batch
    files_written: list[str] = []

    def crash_after_first_file(cursor, upsert, sql, batch):  # type: ignore[no-untyped-def]
        files_written.append(upsert.table)
        if len(set(files_written)) > 1:
            raise RuntimeError("coupure de courant simulée")
        return real(cursor, upsert, sql, batch)

    monkeypatch.setattr(writer, "write_batch", crash_after_first_file)
    with pytest.raises(RuntimeError, match="coupure"):
        run_import(dataset(FULL))
    assert len(set(files_written)) == 2  # the first file had been written when the crash came
    after = {spec.name: sorted(spec.model.objects.values_list()) for spec in FILES}
    assert after == before


HOSTILE = [
    "=cmd|' /C calc'!A0",
    "'; DROP TABLE jeunes_jeune;--",
    "<script>alert(1)</script>",
    "+33 6 00",
    "-1",
    "@SUM(A1)",
    'Robert"); --',
]


def test_hostile_but_valid_text_is_stored_exactly(dataset, run_import, structure):
    quoted = ['"' + text.replace('"', '""') + '"' for text in HOSTILE]
    rows = "".join(f"J{i};{cell};X;f;2004-05-06\n" for i, cell in enumerate(quoted))
    assert_ok(run_import(dataset({"jeunes.csv": JEUNES_HEADER + rows})))
    stored = dict(Jeune.objects.filter(structure=structure).values_list("ext_id", "nom"))
    assert stored == {f"J{i}": text for i, text in enumerate(HOSTILE)}


def test_two_structures_do_not_see_each_others_ids(dataset, run_import, structure):
    other = Structure.objects.create(code="39300S00", nom="Mission Locale du Jura")
    assert_ok(run_import(dataset({"jeunes.csv": J})))
    # the same id in another structure is another young person
    assert_ok(run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J1;Autre;Personne;h;2001-01-01\n"}), other))
    assert names(structure) == [("J1", "Dupont", "Ana")]
    assert names(other) == [("J1", "Autre", "Personne")]
    # a reference resolves within its own structure only
    third = Structure.objects.create(code="70550S00", nom="Mission Locale de Vesoul")
    result = run_import(
        dataset({"jeunes.csv": JEUNES_HEADER, "evenements.csv": "id;jeune_id;date;nature\nE1;J1;2024-01-02;sms\n"}),
        third,
    )
    assert [f"{p.file}:{p.line}: {p.column}" for p in result.problems] == ["evenements.csv:2: jeune_id"]
    assert_ok(
        run_import(
            dataset(
                {"jeunes.csv": JEUNES_HEADER, "evenements.csv": "id;jeune_id;date;nature\nE1;J1;2024-01-02;sms\n"}
            ),
            other,
        )
    )
    assert Evenement.objects.get().jeune.structure == other


def test_progress_reports_both_passes(dataset, structure):
    from trajectoires.interchange.importer import import_dataset

    calls: list[tuple[str, int, int | None]] = []
    import_dataset(dataset({"jeunes.csv": J}), structure, progress=lambda *a: calls.append(a))
    assert ("jeunes.csv", 1, None) in calls and ("jeunes.csv", 1, 1) in calls
