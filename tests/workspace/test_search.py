from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import JeuneFactory, ParrainageFactory
from trajectoires.accounts.enums import Role
from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.models import JeuneRecherche
from trajectoires.workspace.search import name_distance, normalise, search_jeunes


@pytest.fixture
def people(world):
    ml = world.structure
    return {
        "zoe": JeuneFactory(structure=ml, nom="Lefèvre", prenom="Zoé", date_naissance=dt.date(2006, 3, 5)),
        "jose": JeuneFactory(
            structure=ml, nom="Martín-García", prenom="José Luis", date_naissance=dt.date(2005, 1, 2)
        ),
        "mohammed": JeuneFactory(structure=ml, nom="Benali", prenom="Mohammed", date_naissance=dt.date(2004, 7, 8)),
        "oeil": JeuneFactory(structure=ml, nom="Cœurderoy", prenom="Anaïs", ext_id="ML-2024-0042"),
        "ailleurs": JeuneFactory(structure=world.other_structure, nom="Lefèvre", prenom="Zoé"),
    }


def names(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{j.prenom} {j.nom}" for j in result.jeunes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Zoé  O'Brien-Müller", "zoe o brien muller"), ("CŒUR", "coeur"), ("  ", ""), ("Ñúñez", "nunez")],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lefevre", "Zoé Lefèvre"),
        ("LEFÈVRE zoe", "Zoé Lefèvre"),
        ("zoe lef", "Zoé Lefèvre"),  # any order, word prefixes
        ("garcia jose", "José Luis Martín-García"),
        ("luis", "José Luis Martín-García"),
        ("coeurderoy", "Anaïs Cœurderoy"),
        ("anais", "Anaïs Cœurderoy"),
    ],
)
def test_names_match_without_accents_case_or_order(world, people, query, expected):
    result = search_jeunes(world.user(Role.CONSEILLER), query)
    assert names(result) == [expected]
    assert not result.approchants


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lefebvre", "Zoé Lefèvre"),  # one letter added
        ("lefecre zoe", "Zoé Lefèvre"),  # one letter changed, with the first name
        ("mohamed", "Mohammed Benali"),  # doubled letter
        ("mohamed bneali", "Mohammed Benali"),  # two letters swapped
        ("coeurderoi", "Anaïs Cœurderoy"),  # one letter changed
    ],
)
def test_one_typo_is_tolerated_and_flagged(world, people, query, expected):
    result = search_jeunes(world.user(Role.CONSEILLER), query)
    assert names(result) == [expected]
    assert result.approchants == {result.jeunes[0].pk}


def test_short_words_and_far_names_do_not_match(world, people):
    assert names(search_jeunes(world.user(Role.CONSEILLER), "zo lef")) == ["Zoé Lefèvre"]
    assert names(search_jeunes(world.user(Role.CONSEILLER), "zx")) == []
    assert names(search_jeunes(world.user(Role.CONSEILLER), "lafarge")) == []


def test_birth_date_alone_or_with_a_name(world, people):
    conseiller = world.user(Role.CONSEILLER)
    assert names(search_jeunes(conseiller, "05/03/2006")) == ["Zoé Lefèvre"]
    assert names(search_jeunes(conseiller, "5/3/2006")) == ["Zoé Lefèvre"]
    assert names(search_jeunes(conseiller, "lefevre 05/03/2006")) == ["Zoé Lefèvre"]
    assert names(search_jeunes(conseiller, "benali 05/03/2006")) == []


def test_an_impossible_date_says_how_to_write_it(world, people):
    result = search_jeunes(world.user(Role.CONSEILLER), "31/02/2006")
    assert result.errors == [
        "« 31/02/2006 » n'est pas une date valide : saisissez la date de naissance au format JJ/MM/AAAA, "
        "par exemple 05/03/2006."
    ]


def test_identifier(world, people):
    assert names(search_jeunes(world.user(Role.CONSEILLER), "ML-2024-0042")) == ["Anaïs Cœurderoy"]


def test_results_stay_in_the_users_scope(world, people):
    # Another Mission Locale's Zoé Lefèvre is never found.
    result = search_jeunes(world.user(Role.DIRECTION), "lefevre")
    assert [j.structure_id for j in result.jeunes] == [world.structure.pk]
    # A mentor finds their mentee only; outreach and employer relations their own scope.
    ParrainageFactory(jeune=people["zoe"], parrain=world.jeunes["filleul"].parrainages.get().parrain)
    assert names(search_jeunes(world.user(Role.PARRAIN), "zoe")) == ["Zoé Lefèvre"]
    assert names(search_jeunes(world.user(Role.PARRAIN), "benali")) == []
    assert names(search_jeunes(world.user(Role.PARRAIN), "mohamed")) == []
    assert {j.ext_id for j in search_jeunes(world.user(Role.PARRAIN), "test").jeunes} == {"filleul"}
    assert {j.ext_id for j in search_jeunes(world.user(Role.REPERAGE), "test").jeunes} == {"repere"}
    assert {j.ext_id for j in search_jeunes(world.user(Role.RELATIONS_ENTREPRISES), "test").jeunes} == {"candidat"}
    assert search_jeunes(world.user(Role.ADMINISTRATEUR), "test").jeunes == []


def test_results_are_limited(world):
    for n in range(7):
        JeuneFactory(structure=world.structure, nom="Durand", prenom=f"Prénom{n}")
    result = search_jeunes(world.user(Role.CONSEILLER), "durand", limit=5)
    assert len(result.jeunes) == 5
    assert result.truncated


