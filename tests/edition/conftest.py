from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import (
    AideFactory,
    CommuneFactory,
    ConseillerFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    SiteFactory,
    SituationFactory,
    StructureFactory,
)
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def _inline_editions(settings) -> None:
    """Editions are generated inline in tests (the test database is one transaction)."""
    settings.TRAJECTOIRES_EDITION_BACKGROUND = False


@pytest.fixture
def dataset(structure) -> dict[str, Any]:
    """A small Mission Locale: two sectors, two sites, young people met in 2023 and 2024."""
    CommuneFactory(
        structure=structure, ext_id="25056", nom="Besançon", epci="Grand Besançon Métropole", secteur="Besançon"
    )
    CommuneFactory(
        structure=structure, ext_id="25438", nom="Ornans", epci="CC Loue Lison", secteur="Hors Besançon", zrr=True
    )
    siege = SiteFactory(structure=structure, ext_id="s1", nom="Siège", type="siege")
    ornans = SiteFactory(structure=structure, ext_id="s2", nom="Antenne d'Ornans", type="antenne")
    conseiller = ConseillerFactory(structure=structure, ext_id="c1", nom="Martin", prenom="Claire")
    jeunes = []
    for i in range(12):
        j = JeuneFactory(
            structure=structure,
            ext_id=f"j{i}",
            nom=f"Nom{i:02d}" if i else '=HYPERLINK("http://x")',
            sexe="f" if i % 3 else "h",
            date_naissance=d("2007-05-01") if i < 3 else d("2002-02-10"),
            commune="25056" if i % 2 else "25438",
            niveau=["v", "iv", "vi", None][i % 4],
            diplome=[False, True, None, None][i % 4],
            hebergement=["parents", "autonome", None][i % 3],
            origine=["entourage", "france_travail", "mission_locale"][i % 3],
            conseiller=conseiller,
            site=siege if i % 2 else ornans,
        )
        jeunes.append(j)
        EvenementFactory(jeune=j, date=d("2024-02-01") if i < 9 else d("2023-05-01"), site=siege if i % 2 else ornans)
        if i % 4 == 0:
            EvenementFactory(jeune=j, date=d("2024-06-01"), nature="atelier")
        if i < 5:
            InscriptionFactory(jeune=j, dispositif="cej" if i % 2 else "pacea", date_entree=d("2024-03-01"))
        if i in (1, 2, 3):
            SituationFactory(jeune=j, date_debut=d("2024-06-01"))
        if i in (2, 4):
            AideFactory(jeune=j, type="allocation_pacea", montant="250.50")
    return {"jeunes": jeunes, "sites": [siege, ornans], "conseiller": conseiller}


def make_user(structure, role: str, username: str | None = None) -> User:
    return User.objects.create_user(
        username or f"u-{role}",
        password="un-mot-de-passe-solide",
        structure=structure,
        role=role,
        first_name="Camille",
    )


@pytest.fixture
def direction(structure) -> User:
    return make_user(structure, Role.DIRECTION)


@pytest.fixture
def conseiller_user(structure) -> User:
    return make_user(structure, Role.CONSEILLER)


@pytest.fixture
def other_structure(db):
    return StructureFactory(code="99999S99", nom="Autre Mission Locale")
