"""Security issue 18, finding 4: justice and health figures of the activity report.

The outside tester's attack, replayed: reception, outreach, employer relations and the
administrator asked for the report restricted to a justice programme (page and API) and read
cells of 1 or 2; the unfiltered report showed them the justice row with its 1 or 2 young
people. Now (docs/securite.md, "Secret statistique : petites cellules (constat 4)"):

- filtering on a justice or health programme is for the roles that see sensitive items
  (direction, counsellors): 403 for the others, with a French message;
- a cell about such a programme, or of a report restricted to one counsellor, counting 1 to 4
  young people is shown "< 5" to every role but the direction on the live report, and to
  everyone in frozen editions (their page, PDF and XLSX); the direction keeps exact figures on
  the live report; `trajectoires report` (the data owner's command) stays exact.

These tests use only the pages, the API and the command, so that they run unchanged against the
code before the fix (343f7f0): each of them fails there, except the guards of the last section,
which pin what the fix must keep (exact figures for the direction and the command)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import EvenementFactory, InscriptionFactory
from tests.workspace.conftest import World
from trajectoires.accounts.enums import Role


PERIOD = "debut=2025-01-01&fin=2025-12-31"
JUSTICE = "Justice – jeunes sous main de justice en milieu fermé"
MASK = "< 5"
# Roles that read the report but may not see sensitive items.
NOT_SENSITIVE = [Role.ACCUEIL, Role.REPERAGE, Role.RELATIONS_ENTREPRISES, Role.ADMINISTRATEUR]


@pytest.fixture
def justice(world: World) -> World:
    """Two young people of the Mission Locale under court supervision (closed setting) in 2025,
    one of them in the counsellor's own portfolio: the programme's cells are 1s and 2s."""
    for key in ("portefeuille", "autre"):
        jeune = world.jeunes[key]
        InscriptionFactory(jeune=jeune, dispositif="jsmj_mf", date_entree=dt.date(2025, 2, 3))
        EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 3))
    return world


def _page(client, world: World, role: Role, query: str = PERIOD):  # type: ignore[no-untyped-def]
    client.force_login(world.user(role))
    return client.get(f"{reverse('edition:report')}?{query}")


def _row(html: str, table_id: str, label: str) -> list[str]:
    """The text of the cells of the row labelled `label` in the table `table_id` of a page."""
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"table {table_id} absente"
    for row in re.findall(r"<tr.*?</tr>", match.group(0), re.S):
        if label in html_lib.unescape(row):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            return [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
    raise AssertionError(f"ligne « {label} » absente de {table_id}")


# --- Filtering on a sensitive programme ----------------------------------------------------------
@pytest.mark.parametrize("role", NOT_SENSITIVE)
def test_the_report_filtered_on_a_justice_programme_is_refused(client, justice, role):
    response = _page(client, justice, role, f"{PERIOD}&filtre=dispositif:jsmj_mf")
    assert response.status_code == 403
    assert "réservé à la direction et aux conseillers" in response.content.decode()


@pytest.mark.parametrize("role", NOT_SENSITIVE)
def test_the_api_report_filtered_on_a_justice_programme_is_refused(client, justice, role):
    client.force_login(justice.user(role))
    response = client.get(f"{reverse('api:rapport')}?{PERIOD}&filtre=dispositif:jsmj_mf")
    assert response.status_code == 403
    assert "réservé à la direction et aux conseillers" in response.json()["detail"]


@pytest.mark.parametrize("filtre", ["dispositif:sante", "dispositif:psychologue", "Dispositif: jsmj_mo"])
def test_health_programmes_and_spelling_variants_are_refused_by_the_api_too(client, justice, filtre):
    client.force_login(justice.user(Role.ACCUEIL))
    response = client.get(reverse("api:rapport"), {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": filtre})
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_downloads_of_the_filtered_report_are_refused(client, justice, fmt):
    client.force_login(justice.user(Role.ADMINISTRATEUR))
    url = reverse("edition:report_download", args=[fmt])
    assert client.get(f"{url}?{PERIOD}&filtre=dispositif:jsmj_mf").status_code == 403


def test_the_administrator_cannot_generate_an_edition_filtered_on_justice(client, justice):
    from trajectoires.edition.models import Edition

    client.force_login(justice.user(Role.ADMINISTRATEUR))
    response = client.post(
        reverse("edition:edition_generate"),
        {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": "dispositif:jsmj_mf"},
    )
    assert response.status_code == 403
    assert not Edition.objects.exists()


# --- Small cells of the unfiltered report ----------------------------------------------------
@pytest.mark.parametrize("role", [*NOT_SENSITIVE, Role.CONSEILLER])
def test_the_justice_row_shows_small_cells_as_less_than_five(client, justice, role):
    html = _page(client, justice, role).content.decode()
    beneficiaires, *_rest, presents = _row(html, "t-dispositifs-dispositifs", JUSTICE)
    assert beneficiaires == MASK and presents == MASK
    # Crossed with sex (section "Égalité"): women and men are masked too.
    femmes, hommes, _part = _row(html, "t-egalite-egalite", f"Entrées : {JUSTICE}")
    assert MASK in (femmes, hommes) and "2" not in (femmes, hommes) and "1" not in (femmes, hommes)
    # A masked cell links to no list of young people (its length would tell the figure).
    assert "cle=dispositifs.jsmj_mf" not in html


@pytest.mark.parametrize("role", NOT_SENSITIVE)
def test_the_api_report_shows_small_justice_cells_as_less_than_five(client, justice, role):
    client.force_login(justice.user(role))
    body = client.get(f"{reverse('api:rapport')}?{PERIOD}").json()
    row = body["dispositifs"]["jsmj_mf"]
    assert row["beneficiaires"] == MASK and row["presents_fin_periode"] == MASK
    assert row["mineurs"] == 0  # nobody stays 0
    assert body["indicateurs"]["jeunes_en_contact"] == 3  # not about a sensitive programme: exact


def test_the_live_xlsx_is_masked_for_reception_and_exact_for_the_direction(client, justice):
    import openpyxl

    def justice_cell(role: Role) -> object:
        client.force_login(justice.user(role))
        content = client.get(f"{reverse('edition:report_download', args=['xlsx'])}?{PERIOD}").content
        sheet = next(ws for ws in openpyxl.load_workbook(io.BytesIO(content)).worksheets if "Dispositifs" in ws.title)
        return next(row[1].value for row in sheet.iter_rows() if row[0].value == JUSTICE)

    assert justice_cell(Role.ACCUEIL) == MASK
    assert justice_cell(Role.DIRECTION) == 2


def test_a_report_filtered_on_justice_masks_every_small_cell_for_a_counsellor(client, justice):
    html = _page(client, justice, Role.CONSEILLER, f"{PERIOD}&filtre=dispositif:jsmj_mf").content.decode()
    assert MASK in html_lib.unescape(html)
    client.force_login(justice.user(Role.CONSEILLER))
    body = client.get(f"{reverse('api:rapport')}?{PERIOD}&filtre=dispositif:jsmj_mf").json()
    assert body["indicateurs"]["jeunes_en_contact"] == MASK
    sexe = body["repartitions"]["jeunes_premier_accueil"]["sexe"]
    assert set(sexe.values()) <= {0, MASK} and MASK in sexe.values()
    assert all(v in (0, MASK) for v in body["series"]["jeunes_accompagnes"].values())


def test_a_report_restricted_to_one_counsellor_masks_small_cells_for_a_counsellor(client, justice):
    claire = justice.user(Role.CONSEILLER).conseiller
    query = f"{PERIOD}&filtre=conseiller:{claire.ext_id}"
    client.force_login(justice.user(Role.CONSEILLER))
    body = client.get(f"{reverse('api:rapport')}?{query}").json()
    assert body["indicateurs"]["jeunes_en_contact"] == MASK  # her one young person met in 2025
    html = _page(client, justice, Role.CONSEILLER, query).content.decode()
    assert MASK in html_lib.unescape(html)
    assert "cle=jeunes_en_contact" not in html  # the masked key figure links to no list
    # The direction reads the same report exactly.
    client.force_login(justice.user(Role.DIRECTION))
    assert client.get(f"{reverse('api:rapport')}?{query}").json()["indicateurs"]["jeunes_en_contact"] == 1


# --- Frozen editions: published documents, masked for everyone -----------------------------
@pytest.fixture
def edition(client, justice, settings):  # type: ignore[no-untyped-def]
    """An edition of 2025 generated by the direction (inline)."""
    from trajectoires.edition.models import Edition

    settings.TRAJECTOIRES_EDITION_BACKGROUND = False
    client.force_login(justice.user(Role.DIRECTION))
    client.post(reverse("edition:edition_generate"), {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": ""})
    return Edition.objects.get()


def test_a_frozen_edition_page_is_masked_even_for_the_direction(client, justice, edition):
    client.force_login(justice.user(Role.DIRECTION))
    html = client.get(reverse("edition:edition_detail", args=[edition.pk])).content.decode()
    assert _row(html, "t-dispositifs-dispositifs", JUSTICE)[0] == MASK


def test_a_frozen_edition_xlsx_is_masked_even_generated_by_the_direction(client, justice, edition):
    import openpyxl

    client.force_login(justice.user(Role.DIRECTION))
    content = client.get(reverse("edition:edition_download", args=[edition.pk, "xlsx"])).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = next(ws for ws in book.worksheets if "Dispositifs" in ws.title)
    row = next(row for row in sheet.iter_rows() if row[0].value == JUSTICE)
    assert row[1].value == MASK and row[1].data_type == "s"  # a text cell, not the number 2
    assert row[7].value == MASK  # present at the end of the period
    texts = [c.value for ws in book.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert any("Secret statistique" in t for t in texts)  # the legend says what "< 5" means


@pytest.mark.slow  # WeasyPrint: about 10 s
def test_a_frozen_edition_pdf_is_masked_even_generated_by_the_direction(client, justice, edition):
    from pypdf import PdfReader

    client.force_login(justice.user(Role.ACCUEIL))
    response = client.get(reverse("edition:edition_download", args=[edition.pk, "pdf"]))
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    # The programme's row: its seven cells masked (beneficiaries, the shares, present at the end).
    assert "justice en milieu fermé " + " ".join([MASK] * 7) in text
    assert "Secret statistique" in text


# --- Guards: what the fix must keep (they pass before it too: not regression tests) ---------
@pytest.mark.parametrize("role", [Role.DIRECTION, Role.CONSEILLER])
def test_roles_that_see_sensitive_items_may_filter_on_justice(client, justice, role):
    assert _page(client, justice, role, f"{PERIOD}&filtre=dispositif:jsmj_mf").status_code == 200


def test_the_direction_keeps_exact_figures_on_the_live_report(client, justice):
    html = _page(client, justice, Role.DIRECTION).content.decode()
    assert _row(html, "t-dispositifs-dispositifs", JUSTICE)[0] == "2"
    client.force_login(justice.user(Role.DIRECTION))
    body = client.get(f"{reverse('api:rapport')}?{PERIOD}").json()
    assert body["dispositifs"]["jsmj_mf"]["beneficiaires"] == 2
    filtered = client.get(f"{reverse('api:rapport')}?{PERIOD}&filtre=dispositif:jsmj_mf").json()
    assert filtered["indicateurs"]["jeunes_en_contact"] == 2


# The data owner's command stays exact.
def test_the_report_command_json_stays_exact(justice, capsys):
    call_command("report", "--debut", "2025-01-01", "--fin", "2025-12-31", "--structure", justice.structure.code)
    data = json.loads(capsys.readouterr().out)
    assert data["dispositifs"]["jsmj_mf"]["beneficiaires"] == 2
    assert "secret_statistique" not in data
