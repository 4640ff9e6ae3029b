"""Conflicts of a booking (docs/agenda.md, "Conflicts"): the overlap rule, what occupies a
counsellor, a room or a young person, and the booking refused unless confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConseillerFactory, JeuneFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller
from trajectoires.agenda import services
from trajectoires.agenda.conflits import CONSEILLER, JEUNE, SALLE, find_conflicts, overlaps
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.models import Participation, RendezVous, Salle, SessionCollective


def at(hour: int, minute: int = 0, day: dt.date = dt.date(2025, 3, 4)) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


# --- The overlap rule ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((10, 0, 10, 30), (10, 30, 11, 0), False),  # touching: one ends when the other starts
        ((10, 30, 11, 0), (10, 0, 10, 30), False),  # the same, the other way round
        ((10, 0, 10, 30), (10, 29, 11, 0), True),  # one minute in common
        ((10, 0, 12, 0), (10, 30, 11, 0), True),  # one inside the other
        ((10, 30, 11, 0), (10, 0, 12, 0), True),
        ((10, 0, 10, 30), (10, 0, 10, 30), True),  # the same slot
        ((9, 0, 9, 30), (14, 0, 15, 0), False),  # apart
    ],
)
def test_two_intervals_overlap_only_when_they_share_time(a, b, expected):
    assert overlaps(at(a[0], a[1]), at(a[2], a[3]), at(b[0], b[1]), at(b[2], b[3])) is expected


# --- What occupies whom ----------------------------------------------------------------------------
@pytest.fixture
def agenda(structure):
    site = SiteFactory(structure=structure, nom="Planoise")
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire")
    paul = ConseillerFactory(structure=structure, nom="Bernard", prenom="Paul")
    zoe = JeuneFactory(structure=structure, nom="Lefèvre", prenom="Zoé")
    hugo = JeuneFactory(structure=structure, nom="Lefort", prenom="Hugo")
    bureau = Salle.objects.create(structure=structure, site=site, nom="Bureau 2")
    return {"structure": structure, "site": site, "claire": claire, "paul": paul, "zoe": zoe, "hugo": hugo,
            "bureau": bureau}


def _rdv(a, jeune, conseiller, start: dt.datetime, duree: int = 30, salle=None, presence=Presence.PREVU):
    return RendezVous.objects.create(
        structure=a["structure"], ext_id=f"r-{RendezVous.objects.count()}", jeune=jeune, conseiller=conseiller,
        debut=start, duree=duree, salle=salle, site=a["site"], presence=presence,
    )


def _conflicts(a, start, duree=30, *, conseiller=None, jeune=None, salle=None):
    return find_conflicts(
        structure_id=a["structure"].pk, debut=start, duree=duree, conseiller_id=getattr(conseiller, "pk", None),
        jeune_id=getattr(jeune, "pk", None), salle_id=getattr(salle, "pk", None),
    )


@pytest.mark.django_db
def test_the_same_counsellor_room_or_young_person_in_an_overlapping_slot_is_a_conflict(agenda):
    a = agenda
    theirs = _rdv(a, a["hugo"], a["claire"], at(10), 60, salle=a["bureau"])
    # Claire again, for Zoé, at 10:30: the counsellor.
    [found] = _conflicts(a, at(10, 30), conseiller=a["claire"], jeune=a["zoe"])
    assert found.rendez_vous == theirs and found.raisons == [CONSEILLER]
    assert (found.debut, found.fin) == (at(10), at(11))
    # Paul in Bureau 2 at 10:45: the room.
    [found] = _conflicts(a, at(10, 45), conseiller=a["paul"], jeune=a["zoe"], salle=a["bureau"])
    assert found.raisons == [SALLE]
    # Hugo with Paul at 10:15: the young person.
    [found] = _conflicts(a, at(10, 15), conseiller=a["paul"], jeune=a["hugo"])
    assert found.raisons == [JEUNE]
    # All three at once: one conflict, three reasons.
    [found] = _conflicts(a, at(10), conseiller=a["claire"], jeune=a["hugo"], salle=a["bureau"])
    assert found.raisons == [CONSEILLER, SALLE, JEUNE]
    assert found.raisons_affichees == "même conseiller, même salle, même jeune"


@pytest.mark.django_db
def test_touching_slots_other_people_and_freed_appointments_are_no_conflict(agenda):
    a = agenda
    _rdv(a, a["hugo"], a["claire"], at(10), 60, salle=a["bureau"])
    assert _conflicts(a, at(11), conseiller=a["claire"], jeune=a["hugo"], salle=a["bureau"]) == []
    assert _conflicts(a, at(9, 30), conseiller=a["claire"], jeune=a["hugo"], salle=a["bureau"]) == []
    assert _conflicts(a, at(10), conseiller=a["paul"], jeune=a["zoe"]) == []  # nothing shared
    # Cancelled or excused: the slot is free again.
    _rdv(a, a["zoe"], a["paul"], at(14), presence=Presence.ANNULE)
    _rdv(a, a["zoe"], a["paul"], at(15), presence=Presence.EXCUSE)
    assert _conflicts(a, at(14), conseiller=a["paul"], jeune=a["zoe"]) == []
    assert _conflicts(a, at(15), conseiller=a["paul"], jeune=a["zoe"]) == []
    # A long appointment that started hours before still counts (the query reaches 8 hours back).
    _rdv(a, a["zoe"], a["paul"], at(9, 0, dt.date(2025, 3, 5)), 480)
    assert len(_conflicts(a, at(16, 30, dt.date(2025, 3, 5)), conseiller=a["paul"])) == 1
    assert _conflicts(a, at(17, 0, dt.date(2025, 3, 5)), conseiller=a["paul"]) == []


@pytest.mark.django_db
def test_another_mission_locales_appointments_are_not_seen(agenda, db):
    from tests.factories import StructureFactory

    a = agenda
    other = StructureFactory()
    conseiller = ConseillerFactory(structure=other)
    RendezVous.objects.create(structure=other, ext_id="x", jeune=JeuneFactory(structure=other),
                              conseiller=conseiller, debut=at(10))
    assert _conflicts(a, at(10), conseiller=a["claire"], jeune=a["zoe"]) == []


@pytest.mark.django_db
def test_a_session_hosted_by_the_counsellor_or_attended_by_the_young_person_is_a_conflict(agenda):
    a = agenda
    session = SessionCollective.objects.create(
        structure=a["structure"], ext_id="s1", type="atelier", theme="CV", debut=at(14), duree=120,
        site=a["site"], capacite=10, animateur=a["claire"],
    )
    [found] = _conflicts(a, at(15), conseiller=a["claire"], jeune=a["hugo"])
    assert found.session == session and found.raisons == [CONSEILLER]
    participation = Participation.objects.create(session=session, jeune=a["zoe"])
    [found] = _conflicts(a, at(15, 30), conseiller=a["paul"], jeune=a["zoe"])
    assert found.session == session and found.raisons == [JEUNE]
    [found] = _conflicts(a, at(15, 30), conseiller=a["claire"], jeune=a["zoe"])
    assert found.raisons == [CONSEILLER, JEUNE]
    assert _conflicts(a, at(16), conseiller=a["claire"], jeune=a["zoe"]) == []  # the session ends at 16:00
    participation.presence = Presence.EXCUSE
    participation.save()
    assert _conflicts(a, at(15, 30), conseiller=a["paul"], jeune=a["zoe"]) == []


# --- The door: refused unless confirmed --------------------------------------------------------------
@pytest.mark.django_db
def test_booking_a_taken_slot_is_refused_unless_the_conflict_is_accepted(agenda):
    a = agenda
    first = services.book_rendez_vous(a["zoe"], a["claire"], {"debut": at(10), "nature": "entretien_individuel"})
    with pytest.raises(services.ConflitError) as refused:
        services.book_rendez_vous(a["hugo"], a["claire"], {"debut": at(10, 15), "nature": "telephone"})
    assert [c.rendez_vous for c in refused.value.conflits] == [first]
    assert RendezVous.objects.count() == 1
    second = services.book_rendez_vous(
        a["hugo"], a["claire"], {"debut": at(10, 15), "nature": "telephone"}, accept_conflicts=True
    )
    assert RendezVous.objects.count() == 2 and second.debut == at(10, 15)
    # Back to back is not a conflict.
    services.book_rendez_vous(a["zoe"], a["claire"], {"debut": at(10, 45), "nature": "telephone"})


@pytest.mark.django_db
def test_a_room_says_its_site(agenda):
    a = agenda
    rdv = services.book_rendez_vous(a["zoe"], a["claire"], {"debut": at(9), "nature": "telephone",
                                                            "salle": a["bureau"]})
    assert rdv.salle == a["bureau"] and rdv.site == a["site"]


# --- The booking form -------------------------------------------------------------------------------
def _post(client, jeune, conseiller, heure="10:15", **extra):  # type: ignore[no-untyped-def]
    data = {"date": "2025-03-04", "heure": heure, "duree": "30", "nature": "entretien_individuel",
            "conseiller": str(conseiller.pk), **extra}
    return client.post(reverse("agenda:rdv_create", args=[jeune.pk]), data)


def test_the_form_shows_the_conflicts_and_books_only_once_confirmed(client, world):
    claire = Conseiller.objects.get(user=world.user(Role.CONSEILLER))
    taken = services.book_rendez_vous(world.jeunes["autre"], claire, {"debut": at(10), "nature": "telephone"})
    client.force_login(world.user(Role.ACCUEIL))
    jeune = world.jeunes["portefeuille"]
    response = _post(client, jeune, claire)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ce créneau est déjà pris" in page
    assert "Mardi 4 mars de 10:00 à 10:30" in page and "AUTRE Test avec Claire Martin" in page
    assert "même conseiller" in page
    assert "Confirmer malgré le conflit" in page
    assert RendezVous.objects.count() == 1
    # Another time: no conflict, booked without confirming.
    assert _post(client, jeune, claire, heure="10:30").status_code == 302
    # The conflicting time, confirmed: booked.
    response = _post(client, jeune, claire, confirmer="on")
    assert response.status_code == 302
    assert RendezVous.objects.filter(jeune=jeune, debut=at(10, 15)).exists()
    assert RendezVous.objects.get(pk=taken.pk).debut == at(10)


def test_a_room_of_another_site_is_refused_with_a_french_message(client, world):
    claire = Conseiller.objects.get(user=world.user(Role.CONSEILLER))
    planoise = SiteFactory(structure=world.structure, nom="Planoise")
    centre = SiteFactory(structure=world.structure, nom="Centre")
    bureau = Salle.objects.create(structure=world.structure, site=planoise, nom="Bureau 2")
    client.force_login(world.user(Role.CONSEILLER))
    response = _post(client, world.jeunes["portefeuille"], claire, site=str(centre.pk), salle=str(bureau.pk))
    assert response.status_code == 200
    assert "La salle « Bureau 2 » est sur le site « Planoise »" in response.content.decode()
    assert not RendezVous.objects.exists()
    # A room of another Mission Locale is not even a choice.
    other_site = SiteFactory(structure=world.other_structure)
    other = Salle.objects.create(structure=world.other_structure, site=other_site, nom="Ailleurs")
    response = _post(client, world.jeunes["portefeuille"], claire, salle=str(other.pk))
    assert "Choisissez une salle de votre Mission Locale" in response.content.decode()
    assert _post(client, world.jeunes["portefeuille"], claire, salle=str(bureau.pk)).status_code == 302
    assert RendezVous.objects.get().site == planoise
