"""The door of forums, fairs and visits (`Manifestation`, its employers present and its young
people, `Participant`): written through `save()`/`delete()` and the many-to-many's
`add()`/`remove()`, in a transaction holding the event's row.

The report's figures of an event stay its two counts, `jeunes` and `partenaires` (what the
interchange format carries, and what imported events have); the door keeps them true as the
lists change: `jeunes` = the young people marked present + the others counted without a file,
`partenaires` = the employers present + the other partners. Marking a young person present
records one contact on their file (nature "autre", through `accompagnement.services`); marking
again does nothing; taking the mark back removes that contact. docs/immersions.md, "Forums"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from trajectoires.accompagnement import services as contacts
from trajectoires.accompagnement.enums import Nature
from trajectoires.accompagnement.models import Evenement
from trajectoires.entreprises.models import Employeur
from trajectoires.jeunes.models import Jeune
from trajectoires.manifestations.models import Manifestation, Participant
from trajectoires.utils.ids import new_ext_id


# Forum and fair attendance is not an interview, workshop or information session (the natures
# that make a young person "accompagné", Charte nationale): the format's nature "autre".
NATURE_PRESENCE = Nature.AUTRE


def named_counts(manifestation: Manifestation) -> tuple[int, int]:
    """(young people marked present, employers present) of the lists."""
    return manifestation.participants.filter(present=True).count(), manifestation.employeurs.count()


def others(manifestation: Manifestation) -> tuple[int | None, int | None]:
    """The young people and partners counted beyond the lists (None: the count is unknown)."""
    jeunes, employeurs = named_counts(manifestation) if manifestation.pk else (0, 0)
    autres_jeunes = None if manifestation.jeunes is None else max(manifestation.jeunes - jeunes, 0)
    autres_partenaires = None if manifestation.partenaires is None else max(manifestation.partenaires - employeurs, 0)
    return autres_jeunes, autres_partenaires


def _total(named: int, autres: int | None) -> int | None:
    return None if autres is None and named == 0 else named + (autres or 0)


@transaction.atomic
def create_manifestation(structure_id: int, data: dict[str, Any]) -> Manifestation:
    return Manifestation.objects.create(
        structure_id=structure_id, ext_id=new_ext_id(), date=data["date"], titre=data["titre"].strip(),
        type=data["type"], lieu=(data.get("lieu") or "").strip() or None,
        jeunes=data.get("autres_jeunes"), partenaires=data.get("autres_partenaires"),
    )


def _lock(manifestation: Manifestation) -> Manifestation:
    return Manifestation.objects.select_for_update().get(pk=manifestation.pk)


@transaction.atomic
def update_manifestation(manifestation: Manifestation, data: dict[str, Any]) -> Manifestation:
    m = _lock(manifestation)
    jeunes, employeurs = named_counts(m)
    m.date, m.titre, m.type = data["date"], data["titre"].strip(), data["type"]
    m.lieu = (data.get("lieu") or "").strip() or None
    m.jeunes = _total(jeunes, data.get("autres_jeunes"))
    m.partenaires = _total(employeurs, data.get("autres_partenaires"))
    m.save()
    return m


@transaction.atomic
def add_employeur(manifestation: Manifestation, employeur: Employeur) -> bool:
    """The employer was there; False if already listed. An employer of another Mission Locale is refused."""
    m = _lock(manifestation)
    if employeur.structure_id != m.structure_id:
        raise ValidationError("Cet employeur n'est pas un employeur de votre Mission Locale.")
    if m.employeurs.filter(pk=employeur.pk).exists():
        return False
    m.employeurs.add(employeur)
    m.partenaires = (m.partenaires or 0) + 1
    m.save(update_fields=["partenaires"])
    return True


@transaction.atomic
def remove_employeur(manifestation: Manifestation, employeur: Employeur) -> bool:
    m = _lock(manifestation)
    if not m.employeurs.filter(pk=employeur.pk).exists():
        return False
    m.employeurs.remove(employeur)
    m.partenaires = max((m.partenaires or 0) - 1, m.employeurs.count())
    m.save(update_fields=["partenaires"])
    return True


@transaction.atomic
def register(manifestation: Manifestation, jeune: Jeune) -> tuple[Participant, bool]:
    """Register a young person (created: True); registering again changes nothing."""
    m = _lock(manifestation)
    if jeune.structure_id != m.structure_id:
        raise ValidationError("Ce jeune n'est pas suivi par la Mission Locale qui organise la manifestation.")
    existing = m.participants.filter(jeune=jeune).first()
    if existing is not None:
        return existing, False
    return Participant.objects.create(manifestation=m, jeune=jeune), True


@transaction.atomic
def set_presence(manifestation: Manifestation, jeune: Jeune, present: bool, today: dt.date) -> Participant:
    """Mark a young person present (registering them if needed: one contact on their file) or
    take the mark back (that contact is removed). Marking twice is marking once."""
    m = _lock(manifestation)
    if jeune.structure_id != m.structure_id:
        raise ValidationError("Ce jeune n'est pas suivi par la Mission Locale qui organise la manifestation.")
    if present and m.date > today:
        raise ValidationError(
            "La manifestation n'a pas encore eu lieu : notez les présences à partir du "
            f"{date_format(m.date, 'j F Y')}."
        )
    participant = m.participants.filter(jeune=jeune).first()
    if participant is None:
        if not present:
            return Participant(manifestation=m, jeune=jeune)  # nothing to take back
        participant = Participant.objects.create(manifestation=m, jeune=jeune)
    if participant.present == present:
        return participant
    if present:
        where = f", {m.lieu}" if m.lieu else ""
        participant.evenement = contacts.record_contact(jeune, None, {
            "date": m.date, "nature": NATURE_PRESENCE, "honore": True, "themes": ["emploi"],
            "note": f"Présent(e) : {m.get_type_display().lower()} « {m.titre} »{where}.",
        })
        m.jeunes = (m.jeunes or 0) + 1
    else:
        if participant.evenement_id:
            contacts.delete_contact(Evenement.objects.filter(pk=participant.evenement_id).first())
        participant.evenement = None
        m.jeunes = max((m.jeunes or 0) - 1, m.participants.filter(present=True).exclude(pk=participant.pk).count())
    participant.present = present
    participant.save(update_fields=["present", "evenement"])
    m.save(update_fields=["jeunes"])
    return participant


@transaction.atomic
def unregister(manifestation: Manifestation, jeune: Jeune, today: dt.date) -> bool:
    """Remove a young person from the event (their attendance contact with them)."""
    m = _lock(manifestation)
    participant = m.participants.filter(jeune=jeune).first()
    if participant is None:
        return False
    if participant.present:
        set_presence(m, jeune, False, today)
        participant.refresh_from_db()
    participant.delete()
    return True
