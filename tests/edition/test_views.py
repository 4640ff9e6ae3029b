"""Report pages per role: allowed, forbidden, another structure's objects give 404."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.edition.conftest import make_user
from trajectoires.accounts.enums import Role
from trajectoires.edition.models import Edition, PageLibre
from trajectoires.edition.services import start_edition
from trajectoires.rapports.periods import Period


Y2024 = "debut=2024-01-01&fin=2024-12-31"


def test_report_requires_login(client, db):
    response = client.get(reverse("edition:report"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PARRAIN])
def test_staff_sees_the_report(client, structure, dataset, role):
    client.force_login(make_user(structure, role))
    response = client.get(f"{reverse('edition:report')}?{Y2024}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Synthèse" in html and "Annexe : définitions" in html
    assert 'href="#def-indicateurs-jeunes-en-contact"' in html  # each figure links to its definition
    drill = "/rapport/jeunes/?" in html
    assert drill == (role in (Role.DIRECTION, Role.CONSEILLER))


def test_mentors_and_users_without_structure_are_refused(client, structure, db):
    client.force_login(make_user(structure, Role.PARRAIN))
    assert client.get(reverse("edition:report")).status_code == 403
    client.force_login(make_user(None, Role.DIRECTION, "sans-structure"))
    assert client.get(reverse("edition:report")).status_code == 403


def test_default_period_and_bad_period(client, structure, dataset, direction):
    client.force_login(direction)
    assert client.get(reverse("edition:report")).status_code == 200
    response = client.get(f"{reverse('edition:report')}?debut=2024-12-31&fin=2024-01-01")
    assert "La fin de la période précède son début" in response.content.decode()


def test_filter_restricts_the_report(client, structure, dataset, direction):
    client.force_login(direction)
    response = client.get(f"{reverse('edition:report')}?{Y2024}&filtre=secteur:Besançon")
    assert response.status_code == 200
    assert "restreint au secteur « Besançon »" in response.content.decode()
    bad = client.get(f"{reverse('edition:report')}?{Y2024}&filtre=secteur:Nulle-part")
    assert "Sélectionnez un choix valide" in bad.content.decode()


@pytest.mark.parametrize("fmt,magic", [pytest.param("pdf", b"%PDF", marks=pytest.mark.slow), ("xlsx", b"PK")])
def test_downloads(client, structure, dataset, conseiller_user, fmt, magic):
    client.force_login(conseiller_user)
    response = client.get(f"{reverse('edition:report_download', args=[fmt])}?{Y2024}")
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert f"rapport-activite-{structure.code}-2024.{fmt}" in response["Content-Disposition"]


def test_drill_down_and_csv_for_allowed_staff(client, structure, dataset, conseiller_user):
    client.force_login(conseiller_user)
    url = f"{reverse('edition:jeunes')}?{Y2024}&cle=jeunes_en_contact"
    response = client.get(url)
    assert response.status_code == 200
    assert "9 jeunes" in response.content.decode()
    response = client.get(f"{reverse('edition:jeunes_csv')}?{Y2024}&cle=repartitions.jeunes_accompagnes.sexe.h")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Identifiant"
    names = [r[1] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names  # a formula-looking name is neutralised
    assert all(not n.startswith("=") for n in names)
    assert client.get(f"{reverse('edition:jeunes')}?{Y2024}&cle=nimporte.quoi").status_code == 404


@pytest.mark.parametrize("role", [Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.ADMINISTRATEUR])
def test_drill_down_forbidden_to_other_roles(client, structure, dataset, role):
    client.force_login(make_user(structure, role))
    assert client.get(f"{reverse('edition:jeunes')}?{Y2024}&cle=jeunes_en_contact").status_code == 403
    assert client.get(f"{reverse('edition:jeunes_csv')}?{Y2024}&cle=jeunes_en_contact").status_code == 403


def test_drill_down_stays_in_the_structure(client, structure, dataset, other_structure):
    from tests.factories import EvenementFactory, JeuneFactory

    other = JeuneFactory(structure=other_structure, ext_id="x1", nom="Étranger")
    EvenementFactory(jeune=other)
    client.force_login(make_user(other_structure, Role.DIRECTION, "dir2"))
    response = client.get(f"{reverse('edition:jeunes')}?{Y2024}&cle=jeunes_en_contact")
    html = response.content.decode()
    assert "Étranger" in html and "Nom01" not in html


def test_generate_view_edition_and_downloads(client, structure, dataset, direction):
    client.force_login(direction)
    response = client.post(
        reverse("edition:edition_generate"),
        {"debut": "2024-01-01", "fin": "2024-12-31", "filtre": "", "titre": "AG 2025"},
    )
    edition = Edition.objects.get(structure=structure)
    assert response.status_code == 302 and response["Location"] == reverse("edition:edition_detail", args=[edition.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "AG 2025" in page.content.decode() and "Synthèse" in page.content.decode()
    assert client.get(reverse("edition:editions")).status_code == 200
    pdf = client.get(reverse("edition:edition_download", args=[edition.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    progress = client.get(reverse("edition:edition_progress", args=[edition.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"


def test_only_management_generates_editions_and_writes_pages(client, structure, dataset, conseiller_user):
    client.force_login(conseiller_user)
    data = {"debut": "2024-01-01", "fin": "2024-12-31", "filtre": ""}
    assert client.post(reverse("edition:edition_generate"), data).status_code == 403
    assert not Edition.objects.exists()
    assert client.get(reverse("edition:page_create")).status_code == 403
    assert client.get(reverse("edition:pages")).status_code == 200


def test_free_pages_crud(client, structure, direction):
    client.force_login(direction)
    response = client.post(
        reverse("edition:page_create"),
        {"kind": "budget", "title": "Budget 2025", "text": "Charges 3 179 157 €", "order": 3},
    )
    assert response.status_code == 302
    page = PageLibre.objects.get(structure=structure)
    assert page.kind == "budget"
    response = client.post(
        reverse("edition:page_edit", args=[page.pk]),
        {"kind": "budget", "title": "Budget prévisionnel 2025", "text": "…", "order": 1},
    )
    page.refresh_from_db()
    assert page.title == "Budget prévisionnel 2025"
    assert "Budget prévisionnel 2025" in client.get(reverse("edition:pages")).content.decode()
    client.post(reverse("edition:page_delete", args=[page.pk]))
    assert not PageLibre.objects.exists()


def test_another_structures_objects_are_404(client, structure, dataset, direction, other_structure):
    edition = start_edition(structure, Period.year(2024), None, direction)
    page = PageLibre.objects.create(structure=structure, title="Éditorial", text="…")
    client.force_login(make_user(other_structure, Role.DIRECTION, "dir2"))
    assert client.get(reverse("edition:edition_detail", args=[edition.pk])).status_code == 404
    assert client.get(reverse("edition:edition_progress", args=[edition.pk])).status_code == 404
    assert client.get(reverse("edition:edition_download", args=[edition.pk, "pdf"])).status_code == 404
    assert client.get(reverse("edition:page_edit", args=[page.pk])).status_code == 404
    assert client.post(reverse("edition:page_delete", args=[page.pk])).status_code == 404
    assert PageLibre.objects.filter(pk=page.pk).exists()
    assert (
        "Rapport"
        not in client.get(reverse("edition:editions")).content.decode().split("<tbody>")[1].split("</tbody>")[0]
    )


def test_a_running_edition_shows_its_progress(client, structure, direction):
    edition = Edition.objects.create(
        structure=structure,
        debut="2024-01-01",
        fin="2024-12-31",
        status="running",
        progress=42,
        step="Calcul des indicateurs",
    )
    client.force_login(direction)
    html = client.get(reverse("edition:edition_detail", args=[edition.pk])).content.decode()
    assert "htmx" in html and 'hx-trigger="every 1s"' in html
    assert 'value="42"' in html and "Calcul des indicateurs" in html
    fragment = client.get(reverse("edition:edition_progress", args=[edition.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in fragment and 'role="status"' in fragment.content.decode()


def test_a_failed_edition_can_be_generated_again(client, structure, dataset, direction):
    edition = Edition.objects.create(
        structure=structure,
        debut="2024-01-01",
        fin="2024-12-31",
        filtre_cle="secteur",
        filtre_valeur="Besançon",
        status="failed",
        error="La génération a été interrompue : relancez-la.",
    )
    client.force_login(direction)
    html = client.get(reverse("edition:edition_detail", args=[edition.pk])).content.decode()
    assert "relancez-la" in html and "Relancer la génération" in html
    response = client.post(
        reverse("edition:edition_generate"), {"debut": "2024-01-01", "fin": "2024-12-31", "filtre": "secteur:Besançon"}
    )
    again = Edition.objects.exclude(pk=edition.pk).get()
    assert response["Location"] == reverse("edition:edition_detail", args=[again.pk])
    assert again.is_done and again.filtre == ("secteur", "Besançon")


def test_sensitive_lists_show_a_counsellor_only_their_own_referent_files(client, structure, dataset):
    """A justice follow-up listed behind a report figure is shown as on the file itself: to the
    direction, and to a counsellor for their own referent files only (accounts/perms.py)."""
    from tests.factories import ConseillerFactory, EvenementFactory, InscriptionFactory, JeuneFactory

    user = make_user(structure, Role.CONSEILLER, "claire")
    claire = ConseillerFactory(structure=structure, ext_id="c-claire", nom="Durand", prenom="Claire", user=user)
    other = ConseillerFactory(structure=structure, ext_id="c-other", nom="Petit", prenom="Paul")
    mine = JeuneFactory(structure=structure, ext_id="jm", nom="Referente", conseiller=claire)
    theirs = JeuneFactory(structure=structure, ext_id="jt", nom="Autrui", conseiller=other)
    for jeune in (mine, theirs):
        InscriptionFactory(jeune=jeune, dispositif="jsmj_mf", date_entree=dt.date(2024, 3, 1))
        EvenementFactory(jeune=jeune, date=dt.date(2024, 3, 1), conseiller=claire)
    key = "dispositifs.jsmj_mf.beneficiaires"

    client.force_login(user)
    html = client.get(f"{reverse('edition:jeunes')}?{Y2024}&cle={key}").content.decode()
    assert "Referente" in html and "Autrui" not in html
    # The same list through a report restricted to the programme, and as CSV.
    csv_text = client.get(f"{reverse('edition:jeunes_csv')}?{Y2024}&cle=jeunes_en_contact"
                          f"&filtre=dispositif:jsmj_mf").content.decode("utf-8-sig")
    assert "Referente" in csv_text and "Autrui" not in csv_text
    # A list that names no sensitive programme is not restricted.
    assert "Autrui" in client.get(f"{reverse('edition:jeunes')}?{Y2024}&cle=jeunes_en_contact").content.decode()

    client.force_login(make_user(structure, Role.DIRECTION, "dir-sensible"))
    html = client.get(f"{reverse('edition:jeunes')}?{Y2024}&cle={key}").content.decode()
    assert "Referente" in html and "Autrui" in html