def test_files_written_by_the_importer_are_indexed_before_searching(world, people):
    # The importer writes with SQL, bypassing the signal: no search key yet.
    Jeune.objects.bulk_create(
        [Jeune(structure=world.structure, ext_id="imp-1", nom="Éloïse", prenom="Núñez", sexe="f",
               date_naissance=dt.date(2005, 5, 5))]
    )
    imported = Jeune.objects.get(ext_id="imp-1")
    assert not JeuneRecherche.objects.filter(jeune=imported).exists()
    assert names(search_jeunes(world.user(Role.CONSEILLER), "eloise nunez")) == ["Núñez Éloïse"]
    assert JeuneRecherche.objects.filter(jeune=imported).exists()


def test_a_renamed_file_is_found_by_its_new_name(world, people):
    people["zoe"].nom = "Dupré"
    people["zoe"].save()
    assert names(search_jeunes(world.user(Role.CONSEILLER), "dupre")) == ["Zoé Dupré"]
    assert names(search_jeunes(world.user(Role.CONSEILLER), "lefevre")) == []


def test_name_distance():
    assert name_distance(["lefebvre"], " lefevre zoe ") == 1
    assert name_distance(["zoe"], " lefevre zoe ") == 0
    assert name_distance(["xyz"], " lefevre zoe ") is None


def test_search_page(client, world, people):
    client.force_login(world.user(Role.CONSEILLER))
    response = client.get(reverse("workspace:search"), {"q": "lefevre"})
    content = response.content.decode()
    assert "1 jeune trouvé" in content
    assert reverse("workspace:jeune", args=[people["zoe"].pk]) in content
    assert reverse("workspace:jeune", args=[people["ailleurs"].pk]) not in content


def test_search_page_answers_htmx_with_the_results_only(client, world, people):
    client.force_login(world.user(Role.CONSEILLER))
    response = client.get(
        reverse("workspace:search"), {"q": "zzzz"}, headers={"HX-Request": "true", "HX-Target": "resultats"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Aucun jeune ne correspond à « zzzz »" in content


def test_empty_search_shows_the_form_only(client, world):
    client.force_login(world.user(Role.ACCUEIL))
    response = client.get(reverse("workspace:search"))
    assert "Nom, prénom, date de naissance" in response.content.decode()
    assert "trouvé" not in response.content.decode()


def test_a_typo_on_the_first_letter_is_not_tolerated(world, people):
    assert names(search_jeunes(world.user(Role.CONSEILLER), "kefevre")) == []
    assert names(search_jeunes(world.user(Role.CONSEILLER), "bnali")) == []


def test_the_index_command_refreshes_names_changed_by_an_import(world, people):
    Jeune.objects.filter(pk=people["zoe"].pk).update(nom="Dupré")  # SQL, like the importer
    assert names(search_jeunes(world.user(Role.CONSEILLER), "dupre")) == []
    call_command("index_recherche", "--structure", world.structure.code, stdout=io.StringIO())
    assert names(search_jeunes(world.user(Role.CONSEILLER), "dupre")) == ["Zoé Dupré"]


def test_birth_date_changes_are_indexed_on_save(world, people):
    people["zoe"].date_naissance = dt.date(2007, 7, 7)
    people["zoe"].save()
    assert names(search_jeunes(world.user(Role.CONSEILLER), "07/07/2007")) == ["Zoé Lefèvre"]


def test_a_mentor_sees_no_identifier_in_the_results(client, world):
    client.force_login(world.user(Role.PARRAIN))
    content = client.get(reverse("workspace:search"), {"q": "filleul"}).content.decode()
    assert "FILLEUL Test" in content
    assert "Identifiant" not in content
    client.force_login(world.user(Role.ACCUEIL))
    assert "Identifiant" in client.get(reverse("workspace:search"), {"q": "filleul"}).content.decode()


def test_a_restricted_scope_still_gets_its_young_person_among_many_namesakes(world):
    # 60 young people born the same day and named alike; the mentor's mentee must come first.
    for n in range(60):
        JeuneFactory(structure=world.structure, nom="Aaron", prenom=f"A{n}", date_naissance=dt.date(2004, 6, 15))
    mentor = world.user(Role.PARRAIN)
    assert [j.ext_id for j in search_jeunes(mentor, "15/06/2004").jeunes] == ["filleul"]
    assert [j.ext_id for j in search_jeunes(mentor, "test 15/06/2004").jeunes] == ["filleul"]


def test_a_reimport_that_renames_a_young_person_updates_the_search(world, tmp_path):
    from trajectoires.interchange.importer import import_dataset

    header = "id;nom;prenom;sexe;date_naissance\n"
    (tmp_path / "jeunes.csv").write_text(header + "imp-1;Moreau;Inès;f;2006-03-04\n", encoding="utf-8")
    assert import_dataset(tmp_path, world.structure).ok
    assert names(search_jeunes(world.user(Role.DIRECTION), "moreau")) == ["Inès Moreau"]

    (tmp_path / "jeunes.csv").write_text(header + "imp-1;Morel;Inès;f;2006-03-04\n", encoding="utf-8")
    assert import_dataset(tmp_path, world.structure).ok
    assert names(search_jeunes(world.user(Role.DIRECTION), "morel")) == ["Inès Morel"]
    assert names(search_jeunes(world.user(Role.DIRECTION), "moreau")) == []
