"""Issue 14 (mentoring) in Chromium, under the real CSP, axe on each page: the coordinator
creates a mentor, their login and a pairing sharing the young person's phone; the mentor logs in
on a 360 px phone, sees their one mentee, records a meeting and flags a worry; the referent
counsellor finds the worry on their home and marks it read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ConseillerFactory, JeuneFactory, ParrainageFactory, ParrainFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.parrainage.models import Inquietude, Parrain, Parrainage, Rencontre


pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _login(page: Page, url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_mentoring_from_the_coordinator_to_the_mentor_and_back(live_server, page: Page, browser: Browser, structure):
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", last_name="Martin",
                                    email="claire.martin@example.org", structure=structure, role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", conseiller=claire,
                       telephone="+33612345678", email="zoe@example.org")
    autre = JeuneFactory(structure=structure, nom="Benali", prenom="Mohamed", conseiller=claire)
    ParrainageFactory(jeune=autre, parrain=ParrainFactory(structure=structure, nom="Autre", prenom="Dominique"))

    # The coordinator: a new mentor, their login, a pairing with the phone shared.
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, live_server.url, "claire")
    page.get_by_role("link", name="Parrainage", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Nouveau parrain ou marraine").click()
    page.get_by_label("Prénom").fill("Yvette")
    page.locator("#id_nom").fill("Marchal")
    page.get_by_label("Retraité(e)").check()
    page.get_by_label("Profession (ou ancienne profession)").fill("Monitrice d'auto-école")
    page.get_by_label("Téléphone").fill("06 11 22 33 44")
    page.get_by_label("Disponibilités").fill("Le mardi, code de la route")
    page.get_by_label("Entrée dans le réseau").fill("2023-09-01")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yvette MARCHAL")
    page.get_by_role("button", name="Créer son compte").click()
    password = page.locator("code.mdp").inner_text()
    assert_accessible(page)
    yvette = Parrain.objects.get(nom="Marchal")
    assert yvette.user.role == Role.PARRAIN and yvette.telephone == "+33611223344"
    page.reload()
    expect(page.locator("code.mdp")).to_have_count(0)  # shown once

    page.get_by_role("link", name="Nouveau parrainage avec Yvette").click()
    page.get_by_label("Rechercher le jeune").fill("Lefèvre")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="LEFÈVRE Zoé").click()
    expect(page.get_by_label("Parrain ou marraine")).to_have_value(str(yvette.pk))
    page.get_by_label("Le jeune accepte que son parrain ait son numéro de téléphone").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le parrainage").click()
    expect(page.get_by_role("status")).to_contain_text("Parrainage de Zoé Lefèvre par Yvette Marchal")
    pairing = Parrainage.objects.get(parrain=yvette)
    assert pairing.jeune == zoe and pairing.partage_telephone and not pairing.partage_email
    page.get_by_role("link", name="Modifier le parrainage de Zoé").click()
    assert_accessible(page)

    # The mentor, on a phone.
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    violations: list[str] = []
    phone.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _login(phone, live_server.url, yvette.user.username, password)
    expect(phone.get_by_role("heading", level=2)).to_have_text(["Zoé"])
    expect(phone.get_by_role("link", name="06 12 34 56 78")).to_be_visible()
    expect(phone.locator(".filleul-infos")).to_contain_text("non partagé")  # the e-mail
    expect(phone.locator(".filleul-infos")).to_contain_text("Claire Martin")
    assert "Mohamed" not in phone.content() and "zoe@example.org" not in phone.content()
    assert_accessible(phone)
    _no_sideways_scroll(phone, 360)

    phone.get_by_role("link", name="Noter une rencontre avec Zoé").click()
    phone.get_by_label("Durée").select_option(label="1 h 30")
    phone.get_by_label("Note pour le conseiller référent (facultatif)").fill("Séance de code : 35/40.")
    assert_accessible(phone)
    _no_sideways_scroll(phone, 360)
    phone.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(phone.get_by_role("status")).to_contain_text("Rencontre avec Zoé")
    rencontre = Rencontre.objects.get()
    assert (rencontre.duree, rencontre.note) == (90, "Séance de code : 35/40.")
    assert Parrainage.objects.get(pk=pairing.pk).entretiens == 1

    phone.get_by_role("link", name="Signaler une inquiétude au sujet de Zoé").click()
    phone.get_by_label("Votre inquiétude").fill("Zoé dit ne plus avoir de logement à la fin du mois.")
    assert_accessible(phone)
    _no_sideways_scroll(phone, 360)
    phone.get_by_role("button", name="Envoyer au conseiller référent").click()
    expect(phone.get_by_role("status")).to_contain_text("transmise au conseiller référent")
    assert Inquietude.objects.get().conseiller == claire
    context.close()
    assert not violations, violations

    # The referent counsellor's home.
    page.goto(f"{live_server.url}/")
    block = page.locator(".alerte-parrain")
    expect(block).to_contain_text("Zoé dit ne plus avoir de logement à la fin du mois.")
    expect(block).to_contain_text("Yvette Marchal")
    assert_accessible(page)
    page.get_by_role("button", name="Marquer comme lue").click()
    expect(page.locator(".alerte-parrain")).to_have_count(0)
    assert Inquietude.objects.get().lue_par == user
