from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import EvenementFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.workspace.portfolio import months_before, portfolio


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2025-05-31", "2025-02-28"), ("2024-05-31", "2024-02-29"), ("2025-01-15", "2024-10-15")],
)
def test_months_before(day, expected):
    assert months_before(dt.date.fromisoformat(day), 3) == dt.date.fromisoformat(expected)


def test_portfolio_alerts_without_contact_for_three_months(world):
    claire = world.user(Role.CONSEILLER).conseiller
    today = dt.date(2025, 6, 15)
    recent = world.jeunes["portefeuille"]
    EvenementFactory(jeune=recent, date=dt.date(2025, 4, 1), conseiller=claire)
    ancien = JeuneFactory(structure=world.structure, conseiller=claire, nom="Ancien")
    EvenementFactory(jeune=ancien, date=dt.date(2025, 3, 14))
    EvenementFactory(jeune=ancien, date=dt.date(2025, 6, 1), honore=False)  # a missed appointment is no contact
    limite = JeuneFactory(structure=world.structure, conseiller=claire, nom="Limite")
    EvenementFactory(jeune=limite, date=dt.date(2025, 3, 15))
    jamais = JeuneFactory(structure=world.structure, conseiller=claire, nom="Jamais")

    rows = portfolio(claire, today)
    assert [(r.jeune.nom, r.dernier_contact, r.sans_contact) for r in rows] == [
        ("Ancien", dt.date(2025, 3, 14), True),
        ("Jamais", None, True),
        ("Limite", dt.date(2025, 3, 15), False),
        (recent.nom, dt.date(2025, 4, 1), False),
    ]
    assert jamais.pk in {r.jeune.pk for r in rows}
    assert world.jeunes["suivi"].pk not in {r.jeune.pk for r in rows}  # met, but not her portfolio


def test_portfolio_page(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(reverse("workspace:portefeuille")).content.decode()
    assert (
        "1 jeune dont vous êtes le conseiller référent, dont <strong>1 sans contact depuis 3 mois</strong>" in content
    )
    assert reverse("workspace:jeune", args=[world.jeunes["portefeuille"].pk]) in content
    assert reverse("workspace:jeune", args=[world.jeunes["autre"].pk]) not in content


def test_portfolio_page_for_a_direction_without_counsellor_row(client, world):
    client.force_login(world.user(Role.DIRECTION))
    content = client.get(reverse("workspace:portefeuille")).content.decode()
    assert "Votre compte n'est relié à aucune fiche conseiller" in content


def test_the_counsellors_home_lists_who_to_call_back(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(reverse("home")).content.decode()
    assert "À recontacter" in content
    assert "1 jeune de votre portefeuille est sans contact depuis 3 mois." in content
    assert reverse("workspace:jeune", args=[world.jeunes["portefeuille"].pk]) in content
    assert reverse("workspace:portefeuille") in content


@pytest.mark.parametrize("role", [Role.ACCUEIL, Role.PARRAIN, Role.ADMINISTRATEUR])
def test_other_homes_have_no_portfolio(client, world, role):
    client.force_login(world.user(role))
    content = client.get(reverse("home")).content.decode()
    assert "À recontacter" not in content
    assert reverse("workspace:portefeuille") not in content
    assert (reverse("workspace:search") in content) is (role is not Role.ADMINISTRATEUR)
