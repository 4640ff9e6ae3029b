"""The walk-in queue completed (issue 12, part 6): handing a person to a named counsellor, the
reason of a visit for an existing file, "parti(e) sans être reçu(e)", live waiting times, and the
existing files offered before queueing a newcomer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConseillerFactory, JeuneFactory
from tests.workspace.conftest import World
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller
from trajectoires.accueil import services
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.models import Arrivee
from trajectoires.accueil.templatetags.accueil_tags import attente, attente_longue, duree


def _claire(world: World) -> Conseiller:
    return Conseiller.objects.get(user=world.user(Role.CONSEILLER))


def _paul(world: World) -> Conseiller:
    return Conseiller.objects.get(structure=world.structure, nom="Bernard")


def _arrival(world: World, nom: str = "Benali", **data) -> Arrivee:  # type: ignore[no-untyped-def]
    return services.register_arrival(world.user(Role.ACCUEIL), data={"nom": nom, **data})


# --- Handing over ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_person_handed_to_a_counsellor_waits_for_them(world):
    first = _arrival(world, "Premier")
    second = _arrival(world, "Second")
    services.hand_over(second, _claire(world), "Rendez-vous avec son conseiller")
    second.refresh_from_db()
    assert second.oriente_vers == _claire(world) and second.oriente_le is not None
    assert second.motif == "Rendez-vous avec son conseiller" and second.statut == Statut.ATTENTE
    # Paul's "next" leaves Claire's person to her; Claire's "next" is her person, although second in line.
    assert services.take_next(world.structure.pk, _paul(world)) == first
    assert services.take_next(world.structure.pk, _claire(world)) == second


@pytest.mark.django_db
def test_next_skips_people_handed_to_a_colleague_but_a_counsellor_may_take_them_by_name(world):
    handed = _arrival(world, "Orienté")
    services.hand_over(handed, _claire(world))
    assert services.take_next(world.structure.pk, _paul(world)) is None
    assert services.take(handed.pk, _paul(world)).pris_par == _paul(world)


@pytest.mark.django_db
def test_only_a_waiting_person_is_handed_over_to_an_active_counsellor_of_the_mission_locale(world):
    arrivee = _arrival(world)
    with pytest.raises(ValidationError):
        services.hand_over(arrivee, ConseillerFactory(structure=world.other_structure))
    with pytest.raises(ValidationError):
        services.hand_over(arrivee, ConseillerFactory(structure=world.structure, actif=False))
    services.take(arrivee.pk, _paul(world))
    with pytest.raises(services.DejaPris):
        services.hand_over(arrivee, _claire(world))
    arrivee.refresh_from_db()
    assert arrivee.oriente_vers is None


def test_reception_hands_a_person_over_and_the_counsellor_sees_it_on_their_home(client, world):
    arrivee = _arrival(world, "Benali", prenom="Yasmine")
    client.force_login(world.user(Role.ACCUEIL))
    queue = client.get(reverse("accueil:file")).content.decode()
    assert reverse("accueil:orienter", args=[arrivee.pk]) in queue
    page = client.get(reverse("accueil:orienter", args=[arrivee.pk])).content.decode()
    assert f'<option value="{_claire(world).pk}">Claire Martin</option>' in page
    response = client.post(reverse("accueil:orienter", args=[arrivee.pk]),
                           {"conseiller": _claire(world).pk, "motif": "Recherche d'emploi"})
    assert response["Location"] == reverse("accueil:file")
    queue = client.get(reverse("accueil:file")).content.decode()
    assert "orientée vers vous" not in queue and "orienté(e) vers Claire Martin" in queue
    assert "Recherche d&#x27;emploi" in queue
    client.force_login(world.user(Role.CONSEILLER))
    home = client.get(reverse("home")).content.decode()
    assert "Orienté(e) vers vous par l'accueil" in home
    assert "BENALI Yasmine" in home and 'class="pour-vous"' in home
    assert 'aria-label="Recevoir BENALI Yasmine, qui vous attend"' in home
    # Paul does not see it as his.
    other = ConseillerFactory(structure=world.structure, user=world.user(Role.DIRECTION))
    client.force_login(world.user(Role.DIRECTION))
    assert other.pk != _claire(world).pk
    assert "vers vous par l" not in client.get(reverse("home")).content.decode()


def test_a_counsellor_of_another_mission_locale_cannot_be_chosen(client, world):
    arrivee = _arrival(world)
    stranger = ConseillerFactory(structure=world.other_structure)
    client.force_login(world.user(Role.ACCUEIL))
    response = client.post(reverse("accueil:orienter", args=[arrivee.pk]), {"conseiller": stranger.pk})
    assert response.status_code == 200
    assert "Choisissez un conseiller actif de votre Mission Locale" in response.content.decode()
    arrivee.refresh_from_db()
    assert arrivee.oriente_vers is None


# --- Left without being received, waiting times ------------------------------------------------------
def test_reception_marks_someone_as_left_without_being_received(client, world):
    arrivee = _arrival(world, "Parti")
    client.force_login(world.user(Role.ACCUEIL))
    queue = client.get(reverse("accueil:file")).content.decode()
    assert 'aria-label="PARTI est parti(e) sans être reçu(e)"' in queue
    response = client.post(reverse("accueil:parti", args=[arrivee.pk]))
    assert response["Location"] == reverse("accueil:file")
    arrivee.refresh_from_db()
    assert arrivee.statut == Statut.PARTI and arrivee.parti_le is not None
    assert "<td>PARTI</td>" not in client.get(reverse("accueil:file")).content.decode()
    # From the home page, back to the home page.
    other = _arrival(world, "Autre")
    response = client.post(reverse("accueil:parti", args=[other.pk]), {"retour": "accueil"})
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_waiting_times_read_as_the_desk_says_them(world):
    now = timezone.now()
    arrivee = _arrival(world)
    assert attente(arrivee) == "attend depuis moins d'une minute"
    arrivee.arrivee_le = now - dt.timedelta(minutes=12, seconds=30)
    assert attente(arrivee) == "attend depuis 12 min" and not attente_longue(arrivee)
    arrivee.arrivee_le = now - dt.timedelta(minutes=65)
    assert attente(arrivee) == "attend depuis 1 h 05" and attente_longue(arrivee)
    arrivee.statut, arrivee.pris_le = Statut.EN_ENTRETIEN, now - dt.timedelta(minutes=45)
    assert attente(arrivee) == "a attendu 20 min" and not attente_longue(arrivee)
    arrivee.statut, arrivee.parti_le = Statut.PARTI, now - dt.timedelta(minutes=5)
    assert attente(arrivee) == "parti(e) après 1 h 00"
    assert duree(dt.timedelta(hours=2, minutes=3)) == "2 h 03"


def test_the_polled_queue_shows_the_waiting_time(client, world):
    local = timezone.localtime()
    if local.hour == 0 and local.minute < 36:  # the queue is today's: 35 minutes ago was yesterday
        pytest.skip("35 minutes d'attente ne tiennent pas encore dans la journée (heure de Paris)")
    arrivee = _arrival(world)
    Arrivee.objects.filter(pk=arrivee.pk).update(arrivee_le=timezone.now() - dt.timedelta(minutes=35))
    client.force_login(world.user(Role.CONSEILLER))
    fragment = client.get(reverse("accueil:file"), headers={"HX-Request": "true"}).content.decode()
    assert '<td class="attente attente-longue">attend depuis 35 min</td>' in fragment
    assert "<html" not in fragment


# --- The reason of the visit for an existing file ------------------------------------------------------
def test_an_existing_file_is_queued_with_the_reason_of_the_visit(client, world):
    jeune = world.jeunes["portefeuille"]
    client.force_login(world.user(Role.ACCUEIL))
    page = client.get(reverse("accueil:arrivee"), {"q": "portefeuille"}).content.decode()
    assert f'name="jeune" value="{jeune.pk}" checked' in page and 'list="motifs"' in page
    response = client.post(reverse("accueil:arrivee") + "?q=portefeuille",
                           {"choix": "dossier", "jeune": jeune.pk, "motif": "Aide financière"})
    assert response["Location"] == reverse("accueil:file")
    arrivee = Arrivee.objects.get(jeune=jeune)
    assert arrivee.motif == "Aide financière"
    # Nothing ticked: said so, nothing queued.
    response = client.post(reverse("accueil:arrivee") + "?q=suivi", {"choix": "dossier", "motif": "x"})
    assert response.status_code == 200
    assert "Choisissez le dossier de la personne dans la liste." in response.content.decode()
    assert Arrivee.objects.count() == 1


# --- A newcomer who has a file ----------------------------------------------------------------------------
@pytest.fixture
def lea(world):  # type: ignore[no-untyped-def]
    return JeuneFactory(structure=world.structure, nom="Lefèvre", prenom="Léa", date_naissance=dt.date(2006, 3, 5),
                        conseiller=_claire(world))


@pytest.mark.parametrize(
    ("nom", "prenom", "naissance", "raison"),
    [
        ("Lefevre", "Lea", "05/03/2006", "même nom, même prénom et même date de naissance"),
        ("Lefebvre", "Léa", "2006-03-05", "nom ou prénom d'orthographe proche, même date de naissance"),
        ("LEFEVRE", "léa", "", "même nom et même prénom"),
        ("Lefèvr", "Lea", "", "nom ou prénom d'orthographe proche"),
    ],
)
def test_a_newcomer_matching_a_file_is_offered_the_file_first(client, world, lea, nom, prenom, naissance, raison):
    client.force_login(world.user(Role.ACCUEIL))
    data = {"nom": nom, "prenom": prenom, "date_naissance": naissance, "motif": "Formation"}
    response = client.post(reverse("accueil:arrivee"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette personne a peut-être déjà un dossier" in page
    assert f'name="jeune" value="{lea.pk}"' in page and raison.replace("'", "&#x27;") in page
    assert not Arrivee.objects.exists()
    # The desk picks the file: queued with it, and the reason typed.
    response = client.post(reverse("accueil:arrivee"), {**data, "choix": "dossier", "jeune": lea.pk})
    assert response["Location"] == reverse("accueil:file")
    arrivee = Arrivee.objects.get()
    assert (arrivee.jeune, arrivee.nom, arrivee.motif) == (lea, "", "Formation")


def test_the_desk_may_confirm_that_it_is_someone_new(client, world, lea):
    client.force_login(world.user(Role.ACCUEIL))
    data = {"nom": "Lefèvre", "prenom": "Léa", "date_naissance": "2007-01-02"}
    page = client.post(reverse("accueil:arrivee"), data).content.decode()
    assert "même nom et même prénom, née le 05/03/2006" in page  # the same name, another birth date
    # Nothing ticked with "the chosen file": offered again.
    page = client.post(reverse("accueil:arrivee"), {**data, "choix": "dossier"}).content.decode()
    assert "Choisissez le dossier de la personne dans la liste." in page and not Arrivee.objects.exists()
    response = client.post(reverse("accueil:arrivee"), {**data, "choix": "nouvelle"})
    assert response["Location"] == reverse("accueil:file")
    arrivee = Arrivee.objects.get()
    assert arrivee.jeune is None and arrivee.date_naissance == dt.date(2007, 1, 2)


def test_a_newcomer_matching_nobody_is_queued_at_once(client, world, lea):
    client.force_login(world.user(Role.ACCUEIL))
    response = client.post(reverse("accueil:arrivee"), {"nom": "Benali", "prenom": "Yasmine"})
    assert response["Location"] == reverse("accueil:file")
    # A file of another Mission Locale is never offered.
    JeuneFactory(structure=world.other_structure, nom="Durand", prenom="Max")
    response = client.post(reverse("accueil:arrivee"), {"nom": "Durand", "prenom": "Max"})
    assert response["Location"] == reverse("accueil:file")


def test_the_newcomers_birth_date_prefills_their_file(client, world):
    arrivee = _arrival(world, "Benali", prenom="Yasmine", date_naissance=dt.date(2006, 3, 5))
    services.take(arrivee.pk, _claire(world))
    client.force_login(world.user(Role.CONSEILLER))
    page = client.get(reverse("accueil:entretien", args=[arrivee.pk])).content.decode()
    assert "né(e) le 05/03/2006" in page
    link = (f"{reverse('workspace:jeune_nouveau')}?nom=Benali&amp;prenom=Yasmine&amp;date_naissance=2006-03-05"
            f"&amp;arrivee={arrivee.pk}")
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="2006-03-05"' in form
