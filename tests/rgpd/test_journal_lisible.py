"""The readable journal (issue 12, part 9): the audit journal and the access report (page and
CSV) show each change with the field's French label and readable values — choices' labels,
Oui/Non, dd/mm/yyyy, Paris time, the names of the rows foreign keys point to — one row per action
with its changes under it; masked fields stay masked."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from decimal import Decimal

from auditlog.context import set_actor
from django.urls import reverse

from tests.factories import AideFactory, CommuneFactory, ConseillerFactory, InscriptionFactory, SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.agenda.models import RendezVous
from trajectoires.jeunes.merge import merge_jeunes
from trajectoires.rgpd.audit import changes_rows, changes_text
from trajectoires.rgpd.models import AuditEntry


A = AuditEntry.Action


def _page(client, world, jeune) -> str:  # type: ignore[no-untyped-def]
    client.force_login(world.user(Role.DIRECTION))
    response = client.get(reverse("rgpd:acces", args=[jeune.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _csv(client, jeune) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("rgpd:acces_csv", args=[jeune.pk]))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_a_change_of_housing_reads_in_french(client, world):
    jeune = world.jeunes["suivi"]
    jeune.hebergement = "parents"
    jeune.save()
    with set_actor(world.user(Role.CONSEILLER)):
        jeune.hebergement = "amis"
        jeune.save()
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=A.UPDATE).latest("pk")
    assert changes_rows(entry) == [("Hébergement", "Chez les parents", "Chez des amis")]
    assert changes_text(entry) == [("Hébergement", "Chez les parents → Chez des amis")]
    page = _page(client, world, jeune)
    assert '<span class="champ">Hébergement</span> : Chez les parents → Chez des amis' in page
    assert "hebergement" not in page and "parents → amis" not in page  # neither the field's name nor the codes
    # the journal of the Mission Locale shows the same, and names the young person
    journal = html.unescape(client.get(reverse("rgpd:journal")).content.decode())
    assert '<span class="champ">Hébergement</span> : Chez les parents → Chez des amis' in journal
    assert f"{jeune.prenom} {jeune.nom.upper()}" in journal
    # the CSV of the access report says the same words
    rows = _csv(client, jeune)
    detail = [r[6] for r in rows[1:] if r[2] == "Modification"]
    assert "Hébergement : Chez les parents → Chez des amis" in detail


def test_labels_values_booleans_dates_and_foreign_keys(client, world):
    structure = world.structure
    jeune = world.jeunes["autre"]
    site = SiteFactory(structure=structure, nom="Antenne de Planoise")
    claire = ConseillerFactory(structure=structure, nom="Martin", prenom="Claire")
    CommuneFactory(structure=structure, ext_id="25056", nom="Besançon")
    jeune.permis_b, jeune.conseiller, jeune.site = True, None, None
    jeune.save()
    jeune.permis_b = False
    jeune.conseiller = claire
    jeune.site = site
    jeune.date_naissance = dt.date(2003, 1, 2)
    jeune.commune = "25056"
    jeune.rqth = True
    jeune.save()
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=A.UPDATE).latest("pk")
    rows = dict((label, (before, after)) for label, before, after in changes_rows(entry))
    assert rows["Permis B"] == ("Oui", "Non")
    assert rows["Conseiller référent"] == ("Non renseigné", "Claire Martin")
    assert rows["Site de rattachement"] == ("Non renseigné", "Antenne de Planoise")
    assert rows["Date de naissance"] == ("15/06/2004", "02/01/2003")
    assert rows["Commune de résidence"] == ("Non renseigné", "Besançon (25056)")
    assert rows["RQTH"] == ("(masqué)", "(masqué)")
    # a deleted counsellor is not shown as its number
    jeune.conseiller = None
    jeune.save()
    claire.delete()
    latest = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=A.UPDATE).latest("pk")
    assert dict((r[0], r[1:]) for r in changes_rows(latest))["Conseiller référent"] == ("élément supprimé",
                                                                                        "Non renseigné")


def test_creations_show_their_values_in_french_without_internal_columns(world):
    jeune = world.jeunes["portefeuille"]
    InscriptionFactory(jeune=jeune, dispositif="cej", date_entree=dt.date(2025, 3, 3))
    AideFactory(jeune=jeune, type="fdaj", date=dt.date(2025, 5, 2), montant=Decimal("1234.50"))
    RendezVous.objects.create(
        structure=world.structure, ext_id="r1", jeune=jeune, conseiller=jeune.conseiller,
        debut=dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC),  # 10:30 in Paris (winter time)
    )
    by_what = {e.what: dict(changes_text(e)) for e in AuditEntry.objects.filter(jeune_ref=jeune.pk, action=A.CREATE)}
    inscription = by_what["Inscription à un dispositif"]
    assert inscription["Dispositif"] == "CEJ – Contrat d'engagement jeune"
    assert inscription["Date d'entrée"] == "03/03/2025"
    assert by_what["Aide"]["Montant (€)"] == "1\u202f234,50"
    assert by_what["Rendez-vous"]["Date et heure"] == "04/03/2025 10:30"
    assert by_what["Rendez-vous"]["Présence"] == "Prévu"
    assert by_what["Rendez-vous"]["Conseiller"] == str(jeune.conseiller)
    jeune_created = dict(changes_text(AuditEntry.objects.get(object_id=jeune.pk, content_type__model="jeune",
                                                             action=A.CREATE)))
    assert jeune_created["Nom"] == jeune.nom and jeune_created["Sexe"] == "Femme"
    for hidden in ("ID", "Id", "Structure", "avis_conservation", "Avis_conservation", "Inscriptions", "Mots"):
        assert hidden not in jeune_created


def test_timestamps_are_in_paris_time(client, world):
    jeune = world.jeunes["suivi"]
    entry = AuditEntry.objects.filter(jeune_ref=jeune.pk).latest("pk")
    entry.timestamp = dt.datetime(2025, 12, 31, 23, 30, 5, tzinfo=dt.UTC)  # already 1 January in Paris
    entry.save()
    page = _page(client, world, jeune)
    assert "01/01/2026<br>00:30:05" in page
    rows = _csv(client, jeune)
    assert "01/01/2026 00:30:05" in [r[0] for r in rows[1:]]


def test_one_row_per_action_with_its_changes_under_it(client, world):
    jeune = world.jeunes["autre"]
    jeune.hebergement, jeune.permis_b = "amis", True
    jeune.save()
    page = _page(client, world, jeune)
    # one table row for the action, its two changes listed inside it
    row = next(r for r in page.split("<tr>") if "Hébergement" in r)
    assert "Permis B</span> : Non renseigné → Oui" in row
    assert row.count("<li>") == 2 and "<strong>Modification</strong>" in row


def test_the_merge_reads_as_one_action(client, world):
    garde, doublon = world.jeunes["portefeuille"], world.jeunes["autre"]
    merge_jeunes(garde.pk, doublon.pk, {}, world.user(Role.DIRECTION))
    page = _page(client, world, garde)
    row = next(r for r in page.split("<tr>") if "Fusion de dossiers" in r)
    assert "<strong>Fusion</strong>" in row
    assert f"Dossier fusionné</span> : autre (n° {doublon.pk}) → supprimé, rattaché au dossier portefeuille" in row
    assert "Événements</span> : 0" not in row


def test_the_journal_page_reads_the_rows_it_names_once(client, world, django_assert_max_num_queries):
    """100 entries naming counsellors and sites: one query per table, not one per entry."""
    jeune = world.jeunes["suivi"]
    conseillers = [ConseillerFactory(structure=world.structure) for _ in range(5)]
    for i in range(60):
        jeune.conseiller = conseillers[i % 5]
        jeune.save()
    client.force_login(world.user(Role.DIRECTION))
    client.get(reverse("rgpd:journal"))  # warm the session and the content types
    with django_assert_max_num_queries(20):
        response = client.get(reverse("rgpd:journal"))
    assert response.status_code == 200


def test_the_entries_of_one_gesture_are_grouped_as_one_action(client, world):
    """An interview recorded with its next appointment (one request): two journal entries,
    shown as one action (date, user and address once, over both rows); another request's entry
    heads its own group."""
    conseiller = world.user(Role.CONSEILLER)
    client.force_login(conseiller)
    jeune = world.jeunes["portefeuille"]
    day = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = client.post(reverse("workspace:contact", args=[jeune.pk]), {
        "date": dt.date.today().isoformat(), "nature": "entretien_individuel", "honore": "oui",
        "rdv_date": day, "rdv_heure": "10:30", "rdv_nature": "telephone",
    })
    assert response.status_code == 302
    created = AuditEntry.objects.filter(jeune_ref=jeune.pk, action=A.CREATE).exclude(cid=None).order_by("pk")
    assert created.count() == 2 and len({e.cid for e in created}) == 1
    client.force_login(world.user(Role.DIRECTION))
    page = html.unescape(client.get(reverse("rgpd:journal")).content.decode())
    group = page.split('<tr class="action-debut">')[1].split("</tr>")[0]
    assert 'rowspan="2"' in group and "2 entrées, une action" in group
    follow = page.split('<tr class="action-suite">')[1].split("</tr>")[0]
    assert 'class="quand"' not in follow and "Création" in follow
