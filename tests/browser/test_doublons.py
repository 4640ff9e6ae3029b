"""The direction in the real browser (issue 12, parts 7 and 9): from the search page to the list
of likely duplicates, the comparison of two files field by field, the merge; then the journal,
which reads the merge and the profile change in French. axe on every page, under the real CSP.

Screenshots at 1366 px when DOUBLONS_SCREENSHOTS names a folder (looked at before closing the issue)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ConseillerFactory, EvenementFactory, InscriptionFactory, JeuneFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.models import AuditEntry


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide"


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("DOUBLONS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_direction_finds_a_duplicate_merges_it_and_reads_the_journal(live_server, page: Page, structure):
    cache.clear()
    page.set_viewport_size({"width": 1366, "height": 900})
    User.objects.create_user("dir", password=PASSWORD, first_name="Nadia", last_name="Direction",
                             structure=structure, role=Role.DIRECTION)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire")
    site = SiteFactory(structure=structure, nom="Antenne de Planoise")
    born = dt.date(2006, 5, 14)
    garde = JeuneFactory(structure=structure, ext_id="J-1042", nom="Lefèvre", prenom="Zoé", date_naissance=born,
                         hebergement="parents", conseiller=claire, site=site)
    doublon = JeuneFactory(structure=structure, ext_id="web-5f2a", nom="LEFEBVRE", prenom="Zoe", date_naissance=born,
                           hebergement="amis", niveau="iv")
    JeuneFactory(structure=structure, ext_id="J-77", nom="Martin", prenom="Léa", date_naissance=born)
    JeuneFactory(structure=structure, ext_id="J-78", nom="Martin", prenom="Lucas", date_naissance=born)  # twins
    EvenementFactory(jeune=garde, date=dt.date(2025, 1, 6), site=site, conseiller=claire)
    EvenementFactory(jeune=doublon, date=dt.date(2025, 3, 3))
    InscriptionFactory(jeune=doublon, dispositif="cej", date_entree=dt.date(2025, 3, 3))

    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant").fill("dir")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Rechercher un jeune").click()
    page.get_by_role("link", name="Doublons probables : comparer et fusionner des dossiers").click()

    expect(page.get_by_role("heading", name="Doublons probables", level=1)).to_be_visible()
    expect(page.get_by_text("1 paire de dossiers à vérifier")).to_be_visible()
    rows = page.locator("table.doublons-liste tbody tr")
    expect(rows).to_have_count(1)  # the twins are not listed
    expect(rows.first).to_contain_text("LEFÈVRE Zoé")
    expect(rows.first).to_contain_text("Nom ou prénom d'orthographe proche, même date de naissance")
    assert_accessible(page)
    _shot(page, "doublons-liste")

    rows.first.get_by_role("link", name="Comparer").click()
    expect(page.get_by_role("heading", name="Comparer et fusionner deux dossiers")).to_be_visible()
    # the imported file is kept by default; each differing value has its two choices
    expect(page.get_by_label("Dossier A : LEFÈVRE Zoé (J-1042, importé)")).to_be_checked()
    expect(page.get_by_label("Hébergement, dossier A : Chez les parents")).to_be_checked()
    expect(page.locator("table.comparaison").first).to_contain_text("Niveau IV (baccalauréat)")
    assert_accessible(page)
    _shot(page, "doublons-comparaison")

    page.get_by_label("Hébergement, dossier B : Chez des amis").check()
    page.get_by_label("Niveau de formation, dossier B : Niveau IV (baccalauréat)").check()
    page.get_by_role("button", name="Fusionner les deux dossiers").click()

    expect(page.get_by_role("heading", name="LEFÈVRE Zoé", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Les deux dossiers sont fusionnés")
    expect(page.locator("main")).to_contain_text("Chez des amis")
    assert_accessible(page)
    assert not Jeune.objects.filter(pk=doublon.pk).exists()
    assert garde.inscriptions.count() == 1 and garde.evenements.count() == 2

    # The journal: the merge as one action, the profile's change in French, Paris time.
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Journal d'audit").click()
    page.get_by_label("Jeune (identifiant)").fill("J-1042")
    page.get_by_role("button", name="Filtrer").click()
    table = page.locator("table.audit")
    expect(table).to_contain_text("Fusion")
    expect(table).to_contain_text("Dossier fusionné : web-5f2a")
    expect(table).to_contain_text("Hébergement : Chez les parents → Chez des amis")
    expect(table).to_contain_text("Niveau de formation : Non renseigné → Niveau IV (baccalauréat)")
    merge = AuditEntry.objects.get(what__startswith="Fusion")
    from django.utils import timezone

    expect(table).to_contain_text(timezone.localtime(merge.timestamp).strftime("%d/%m/%Y"))
    assert_accessible(page)
    _shot(page, "journal")

    page.get_by_role("link", name="Rapport des accès à son dossier").click()
    expect(page.locator("table.audit")).to_contain_text("Hébergement : Chez les parents → Chez des amis")
    assert_accessible(page)
    _shot(page, "acces")
