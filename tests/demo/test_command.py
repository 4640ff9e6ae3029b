"""`trajectoires demo`: generation, import through the one importer, demo logins."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import User
from trajectoires.accounts.perms import mentor_pairings
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda.models import RendezVous, SessionCollective
from trajectoires.demo.agenda import working_days
from trajectoires.demo.management.commands.demo import DEMO_PASSWORD
from trajectoires.dispositifs.models import Inscription
from trajectoires.entreprises.models import MetierRecherche
from trajectoires.entreprises.offres import open_offres
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Commune, Qpv, Structure


@pytest.mark.django_db
def test_demo_imports_the_dataset_and_creates_one_login_per_role() -> None:
    out = StringIO()
    call_command("demo", jeunes=300, stdout=out, stderr=StringIO())
    structure = Structure.objects.get(code="25056S00")
    assert structure.nom == "Mission Locale du bassin d'emploi de Besançon"
    assert Jeune.objects.filter(structure=structure).count() == 300
    assert Commune.objects.filter(structure=structure).count() == 324
    assert Evenement.objects.filter(structure=structure).count() > 3000
    assert Inscription.objects.filter(structure=structure, dispositif="cej").exists()
    users = {u.username: u for u in User.objects.all()}
    assert {u.role for u in users.values()} == set(Role.values)
    for user in users.values():
        assert user.structure == structure and user.is_active
    assert users["direction"].check_password(DEMO_PASSWORD)
    assert users["administrateur"].is_superuser and users["administrateur"].is_staff
    assert not users["direction"].is_staff
    assert users["conseiller"].conseiller.portefeuille.exists()  # a real portfolio
    assert users["parrain"].parrain.parrainages.exists()
    assert Qpv.objects.filter(code="QPV-DEMO-PLANOISE").exists()  # fictitious codes, named
    text = out.getvalue()
    assert DEMO_PASSWORD in text and "http://127.0.0.1:8000/" in text and "conseiller" in text
    # The working week: the demo counsellor has appointments today or on the next working day,
    # two collective sessions take registrations, three young people wait at reception.
    first_day = working_days(timezone.localdate(), 1)[0]
    mine = RendezVous.objects.filter(conseiller=users["conseiller"].conseiller)
    assert mine.filter(debut__date=first_day).count() == 3
    assert all(r.jeune.conseiller_id == users["conseiller"].conseiller.pk for r in mine)
    assert SessionCollective.objects.filter(structure=structure).count() == 2
    for session in SessionCollective.objects.filter(structure=structure):
        assert 0 < session.participations.count() <= session.capacite
    assert Arrivee.objects.filter(structure=structure, statut="attente").count() == 3
    # Something to work on for employer relations, the job board and the mentor: open offers
    # (four on the board), young people looking for their jobs, the mentor's current mentees.
    today = timezone.localdate()
    mine = open_offres(structure.pk, today).exclude(rome="")  # imported offers have no ROME code
    assert mine.count() == 6 and mine.filter(publique=True).count() == 4
    assert MetierRecherche.objects.filter(structure=structure).exists()
    assert mentor_pairings(users["parrain"]).count() >= 1

    # --si-vide: nothing regenerated, logins printed again
    out = StringIO()
    call_command("demo", si_vide=True, stdout=out, stderr=StringIO())
    assert Jeune.objects.filter(structure=structure).count() == 300
    assert User.objects.count() == len(Role.values)
    assert "déjà des jeunes" in out.getvalue() and DEMO_PASSWORD in out.getvalue()


@pytest.mark.django_db
def test_demo_is_idempotent_for_the_same_seed() -> None:
    call_command("demo", jeunes=120, seed=5, stdout=StringIO(), stderr=StringIO())
    before = Evenement.objects.count()
    call_command("demo", jeunes=120, seed=5, stdout=StringIO(), stderr=StringIO())
    assert Evenement.objects.count() == before  # the importer upserts by id
    assert User.objects.get(username="conseiller").conseiller is not None
