from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.edition.conftest import dataset  # noqa: F401 - fixture
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_page_changes_period_and_is_accessible(live_server, page: Page, structure, dataset):  # noqa: F811
    User.objects.create_user(
        "dir", password="un-mot-de-passe-solide", first_name="Dominique", structure=structure, role=Role.DIRECTION
    )
    page.goto(f"{live_server.url}/connexion/?next=/rapport/")
    page.get_by_label("Identifiant").fill("dir")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport d'activité")

    page.get_by_label("Début de la période").fill("2024-01-01")
    page.get_by_label("Fin de la période (incluse)").fill("2024-12-31")
    page.get_by_role("button", name="Afficher le rapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Année 2024")
    expect(page.get_by_role("heading", name="Synthèse")).to_be_visible()
    expect(page.locator("#synthese .kpi-value").first).to_have_text("9")
    # The charts are images (the strict CSP refuses matplotlib's inline styles in the page): each
    # one is decoded by the browser and drawn at a real size, with its title as text alternative.
    charts = page.locator("figure.chart img.chart-img")
    assert charts.count() >= 10
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 100"), chart.get_attribute("alt")
        assert chart.get_attribute("alt")
    if os.environ.get("EDITION_SCREENSHOT"):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=os.environ["EDITION_SCREENSHOT"], full_page=False)
        page.locator("#premier-accueil").scroll_into_view_if_needed()
        page.screenshot(path=os.environ["EDITION_SCREENSHOT"].replace(".png", "-2.png"), full_page=False)
    assert_accessible(page)

    page.get_by_role("link", name="Jeunes en contact", exact=True).first.click()
    expect(page.locator("#def-indicateurs-jeunes-en-contact")).to_be_in_viewport()
    page.locator("#synthese .kpi-value a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeunes en contact")
    assert_accessible(page)


def test_an_edition_is_generated_in_the_background_and_pages_are_accessible(
    live_server,
    page: Page,
    structure,
    dataset,  # noqa: F811
):
    User.objects.create_user(
        "dir", password="un-mot-de-passe-solide", first_name="Dominique", structure=structure, role=Role.DIRECTION
    )
    page.goto(f"{live_server.url}/connexion/?next=/rapport/pages/")
    page.get_by_label("Identifiant").fill("dir")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pages libres du rapport")
    page.get_by_role("link", name="Écrire une nouvelle page").click()
    assert_accessible(page)
    page.get_by_label("Type de page").select_option(label="Éditorial")
    page.get_by_label("Titre").fill("Le mot de la présidente")
    page.get_by_label("Texte").fill("Une année de projets.\n\nMerci à toute l'équipe.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("La page a été enregistrée")
    assert_accessible(page)

    page.get_by_role("link", name="Éditions").click()
    page.get_by_label("Début de la période").fill("2024-01-01")
    page.get_by_label("Fin de la période (incluse)").fill("2024-12-31")
    page.get_by_label("Titre (facultatif)").fill("Rapport 2024")
    assert_accessible(page)
    page.get_by_role("button", name="Générer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport 2024")
    # The page polls the edition every second (htmx) and reloads itself when it is ready.
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible(timeout=60_000)
    expect(page.locator("#pages-libres")).to_contain_text("Le mot de la présidente")
    assert_accessible(page)

    page.locator("#accompagnes .kpi-value a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeunes accompagnés")
    assert_accessible(page)
