"""Writing the interview (issue 12, part 2): note, duration, themes, next steps that can book
the next appointment in the same gesture; who reads a note (the roles of the timeline; a note
marked sensitive: the direction and the referent), the read journal, the search in a file's
notes, and where notes never go (journal changes, report, interchange format, API)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EvenementFactory, UserFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.accompagnement.services import clean_text
from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import can_read_note
from trajectoires.agenda.models import RendezVous
from trajectoires.rgpd.audit import MASK
from trajectoires.rgpd.models import AuditEntry
from trajectoires.rgpd.retention import Echeance, anonymise
from trajectoires.workspace.timeline import timeline


NOTE = "Recherche un CAP cuisine.\nA besoin d'un logement près de Planoise."
ETAPES = "Envoyer le CV au restaurant du centre."
SECRET = "Suivi psychiatrique en cours, traitement."


def _tomorrow_at(hour: int = 14) -> tuple[str, str]:
    day = timezone.localdate() + dt.timedelta(days=1)
    return day.isoformat(), f"{hour:02d}:30"


@pytest.fixture
def notes(world):
    """On `suivi` (Paul's file, met once by Claire): a plain note and a sensitive one."""
    jeune = world.jeunes["suivi"]
    plain = EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 3), note=NOTE, prochaines_etapes=ETAPES, duree=45)
    secret = EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 10), note=SECRET, note_sensible=True)
    return jeune, plain, secret


# --- Writing --------------------------------------------------------------------------------
def test_the_counsellor_writes_an_interview_and_books_the_next_appointment(client, world):
    claire = world.user(Role.CONSEILLER)
    client.force_login(claire)
    jeune = world.jeunes["portefeuille"]
    day, hour = _tomorrow_at()
    response = client.post(reverse("workspace:contact", args=[jeune.pk]), {
        "date": timezone.localdate().isoformat(), "nature": "entretien_individuel", "honore": "oui",
        "duree": "45", "themes": ["emploi", "logement"], "note": NOTE.replace("\n", "\r\n") + "\r\n\r\n\r\n",
        "prochaines_etapes": ETAPES, "rdv_date": day, "rdv_heure": hour, "rdv_nature": "telephone",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    e = Evenement.objects.get(jeune=jeune)
    assert (e.note, e.duree, e.prochaines_etapes, e.note_sensible, e.themes) == (NOTE, 45, ETAPES, False,
                                                                                 "emploi|logement")
    rdv = RendezVous.objects.get(jeune=jeune)
    assert rdv.conseiller == claire.conseiller and rdv.nature == "telephone"
    assert timezone.localtime(rdv.debut).strftime("%Y-%m-%d %H:%M") == f"{day} {hour}"
    assert rdv.objet == f"Suite de l'entretien du {timezone.localdate():%d/%m/%Y}"  # never the next steps' text
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Prochain rendez-vous le" in html and "dans votre agenda" in html
    assert "Recherche un CAP cuisine.<br>A besoin d&#x27;un logement" in html
    assert "Durée : 45 min" in html
    assert f"{ETAPES}" in html


def test_the_next_appointment_must_be_to_come_and_complete(client, world):
    client.force_login(world.user(Role.CONSEILLER))
    jeune = world.jeunes["portefeuille"]
    base = {"date": timezone.localdate().isoformat(), "nature": "entretien_individuel"}
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    for extra, message in [
        ({"rdv_date": yesterday, "rdv_heure": "10:00"}, "Le prochain rendez-vous doit être à venir"),
        ({"rdv_date": _tomorrow_at()[0]}, "Indiquez aussi l&#x27;heure du prochain rendez-vous"),
        ({"rdv_heure": "10:00"}, "Indiquez aussi la date du prochain rendez-vous"),
    ]:
        response = client.post(reverse("workspace:contact", args=[jeune.pk]), {**base, **extra})
        assert response.status_code == 200 and message in response.content.decode()
    assert not Evenement.objects.filter(jeune=jeune).exists()  # nothing written: the whole form is refused
    assert not RendezVous.objects.filter(jeune=jeune).exists()


def test_a_director_without_a_counsellor_row_books_from_the_agenda(client, world):
    client.force_login(world.user(Role.DIRECTION))
    jeune = world.jeunes["portefeuille"]
    day, hour = _tomorrow_at()
    response = client.post(reverse("workspace:contact", args=[jeune.pk]), {
        "date": timezone.localdate().isoformat(), "nature": "entretien_individuel", "rdv_date": day,
        "rdv_heure": hour})
    assert "prenez ce rendez-vous depuis l&#x27;agenda" in response.content.decode()
    assert not RendezVous.objects.exists()


def test_the_note_length_is_bounded_and_stored_as_plain_text():
    assert clean_text("  Ligne 1  \r\n\r\n\r\n\r\nLigne 2\r\n  ") == "Ligne 1\n\nLigne 2"
    assert clean_text(None) == ""


# --- Who reads a note -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "key", "plain", "secret"),
    [
        (Role.DIRECTION, "suivi", True, True),
        (Role.CONSEILLER, "suivi", True, False),  # not the referent: "note confidentielle"
        (Role.ACCUEIL, "suivi", False, False),
    ],
)
def test_notes_follow_the_role_and_sensitive_rules(client, world, notes, role, key, plain, secret):
    jeune = notes[0]
    client.force_login(world.user(role))
    html = client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()
    assert ("Recherche un CAP cuisine" in html) is plain
    assert (ETAPES in html) is plain
    assert ("Suivi psychiatrique" in html) is secret
    if plain and not secret:
        assert "Note confidentielle (santé, justice)" in html


def test_the_referent_reads_the_sensitive_note(client, world, notes):
    jeune = notes[0]
    referent = UserFactory(structure=world.structure, role=Role.CONSEILLER)
    jeune.conseiller.user = referent
    jeune.conseiller.save()
    client.force_login(referent)
    html = client.get(reverse("workspace:jeune", args=[jeune.pk])).content.decode()
    assert "Suivi psychiatrique" in html and "Note sensible (santé, justice)" in html


@pytest.mark.parametrize(
    ("role", "key"),
    [(Role.RELATIONS_ENTREPRISES, "candidat"), (Role.REPERAGE, "repere"), (Role.PARRAIN, "filleul")],
)
def test_mentors_outreach_and_employer_relations_never_read_notes(client, world, role, key):
    jeune = world.jeunes[key]
    EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 3), note=NOTE, prochaines_etapes=ETAPES)
    user = world.user(role)
    assert not can_read_note(user, jeune, False)
    client.force_login(user)
    response = client.get(reverse("workspace:jeune", args=[jeune.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recherche un CAP" not in html and ETAPES not in html
    assert not client.get(reverse("workspace:jeune", args=[jeune.pk]), {"notes": "cap"}).context.get("notes_read")


# --- The journal ------------------------------------------------------------------------------
def test_every_read_of_a_note_is_in_the_journal(client, world, notes):
    jeune = notes[0]
    claire, direction = world.user(Role.CONSEILLER), world.user(Role.DIRECTION)
    client.force_login(claire)
    client.get(reverse("workspace:jeune", args=[jeune.pk]))
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, actor=claire).latest("pk")
    assert entry.what == "Dossier du jeune (notes)" and entry.sensitive is False  # the sensitive note hidden
    client.force_login(direction)
    client.get(reverse("workspace:jeune", args=[jeune.pk]))
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, actor=direction).latest("pk")
    assert entry.what == "Dossier du jeune (notes)" and entry.sensitive is True
    # A search in the notes says what was searched.
    client.get(reverse("workspace:jeune", args=[jeune.pk]), {"notes": "cuisine"})
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, actor=direction).latest("pk")
    assert entry.what == "Dossier du jeune (recherche dans les notes : « cuisine »)"
    # Reception reads the file, not the notes.
    accueil = world.user(Role.ACCUEIL)
    client.force_login(accueil)
    client.get(reverse("workspace:jeune", args=[jeune.pk]))
    assert AuditEntry.objects.filter(jeune_ref=jeune.pk, actor=accueil).latest("pk").what == "Dossier du jeune"


