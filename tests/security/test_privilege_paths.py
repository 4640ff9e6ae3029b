"""Finding 2 of the outside security test (issue 18): a counsellor gave themselves a colleague's
file, and its justice or health programmes, in three requests — book an appointment on the file,
mark it attended (a contact recorded by them opened the write scope), transfer the file to
themselves. Now attendance and contacts need the write scope, a transfer by anyone but the
referent or the direction is a request they decide, and collective contacts open nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import InscriptionFactory, SiteFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller
from trajectoires.accounts.perms import can_see_sensitive, can_write_jeune
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda.models import Participation, RendezVous, SessionCollective
from trajectoires.jeunes.models import Jeune, Transfert


def _claire(world) -> Conseiller:  # type: ignore[no-untyped-def]
    return Conseiller.objects.get(user=world.user(Role.CONSEILLER))


@pytest.fixture
def justice_file(world):  # type: ignore[no-untyped-def]
    """A colleague's young person under court supervision, whom Claire never met."""
    jeune = world.jeunes["autre"]
    InscriptionFactory(jeune=jeune, dispositif="jsmj_mo", date_entree=dt.date(2025, 1, 6))
    return jeune


def test_the_three_request_attack_no_longer_gives_the_file(client, world, justice_file):
    claire = _claire(world)
    referent_before = justice_file.conseiller_id
    client.force_login(world.user(Role.CONSEILLER))
    # 1. Book an appointment with herself on the colleague's file, an hour ago (allowed: booking is the agenda's).
    day = timezone.localtime() - dt.timedelta(hours=1)
    response = client.post(
        reverse("agenda:rdv_create", args=[justice_file.pk]),
        {"date": day.date().isoformat(), "heure": day.strftime("%H:%M"), "duree": "30",
         "nature": "entretien_individuel", "conseiller": str(claire.pk)},
    )
    assert response.status_code == 302
    rdv = RendezVous.objects.get(jeune=justice_file)
    # 2. Mark it attended: refused, no contact recorded by her.
    response = client.post(reverse("agenda:rdv", args=[rdv.pk]), {"presence": "present"})
    assert response.status_code == 403
    assert "transfert" in response.content.decode()
    assert not Evenement.objects.filter(jeune=justice_file, conseiller=claire).exists()
    assert not can_write_jeune(world.user(Role.CONSEILLER), justice_file)
    # 3. Transfer to herself: only a request; the referent does not change.
    from trajectoires.jeunes.models import DemandeTransfert  # new in issue 18: imported here, so the
    # tests fail one by one, at their attack (not at collection), on the code before the fix

    response = client.post(reverse("workspace:transfert", args=[justice_file.pk]), {"nouveau": str(claire.pk)})
    assert response.status_code == 302
    justice_file.refresh_from_db()
    assert justice_file.conseiller_id == referent_before
    assert not Transfert.objects.filter(jeune=justice_file).exists()
    demande = DemandeTransfert.objects.get(jeune=justice_file)
    assert demande.statut == DemandeTransfert.Statut.EN_ATTENTE and demande.nouveau == claire
    # And the justice programme stays hidden from her.
    assert not can_see_sensitive(world.user(Role.CONSEILLER), justice_file)
    page = client.get(reverse("workspace:jeune", args=[justice_file.pk])).content.decode()
    assert "jsmj" not in page.lower() and "Justice" not in page


def test_the_requester_cannot_accept_their_own_request(client, world, justice_file):
    from trajectoires.jeunes.models import DemandeTransfert  # new in issue 18: imported here, so the
    # tests fail one by one (not at collection) on the code before the fix

    claire = _claire(world)
    demande = DemandeTransfert.objects.create(
        structure=world.structure, jeune=justice_file, demandeur=world.user(Role.CONSEILLER), nouveau=claire
    )
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:transfert_decision", args=[demande.pk]), {"decision": "accepter"})
    assert response.status_code == 403
    demande.refresh_from_db()
    assert demande.statut == DemandeTransfert.Statut.EN_ATTENTE
    assert Jeune.objects.get(pk=justice_file.pk).conseiller_id != claire.pk


@pytest.mark.parametrize("decider", ["direction", "referent"])
def test_the_referent_or_the_direction_accepts(client, world, justice_file, decider):
    from trajectoires.accounts.models import User

    # new in issue 18: imported here, so the tests fail one by one (not at collection) on the code before the fix
    from trajectoires.jeunes.models import DemandeTransfert

    claire = _claire(world)
    demande = DemandeTransfert.objects.create(
        structure=world.structure, jeune=justice_file, demandeur=world.user(Role.CONSEILLER), nouveau=claire
    )
    if decider == "direction":
        user = world.user(Role.DIRECTION)
    else:
        user = User.objects.create(username="paul", structure=world.structure, role=Role.CONSEILLER)
        Conseiller.objects.filter(pk=justice_file.conseiller_id).update(user=user)
    client.force_login(user)
    page = client.get(reverse("workspace:jeune", args=[justice_file.pk])).content.decode()
    assert "Accepter le transfert" in page
    response = client.post(reverse("workspace:transfert_decision", args=[demande.pk]), {"decision": "accepter"})
    assert response.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == DemandeTransfert.Statut.ACCEPTEE and demande.decide_par == user
    transfert = Transfert.objects.get(jeune=justice_file)
    assert transfert.nouveau == claire and transfert.auteur == user
    assert can_see_sensitive(world.user(Role.CONSEILLER), Jeune.objects.get(pk=justice_file.pk))
    # Answered once only.
    response = client.post(reverse("workspace:transfert_decision", args=[demande.pk]), {"decision": "refuser"})
    demande.refresh_from_db()
    assert demande.statut == DemandeTransfert.Statut.ACCEPTEE


