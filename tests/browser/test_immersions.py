"""Issue 13, parts 3 and 4, in Chromium under the real CSP: a counsellor writes a PMSMP
convention (a broken rule shown in French with the law, then saved, printed as a PDF opened
back, renewed once), and a forum (employers by type-ahead, a young person registered, marked
present twice: one contact on the file). axe on every page; screenshots at 1366 px in
$TRAJECTOIRES_SCREENSHOTS when set."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible
from tests.factories import ConseillerFactory, EmployeurFactory, JeuneFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.manifestations.models import Manifestation
from trajectoires.situations.models import Situation


pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("TRAJECTOIRES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _login(page: Page, url: str, username: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _claire(structure):  # type: ignore[no-untyped-def]
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    return ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)


def test_a_pmsmp_convention(live_server, page: Page, structure):
    claire = _claire(structure)
    jeune = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire)
    EmployeurFactory(structure=structure, raison_sociale="Boulangerie du Doubs", siret="73282932000074")
    _login(page, live_server.url, "claire")
    page.goto(f"{live_server.url}/jeunes/{jeune.pk}/")
    page.get_by_role("link", name="Nouvelle immersion (PMSMP)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle immersion (PMSMP)")

    debut = timezone.localdate()
    page.get_by_label("Date de début").fill(debut.isoformat())
    page.get_by_label("Date de fin").fill((debut + dt.timedelta(days=40)).isoformat())
    page.get_by_label("Découvrir un métier ou un secteur d'activité").check()
    page.get_by_label("Métier ou poste observé").fill("Boulanger")
    page.get_by_label("Rechercher la structure d'accueil").fill("boulang")
    expect(page.locator("#id_employeur option", has_text="Boulangerie du Doubs")).to_have_count(1)
    page.get_by_label("Tuteur : nom et prénom").fill("Anne Roy")
    page.get_by_label("Tuteur : fonction").fill("Cheffe boulangère")
    page.get_by_label("Tuteur : téléphone").fill("06 12 34 56 78")
    page.get_by_label("Horaires").fill("Du mardi au samedi, 5 h – 12 h")
    page.get_by_role("button", name="Enregistrer la convention").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("au plus un mois, de date à date")
    expect(summary).to_contain_text("Code du travail, articles L5135-1 et suivants")
    assert not ConventionImmersion.objects.exists()
    assert_accessible(page)
    _shot(page, "pmsmp-1-regle")

    page.get_by_label("Date de fin").fill((debut + dt.timedelta(days=11)).isoformat())
    page.get_by_role("button", name="Enregistrer la convention").click()
    expect(page.get_by_role("status")).to_contain_text("Convention enregistrée")
    c = ConventionImmersion.objects.get(jeune=jeune)
    assert Situation.objects.get(jeune=jeune).type == "pmsmp"
    assert_accessible(page)
    _shot(page, "pmsmp-2-convention")

    pdf = page.request.get(f"{live_server.url}/immersions/conventions/{c.pk}/convention.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split())
    for expected in ("LEFÈVRE Zoé", "Boulangerie du Doubs", "73282932000074", "Anne Roy", "Cheffe boulangère",
                     "Claire MARTIN", "Découvrir un métier ou un secteur d'activité", "Date et signature"):
        assert expected in text, expected

    page.get_by_role("link", name="Renouveler la convention").click()
    page.get_by_label("Date de fin").fill((debut + dt.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Enregistrer le renouvellement").click()
    expect(page.get_by_role("status")).to_contain_text("Renouvellement enregistré")
    assert Situation.objects.get(jeune=jeune).date_fin == debut + dt.timedelta(days=20)

    page.get_by_role("link", name="Immersions", exact=True).click()
    expect(page.get_by_role("cell", name="Boulangerie du Doubs")).to_have_count(1)  # in progress today
    page.get_by_role("link", name="Toutes").click()
    expect(page.get_by_role("cell", name="Boulangerie du Doubs")).to_have_count(2)  # and its renewal
    assert_accessible(page)
    _shot(page, "pmsmp-3-liste")


def test_a_forum_with_its_employers_and_young_people(live_server, page: Page, structure):
    claire = _claire(structure)
    jeune = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire)
    EmployeurFactory(structure=structure, raison_sociale="Garage du Doubs", siret="73282932000074")
    _login(page, live_server.url, "claire")
    page.get_by_role("link", name="Forums").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nouvelle manifestation").click()
    hier = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Date").fill(hier.isoformat())
    page.get_by_label("Titre").fill("Forum de l'emploi")
    page.get_by_label("Type").select_option(label="Forum, job dating")
    page.get_by_label("Lieu").fill("Besançon, Micropolis")
    page.get_by_label("Autres jeunes présents (sans dossier)").fill("40")
    assert_accessible(page)
    _shot(page, "forum-1-creation")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum de l'emploi")

    page.get_by_label("Rechercher un employeur").fill("garage")
    expect(page.locator("#id_employeur option", has_text="Garage du Doubs")).to_have_count(1)
    page.get_by_role("button", name="Ajouter l'employeur").click()
    expect(page.get_by_role("status")).to_contain_text("Garage du Doubs est ajouté")

    page.get_by_label("Nom, prénom, date de naissance ou identifiant").fill("Lefèvre")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Inscrire LEFÈVRE Zoé").click()
    expect(page.get_by_role("status")).to_contain_text("Zoé LEFÈVRE est inscrit(e)")
    button = page.get_by_role("button", name="Noter LEFÈVRE Zoé présent(e)")
    form = button.locator("xpath=ancestor::form")
    sent = {name: form.locator(f"input[name={name}]").input_value()
            for name in ("csrfmiddlewaretoken", "jeune", "action")}
    action = form.get_attribute("action")
    button.click()
    expect(page.get_by_role("status")).to_contain_text("un contact est ajouté à son dossier")
    # The same form sent again (a double click, a page left open in another tab): still one contact.
    again = page.request.post(f"{live_server.url}{action}", form=sent)
    assert again.ok
    page.reload()
    expect(page.locator("#jeunes-presents")).to_contain_text("41")
    m = Manifestation.objects.get(titre="Forum de l'emploi")
    assert (m.jeunes, m.partenaires) == (41, 1)
    assert Evenement.objects.filter(jeune=jeune).count() == 1
    assert_accessible(page)
    _shot(page, "forum-2-page")

    page.get_by_role("link", name="LEFÈVRE Zoé").click()
    expect(page.get_by_text("Présent(e) : forum « Forum de l'emploi », Besançon, Micropolis.")).to_have_count(1)
    _shot(page, "forum-3-dossier")
