from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import StructureFactory
from trajectoires.rapports.engine import Report, build_report
from trajectoires.rapports.periods import Period


Y2024 = Period.year(2024)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def run(structure, period: Period = Y2024, filtre: tuple[str, str] | None = None, **kw: Any) -> dict[str, Any]:
    return build_report(structure, period, filtre, **kw).data


def report(structure, period: Period = Y2024, filtre: tuple[str, str] | None = None, **kw: Any) -> Report:
    return build_report(structure, period, filtre, **kw)


@pytest.fixture
def other_structure(db):
    return StructureFactory(code="99999S99", nom="Autre Mission Locale")
