"""Issue 12 in the real browser: a counsellor records a job with its employer found by
type-ahead (htmx, under the real CSP), then a planned work-study contract with an employer
created on the spot; axe on the form. And the header holds at 1366 px and 820 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, ConseillerFactory, EmployeurFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.situations.models import Situation


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_situation_with_its_employer(live_server, page: Page, structure):
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    jeune = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire)
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon")
    garage = EmployeurFactory(structure=structure, raison_sociale="Garage du Doubs", siret="73282932000074")
    _login(page, live_server.url, "claire")

    page.goto(f"{live_server.url}/jeunes/{jeune.pk}/situations/debut/")
    page.get_by_label("Catégorie").select_option(label="Emploi")
    page.get_by_label("Type").select_option(label="CDD")
    page.get_by_label("Rechercher l'employeur ou l'organisme de formation").fill("garage")
    expect(page.locator("#id_employeur option", has_text="Garage du Doubs")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.get_by_role("status")).to_contain_text("chez Garage du Doubs")
    assert Situation.objects.get(jeune=jeune).employeur == garage

    start = timezone.localdate() + timezone.timedelta(days=30)
    page.goto(f"{live_server.url}/jeunes/{jeune.pk}/situations/debut/")
    page.get_by_label("Catégorie").select_option(label="Alternance")
    page.get_by_label("Type").select_option(label="Apprentissage")
    page.get_by_label("Date de début").fill(start.isoformat())
    page.get_by_label("Raison sociale").fill("Boulangerie Martin")
    page.get_by_label("SIRET").fill("732 829 320 00075")  # a wrong key
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.locator("#id_nouvel_siret-erreur")).to_contain_text("clé de contrôle")
    assert_accessible(page)
    page.get_by_label("SIRET").fill("552 100 554 00021")
    page.get_by_label("Commune").select_option(label="Besançon")
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.get_by_role("status")).to_contain_text("prévue à partir du")
    planned = Situation.objects.get(jeune=jeune, type="apprentissage")
    assert planned.date_debut == start and planned.employeur.raison_sociale == "Boulangerie Martin"


@pytest.mark.parametrize("width", [1366, 820])
def test_the_header_holds_without_sideways_scrolling(live_server, page: Page, structure, width):
    User.objects.create_user("dominique", password=PASSWORD, first_name="Dominique", structure=structure,
                             role=Role.DIRECTION)
    page.set_viewport_size({"width": width, "height": 800})
    _login(page, live_server.url, "dominique")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    button = page.get_by_role("button", name="Se déconnecter").bounding_box()
    assert button is not None and button["x"] + button["width"] <= width
