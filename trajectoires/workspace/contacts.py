"""Recording what happens with a young person."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.models import Conseiller
from trajectoires.jeunes.models import Jeune


def new_ext_id() -> str:
    """A stable identifier for rows created in the application (the importer's are the
    structure's own): never reused, never collides with imported identifiers."""
    return f"web-{uuid.uuid4().hex}"


@transaction.atomic
def record_contact(jeune: Jeune, conseiller: Conseiller | None, data: dict[str, Any]) -> Evenement:
    """Add a contact to the file. Additive: two people recording at once both get theirs."""
    return Evenement.objects.create(
        structure_id=jeune.structure_id,
        ext_id=new_ext_id(),
        jeune=jeune,
        date=data["date"],
        nature=data["nature"],
        honore=data.get("honore"),
        site=data.get("site"),
        conseiller=conseiller,
        themes="|".join(data.get("themes") or []),
    )
