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


def test_every_interchange_model_has_a_factory():
    from trajectoires.interchange.schema import FILES

    covered = {f._meta.model for f in FACTORIES}
    assert [spec.model_label for spec in FILES if spec.model not in covered] == []
