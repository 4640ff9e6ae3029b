from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_french(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
    assert "Se connecter" in response.content.decode()


def test_bad_password_says_what_to_do(client, db, structure):
    User.objects.create_user("alice", password="un-mot-de-passe-solide", structure=structure)
    response = client.post(reverse("login"), {"username": "alice", "password": "faux"})
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", list(Role))
def test_home_greets_each_role(client, structure, role):
    user = User.objects.create_user("bob", password="un-mot-de-passe-solide", structure=structure, role=role)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert escape(Role(role).label) in response.content.decode()
    assert escape(structure.nom) in response.content.decode()