def test_a_refused_request_changes_nothing(client, world, justice_file):
    from trajectoires.jeunes.models import DemandeTransfert  # new in issue 18: imported here, so the
    # tests fail one by one (not at collection) on the code before the fix

    claire = _claire(world)
    demande = DemandeTransfert.objects.create(
        structure=world.structure, jeune=justice_file, demandeur=world.user(Role.CONSEILLER), nouveau=claire
    )
    client.force_login(world.user(Role.DIRECTION))
    client.post(reverse("workspace:transfert_decision", args=[demande.pk]), {"decision": "refuser"})
    demande.refresh_from_db()
    assert demande.statut == DemandeTransfert.Statut.REFUSEE
    assert Jeune.objects.get(pk=justice_file.pk).conseiller_id != claire.pk


def test_a_counsellor_who_met_the_young_person_still_only_asks(client, world):
    """`suivi` is in Claire's write scope (she recorded an interview): she may write, not take the file."""
    from trajectoires.jeunes.models import DemandeTransfert  # new in issue 18: imported here, so the
    # tests fail one by one (not at collection) on the code before the fix

    jeune = world.jeunes["suivi"]
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:transfert", args=[jeune.pk]), {"nouveau": str(_claire(world).pk)})
    assert response.status_code == 302
    assert Jeune.objects.get(pk=jeune.pk).conseiller_id == jeune.conseiller_id
    assert DemandeTransfert.objects.filter(jeune=jeune).count() == 1
    # A second request while one is pending is refused with a French message.
    response = client.post(reverse("workspace:transfert", args=[jeune.pk]), {"nouveau": str(_claire(world).pk)})
    assert response.status_code == 200
    assert "attend déjà" in response.content.decode()
    assert DemandeTransfert.objects.filter(jeune=jeune).count() == 1


def test_the_referent_still_transfers_directly(client, world):
    from trajectoires.jeunes.models import DemandeTransfert  # new in issue 18: imported here, so the
    # tests fail one by one (not at collection) on the code before the fix

    jeune = world.jeunes["portefeuille"]
    other = Conseiller.objects.filter(structure=world.structure).exclude(pk=jeune.conseiller_id).first()
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("workspace:transfert", args=[jeune.pk]), {"nouveau": str(other.pk)})
    assert response.status_code == 302
    assert Jeune.objects.get(pk=jeune.pk).conseiller_id == other.pk
    assert not DemandeTransfert.objects.exists()


def test_a_walk_in_interview_is_not_recorded_on_a_colleagues_file(client, world, justice_file):
    claire = _claire(world)
    arrivee = Arrivee.objects.create(
        structure=world.structure, ext_id="a-1", arrivee_le=timezone.now(), jeune=justice_file, nom="Autre",
        statut=Statut.EN_ENTRETIEN, pris_par=claire, pris_le=timezone.now(),
    )
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("accueil:entretien", args=[arrivee.pk]), {"themes": ["emploi"]})
    assert response.status_code == 200
    assert "autre conseiller référent" in response.content.decode()
    assert not Evenement.objects.filter(jeune=justice_file).exists()


def test_a_collective_sign_in_does_not_open_the_write_scope(client, world, justice_file):
    claire = _claire(world)
    session = SessionCollective.objects.create(
        structure=world.structure, ext_id="s-1", type="atelier", theme="CV", capacite=10,
        debut=timezone.now() - dt.timedelta(hours=1), site=SiteFactory(structure=world.structure), animateur=claire,
    )
    Participation.objects.create(session=session, jeune=justice_file)
    client.force_login(world.user(Role.CONSEILLER))
    response = client.post(reverse("agenda:session_emargement", args=[session.pk]), {"present": str(justice_file.pk)})
    assert response.status_code == 302
    assert Evenement.objects.filter(jeune=justice_file, conseiller=claire, nature="atelier").exists()
    assert not can_write_jeune(world.user(Role.CONSEILLER), justice_file)
    user = world.user(Role.CONSEILLER)
    from trajectoires.accounts.perms import jeunes_writable_by

    assert not jeunes_writable_by(user).filter(pk=justice_file.pk).exists()


def test_pending_requests_show_on_the_deciders_home(client, world, justice_file):
    from trajectoires.jeunes.models import DemandeTransfert  # new in issue 18: imported here, so the
    # tests fail one by one (not at collection) on the code before the fix

    DemandeTransfert.objects.create(
        structure=world.structure, jeune=justice_file, demandeur=world.user(Role.CONSEILLER), nouveau=_claire(world)
    )
    client.force_login(world.user(Role.DIRECTION))
    assert "Demandes de transfert à traiter" in client.get(reverse("home")).content.decode()
    client.force_login(world.user(Role.CONSEILLER))  # the requester, not the referent
    assert "Demandes de transfert à traiter" not in client.get(reverse("home")).content.decode()
