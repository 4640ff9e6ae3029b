"""Retention (rgpd/retention.py, docs/bourse.md): when files are anonymised, the job-board
accounts linked to them lose their identity, their password and their CVs (the files on disk
too); the rows stay, so the report's board figures of past periods do not move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.bourse.helpers import compte, pdf_bytes
from tests.factories import OffreFactory
from trajectoires.bourse import cv as cv_files, services as bourse
from trajectoires.bourse.models import Candidature, Compte
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.rgpd.retention import Echeance, anonymise


@pytest.mark.django_db(transaction=True)  # the CV files are removed when the transaction commits
def test_anonymising_two_files_clears_their_board_accounts_and_cvs(world):
    today = timezone.localdate()
    offre = OffreFactory(structure=world.structure, employeur__structure=world.structure, statut="publiee",
                         publique=True, date_publication=today - dt.timedelta(days=3))
    applied = []
    for key in ("portefeuille", "autre"):
        jeune = world.jeunes[key]
        account = compte(world.structure, "jeune", f"{key}@exemple.fr", jeune=jeune, telephone="+33612345678")
        applied.append(bourse.apply(account, offre, {"message": f"Bonjour, je suis {key}"}, pdf_bytes(), "cv.pdf"))
    files = [cv_files.path_of(c.cv) for c in applied]
    assert all(f.exists() for f in files)
    year = Period.year(today.year)
    before = build_report(world.structure, year).data["indicateurs"]

    due = [Echeance(world.jeunes[k].pk, world.jeunes[k].ext_id, "", None, None, None, today, "test")
           for k in ("portefeuille", "autre")]
    assert anonymise(world.structure, due) == 2  # two accounts cleared at once: no clash on the address

    for account in Compte.objects.filter(jeune__in=[world.jeunes["portefeuille"], world.jeunes["autre"]]):
        assert account.email == f"anonyme-{account.pk}@compte.invalid"
        assert (account.nom, account.prenom, account.telephone, account.date_naissance) == ("Anonyme", "", "", None)
        assert account.password == "!"  # no login any more
    for c in Candidature.objects.filter(pk__in=[c.pk for c in applied]):
        assert (c.message, c.cv, c.cv_nom) == ("", "", "")
    assert not any(f.exists() for f in files)
    after = build_report(world.structure, year).data["indicateurs"]
    assert {k: v for k, v in after.items() if k.startswith("bourse_")} == {
        k: v for k, v in before.items() if k.startswith("bourse_")}
