"""Audit journal: reads, changes, imports, and who may read the journal."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.context import set_actor
from django.contrib import admin
from django.urls import reverse

from tests.factories import EvenementFactory, InscriptionFactory, UserFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.demo.generator import write_demo_dataset
from trajectoires.interchange.importer import import_dataset
from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.audit import IMPORT_WHAT, MASK, record_read, sensitive_report_key
from trajectoires.rgpd.models import AuditEntry


A = AuditEntry.Action


def test_opening_a_file_records_a_read(client, world):
    user = world.user(Role.DIRECTION)
    jeune = world.jeunes["autre"]
    client.force_login(user)
    assert client.get(reverse("workspace:jeune", args=[jeune.pk]), REMOTE_ADDR="10.1.2.3").status_code == 200
    entry = AuditEntry.objects.get(action=A.ACCESS, jeune_ref=jeune.pk)
    assert entry.actor == user
    assert entry.structure_ref == world.structure.pk
    assert entry.remote_addr == "10.1.2.3"
    assert entry.what == "Dossier du jeune"
    assert entry.sensitive is False
    assert entry.additional_data["chemin"] == reverse("workspace:jeune", args=[jeune.pk])


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("workspace:profil", "Dossier du jeune : modification du profil"),
        ("workspace:contact", "Dossier du jeune : saisie d'un contact"),
        ("workspace:dispositif_entree", "Dossier du jeune : "),
        ("workspace:aide", "Dossier du jeune : "),
        ("workspace:transfert", "Dossier du jeune : "),
        ("agenda:cej", "Heures d'activité CEJ"),
        ("agenda:rdv_create", "Prise de rendez-vous"),
    ],
)
def test_the_forms_of_a_file_record_a_read(client, world, name, what):
    """Every page showing one young person's data records its read, not only the file itself."""
    user = world.user(Role.DIRECTION)
    jeune = world.jeunes["portefeuille"]
    client.force_login(user)
    assert client.get(reverse(name, args=[jeune.pk])).status_code == 200
    entry = AuditEntry.objects.get(action=A.ACCESS, jeune_ref=jeune.pk)
    assert entry.actor == user
    assert entry.what.startswith(what)
    assert entry.additional_data["chemin"] == reverse(name, args=[jeune.pk])


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("agenda:rdv", "Rendez-vous"),
        ("agenda:session", "Session collective : liste des inscrits"),
        ("agenda:convocations", "Convocations (PDF) : identité et adresse"),
        ("accueil:entretien", "Accueil au flux : entretien"),
    ],
)
def test_agenda_and_walk_in_pages_about_a_young_person_record_a_read(client, world, name, what):
    """An appointment, a session's list of registered young people, their convocation letters
    and the walk-in interview page show a young person's data: each records its read."""
    from tests.agenda.access import url_for

    user = world.user(Role.DIRECTION)
    jeune = world.jeunes["portefeuille"]
    url = url_for(world, name, "portefeuille")
    client.force_login(user)
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(action=A.ACCESS, jeune_ref=jeune.pk)
    assert (entry.actor, entry.what, entry.additional_data["chemin"]) == (user, what, url)


