"""Creating a file (validation, duplicates) and changing its profile (optimistic lock)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommuneFactory, EvenementFactory, JeuneFactory, QpvFactory
from trajectoires.accounts.enums import Role
from trajectoires.dispositifs.rules import add_months
from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import update_profile
from trajectoires.workspace.dossier import make_token, read_token
from trajectoires.workspace.search import search_jeunes


def born_years_ago(years: int, days: int = 10) -> dt.date:
    return add_months(timezone.localdate(), -12 * years) - dt.timedelta(days=days)


def _data(**overrides: str) -> dict[str, str]:
    data = {
        "nom": "Lefèvre",
        "prenom": "Zoé",
        "sexe": "f",
        "date_naissance": born_years_ago(19).isoformat(),
        "commune": "",
        "qpv": "",
        "niveau": "v",
        "diplome": "0",
        "hebergement": "parents",
        "permis_b": "0",
        "vehicule": "aucun",
        "enfants": "0",
        "nationalite": "fr",
        "origine": "entourage",
        "rqth": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def territoire(world):
    commune = CommuneFactory(structure=world.structure, ext_id="25056", nom="Besançon")
    qpv = QpvFactory(code="QN02501M", nom="Planoise", commune="25056")
    return commune, qpv


def test_a_counsellor_creates_a_file_and_becomes_its_referent(client, world, territoire):
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:jeune_nouveau"), _data(commune="25056", qpv="QN02501M"))
    assert response.status_code == 302
    jeune = Jeune.objects.get(nom="Lefèvre")
    assert response["Location"] == reverse("workspace:jeune", args=[jeune.pk])
    assert jeune.structure == world.structure
    assert re.fullmatch(r"W-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", jeune.ext_id)  # short, readable
    assert jeune.conseiller == world.user(Role.CONSEILLER).conseiller
    assert (jeune.commune, jeune.qpv, jeune.niveau, jeune.diplome, jeune.nationalite) == (
        "25056", "QN02501M", "v", False, "FR"
    )
    assert jeune.rqth is None and jeune.version == 1
    # the new file is found by the search at once
    assert [j.pk for j in search_jeunes(world.user(Role.CONSEILLER), "lefevre zoe").jeunes] == [jeune.pk]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nom": ""}, "nom", "Indiquez le nom de famille du jeune."),
        ({"date_naissance": "31/02/2006"}, "date_naissance", "Cette date n'est pas valide"),
        ({"date_naissance": born_years_ago(15).isoformat()}, "date_naissance", "à partir de 16 ans"),
        ({"date_naissance": born_years_ago(27).isoformat()}, "date_naissance", "cochez « RQTH : Oui »"),
        ({"date_naissance": born_years_ago(31).isoformat(), "rqth": "1"}, "date_naissance", "Vérifiez la date"),
        ({"commune": "99999"}, "commune", "communes du territoire"),
        ({"qpv": "QN-INVENTE"}, "qpv", "liste de référence des QPV"),
        ({"niveau": "x"}, "niveau", "Sélectionnez un choix valide"),
        ({"nationalite": "ZZ"}, "nationalite", "n'est pas un code pays"),
        ({"enfants": "-1"}, "enfants", "ne peut pas être négatif"),
    ],
)
def test_creation_errors_are_in_french_and_linked_to_their_field(client, world, territoire, overrides, field, message):
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:jeune_nouveau"), _data(**overrides))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Le dossier n'est pas créé" in html
    assert message in html
    assert f'id="id_{field}-erreur"' in html and f'aria-describedby="id_{field}-erreur"' in html
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert not Jeune.objects.filter(nom="Lefèvre").exists()


def test_up_to_29_with_an_rqth(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(
        reverse("workspace:jeune_nouveau"), _data(date_naissance=born_years_ago(28).isoformat(), rqth="1")
    )
    assert response.status_code == 302
    assert Jeune.objects.get(nom="Lefèvre").rqth is True


@pytest.mark.parametrize(
    ("nom", "prenom", "same_day", "raison"),
    [
        ("LEFEVRE", "zoe", True, "même nom, même prénom et même date de naissance"),
        ("Lefebvre", "Zoé", True, "orthographe proche"),
        ("Lefèvre", "Zoé", False, "même nom et même prénom, née le"),
    ],
)
def test_duplicates_are_shown_before_creating(client, world, nom, prenom, same_day, raison):
    born = born_years_ago(19)
    existing = JeuneFactory(
        structure=world.structure, nom="Lefèvre", prenom="Zoé", sexe="f",
        date_naissance=born if same_day else born - dt.timedelta(days=400),
    )
    JeuneFactory(structure=world.other_structure, nom="Lefèvre", prenom="Zoé", date_naissance=born)  # not ours
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:jeune_nouveau"), _data(nom=nom, prenom=prenom))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Ce jeune a peut-être déjà un dossier" in html
    assert raison in html
    assert reverse("workspace:jeune", args=[existing.pk]) in html
    assert "Ouvrir le dossier existant" in html and "Créer quand même" in html
    assert Jeune.objects.filter(structure=world.structure, prenom__in=["Zoé", "zoe"]).count() == 1

    confirmed = client.post(reverse("workspace:jeune_nouveau"), {**_data(nom=nom, prenom=prenom), "confirmer": "1"})
    assert confirmed.status_code == 302
    assert Jeune.objects.filter(structure=world.structure, prenom__in=["Zoé", "zoe"]).count() == 2


def test_no_duplicate_warning_for_another_person(client, world):
    JeuneFactory(structure=world.structure, nom="Martin", prenom="Hugo", date_naissance=born_years_ago(19))
    client.force_login(world.user(Role.CONSEILLER))
    assert client.post(reverse("workspace:jeune_nouveau"), _data()).status_code == 302
    assert Jeune.objects.filter(structure=world.structure, nom="Lefèvre", prenom="Zoé").count() == 1


def test_reception_creates_with_identity_only(client, world):
    client.force_login(world.user(Role.ACCUEIL))
    page = client.get(reverse("workspace:jeune_nouveau")).content.decode()
    assert 'name="nom"' in page and 'name="hebergement"' not in page and 'name="rqth"' not in page
    response = client.post(reverse("workspace:jeune_nouveau"), _data(hebergement="foyer"))
    assert response.status_code == 302
    jeune = Jeune.objects.get(nom="Lefèvre")
    assert jeune.conseiller is None and jeune.hebergement is None  # what reception may not read, it does not write


def test_the_direction_names_the_referent(client, world):
    client.force_login(world.user(Role.DIRECTION))
    claire = world.user(Role.CONSEILLER).conseiller
    assert client.post(reverse("workspace:jeune_nouveau"), _data(conseiller=str(claire.pk))).status_code == 302
    assert Jeune.objects.get(nom="Lefèvre").conseiller == claire


# --- Profile change ------------------------------------------------------------------------
def _edit_form(client, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The values of the edit form as the page renders them, with its token."""
    response = client.get(reverse("workspace:profil", args=[jeune.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: ("" if v is None else str(v)) for name, v in form.initial.items()}
    data["jeton"] = response.context["jeton"]
    return data


def test_a_profile_change_is_saved_and_counted(client, world):
    jeune = world.jeunes["portefeuille"]
    client.force_login(world.user(Role.CONSEILLER))
    data = _edit_form(client, jeune)
    data.update(hebergement="autonome", enfants="1")
    response = client.post(reverse("workspace:profil", args=[jeune.pk]), data)
    assert response.status_code == 302
    jeune.refresh_from_db()
    assert (jeune.hebergement, jeune.enfants, jeune.version) == ("autonome", 1, 2)


def test_two_concurrent_edits_never_overwrite_each_other(client, world):
    """Claire and the director open the same file; the director saves first; Claire's save is
    refused with what changed, and she can re-apply knowingly."""
    from django.test import Client

    jeune = world.jeunes["portefeuille"]
    claire, direction = client, Client()
    claire.force_login(world.user(Role.CONSEILLER))
    direction.force_login(world.user(Role.DIRECTION))
    form_claire = _edit_form(claire, jeune)
    form_direction = _edit_form(direction, jeune)

    form_direction.update(hebergement="foyer", permis_b="1")
    assert direction.post(reverse("workspace:profil", args=[jeune.pk]), form_direction).status_code == 302

    form_claire.update(hebergement="autonome")
    response = claire.post(reverse("workspace:profil", args=[jeune.pk]), form_claire)
    assert response.status_code == 409
    html = unescape(response.content.decode())
    assert "Ce dossier a été modifié pendant votre saisie" in html
    assert "vos modifications ne sont pas enregistrées" in html
    rows = {r["label"]: r for r in response.context["ecarts"]}
    assert (
        rows["Hébergement"]["enregistre"] == "Foyer, CHRS, hôtel"
        and rows["Hébergement"]["saisi"] == "Logement autonome"
    )
    assert rows["Hébergement"]["mine"] is True
    assert rows["Permis B"]["enregistre"] == "Oui" and rows["Permis B"]["mine"] is False
    jeune.refresh_from_db()
    assert (jeune.hebergement, jeune.permis_b, jeune.version) == ("foyer", True, 2)  # the director's save stands

    # Re-apply: the form carries Claire's housing and the director's licence, with a fresh token.
    again = {name: response.context["form"].data[name] for name in form_claire}
    assert again["hebergement"] == "autonome" and again["permis_b"] == "1"
    assert claire.post(reverse("workspace:profil", args=[jeune.pk]), again).status_code == 302
    jeune.refresh_from_db()
    assert (jeune.hebergement, jeune.permis_b, jeune.version) == ("autonome", True, 3)


def test_the_version_is_claimed_in_the_update(world):
    """Two saves from the same starting point: the first wins, the second reports the difference."""
    jeune = world.jeunes["portefeuille"]
    fields = ("hebergement", "enfants")
    version, depart = read_token(make_token(jeune, fields))
    first = update_profile(jeune.pk, version, depart, {"hebergement": "amis", "enfants": 2})
    second = update_profile(jeune.pk, version, depart, {"hebergement": "sans", "enfants": 2})
    assert first.saved and not second.saved
    assert [e.name for e in second.ecarts] == ["hebergement"]  # same value typed twice is no conflict
    jeune.refresh_from_db()
    assert (jeune.hebergement, jeune.version) == ("amis", 2)


def test_a_change_by_the_importer_is_caught_without_a_version(world):
    jeune = world.jeunes["portefeuille"]
    version, depart = read_token(make_token(jeune, ("hebergement",)))
    Jeune.objects.filter(pk=jeune.pk).update(hebergement="famille")  # an SQL writer: no version bump
    result = update_profile(jeune.pk, version, depart, {"hebergement": "amis"})
    assert not result.saved and result.ecarts[0].enregistre == "famille"


def test_a_forged_token_saves_nothing(client, world):
    jeune = world.jeunes["portefeuille"]
    client.force_login(world.user(Role.CONSEILLER))
    data = _edit_form(client, jeune)
    data.update(jeton="faux", hebergement="sans")
    response = client.post(reverse("workspace:profil", args=[jeune.pk]), data)
    assert response.status_code == 400
    jeune.refresh_from_db()
    assert jeune.hebergement != "sans"


def test_rqth_is_edited_only_by_those_who_see_it(client, world):
    jeune = world.jeunes["suivi"]  # claire recorded a contact: she may write, but is not the referent
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("workspace:profil", args=[jeune.pk])).content.decode()
    assert 'name="hebergement"' in page and 'name="rqth"' not in page
    client.force_login(world.user(Role.DIRECTION))
    assert 'name="rqth"' in client.get(reverse("workspace:profil", args=[jeune.pk])).content.decode()


def test_a_corrected_birth_date_is_checked_against_the_first_contact(client, world):
    jeune = world.jeunes["portefeuille"]
    EvenementFactory(jeune=jeune, date=dt.date(2025, 1, 10))
    client.force_login(world.user(Role.CONSEILLER))
    data = _edit_form(client, jeune)
    data["date_naissance"] = "2012-01-01"  # 13 at the first contact
    response = client.post(reverse("workspace:profil", args=[jeune.pk]), data)
    assert response.status_code == 200
    assert "au premier contact (10/01/2025)" in unescape(response.content.decode())
    jeune.refresh_from_db()
    assert jeune.date_naissance != dt.date(2012, 1, 1)  # not saved
