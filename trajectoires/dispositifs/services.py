"""The door of programme enrolments (`Inscription`): entries, planned ends and exits written in
the application go through these functions, which check the programme rules
(dispositifs/rules.py) inside a lock of the file and write through the model's `save()`: its
receivers keep the audit journal, the data date and the report's packed copies true in the same
transaction. The importer is the bulk door. No other code writes `Inscription`
(tests/test_doors.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from trajectoires.dispositifs.models import Inscription
from trajectoires.dispositifs.rules import (
    Periode,
    entry_errors,
    exit_errors,
    fin_prevue_errors,
    fin_prevue_par_defaut,
)
from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import lock_jeune
from trajectoires.utils.ids import new_ext_id


class AlreadyClosed(ValueError):
    """The enrolment was closed meanwhile (two people closing it at once)."""


def periodes(jeune: Jeune) -> list[Periode]:
    return [
        Periode(d, e, s) for d, e, s in jeune.inscriptions.values_list("dispositif", "date_entree", "date_sortie")
    ]


def check_entry(jeune: Jeune, code: str, entree: dt.date, today: dt.date) -> list[str]:
    return entry_errors(
        code, entree, date_naissance=jeune.date_naissance, rqth=jeune.rqth, existing=periodes(jeune), today=today
    )


@transaction.atomic
def enter_programme(
    jeune: Jeune, code: str, entree: dt.date, today: dt.date, fin_prevue: dt.date | None = None
) -> tuple[Inscription | None, list[str]]:
    """The entry, or the rules it breaks (checked again here, inside the lock). Without a
    planned end, the rules' default (PACEA 24 months, CEJ 12 months, none otherwise)."""
    lock_jeune(jeune)
    errors = check_entry(jeune, code, entree, today)
    if fin_prevue is not None:
        errors += fin_prevue_errors(code, entree, fin_prevue)
    if errors:
        return None, errors
    inscription = Inscription.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, dispositif=code, date_entree=entree,
        date_fin_prevue=fin_prevue or fin_prevue_par_defaut(code, entree),
    )
    return inscription, []


@transaction.atomic
def set_fin_prevue(inscription: Inscription, fin: dt.date | None, prolongation: bool = False) -> list[str]:
    """Change the planned end of an enrolment (empty: none), within the programme's rules."""
    errors = fin_prevue_errors(inscription.dispositif, inscription.date_entree, fin, prolongation) if fin else []
    if not errors:
        current = Inscription.objects.select_for_update().get(pk=inscription.pk)
        current.date_fin_prevue = fin
        current.save(update_fields=["date_fin_prevue"])
        inscription.date_fin_prevue = fin
    return errors


def check_exit(inscription: Inscription, sortie: dt.date, motif: str, today: dt.date, prolongation: bool) -> list[str]:
    return exit_errors(
        inscription.dispositif, inscription.date_entree, sortie, motif, today=today, prolongation=prolongation
    )


@transaction.atomic
def exit_programme(inscription: Inscription, sortie: dt.date, motif: str) -> Inscription:
    """Close an open enrolment. The row is locked and read again: two people closing it at once
    cannot both succeed (the second gets `AlreadyClosed`)."""
    current = Inscription.objects.select_for_update().filter(pk=inscription.pk, date_sortie__isnull=True).first()
    if current is None:
        raise AlreadyClosed("Cette inscription a déjà une date de sortie : rechargez le dossier.")
    current.date_sortie = sortie
    current.motif_sortie = motif
    current.save(update_fields=["date_sortie", "motif_sortie"])
    return current
