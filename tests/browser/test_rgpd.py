"""The direction answers a subject access request in the real browser: the journal from the
menu, filtered by young person, then the access report. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ConseillerFactory, EvenementFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.rgpd.audit import record_read


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def test_the_direction_reads_the_journal_and_an_access_report(live_server, page: Page, structure):
    User.objects.create_user("dir", password=PASSWORD, first_name="Nadia", last_name="Direction",
                             structure=structure, role=Role.DIRECTION)
    claire_user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", last_name="Martin",
                                           structure=structure, role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=claire_user)
    zoe = JeuneFactory(structure=structure, ext_id="J-77", nom="Lefèvre", prenom="Zoé", conseiller=claire)
    EvenementFactory(jeune=zoe, date=dt.date(2025, 1, 6), conseiller=claire)
    record_read(claire_user, zoe)

    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant").fill("dir")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Journal d'audit").click()
    expect(page.get_by_role("heading", name="Journal d'audit")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jeune (identifiant)").fill("J-77")
    page.get_by_role("button", name="Filtrer").click()
    table = page.locator("table.audit")
    expect(table).to_contain_text("Consultation")
    expect(table).to_contain_text("Claire Martin (claire, Conseiller ou conseillère)")
    assert_accessible(page)

    page.get_by_role("link", name="Rapport des accès à son dossier").click()
    expect(page.get_by_role("heading", name="Rapport des accès au dossier de Zoé Lefèvre")).to_be_visible()
    expect(page.locator("table.audit")).to_contain_text("Dossier du jeune")
    assert_accessible(page)
