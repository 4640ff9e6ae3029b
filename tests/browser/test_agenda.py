"""Agenda and walk-in reception in the real browser, axe on every page, and the effect of each
journey on the report's figures (computed by the one engine, build_report).

1. A walk-in: reception registers a newcomer by name; the counsellor's home shows them live
   (htmx polling); the counsellor receives them, creates their file from the interview page
   (attached to the arrival by itself) and records the first interview: one more young person
   received for the first time.
2. A workshop: the counsellor programmes it with one seat, registers a young person, is refused
   a second one (French message), prints the convocations, signs the sheet: the young person
   becomes "accompagné"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ConseillerFactory, JeuneFactory, SiteFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _figures(structure, day: dt.date) -> dict:
    return build_report(structure, Period(dt.date(day.year, 1, 1), day)).data["indicateurs"]


def test_a_walk_in_becomes_a_new_file_with_a_first_interview(live_server, browser, structure):
    User.objects.create_user("accueil", password=PASSWORD, first_name="Awa", structure=structure, role=Role.ACCUEIL)
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    SiteFactory(structure=structure, nom="Siège")
    today = timezone.localdate()
    before = _figures(structure, today)

    counsellor = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    counsellor.set_default_timeout(15_000)
    _login(counsellor, live_server.url, "claire")
    expect(counsellor.get_by_role("heading", name="Accueil au flux")).to_be_visible()
    expect(counsellor.locator("#file-attente")).to_contain_text("Personne n'attend")
    assert_accessible(counsellor)

    reception = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    reception.set_default_timeout(15_000)
    _login(reception, live_server.url, "accueil")
    reception.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Accueil au flux"
    ).click()
    expect(reception.get_by_role("heading", name="Accueil au flux", level=1)).to_be_visible()
    assert_accessible(reception)
    reception.get_by_role("link", name="Enregistrer une arrivée").click()
    reception.get_by_label("Nom, prénom, date de naissance").fill("Benali")
    reception.get_by_role("button", name="Rechercher").click()
    expect(reception.get_by_text("Aucun dossier ne correspond")).to_be_visible()
    assert_accessible(reception)
    reception.get_by_label("Nom", exact=True).fill("Benali")
    reception.get_by_label("Prénom", exact=True).fill("Yasmine")
    reception.get_by_label("Motif de la venue").fill("Première inscription")
    reception.get_by_role("button", name="Mettre dans la file").last.click()
    expect(reception.get_by_role("status")).to_contain_text("Arrivée de BENALI Yasmine enregistrée")
    expect(reception.locator("#file-attente")).to_contain_text("En attente")
    assert_accessible(reception)

    # The counsellor's home updates by itself (polling), without reloading.
    expect(counsellor.locator("#file-attente")).to_contain_text("BENALI Yasmine", timeout=20_000)
    counsellor.get_by_role("button", name="Recevoir BENALI Yasmine").click()
    expect(counsellor.get_by_role("heading", name="Entretien avec BENALI Yasmine")).to_be_visible()
    expect(counsellor.get_by_text("Cette personne n'a pas encore de dossier")).to_be_visible()
    assert_accessible(counsellor)
    expect(reception.locator("#file-attente")).to_contain_text("Reçu(e) par Claire Martin", timeout=20_000)

    # The file is created from the interview page (name prefilled) and attached to the arrival
    # by itself: the counsellor comes back to the interview.
    counsellor.get_by_role("link", name="Créer son dossier").click()
    expect(counsellor.locator("#id_nom")).to_have_value("Benali")
    expect(counsellor.locator("#id_prenom")).to_have_value("Yasmine")
    assert_accessible(counsellor)
    counsellor.locator("#id_sexe").select_option(label="Femme")
    counsellor.locator("#id_date_naissance").fill((today - dt.timedelta(days=19 * 365)).isoformat())
    counsellor.get_by_role("button", name="Créer le dossier").click()
    expect(counsellor.get_by_role("status")).to_contain_text("est créé et rattaché à sa venue")
    expect(counsellor.get_by_role("heading", name="Entretien avec BENALI Yasmine")).to_be_visible()
    assert_accessible(counsellor)
    counsellor.get_by_label("Emploi").check()
    counsellor.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(counsellor.get_by_role("status")).to_contain_text(f"Entretien individuel du {today:%d/%m/%Y} enregistré")
    expect(counsellor.get_by_role("heading", name="BENALI Yasmine", level=1)).to_be_visible()
    assert_accessible(counsellor)

    jeune = Jeune.objects.get(structure=structure, nom="Benali")
    assert Evenement.objects.filter(jeune=jeune, nature="entretien_individuel", honore=True, date=today).count() == 1
    after = _figures(structure, today)
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"] + 1
    assert after["jeunes_accompagnes"] == before["jeunes_accompagnes"] + 1
    assert after["entretiens_individuels"] == before["entretiens_individuels"] + 1
    expect(reception.locator("#file-attente")).to_contain_text("Personne n'attend", timeout=20_000)


def test_a_workshop_with_registration_capacity_refusal_and_sign_in(live_server, page: Page, structure):
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    SiteFactory(structure=structure, nom="Planoise")
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", date_naissance=dt.date(2006, 3, 5))
    JeuneFactory(structure=structure, nom="Lefort", prenom="Hugo", date_naissance=dt.date(2005, 1, 9))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    before = _figures(structure, yesterday)

    _login(page, live_server.url, "claire")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Agenda").click()
    expect(page.get_by_role("heading", name="Agenda du", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ateliers et informations collectives").click()
    page.get_by_role("link", name="Programmer une session").click()
    assert_accessible(page)
    page.get_by_label("Type de session").select_option(label="Atelier")
    page.get_by_label("Thème").fill("Préparer son entretien d'embauche")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Site").select_option(label="Planoise")
    page.get_by_label("Nombre de places").fill("1")
    page.get_by_role("button", name="Enregistrer la session").click()
    expect(page.get_by_role("heading", name="Atelier « Préparer son entretien d'embauche »")).to_be_visible()
    assert_accessible(page)

    search = page.get_by_label("Nom, prénom, date de naissance ou identifiant")
    search.fill("lefevre")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Inscrire LEFÈVRE Zoé").click()
    expect(page.get_by_role("status")).to_contain_text("Zoé LEFÈVRE est inscrit(e).")
    expect(page.locator("#places")).to_contain_text("1 inscrit sur 1 place")
    assert_accessible(page)

    page.get_by_label("Nom, prénom, date de naissance ou identifiant").fill("lefort")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Inscrire LEFORT Hugo").click()
    expect(page.get_by_role("status")).to_contain_text("La session est complète : ses 1 places sont prises.")
    expect(page.locator("#places")).to_contain_text("1 inscrit sur 1 place")
    assert_accessible(page)

    with page.expect_response(lambda r: "convocations.pdf" in r.url) as pdf:
        page.evaluate(
            "url => fetch(url)", page.get_by_role("link", name="Imprimer les convocations (PDF)").get_attribute("href")
        )
    assert pdf.value.headers["content-type"] == "application/pdf"

    page.get_by_label("LEFÈVRE Zoé présent(e)").check()
    page.get_by_role("button", name="Enregistrer l'émargement").click()
    expect(page.get_by_role("status")).to_contain_text("Émargement enregistré : 1 présent sur 1 inscrit.")
    assert_accessible(page)

    contact = Evenement.objects.get(jeune=zoe)
    assert (contact.nature, contact.honore, contact.date) == ("atelier", True, yesterday)
    after = _figures(structure, yesterday)
    assert after["jeunes_accompagnes"] == before["jeunes_accompagnes"] + 1
    assert after["jeunes_en_contact"] == before["jeunes_en_contact"] + 1
    assert after["entretiens_individuels"] == before["entretiens_individuels"]


def test_an_appointment_booked_from_the_file_marked_absent_then_present_and_cej_hours(
    live_server, page: Page, structure
):
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    SiteFactory(structure=structure, nom="Planoise")
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", date_naissance=dt.date(2006, 3, 5),
                       conseiller=claire)
    from tests.factories import InscriptionFactory

    InscriptionFactory(jeune=zoe, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    before = _figures(structure, yesterday)

    _login(page, live_server.url, "claire")
    page.goto(f"{live_server.url}/jeunes/{zoe.pk}/")
    expect(page.get_by_role("heading", name="Prochains rendez-vous")).to_be_visible()
    expect(page.get_by_role("heading", name="Heures d'activité CEJ")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Prendre un rendez-vous").click()
    assert_accessible(page)
    page.get_by_label("Date du rendez-vous").fill(yesterday.isoformat())
    page.get_by_label("Heure").fill("09:30")
    page.get_by_label("Site").select_option(label="Planoise")
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    expect(page.get_by_role("status")).to_contain_text(f"Rendez-vous du {yesterday:%d/%m/%Y} à 09:30 enregistré.")
    expect(page.get_by_role("table")).to_contain_text("LEFÈVRE Zoé")
    assert_accessible(page)
    page.get_by_role("link", name="Semaine").click()
    expect(page.get_by_role("heading", name="Semaine", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Jour").click()
    page.goto(f"{live_server.url}/agenda/?date={yesterday.isoformat()}")
    page.get_by_role("link", name="09:30").click()
    page.get_by_label("Absent(e)").check()
    page.get_by_role("button", name="Enregistrer la présence").click()
    expect(page.get_by_role("status")).to_contain_text("Présence notée : Absent(e).")
    assert _figures(structure, yesterday) == before  # a missed appointment counts nowhere
    page.get_by_label("Présent(e)").check()
    page.get_by_role("button", name="Enregistrer la présence").click()
    expect(page.get_by_role("status")).to_contain_text("Présence notée : Présent(e).")
    assert_accessible(page)
    after = _figures(structure, yesterday)
    assert after["entretiens_individuels"] == before["entretiens_individuels"] + 1
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"] + 1

    page.goto(f"{live_server.url}/agenda/jeunes/{zoe.pk}/heures-cej/")
    assert_accessible(page)
    page.get_by_label("Date de l'activité").fill(timezone.localdate().isoformat())
    page.get_by_label("Thème").select_option(label="Formation")
    page.get_by_label("Heures").fill("2,5")
    page.get_by_role("button", name="Enregistrer l'activité").click()
    expect(page.get_by_role("status")).to_contain_text("Activité enregistrée")
    expect(page.locator("table.cej-semaines tbody tr").first).to_contain_text("2,5 h")
    assert_accessible(page)


def test_the_direction_home_loads_the_key_figures_of_the_engine(live_server, page: Page, structure):
    User.objects.create_user("dir", password=PASSWORD, first_name="Dominique", structure=structure,
                             role=Role.DIRECTION)
    from tests.factories import EvenementFactory

    jeune = JeuneFactory(structure=structure)
    EvenementFactory(jeune=jeune, date=timezone.localdate(), nature="entretien_individuel")
    today = timezone.localdate()
    expected = _figures(structure, today)
    _login(page, live_server.url, "dir")
    figures = page.locator("ul.kpis").last
    expect(figures).to_contain_text("jeunes accompagnés")
    expect(figures.locator("li", has_text="jeunes accompagnés").locator(".kpi-value")).to_have_text(
        str(expected["jeunes_accompagnes"])
    )
    expect(figures.locator("li", has_text="entretiens individuels").locator(".kpi-value")).to_have_text(
        str(expected["entretiens_individuels"])
    )
    assert_accessible(page)
