"""Issue 13 part 2 in the real browser, under the real CSP: employer relations create an offer
(ROME, employer and commune by type-ahead), publish it, read the young people proposed with
their reasons, put one forward and record the hire, which opens the situation on the file; the
young person's file then shows the match and its wished jobs are edited by type-ahead. axe on
each new page; screenshots at 1366 px in var/screenshots/offres/ (looked at by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, ConseillerFactory, EmployeurFactory, EvenementFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.entreprises import offres as doors
from trajectoires.entreprises.models import MetierRecherche, MiseEnRelation, Offre
from trajectoires.situations.models import Situation


pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "offres"


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_offer_from_creation_to_the_hire(live_server, page: Page, structure, communes_france):
    User.objects.create_user("rose", password=PASSWORD, first_name="Rose", structure=structure,
                             role=Role.RELATIONS_ENTREPRISES)
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon")
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire")
    garage = EmployeurFactory(structure=structure, raison_sociale="Cabinet Dupré", siret="73282932000074")
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire, commune="25056",
                       niveau="iv", permis_b=True, vehicule="automobile")
    EvenementFactory(jeune=zoe, date=timezone.localdate() - dt.timedelta(days=5), honore=True)
    doors.set_metiers_recherches(zoe, ["M1607"])
    other = JeuneFactory(structure=structure, nom="Bernard", prenom="Yanis", commune="25056", niveau="v")
    EvenementFactory(jeune=other, date=timezone.localdate() - dt.timedelta(days=40), honore=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, live_server.url, "rose")

    page.get_by_role("link", name="Offres d'emploi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres d'emploi")
    expect(page.get_by_text("Aucune offre d'emploi pour le moment.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Saisir une nouvelle offre").click()
    page.get_by_label("Intitulé du poste").fill("Secrétaire d'accueil")
    page.get_by_label("Type de contrat").select_option(label="CDD")
    page.get_by_label("Rechercher le métier (ROME)").fill("secr")
    expect(page.locator("#id_rome option", has_text="M1607 – Secrétariat")).to_have_count(1)
    expect(page.locator("#rome-statut")).to_contain_text("trouvés pour « secr »")
    page.get_by_label("Métier (fiche ROME)").select_option("M1607")
    page.get_by_label("Rechercher l'employeur").fill("dupr")
    expect(page.locator("#id_employeur option", has_text="Cabinet Dupré")).to_have_count(1)
    page.get_by_label("Rechercher la commune du poste").fill("besan")
    expect(page.locator("#id_commune option", has_text="Besançon (25000)")).to_have_count(1)
    page.get_by_label("Commune du poste", exact=True).select_option("25056")
    page.get_by_label("Heures par semaine").fill("35")
    page.get_by_label("Niveau de formation demandé").select_option("v")
    page.get_by_label("Diffuser sur la bourse à l'emploi").check()
    assert_accessible(page)
    _shot(page, "1-nouvelle-offre")
    page.get_by_role("button", name="Enregistrer l'offre").click()

    expect(page.get_by_role("status")).to_contain_text("enregistrée en brouillon")
    offre = Offre.objects.get()
    assert (offre.rome, offre.employeur, offre.commune, offre.statut, offre.publique) == (
        "M1607", garage, "25056", "brouillon", True)
    expect(page.get_by_text("M1607 – Secrétariat")).to_be_visible()
    page.get_by_role("button", name="Publier l'offre").click()
    expect(page.get_by_role("status")).to_contain_text("Offre publiée et diffusée sur la bourse à l'emploi")
    propositions = page.locator("li.proposition")
    expect(propositions).to_have_count(2)
    expect(propositions.first).to_contain_text("LEFÈVRE Zoé")
    expect(propositions.first).to_contain_text("Recherche ce métier : M1607 – Secrétariat")
    expect(propositions.first).to_contain_text("Habite la commune du poste (Besançon)")
    assert_accessible(page)
    _shot(page, "2-offre-publiee-jeunes-proposes")

    page.get_by_role("button", name="Mettre en relation Zoé LEFÈVRE").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mise en relation de Zoé LEFÈVRE")
    assert_accessible(page)
    page.get_by_label("Résultat").select_option(label="Retenu")
    page.get_by_label("Note").fill("Contrat signé lundi.")
    page.get_by_role("button", name="Enregistrer le résultat").click()
    expect(page.get_by_role("status")).to_contain_text("est ouverte sur le dossier")
    _shot(page, "3-embauche")
    mise = MiseEnRelation.objects.get(jeune=zoe)
    situation = Situation.objects.get(jeune=zoe)
    assert (mise.resultat, mise.situation, situation.type, situation.employeur) == ("retenu", situation, "cdd", garage)

    page.get_by_role("link", name="Voir le dossier").click()
    expect(page.locator("#mer-titre")).to_be_visible()
    expect(page.get_by_role("cell", name="Retenu (situation ouverte)")).to_be_visible()
    expect(page.get_by_text("M1607 – Secrétariat").first).to_be_visible()
    assert_accessible(page)
    _shot(page, "4-dossier-relations-entreprises")


def test_a_counsellor_records_wished_jobs_and_sees_the_offers_that_fit(live_server, page: Page, structure):
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire, niveau="iv")
    employeur = EmployeurFactory(structure=structure, raison_sociale="Restaurant du Marché")
    offre = doors.create_offre(structure.pk, {"employeur": employeur, "intitule": "Commis de cuisine",
                                              "rome": "G1602", "type_contrat": "apprentissage"}, timezone.localdate())
    doors.publish_offre(offre, timezone.localdate())
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, live_server.url, "claire")
    page.goto(f"{live_server.url}/jeunes/{zoe.pk}/")
    page.get_by_role("link", name="Modifier les métiers recherchés").click()
    page.get_by_label("Rechercher le métier n° 1").fill("cuisine")
    expect(page.locator("#id_metier_0 option", has_text="G1602")).to_have_count(1)
    page.get_by_label("Métier recherché n° 1").select_option("G1602")
    assert_accessible(page)
    _shot(page, "5-metiers-recherches")
    page.get_by_role("button", name="Enregistrer les métiers").click()
    expect(page.get_by_role("status")).to_contain_text("Métiers recherchés enregistrés")
    assert list(MetierRecherche.objects.filter(jeune=zoe).values_list("rome", flat=True)) == ["G1602"]
    section = page.locator("section", has=page.locator("#offres-titre"))
    expect(section).to_contain_text("Commis de cuisine")
    expect(section).to_contain_text("Recherche ce métier : G1602")
    assert_accessible(page)
    _shot(page, "6-dossier-offres-qui-correspondent")
    section.get_by_role("button", name="Mettre en relation sur l'offre Commis de cuisine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mise en relation de Zoé LEFÈVRE")
    assert MiseEnRelation.objects.filter(jeune=zoe, offre=offre).count() == 1
