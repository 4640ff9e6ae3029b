"""The door of contacts (`Evenement`): every contact written in the application goes through
these functions — the file's contact form, attendance of appointments and collective sessions,
the walk-in interview (docs/architecture.md, "One door per domain fact").

Each writes through the model's `save()` / `delete()` inside a transaction: the receivers of
those signals keep the derived stores true in the same transaction — the audit journal
(rgpd), the data date (edition), the report's packed events (rapports.evenements). The
importer is the bulk door (interchange/importer.py). No other code writes `Evenement`
(tests/test_doors.py checks the source)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from trajectoires.accompagnement.models import Evenement
from trajectoires.utils.ids import new_ext_id


if TYPE_CHECKING:
    from trajectoires.accounts.models import Conseiller
    from trajectoires.jeunes.models import Jeune


@transaction.atomic
def record_contact(jeune: Jeune, conseiller: Conseiller | None, data: dict[str, Any]) -> Evenement:
    """Add a contact to the file, with its interview (note, duration, next steps, sensitive
    flag). Additive: two people recording at once both get theirs."""
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
        note=clean_text(data.get("note")),
        duree=data.get("duree"),
        prochaines_etapes=clean_text(data.get("prochaines_etapes")),
        note_sensible=bool(data.get("note_sensible")),
    )


def clean_text(value: str | None) -> str:
    """A note as stored: plain text, line ends as "\n", no trailing spaces, at most one blank
    line in a row (the form's textarea sends CRLF)."""
    lines = [line.rstrip() for line in (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


@transaction.atomic
def set_contact(
    current: Evenement | None,
    *,
    jeune: Jeune,
    honore: bool | None,
    date: dt.date,
    nature: str,
    site_id: int | None,
    conseiller_id: int | None,
    themes: str = "",
) -> Evenement:
    """The contact an attendance gives: created, or the existing one updated (marking again)."""
    if current is None:
        return Evenement.objects.create(
            structure_id=jeune.structure_id,
            ext_id=new_ext_id(),
            jeune=jeune,
            date=date,
            nature=nature,
            honore=honore,
            site_id=site_id,
            conseiller_id=conseiller_id,
            themes=themes,
        )
    current.honore = honore
    current.date = date
    current.nature = nature
    current.save(update_fields=["honore", "date", "nature"])
    return current


@transaction.atomic
def delete_contact(evenement: Evenement | None) -> None:
    """An attendance withdrawn (excused, cancelled): its contact goes, through `delete()`."""
    if evenement is not None:
        evenement.delete()
