"""Retention: the schedule, notices, anonymisation, and the proof that every published report
figure is unchanged by anonymisation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.context import set_actor
from django.core.management import call_command
from django.urls import reverse

from tests.factories import (
    ConseillerFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    SignalementFactory,
    StructureFactory,
    UserFactory,
)
from trajectoires.accounts.enums import Role
from trajectoires.demo.generator import write_demo_dataset
from trajectoires.interchange.importer import import_dataset
from trajectoires.jeunes.models import Jeune
from trajectoires.obligation_formation.models import Signalement
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.rgpd.models import Anonymisation, AuditEntry, RetentionNotice
from trajectoires.rgpd.retention import ANONYME, ANONYMISED, Echeance, Policy, add_months, anonymise, schedule
from trajectoires.workspace.models import JeuneRecherche


TODAY = dt.date(2025, 6, 30)
POLICY = Policy(sans_activite_mois=24, apres_sortie_mois=60, preavis_jours=30)


def test_add_months_keeps_the_end_of_month():
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 24) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2023, 5, 10), 24) == dt.date(2025, 5, 10)


# --- The proof: figures before = figures after ----------------------------------------------
def _reports(structure) -> list[str]:  # type: ignore[no-untyped-def]
    from trajectoires.accounts.models import Conseiller
    from trajectoires.structures.models import Site

    filtres = [None]
    site = Site.objects.filter(structure=structure).order_by("ext_id").first()
    conseiller = Conseiller.objects.filter(structure=structure).order_by("ext_id").first()
    if site is not None:
        filtres.append(("site", site.ext_id))
    if conseiller is not None:
        filtres.append(("conseiller", conseiller.ext_id))
    filtres.append(("dispositif", "cej"))
    out = []
    for year in (2023, 2024):
        for filtre in filtres:
            out.append(build_report(structure, Period.year(year), filtre).to_json())
    out.append(build_report(structure, Period(dt.date(2025, 1, 1), TODAY)).to_json())
    return out


@pytest.fixture
def demo(db, tmp_path):  # type: ignore[no-untyped-def]
    structure = StructureFactory(code="25056S00", nom="Mission Locale de démonstration")
    write_demo_dataset(tmp_path, jeunes=400, seed=17, today=TODAY)
    result = import_dataset(tmp_path, structure, today=TODAY)
    assert result.ok, result.problems[:5]
    return structure


def test_anonymising_every_file_leaves_every_report_figure_unchanged(demo):
    structure = demo
    before = _reports(structure)
    names = set(Jeune.objects.filter(structure=structure).values_list("nom", flat=True))
    everyone = [
        Echeance(j.pk, j.ext_id, "", None, None, None, TODAY, "test : tout le monde")
        for j in Jeune.objects.filter(structure=structure)
    ]
    assert len(everyone) >= 400
    assert anonymise(structure, everyone) == len(everyone)

    after = _reports(structure)
    assert len(after) == len(before) >= 9
    for a, b in zip(before, after, strict=True):
        assert a == b
    # …while the identities are gone.
    assert set(Jeune.objects.filter(structure=structure).values_list("nom", flat=True)) == {ANONYME}
    assert not Jeune.objects.filter(structure=structure).exclude(prenom="").exists()
    assert not Jeune.objects.filter(structure=structure).exclude(ext_id__startswith="anonyme-").exists()
    linked = Signalement.objects.filter(structure=structure, jeune__isnull=False)
    assert set(linked.values_list("nom", flat=True)) <= {ANONYME} and not linked.exclude(prenom="").exists()
    keys = JeuneRecherche.objects.filter(structure=structure).values_list("mots", flat=True)
    assert len(keys) == len(everyone) and {k.split()[0] for k in keys} == {"anonyme"}
    assert all(len(k.split()) == 1 for k in keys)
    assert names - {ANONYME}, "the demo had names to remove"


def test_the_command_on_the_demo_leaves_every_report_figure_unchanged(demo, settings):
    settings.TRAJECTOIRES_RETENTION_PREAVIS_JOURS = 0
    structure = demo
    due = [e for e in schedule(structure, TODAY, POLICY) if e.due <= TODAY]
    assert due, "the demo dataset has files past their retention period"
    before = _reports(structure)
    out = io.StringIO()
    call_command("retention", "--structure", structure.code, "--date", TODAY.isoformat(), "--appliquer", stdout=out)
    assert f"{len(due)} dossier" in out.getvalue().replace("\u202f", "")
    assert Anonymisation.objects.filter(structure=structure).count() == len(due)
    assert _reports(structure) == before


# --- The schedule and the command, on hand-made files --------------------------------------
@pytest.fixture
def files(db):  # type: ignore[no-untyped-def]
    ml = StructureFactory(code="25056S00")
    claire = ConseillerFactory(structure=ml, nom="Martin", prenom="Claire")
    make = lambda key, **kw: JeuneFactory(structure=ml, ext_id=key, nom=key.capitalize(), prenom="Test",  # noqa: E731
                                          conseiller=claire, **kw)
    f = {
        "inactif": make("inactif"),  # last contact 3 years ago
        "actif": make("actif"),  # contact last month
        "en_cours": make("en_cours"),  # no contact for 3 years, but a programme still open
        "sorti": make("sorti"),  # programme exit 6 years ago, contacts since
        "rdv_manque": make("rdv_manque"),  # last real contact 3 years ago, a missed appointment last month
        "vide": make("vide"),  # nothing dated at all
    }
    EvenementFactory(jeune=f["inactif"], date=dt.date(2022, 5, 2))
    EvenementFactory(jeune=f["actif"], date=dt.date(2025, 5, 20))
    EvenementFactory(jeune=f["en_cours"], date=dt.date(2022, 3, 1))
    InscriptionFactory(jeune=f["en_cours"], dispositif="pacea", date_entree=dt.date(2022, 3, 1), date_sortie=None)
    InscriptionFactory(jeune=f["sorti"], dispositif="cej", date_entree=dt.date(2018, 1, 8),
                       date_sortie=dt.date(2019, 3, 1), motif_sortie="emploi_durable")
    EvenementFactory(jeune=f["sorti"], date=dt.date(2024, 11, 4))
    EvenementFactory(jeune=f["rdv_manque"], date=dt.date(2022, 4, 1))
    EvenementFactory(jeune=f["rdv_manque"], date=dt.date(2025, 5, 28), honore=False)
    SignalementFactory(structure=ml, jeune=f["inactif"], nom="Inactif", prenom="Test",
                       date_signalement=dt.date(2022, 1, 10))
    return ml, f


def test_the_schedule_follows_the_policy(files):
    ml, f = files
    due = {e.ext_id: e for e in schedule(ml, TODAY, POLICY) if e.due <= TODAY}
    assert set(due) == {"inactif", "sorti", "rdv_manque"}
    assert due["inactif"].due == dt.date(2024, 5, 2)
    assert due["sorti"].due == dt.date(2024, 3, 1) and "sortie du dernier dispositif" in due["sorti"].motif
    assert due["rdv_manque"].derniere_activite == dt.date(2022, 4, 1)  # a missed appointment is no contact
    later = {e.ext_id: e.due for e in schedule(ml, TODAY, POLICY) if e.due > TODAY}
    assert later == {"actif": dt.date(2027, 5, 20)}


def _run(*args: str, day: dt.date = TODAY) -> str:
    out = io.StringIO()
    call_command("retention", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_changes_nothing(files):
    ml, f = files
    out = _run()
    assert "Dossiers échus : 3" in out and "Simulation : rien n'a été modifié" in out
    assert "inactif" in out and "Martin" in out
    assert not RetentionNotice.objects.exists() and not Anonymisation.objects.exists()
    assert Jeune.objects.get(pk=f["inactif"].pk).nom == "Inactif"


def test_notify_then_anonymise_after_the_notice_period(files):
    ml, f = files
    direction = UserFactory(structure=ml, role=Role.DIRECTION)
    with set_actor(direction):
        jeune = f["inactif"]
        jeune.nom = "Inactif-Dupont"
        jeune.save()
    out = _run("--notifier")
    assert "Avis enregistrés : 3" in out
    assert "Claire Martin : 3 dossiers de votre portefeuille seront anonymisés" in out
    assert RetentionNotice.objects.filter(conseiller__nom="Martin").count() == 3
    assert "Avis enregistrés : 0" in _run("--notifier")  # never twice

    # Too early: notified today, the notice period is 30 days.
    assert "Aucun dossier à anonymiser." in _run("--appliquer")
    assert not Anonymisation.objects.exists()

    # Meanwhile the referent records a contact for one of them: no longer due.
    EvenementFactory(jeune=f["rdv_manque"], date=TODAY + dt.timedelta(days=5))
    RetentionNotice.objects.update(notified_at=dt.datetime(2025, 6, 30, 9, tzinfo=dt.UTC))
    out = _run("--appliquer", day=TODAY + dt.timedelta(days=31))
    assert "2 dossiers anonymisés." in out and "anonymisation : 2 / 2" in out
    assert set(Anonymisation.objects.values_list("jeune__pk", flat=True)) == {f["inactif"].pk, f["sorti"].pk}

    jeune = Jeune.objects.get(pk=f["inactif"].pk)
    assert (jeune.nom, jeune.prenom, jeune.ext_id) == (ANONYME, "", f"anonyme-{jeune.pk}")
    assert (jeune.sexe, jeune.date_naissance) == (f["inactif"].sexe, f["inactif"].date_naissance)
    assert Signalement.objects.get(jeune=jeune).nom == ANONYME
    assert Jeune.objects.get(pk=f["rdv_manque"].pk).nom == "Rdv_manque"
    # The journal keeps who and when, never the names.
    entries = AuditEntry.objects.filter(jeune_ref=jeune.pk)
    texts = " ".join(f"{e.object_repr} {e.changes}" for e in entries)
    assert "Inactif" not in texts and "Dupont" not in texts
    update = entries.filter(action=AuditEntry.Action.UPDATE, actor=direction).get()
    assert update.changes["nom"] == [ANONYMISED, ANONYMISED]
    assert entries.filter(what="Anonymisation (durée de conservation)").count() == 1
    # Search finds the file no more by its former name.
    assert "inactif" not in JeuneRecherche.objects.get(jeune=jeune).mots
    # Already anonymised: never selected again.
    assert "Dossiers échus : 0" in _run(day=TODAY + dt.timedelta(days=60))


def test_a_notice_before_new_activity_no_longer_counts(files, settings):
    ml, f = files
    _run("--notifier")
    RetentionNotice.objects.update(notified_at=dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC))
    EvenementFactory(jeune=f["inactif"], date=dt.date(2025, 5, 10), honore=None)
    # The contact makes it not due anyway; and after 2 more years the old notice is stale.
    later = dt.date(2027, 6, 1)
    echeance = next(e for e in schedule(ml, later, POLICY) if e.jeune_id == f["inactif"].pk)
    assert echeance.due == dt.date(2027, 5, 10) and echeance.notified_at is None
    assert not echeance.ready(later, POLICY.preavis_jours)


def test_anonymised_file_stays_readable_by_the_direction(client, files, settings):
    settings.TRAJECTOIRES_RETENTION_PREAVIS_JOURS = 0
    ml, f = files
    _run("--appliquer")
    client.force_login(UserFactory(structure=ml, role=Role.DIRECTION))
    response = client.get(reverse("rgpd:acces", args=[f["inactif"].pk]))
    assert response.status_code == 200
    assert "Inactif" not in response.content.decode()


def test_the_optional_age_limit(files):
    ml, f = files
    actif = f["actif"]
    actif.date_naissance = dt.date(1999, 2, 14)
    actif.save()
    policy = Policy(24, 60, 30, age_max=26)
    echeance = next(e for e in schedule(ml, TODAY, policy) if e.jeune_id == actif.pk)
    assert echeance.due == dt.date(2025, 2, 14) and "26 ans" in echeance.motif
    # Never while a programme is open.
    en_cours = f["en_cours"]
    en_cours.date_naissance = dt.date(1995, 1, 1)
    en_cours.save()
    assert en_cours.pk not in {e.jeune_id for e in schedule(ml, TODAY, policy)}
