"""The demo's employers' file (issue 13): people, notes and call-back dates added after the
import, without changing any report figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import StructureFactory
from trajectoires.demo.employeurs import populate_employeurs
from trajectoires.demo.generator import write_demo_dataset
from trajectoires.entreprises.models import ContactEmployeur, Interlocuteur
from trajectoires.interchange.importer import import_dataset
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


@pytest.mark.django_db
def test_people_notes_and_call_backs_leave_the_report_unchanged(tmp_path: Path) -> None:
    today = timezone.localdate()
    structure = StructureFactory(code="25056S00")
    write_demo_dataset(tmp_path, jeunes=150, seed=7, today=today)
    assert import_dataset(tmp_path, structure, today=today).ok
    period = Period(dt.date(today.year - 5, 1, 1), today)
    before = build_report(structure, period).data
    counts = populate_employeurs(structure, today, seed=7)
    assert counts["interlocuteurs"] == Interlocuteur.objects.filter(structure=structure).count() > 0
    assert ContactEmployeur.objects.filter(structure=structure).exclude(note="").count() == counts["notes"]
    assert build_report(structure, period).data == before
    again = populate_employeurs(structure, today, seed=7)  # a re-run replaces its own people
    assert Interlocuteur.objects.filter(structure=structure).count() == again["interlocuteurs"]
