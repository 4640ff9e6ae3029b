"""The walk-in queue: arrivals, taking the next one (never twice), the first interview."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.factories import ConseillerFactory, EvenementFactory, JeuneFactory, UserFactory
from trajectoires.accounts.enums import Role
from trajectoires.accueil import services
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.models import Arrivee
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


@pytest.fixture
def accueil_user(structure):
    return UserFactory(structure=structure, role=Role.ACCUEIL)


@pytest.mark.django_db
def test_arrivals_queue_in_order_and_a_counsellor_takes_the_oldest(structure, accueil_user):
    jeune = JeuneFactory(structure=structure)
    first = services.register_arrival(accueil_user, jeune=jeune, data={})
    second = services.register_arrival(accueil_user, data={"nom": "Nouveau", "prenom": "Sam"})
    assert list(services.queue(structure.pk)) == [first, second]
    claire, paul = ConseillerFactory(structure=structure), ConseillerFactory(structure=structure)
    assert services.take_next(structure.pk, claire) == first
    taken = services.take_next(structure.pk, paul)
    assert taken == second and taken.pris_par == paul and taken.statut == Statut.EN_ENTRETIEN
    assert services.take_next(structure.pk, paul) is None


@pytest.mark.django_db
def test_the_same_person_cannot_be_taken_twice(structure, accueil_user):
    arrivee = services.register_arrival(accueil_user, data={"nom": "Durand"})
    claire, paul = ConseillerFactory(structure=structure), ConseillerFactory(structure=structure)
    services.take(arrivee.pk, claire)
    with pytest.raises(services.DejaPris):
        services.take(arrivee.pk, paul)
    arrivee.refresh_from_db()
    assert arrivee.pris_par == claire


@pytest.mark.django_db(transaction=True)
def test_two_counsellors_taking_at_the_same_moment_get_different_people(structure):
    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them anyway)")
    user = UserFactory(structure=structure, role=Role.ACCUEIL)
    for i in range(6):
        services.register_arrival(user, data={"nom": f"Personne{i}"})
    conseillers = [ConseillerFactory(structure=structure) for _ in range(6)]
    taken: list[int] = []
    barrier = threading.Barrier(6)

    def worker(conseiller) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        arrivee = services.take_next(structure.pk, conseiller)
        if arrivee is not None:
            taken.append(arrivee.pk)
        connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in conseillers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == len(set(taken)) == 6
    assert Arrivee.objects.filter(statut=Statut.EN_ENTRETIEN).values("pris_par").distinct().count() == 6


@pytest.mark.django_db
def test_a_person_already_in_the_queue_is_not_added_twice(structure, accueil_user):
    jeune = JeuneFactory(structure=structure)
    services.register_arrival(accueil_user, jeune=jeune, data={})
    with pytest.raises(ValidationError, match="déjà dans la file"):
        services.register_arrival(accueil_user, jeune=jeune, data={})
    with pytest.raises(ValidationError, match="Indiquez au moins le nom"):
        services.register_arrival(accueil_user, data={"nom": "  "})


@pytest.mark.django_db
def test_yesterdays_arrivals_are_not_in_todays_queue(structure, accueil_user):
    arrivee = services.register_arrival(accueil_user, data={"nom": "Hier"})
    Arrivee.objects.filter(pk=arrivee.pk).update(arrivee_le=timezone.now() - dt.timedelta(days=1))
    assert list(services.queue(structure.pk)) == []


@pytest.mark.django_db
def test_the_first_interview_is_an_individual_interview_counted_as_first_reception(structure, accueil_user):
    conseiller = ConseillerFactory(structure=structure)
    arrivee = services.register_arrival(accueil_user, data={"nom": "Martin", "prenom": "Léa"})
    services.take(arrivee.pk, conseiller)
    with pytest.raises(ValidationError, match="pas encore de dossier"):
        services.record_first_interview(arrivee, conseiller, {})
    jeune = JeuneFactory(structure=structure, nom="Martin", prenom="Léa")
    services.attach_jeune(arrivee, jeune)
    year = Period.year(timezone.localdate().year)
    before = build_report(structure, year).data["indicateurs"]
    evenement = services.record_first_interview(arrivee, conseiller, {"themes": ["emploi", "logement"]})
    assert (evenement.nature, evenement.honore, evenement.date) == ("entretien_individuel", True, timezone.localdate())
    assert evenement.themes == "emploi|logement" and evenement.conseiller == conseiller
    arrivee.refresh_from_db()
    assert arrivee.statut == Statut.TERMINE and arrivee.evenement == evenement
    after = build_report(structure, year).data["indicateurs"]
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"] + 1
    assert after["entretiens_individuels"] == before["entretiens_individuels"] + 1
    with pytest.raises(ValidationError, match="déjà enregistré"):
        services.record_first_interview(arrivee, conseiller, {})


@pytest.mark.django_db
def test_a_returning_young_person_is_not_a_first_reception_again(structure, accueil_user):
    conseiller = ConseillerFactory(structure=structure)
    jeune = JeuneFactory(structure=structure)
    EvenementFactory(jeune=jeune, date=dt.date(2023, 5, 2), nature="entretien_individuel")
    arrivee = services.register_arrival(accueil_user, jeune=jeune, data={})
    services.take(arrivee.pk, conseiller)
    year = Period.year(timezone.localdate().year)
    before = build_report(structure, year).data["indicateurs"]
    services.record_first_interview(arrivee, conseiller, {})
    after = build_report(structure, year).data["indicateurs"]
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"]
    assert after["jeunes_entretien_individuel"] == before["jeunes_entretien_individuel"] + 1


@pytest.mark.django_db
def test_someone_who_left_can_no_longer_be_taken(structure, accueil_user):
    arrivee = services.register_arrival(accueil_user, data={"nom": "Parti"})
    services.mark_left(arrivee)
    with pytest.raises(services.DejaPris):
        services.take(arrivee.pk, ConseillerFactory(structure=structure))
    assert list(services.queue(structure.pk)) == []
