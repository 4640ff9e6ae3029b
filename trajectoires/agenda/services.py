"""Appointments and collective sessions: booking, attendance, registration, sign-in.

Attendance becomes a contact (`accompagnement.Evenement`), which the report engine reads
(spec indicators.md: an event counts only if `honore` is not 0):

- present: a contact that took place (`honore = True`), of the appointment's nature or of the
  session's type (`atelier`, `information_collective`);
- absent: a missed appointment (`honore = False`): kept in the file, counted nowhere;
- excused or cancelled: no contact at all (nothing took place and nothing was missed); a
  contact recorded by an earlier marking is deleted.

Marking again replaces the previous answer: the appointment keeps at most one contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trajectoires.accompagnement import services as contacts
from trajectoires.accompagnement.models import Evenement
from trajectoires.accounts.models import Conseiller
from trajectoires.agenda.conflits import Conflit, find_conflicts
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.models import Participation, RendezVous, Salle, SessionCollective
from trajectoires.jeunes.models import Jeune
from trajectoires.utils.ids import new_ext_id


HONORE_BY_PRESENCE: dict[str, bool | None] = {Presence.PRESENT: True, Presence.ABSENT: False}


def local_day(moment: dt.datetime) -> dt.date:
    """The Europe/Paris date of an instant."""
    return timezone.localtime(moment).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants [start, end) of a Europe/Paris day (23 or 25 hours on DST change days)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())


class ConflitError(ValidationError):
    """The slot is taken (counsellor, room or young person): refused unless confirmed."""

    def __init__(self, conflits: list[Conflit]) -> None:
        super().__init__(
            "Ce créneau est déjà pris : changez la date, l'heure, le conseiller ou la salle, ou confirmez malgré "
            "le conflit."
        )
        self.conflits = conflits


@transaction.atomic
def book_rendez_vous(
    jeune: Jeune, conseiller: Conseiller, data: dict[str, Any], *, accept_conflicts: bool = False
) -> RendezVous:
    """Book an appointment. When the counsellor, the room or the young person is already taken
    in that slot (`conflits.find_conflicts`), the booking is refused with `ConflitError` unless
    `accept_conflicts` (the user saw the conflicts and confirmed). The young person's, the
    counsellor's and the room's rows are locked first, so that two bookings of one slot at the
    same moment are judged one after the other (PostgreSQL; SQLite serialises writers anyway)."""
    salle: Salle | None = data.get("salle")
    site = data.get("site") or (salle.site if salle is not None else None)
    duree = data.get("duree") or 30
    list(Jeune.objects.select_for_update().filter(pk=jeune.pk).values_list("pk", flat=True))
    list(Conseiller.objects.select_for_update().filter(pk=conseiller.pk).values_list("pk", flat=True))
    if salle is not None:
        list(Salle.objects.select_for_update().filter(pk=salle.pk).values_list("pk", flat=True))
    conflits = find_conflicts(
        structure_id=jeune.structure_id, debut=data["debut"], duree=duree, conseiller_id=conseiller.pk,
        jeune_id=jeune.pk, salle_id=getattr(salle, "pk", None),
    )
    if conflits and not accept_conflicts:
        raise ConflitError(conflits)
    return RendezVous.objects.create(
        structure_id=jeune.structure_id,
        ext_id=new_ext_id(),
        jeune=jeune,
        conseiller=conseiller,
        debut=data["debut"],
        duree=duree,
        nature=data["nature"],
        site=site,
        salle=salle,
        objet=data.get("objet") or "",
    )


def _set_contact(
    current: Evenement | None,
    *,
    jeune: Jeune,
    presence: str,
    date: dt.date,
    nature: str,
    site_id: int | None,
    conseiller_id: int | None,
) -> Evenement | None:
    """The contact an attendance answer gives (None for excused / cancelled / planned), through
    the contacts' door (accompagnement/services.py)."""
    if presence not in HONORE_BY_PRESENCE:
        contacts.delete_contact(current)
        return None
    return contacts.set_contact(
        current, jeune=jeune, honore=HONORE_BY_PRESENCE[presence], date=date, nature=nature, site_id=site_id,
        conseiller_id=conseiller_id,
    )


def check_presence_allowed(debut: dt.datetime, presence: str, now: dt.datetime | None = None) -> None:
    """Present or absent only once it has started; excused / cancelled at any time."""
    now = now or timezone.now()
    if presence in HONORE_BY_PRESENCE and debut > now:
        raise ValidationError(
            "Ce rendez-vous n'a pas encore commencé : vous pourrez noter la présence ou l'absence à partir de "
            f"{timezone.localtime(debut):%H:%M} le {timezone.localtime(debut):%d/%m/%Y}. Pour l'annuler ou noter "
            "une excuse, choisissez « Excusé(e) » ou « Annulé »."
        )


