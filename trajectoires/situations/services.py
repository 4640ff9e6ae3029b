"""The door of situations (`Situation`: jobs, work-study, training, immersions, volunteering):
written through the model's `save()`, whose receivers keep the audit journal, the data date and
the report's packed copies true in the same transaction. The importer is the bulk door."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from trajectoires.jeunes.models import Jeune
from trajectoires.situations.models import Situation
from trajectoires.utils.ids import new_ext_id


@transaction.atomic
def start_situation(  # type: ignore[no-untyped-def]
    jeune: Jeune, categorie: str, type_: str, debut: dt.date, fin: dt.date | None, employeur=None
) -> Situation:
    return Situation.objects.create(
        structure_id=jeune.structure_id, ext_id=new_ext_id(), jeune=jeune, categorie=categorie, type=type_,
        date_debut=debut, date_fin=fin, employeur=employeur,
    )


@transaction.atomic
def end_situation(situation: Situation, fin: dt.date) -> Situation:
    current = Situation.objects.select_for_update().get(pk=situation.pk)
    current.date_fin = fin
    current.save(update_fields=["date_fin"])
    return current
