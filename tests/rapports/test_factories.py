"""The shared factories (tests/factories.py) build valid rows, in one structure."""

from __future__ import annotations

import inspect

import pytest
from factory.django import DjangoModelFactory

from tests import factories

FACTORIES = [
    f
    for _, f in inspect.getmembers(factories, inspect.isclass)
    if issubclass(f, DjangoModelFactory) and not f._meta.abstract
]


@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_every_factory_builds_a_valid_row(db, factory_class):
    row = factory_class()
    row.full_clean(exclude=["password"])
    for name in ("jeune", "employeur", "offre", "action", "parrain"):
        related = getattr(row, name, None)
        if related is not None and hasattr(row, "structure"):
            assert related.structure_id == row.structure_id


def test_every_model_of_the_domain_has_a_factory():
    from django.apps import apps

    domain = {
        "structures", "accounts", "jeunes", "accompagnement", "dispositifs", "situations", "aides", "entreprises",
        "parrainage", "reperage", "obligation_formation", "manifestations", "satisfaction",
    }  # fmt: skip
    covered = {f._meta.model for f in FACTORIES}
    missing = [m.__name__ for m in apps.get_models() if m._meta.app_label in domain and m not in covered]
    assert missing == []