@transaction.atomic
def mark_rendez_vous(rdv: RendezVous, presence: str, now: dt.datetime | None = None) -> RendezVous:
    rdv = RendezVous.objects.select_for_update().select_related("jeune").get(pk=rdv.pk)
    check_presence_allowed(rdv.debut, presence, now)
    current = Evenement.objects.filter(pk=rdv.evenement_id).first() if rdv.evenement_id else None
    rdv.evenement = _set_contact(
        current,
        jeune=rdv.jeune,
        presence=presence,
        date=local_day(rdv.debut),
        nature=rdv.nature,
        site_id=rdv.site_id,
        conseiller_id=rdv.conseiller_id,
    )
    rdv.presence = presence
    rdv.save(update_fields=["presence", "evenement"])
    return rdv


# --- Collective sessions ---------------------------------------------------------------------
def places_prises(session: SessionCollective) -> int:
    """Registrations that hold a seat (an excused or cancelled registration frees its seat)."""
    return session.participations.exclude(presence__in=(Presence.EXCUSE, Presence.ANNULE)).count()


@transaction.atomic
def register(session: SessionCollective, jeune: Jeune) -> Participation:
    """Register a young person; refused beyond capacity. The session row is locked so that two
    registrations at once cannot both take the last seat."""
    session = SessionCollective.objects.select_for_update().get(pk=session.pk)
    if jeune.structure_id != session.structure_id:
        raise ValidationError("Ce jeune n'est pas suivi par la Mission Locale qui organise la session.")
    existing = session.participations.filter(jeune=jeune).first()
    if existing is not None and existing.presence not in (Presence.EXCUSE, Presence.ANNULE):
        raise ValidationError(f"{jeune.prenom} {jeune.nom.upper()} est déjà inscrit(e) à cette session.")
    if places_prises(session) >= session.capacite:
        raise ValidationError(
            f"La session est complète : ses {session.capacite} places sont prises. Inscrivez le jeune à une autre "
            "date ou augmentez le nombre de places."
        )
    if existing is not None:
        existing.presence = Presence.PREVU
        existing.save(update_fields=["presence"])
        return existing
    return Participation.objects.create(session=session, jeune=jeune)


@transaction.atomic
def cancel_registration(participation: Participation) -> Participation:
    if participation.evenement_id:
        contacts.delete_contact(Evenement.objects.filter(pk=participation.evenement_id).first())
    participation.presence = Presence.ANNULE
    participation.evenement = None
    participation.save(update_fields=["presence", "evenement"])
    return participation


@transaction.atomic
def sign_in(
    session: SessionCollective, presents: set[int], excuses: set[int] = frozenset(),  # type: ignore[assignment]
    now: dt.datetime | None = None,
) -> list[Participation]:
    """The sign-in sheet (émargement): each registered young person is present (an honoured
    contact of the session's nature), excused (no contact) or absent (a missed one). Cancelled
    registrations are left alone. Signing again replaces the previous sheet."""
    session = SessionCollective.objects.select_for_update().get(pk=session.pk)
    check_presence_allowed(session.debut, Presence.PRESENT, now)
    rows = list(
        session.participations.select_related("jeune").exclude(presence=Presence.ANNULE).order_by("pk")
    )
    for participation in rows:
        jeune_id = participation.jeune_id
        if jeune_id in presents:
            presence = Presence.PRESENT
        else:
            presence = Presence.EXCUSE if jeune_id in excuses else Presence.ABSENT
        current = None
        if participation.evenement_id:
            current = Evenement.objects.filter(pk=participation.evenement_id).first()
        participation.evenement = _set_contact(
            current,
            jeune=participation.jeune,
            presence=presence,
            date=local_day(session.debut),
            nature=session.type,
            site_id=session.site_id,
            conseiller_id=session.animateur_id,
        )
        participation.presence = presence
        participation.save(update_fields=["presence", "evenement"])
    return rows


@transaction.atomic
def create_session(structure_id: int, data: dict[str, Any]) -> SessionCollective:
    return SessionCollective.objects.create(
        structure_id=structure_id,
        ext_id=new_ext_id(),
        type=data["type"],
        theme=data["theme"],
        debut=data["debut"],
        duree=data.get("duree") or 120,
        site=data["site"],
        capacite=data["capacite"],
        animateur=data.get("animateur"),
    )
