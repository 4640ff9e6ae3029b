"""Each door of a domain fact, called as a view, a command or a test calls it, leaves the
derived stores true in its own transaction (issue 16): the audit journal holds the change, the
data date is not older than it, and the report's packed copies equal a rebuild.

Issue 16's example: leaving a programme (`exit_programme`, a `QuerySet.update()` until then)
refreshed the packed copy but wrote no journal entry and did not move the data date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import ConseillerFactory, InscriptionFactory, JeuneFactory, SituationFactory, StructureFactory
from trajectoires.accompagnement import services as contacts
from trajectoires.aides import services as aides
from trajectoires.dispositifs import services as dispositifs
from trajectoires.edition.models import DataStamp
from trajectoires.entreprises import offres
from trajectoires.immersions import services as immersions
from trajectoires.jeunes import services as jeunes
from trajectoires.manifestations import services as manifestations
from trajectoires.parrainage import services as parrainage
from trajectoires.rapports import blocs, evenements
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.rgpd.models import AuditEntry
from trajectoires.situations import services as situations


TODAY = timezone.localdate()
PERIOD = Period(dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year, 12, 31))
DAY = TODAY - dt.timedelta(days=10)


def _exit(j):  # type: ignore[no-untyped-def]
    inscription = InscriptionFactory(jeune=j, dispositif="ppae", date_entree=DAY - dt.timedelta(days=30))
    return lambda: dispositifs.exit_programme(inscription, DAY, "emploi_durable")


def _fin_prevue(j):  # type: ignore[no-untyped-def]
    inscription = InscriptionFactory(jeune=j, dispositif="ppae", date_entree=DAY - dt.timedelta(days=30))
    return lambda: dispositifs.set_fin_prevue(inscription, DAY + dt.timedelta(days=300))


def _end_situation(j):  # type: ignore[no-untyped-def]
    situation = SituationFactory(jeune=j, date_debut=DAY - dt.timedelta(days=30), date_fin=None)
    return lambda: situations.end_situation(situation, DAY)


def _transfer(j):  # type: ignore[no-untyped-def]
    other = ConseillerFactory(structure_id=j.structure_id)
    return lambda: jeunes.transfer(j, other, DAY, "test", _user(j))


def _update_profile(j):  # type: ignore[no-untyped-def]
    depart = jeunes.snapshot(j, ["hebergement"])
    return lambda: jeunes.update_profile(j.pk, j.version, depart, {"hebergement": "amis"})


def _delete_contact(j):  # type: ignore[no-untyped-def]
    evenement = contacts.record_contact(j, None, {"date": DAY, "nature": "telephone", "honore": True})
    return lambda: contacts.delete_contact(evenement)


def _set_contact(j):  # type: ignore[no-untyped-def]
    evenement = contacts.record_contact(j, None, {"date": DAY, "nature": "entretien_individuel", "honore": True})
    return lambda: contacts.set_contact(
        evenement, jeune=j, honore=False, date=DAY, nature="entretien_individuel", site_id=None, conseiller_id=None
    )


def _open_offre(j):  # type: ignore[no-untyped-def]
    from tests.factories import EmployeurFactory, OffreFactory

    return OffreFactory(employeur=EmployeurFactory(structure_id=j.structure_id), statut="publiee",
                        date_publication=DAY - dt.timedelta(days=5))


def _hire(j):  # type: ignore[no-untyped-def]
    mise = offres.put_forward(_open_offre(j), j, DAY, TODAY)
    return lambda: offres.record_result(mise, "retenu", TODAY, date_embauche=DAY)
def _make_match(j):  # type: ignore[no-untyped-def]
    """The job board's door of a match (bourse/services.py): an application of j's linked account."""
    from tests.bourse.helpers import compte
    from tests.factories import OffreFactory
    from trajectoires.bourse import services as bourse
    from trajectoires.bourse.models import Candidature

    offre = OffreFactory(structure=j.structure, employeur__structure=j.structure, statut="publiee", publique=True)
    account = compte(j.structure, "jeune", "j@exemple.fr", jeune=j)
    candidature = Candidature.objects.create(structure=j.structure, offre=offre, compte=account, message="Bonjour",
                                             cv="x.pdf", cv_nom="cv.pdf")
    return lambda: bourse.make_match(candidature, None)


def _user(j):  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    return UserFactory(structure_id=j.structure_id)


def _host(j):  # type: ignore[no-untyped-def]
    from tests.factories import EmployeurFactory

    return EmployeurFactory(structure_id=j.structure_id)


PMSMP = {"objectif": "decouvrir", "tuteur_nom": "Anne Roy", "tuteur_fonction": "Gérante",
         "tuteur_telephone": "+33612345678", "duree_heures": 35}


def _renew_convention(j):  # type: ignore[no-untyped-def]
    first = immersions.create_convention(j, _host(j), DAY - dt.timedelta(days=20), DAY - dt.timedelta(days=11), PMSMP)
    return lambda: immersions.renew_convention(first, DAY - dt.timedelta(days=10), DAY, PMSMP)


def _event(j):  # type: ignore[no-untyped-def]
    from tests.factories import ManifestationFactory

    return ManifestationFactory(structure_id=j.structure_id, date=DAY, jeunes=None, partenaires=None)


def _absent(j):  # type: ignore[no-untyped-def]
    m = _event(j)
    manifestations.set_presence(m, j, True, TODAY)
    return lambda: manifestations.set_presence(m, j, False, TODAY)


def _unregister(j):  # type: ignore[no-untyped-def]
    m = _event(j)
    manifestations.set_presence(m, j, True, TODAY)
    return lambda: manifestations.unregister(m, j, TODAY)
def _parrain(j):  # type: ignore[no-untyped-def]
    from tests.factories import ParrainFactory

    return ParrainFactory(structure_id=j.structure_id, date_entree=DAY - dt.timedelta(days=400))


def _pairing(j):  # type: ignore[no-untyped-def]
    from tests.factories import ParrainageFactory

    return ParrainageFactory(jeune=j, parrain=_parrain(j), date_debut=DAY - dt.timedelta(days=30))


def _update_pairing(j):  # type: ignore[no-untyped-def]
    p = _pairing(j)
    return lambda: parrainage.update_parrainage(
        p, fin_prevue=None, partage_telephone=True, partage_email=False, date_fin=DAY, issue="solution", today=TODAY
    )


def _mark_read(j):  # type: ignore[no-untyped-def]
    inquietude = parrainage.signal_inquietude(_pairing(j), "Inquiet")
    return lambda: parrainage.mark_inquietude_read(inquietude, _user(j))


def _parrain_login(j):  # type: ignore[no-untyped-def]
    p = _parrain(j)
    return lambda: parrainage.create_parrain_login(p)[0]  # (user, temporary password)


# Mentoring (issue 14): mentors, their logins, pairings, meetings, worries.
MENTORING_DOORS = {
    "create_parrain": lambda j: lambda: parrainage.create_parrain(
        j.structure_id, {"nom": "Marchal", "prenom": "Yvette", "statut": "retraite", "date_entree": DAY}
    ),
    "update_parrain": lambda j: lambda: parrainage.update_parrain(
        _parrain(j), {"nom": "Marchal", "prenom": "Yvette", "statut": "actif", "date_entree": DAY}
    ),
    "create_parrain_login": _parrain_login,
    "create_parrainage": lambda j: lambda: parrainage.create_parrainage(j, _parrain(j), DAY, None, True, False, TODAY),
    "update_parrainage": _update_pairing,
    "record_rencontre": lambda j: lambda: parrainage.record_rencontre(_pairing(j), DAY, 60, "Bien", None, TODAY),
    "signal_inquietude": lambda j: lambda: parrainage.signal_inquietude(_pairing(j), "Il ne répond plus"),
    "mark_inquietude_read": _mark_read,
}


DOORS = {
    "create_convention": lambda j: lambda: immersions.create_convention(j, _host(j), DAY, DAY, PMSMP),
    "renew_convention": _renew_convention,
    # (`manifestations.register` alone is not report data: the event's counts follow attendance,
    # below; its journal entry is checked by the access matrix's write of `manifestations:jeune`.)
    "manifestation_present": lambda j: (lambda m: lambda: manifestations.set_presence(m, j, True, TODAY))(_event(j)),
    "manifestation_absent": _absent,
    "manifestation_unregister": _unregister,
    "record_contact": lambda j: lambda: contacts.record_contact(
        j, None, {"date": DAY, "nature": "entretien_individuel", "honore": True}
    ),
    "set_contact": _set_contact,
    "delete_contact": _delete_contact,
    "enter_programme": lambda j: lambda: dispositifs.enter_programme(j, "ppae", DAY, TODAY),
    "set_fin_prevue": _fin_prevue,
    "exit_programme": _exit,
    "start_situation": lambda j: lambda: situations.start_situation(j, "emploi", "cdd", DAY, None),
    "end_situation": _end_situation,
    "grant_aide": lambda j: lambda: aides.grant_aide(j, "titre_transport", DAY, Decimal("20"), None, TODAY),
    "create_jeune": lambda j: lambda: jeunes.create_jeune(
        j.structure_id, {"nom": "Neuf", "prenom": "Nina", "sexe": "f", "date_naissance": dt.date(2005, 5, 5)}, None
    ),
    "update_profile": _update_profile,
    "transfer": _transfer,
    # Job offers and matching (docs/offres.md): a match, a hire (its situation), the wished jobs.
    "put_forward": lambda j: lambda: offres.put_forward(_open_offre(j), j, DAY, TODAY),
    "record_result": _hire,
    "set_metiers_recherches": lambda j: lambda: offres.set_metiers_recherches(j, ["M1607"]) and None,
    "make_match": _make_match,
    **MENTORING_DOORS,
}


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_door_keeps_the_journal_the_data_date_and_the_packed_copies(db, door):
    structure = StructureFactory()
    j = JeuneFactory(structure=structure, conseiller=ConseillerFactory(structure=structure),
                     date_naissance=dt.date(2004, 6, 15))
    call = DOORS[door](j)
    build_report(structure, PERIOD, None)  # the packed copies built, as in use
    entries = AuditEntry.objects.filter(structure_ref=structure.pk).exclude(action=AuditEntry.Action.ACCESS).count()
    started = timezone.now()
    result = call()
    if isinstance(result, tuple):  # (row, rule errors)
        assert result[1] == [], result[1]
    elif isinstance(result, list):  # rule errors
        assert result == [], result
    assert AuditEntry.objects.filter(structure_ref=structure.pk).exclude(
        action=AuditEntry.Action.ACCESS).count() > entries, "aucune entrée au journal"
    assert DataStamp.objects.get(structure=structure).as_of >= started, "la date des données n'a pas bougé"
    after = build_report(structure, PERIOD, None).data
    blocs.build(structure)
    evenements.build(structure)
    assert build_report(structure, PERIOD, None).data == after


def test_the_exit_of_a_justice_programme_is_in_the_journal_flagged_sensitive(db):
    structure = StructureFactory()
    j = JeuneFactory(structure=structure)
    inscription = InscriptionFactory(jeune=j, dispositif="jsmj_mo", date_entree=DAY - dt.timedelta(days=30))
    dispositifs.exit_programme(inscription, DAY, "autre")
    entry = AuditEntry.objects.filter(jeune_ref=j.pk, action=AuditEntry.Action.UPDATE).latest("timestamp")
    assert entry.sensitive
    assert "date_sortie" in entry.changes


def test_closing_twice_is_refused(db):
    j = JeuneFactory()
    inscription = InscriptionFactory(jeune=j, dispositif="ppae", date_entree=DAY - dt.timedelta(days=30))
    dispositifs.exit_programme(inscription, DAY, "autre")
    with pytest.raises(dispositifs.AlreadyClosed):
        dispositifs.exit_programme(inscription, DAY, "autre")
