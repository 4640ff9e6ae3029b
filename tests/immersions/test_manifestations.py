"""Forums and fairs (docs/immersions.md, "Forums"): the lists keep the report's two counts
true; attendance records one contact, once, and taking it back removes it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import EmployeurFactory, JeuneFactory, ManifestationFactory, StructureFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.enums import Role
from trajectoires.manifestations import services
from trajectoires.manifestations.models import Manifestation, Participant
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


DAY = dt.date(2025, 6, 12)
TODAY = dt.date(2025, 6, 20)
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _event(structure, **kwargs) -> Manifestation:  # type: ignore[no-untyped-def]
    kwargs = {"date": DAY, "type": "forum", "jeunes": None, "partenaires": None, **kwargs}
    return ManifestationFactory(structure=structure, **kwargs)


@pytest.mark.django_db
def test_marking_present_records_one_contact_once_and_unmarking_removes_it():
    jeune = JeuneFactory()
    m = _event(jeune.structure, titre="Forum de l'alternance", lieu="Micropolis")
    services.set_presence(m, jeune, True, TODAY)
    services.set_presence(m, jeune, True, TODAY)  # again: nothing more
    contacts = list(Evenement.objects.filter(jeune=jeune))
    assert len(contacts) == 1
    c = contacts[0]
    assert (c.date, c.nature, c.honore, c.conseiller_id) == (DAY, "autre", True, None)
    assert c.note == "Présent(e) : forum « Forum de l'alternance », Micropolis."
    m.refresh_from_db()
    assert m.jeunes == 1
    services.set_presence(m, jeune, False, TODAY)
    assert not Evenement.objects.filter(jeune=jeune).exists()
    m.refresh_from_db()
    assert m.jeunes == 0
    assert Participant.objects.get(manifestation=m, jeune=jeune).present is False


@pytest.mark.django_db
def test_attendance_is_noted_from_the_day_of_the_event():
    jeune = JeuneFactory()
    m = _event(jeune.structure)
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        services.set_presence(m, jeune, True, DAY - dt.timedelta(days=1))
    assert not Participant.objects.exists() and not Evenement.objects.exists()


@pytest.mark.django_db
def test_an_imported_count_is_kept_and_the_lists_add_to_it():
    jeune = JeuneFactory()
    m = _event(jeune.structure, jeunes=850, partenaires=80)  # the 2024 apprenticeship fair, imported
    services.set_presence(m, jeune, True, TODAY)
    services.add_employeur(m, EmployeurFactory(structure=jeune.structure))
    m.refresh_from_db()
    assert (m.jeunes, m.partenaires) == (851, 81)
    assert services.others(m) == (850, 80)
    services.update_manifestation(m, {"date": DAY, "titre": m.titre, "type": "salon", "lieu": "",
                                      "autres_jeunes": 849, "autres_partenaires": None})
    m.refresh_from_db()
    assert (m.jeunes, m.partenaires, m.type) == (850, 1, "salon")


@pytest.mark.django_db
def test_the_report_section_reads_what_the_page_shows(client, world):
    m = _event(world.structure, jeunes=None, partenaires=None)
    services.add_employeur(m, EmployeurFactory(structure=world.structure))
    for key in ("portefeuille", "suivi"):
        services.set_presence(m, world.jeunes[key], True, TODAY)
    services.register(m, world.jeunes["autre"])  # registered, not present: not counted
    section = build_report(world.structure, YEAR, None).data["manifestations"]
    assert (section["nombre"], section["jeunes"], section["partenaires"]) == (1, 2, 1)
    assert section["par_type"]["forum"] == {"nombre": 1, "jeunes": 2, "partenaires": 1}
    client.force_login(world.user(Role.DIRECTION))
    page = client.get(reverse("manifestations:liste") + "?annee=2025").content.decode()
    assert "1 manifestation en 2025 : 2 jeunes et 1 partenaire présents" in page


@pytest.mark.django_db
def test_an_employer_or_a_young_person_of_another_structure_is_refused():
    jeune = JeuneFactory()
    m = _event(jeune.structure)
    with pytest.raises(ValidationError):
        services.add_employeur(m, EmployeurFactory(structure=StructureFactory()))
    with pytest.raises(ValidationError):
        services.set_presence(m, JeuneFactory(structure=StructureFactory()), True, TODAY)
    m.refresh_from_db()
    assert (m.partenaires, m.jeunes, m.employeurs.count()) == (None, None, 0)


@pytest.mark.django_db
def test_employer_relations_see_only_the_young_people_of_their_scope(client, world):
    m = _event(world.structure)
    services.set_presence(m, world.jeunes["candidat"], True, TODAY)
    services.set_presence(m, world.jeunes["autre"], True, TODAY)
    client.force_login(world.user(Role.RELATIONS_ENTREPRISES))
    page = client.get(reverse("manifestations:detail", args=[m.pk])).content.decode()
    assert "CANDIDAT Test" in page and "AUTRE Test" not in page
    assert "1 autre jeune inscrit, hors de ce que votre rôle permet de consulter" in page
    response = client.post(reverse("manifestations:jeune", args=[m.pk]),
                           {"jeune": world.jeunes["autre"].pk, "action": "absent"})
    assert response.status_code == 404
    assert Participant.objects.get(jeune=world.jeunes["autre"]).present is True
