"""The data date of the report ("Données arrêtées au …"): the last import into the structure
(signal `dataset_written`, inside the import's transaction) or the last change saved in the
application, whichever is later; frozen with an edition, shown on the pages and the PDF cover."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.edition.conftest import d
from tests.factories import EvenementFactory, JeuneFactory
from tests.interchange.conftest import FULL, write_files
from trajectoires.edition.datadate import data_as_of
from trajectoires.edition.formatting import fr_date_time
from trajectoires.edition.models import DataStamp, EditionStatus
from trajectoires.edition.services import render_frozen, start_edition
from trajectoires.interchange.importer import import_dataset
from trajectoires.interchange.report import FileStats, ImportResult
from trajectoires.interchange.signals import dataset_written
from trajectoires.rapports.periods import Period


Y2024 = Period.year(2024)


def _shift_stamp(structure, minutes: int) -> None:
    """Move the recorded times back, so that a later change is visibly later."""
    stamp = DataStamp.objects.get(structure=structure)
    delta = dt.timedelta(minutes=minutes)
    DataStamp.objects.filter(pk=stamp.pk).update(
        imported_at=stamp.imported_at - delta if stamp.imported_at else None,
        changed_at=stamp.changed_at - delta if stamp.changed_at else None,
    )


def test_a_change_in_the_application_moves_the_data_date(structure, dataset):
    _shift_stamp(structure, 60)
    before = data_as_of(structure)
    assert before < timezone.now() - dt.timedelta(minutes=59)
    EvenementFactory(jeune=dataset["jeunes"][0], date=d("2024-11-02"))
    after = data_as_of(structure)
    assert after > before
    assert DataStamp.objects.get(structure=structure).changed_at == after


def test_a_deletion_moves_the_data_date(structure, dataset):
    _shift_stamp(structure, 60)
    before = data_as_of(structure)
    dataset["jeunes"][0].evenements.all().delete()
    assert data_as_of(structure) > before


def test_an_import_records_the_import_time_unless_it_changed_nothing(structure, tmp_path):
    source = write_files(tmp_path / "jeu", FULL)
    started = timezone.now()
    assert import_dataset(source, structure, today=dt.date(2026, 1, 15)).ok
    stamp = DataStamp.objects.get(structure=structure)
    assert stamp.imported_at >= started
    assert data_as_of(structure) == stamp.imported_at

    _shift_stamp(structure, 60)
    before = data_as_of(structure)
    again = import_dataset(source, structure, today=dt.date(2026, 1, 15))
    assert again.ok and again.created == again.updated == 0
    assert data_as_of(structure) == before  # the same files again: the data did not change

    changed = dict(FULL, **{"manifestations.csv": FULL["manifestations.csv"].replace(";120;15", ";121;15")})
    result = import_dataset(write_files(tmp_path / "jeu2", changed), structure, today=dt.date(2026, 1, 15))
    assert result.ok and result.updated == 1
    assert data_as_of(structure) > before


def test_the_import_signal_alone_is_enough(structure, dataset):
    _shift_stamp(structure, 60)
    before = data_as_of(structure)
    result = ImportResult("x", structure.code, ok=True)
    result.files["jeunes.csv"] = FileStats(rows=1, created=1)
    dataset_written.send(sender=import_dataset, structure=structure, result=result)
    assert data_as_of(structure) == DataStamp.objects.get(structure=structure).imported_at > before


def test_a_login_or_another_structure_does_not_move_the_data_date(
    client, structure, dataset, direction, other_structure
):
    _shift_stamp(structure, 60)
    before = data_as_of(structure)
    client.force_login(direction)
    direction.first_name = "Dominique"
    direction.save()  # accounts: not report data
    JeuneFactory(structure=other_structure, ext_id="ailleurs")
    assert data_as_of(structure) == before


def test_a_structure_without_recorded_change_gets_a_stable_date(structure):
    assert not DataStamp.objects.filter(structure=structure).exists()
    first = data_as_of(structure)
    assert data_as_of(structure) == first


def test_regenerating_on_unchanged_data_gives_the_same_figures_and_data_date(structure, dataset, direction):
    _shift_stamp(structure, 90)
    first = start_edition(structure, Y2024, None, direction)
    second = start_edition(structure, Y2024, None, direction)
    assert first.status == second.status == EditionStatus.DONE
    assert first.rapport == second.rapport
    assert first.data_date == second.data_date == data_as_of(structure)
    assert first.contexte["data_date"] == second.contexte["data_date"]
    assert render_frozen(first, "xlsx") == render_frozen(second, "xlsx")

    j = JeuneFactory(structure=structure, ext_id="late")
    EvenementFactory(jeune=j, date=d("2024-12-30"))
    third = start_edition(structure, Y2024, None, direction)
    assert third.data_date > first.data_date
    assert third.rapport["indicateurs"]["jeunes_en_contact"] == first.rapport["indicateurs"]["jeunes_en_contact"] + 1
    first.refresh_from_db()
    assert first.rapport == second.rapport  # the published edition never changes


def test_the_data_date_is_on_the_pdf_cover_and_the_pages(client, structure, dataset, direction):
    _shift_stamp(structure, 90)
    edition = start_edition(structure, Y2024, None, direction)
    expected = f"Données arrêtées au {fr_date_time(timezone.localtime(edition.data_date).replace(second=0))}"
    assert re.fullmatch(r"Données arrêtées au \d{1,2}(er)? \w+ \d{4} à \d{1,2} h \d{2}", expected)
    pdf = render_frozen(edition, "pdf")
    cover = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert expected in re.sub(r"\s+", " ", cover.replace("\u00a0", " "))
    client.force_login(direction)
    page = client.get(reverse("edition:edition_detail", args=[edition.pk])).content.decode()
    assert expected in page.replace("\u00a0", " ")
    live = client.get(f"{reverse('edition:report')}?debut=2024-01-01&fin=2024-12-31").content.decode()
    assert expected in live.replace("\u00a0", " ")
    listing = client.get(reverse("edition:editions")).content.decode()
    assert timezone.localtime(edition.data_date).strftime("%H:%M") in listing
