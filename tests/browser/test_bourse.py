"""The job board in Chromium under the real CSP (issue 13, part 5): an employer signs up,
confirms its e-mail, staff attach it, it posts an offer, staff publish it; a young person signs
up, confirms, is linked to their file by the counsellor, applies with a PDF CV (a text file named
.pdf refused first); the counsellor sees the application on the file and turns it into a match;
the employer reads it. axe on every board page at 1366 and 360 px; screenshots written to
$BOURSE_CAPTURES (default: none)."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.bourse.helpers import pdf_bytes
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, ConseillerFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.bourse.models import Candidature, Compte
from trajectoires.entreprises.models import MiseEnRelation


pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "un-mot-de-passe-solide"
BOARD_PASSWORD = "Une-phrase-de-passe-42"
CAPTURES = os.environ.get("BOURSE_CAPTURES")


def _new_page(browser: Browser, violations: list[str]) -> Page:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def _check(page: Page, name: str) -> None:
    """axe at 1366 and 360 px (no sideways scroll on a phone); a screenshot of each if asked."""
    for width in (1366, 360):
        page.set_viewport_size({"width": width, "height": 900})
        if CAPTURES:
            os.makedirs(CAPTURES, exist_ok=True)
            page.screenshot(path=f"{CAPTURES}/{name}-{width}.png", full_page=True)
        assert_accessible(page)
        if width == 360:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 360, f"{name} : la page déborde à 360 px ({scroll} px)"
    page.set_viewport_size({"width": 1366, "height": 900})


def _staff_login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _confirm(page: Page, outbox, email: str) -> None:
    message = [m for m in outbox if m.to == [email]][-1]
    link = re.search(r"(http://\S+/confirmer/\S+)", message.body).group(1)
    page.goto(link)
    _check(page, "confirmer")
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre adresse est confirmée")


def _board_login(page: Page, email: str) -> None:
    page.get_by_label("Adresse électronique").fill(email)
    page.locator("#id_password").fill(BOARD_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_the_job_board_journey(live_server, browser: Browser, structure, mailoutbox, settings, tmp_path):
    settings.TRAJECTOIRES_BOURSE_CV_DIR = tmp_path / "cv"
    url, code = live_server.url, structure.code
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon", epci="Grand Besançon Métropole")
    User.objects.create_user("remi", password=STAFF_PASSWORD, structure=structure, role=Role.RELATIONS_ENTREPRISES)
    claire_user = User.objects.create_user("claire", password=STAFF_PASSWORD, structure=structure,
                                           role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=claire_user)
    import datetime as dt

    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire,
                       date_naissance=dt.date(2005, 2, 3))
    violations: list[str] = []
    employer, staff, young = (_new_page(browser, violations) for _ in range(3))

    # 1. The employer signs up and confirms its address.
    employer.goto(f"{url}/bourse/{code}/inscription/employeur/")
    _check(employer, "inscription-employeur")
    employer.get_by_label("Raison sociale de l'entreprise").fill("Boulangerie du Doubs")
    employer.get_by_label("SIRET de l'établissement").fill("552 100 554 00021")
    employer.get_by_label("Prénom").fill("Paul")
    employer.locator("#id_nom").fill("Girard")
    employer.get_by_label("Adresse électronique").fill("paul@boulangerie.fr")
    employer.locator("#id_password").fill(BOARD_PASSWORD)
    employer.locator("#id_password2").fill(BOARD_PASSWORD)
    employer.get_by_role("button", name="Créer le compte").click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse électronique")
    _check(employer, "inscription-envoyee")
    _confirm(employer, mailoutbox, "paul@boulangerie.fr")
    _check(employer, "connexion")
    _board_login(employer, "paul@boulangerie.fr")
    expect(employer.get_by_text("La Mission Locale vérifie votre établissement")).to_be_visible()
    _check(employer, "espace-employeur-attente")

    # 2. Staff (employer relations) check it and attach it to a new employer file.
    _staff_login(staff, url, "remi")
    staff.get_by_role("link", name="Bourse à l'emploi").click()
    _check(staff, "equipe-tableau")
    staff.get_by_role("link", name="Boulangerie du Doubs").click()
    _check(staff, "equipe-compte-employeur")
    staff.get_by_role("button", name="Rattacher le compte").click()
    expect(staff.get_by_role("status")).to_contain_text("est rattaché")

    # 3. The employer posts an offer; staff publish it.
    employer.reload()
    employer.get_by_role("link", name="Déposer une offre").click()
    _check(employer, "offre-nouvelle")
    employer.get_by_label("Intitulé du poste").fill("Vendeur en boulangerie")
    employer.get_by_label("Type de contrat").select_option(label="CDD")
    employer.get_by_label("Code ROME du métier").fill("D1102")
    employer.get_by_label("Description du poste et des missions").fill("Accueil des clients et vente.")
    employer.get_by_label("Commune du poste").select_option(label="Besançon")
    employer.get_by_label("Heures par semaine").fill("35")
    employer.get_by_role("button", name="Déposer l'offre").click()
    expect(employer.get_by_role("status")).to_contain_text("Votre offre est déposée")
    _check(employer, "espace-employeur")
    staff.goto(f"{url}/equipe/bourse/")
    staff.get_by_role("link", name="Vendeur en boulangerie").click()
    _check(staff, "equipe-offre-moderation")
    staff.get_by_role("button", name="Publier sur la bourse").click()
    expect(staff.get_by_role("status")).to_contain_text("est publiée")

    # 4. Anyone sees it, with the filters.
    young.goto(f"{url}/bourse/{code}/")
    expect(young.get_by_role("link", name="Vendeur en boulangerie")).to_be_visible()
    young.get_by_label("Famille de métiers").select_option(label="Commerce, vente et grande distribution")
    young.get_by_role("button", name="Afficher les offres").click()
    expect(young.get_by_role("heading", name="1 offre")).to_be_visible()
    _check(young, "offres")
    young.get_by_role("link", name="Vendeur en boulangerie").click()
    _check(young, "offre")

    # 5. A young person signs up and confirms; the counsellor links the account to her file.
    young.get_by_role("link", name="créez votre compte").click()
    _check(young, "inscription-jeune")
    young.get_by_label("Prénom").fill("Zoé")
    young.locator("#id_nom").fill("Lefèvre")
    young.get_by_label("Date de naissance").fill("2005-02-03")
    young.get_by_label("Adresse électronique").fill("zoe@exemple.fr")
    young.locator("#id_password").fill("court")
    young.locator("#id_password2").fill("court")
    young.get_by_role("button", name="Créer le compte").click()
    expect(young.get_by_role("alert")).to_contain_text("trop court")
    _check(young, "inscription-jeune-erreurs")
    young.locator("#id_password").fill(BOARD_PASSWORD)
    young.locator("#id_password2").fill(BOARD_PASSWORD)
    young.get_by_role("button", name="Créer le compte").click()
    _confirm(young, mailoutbox, "zoe@exemple.fr")
    _board_login(young, "zoe@exemple.fr")
    expect(young.get_by_text("n'est pas encore relié à votre dossier")).to_be_visible()
    _check(young, "espace-jeune-vide")

    _staff_login(staff, url, "claire")
    staff.goto(f"{url}/equipe/bourse/")
    staff.get_by_role("link", name="Zoé Lefèvre").click()
    _check(staff, "equipe-compte-jeune")
    staff.get_by_label(re.compile("Zoé Lefèvre, né")).check()
    staff.get_by_role("button", name="Relier au dossier choisi").click()
    expect(staff.get_by_role("status")).to_contain_text("est lié au dossier de Zoé Lefèvre")
    assert Compte.objects.get(email="zoe@exemple.fr").jeune == zoe

    # 6. She applies with a CV: a text file named .pdf is refused, then the real PDF.
    offre_url = f"{url}/bourse/{code}/"
    young.goto(offre_url)
    young.get_by_role("link", name="Vendeur en boulangerie").click()
    young.get_by_role("link", name="Postuler à cette offre").click()
    young.get_by_label("Votre message à l'employeur").fill("Bonjour, j'aime le contact avec les clients.")
    young.get_by_label("Transmettre mon adresse électronique à l'employeur").check()
    fake = tmp_path / "cv.pdf"
    fake.write_text("Ceci n'est pas un PDF.\n" * 30)
    young.get_by_label("Votre CV (PDF)").set_input_files(str(fake))
    young.get_by_role("button", name="Envoyer ma candidature").click()
    expect(young.get_by_role("alert")).to_contain_text("n'est pas un vrai PDF")
    _check(young, "postuler-erreur")
    real = tmp_path / "mon-cv.pdf"
    real.write_bytes(pdf_bytes("CV de Zoé"))
    young.get_by_label("Votre CV (PDF)").set_input_files(str(real))
    young.get_by_role("button", name="Envoyer ma candidature").click()
    expect(young.get_by_role("status")).to_contain_text("Votre candidature est envoyée")
    _check(young, "espace-jeune")
    assert Candidature.objects.filter(compte__jeune=zoe).count() == 1

    # 7. The counsellor sees it on the file and turns it into a match in one gesture.
    staff.goto(f"{url}/jeunes/{zoe.pk}/")
    bloc = staff.locator("#candidatures")
    expect(bloc).to_contain_text("Vendeur en boulangerie")
    _check(staff, "dossier-candidatures")
    bloc.get_by_role("button", name=re.compile("Mettre en relation")).click()
    expect(staff.get_by_role("status")).to_contain_text("Mise en relation enregistrée pour Zoé Lefèvre")
    assert MiseEnRelation.objects.get(jeune=zoe).offre.intitule == "Vendeur en boulangerie"

    # 8. The employer reads the application: what she shared; she follows it.
    employer.goto(f"{url}/bourse/{code}/espace/")
    employer.get_by_role("link", name=re.compile("candidature pour Vendeur")).click()
    expect(employer.get_by_text("zoe@exemple.fr")).to_be_visible()
    _check(employer, "candidatures")
    young.reload()
    expect(young.get_by_text("Transmise par la Mission Locale")).to_be_visible()

    for p in (employer, staff, young):
        p.context.close()
    assert not violations, "Violations de la CSP :\n" + "\n".join(violations)
