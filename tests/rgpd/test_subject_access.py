"""A young person's access report (page, CSV) and the export of all their data (subject access)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

from auditlog.context import set_actor
from django.urls import reverse

from tests.factories import (
    AideFactory,
    EvenementFactory,
    InscriptionFactory,
    SituationFactory,
    UserFactory,
)
from trajectoires.accompagnement.enums import Nature
from trajectoires.accounts.enums import Role
from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.audit import record_read
from trajectoires.rgpd.export import DERIVED
from trajectoires.rgpd.models import AuditEntry


A = AuditEntry.Action


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_access_report_lists_who_read_and_changed_the_file(client, world):
    jeune = world.jeunes["suivi"]
    conseiller, accueil, direction = (world.user(r) for r in (Role.CONSEILLER, Role.ACCUEIL, Role.DIRECTION))
    client.force_login(conseiller)
    client.get(reverse("workspace:jeune", args=[jeune.pk]))
    client.force_login(accueil)
    client.get(reverse("workspace:jeune", args=[jeune.pk]))
    with set_actor(direction):
        jeune.niveau = "iv"
        jeune.save()
    record_read(conseiller, world.jeunes["autre"])  # another file: not in this report

    client.force_login(direction)
    response = client.get(reverse("rgpd:acces", args=[jeune.pk]))
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert all(e.jeune_ref == jeune.pk for e in entries)
    reads = [e for e in entries if e.action == A.ACCESS]
    assert {e.actor_id for e in reads} == {conseiller.pk, accueil.pk, direction.pk}  # direction: this very report
    html = response.content.decode()
    assert f"Rapport des accès au dossier de {jeune}" in html
    # In French: the field's label and the choice's label, not "niveau: None -> iv" (issue 12, part 9).
    assert "Niveau de formation</span> : Non renseigné → Niveau IV (baccalauréat)" in html and "Modification" in html
    # Opening the report is itself recorded.
    own = AuditEntry.objects.filter(jeune_ref=jeune.pk, actor=direction, what="Rapport des accès au dossier")
    assert own.count() == 1


def test_the_access_report_csv_is_spreadsheet_safe(client, world):
    jeune = world.jeunes["autre"]
    evil = UserFactory(structure=world.structure, role=Role.CONSEILLER, first_name='=HYPERLINK("http://x")',
                       last_name="")
    record_read(evil, jeune)
    record_read(world.user(Role.ACCUEIL), jeune)
    client.force_login(world.user(Role.DIRECTION))
    response = client.get(reverse("rgpd:acces_csv", args=[jeune.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response.content)
    assert rows[0][:3] == ["Date et heure", "Utilisateur", "Action"]
    body = rows[1:]
    assert len(body) == AuditEntry.objects.filter(jeune_ref=jeune.pk).count()  # its own read included
    users = [r[1] for r in body]
    assert any(u.startswith("'=HYPERLINK") for u in users)
    assert not any(u.startswith("=") for u in users)


def _export(client, world, jeune: Jeune) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    client.force_login(world.user(Role.DIRECTION))
    response = client.get(reverse("rgpd:export", args=[jeune.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_subject_export_holds_every_table(client, world):
    jeune = world.jeunes["portefeuille"]
    jeune.nom = '=HYPERLINK("http://x")'
    jeune.prenom = "<script>alert(1)</script>"
    jeune.save()
    EvenementFactory(jeune=jeune, date=dt.date(2025, 2, 3))
    EvenementFactory(jeune=jeune, date=dt.date(2025, 3, 3), nature="atelier")
    InscriptionFactory(jeune=jeune, dispositif="jsmj_mf", date_entree=dt.date(2025, 1, 6))
    SituationFactory(jeune=jeune)
    AideFactory(jeune=jeune)
    record_read(world.user(Role.CONSEILLER), jeune)

    archive = _export(client, world, jeune)
    names = set(archive.namelist())
    assert {"donnees.json", "donnees.html", "jeune.csv", "acces.csv"} <= names
    data = json.loads(archive.read("donnees.json"))
    assert data["jeune"]["ext_id"] == jeune.ext_id
    assert data["jeune"]["date_naissance"] == jeune.date_naissance.isoformat()
    # Every table pointing to the young person is there, with all its rows.
    expected = {
        rel.related_model._meta.label_lower
        for rel in Jeune._meta.related_objects
        if rel.related_model._meta.label_lower not in DERIVED
    }
    assert expected <= {k.split(".")[0] + "." + k.split(".")[1] for k in data["tables"]}
    assert len(data["tables"]["accompagnement.evenement"]) == jeune.evenements.count()
    assert [r["dispositif"] for r in data["tables"]["dispositifs.inscription"]] == ["jsmj_mf"]
    assert len(data["tables"]["situations.situation"]) == 1 and len(data["tables"]["aides.aide"]) == 1
    assert any(a["action"] == "Consultation" for a in data["acces"])
    # Readable copies: CSV cells neutralised, HTML escaped.
    fiche = _csv_rows(archive.read("jeune.csv"))
    assert fiche[1][fiche[0].index("nom")] == "'" + jeune.nom
    evenements = _csv_rows(archive.read("accompagnement-evenement.csv"))
    assert len(evenements) == 1 + jeune.evenements.count()
    assert Nature.ATELIER.label in [row[evenements[0].index("nature")] for row in evenements[1:]]  # labels, not codes
    html = archive.read("donnees.html").decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    # The export is a sensitive read of the whole file.
    entry = AuditEntry.objects.get(jeune_ref=jeune.pk, what__startswith="Export de toutes les données")
    assert entry.sensitive and entry.actor == world.user(Role.DIRECTION)


def test_the_export_stays_in_the_structure(client, world):
    client.force_login(world.user(Role.DIRECTION))
    assert client.get(reverse("rgpd:export", args=[world.jeunes["ailleurs"].pk])).status_code == 404
    assert client.get(reverse("rgpd:acces", args=[world.jeunes["ailleurs"].pk])).status_code == 404
    assert not AuditEntry.objects.filter(jeune_ref=world.jeunes["ailleurs"].pk, action=A.ACCESS).exists()
