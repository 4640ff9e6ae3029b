"""Every import rule: each kind of bad input is refused at its exact place, nothing written."""

from __future__ import annotations

import pytest

from trajectoires.interchange.schema import FILES
from trajectoires.jeunes.models import Jeune

from .conftest import JEUNE_ROW, JEUNES_HEADER


J = JEUNES_HEADER + JEUNE_ROW
EV = "id;jeune_id;date;nature\n"
SIT = "id;jeune_id;categorie;type;date_debut;date_fin\n"
INS = "id;jeune_id;dispositif;date_entree;date_sortie;motif_sortie\n"
EMP = "id;raison_sociale;siret;commune\n"
AIDES = "id;jeune_id;type;date;montant\n"
JX = "id;nom;prenom;sexe;date_naissance;commune;qpv;diplome;enfants;nationalite\n"


def jeune(**cells: str) -> str:
    row = {"commune": "", "qpv": "", "diplome": "", "enfants": "", "nationalite": ""} | cells
    return (
        JX
        + f"J1;Dupont;Ana;f;2004-05-06;{row['commune']};{row['qpv']};{row['diplome']};"
        f"{row['enfants']};{row['nationalite']}\n"
    )


# (files, file, line, column, fragment of the reason)
CASES = {
    "unknown file": ({"jeunes.csv": J, "notes.txt": "x"}, "notes.txt", 0, "", "fichier inconnu"),
    "unknown file in sub-folder": ({"jeunes.csv": J, "vieux/jeunes.csv": J}, "vieux/", 0, "", "fichier inconnu"),
    "unknown column": (
        {"jeunes.csv": "id;nom;prenom;sexe;date_naissance;couleur\nJ1;D;A;f;2004-05-06;bleu\n"},
        "jeunes.csv",
        1,
        "couleur",
        "colonne inconnue",
    ),
    "duplicate column": (
        {"jeunes.csv": "id;nom;prenom;sexe;date_naissance;nom\nJ1;D;A;f;2004-05-06;D\n"},
        "jeunes.csv",
        1,
        "nom",
        "colonne en double",
    ),
    "missing required column": (
        {"jeunes.csv": "id;nom;prenom;sexe\nJ1;D;A;f\n"},
        "jeunes.csv",
        1,
        "date_naissance",
        "colonne obligatoire absente",
    ),
    "no jeunes.csv": ({"sites.csv": "id;nom;type;commune\n"}, "jeunes.csv", 0, "", "fichier obligatoire absent"),
    "empty file": ({"jeunes.csv": ""}, "jeunes.csv", 1, "", "fichier vide"),
    "no header line": ({"jeunes.csv": JEUNE_ROW}, "jeunes.csv", 1, "", "ligne d'en-tête absente"),
    "missing required value": (
        {"jeunes.csv": JEUNES_HEADER + "J1;;Ana;f;2004-05-06\n"},
        "jeunes.csv",
        2,
        "nom",
        "valeur obligatoire manquante",
    ),
    "blank required text": (
        {"jeunes.csv": JEUNES_HEADER + "J1;   ;Ana;f;2004-05-06\n"},
        "jeunes.csv",
        2,
        "nom",
        "obligatoire",
    ),
    "missing id": (
        {"jeunes.csv": JEUNES_HEADER + ";D;Ana;f;2004-05-06\n"},
        "jeunes.csv",
        2,
        "id",
        "valeur obligatoire manquante",
    ),
    "malformed date": (
        {"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;06/05/2004\n"},
        "jeunes.csv",
        2,
        "date_naissance",
        "date invalide",
    ),
    "date that does not exist": (
        {"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;2004-02-30\n"},
        "jeunes.csv",
        2,
        "date_naissance",
        "date invalide",
    ),
    "malformed integer": ({"jeunes.csv": jeune(enfants="deux")}, "jeunes.csv", 2, "enfants", "nombre entier invalide"),
    "negative integer": ({"jeunes.csv": jeune(enfants="-1")}, "jeunes.csv", 2, "enfants", "nombre négatif"),
    "integer too large": ({"jeunes.csv": jeune(enfants="40000")}, "jeunes.csv", 2, "enfants", "nombre trop grand"),
    "malformed boolean": ({"jeunes.csv": jeune(diplome="oui")}, "jeunes.csv", 2, "diplome", "booléen invalide"),
    "unknown code": ({"jeunes.csv": JEUNES_HEADER + "J1;D;A;x;2004-05-06\n"}, "jeunes.csv", 2, "sexe", "code inconnu"),
    "code not lower-case": (
        {"jeunes.csv": JEUNES_HEADER + "J1;D;A;F;2004-05-06\n"},
        "jeunes.csv",
        2,
        "sexe",
        "minuscules",
    ),
    "unknown code in a list": (
        {"jeunes.csv": J, "evenements.csv": "id;jeune_id;date;nature;themes\nE1;J1;2024-01-02;sms;emploi|peche\n"},
        "evenements.csv",
        2,
        "themes",
        "code inconnu",
    ),
    "repeated code in a list": (
        {"jeunes.csv": J, "evenements.csv": "id;jeune_id;date;nature;themes\nE1;J1;2024-01-02;sms;emploi|emploi\n"},
        "evenements.csv",
        2,
        "themes",
        "code répété",
    ),
    "situation type not of its category": (
        {"jeunes.csv": J, "situations.csv": SIT + "S1;J1;alternance;cdi;2024-01-01;\n"},
        "situations.csv",
        2,
        "type",
        "type impossible pour la catégorie",
    ),
    "duplicate id (second occurrence)": (
        {"jeunes.csv": J + "J2;M;L;h;2003-01-01\n" + JEUNE_ROW},
        "jeunes.csv",
        4,
        "id",
        "déjà utilisé ligne 2",
    ),
    "reference to an unknown id": (
        {"jeunes.csv": J, "evenements.csv": EV + "E1;J1;2024-01-02;sms\nE2;J9;2024-01-02;sms\n"},
        "evenements.csv",
        3,
        "jeune_id",
        "référence inconnue",
    ),
    "optional reference to an unknown id": (
        {"jeunes.csv": JEUNES_HEADER.strip() + ";site_id\nJ1;D;A;f;2004-05-06;S404\n"},
        "jeunes.csv",
        2,
        "site_id",
        "référence inconnue",
    ),
    "unknown programme code": (
        {"jeunes.csv": J, "inscriptions.csv": INS + "I1;J1;xyz;2024-01-02;;\n"},
        "inscriptions.csv",
        2,
        "dispositif",
        "code de dispositif inconnu",
    ),
    "date before 1990": (
        {"jeunes.csv": J, "evenements.csv": EV + "E1;J1;1989-12-31;sms\n"},
        "evenements.csv",
        2,
        "date",
        "antérieure au 1990-01-01",
    ),
    "past fact after the import day": (
        {"jeunes.csv": J, "evenements.csv": EV + "E1;J1;2026-01-16;sms\n"},
        "evenements.csv",
        2,
        "date",
        "postérieure au jour de l'import",
    ),
    "end date before 1990": (
        {"jeunes.csv": J, "situations.csv": SIT + "S1;J1;emploi;cdi;2024-01-01;1989-01-01\n"},
        "situations.csv",
        2,
        "date_fin",
        "1990",
    ),
    "end before start": (
        {"jeunes.csv": J, "situations.csv": SIT + "S1;J1;emploi;cdi;2024-03-01;2024-02-28\n"},
        "situations.csv",
        2,
        "date_fin",
        "fin avant le début",
    ),
    "younger than 13 at first event": (
        {
            "jeunes.csv": JEUNES_HEADER + "J1;D;A;f;2012-01-16\n",
            "evenements.csv": EV + "E1;J1;2025-01-15;sms\nE2;J1;2025-06-01;sms\n",
        },
        "jeunes.csv",
        2,
        "date_naissance",
        "12 an(s)",
    ),
    "older than 35 at first event": (
        {"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;1980-01-01\n", "evenements.csv": EV + "E1;J1;2024-01-15;sms\n"},
        "jeunes.csv",
        2,
        "date_naissance",
        "âge invraisemblable",
    ),
    "malformed INSEE code": ({"jeunes.csv": jeune(commune="2504")}, "jeunes.csv", 2, "commune", "code INSEE invalide"),
    "lower-case Corsican INSEE code": (
        {"jeunes.csv": jeune(commune="2a004")},
        "jeunes.csv",
        2,
        "commune",
        "code INSEE invalide",
    ),
    "SIRET not 14 digits": (
        {"jeunes.csv": J, "employeurs.csv": EMP + "EM1;X;1234;\n"},
        "employeurs.csv",
        2,
        "siret",
        "14 chiffres",
    ),
    "SIRET failing Luhn": (
        {"jeunes.csv": J, "employeurs.csv": EMP + "EM1;X;73282932000075;\n"},
        "employeurs.csv",
        2,
        "siret",
        "Luhn",
    ),
    "amount with 3 decimals": (
        {"jeunes.csv": J, "aides.csv": AIDES + "A1;J1;fdaj;2024-01-02;1.505\n"},
        "aides.csv",
        2,
        "montant",
        "trop de décimales",
    ),
    "negative amount": (
        {"jeunes.csv": J, "aides.csv": AIDES + "A1;J1;fdaj;2024-01-02;-5\n"},
        "aides.csv",
        2,
        "montant",
        "nombre négatif",
    ),
    "decimal comma": (
        {"jeunes.csv": J, "aides.csv": AIDES + "A1;J1;fdaj;2024-01-02;12,5\n"},
        "aides.csv",
        2,
        "montant",
        "point",
    ),
    "satisfaction out of 1-4": (
        {
            "jeunes.csv": J,
            "satisfaction.csv": "id;repondant;public;date;question;reponse\nQ1;R;jeune;2024-01-02;Q;5\n",
        },
        "satisfaction.csv",
        2,
        "reponse",
        "de 1",
    ),
    "id longer than 100": (
        {"jeunes.csv": JEUNES_HEADER + "x" * 101 + ";D;A;f;2004-05-06\n"},
        "jeunes.csv",
        2,
        "id",
        "identifiant trop long",
    ),
    "cell longer than 10,000": (
        {"jeunes.csv": JEUNES_HEADER + "J1;" + "n" * 10_001 + ";A;f;2004-05-06\n"},
        "jeunes.csv",
        2,
        "nom",
        "texte trop long",
    ),
    "text longer than its column": ({"jeunes.csv": jeune(qpv="q" * 101)}, "jeunes.csv", 2, "qpv", "texte trop long"),
    "NUL character": (
        {"jeunes.csv": JEUNES_HEADER + "J1;D\x00;A;f;2004-05-06\n"},
        "jeunes.csv",
        2,
        "nom",
        "caractère nul",
    ),
    "exit without motive": (
        {"jeunes.csv": J, "inscriptions.csv": INS + "I1;J1;cej;2024-01-02;2024-03-01;\n"},
        "inscriptions.csv",
        2,
        "motif_sortie",
        "motif de sortie manquant",
    ),
    "too few cells": ({"jeunes.csv": JEUNES_HEADER + "J1;D;A;f\n"}, "jeunes.csv", 2, "", "cellule"),
    "too many cells": ({"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;2004-05-06;x\n"}, "jeunes.csv", 2, "", "cellule"),
    "unterminated quote": ({"jeunes.csv": J + 'J2;"M;L;h;2003-01-01\n'}, "jeunes.csv", 3, "", "guillemet"),
    "stray quote after a quoted cell": (
        {"jeunes.csv": J + 'J2;"M"x;L;h;2003-01-01\n'},
        "jeunes.csv",
        3,
        "",
        "guillemet",
    ),
    "not UTF-8": (
        {"jeunes.csv": (J + "J2;Mart\xe9;L;h;2003-01-01\n").encode("latin-1")},
        "jeunes.csv",
        3,
        "",
        "UTF-8",
    ),
    "country code in lower case": (
        {"jeunes.csv": jeune(nationalite="fr")},
        "jeunes.csv",
        2,
        "nationalite",
        "majuscules",
    ),
    "unknown country code": (
        {"jeunes.csv": jeune(nationalite="ZZ")},
        "jeunes.csv",
        2,
        "nationalite",
        "code pays inconnu",
    ),
    "line of the record after quoted line breaks of every kind": (
        {"jeunes.csv": JEUNES_HEADER + 'J1;"a\rb\nc\r\nd";Ana;f;2004-05-06\nJ2;M;L;x;2003-01-01\n'},
        "jeunes.csv",
        6,
        "sexe",
        "code inconnu",
    ),
    "unterminated quote after more than a chunk of rows": (
        {"jeunes.csv": J + "".join(f"J{i};D;A;f;2004-05-06\n" for i in range(2, 25_002)) + 'JX;"M;L;h;2003-01-01\n'},
        "jeunes.csv",
        25_003,
        "",
        "guillemet",
    ),
    "line of the record after a quoted line break": (
        {"jeunes.csv": JEUNES_HEADER + 'J1;"Du\r\npont";Ana;f;2004-05-06\r\n\r\nJ2;M;L;x;2003-01-01\r\n'},
        "jeunes.csv",
        5,
        "sexe",
        "code inconnu",
    ),
}


