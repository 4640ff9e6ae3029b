"""Hardening from the outside security test (issue 18): 32 wrong passwords over 8 accounts from
one address went unthrottled (django-axes counts per username and address). Now failures are
also counted per client address across accounts; the address is `client_ip`, so a configured
reverse proxy does not make every user share one limit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import StructureFactory, UserFactory
from trajectoires.accounts.enums import Role


PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def accounts(db):  # type: ignore[no-untyped-def]
    ml = StructureFactory(code="25056S00")
    users = []
    for i in range(9):  # 8 attacked, 1 spared
        user = UserFactory(username=f"agent{i}", structure=ml, role=Role.CONSEILLER)
        user.set_password(PASSWORD)
        user.save()
        users.append(user)
    return users


def _login(client, username: str, password: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_password_spraying_from_one_address_is_stopped(client, accounts, settings):
    settings.TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE = 20
    codes = []
    for attempt in range(4):
        for user in accounts[:8]:  # 4 tries per account: below axes' 5 per account
            codes.append(_login(client, user.username, f"mauvais-{attempt}").status_code)
    assert codes[:20] == [200] * 20  # the form again, with its error
    assert set(codes[20:]) == {429}
    # Even the right password of an account never tried is refused from that address while it is
    # locked, with a French page.
    response = _login(client, accounts[8].username, PASSWORD)
    assert response.status_code == 429
    assert "depuis cette adresse" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    response = _login(client, accounts[1].username, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(accounts[1].pk)


def test_behind_a_configured_proxy_each_client_has_its_own_count(client, accounts, settings):
    settings.TRAJECTOIRES_ECHECS_CONNEXION_PAR_ADRESSE = 3
    settings.TRAJECTOIRES_PROXIES = ["127.0.0.1"]
    for i in range(3):
        _login(client, accounts[i].username, "mauvais", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert _login(client, accounts[3].username, "mauvais", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    # Colleagues behind the same proxy log in normally.
    response = _login(client, accounts[4].username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(accounts[4].pk)
