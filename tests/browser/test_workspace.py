"""A counsellor's day in the real browser: find a young person typed without accents, open the
file, record an interview, see it in the timeline. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ConseillerFactory, EvenementFactory, InscriptionFactory, JeuneFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def test_a_counsellor_finds_a_young_person_and_records_an_interview(live_server, page: Page, structure):
    user = User.objects.create_user(
        "claire", password=PASSWORD, first_name="Claire", structure=structure, role=Role.CONSEILLER
    )
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    site = SiteFactory(structure=structure, nom="Planoise")
    zoe = JeuneFactory(
        structure=structure, nom="Lefèvre", prenom="Zoé", date_naissance=dt.date(2006, 3, 5), conseiller=claire,
        hebergement="parents",
    )
    JeuneFactory(structure=structure, nom="Lefort", prenom="Hugo", conseiller=claire)
    EvenementFactory(jeune=zoe, date=dt.date(2025, 1, 6), conseiller=claire, site=site, themes="emploi")
    InscriptionFactory(jeune=zoe, dispositif="pacea", date_entree=dt.date(2025, 1, 6))

    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Les plus urgents")).to_be_visible()  # the home's portfolio block
    assert_accessible(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon portefeuille").click()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.locator("table.portfolio")).to_contain_text("Sans contact depuis 3 mois")
    assert_accessible(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Rechercher un jeune"
    ).click()
    expect(page.get_by_role("heading", name="Rechercher un jeune")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom, prénom, date de naissance").press_sequentially("lefevre zoe", delay=20)
    results = page.locator("#resultats")
    expect(results).to_contain_text("1 jeune trouvé")  # live results, without pressing the button
    expect(results).not_to_contain_text("Hugo")
    assert_accessible(page)

    results.get_by_role("link", name="LEFÈVRE Zoé").click()
    expect(page.get_by_role("heading", name="LEFÈVRE Zoé", level=1)).to_be_visible()
    expect(page.locator("#journal")).to_contain_text("Entrée : PACEA")
    assert_accessible(page)

    # A first try without a date: a clear French error, nothing recorded.
    page.get_by_label("Date du contact").fill("")
    page.get_by_label("Nature du contact").select_option(label="Entretien individuel")
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("alert")).to_contain_text("Le contact n'est pas enregistré")
    expect(page.locator("#contact-form")).to_contain_text("Indiquez la date du contact (JJ/MM/AAAA).")
    assert_accessible(page)

    page.get_by_label("Date du contact").fill("2025-03-03")
    page.get_by_label("Oui, le contact a eu lieu").check()
    page.get_by_label("Site").select_option(label="Planoise")
    page.get_by_label("Mobilité").check()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("status")).to_contain_text("Entretien individuel du 03/03/2025 enregistré.")
    first = page.locator("#journal ol.faits > li").first
    expect(first).to_contain_text("03/03/2025")
    expect(first).to_contain_text("Entretien individuel")
    expect(first).to_contain_text("Thèmes : Mobilité")
    expect(first).to_contain_text("Conseiller : Claire Martin")
    assert_accessible(page)

    page.reload()  # it is saved, not only shown
    expect(page.locator("#journal ol.faits > li").first).to_contain_text("03/03/2025")
