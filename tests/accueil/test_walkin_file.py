"""A walk-in without a file: the file created from the interview page is attached to the arrival
by itself, and the first interview recorded from there counts in the report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConseillerFactory, JeuneFactory
from tests.workspace.conftest import World, fast_password_hasher  # noqa: F401 - shared fixture
from trajectoires.accounts.enums import Role
from trajectoires.accueil import services
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.models import Arrivee
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


def _taken_arrival(world: World, nom: str = "Benali", prenom: str = "Yasmine") -> Arrivee:
    arrivee = services.register_arrival(world.user(Role.ACCUEIL), data={"nom": nom, "prenom": prenom})
    return services.take(arrivee.pk, world.user(Role.CONSEILLER).conseiller)


def _form(nom: str, prenom: str, **extra: str) -> dict[str, str]:
    birth = timezone.localdate() - dt.timedelta(days=19 * 365)
    return {"nom": nom, "prenom": prenom, "sexe": "f", "date_naissance": birth.strftime("%d/%m/%Y"), **extra}


@pytest.mark.django_db
def test_the_creation_page_opened_from_the_interview_is_prefilled_and_names_the_arrival(client, world):
    arrivee = _taken_arrival(world)
    client.force_login(world.user(Role.CONSEILLER))
    interview = client.get(reverse("accueil:entretien", args=[arrivee.pk])).content.decode()
    link = f"{reverse('workspace:jeune_nouveau')}?nom=Benali&amp;prenom=Yasmine&amp;arrivee={arrivee.pk}"
    assert link in interview
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="Benali"' in page and 'value="Yasmine"' in page
    assert f'name="arrivee" value="{arrivee.pk}"' in page
    assert "rattaché à sa venue" in page


@pytest.mark.django_db
def test_a_file_created_for_a_walk_in_is_attached_and_its_interview_counts(client, world):
    arrivee = _taken_arrival(world)
    client.force_login(world.user(Role.CONSEILLER))
    year = Period.year(timezone.localdate().year)
    before = build_report(world.structure, year).data["indicateurs"]

    response = client.post(reverse("workspace:jeune_nouveau"), _form("Benali", "Yasmine", arrivee=str(arrivee.pk)))
    assert response.status_code == 302 and response["Location"] == reverse("accueil:entretien", args=[arrivee.pk])
    jeune = Jeune.objects.get(structure=world.structure, nom="Benali", prenom="Yasmine")
    arrivee.refresh_from_db()
    assert arrivee.jeune == jeune and arrivee.statut == Statut.EN_ENTRETIEN
    assert jeune.conseiller == world.user(Role.CONSEILLER).conseiller

    response = client.post(reverse("accueil:entretien", args=[arrivee.pk]), {
        "themes": ["emploi"], "duree": "30", "note": "Cherche un emploi en cuisine.\r\nPas de logement stable.",
        "prochaines_etapes": "Rapporter le CV.",
    })
    assert response.status_code == 302 and response["Location"] == reverse("workspace:jeune", args=[jeune.pk])
    arrivee.refresh_from_db()
    assert arrivee.statut == Statut.TERMINE and arrivee.evenement.jeune == jeune
    # the first interview is written like any interview: its note, duration and next steps
    e = arrivee.evenement
    assert (e.note, e.duree, e.prochaines_etapes, e.note_sensible) == (
        "Cherche un emploi en cuisine.\nPas de logement stable.", 30, "Rapporter le CV.", False)
    after = build_report(world.structure, year).data["indicateurs"]
    assert after["jeunes_premier_accueil"] == before["jeunes_premier_accueil"] + 1
    assert after["entretiens_individuels"] == before["entretiens_individuels"] + 1
    assert after["jeunes_accompagnes"] == before["jeunes_accompagnes"] + 1


@pytest.mark.django_db
def test_a_file_created_without_an_arrival_is_not_attached_to_anything(client, world):
    arrivee = _taken_arrival(world)
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:jeune_nouveau"), _form("Garnier", "Inès"))
    jeune = Jeune.objects.get(structure=world.structure, nom="Garnier")
    assert response["Location"] == reverse("workspace:jeune", args=[jeune.pk])
    arrivee.refresh_from_db()
    assert arrivee.jeune is None


@pytest.mark.django_db
def test_only_the_counsellor_receiving_the_person_attaches_the_new_file(client, world):
    # A colleague took the person; Claire opens the same link: the file is created, but not
    # attached to a colleague's interview.
    colleague = ConseillerFactory(structure=world.structure)
    arrivee = services.register_arrival(world.user(Role.ACCUEIL), data={"nom": "Durand"})
    services.take(arrivee.pk, colleague)
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:jeune_nouveau"), _form("Durand", "Lou", arrivee=str(arrivee.pk)))
    jeune = Jeune.objects.get(structure=world.structure, nom="Durand")
    assert response["Location"] == reverse("workspace:jeune", args=[jeune.pk])
    arrivee.refresh_from_db()
    assert arrivee.jeune is None


@pytest.mark.django_db
def test_an_arrival_of_another_mission_locale_is_404_and_nothing_is_created(client, world):
    foreign_user = world.user(Role.ACCUEIL)
    arrivee = services.register_arrival(foreign_user, data={"nom": "Loin"})
    Arrivee.objects.filter(pk=arrivee.pk).update(structure=world.other_structure)
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:jeune_nouveau"), _form("Loin", "Sam", arrivee=str(arrivee.pk)))
    assert response.status_code == 404
    assert not Jeune.objects.filter(nom="Loin").exists()


@pytest.mark.django_db
def test_duplicates_shown_for_a_walk_in_offer_to_attach_the_existing_file(client, world):
    arrivee = _taken_arrival(world, "Lefèvre", "Léa")
    birth = timezone.localdate() - dt.timedelta(days=19 * 365)
    existing = JeuneFactory(structure=world.structure, nom="Lefèvre", prenom="Léa", date_naissance=birth)
    client.force_login(world.user(Role.CONSEILLER))
    page = client.post(reverse("workspace:jeune_nouveau"), _form("Lefevre", "Lea", arrivee=str(arrivee.pk)))
    html = page.content.decode()
    assert "Ce jeune a peut-être déjà un dossier" in html
    assert reverse("accueil:rattacher", args=[arrivee.pk]) in html and f'name="jeune" value="{existing.pk}"' in html
    response = client.post(reverse("accueil:rattacher", args=[arrivee.pk]), {"jeune": existing.pk})
    assert response["Location"] == reverse("accueil:entretien", args=[arrivee.pk])
    arrivee.refresh_from_db()
    assert arrivee.jeune == existing
    assert Jeune.objects.filter(structure=world.structure, nom__in=["Lefèvre", "Lefevre"]).count() == 1
