from __future__ import annotations

import pytest

# `world` (tests/workspace/conftest.py: one Mission Locale seen by every role) is offered from here to every
# test directory, which asks for it by name; a test module that imported it and then took it as an argument
# would redefine the import (pyflakes F811).
from tests.workspace.conftest import world  # noqa: F401
from trajectoires.structures.models import Structure


FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(autouse=True)
def _test_security_settings(request, settings) -> None:
    """Every test: a fast password hasher (argon2 costs ~0.1 s per user) and no mandatory second
    factor. tests/security/ checks argon2 and the two-factor flow with their real settings
    (marker `real_security`)."""
    if request.node.get_closest_marker("real_security"):
        return
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    settings.TRAJECTOIRES_2FA_OBLIGATOIRE = False


@pytest.fixture
def structure(db) -> Structure:
    return Structure.objects.create(code="25056S00", nom="Mission Locale du bassin d'emploi de Besançon")


@pytest.fixture
def communes_france(db) -> None:
    """The national list of communes (loaded by a data migration; a transactional test before
    this one may have flushed it)."""
    from trajectoires.structures.services import ensure_communes_france

    ensure_communes_france()
