"""Security issue 18, finding 7: a report for year 1 was a server error, and PDFs could be asked
for without limit.

`/rapport/?debut=0001-01-01&fin=0001-12-31` (and the PDF, XLSX and list URLs) answered 500
(`year 0 is out of range`: the report's previous-year series). Now the same bounds apply
everywhere (rapports/periods.py: 1900-01-01 to 2100-12-31, any length within), checked before any
work and answered in French; a PDF (live or of an edition) and an edition generation are
limited per user and per minute (`TRAJECTOIRES_PDF_PAR_MINUTE`), 429 beyond with `Retry-After`.
Pages, API and command only, so that these tests run against the code before the fix (343f7f0):
each of them fails there, except the guards of the last section."""

from __future__ import annotations

import html as html_lib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.workspace.conftest import World
from trajectoires.accounts.enums import Role


YEAR_1 = "debut=0001-01-01&fin=0001-12-31"
OUT_OF_BOUNDS = "comprise entre le 01/01/1900 et le 31/12/2100"


def _direction(client, world: World):  # type: ignore[no-untyped-def]
    client.force_login(world.user(Role.DIRECTION))
    return client


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.content.decode())


# --- Year 1 and other periods out of bounds: a French message, never a 500 ----------------------
def test_the_report_page_for_year_1_says_why_in_french(client, world):
    response = _direction(client, world).get(f"{reverse('edition:report')}?{YEAR_1}")
    assert response.status_code == 200
    assert OUT_OF_BOUNDS in _text(response)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_downloads_for_year_1_send_back_to_the_form_with_a_french_message(client, world, fmt):
    response = _direction(client, world).get(f"{reverse('edition:report_download', args=[fmt])}?{YEAR_1}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert OUT_OF_BOUNDS in _text(response)


@pytest.mark.parametrize("name", ["edition:jeunes", "edition:jeunes_csv"])
def test_the_lists_for_year_1_answer_a_french_400(client, world, name):
    response = _direction(client, world).get(f"{reverse(name)}?{YEAR_1}&cle=jeunes_en_contact")
    assert response.status_code == 400
    assert OUT_OF_BOUNDS in _text(response)


def test_the_command_for_year_1_is_a_french_command_error(world):
    with pytest.raises(CommandError, match=OUT_OF_BOUNDS):
        call_command("report", "--debut", "0001-01-01", "--fin", "0001-12-31", "--structure", world.structure.code)


def test_an_edition_for_year_1_is_refused_in_french(client, world):
    from trajectoires.edition.models import Edition

    response = _direction(client, world).post(
        reverse("edition:edition_generate"), {"debut": "0001-01-01", "fin": "0001-12-31", "filtre": ""}
    )
    assert response.status_code == 400
    assert OUT_OF_BOUNDS in _text(response)
    assert not Edition.objects.exists()


def test_an_edition_left_pending_for_year_1_fails_with_a_french_message(world):
    """An edition created before the bounds (cron generation) fails cleanly, recorded on the row."""
    from trajectoires.edition.models import Edition, EditionStatus
    from trajectoires.edition.services import generate_edition

    edition = Edition.objects.create(structure=world.structure, debut="0001-01-01", fin="0001-12-31")
    generate_edition(edition.pk)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.FAILED
    assert OUT_OF_BOUNDS in edition.error


@pytest.mark.parametrize(
    ("debut", "fin", "message"),
    [
        ("1899-12-31", "1900-12-30", OUT_OF_BOUNDS),
        ("2100-01-01", "2101-01-01", OUT_OF_BOUNDS),
    ],
)
def test_periods_just_out_of_bounds_are_refused_everywhere(client, world, debut, fin, message):
    client = _direction(client, world)
    query = f"debut={debut}&fin={fin}"
    assert message in _text(client.get(f"{reverse('edition:report')}?{query}"))
    api = client.get(f"{reverse('api:rapport')}?{query}")
    assert api.status_code == 422 and message in api.json()["erreurs"][0]["message"]
    with pytest.raises(CommandError, match=message):
        call_command("report", "--debut", debut, "--fin", fin, "--structure", world.structure.code)


# --- PDF rate limit ---------------------------------------------------------------------------
@pytest.fixture
def quick_pdfs(monkeypatch):  # type: ignore[no-untyped-def]
    """PDFs are not drawn (WeasyPrint is slow): the limit is what is tested. The clock stands
    still, so that the requests fall in one window of the limiter."""
    import time
    from types import SimpleNamespace

    from trajectoires.accounts import client
    from trajectoires.edition import services, views

    monkeypatch.setattr(views, "render_report", lambda *args, **kwargs: b"%PDF-1.7 test")
    monkeypatch.setitem(services.RENDERERS, "pdf", lambda *args, **kwargs: b"%PDF-1.7 test")
    now = time.time()
    monkeypatch.setattr(client, "time", SimpleNamespace(time=lambda: now))


def test_live_pdfs_beyond_the_limit_answer_429_with_retry_after(client, world, settings, quick_pdfs):
    settings.TRAJECTOIRES_PDF_PAR_MINUTE = 2
    client = _direction(client, world)
    url = f"{reverse('edition:report_download', args=['pdf'])}?debut=2025-01-01&fin=2025-12-31"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Réessayez dans" in _text(response)
    # Another user has their own allowance.
    client.force_login(world.user(Role.CONSEILLER))
    assert client.get(url).status_code == 200


def test_edition_generation_and_edition_pdfs_share_the_limit(client, world, settings, quick_pdfs):
    from trajectoires.edition.models import Edition

    settings.TRAJECTOIRES_PDF_PAR_MINUTE = 2
    settings.TRAJECTOIRES_EDITION_BACKGROUND = False
    client = _direction(client, world)
    period = {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": ""}
    assert client.post(reverse("edition:edition_generate"), period).status_code == 302
    edition = Edition.objects.get()
    pdf = reverse("edition:edition_download", args=[edition.pk, "pdf"])
    assert client.get(pdf).status_code == 200
    assert client.get(pdf).status_code == 429
    assert client.post(reverse("edition:edition_generate"), period).status_code == 429
    assert Edition.objects.count() == 1
    # The spreadsheet is not limited.
    assert client.get(reverse("edition:edition_download", args=[edition.pk, "xlsx"])).status_code == 200


# --- Guards: what the fix must keep (they pass before it too: not regression tests) ---------
# The API already refused out-of-range dates: now every entry point shares one set of bounds.
def test_the_api_for_year_1_answers_a_french_422(client, world):
    response = _direction(client, world).get(f"{reverse('api:rapport')}?{YEAR_1}")
    assert response.status_code == 422
    body = response.json()
    assert [e["champ"] for e in body["erreurs"]] == ["debut"]
    assert OUT_OF_BOUNDS in body["erreurs"][0]["message"]


@pytest.mark.parametrize(
    ("debut", "fin"),
    [("1900-01-01", "1901-12-31"), ("2099-01-01", "2100-12-31"), ("2000-02-29", "2000-02-29"),
     ("2022-03-01", "2026-12-31")],  # a long range (the CEJ since its start) works too
)
def test_periods_at_the_bounds_are_computed(client, world, debut, fin):
    """The lower bound leaves room for the previous-year series (back to 1896)."""
    client = _direction(client, world)
    query = f"debut={debut}&fin={fin}"
    response = client.get(f"{reverse('edition:report')}?{query}")
    assert response.status_code == 200 and "Synthèse" in _text(response)
    assert client.get(f"{reverse('api:rapport')}?{query}").status_code == 200
    assert client.get(f"{reverse('edition:jeunes')}?{query}&cle=jeunes_en_contact").status_code == 200
