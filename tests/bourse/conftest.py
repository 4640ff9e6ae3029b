from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cv_dir(settings, tmp_path) -> None:
    """CVs written under the test's own directory."""
    settings.TRAJECTOIRES_BOURSE_CV_DIR = tmp_path / "cv"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The board's filter options are cached per Mission Locale and day (services.facettes)."""
    from django.core.cache import cache

    cache.clear()
