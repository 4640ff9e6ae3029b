"""The young person's file: profile labels, timeline, and what each role reads of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import (
    AideFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    SiteFactory,
    SituationFactory,
)
from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import can_see_sensitive, profile_fields
from trajectoires.workspace.timeline import timeline


@pytest.fixture
def dossier(world):
    """Claire's young person with a full history, including a justice programme and RQTH."""
    jeune = world.jeunes["portefeuille"]
    jeune.hebergement = "foyer"
    jeune.niveau = "v"
    jeune.rqth = True
    jeune.save()
    site = SiteFactory(structure=world.structure, nom="Planoise")
    claire = world.user(Role.CONSEILLER).conseiller
    EvenementFactory(jeune=jeune, date=dt.date(2025, 1, 6), conseiller=claire, site=site, themes="emploi|logement")
    EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 3), nature="telephone", honore=False)
    InscriptionFactory(
        jeune=jeune, dispositif="pacea", date_entree=dt.date(2025, 1, 6), date_sortie=dt.date(2025, 3, 1),
        motif_sortie="emploi_durable",
    )
    InscriptionFactory(jeune=jeune, dispositif="jsmj_mo", date_entree=dt.date(2024, 11, 4))
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=dt.date(2025, 3, 1))
    AideFactory(jeune=jeune, type="fdaj", date=dt.date(2025, 1, 20), montant=Decimal("150.00"))
    return jeune


def test_timeline_merges_everything_newest_first(world, dossier):
    items = timeline(world.user(Role.CONSEILLER), dossier).items
    assert [(i.date.isoformat(), i.kind, i.title) for i in items] == [
        (
            "2025-03-01",
            "dispositif",
            "Sortie : PACEA – Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie",
        ),
        ("2025-03-01", "situation", "Début : CDI (emploi)"),
        ("2025-02-03", "contact", "Téléphone – rendez-vous manqué"),
        ("2025-01-20", "aide", "FDAJ (fonds départemental d'aide aux jeunes)"),
        ("2025-01-06", "contact", "Entretien individuel"),
        (
            "2025-01-06",
            "dispositif",
            "Entrée : PACEA – Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie",
        ),
        ("2024-11-04", "dispositif", "Entrée : Justice – jeunes sous main de justice en milieu ouvert"),
    ]
    entretien = items[4]
    assert entretien.details == ("Conseiller : Claire Martin", "Site : Planoise", "Thèmes : Emploi, Logement")
    assert items[0].details == ("Motif : Emploi durable (CDI, CDD ou intérim de 6 mois et plus)",)
    assert items[3].details == ("Montant : 150,00 €",)
    assert items[2].missed
    assert items[-1].sensitive


def test_sensitive_items_for_the_direction_and_the_referent_only(world, dossier):
    for role in (Role.DIRECTION, Role.CONSEILLER):
        assert can_see_sensitive(world.user(role), dossier)
        assert "rqth" in profile_fields(world.user(role), dossier)
    dossier.conseiller = world.jeunes["autre"].conseiller  # Claire is no longer the referent
    dossier.save()
    claire = world.user(Role.CONSEILLER)
    assert not can_see_sensitive(claire, dossier)
    assert "rqth" not in profile_fields(claire, dossier)
    result = timeline(claire, dossier)
    assert result.hidden_sensitive == 1
    assert all("Justice" not in i.title for i in result.items)


def test_the_file_page_flags_sensitive_items(client, world, dossier):
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(reverse("workspace:jeune", args=[dossier.pk])).content.decode()
    assert "Justice – jeunes sous main de justice en milieu ouvert" in content
    assert "Confidentiel" in content
    assert "RQTH" in content


def test_another_counsellor_sees_that_sensitive_items_are_hidden(client, world, dossier):
    dossier.conseiller = world.jeunes["autre"].conseiller
    dossier.save()
    client.force_login(world.user(Role.CONSEILLER))
    content = client.get(reverse("workspace:jeune", args=[dossier.pk])).content.decode()
    assert "Justice" not in content
    assert "RQTH" not in content
    assert "1 élément confidentiel (justice, santé) est masqué" in content


def test_profile_uses_french_labels_and_display_values(client, world, dossier):
    client.force_login(world.user(Role.DIRECTION))
    content = client.get(reverse("workspace:jeune", args=[dossier.pk])).content.decode()
    assert "Hébergement" in content and "Foyer, CHRS, hôtel" in content
    assert "Niveau de formation" in content and "Niveau V (CAP/BEP, 2nde, 1re)" in content
    assert "Date de naissance" in content and "15/06/2004" in content
    assert "Conseiller référent" in content and "Claire Martin" in content
    assert "Non renseigné" in content


@pytest.mark.parametrize(
    ("role", "jeune", "shown", "hidden"),
    [
        (Role.ACCUEIL, "portefeuille", ["Date de naissance", "Conseiller référent"],
         ["Hébergement", "Parcours", "Entretien individuel", "RQTH", "Enregistrer un contact"]),
        (Role.PARRAIN, "filleul", ["Parrainage", "Conseiller référent"],
         ["Hébergement", "Parcours", "Identifiant", "Sexe", "Mises en relation"]),
        (Role.RELATIONS_ENTREPRISES, "candidat", ["Mises en relation", "Niveau de formation", "Permis B"],
         ["Hébergement", "Parcours", "Parrainage"]),
        (Role.REPERAGE, "repere", ["Date de naissance"], ["Hébergement", "Parcours", "Niveau de formation"]),
    ],
)
def test_each_role_reads_only_its_part_of_the_file(client, world, dossier, role, jeune, shown, hidden):
    client.force_login(world.user(role))
    content = client.get(reverse("workspace:jeune", args=[world.jeunes[jeune].pk])).content.decode()
    for text in shown:
        assert text in content, text
    for text in hidden:
        assert text not in content, text


def test_a_file_without_history(client, world):
    jeune = JeuneFactory(structure=world.structure)
    client.force_login(world.user(Role.DIRECTION))
    content = client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()
    assert "Aucun contact, dispositif, situation ni aide n'est encore enregistré." in content