def nothing_written(structure) -> bool:  # type: ignore[no-untyped-def]
    return all(not spec.model.objects.filter(structure=structure).exists() for spec in FILES)


@pytest.mark.parametrize(("files", "file", "line", "column", "fragment"), CASES.values(), ids=CASES.keys())
def test_bad_input_is_refused_at_its_place(dataset, run_import, structure, files, file, line, column, fragment):
    result = run_import(dataset(files) if "vieux/jeunes.csv" not in files else _with_subfolder(dataset, files))
    assert not result.ok
    matching = [p for p in result.problems if (p.file, p.line, p.column) == (file, line, column)]
    assert matching, [str(p) for p in result.problems]
    assert any(fragment in p.reason for p in matching), [str(p) for p in matching]
    assert str(matching[0]).startswith(f"{file}:{line}: {column}: ")
    assert nothing_written(structure)


def _with_subfolder(dataset, files):  # type: ignore[no-untyped-def]
    folder = dataset({"jeunes.csv": files["jeunes.csv"]})
    (folder / "vieux").mkdir()
    (folder / "vieux" / "jeunes.csv").write_text(files["vieux/jeunes.csv"], encoding="utf-8")
    return folder


def test_every_problem_is_reported_not_only_the_first(dataset, run_import, structure):
    result = run_import(
        dataset({"jeunes.csv": JEUNES_HEADER + "J1;;A;x;2004-13-01\nJ2;D;A;h;2003-01-01\nJ3;;B;f;hier\n"})
    )
    assert [str(p).split(": ")[0] + ": " + p.column for p in result.problems] == [
        "jeunes.csv:2: date_naissance",
        "jeunes.csv:2: nom",
        "jeunes.csv:2: sexe",
        "jeunes.csv:4: date_naissance",
        "jeunes.csv:4: nom",
    ]
    assert result.problems_total == 5
    assert nothing_written(structure)


