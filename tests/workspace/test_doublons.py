"""The list of likely duplicate files (issue 12, part 7; docs/doublons.md): same birth date and
close names (the search's tolerance), or the same phone number or e-mail address once the file
has them; for the direction only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import JeuneFactory, StructureFactory, UserFactory
from trajectoires.accounts.enums import Role
from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.models import Anonymisation, AuditEntry
from trajectoires.workspace.doublons import (
    CLOSE_NAME,
    SAME_NAME,
    close_names,
    contact_fields,
    likely_pairs,
)
from trajectoires.workspace.search import index_text, reindex


BORN = dt.date(2005, 4, 2)


@pytest.fixture(autouse=True)
def _no_cached_list():
    """The list is cached per Mission Locale; test databases reuse primary keys."""
    cache.clear()
    yield
    cache.clear()


def _j(structure, nom: str, prenom: str, born: dt.date = BORN, **kw) -> Jeune:  # type: ignore[no-untyped-def]
    return JeuneFactory(structure=structure, nom=nom, prenom=prenom, date_naissance=born, **kw)


def _pairs(structure) -> dict[frozenset[str], tuple[str, ...]]:  # type: ignore[no-untyped-def]
    names = {j.pk: f"{j.prenom} {j.nom}" for j in Jeune.objects.filter(structure=structure)}
    return {frozenset({names[p.a], names[p.b]}): p.raisons for p in likely_pairs(structure.pk)}


@pytest.mark.parametrize(
    ("a", "b", "found"),
    [
        (["dupont", "jean"], ["dupont", "jean"], True),
        (["dupont", "jean"], ["dupond", "jean"], True),  # one typo from 4 letters
        (["dupont", "jean"], ["jean", "dupont"], True),  # names swapped
        (["martin", "lea"], ["martin", "lea", "marie"], True),  # a compound first name shortened
        (["garcia", "lopez", "ines"], ["garcia", "ines"], True),  # one of two last names
        (["martin", "lea"], ["martin", "lucas"], False),  # twins
        (["martin", "lea"], ["bernard", "lea"], False),
        (["dupont", "jean"], ["lupont", "jean"], False),  # no typo on the first letter (as in the search)
        (["anonyme"], ["anonyme"], False),  # a name of one word says nothing
    ],
)
def test_close_names(a, b, found):
    assert close_names(a, b) is found


def test_likely_duplicates_same_birth_date_and_close_names(structure):
    _j(structure, "Dupont", "Jean")
    _j(structure, "DUPOND", "Jean")  # a typo
    _j(structure, "Martin", "Léa")
    _j(structure, "Martin", "Lucas")  # her twin: another person
    _j(structure, "Nguyen", "Anh")
    _j(structure, "Anh", "Nguyen")  # last and first names swapped
    _j(structure, "Petit", "Zoé")
    _j(structure, "Petit", "Zoé", born=dt.date(2005, 4, 3))  # another birth date
    _j(structure, "Moreau", "Inès")
    _j(structure, "Moreau", "Inès")  # the same, twice
    other = StructureFactory(code="99999S99")
    _j(other, "Moreau", "Inès")  # another Mission Locale
    assert _pairs(structure) == {
        frozenset({"Jean Dupont", "Jean DUPOND"}): (CLOSE_NAME,),
        frozenset({"Anh Nguyen", "Nguyen Anh"}): (SAME_NAME,),
        frozenset({"Inès Moreau"}): (SAME_NAME,),
    }


def test_files_written_by_the_importer_are_indexed_first_and_anonymised_files_are_left_out(structure):
    Jeune.objects.bulk_create([  # like the importer: no save signal, no search key yet
        Jeune(structure=structure, ext_id="i1", nom="Durand", prenom="Paul", sexe="h", date_naissance=BORN),
        Jeune(structure=structure, ext_id="i2", nom="Durant", prenom="Paul", sexe="h", date_naissance=BORN),
        Jeune(structure=structure, ext_id="i3", nom="Anonyme", prenom="", sexe="h", date_naissance=BORN),
        Jeune(structure=structure, ext_id="i4", nom="Anonyme", prenom="", sexe="h", date_naissance=BORN),
        Jeune(structure=structure, ext_id="i5", nom="Roux", prenom="Eva", sexe="f", date_naissance=BORN),
        Jeune(structure=structure, ext_id="i6", nom="Roux", prenom="Eva", sexe="f", date_naissance=BORN),
    ])
    Anonymisation.objects.create(jeune=Jeune.objects.get(ext_id="i6"), structure=structure, motif="test")
    assert set(_pairs(structure)) == {frozenset({"Paul Durand", "Paul Durant"})}


def test_a_name_or_birth_date_changed_in_the_file_is_seen(structure):
    a = _j(structure, "Dupont", "Jean")
    b = _j(structure, "Lefort", "Jean", born=dt.date(2005, 4, 3))
    assert _pairs(structure) == {}
    b.nom, b.date_naissance = "Dupont", BORN
    b.save()  # the search keys (and the words' birth date) follow the save
    assert set(_pairs(structure)) == {frozenset({"Jean Dupont"})}
    reindex(Jeune.objects.filter(pk__in=[a.pk, b.pk]))
    assert set(_pairs(structure)) == {frozenset({"Jean Dupont"})}
    assert index_text(a.nom, a.prenom) == " dupont jean "


@pytest.mark.skipif(not contact_fields(), reason="Jeune n'a pas encore de téléphone ni d'e-mail (branche i12-file)")
def test_the_same_phone_number_or_address(structure):  # pragma: no cover - runs once the fields exist
    fields = contact_fields()
    if "telephone" in fields:
        _j(structure, "Alpha", "Un", born=dt.date(2001, 1, 1), telephone="06 12 34 56 78")
        _j(structure, "Beta", "Deux", born=dt.date(2002, 2, 2), telephone="+33612345678")
        assert _pairs(structure)[frozenset({"Un Alpha", "Deux Beta"})] == ("même numéro de téléphone",)
    if "email" in fields:
        _j(structure, "Gamma", "Trois", born=dt.date(2003, 3, 3), email="Lea.M@example.org ")
        _j(structure, "Delta", "Quatre", born=dt.date(2004, 4, 4), email="lea.m@example.org")
        assert _pairs(structure)[frozenset({"Trois Gamma", "Quatre Delta"})] == ("même adresse e-mail",)


def test_without_contact_fields_the_page_says_so(client, structure):
    user = UserFactory(structure=structure, role=Role.DIRECTION)
    _j(structure, "Dupont", "Jean")
    _j(structure, "Dupond", "Jean")
    client.force_login(user)
    response = client.get(reverse("workspace:doublons"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "1 paire de dossiers à vérifier" in text
    assert "DUPONT Jean" in text and "DUPOND Jean" in text
    assert "orthographe proche" in text
    if not contact_fields():
        assert "ne sont pas encore enregistrés dans les dossiers" in text
    # a working list of names and birth dates, like search results: no read recorded
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS).exists()


def test_the_list_is_paginated_newest_files_first_and_cached(client, structure, django_assert_max_num_queries):
    user = UserFactory(structure=structure, role=Role.DIRECTION)
    for i in range(30):
        born = BORN + dt.timedelta(days=i)
        _j(structure, f"Famille{chr(97 + i % 26)}x", "Jean", born=born)
        _j(structure, f"Famille{chr(97 + i % 26)}x", "Jean", born=born)
    client.force_login(user)
    first = client.get(reverse("workspace:doublons")).content.decode()
    assert "30 paires de dossiers à vérifier" in first and "Page 1 sur 2" in first
    newest = Jeune.objects.order_by("-pk").first()
    tbody = first[first.index("<tbody>"):]
    assert re.search(r"/jeunes/(\d+)/", tbody).group(1) == str(newest.pk - 1)  # the newest pair first
    with django_assert_max_num_queries(8):  # the list comes from the cache: the page's files only
        second = client.get(reverse("workspace:doublons") + "?page=2")
    assert "Page 2 sur 2" in second.content.decode()
    _j(structure, "Nouveau", "Doublon")
    _j(structure, "Nouveau", "Doublon")
    assert "30 paires" in client.get(reverse("workspace:doublons")).content.decode()
    assert "31 paires" in client.get(reverse("workspace:doublons") + "?recalculer=1").content.decode()


def test_the_search_page_links_to_the_list_for_the_direction_only(client, structure):
    for role, shown in ((Role.DIRECTION, True), (Role.CONSEILLER, False)):
        client.force_login(UserFactory(structure=structure, role=role))
        text = client.get(reverse("workspace:search")).content.decode()
        assert (reverse("workspace:doublons") in text) is shown