def test_a_refused_file_records_no_read(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    assert client.get(reverse("workspace:jeune", args=[world.jeunes["ailleurs"].pk])).status_code == 404
    assert not AuditEntry.objects.filter(action=A.ACCESS).exists()


def test_a_read_of_sensitive_items_is_flagged(client, world):
    jeune = world.jeunes["portefeuille"]  # claire (conseiller) is the referent
    InscriptionFactory(jeune=jeune, dispositif="jsmj_mo", date_entree=dt.date(2025, 1, 6))
    client.force_login(world.user(Role.CONSEILLER))
    client.get(reverse("workspace:jeune", args=[jeune.pk]))
    # A colleague's young person with the same programme: the counsellor does not see it.
    other = world.jeunes["autre"]
    InscriptionFactory(jeune=other, dispositif="sante", date_entree=dt.date(2025, 1, 6))
    client.get(reverse("workspace:jeune", args=[other.pk]))
    reads = {e.jeune_ref: e.sensitive for e in AuditEntry.objects.filter(action=A.ACCESS)}
    assert reads == {jeune.pk: True, other.pk: False}


def test_changes_are_logged_with_before_and_after(world):
    user = world.user(Role.DIRECTION)
    jeune = world.jeunes["autre"]
    before = jeune.nom
    with set_actor(user):
        jeune.nom = "Nouveau-Nom"
        jeune.rqth = True
        jeune.save()
    entry = AuditEntry.objects.filter(action=A.UPDATE, jeune_ref=jeune.pk).latest("timestamp")
    assert entry.actor == user
    assert entry.changes["nom"] == [before, "Nouveau-Nom"]
    assert entry.changes["rqth"] == [MASK, MASK]  # a sensitive value never reaches the journal
    assert entry.what == "Jeune"


def test_recording_a_contact_logs_its_creation_with_the_actor(client, world):
    user = world.user(Role.DIRECTION)
    jeune = world.jeunes["autre"]
    client.force_login(user)
    data = {"date": "2025-03-03", "nature": "entretien_individuel", "honore": "oui"}
    assert client.post(reverse("workspace:contact", args=[jeune.pk]), data).status_code == 302
    entry = AuditEntry.objects.get(action=A.CREATE, jeune_ref=jeune.pk, what="Événement")
    assert entry.actor == user
    assert entry.changes["date"][1] == "2025-03-03"
    assert entry.structure_ref == world.structure.pk


def test_deleting_a_contact_is_logged(world):
    evenement = EvenementFactory(jeune=world.jeunes["suivi"])
    pk = evenement.pk
    evenement.delete()
    entry = AuditEntry.objects.get(action=A.DELETE, object_pk=str(pk))
    assert entry.jeune_ref == world.jeunes["suivi"].pk


def test_a_sensitive_programme_change_is_flagged(world):
    inscription = InscriptionFactory(jeune=world.jeunes["suivi"], dispositif="psychologue")
    entry = AuditEntry.objects.get(action=A.CREATE, object_pk=str(inscription.pk), what__startswith="Inscription")
    assert entry.sensitive


def test_role_changes_are_logged_without_the_password(world):
    admin_user = world.user(Role.DIRECTION)
    user = world.user(Role.ACCUEIL)
    with set_actor(admin_user):
        user.role = Role.CONSEILLER
        user.set_password("un-autre-mot-de-passe")
        user.save()
    entry = AuditEntry.objects.filter(action=A.UPDATE, object_pk=str(user.pk), what="Compte utilisateur").get()
    assert entry.changes == {"role": [Role.ACCUEIL.value, Role.CONSEILLER.value]}
    assert entry.structure_ref == world.structure.pk
    assert entry.actor == admin_user


def test_a_login_writes_no_entry(client, world):
    user = world.user(Role.ACCUEIL)
    user.set_password("un-mot-de-passe-solide")
    user.save()
    count = AuditEntry.objects.count()
    response = client.post(reverse("login"), {"username": user.username, "password": "un-mot-de-passe-solide"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert AuditEntry.objects.count() == count  # last_login is not audited


def test_an_import_writes_one_entry(tmp_path, world):
    write_demo_dataset(tmp_path, jeunes=40, seed=5, today=dt.date(2025, 6, 30))
    before = AuditEntry.objects.count()
    result = import_dataset(tmp_path, world.structure, today=dt.date(2025, 6, 30))
    assert result.ok, result.problems[:3]
    new = AuditEntry.objects.filter(pk__gt=0).order_by("-pk")[: AuditEntry.objects.count() - before]
    assert [e.what for e in new] == [IMPORT_WHAT]
    entry = new[0]
    assert entry.structure_ref == world.structure.pk
    assert entry.changes["fichiers"]["jeunes.csv"]["créées"] == result.files["jeunes.csv"].created > 0
    assert entry.additional_data["lignes"] == result.rows


def test_record_read_of_a_list_writes_one_entry_per_young_person(world):
    user = world.user(Role.DIRECTION)
    jeunes = Jeune.objects.filter(structure=world.structure)
    assert record_read(user, jeunes, what="Liste du rapport : jeunes_en_contact") == jeunes.count()
    assert AuditEntry.objects.filter(action=A.ACCESS, actor=user).count() == jeunes.count()
    assert record_read(user, []) == 0


def test_drill_down_lists_record_reads(client, world):
    user = world.user(Role.DIRECTION)
    for key in ("portefeuille", "suivi"):
        EvenementFactory(jeune=world.jeunes[key], date=dt.date(2024, 3, 4))
    client.force_login(user)
    url = f"{reverse('edition:jeunes')}?debut=2024-01-01&fin=2024-12-31&cle=jeunes_en_contact"
    assert client.get(url).status_code == 200
    reads = AuditEntry.objects.filter(action=A.ACCESS, actor=user)
    assert {e.jeune_ref for e in reads} == {world.jeunes["portefeuille"].pk, world.jeunes["suivi"].pk}
    assert {e.what for e in reads} == {"Liste du rapport : jeunes_en_contact"}
    csv_url = url.replace(reverse("edition:jeunes"), reverse("edition:jeunes_csv"))
    assert client.get(csv_url).status_code == 200
    assert reads.filter(what__startswith="Liste du rapport (CSV)").count() == 2


def test_report_keys_naming_a_sensitive_programme_are_sensitive():
    assert sensitive_report_key("dispositifs.jsmj_mf.entrees")
    assert sensitive_report_key("dispositifs.sante.beneficiaires")
    assert not sensitive_report_key("dispositifs.cej.entrees")
    assert not sensitive_report_key("repartitions.jeunes_accompagnes.sexe.h")


def test_the_journal_is_not_in_the_admin_site():
    assert not admin.site.is_registered(AuditEntry)


# --- The journal page ------------------------------------------------------------------------
def _journal(client, user: User, **params: str):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("rgpd:journal"), params)
    assert response.status_code == 200
    return response


def test_the_journal_shows_the_structure_entries_only(client, world):
    direction = world.user(Role.DIRECTION)
    record_read(world.user(Role.CONSEILLER), world.jeunes["autre"])
    record_read(UserFactory(structure=world.other_structure, role=Role.DIRECTION), world.jeunes["ailleurs"])
    response = _journal(client, direction)
    page = response.context["page"]
    refs = {e.jeune_ref for e in page.object_list if e.action == A.ACCESS}
    assert refs == {world.jeunes["autre"].pk}
    html = response.content.decode()
    assert "Journal d'audit" in html and "Consultation" in html


def test_the_journal_filters_by_young_person_user_date_and_action(client, world):
    direction = world.user(Role.DIRECTION)
    conseiller = world.user(Role.CONSEILLER)
    record_read(conseiller, world.jeunes["autre"])
    record_read(conseiller, world.jeunes["suivi"])
    record_read(direction, world.jeunes["suivi"])
    old = record_read(direction, world.jeunes["portefeuille"])
    assert old == 1
    AuditEntry.objects.filter(jeune_ref=world.jeunes["portefeuille"].pk, action=A.ACCESS).update(
        timestamp=dt.datetime(2024, 1, 15, 10, tzinfo=dt.UTC)
    )

    def reads(**params: str) -> list[tuple[int, int]]:
        page = _journal(client, direction, action=str(A.ACCESS), **params).context["page"]
        return sorted((e.jeune_ref, e.actor_id) for e in page.object_list)

    suivi = world.jeunes["suivi"].pk
    assert reads(jeune="suivi") == sorted([(suivi, conseiller.pk), (suivi, direction.pk)])
    assert reads(utilisateur=str(conseiller.pk)) == sorted(
        [(world.jeunes["autre"].pk, conseiller.pk), (world.jeunes["suivi"].pk, conseiller.pk)]
    )
    assert reads(debut="2024-01-01", fin="2024-01-31") == [(world.jeunes["portefeuille"].pk, direction.pk)]
    assert reads(jeune="ailleurs") == []  # another Mission Locale's young person: unknown here
    bad = _journal(client, direction, debut="2024-02-01", fin="2024-01-01")
    assert "La date de fin précède la date de début." in bad.content.decode()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.DIRECTION])
