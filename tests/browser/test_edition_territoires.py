"""Section 10 in a real Chromium: the territory pages are reachable, their figures lead to the
young people behind them, the data date is shown, and the pages pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.edition.conftest import dataset  # noqa: F401 - fixture
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_territory_pages_drill_down_and_accessibility(live_server, page: Page, structure, dataset):  # noqa: F811
    User.objects.create_user(
        "cons", password="un-mot-de-passe-solide", first_name="Dominique", structure=structure, role=Role.CONSEILLER
    )
    expected = build_report(structure, Period.year(2024)).data["territoires"]["Hors Besançon"]["indicateurs"]
    page.goto(f"{live_server.url}/connexion/?next=/rapport/%3Fdebut%3D2024-01-01%26fin%3D2024-12-31")
    page.get_by_label("Identifiant").fill("cons")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Année 2024")
    expect(page.locator(".report-meta").first).to_contain_text("Données arrêtées au")

    nav = page.get_by_role("navigation", name="Pages des territoires")
    nav.get_by_role("link", name="Secteur : Hors Besançon").click()
    heading = page.get_by_role("heading", name="Secteur : Hors Besançon", exact=True)
    expect(heading).to_be_in_viewport()
    kpis = page.locator("#territoire-2 + .report-kpis li")
    accompanied = kpis.filter(has_text="Jeunes accompagnés")
    expect(accompanied.locator(".kpi-value")).to_have_text(str(expected["jeunes_accompagnes"]))
    page.get_by_role("table", name="Les territoires en chiffres").scroll_into_view_if_needed()
    assert_accessible(page)

    accompanied.locator(".kpi-value a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hors Besançon")
    expect(page.locator("table tbody tr")).to_have_count(expected["jeunes_accompagnes"])
    assert_accessible(page)
