"""Editions freeze their figures; regenerating on unchanged data gives the same figures."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from tests.edition.conftest import d
from tests.factories import EvenementFactory, JeuneFactory
from trajectoires.edition.models import Edition, EditionStatus, PageLibre
from trajectoires.edition.services import generate_edition, render_frozen, start_edition
from trajectoires.rapports.periods import Period


Y2024 = Period.year(2024)


def test_an_edition_freezes_its_figures(structure, dataset, direction):
    PageLibre.objects.create(structure=structure, title="Le mot du président", text="Une belle année.")
    edition = start_edition(structure, Y2024, None, direction, "Rapport 2024")
    assert edition.status == EditionStatus.DONE, edition.error
    assert edition.progress == 100
    assert edition.rapport["indicateurs"]["jeunes_en_contact"] == 9
    assert edition.contexte["structure_name"] == structure.nom
    assert edition.contexte["pages"][0]["title"] == "Le mot du président"
    assert {"Besançon", "Hors Besançon", "qpv"} <= set(edition.rapport["territoires"])
    frozen = dict(edition.rapport)
    pdf_before = render_frozen(edition, "xlsx")

    # The data change afterwards: a new young person met in 2024, a page rewritten.
    j = JeuneFactory(structure=structure, ext_id="late")
    EvenementFactory(jeune=j, date=d("2024-12-30"))
    PageLibre.objects.update(title="Autre titre")
    generate_edition(edition.pk)  # a done edition is never computed again

    edition.refresh_from_db()
    assert edition.rapport == frozen
    assert edition.contexte["pages"][0]["title"] == "Le mot du président"
    assert render_frozen(edition, "xlsx") == pdf_before

    newer = start_edition(structure, Y2024, None, direction)
    assert newer.rapport["indicateurs"]["jeunes_en_contact"] == 10


def test_regenerating_on_unchanged_data_gives_the_same_figures(structure, dataset, direction):
    first = start_edition(structure, Y2024, ("secteur", "Besançon"), direction)
    second = start_edition(structure, Y2024, ("secteur", "Besançon"), direction)
    assert first.status == second.status == EditionStatus.DONE
    assert first.rapport == second.rapport
    assert first.rapport["filtre"] == {"cle": "secteur", "valeur": "Besançon"}
    assert render_frozen(first, "xlsx") == render_frozen(second, "xlsx")
    assert "secteur « Besançon »" in first.contexte["filter_label"]


def test_a_failed_generation_is_recorded(structure, dataset, direction, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr("trajectoires.edition.services.build_report", boom)
    edition = start_edition(structure, Y2024, None, direction)
    assert edition.status == EditionStatus.FAILED
    assert "base indisponible" in edition.error


@pytest.mark.django_db(transaction=True)
def test_background_generation_in_a_thread(structure, dataset, direction, settings):
    settings.TRAJECTOIRES_EDITION_BACKGROUND = True
    edition = start_edition(structure, Y2024, None, direction)
    # Wait for the thread rather than polling the row: the SQLite test database is in memory
    # with a shared cache, where a read of the table while the thread writes it fails at once
    # ("database table is locked") instead of waiting as on a database file.
    worker = [t for t in threading.enumerate() if t.name == f"edition-{edition.pk}"]
    for thread in worker:
        thread.join(timeout=120)
        assert not thread.is_alive()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DONE, edition.error
    assert Edition.objects.get(pk=edition.pk).rapport["indicateurs"]["jeunes_en_contact"] == 9


def test_editions_left_pending_for_the_command(structure, dataset, direction, settings):
    from django.core.management import call_command

    settings.TRAJECTOIRES_EDITION_BACKGROUND = "command"
    edition = start_edition(structure, Y2024, None, direction)
    assert edition.status == EditionStatus.PENDING
    call_command("generate_editions")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DONE


def test_xlsx_never_turns_text_into_formulas(structure, dataset, direction):
    import io

    import openpyxl

    PageLibre.objects.create(structure=structure, title="=1+1", text='=HYPERLINK("http://x")')
    edition = start_edition(structure, Y2024, None, direction)
    wb = openpyxl.load_workbook(io.BytesIO(render_frozen(edition, "xlsx")))
    sheet = next(ws for ws in wb.worksheets if "Pages libres" in ws.title)
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "=1+1" in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_an_edition_that_lost_its_thread_is_marked_failed(structure, direction, settings):
    from django.utils import timezone

    from trajectoires.edition.services import mark_stale

    old = timezone.now() - dt.timedelta(hours=2)
    running = Edition.objects.create(structure=structure, debut="2024-01-01", fin="2024-12-31", status="running")
    pending = Edition.objects.create(structure=structure, debut="2024-01-01", fin="2024-12-31", status="pending")
    Edition.objects.filter(pk__in=[running.pk, pending.pk]).update(created_at=old)
    settings.TRAJECTOIRES_EDITION_BACKGROUND = "command"
    mark_stale(Edition.objects.all())
    assert Edition.objects.get(pk=running.pk).status == EditionStatus.FAILED
    assert Edition.objects.get(pk=pending.pk).status == EditionStatus.PENDING  # waits for the cron command
    settings.TRAJECTOIRES_EDITION_BACKGROUND = True
    mark_stale(Edition.objects.all())
    assert "relancez" in Edition.objects.get(pk=pending.pk).error