def test_the_journal_is_for_the_direction_only(client, world, role):
    client.force_login(world.user(role))
    response = client.get(reverse("rgpd:journal"))
    assert response.status_code == 403
    assert "réservés à la direction" in response.content.decode()


def test_a_journal_entry_of_an_import_is_readable(client, world, tmp_path):
    write_demo_dataset(tmp_path, jeunes=20, seed=9, today=dt.date(2025, 6, 30))
    assert import_dataset(tmp_path, world.structure, today=dt.date(2025, 6, 30)).ok
    html = _journal(client, world.user(Role.DIRECTION)).content.decode()
    assert "Import" in html and "jeunes.csv" in html


def test_the_menu_links_to_the_journal_for_the_direction_only(client, world):
    link = f'href="{reverse("rgpd:journal")}"'
    client.force_login(world.user(Role.DIRECTION))
    assert link in client.get(reverse("workspace:search")).content.decode()
    client.force_login(world.user(Role.CONSEILLER))
    assert link not in client.get(reverse("workspace:search")).content.decode()


def test_every_table_about_a_young_person_is_audited():
    from auditlog.registry import auditlog

    from trajectoires.rgpd.audit import NOT_AUDITED

    for rel in Jeune._meta.related_objects:
        label = rel.related_model._meta.label_lower
        assert auditlog.contains(rel.related_model) == (label not in NOT_AUDITED), label
    assert auditlog.contains(Jeune) and auditlog.contains(User)
