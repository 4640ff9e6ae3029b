from __future__ import annotations

import pytest

from trajectoires.structures.models import Structure


@pytest.fixture
def structure(db) -> Structure:
    return Structure.objects.create(code="25056S00", nom="Mission Locale du bassin d'emploi de Besançon")
