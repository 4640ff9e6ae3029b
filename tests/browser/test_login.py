from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_counsellor_logs_in_and_sees_the_home_page(live_server, page: Page, structure):
    User.objects.create_user(
        "claire", password="un-mot-de-passe-solide", first_name="Claire", structure=structure, role=Role.CONSEILLER
    )
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/connexion/?next=/")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Identifiant ou mot de passe incorrect")

    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    expect(page.locator("main")).to_contain_text(structure.nom)
    assert_accessible(page)
