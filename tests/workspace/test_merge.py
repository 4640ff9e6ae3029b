"""The merge of two files of the same young person (issue 12, part 7; docs/doublons.md).

Run on SQLite and on PostgreSQL (`bash scripts/with-postgres.sh … tests/workspace/test_merge.py`):

- every row pointing to the duplicate moves to the kept file, in one transaction; the rows that
  would collide (a session both were registered to, two pending transfer requests) follow their rule;
- the journal: the duplicate's entries concern the kept file, one entry records the merge;
- the report: after the merge it equals a full rebuild of its packed copies, and it equals the
  report of a Mission Locale where the duplicate never existed (its facts recorded on the kept
  file from the start): before and after differ exactly by the duplicate;
- search keys, data date, the tombstone and the next import that names the duplicate.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.bourse.helpers import compte
from tests.factories import (
    ActionReperageFactory,
    AideFactory,
    ConseillerFactory,
    EmployeurFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    ManifestationFactory,
    MiseEnRelationFactory,
    ParrainageFactory,
    RepereFactory,
    SignalementFactory,
    SiteFactory,
    SituationFactory,
    StructureFactory,
    UserFactory,
)
from trajectoires.accounts.enums import Role
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.models import ActiviteCej, Participation, RendezVous, SessionCollective
from trajectoires.edition.models import DataStamp
from trajectoires.entreprises import offres
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.interchange.importer import import_dataset
from trajectoires.jeunes.merge import MergeRefused, merge_jeunes, overlaps, relations
from trajectoires.jeunes.models import DemandeTransfert, Fusion, Jeune, Transfert
from trajectoires.manifestations.models import Participant
from trajectoires.parrainage import services as mentoring
from trajectoires.rapports import blocs, evenements
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.rgpd.audit import MERGE_WHAT, record_read
from trajectoires.rgpd.models import Anonymisation, AuditEntry, RetentionNotice
from trajectoires.workspace.models import JeuneMot, JeuneRecherche
from trajectoires.workspace.search import search_jeunes


PERIODS = (Period.year(2025), Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31)))
A = AuditEntry.Action


def _report(structure, period: Period = PERIODS[0]) -> dict:  # type: ignore[no-untyped-def]
    return build_report(structure, period, None).data


def _rebuilt(structure, period: Period = PERIODS[0]) -> dict:  # type: ignore[no-untyped-def]
    blocs.build(structure)
    evenements.build(structure)
    return _report(structure, period)


def _direction(structure):  # type: ignore[no-untyped-def]
    return UserFactory(username=f"dir-{structure.code}", structure=structure, role=Role.DIRECTION)


# --- Every row moves --------------------------------------------------------------------------
def _one_row_of_everything(structure, jeune, site, conseiller, user) -> None:  # type: ignore[no-untyped-def]
    """A row of every table that points to a young person, for `jeune`."""
    now = timezone.now()
    EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 3), site=site, conseiller=conseiller)
    InscriptionFactory(jeune=jeune, dispositif="pacea", date_entree=dt.date(2024, 5, 6))
    SituationFactory(jeune=jeune, date_debut=dt.date(2025, 4, 1))
    AideFactory(jeune=jeune, type="fdaj", date=dt.date(2025, 5, 2), montant=Decimal("80.00"))
    MiseEnRelationFactory(offre__employeur__structure=structure, jeune=jeune)
    pairing = ParrainageFactory(jeune=jeune)
    # Mentoring (issue 14): a meeting and a worry, through their doors.
    mentoring.record_rencontre(pairing, pairing.date_debut, 60, "", None, pairing.date_debut)
    mentoring.signal_inquietude(pairing, "Inquiet")
    RepereFactory(structure=structure, action=ActionReperageFactory(structure=structure), jeune=jeune)
    SignalementFactory(structure=structure, jeune=jeune)
    Transfert.objects.create(structure=structure, ext_id=f"t-{jeune.pk}", jeune=jeune, date=dt.date(2025, 1, 2),
                             nouveau=conseiller)
    DemandeTransfert.objects.create(structure=structure, jeune=jeune, nouveau=conseiller)
    RendezVous.objects.create(structure=structure, ext_id=f"r-{jeune.pk}", jeune=jeune, conseiller=conseiller,
                              debut=now)
    session = SessionCollective.objects.create(structure=structure, ext_id=f"s-{jeune.pk}", type="atelier",
                                               theme="CV", debut=now, site=site, capacite=8)
    Participation.objects.create(session=session, jeune=jeune)
    ActiviteCej.objects.create(structure=structure, ext_id=f"a-{jeune.pk}", jeune=jeune, date=dt.date(2025, 3, 3),
                               theme="emploi", heures=Decimal("2"))
    Arrivee.objects.create(structure=structure, ext_id=f"v-{jeune.pk}", jeune=jeune, arrivee_le=now, nom="X")
    RetentionNotice.objects.create(structure=structure, jeune=jeune, motif="test")
    Fusion.objects.create(structure=structure, jeune=jeune, doublon_ext_id=f"ancien-{jeune.pk}", doublon_pk=1,
                          auteur=user)
    host = EmployeurFactory(structure=structure)
    ConventionImmersion.objects.create(
        structure=structure, ext_id=f"c-{jeune.pk}", jeune=jeune, employeur=host, date_debut=dt.date(2025, 3, 3),
        date_fin=dt.date(2025, 3, 14), objectif="decouvrir", tuteur_nom="A", tuteur_fonction="B",
        tuteur_telephone="+33612345678", duree_heures=35,
    )
    Participant.objects.create(manifestation=ManifestationFactory(structure=structure), jeune=jeune)
    compte(structure, "jeune", f"jeune-{jeune.pk}@exemple.fr", jeune=jeune)  # a job-board account linked to the file
    offres.set_metiers_recherches(jeune, ["M1607"])  # the jobs the young person looks for


def test_every_row_of_the_duplicate_moves_to_the_kept_file(structure):
    site = SiteFactory(structure=structure)
    conseiller = ConseillerFactory(structure=structure)
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", nom="Dupont", prenom="Jean")
    doublon = JeuneFactory(structure=structure, ext_id="web-1", nom="Dupond", prenom="Jean")
    _one_row_of_everything(structure, doublon, site, conseiller, user)
    rows = {}
    for relation in relations():
        pks = list(relation.model._default_manager.filter(**{relation.fk: doublon}).values_list("pk", flat=True))
        assert pks, f"donnez au doublon une ligne de {relation.label} dans ce test (nouvelle table ?)"
        rows[relation] = pks

    result = merge_jeunes(garde.pk, doublon.pk, {}, user)

    assert not Jeune.objects.filter(pk=doublon.pk).exists()
    for relation, pks in rows.items():
        attname = relation.model._meta.get_field(relation.fk).attname
        moved = relation.model._default_manager.filter(pk__in=pks).values_list(attname, flat=True)
        assert sorted(moved) == [garde.pk] * len(pks), relation.label
    assert sum(result.deplaces.values()) == sum(len(pks) for pks in rows.values())
    fusion = Fusion.objects.get(doublon_ext_id="web-1")
    assert fusion.jeune == garde and fusion.doublon_pk == doublon.pk and fusion.auteur == user
    # an earlier merge into the duplicate now points to the kept file too
    assert Fusion.objects.get(doublon_ext_id=f"ancien-{doublon.pk}").jeune == garde


def test_a_table_with_a_unique_constraint_on_the_young_person_has_a_rule():
    """A new table whose rows could collide on the kept file (unique with the young person) needs
    a rule in `jeunes.merge.CONFLICTS`; the one-to-one tables are refused or rebuilt."""
    from django.db import models

    from trajectoires.jeunes.merge import CONFLICTS, REBUILT, REFUSED

    for rel in Jeune._meta.related_objects:
        label = rel.related_model._meta.label_lower
        if rel.one_to_one:
            assert label in REBUILT | REFUSED, label
            continue
        for constraint in rel.related_model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and rel.field.name in constraint.fields:
                assert label in CONFLICTS, f"{label} : une règle de fusion manque (jeunes/merge.py, CONFLICTS)"


def test_a_session_both_attended_keeps_the_registration_that_recorded_a_contact(structure):
    site = SiteFactory(structure=structure)
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1")
    doublon = JeuneFactory(structure=structure, ext_id="J2")
    session = SessionCollective.objects.create(structure=structure, ext_id="s1", type="atelier", theme="CV",
                                               debut=timezone.now(), site=site, capacite=8)
    mine = Participation.objects.create(session=session, jeune=garde)
    contact = EvenementFactory(jeune=doublon, nature="atelier", date=dt.date(2025, 3, 3))
    theirs = Participation.objects.create(session=session, jeune=doublon, presence=Presence.PRESENT, evenement=contact)

    result = merge_jeunes(garde.pk, doublon.pk, {}, user)

    assert list(Participation.objects.filter(session=session).values_list("pk", "jeune_id")) == [(theirs.pk, garde.pk)]
    assert not Participation.objects.filter(pk=mine.pk).exists()
    assert contact.__class__.objects.get(pk=contact.pk).jeune_id == garde.pk
    assert any("session" in line for line in result.consequences)


def test_a_forum_both_attended_counts_one_young_person_and_one_contact(structure):
    from trajectoires.manifestations import services as manifestations

    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1")
    doublon = JeuneFactory(structure=structure, ext_id="J2")
    m = ManifestationFactory(structure=structure, date=dt.date(2025, 6, 12), jeunes=None, partenaires=None)
    for j in (garde, doublon):
        manifestations.set_presence(m, j, True, dt.date(2025, 6, 20))

    merge_jeunes(garde.pk, doublon.pk, {}, user)

    m.refresh_from_db()
    assert m.jeunes == 1
    assert list(Participant.objects.filter(manifestation=m).values_list("jeune_id", "present")) == [(garde.pk, True)]
    assert EvenementFactory._meta.model.objects.filter(jeune=garde, nature="autre").count() == 1


def test_two_pending_transfer_requests_the_duplicates_is_closed(structure):
    user = _direction(structure)
    conseiller = ConseillerFactory(structure=structure)
    garde = JeuneFactory(structure=structure, ext_id="J1")
    doublon = JeuneFactory(structure=structure, ext_id="J2")
    DemandeTransfert.objects.create(structure=structure, jeune=garde, nouveau=conseiller)
    theirs = DemandeTransfert.objects.create(structure=structure, jeune=doublon, nouveau=conseiller)
    merge_jeunes(garde.pk, doublon.pk, {}, user)
    theirs.refresh_from_db()
    assert theirs.jeune_id == garde.pk and theirs.statut == DemandeTransfert.Statut.REFUSEE
    assert theirs.decide_par == user
    assert garde.demandes_transfert.filter(statut=DemandeTransfert.Statut.EN_ATTENTE).count() == 1


# --- Profile, journal, search keys, data date ---------------------------------------------------
def test_the_profile_takes_the_values_chosen_field_by_field_and_the_journal_records_the_merge(structure):
    user = _direction(structure)
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire")
    paul = ConseillerFactory(structure=structure, nom="Bernard", prenom="Paul")
    garde = JeuneFactory(structure=structure, ext_id="J1", nom="Dupont", prenom="Jean", hebergement="parents",
                         conseiller=claire)
    doublon = JeuneFactory(structure=structure, ext_id="web-9", nom="Dupond", prenom="Jean", hebergement="amis",
                           niveau="iv", conseiller=paul, rqth=True)
    record_read(user, doublon)
    read = AuditEntry.objects.get(action=A.ACCESS, jeune_ref=doublon.pk)
    created = AuditEntry.objects.get(action=A.CREATE, object_id=doublon.pk, content_type__model="jeune")
    started = timezone.now()

    merge_jeunes(
        garde.pk, doublon.pk,
        {"hebergement": doublon.pk, "niveau": doublon.pk, "conseiller": doublon.pk, "nom": garde.pk},
        user,
    )

    garde.refresh_from_db()
    assert (garde.nom, garde.hebergement, garde.niveau, garde.conseiller, garde.rqth) == (
        "Dupont", "amis", "iv", paul, None,  # RQTH: not chosen, the kept file's (empty) value
    )
    assert garde.version == 3  # the merge's save, then the transfer's
    transfert = Transfert.objects.get(jeune=garde, nouveau=paul)
    assert transfert.ancien == claire and "web-9" in transfert.motif
    # the journal: the duplicate's entries are the kept file's, one entry says what happened
    for entry in (read, created):
        entry.refresh_from_db()
        assert entry.jeune_ref == garde.pk
    merge = AuditEntry.objects.get(what=MERGE_WHAT)
    assert (merge.actor, merge.jeune_ref, merge.structure_ref) == (user, garde.pk, structure.pk)
    assert merge.additional_data["doublon"] == {"id": doublon.pk, "identifiant": "web-9"}
    assert merge.additional_data["conserve"] == {"id": garde.pk, "identifiant": "J1"}
    assert merge.changes["Dossier fusionné"][0] == f"web-9 (n° {doublon.pk})"
    assert "hébergement" in merge.changes["Valeurs reprises du doublon"][1]
    assert not AuditEntry.objects.filter(action=A.DELETE, object_id=doublon.pk, content_type__model="jeune").exists()
    change = AuditEntry.objects.filter(action=A.UPDATE, object_id=garde.pk, changes__has_key="hebergement").get()
    assert change.changes["hebergement"] == ["parents", "amis"]
    # search keys and data date
    assert not JeuneRecherche.objects.filter(jeune_id=doublon.pk).exists()
    assert not JeuneMot.objects.filter(jeune_id=doublon.pk).exists()
    assert DataStamp.objects.get(structure=structure).as_of >= started


def test_a_consent_taken_from_the_duplicate_keeps_its_date(structure):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", consentement_sms=False,
                         consentement_sms_date=dt.date(2024, 1, 5), telephone="+33612345678")
    doublon = JeuneFactory(structure=structure, ext_id="J2", consentement_sms=True,
                           consentement_sms_date=dt.date(2025, 2, 3), email="zoe@example.org")
    merge_jeunes(garde.pk, doublon.pk, {"consentement_sms": doublon.pk, "email": doublon.pk}, user)
    garde.refresh_from_db()
    assert (garde.consentement_sms, garde.consentement_sms_date) == (True, dt.date(2025, 2, 3))
    assert (garde.telephone, garde.email) == ("+33612345678", "zoe@example.org")
    change = AuditEntry.objects.filter(action=A.UPDATE, object_id=garde.pk, changes__has_key="email").get()
    assert change.changes["email"] == ["(masqué)", "(masqué)"]  # contact details never in the journal


def test_the_kept_file_is_found_by_the_name_chosen_and_the_duplicate_is_not(structure):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", nom="Dupont", prenom="Jean")
    doublon = JeuneFactory(structure=structure, ext_id="J2", nom="Durandal", prenom="Jean")
    merge_jeunes(garde.pk, doublon.pk, {"nom": doublon.pk}, user)
    assert [j.pk for j in search_jeunes(user, "Durandal").jeunes] == [garde.pk]
    assert search_jeunes(user, "Dupont").jeunes == []


def test_the_merge_is_one_transaction(structure, monkeypatch):
    """A failure after the rows moved leaves both files as they were."""
    from trajectoires.jeunes import merge

    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1")
    doublon = JeuneFactory(structure=structure, ext_id="J2")
    contact = EvenementFactory(jeune=doublon)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise IntegrityError("panne simulée")

    monkeypatch.setattr(merge.Fusion.objects, "create", broken)
    with pytest.raises(IntegrityError):
        merge_jeunes(garde.pk, doublon.pk, {}, user)
    contact.refresh_from_db()
    assert contact.jeune_id == doublon.pk
    assert Jeune.objects.filter(pk=doublon.pk).exists()
    assert not AuditEntry.objects.filter(what=MERGE_WHAT).exists()


@pytest.mark.parametrize("case", ["anonymise", "version", "autre_structure", "meme_dossier"])
def test_refused_merges_change_nothing(structure, case):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1")
    doublon = JeuneFactory(structure=structure, ext_id="J2")
    EvenementFactory(jeune=doublon)
    versions = None
    if case == "anonymise":
        Anonymisation.objects.create(jeune=doublon, structure=structure, motif="test")
    elif case == "version":
        versions = {garde.pk: garde.version, doublon.pk: doublon.version - 1 if doublon.version > 1 else 99}
    elif case == "autre_structure":
        doublon = JeuneFactory(structure=StructureFactory(), ext_id="J3")
    elif case == "meme_dossier":
        doublon = garde
    with pytest.raises(MergeRefused):
        merge_jeunes(garde.pk, doublon.pk, {}, user, versions=versions)
    assert Jeune.objects.filter(pk=doublon.pk).exists()
    assert not Fusion.objects.exists()


def test_overlapping_enrolments_in_one_programme_are_both_kept_and_listed(structure):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", date_naissance=dt.date(2004, 1, 1))
    doublon = JeuneFactory(structure=structure, ext_id="J2", date_naissance=dt.date(2004, 1, 1))
    InscriptionFactory(jeune=garde, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    InscriptionFactory(jeune=doublon, dispositif="cej", date_entree=dt.date(2025, 2, 3))
    InscriptionFactory(jeune=doublon, dispositif="pacea", date_entree=dt.date(2023, 1, 2),
                       date_sortie=dt.date(2023, 6, 30))
    found = overlaps(garde, doublon)
    assert [(c.dispositif, c.garde, c.doublon) for c in found] == [
        ("cej", "entrée le 06/01/2025, sans sortie", "entrée le 03/02/2025, sans sortie")
    ]
    result = merge_jeunes(garde.pk, doublon.pk, {}, user)
    assert garde.inscriptions.filter(dispositif="cej").count() == 2
    assert [str(c) for c in result.chevauchements] == [str(found[0])]
    entry = AuditEntry.objects.get(what=MERGE_WHAT)
    assert "CEJ" in entry.changes["Inscriptions qui se chevauchent (1)"][1]


# --- The report ----------------------------------------------------------------------------------
def _world(structure, *, merged: bool):  # type: ignore[no-untyped-def]
    """One Mission Locale: 3 other young people, and a young person entered twice (K and D),
    or once (K holds D's facts and the profile values the merge will choose), with contacts,
    programmes, situations and help in 2024-2025. K and D sit in different blocks of the packed
    copies (300 files created between them)."""
    site = SiteFactory(structure=structure, ext_id="site-centre")
    claire = ConseillerFactory(structure=structure, ext_id="c-claire", nom="Martin", prenom="Claire")
    for i in range(3):
        other = JeuneFactory(structure=structure, ext_id=f"autre{i}", sexe="h" if i % 2 else "f")
        EvenementFactory(jeune=other, ext_id=f"e-autre{i}", date=dt.date(2025, 3, 10 + i), site=site)
        InscriptionFactory(jeune=other, ext_id=f"i-autre{i}", dispositif="cej", date_entree=dt.date(2025, 3, 1))
    k = JeuneFactory(structure=structure, ext_id="K", nom="Dupont", prenom="Jean", sexe="h",
                     date_naissance=dt.date(2005, 4, 2), hebergement="amis" if merged else "parents",
                     niveau="iv" if merged else None, conseiller=claire)
    Jeune.objects.bulk_create([
        Jeune(structure=structure, ext_id=f"remplissage{i}", nom="R", prenom="R", sexe="f",
              date_naissance=dt.date(2000, 1, 1))
        for i in range(300)
    ])
    d = k if merged else JeuneFactory(structure=structure, ext_id="D", nom="Dupond", prenom="Jean", sexe="h",
                                      date_naissance=dt.date(2005, 4, 2), hebergement="amis", niveau="iv")
    # K's own facts
    EvenementFactory(jeune=k, ext_id="e1", date=dt.date(2024, 11, 4), site=site, conseiller=claire)
    EvenementFactory(jeune=k, ext_id="e2", date=dt.date(2025, 1, 13), site=site, conseiller=claire)
    EvenementFactory(jeune=k, ext_id="e3", date=dt.date(2025, 2, 3), nature="telephone")
    InscriptionFactory(jeune=k, ext_id="i1", dispositif="pacea", date_entree=dt.date(2024, 11, 4),
                       date_sortie=dt.date(2025, 1, 31), motif_sortie="emploi")
    SituationFactory(jeune=k, ext_id="s1", categorie="emploi", type="cdd", date_debut=dt.date(2025, 2, 1))
    AideFactory(jeune=k, ext_id="a1", type="fdaj", date=dt.date(2025, 1, 20), montant=Decimal("120.00"))
    # D's facts (on K when the young person was entered once)
    EvenementFactory(jeune=d, ext_id="e4", date=dt.date(2025, 3, 17), site=site, conseiller=claire)
    EvenementFactory(jeune=d, ext_id="e5", date=dt.date(2025, 4, 7), nature="atelier", site=site)
    EvenementFactory(jeune=d, ext_id="e6", date=dt.date(2025, 5, 5), honore=False)
    InscriptionFactory(jeune=d, ext_id="i2", dispositif="cej", date_entree=dt.date(2025, 3, 17))
    SituationFactory(jeune=d, ext_id="s2", categorie="formation", type="qualifiante", date_debut=dt.date(2025, 6, 2))
    AideFactory(jeune=d, ext_id="a2", type="fdaj", date=dt.date(2025, 6, 10), montant=Decimal("80.50"))
    return k, d


def test_the_report_after_the_merge_differs_from_the_report_before_exactly_by_the_duplicate(structure):
    user = _direction(structure)
    k, d = _world(structure, merged=False)
    once = StructureFactory(code="99999S99", nom="Le même jeune, saisi une fois")
    _world(once, merged=True)
    before = {p: _report(structure, p) for p in PERIODS}  # the packed copies are built, as in use
    expected = {p: _report(once, p) for p in PERIODS}
    assert before[PERIODS[0]] != expected[PERIODS[0]]

    merge_jeunes(k.pk, d.pk, {"hebergement": d.pk, "niveau": d.pk}, user)

    for period in PERIODS:
        after = _report(structure, period)
        assert after == _rebuilt(structure, period), "le rapport après la fusion diffère d'une reconstruction"
        assert after == expected[period], "le rapport après la fusion diffère de celui du jeune saisi une fois"
    # What changed, in words: one young person fewer wherever both files counted, no fact fewer.
    b, a = before[PERIODS[0]]["indicateurs"], _report(structure)["indicateurs"]
    assert a["jeunes_en_contact"] == b["jeunes_en_contact"] - 1 == 4
    assert a["jeunes_accompagnes"] == b["jeunes_accompagnes"] - 1
    assert a["entretiens_individuels"] == b["entretiens_individuels"] == 5
    assert a["entrees_emploi"] == b["entrees_emploi"] and a["entrees_formation"] == b["entrees_formation"]
    assert a["jeunes_premier_accueil"] == b["jeunes_premier_accueil"] - 1  # D's "first" interview was not


# --- The next import that names the duplicate ------------------------------------------------------
def test_an_import_naming_the_merged_file_is_refused_with_the_kept_file(structure, tmp_path):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1")
    doublon = JeuneFactory(structure=structure, ext_id="J2")
    merge_jeunes(garde.pk, doublon.pk, {}, user)
    folder = tmp_path / "jeu"
    folder.mkdir()
    (folder / "jeunes.csv").write_text("id;nom;prenom;sexe;date_naissance\nJ2;Dupond;Jean;h;2004-06-15\n")
    (folder / "evenements.csv").write_text(
        "id;jeune_id;date;nature;honore;site_id;conseiller_id;themes\nE9;J2;2025-02-03;entretien_individuel;1;;;\n"
    )
    result = import_dataset(folder, structure)
    assert not result.ok
    merged = [p for p in result.problems if "fusionné dans le dossier J1" in p.reason]
    assert {(p.file, p.column, p.value) for p in merged} == {("jeunes.csv", "id", "J2"),
                                                              ("evenements.csv", "jeune_id", "J2")}
    assert not Jeune.objects.filter(ext_id="J2").exists()
    # with the kept file's identifier, the same rows are imported
    (folder / "jeunes.csv").write_text("id;nom;prenom;sexe;date_naissance\nJ1;Dupont;Jean;h;2004-06-15\n")
    (folder / "evenements.csv").write_text(
        "id;jeune_id;date;nature;honore;site_id;conseiller_id;themes\nE9;J1;2025-02-03;entretien_individuel;1;;;\n"
    )
    assert import_dataset(folder, structure).ok


# --- The pages -------------------------------------------------------------------------------------
def test_the_direction_compares_then_merges_from_the_page(client, structure):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", nom="Dupont", prenom="Jean", hebergement="parents")
    doublon = JeuneFactory(structure=structure, ext_id="web-2", nom="Dupond", prenom="Jean", hebergement="amis")
    EvenementFactory(jeune=doublon)
    InscriptionFactory(jeune=garde, dispositif="cej", date_entree=dt.date(2025, 1, 6))
    InscriptionFactory(jeune=doublon, dispositif="cej", date_entree=dt.date(2025, 2, 3))
    client.force_login(user)
    url = reverse("workspace:fusion", args=[doublon.pk, garde.pk])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Chez les parents" in text and "Chez des amis" in text
    assert "Inscriptions qui se chevauchent" in text
    assert f'value="{garde.pk}" id="garder-b" checked' in text  # the imported file is kept by default
    assert set(AuditEntry.objects.filter(action=A.ACCESS).values_list("jeune_ref", flat=True)) == {
        garde.pk, doublon.pk
    }
    data = {"garder": str(garde.pk), "version_a": doublon.version, "version_b": garde.version,
            "champ_nom": str(garde.pk), "champ_hebergement": str(doublon.pk)}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("workspace:jeune", args=[garde.pk])
    garde.refresh_from_db()
    assert (garde.nom, garde.hebergement) == ("Dupont", "amis")
    assert not Jeune.objects.filter(pk=doublon.pk).exists()
    followed = client.get(response["Location"])
    assert "Les deux dossiers sont fusionnés" in followed.content.decode()


def test_a_choice_missing_is_refused_with_a_french_message(client, structure):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", hebergement="parents")
    doublon = JeuneFactory(structure=structure, ext_id="J2", hebergement="amis")
    client.force_login(user)
    url = reverse("workspace:fusion", args=[garde.pk, doublon.pk])
    response = client.post(url, {"garder": str(garde.pk), "version_a": 1, "version_b": 1})
    assert response.status_code == 400
    assert "choisissez le dossier à conserver et une valeur" in response.content.decode()
    assert Jeune.objects.filter(pk=doublon.pk).exists()


def test_a_stale_comparison_is_refused(client, structure):
    user = _direction(structure)
    garde = JeuneFactory(structure=structure, ext_id="J1", nom="Dupont")
    doublon = JeuneFactory(structure=structure, ext_id="J2", nom="Dupont")
    client.force_login(user)
    url = reverse("workspace:fusion", args=[garde.pk, doublon.pk])
    with transaction.atomic():
        Jeune.objects.filter(pk=doublon.pk).update(version=5)  # someone saved the profile meanwhile
    response = client.post(url, {"garder": str(garde.pk), "version_a": 1, "version_b": 1})
    assert response.status_code == 409
    assert "a été modifié depuis l'affichage de la comparaison" in html.unescape(response.content.decode())
    assert Jeune.objects.filter(pk=doublon.pk).exists()
