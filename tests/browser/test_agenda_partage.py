"""The shared agenda and the completed walk-in queue (issue 12, parts 5 and 6) in Chromium, under
the real CSP, axe on every new or changed page.

1. A counsellor books an appointment in a taken slot: warned (the conflict listed), refused,
   then confirmed; the week grid (1366 and 820 px: the grid scrolls, not the page); a free slot
   opens the booking, prefilled, for a young person found from there.
2. Reception registers a newcomer whose name and birth date match a file: the file is offered
   and picked; the person is handed to a named counsellor, whose home shows it live (polling);
   the waiting time shows; another person is marked as left; the reception's day shows a column
   per counsellor.

`AGENDA_SCREENSHOTS=/some/dir` saves screenshots of the pages (1366 px, the grid at 820 px)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_agenda import PASSWORD, _login
from tests.factories import ConseillerFactory, JeuneFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda.models import RendezVous, Salle


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 820, "height": 1000}


def _shot(page: Page, name: str, *, full_page: bool = False) -> None:
    folder = os.environ.get("AGENDA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def _paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _new_page(browser: Browser) -> Page:
    page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport=WIDE).new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_violations = violations  # type: ignore[attr-defined]
    return page


def test_a_counsellor_books_despite_a_conflict_then_from_a_free_slot_of_the_week(live_server, page: Page, structure):
    page.set_viewport_size(WIDE)
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user)
    planoise = SiteFactory(structure=structure, nom="Planoise")
    bureau = Salle.objects.create(structure=structure, site=planoise, nom="Bureau 2")
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé", date_naissance=dt.date(2006, 3, 5),
                       conseiller=claire)
    hugo = JeuneFactory(structure=structure, nom="Lefort", prenom="Hugo", date_naissance=dt.date(2005, 1, 9),
                        conseiller=claire)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)  # next week: all to come
    tuesday, wednesday = monday + dt.timedelta(days=1), monday + dt.timedelta(days=2)
    RendezVous.objects.create(structure=structure, ext_id="r-hugo", jeune=hugo, conseiller=claire,
                              debut=_paris(tuesday, 10), duree=60, site=planoise, salle=bureau)

    _login(page, live_server.url, "claire")
    page.goto(f"{live_server.url}/jeunes/{zoe.pk}/")
    page.get_by_role("link", name="Prendre un rendez-vous").click()
    page.get_by_label("Date du rendez-vous").fill(tuesday.isoformat())
    page.get_by_label("Heure").fill("10:30")
    page.get_by_label("Site").select_option(label="Planoise")
    page.get_by_label("Salle").select_option(label="Bureau 2 (Planoise)")
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Le rendez-vous n'est pas enregistré : ce créneau est déjà pris")
    expect(warning).to_contain_text("de 10:00 à 11:00 : entretien individuel de LEFORT Hugo avec Claire Martin")
    expect(warning).to_contain_text("même conseiller, même salle")
    assert RendezVous.objects.count() == 1
    assert_accessible(page)
    _shot(page, "01-conflit-1366")
    page.get_by_label("Confirmer malgré le conflit").check()
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    expect(page.get_by_role("status")).to_contain_text(f"Rendez-vous du {tuesday:%d/%m/%Y} à 10:30 enregistré.")
    assert RendezVous.objects.filter(jeune=zoe, salle=bureau).count() == 1

    # The week as a grid: the two overlapping appointments side by side, free slots to come.
    page.goto(f"{live_server.url}/agenda/semaine/?date={monday.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claire Martin")
    grid = page.get_by_role("region", name="Semaine de Claire Martin")
    expect(grid.locator("a.g-rdv")).to_have_count(2)
    expect(grid.locator("a.g-rdv.lanes-2")).to_have_count(2)
    expect(grid.get_by_role("heading", name="Mardi")).to_be_visible()
    assert_accessible(page)
    _shot(page, "02-semaine-1366")
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    page.set_viewport_size(NARROW)
    expect(grid).to_be_visible()
    # At 820 px the grid scrolls inside its frame; the page itself does not scroll sideways.
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    assert grid.evaluate("el => el.scrollWidth > el.clientWidth")
    assert_accessible(page)
    _shot(page, "03-semaine-820")
    page.set_viewport_size(WIDE)

    # Filter by name: Hugo's appointment stands out, Zoé's is dimmed, its slot stays taken.
    page.get_by_label("Nom du jeune").fill("lefort")
    page.get_by_role("button", name="Afficher").click()
    expect(grid.locator("a.g-rdv.hors-filtre")).to_have_count(1)
    expect(grid.locator("a.g-rdv.hors-filtre")).to_contain_text("LEFÈVRE Zoé")

    # A free slot opens the booking: whom for? then the form, prefilled.
    slot = grid.locator(f'a.g-libre[href*="date={wednesday.isoformat()}"][href*="heure=14%3A00"]')
    expect(slot).to_contain_text("14:00 libre")
    slot.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("à 14:00")
    assert_accessible(page)
    page.get_by_label("Nom, prénom, date de naissance (JJ/MM/AAAA) ou identifiant").fill("lefort")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Prendre rendez-vous pour LEFORT Hugo").click()
    expect(page.get_by_label("Date du rendez-vous")).to_have_value(wednesday.isoformat())
    expect(page.get_by_label("Heure")).to_have_value("14:00")
    assert_accessible(page)
    _shot(page, "04-creneau-prerempli-1366")
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    expect(page.get_by_role("status")).to_contain_text(f"Rendez-vous du {wednesday:%d/%m/%Y} à 14:00 enregistré.")
    page.goto(f"{live_server.url}/agenda/semaine/?date={monday.isoformat()}")
    expect(grid.locator("a.g-rdv")).to_have_count(3)
    expect(slot).to_have_count(0)  # taken now

    # The room's week: every counsellor's appointments in that room.
    page.get_by_label("Salle").select_option(label="Bureau 2 (Planoise)")
    page.get_by_role("button", name="Afficher").click()
    room = page.get_by_role("region", name="Semaine de la salle Bureau 2")
    expect(room.locator("a.g-rdv")).to_have_count(2)
    assert_accessible(page)


def test_reception_offers_the_existing_file_hands_the_person_over_and_sees_every_counsellor(
    live_server, browser: Browser, structure
):
    User.objects.create_user("accueil", password=PASSWORD, first_name="Awa", structure=structure, role=Role.ACCUEIL)
    user = User.objects.create_user("claire", password=PASSWORD, first_name="Claire", structure=structure,
                                    role=Role.CONSEILLER)
    planoise = SiteFactory(structure=structure, nom="Planoise")
    ConseillerFactory(structure=structure, nom="Martin", prenom="Claire", user=user, site=planoise)
    paul = ConseillerFactory(structure=structure, nom="Bernard", prenom="Paul", site=planoise)
    lea = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Léa", date_naissance=dt.date(2006, 3, 5),
                       conseiller=paul)
    today = timezone.localdate()
    hour = min(max(timezone.localtime().hour + 1, 9), 18)
    RendezVous.objects.create(structure=structure, ext_id="r1", jeune=lea, conseiller=paul,
                              debut=_paris(today, hour), site=planoise)

    counsellor = _new_page(browser)
    _login(counsellor, live_server.url, "claire")
    expect(counsellor.locator("#file-attente")).to_contain_text("Personne n'attend")

    reception = _new_page(browser)
    _login(reception, live_server.url, "accueil")
    navigation = reception.get_by_role("navigation", name="Navigation principale")
    navigation.get_by_role("link", name="Accueil au flux").click()
    reception.get_by_role("link", name="Enregistrer une arrivée").click()
    reception.get_by_label("Nom", exact=True).fill("Lefevre")
    reception.get_by_label("Prénom", exact=True).fill("Lea")
    reception.get_by_label("Date de naissance", exact=True).fill("2006-03-05")
    reception.locator("#id_motif").fill("Recherche d'emploi")
    reception.get_by_role("button", name="Mettre dans la file").click()
    expect(reception.get_by_role("heading", name="Cette personne a peut-être déjà un dossier")).to_be_visible()
    assert not Arrivee.objects.exists()
    assert_accessible(reception)
    _shot(reception, "05-doublon-propose-1366")
    reception.get_by_label("LEFÈVRE Léa, né(e) le 05/03/2006").check()
    reception.get_by_role("button", name="Mettre le dossier choisi dans la file").click()
    expect(reception.get_by_role("status")).to_contain_text("Arrivée de LEFÈVRE Léa enregistrée")
    queue = reception.locator("#file-attente")
    expect(queue).to_contain_text("attend depuis")
    expect(queue).to_contain_text("Recherche d'emploi")
    assert Arrivee.objects.get().jeune == lea

    # Handed to Claire by name ("Orienter vers…").
    reception.get_by_role("link", name="Orienter LEFÈVRE Léa vers…").click()
    expect(reception.get_by_text("conseiller référent : Paul Bernard")).to_be_visible()
    assert_accessible(reception)
    _shot(reception, "06-orienter-1366")
    reception.get_by_label("Conseiller ou conseillère").select_option(label="Claire Martin")
    reception.get_by_role("button", name="Orienter vers ce conseiller").click()
    expect(reception.get_by_role("status")).to_contain_text("LEFÈVRE Léa est orienté(e) vers Claire Martin")
    expect(queue).to_contain_text("orienté(e) vers Claire Martin")
    assert_accessible(reception)

    # Claire's home shows it by itself (the queue polls every 5 s).
    expect(counsellor.locator("#file-attente")).to_contain_text("Orienté(e) vers vous par l'accueil", timeout=20_000)
    expect(counsellor.locator(".orientes")).to_contain_text("LEFÈVRE Léa")
    expect(counsellor.locator(".orientes")).to_contain_text("attend depuis")
    assert_accessible(counsellor)
    _shot(counsellor, "07-accueil-conseillere-1366", full_page=True)

    # Someone else leaves without being received.
    reception.get_by_role("link", name="Enregistrer une arrivée").click()
    reception.get_by_label("Nom", exact=True).fill("Durand")
    reception.get_by_role("button", name="Mettre dans la file").click()
    expect(queue).to_contain_text("DURAND")
    _shot(reception, "08-file-1366")
    reception.get_by_role("button", name="DURAND est parti(e) sans être reçu(e)").click()
    expect(reception.get_by_role("status")).to_contain_text("DURAND est noté(e) parti(e) sans être reçu(e)")
    expect(queue).not_to_contain_text("DURAND")
    assert Arrivee.objects.get(nom="Durand").parti_le is not None

    # Claire receives the person waiting for her.
    counsellor.get_by_role("button", name="Recevoir LEFÈVRE Léa, qui vous attend").click()
    expect(counsellor.get_by_role("heading", name="Entretien avec LEFÈVRE Léa")).to_be_visible()
    expect(queue).to_contain_text("Reçu(e) par Claire Martin", timeout=20_000)

    # The reception's day: a column per counsellor.
    navigation.get_by_role("link", name="Agenda").click()
    day = reception.get_by_role("region", name="Agenda du jour, une colonne par conseiller")
    expect(day.get_by_role("heading", name="Claire Martin")).to_be_visible()
    expect(day.get_by_role("heading", name="Paul Bernard")).to_be_visible()
    expect(day.locator("a.g-rdv")).to_contain_text("LEFÈVRE Léa")
    assert_accessible(reception)
    _shot(reception, "09-jour-colonnes-1366")
    reception.set_viewport_size(NARROW)
    assert reception.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    _shot(reception, "10-jour-colonnes-820")

    for page in (counsellor, reception):
        assert not page.csp_violations, page.csp_violations  # type: ignore[attr-defined]
        page.context.close()
