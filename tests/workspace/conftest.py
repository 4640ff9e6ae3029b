"""One Mission Locale seen by every role (healthchecks' alice/bob/charlie, widened):

- `claire` (conseiller) is the referent of `portefeuille`, and recorded a contact for `suivi`;
- `autre` is a colleague's young person she never met; `filleul` is mentored by `parrain`;
  `repere` was identified by outreach; `candidat` was put forward on an offer;
- `ailleurs` belongs to another Mission Locale, referent and all.
Every user below works in the first Mission Locale, one per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tests.factories import (
    ConseillerFactory,
    EvenementFactory,
    JeuneFactory,
    MiseEnRelationFactory,
    ParrainageFactory,
    ParrainFactory,
    RepereFactory,
    StructureFactory,
    UserFactory,
)
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Structure


PASSWORD = "un-mot-de-passe-solide"


@dataclass
class World:
    structure: Structure
    other_structure: Structure
    users: dict[Role, User]
    jeunes: dict[str, Jeune]

    def user(self, role: Role | str) -> User:
        return self.users[Role(role)]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    ml = StructureFactory(code="25056S00", nom="Mission Locale de Besançon")
    other = StructureFactory(code="39198S00", nom="Mission Locale du Jura")
    users = {role: UserFactory(username=f"u-{role}", structure=ml, role=role) for role in Role}
    claire = ConseillerFactory(structure=ml, nom="Martin", prenom="Claire", user=users[Role.CONSEILLER])
    collegue = ConseillerFactory(structure=ml, nom="Bernard", prenom="Paul")
    parrain = ParrainFactory(structure=ml, user=users[Role.PARRAIN])

    def jeune(key: str, **kwargs) -> Jeune:  # type: ignore[no-untyped-def]
        kwargs.setdefault("structure", ml)
        return JeuneFactory(ext_id=key, nom=key.capitalize(), prenom="Test", **kwargs)

    jeunes = {
        "portefeuille": jeune("portefeuille", conseiller=claire),
        "suivi": jeune("suivi", conseiller=collegue),
        "autre": jeune("autre", conseiller=collegue),
        "filleul": jeune("filleul", conseiller=collegue),
        "repere": jeune("repere", conseiller=collegue),
        "candidat": jeune("candidat", conseiller=collegue),
    }
    EvenementFactory(jeune=jeunes["suivi"], conseiller=claire, date=dt.date(2025, 1, 10))
    ParrainageFactory(jeune=jeunes["filleul"], parrain=parrain)
    RepereFactory(structure=ml, action__structure=ml, jeune=jeunes["repere"])
    MiseEnRelationFactory(offre__employeur__structure=ml, jeune=jeunes["candidat"])
    ailleurs_conseiller = ConseillerFactory(structure=other)
    jeunes["ailleurs"] = jeune("ailleurs", structure=other, conseiller=ailleurs_conseiller)
    return World(ml, other, users, jeunes)
