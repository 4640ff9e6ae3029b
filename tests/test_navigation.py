from __future__ import annotations

import pytest
from django.urls import reverse

from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


@pytest.mark.parametrize(
    ("role", "sees_report"),
    [(Role.DIRECTION, True), (Role.CONSEILLER, True), (Role.ACCUEIL, True), (Role.PARRAIN, False)],
)
def test_report_link_follows_the_permission_check(client, structure, role, sees_report):
    user = User.objects.create_user("u", password="un-mot-de-passe-solide", structure=structure, role=role)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert (reverse("edition:report") in html) is sees_report
    if sees_report:
        assert client.get(reverse("edition:report")).status_code == 200
