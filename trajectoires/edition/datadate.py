"""The data date of the report ("Données arrêtées au …"): when the structure's data last
changed, recorded in `DataStamp` by two receivers —

- the interchange signal `dataset_written` (sent inside the import's transaction, rows written; the importer
  writes with raw SQL, so no model signal fires during an import): `imported_at`, when the
  import created or updated rows;
- `post_save` / `post_delete` of the rows of the domain apps (a contact entered in the
  workspace, a young person's file edited…): `changed_at`.

`data_as_of(structure)` is the later of the two. A structure whose data never changed since
this was installed (or whose rows were written without signals, e.g. `bulk_create`) gets its
stamp at the first call: "data as of now", which stays true while nothing changes, so that
regenerating an edition on unchanged data gives the same data date as well as the same figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from trajectoires.edition.models import DataStamp
from trajectoires.structures.models import Structure


# The apps whose rows are the report's data. Not: accounts (a login updates the user row),
# edition (its own editions and free pages), workspace (derived search keys), auth, sessions.
DATA_APPS = frozenset(
    {
        "structures",
        "jeunes",
        "accompagnement",
        "dispositifs",
        "situations",
        "aides",
        "entreprises",
        "parrainage",
        "reperage",
        "obligation_formation",
        "manifestations",
        "satisfaction",
    }
)


def _touch(structure_id: int, field: str, create: bool = True) -> None:
    now = timezone.now()
    if DataStamp.objects.filter(structure_id=structure_id).update(**{field: now}) or not create:
        return
    try:
        with transaction.atomic():
            DataStamp.objects.create(structure_id=structure_id, **{field: now})
    except IntegrityError:  # created meanwhile by another request
        DataStamp.objects.filter(structure_id=structure_id).update(**{field: now})


def record_import(sender: Any, structure: Structure, result: Any = None, **kwargs: Any) -> None:
    """Receiver of `dataset_written` (inside the import's transaction): the import time, when the import
    created or updated rows (an import never deletes; a re-import of unchanged files leaves the data date)."""
    if result is not None and not (getattr(result, "created", 1) or getattr(result, "updated", 1)):
        return
    _touch(structure.pk, "imported_at")


def _structure_id(instance: Any) -> int | None:
    if instance._meta.app_label not in DATA_APPS:
        return None
    if isinstance(instance, Structure):
        return None  # the structure's own name or settings are not report data
    return getattr(instance, "structure_id", None)


def record_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Receiver of `post_save` (every model; rows of DATA_APPS only)."""
    structure_id = None if raw else _structure_id(instance)
    if structure_id is not None:
        _touch(structure_id, "changed_at")


def record_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Receiver of `post_delete`: updates an existing stamp only (a structure being deleted
    must not get a new one)."""
    structure_id = _structure_id(instance)
    if structure_id is not None:
        _touch(structure_id, "changed_at", create=False)


def data_as_of(structure: Structure) -> dt.datetime:
    """When the structure's data last changed (import or application), aware datetime."""
    stamp = DataStamp.objects.filter(structure=structure).first()
    if stamp is not None and stamp.as_of is not None:
        return stamp.as_of
    _touch(structure.pk, "changed_at")
    return DataStamp.objects.get(structure=structure).as_of