def test_an_unknown_reference_is_reported_at_every_line_naming_it(dataset, run_import, structure):
    # a clean chunk's references are looked up once per distinct value: each line still counts
    events = EV + "E1;J9;2024-01-02;sms\nE2;J1;2024-01-03;sms\nE3;J9;2024-01-04;sms\nE4;J8;2024-01-05;sms\n"
    result = run_import(dataset({"jeunes.csv": J, "evenements.csv": events}))
    assert [(p.file, p.line, p.column, p.value) for p in result.problems] == [
        ("evenements.csv", 2, "jeune_id", "J9"),
        ("evenements.csv", 4, "jeune_id", "J9"),
        ("evenements.csv", 5, "jeune_id", "J8"),
    ]
    assert all("référence inconnue" in p.reason for p in result.problems)
    assert nothing_written(structure)


def test_problem_format_is_file_line_column_value_reason(dataset, run_import):
    result = run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J1;D;A;x;2004-05-06\n"}))
    assert str(result.problems[0]) == "jeunes.csv:2: sexe: x: code inconnu : utilisez l'un des codes f, h"


def test_json_report_lists_the_problems(dataset, run_import, tmp_path):
    import json

    result = run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J1;D;A;x;2004-05-06\n"}))
    result.write_json(tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["ok"] is False
    assert report["problems_total"] == 1
    assert report["problems"][0] == {
        "file": "jeunes.csv",
        "line": 2,
        "column": "sexe",
        "value": "x",
        "reason": "code inline".replace("code inline", result.problems[0].reason),
        "message": str(result.problems[0]),
    }


def test_reference_to_an_id_already_in_the_database_is_accepted(dataset, run_import, structure):
    assert run_import(dataset({"jeunes.csv": J})).ok
    result = run_import(dataset({"jeunes.csv": JEUNES_HEADER, "evenements.csv": EV + "E1;J1;2024-01-02;sms\n"}))
    assert result.ok, [str(p) for p in result.problems]
    assert Jeune.objects.get(structure=structure, ext_id="J1").evenements.count() == 1


def test_programme_codes_from_catalogue_file_and_database(dataset, run_import):
    dispositifs = "id;nom;echelon;date_debut;date_fin\nloc;Local;local;2020-01-01;\n"
    first = run_import(
        dataset(
            {
                "jeunes.csv": J,
                "dispositifs.csv": dispositifs,
                "inscriptions.csv": INS + "I1;J1;loc;2024-01-02;;\nI2;J1;pacea;2024-01-02;;\n",
            }
        )
    )
    assert first.ok, [str(p) for p in first.problems]
    again = run_import(dataset({"jeunes.csv": J, "inscriptions.csv": INS + "I3;J1;loc;2024-02-02;;\n"}))
    assert again.ok, [str(p) for p in again.problems]


def test_end_dates_may_be_in_the_future(dataset, run_import):
    result = run_import(
        dataset(
            {
                "jeunes.csv": J,
                "situations.csv": SIT + "S1;J1;emploi;cdi;2025-01-01;2027-12-31\n",
                "inscriptions.csv": INS + "I1;J1;cej;2025-01-02;2030-01-01;emploi\n",
            }
        )
    )
    assert result.ok, [str(p) for p in result.problems]


def test_age_rule_uses_the_earliest_event_of_dataset_and_database(dataset, run_import):
    assert run_import(
        dataset(
            {"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;1995-06-01\n", "evenements.csv": EV + "E1;J1;2025-01-01;sms\n"}
        )
    ).ok
    # an earlier event already in the database makes the new birth date implausible (11 years old)
    result = run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J1;D;A;f;2013-06-01\n"}))
    assert [str(p)[:34] for p in result.problems] == ["jeunes.csv:2: date_naissance: 2013"]
    # birth dates are not range-checked otherwise, and a young person with no event is not checked
    assert run_import(dataset({"jeunes.csv": JEUNES_HEADER + "J2;D;A;f;1985-06-01\n"})).ok


def test_reperes_and_obligation_birth_dates_only_need_a_valid_date(dataset, run_import):
    result = run_import(
        dataset(
            {
                "jeunes.csv": J,
                "actions_reperage.csv": "id;date;canal\nAR1;2024-04-01;maraude\n",
                "reperes.csv": "id;action_id;date;sexe;date_naissance\nR1;AR1;2024-04-01;h;1970-02-02\n",
            }
        )
    )
    assert result.ok, [str(p) for p in result.problems]


def test_source_that_does_not_exist(run_import, tmp_path, structure):
    result = run_import(tmp_path / "absent")
    assert not result.ok
    assert "introuvable" in result.problems[0].reason


def test_references_to_an_unreadable_file_are_not_reported_as_unknown(dataset, run_import):
    result = run_import(
        dataset(
            {
                "jeunes.csv": 'id;nom;prenom;sexe;date_naissance\nJ1;"D;A;f;2004-05-06\n',
                "evenements.csv": EV + "E1;J1;2024-01-02;sms\n",
            }
        )
    )
    assert [f"{p.file}:{p.line}" for p in result.problems] == ["jeunes.csv:2"]