def test_the_htmx_answer_that_shows_the_notes_is_journaled(client, world):
    claire = world.user(Role.CONSEILLER)
    client.force_login(claire)
    jeune = world.jeunes["portefeuille"]
    client.post(reverse("workspace:contact", args=[jeune.pk]), {
        "date": timezone.localdate().isoformat(), "nature": "entretien_individuel", "note": NOTE,
    }, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="contact-form")
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, actor=claire, action=AuditEntry.Action.ACCESS).latest("pk")
    assert entry.what == "Dossier du jeune : contact enregistré (notes)"


def test_the_journal_masks_the_note_and_the_next_steps(world, notes):
    _, plain, _ = notes
    entry = AuditEntry.objects.filter(object_pk=str(plain.pk), action=AuditEntry.Action.CREATE,
                                      content_type__model="evenement").get()
    assert entry.changes["note"] == [None, MASK] or entry.changes["note"][1] == MASK
    assert entry.changes["prochaines_etapes"][1] == MASK
    assert "cuisine" not in json.dumps(entry.changes, ensure_ascii=False)


# --- Search in the file's notes -----------------------------------------------------------------
def test_the_search_keeps_the_contacts_whose_readable_notes_match(world, notes):
    jeune, plain, secret = notes
    claire, direction = world.user(Role.CONSEILLER), world.user(Role.DIRECTION)
    assert [i.order for i in timeline(claire, jeune, query="LOGEMENT planoise").items] == [plain.pk]
    assert [i.order for i in timeline(claire, jeune, query="restaurant").items] == [plain.pk]  # next steps too
    assert timeline(claire, jeune, query="psychiatrique").items == []  # a note she may not read
    assert [i.order for i in timeline(direction, jeune, query="psychiatrique").items] == [secret.pk]
    assert timeline(world.user(Role.ACCUEIL), jeune, query="cuisine").query == ""  # not a reader: no search


# --- Where notes never go ---------------------------------------------------------------------
def test_notes_are_not_in_the_interchange_export_nor_the_api(client, world, notes, tmp_path):
    from trajectoires.interchange.exporter import export_dataset

    export_dataset(world.structure, tmp_path / "x")
    header = (tmp_path / "x" / "evenements.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id;jeune_id;date;nature;honore;site_id;conseiller_id;themes"
    assert "cuisine" not in (tmp_path / "x" / "evenements.csv").read_text(encoding="utf-8")
    from trajectoires.api.endpoints import ContactOut

    assert not {"note", "prochaines_etapes", "note_sensible"} & set(ContactOut.model_fields)


def test_retention_clears_the_notes(world, notes):
    jeune, plain, secret = notes
    anonymise(world.structure, [Echeance(jeune.pk, jeune.ext_id, "", None, None, None, dt.date(2025, 6, 30), "t")])
    for e in (plain, secret):
        e.refresh_from_db()
        assert (e.note, e.prochaines_etapes) == ("", "")
    assert plain.duree == 45  # not identifying: kept
