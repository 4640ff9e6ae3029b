"""Board accounts: sign-up with the staff's password rules, e-mail confirmed by a signed link
(Django's mail backend: pytest-django's locmem outbox), login throttled with the shared rate
limiter, sessions apart from the staff's."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.bourse.helpers import PASSWORD, make_board
from trajectoires.bourse.models import Compte


def _signup(client, world, **overrides):  # type: ignore[no-untyped-def]
    data = {"prenom": "Inès", "nom": "Moreau", "email": "ines@exemple.fr", "date_naissance": "2005-02-03",
            "password": PASSWORD, "password2": PASSWORD} | overrides
    return client.post(reverse("bourse:inscription_jeune", args=[world.structure.code]), data)


@pytest.mark.parametrize(("password", "message"), [
    ("court", "trop court"),
    ("1234567890123", "entièrement numérique"),
    ("motdepasse", "trop courant"),
    ("Moreau1234", "trop semblable au champ «\xa0nom\xa0»"),
])
def test_the_staffs_password_rules_apply(client, world, password, message):
    response = _signup(client, world, password=password, password2=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Compte.objects.exists()
    assert not mail.outbox


def test_sign_up_then_confirm_by_the_signed_link_then_log_in(client, world):
    assert _signup(client, world).status_code == 302
    compte = Compte.objects.get(email="ines@exemple.fr")
    assert compte.password.startswith("md5$") or compte.password.startswith("argon2")  # hashed, never clear
    assert not compte.confirme
    # Not confirmed yet: login refused with a French message.
    login_url = reverse("bourse:connexion", args=[world.structure.code])
    response = client.post(login_url, {"email": "ines@exemple.fr", "password": PASSWORD})
    assert "pas encore confirmée" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["ines@exemple.fr"] and "Confirmez votre adresse" in message.subject
    link = re.search(r"http://testserver(/bourse/\S+)", message.body).group(1)
    assert "ines" not in link.lower()  # no personal data in the URL
    assert client.get(link).status_code == 200
    compte.refresh_from_db()
    assert not compte.confirme  # a GET (a mail scanner) does not confirm
    assert client.post(link).status_code == 302
    compte.refresh_from_db()
    assert compte.confirme
    response = client.post(login_url, {"email": "INES@exemple.fr", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/espace/")


def test_a_forged_or_stale_link_confirms_nothing(client, world, settings):
    _signup(client, world)
    compte = Compte.objects.get()
    url = reverse("bourse:confirmer", args=[world.structure.code, "1:faux:lien"])
    assert client.post(url).status_code == 400
    settings.TRAJECTOIRES_BOURSE_LIEN_HEURES = -1
    link = re.search(r"http://testserver(/bourse/\S+)", mail.outbox[0].body).group(1)
    assert client.post(link).status_code == 400
    compte.refresh_from_db()
    assert not compte.confirme


def test_one_account_per_email_in_a_mission_locale(client, world):
    _signup(client, world)
    response = _signup(client, world)
    assert "Un compte existe déjà" in response.content.decode()
    assert Compte.objects.count() == 1


def test_an_employer_gives_a_valid_siret(client, world):
    url = reverse("bourse:inscription_employeur", args=[world.structure.code])
    data = {"raison_sociale": "Menuiserie", "siret": "732 829 320 00075", "prenom": "Jo", "nom": "Roux",
            "email": "jo@menuiserie.fr", "password": PASSWORD, "password2": PASSWORD}
    response = client.post(url, data)
    assert "clé de contrôle" in response.content.decode()
    assert client.post(url, data | {"siret": "732 829 320 00074"}).status_code == 302
    assert Compte.objects.get().siret == "73282932000074"


@override_settings(AXES_FAILURE_LIMIT=3, TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE=5)
def test_login_is_throttled_per_account_and_per_address(client, world):
    b = make_board(world)
    url = reverse("bourse:connexion", args=[world.structure.code])
    for _ in range(3):
        response = client.post(url, {"email": b.jeune.email, "password": "mauvais-mot-de-passe"})
        assert response.status_code == 200 and "incorrect" in response.content.decode()
    response = client.post(url, {"email": b.jeune.email, "password": PASSWORD})  # even the right one
    assert response.status_code == 429
    assert "Réessayez dans 15 minutes" in response.content.decode()
    # Another account from the same address: allowed until the address's own limit.
    for _ in range(2):
        assert client.post(url, {"email": b.employeur.email, "password": "faux"}).status_code == 200
    assert client.post(url, {"email": b.employeur.email, "password": PASSWORD}).status_code == 429


def test_a_password_change_ends_the_other_sessions(client, world):
    from django.contrib.auth.hashers import make_password

    from tests.bourse.helpers import login_compte

    b = make_board(world)
    login_compte(client, b.jeune)
    espace = reverse("bourse:espace", args=[world.structure.code])
    assert client.get(espace).status_code == 200
    b.jeune.password = make_password("Un-autre-mot-de-passe-99")
    b.jeune.save()
    assert client.get(espace).status_code == 302


def test_board_sessions_expire_like_staff_sessions(client, world, settings):
    from tests.bourse.helpers import login_compte

    b = make_board(world)
    login_compte(client, b.jeune)
    settings.TRAJECTOIRES_SESSION_INACTIVITE_MINUTES = -1
    assert client.get(reverse("bourse:espace", args=[world.structure.code])).status_code == 302


def test_a_staff_login_does_not_open_the_board_and_a_board_login_not_the_staff_space(client, world):
    b = make_board(world)
    client.force_login(world.user("direction"))
    assert client.get(reverse("bourse:espace", args=[world.structure.code])).status_code == 302
    client.logout()
    url = reverse("bourse:connexion", args=[world.structure.code])
    client.post(url, {"email": b.jeune.email, "password": PASSWORD})
    assert client.get(reverse("bourse:espace", args=[world.structure.code])).status_code == 200
    assert client.get(reverse("workspace:search")).status_code == 302
    assert client.get(reverse("api:jeunes")).status_code == 401
