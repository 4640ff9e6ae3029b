from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import EvenementFactory, InscriptionFactory, JeuneFactory
from trajectoires.accounts.enums import Role
from trajectoires.workspace.portfolio import Filtre, months_before, portfolio


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
    JeuneFactory(structure=world.structure, conseiller=claire, nom="Jamais")  # never met
    endormi = JeuneFactory(structure=world.structure, conseiller=claire, nom="Endormi")
    EvenementFactory(jeune=endormi, date=dt.date(2024, 6, 1))  # more than 12 months ago
    en_pacea = JeuneFactory(structure=world.structure, conseiller=claire, nom="Pacea")
    # no contact, an open programme
    InscriptionFactory(jeune=en_pacea, dispositif="pacea", date_entree=dt.date(2025, 1, 6))

    p = portfolio(claire, today)
    # Active: a contact within 12 months, or an open programme; the others are dormant, without alert.
    assert [(r.jeune.nom, r.dernier_contact, r.sans_contact) for r in p.actifs] == [
        ("Ancien", dt.date(2025, 3, 14), True),
        ("Pacea", None, True),
        ("Limite", dt.date(2025, 3, 15), False),
        (recent.nom, dt.date(2025, 4, 1), False),
    ]
    assert [r.jeune.nom for r in p.dormants] == ["Endormi", "Jamais"]
    assert p.total_actifs == 4
    assert ("sans_contact", "Sans contact depuis 3 mois", 2) in p.compte_alertes
    assert world.jeunes["suivi"].pk not in {r.jeune.pk for r in p.actifs + p.dormants}  # met, not her portfolio
    assert p.dispositifs == ["pacea"]


def test_portfolio_filters_and_sorts(world):
    claire = world.user(Role.CONSEILLER).conseiller
    today = dt.date(2025, 6, 15)
    a = JeuneFactory(structure=world.structure, conseiller=claire, nom="Alpha")
    EvenementFactory(jeune=a, date=dt.date(2025, 1, 10))
    b = JeuneFactory(structure=world.structure, conseiller=claire, nom="Bravo")
    EvenementFactory(jeune=b, date=dt.date(2025, 6, 1))
    InscriptionFactory(jeune=b, dispositif="cej", date_entree=dt.date(2025, 5, 5))
    assert [r.jeune.nom for r in portfolio(claire, today, Filtre(dispositif="cej")).actifs] == ["Bravo"]
    assert [r.jeune.nom for r in portfolio(claire, today, Filtre(alerte="sans_contact")).actifs] == ["Alpha"]
    assert [r.jeune.nom for r in portfolio(claire, today, Filtre(contact="recent")).actifs] == ["Bravo"]
    assert [r.jeune.nom for r in portfolio(claire, today, Filtre(tri="contact")).actifs][:2] == ["Alpha", "Bravo"]
    assert [r.jeune.nom for r in portfolio(claire, today, Filtre(tri="contact_recent")).actifs][0] == "Bravo"
    ranked = portfolio(claire, today).actifs
    assert ranked[0].rang <= ranked[-1].rang


def test_portfolio_page(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(reverse("workspace:portefeuille")).content.decode()
    # The world's young person has no contact at all: a dormant file, listed apart.
    assert "0 jeune accompagné en ce moment" in content and "Dossiers en sommeil (1)" in content
    assert reverse("workspace:jeune", args=[world.jeunes["portefeuille"].pk]) in content
    assert reverse("workspace:jeune", args=[world.jeunes["autre"].pk]) not in content


def test_portfolio_page_for_a_direction_without_counsellor_row(client, world):
    client.force_login(world.user(Role.DIRECTION))
    content = client.get(reverse("workspace:portefeuille")).content.decode()
    assert "Votre compte n'est relié à aucune fiche conseiller" in content


def test_the_counsellors_home_lists_who_to_call_back_once(client, world):
    from django.utils import timezone

    jeune = world.jeunes["portefeuille"]
    # active, no contact for 5 months
    EvenementFactory(jeune=jeune, date=timezone.localdate() - dt.timedelta(days=150))
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(reverse("home")).content.decode()
    assert "Mon portefeuille" in content and "1 jeune accompagné en ce moment" in content
    assert "Sans contact depuis 3 mois : <strong>1</strong>" in content
    assert content.count(reverse("workspace:jeune", args=[jeune.pk])) == 1  # listed once
    assert reverse("workspace:portefeuille") + "?alerte=sans_contact" in content


@pytest.mark.parametrize("role", [Role.ACCUEIL, Role.PARRAIN, Role.ADMINISTRATEUR])
def test_other_homes_have_no_portfolio(client, world, role):
    client.force_login(world.user(role))
    content = client.get(reverse("home")).content.decode()
    assert "Mon portefeuille" not in content
    assert reverse("workspace:portefeuille") not in content
    assert (reverse("workspace:search") in content) is (role is not Role.ADMINISTRATEUR)
