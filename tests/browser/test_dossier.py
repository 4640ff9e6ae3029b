"""A counsellor's journey in the real browser: a new file (after a duplicate warning), a PACEA
entry, a job, a PACEA allowance, a transfer; each one visible in the timeline. axe on every page."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, ConseillerFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.aides.models import PlafondAide
from trajectoires.dispositifs.rules import add_months
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.services import ensure_communes_france


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def test_a_counsellor_opens_a_file_and_records_its_first_steps(live_server, page: Page, structure):
    # Transactional tests flush the tables, the data migration's caps with them: seed them again.
    if not PlafondAide.objects.exists():
        import_module("trajectoires.aides.migrations.0003_plafonds_legaux").seed(django_apps, None)
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    paul = ConseillerFactory(structure=structure, nom="Bernard", prenom="Paul")
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon")
    ensure_communes_france()  # its postcode (a transactional test before this one may have flushed it)
    today = timezone.localdate()
    born = add_months(today, -12 * 19) - dt.timedelta(days=3)
    JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", date_naissance=born, conseiller=paul)

    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/jeunes/")
    page.get_by_role("link", name="Nouveau jeune : créer un dossier").click()
    expect(page.get_by_role("heading", name="Nouveau jeune", level=1)).to_be_visible()
    assert_accessible(page)

    # Missing fields: a French summary that takes the focus, linked to the fields.
    page.get_by_role("button", name="Créer le dossier").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le dossier n'est pas créé")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Nom (obligatoire)", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("Nom (obligatoire)", exact=True).fill("LEFEBVRE")
    page.get_by_label("Prénom (obligatoire)").fill("Zoe")
    page.get_by_label("Sexe").select_option(label="Femme")
    page.get_by_label("Date de naissance").fill(born.isoformat())
    page.get_by_label("Commune de résidence", exact=True).select_option(label="Besançon (25000)")
    page.get_by_label("Niveau de formation").select_option(value="v")
    page.get_by_label("Hébergement").select_option(label="Chez les parents")
    page.get_by_role("button", name="Créer le dossier").click()

    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Ce jeune a peut-être déjà un dossier")
    expect(warning).to_contain_text("orthographe proche")
    expect(warning.get_by_role("link", name="Ouvrir le dossier existant : LEFÈVRE Zoé", exact=False)).to_be_visible()
    assert_accessible(page)
    assert Jeune.objects.filter(structure=structure).count() == 1
    page.get_by_role("button", name="Créer quand même").click()

    expect(page.get_by_role("heading", name="LEFEBVRE Zoe", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Le dossier de Zoe LEFEBVRE est créé.")
    assert_accessible(page)
    assert Jeune.objects.filter(nom="LEFEBVRE", conseiller=claire).exists()

    # Enter the PACEA.
    page.get_by_role("link", name="Entrer dans un dispositif").click()
    assert_accessible(page)
    page.get_by_label("Dispositif").select_option(value="pacea")
    page.get_by_role("button", name="Enregistrer l'entrée").click()
    expect(page.get_by_role("status")).to_contain_text("Entrée en PACEA")
    expect(page.locator("#journal")).to_contain_text("Entrée : PACEA")

    # A job.
    page.get_by_role("link", name="Commencer une situation").click()
    page.get_by_label("Catégorie").select_option(label="Emploi")
    page.get_by_label("Type").select_option(label="CDD")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.locator("#journal")).to_contain_text("Début : CDD (emploi)")

    # A PACEA allowance: over the monthly cap first, then within it.
    page.get_by_role("link", name="Accorder une aide").click()
    page.get_by_label("Type d'aide").select_option(label="Allocation PACEA")
    page.get_by_label("Montant (€)").fill("5000")
    page.get_by_role("button", name="Accorder l'aide").click()
    expect(page.get_by_role("alert")).to_contain_text("vous pouvez accorder au plus")
    assert_accessible(page)
    page.get_by_label("Montant (€)").fill("150,00")
    page.get_by_role("button", name="Accorder l'aide").click()
    expect(page.locator("#journal")).to_contain_text("Montant : 150,00 €")

    # Transfer to Paul.
    page.get_by_role("link", name="Transférer le dossier").click()
    assert_accessible(page)
    page.get_by_label("Nouveau conseiller référent").select_option(label=str(paul))
    page.get_by_label("Motif (facultatif)").fill("Changement de secteur")
    page.get_by_role("button", name="Transférer").click()
    expect(page.get_by_role("status")).to_contain_text(f"Le dossier est transféré à {paul}.")
    expect(page.locator("#journal")).to_contain_text(f"Changement de conseiller référent : {claire} → {paul}")
    assert_accessible(page)
    assert Jeune.objects.get(nom="LEFEBVRE").conseiller == paul
