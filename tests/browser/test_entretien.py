"""Issue 12 in the real browser (Chromium under the application's CSP, axe on every page):
a counsellor writes an interview with a note and next steps that book the next appointment,
then finds it by searching the file's notes; and edits the contact details, picking the
commune with the type-ahead. Screenshots at 1366 px when TRAJECTOIRES_CAPTURES names a folder."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, ConseillerFactory, EvenementFactory, InscriptionFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.agenda.models import ActiviteCej, RendezVous
from trajectoires.agenda.services import week_start
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.services import ensure_communes_france


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _capture(page: Page, name: str) -> None:
    folder = os.environ.get("TRAJECTOIRES_CAPTURES")
    if folder:
        # caret="initial": hiding the caret injects a style the CSP refuses.
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True, caret="initial")


def _login(page: Page, live_server, username: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _claire(structure):  # type: ignore[no-untyped-def]
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", last_name="Martin",
                                    structure=structure, role=Role.CONSEILLER)
    return ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)


def test_a_counsellor_writes_an_interview_and_books_the_next_step(live_server, page: Page, structure):
    claire = _claire(structure)
    today = timezone.localdate()
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire,
                       date_naissance=today.replace(year=today.year - 19))
    InscriptionFactory(jeune=zoe, dispositif="cej", date_entree=today - dt.timedelta(days=70),
                       date_fin_prevue=today + dt.timedelta(days=295))
    EvenementFactory(jeune=zoe, date=today - dt.timedelta(days=20), conseiller=claire, themes="emploi",
                     note="Premier entretien : projet en restauration.", duree=60)
    last_monday = week_start(today) - dt.timedelta(days=7)
    ActiviteCej.objects.create(structure=structure, ext_id="a1", jeune=zoe, date=last_monday,
                               theme="emploi", heures=Decimal("12"))

    _login(page, live_server, "claire")
    page.goto(f"{live_server.url}/jeunes/{zoe.pk}/")
    resume = page.locator("section.resume")
    expect(resume).to_contain_text("Conseiller référent")
    expect(resume).to_contain_text("Claire Martin")
    expect(resume).to_contain_text("CEJ")
    expect(resume).to_contain_text("semaine dernière 12 h moins de 15 h")
    expect(resume).to_contain_text("Aucun rendez-vous à venir")
    expect(page.locator("#journal")).to_contain_text("Premier entretien : projet en restauration.")
    expect(page.locator("#journal .a-venir")).to_contain_text("Fin prévue : CEJ")
    assert_accessible(page)

    # The interview, with a next appointment tomorrow at 14:30, in one gesture.
    tomorrow = today + dt.timedelta(days=1)
    form = page.locator("#contact-form")
    form.get_by_label("Nature du contact").select_option(label="Entretien individuel")
    form.get_by_label("Durée (minutes)").fill("45")
    form.get_by_label("Oui, le contact a eu lieu").check()
    form.get_by_label("Formation").check()
    form.get_by_label("Note d'entretien").fill(
        "Zoé veut préparer un CAP cuisine.\nElle cherche une chambre près du centre de formation."
    )
    form.get_by_label("Prochaines étapes convenues").fill("Envoyer sa candidature au CFA avant vendredi.")
    form.get_by_label("Date du prochain rendez-vous").fill(tomorrow.isoformat())
    form.get_by_label("Heure").fill("14:30")
    _capture(page, "i12-entretien-saisie")
    form.get_by_role("button", name="Enregistrer le contact").click()
    status = page.get_by_role("status").filter(has_text="enregistré")
    expect(status).to_contain_text(f"Entretien individuel du {today:%d/%m/%Y} enregistré.")
    expect(status).to_contain_text(f"Prochain rendez-vous le {tomorrow:%d/%m/%Y} à 14:30, dans votre agenda.")
    latest = page.locator("#journal ol.faits > li").first
    expect(latest).to_contain_text("Zoé veut préparer un CAP cuisine.")
    expect(latest).to_contain_text("Envoyer sa candidature au CFA avant vendredi.")
    expect(latest).to_contain_text("Durée : 45 min")
    expect(page.locator("#journal .a-venir li").first).to_contain_text("14:30")
    expect(page.locator("#journal .a-venir li").first).to_contain_text("Rendez-vous")
    assert_accessible(page)
    rdv = RendezVous.objects.get(jeune=zoe)
    assert rdv.conseiller == claire and timezone.localtime(rdv.debut).strftime("%H:%M") == "14:30"

    page.reload()  # saved, and the summary knows the next appointment
    expect(page.locator("section.resume")).to_contain_text(f"{tomorrow:%d/%m/%Y} à 14:30 avec Claire Martin")
    _capture(page, "i12-dossier")

    # Search the file's notes, then filter the timeline by kind.
    page.get_by_label("Rechercher dans les notes d'entretien de ce dossier").fill("chambre")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page.locator("#journal")).to_contain_text(
        "Contacts dont la note ou les prochaines étapes contiennent « chambre » : 1"
    )
    expect(page.locator("#journal ol.faits > li")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name="Effacer la recherche").click()
    page.get_by_role("navigation", name="Filtrer le parcours").get_by_role("link", name="Dispositifs").click()
    expect(page.locator("#journal ol.faits > li")).to_have_count(1)
    expect(page.locator("#journal ol.faits")).to_contain_text("Entrée : CEJ")
    assert_accessible(page)


def test_a_counsellor_edits_the_contact_details_with_the_commune_type_ahead(live_server, page: Page, structure):
    ensure_communes_france()
    claire = _claire(structure)
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon")
    today = timezone.localdate()
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire,
                       date_naissance=today.replace(year=today.year - 17) - dt.timedelta(days=10))

    _login(page, live_server, "claire")
    page.goto(f"{live_server.url}/jeunes/{zoe.pk}/")
    coordonnees = page.locator("section", has=page.get_by_role("heading", name="Coordonnées"))
    expect(coordonnees).to_contain_text("Représentant légal")  # a minor: the row is there, to fill in
    page.get_by_role("link", name="Modifier le profil").click()
    expect(page.get_by_role("heading", name="Modifier le profil")).to_be_visible()
    assert_accessible(page)

    # A wrong phone first: a French error next to the field.
    page.get_by_label("Téléphone", exact=True).fill("06 12 34")
    page.get_by_label("Adresse électronique").fill("zoe.lefevre@exemple")
    page.get_by_role("button", name="Enregistrer le profil").click()
    expect(page.get_by_role("alert")).to_contain_text("Le profil n'est pas enregistré")
    expect(page.locator("#id_telephone-erreur")).to_contain_text("un numéro français a 10 chiffres")
    expect(page.locator("#id_email-erreur")).to_contain_text("prenom.nom@exemple.fr")
    assert_accessible(page)

    page.get_by_label("Téléphone", exact=True).fill("06 12 34 56 78")
    page.get_by_label("Accepte les SMS de la Mission Locale").select_option(label="Oui")
    page.get_by_label("Adresse électronique").fill("zoe.lefevre@exemple.fr")
    page.get_by_label("Adresse (numéro et voie)").fill("12 rue de la République")
    # The type-ahead: the national list answers as one types (htmx), the select is filled.
    page.get_by_label("Rechercher la commune de résidence").press_sequentially("ornan", delay=30)
    expect(page.locator("#id_commune-statut")).to_contain_text("1 commune trouvée pour « ornan »")
    others = page.locator("#id_commune optgroup[label='Autres communes de France']")
    expect(others).to_contain_text("Ornans (25290, 25620)")
    page.get_by_label("Rechercher la commune de résidence").fill("")
    page.get_by_label("Rechercher la commune de résidence").press_sequentially("besan", delay=30)
    expect(page.locator("#id_commune-statut")).to_contain_text("1 commune trouvée")
    page.get_by_label("Commune de résidence", exact=True).select_option(label="Besançon (25000)")
    page.get_by_label("Représentant légal (nom et prénom)").fill("Marie Lefèvre")
    page.get_by_label("Téléphone du représentant légal").fill("+41 22 123 45 67")
    assert_accessible(page)
    _capture(page, "i12-profil")
    page.get_by_role("button", name="Enregistrer le profil").click()

    expect(page.get_by_role("status")).to_contain_text("Le profil est enregistré.")
    coordonnees = page.locator("section", has=page.get_by_role("heading", name="Coordonnées"))
    expect(coordonnees.get_by_role("link", name="06 12 34 56 78")).to_have_attribute("href", "tel:+33612345678")
    expect(coordonnees).to_contain_text("25000 Besançon")
    expect(coordonnees).to_contain_text("+41 22 123 45 67")
    expect(coordonnees).to_contain_text(f"Oui (réponse du {today:%d/%m/%Y})")
    expect(page.locator("section", has=page.get_by_role("heading", name="Profil"))).to_contain_text("Besançon (25000)")
    assert_accessible(page)
    _capture(page, "i12-coordonnees")
    zoe.refresh_from_db()
    assert (zoe.telephone, zoe.commune, zoe.code_postal) == ("+33612345678", "25056", "25000")
    assert Jeune.objects.get(pk=zoe.pk).representant_legal_telephone == "+41221234567"
