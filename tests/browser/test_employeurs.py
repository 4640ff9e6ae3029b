"""Issue 13, parts 1 and 6, in the real browser as the employer relations role: create an
employer (a wrong SIRET key, then a SIRET another employer has: a French message with a link to
it), find its commune by type-ahead (htmx under the real CSP), add a person to talk to (a wrong
phone first), record a contact with a call-back date of today, and find the employer among the
follow-ups of the home. axe on every page on the way, at 1366 px and at 360 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, EmployeurFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.entreprises.models import ContactEmployeur, Employeur, Interlocuteur


pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "la page défile de côté"


@pytest.mark.parametrize("width", [1366, 360])
def test_employer_relations_journey(live_server, page: Page, structure, communes_france, width):
    page.set_viewport_size({"width": width, "height": 900})
    User.objects.create_user("maxime", password=PASSWORD, first_name="Maxime", structure=structure,
                             role=Role.RELATIONS_ENTREPRISES)
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon")
    existing = EmployeurFactory(structure=structure, raison_sociale="Boulangerie Martin", siret="73282932000074")
    _login(page, live_server.url, "maxime")

    page.get_by_role("link", name="Employeurs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Employeurs")
    assert_accessible(page)
    _fits(page, width)
    page.get_by_role("link", name="Nouvel employeur").first.click()

    page.get_by_label("Raison sociale").fill("Garage du Doubs")
    page.get_by_label("SIRET").fill("732 829 320 00075")  # a wrong key
    page.get_by_role("button", name="Créer l'employeur").click()
    expect(page.locator("#id_siret-erreur")).to_contain_text("clé de contrôle")
    assert_accessible(page)

    page.get_by_label("SIRET").fill("732 829 320 00074")  # the bakery's
    page.get_by_role("button", name="Créer l'employeur").click()
    expect(page.locator("#id_siret-erreur")).to_contain_text("déjà ce SIRET")
    link = page.get_by_role("link", name="ouvrir la fiche de « Boulangerie Martin »")
    expect(link).to_have_attribute("href", f"/employeurs/{existing.pk}/")
    assert_accessible(page)
    _fits(page, width)
    assert not Employeur.objects.filter(raison_sociale="Garage du Doubs").exists()

    page.get_by_label("SIRET").fill("552 100 554 00021")
    page.get_by_label("Rechercher la commune de l'établissement").fill("besan")
    expect(page.locator("#id_commune option", has_text="Besançon")).not_to_have_count(0)
    page.get_by_label("Commune de l'établissement", exact=True).select_option(label="Besançon (25000)")
    page.get_by_label("Activité (code NAF)").select_option("45.20A")
    page.get_by_label("Effectif salarié (tranche INSEE)").select_option(label="6 à 9 salariés")
    page.get_by_role("button", name="Créer l'employeur").click()
    expect(page.get_by_role("status")).to_contain_text("Employeur « Garage du Doubs » créé")
    garage = Employeur.objects.get(raison_sociale="Garage du Doubs")
    assert (garage.siret, garage.commune, garage.naf, garage.tranche_effectif) == (
        "55210055400021", "25056", "45.20A", "03")
    expect(page.locator("main")).to_contain_text("45.20A – Entretien et réparation de véhicules automobiles légers")
    assert_accessible(page)
    _fits(page, width)

    page.get_by_role("link", name="Ajouter une personne à contacter").first.click()
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Nom (obligatoire)").fill("Durand")
    page.get_by_label("Fonction").fill("Gérante")
    page.get_by_label("Téléphone").fill("06 12")
    page.get_by_role("button", name="Ajouter la personne").click()
    expect(page.locator("#id_telephone-erreur")).to_contain_text("numéro de téléphone")
    assert_accessible(page)
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Ajouter la personne").click()
    expect(page.locator("#interlocuteurs")).to_contain_text("06 12 34 56 78")
    assert Interlocuteur.objects.get(employeur=garage).telephone == "+33612345678"

    today = timezone.localdate()
    page.get_by_role("link", name="Enregistrer un contact").click()
    page.get_by_label("Nature").select_option(label="Visite")
    page.get_by_label("Personne rencontrée").select_option(label="Léa Durand, Gérante")
    page.get_by_label("Note").fill("Cherche un apprenti mécanicien pour septembre.")
    page.get_by_label("À rappeler le (facultatif)").fill(today.isoformat())
    assert_accessible(page)
    _fits(page, width)
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("status")).to_contain_text("À rappeler le")
    contact = ContactEmployeur.objects.get(employeur=garage)
    assert contact.a_rappeler_le == today and contact.interlocuteur.nom == "Durand"
    expect(page.locator("#contacts")).to_contain_text("Cherche un apprenti mécanicien")
    expect(page.locator("main")).to_contain_text(f"Nouvel employeur en {today.year}")

    page.get_by_role("link", name="Accueil", exact=True).click()
    suivis = page.locator("section.suivis")
    expect(suivis).to_contain_text("Employeurs à rappeler")
    expect(suivis.get_by_role("link", name="Garage du Doubs")).to_be_visible()
    expect(page.locator("#chiffres-titre")).to_be_visible()
    expect(page.locator("main")).to_contain_text("acteurs économiques en contact")
    assert_accessible(page)
    _fits(page, width)
