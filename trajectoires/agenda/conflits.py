"""Conflicts of a booking: the counsellor, the room or the young person already taken at that time.

A booking occupies the interval [début, début + durée). Two intervals conflict when they
overlap: `a.debut < b.fin and b.debut < a.fin`; intervals that only touch (one ends at 10:00,
the next starts at 10:00) do not. What occupies someone:

- an appointment, unless it was cancelled or the young person excused themselves (the slot is
  free again): of the same counsellor, in the same room, or of the same young person (with any
  counsellor);
- a collective session the counsellor hosts, or one the young person is registered to
  (registration not cancelled nor excused).

Three queries, whatever the agenda holds: the candidates are read by an index range on the
start (`debut` from the new interval's start minus the longest duration a form accepts, to its
end), the overlap is decided here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from trajectoires.agenda.enums import Presence
from trajectoires.agenda.models import Participation, RendezVous, SessionCollective


# The longest appointment or session the forms accept (8 hours): an earlier start cannot reach
# the new interval.
LONGEST = dt.timedelta(minutes=480)
# Attendance answers that free the slot.
FREED = (Presence.ANNULE, Presence.EXCUSE)

CONSEILLER, SALLE, JEUNE = "conseiller", "salle", "jeune"
# What each shared resource means, in the warning.
RAISONS = {
    CONSEILLER: "même conseiller",
    SALLE: "même salle",
    JEUNE: "même jeune",
}


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Half-open intervals [start, end): touching intervals do not overlap."""
    return a_start < b_end and b_start < a_end


def end_of(debut: dt.datetime, duree: int) -> dt.datetime:
    return debut + dt.timedelta(minutes=duree)


@dataclass
class Conflit:
    """One appointment or session that overlaps the booking, and what they share."""

    debut: dt.datetime
    fin: dt.datetime
    raisons: list[str] = field(default_factory=list)  # keys of RAISONS
    rendez_vous: RendezVous | None = None
    session: SessionCollective | None = None

    @property
    def raisons_affichees(self) -> str:
        return ", ".join(RAISONS[r] for r in self.raisons)


def find_conflicts(
    *,
    structure_id: int,
    debut: dt.datetime,
    duree: int,
    conseiller_id: int | None,
    jeune_id: int | None,
    salle_id: int | None = None,
    exclude_rendez_vous: int | None = None,
) -> list[Conflit]:
    """Appointments and sessions overlapping [debut, debut + duree) that share the counsellor,
    the room or the young person, in time order."""
    fin = end_of(debut, duree)
    window = Q(structure_id=structure_id, debut__gte=debut - LONGEST, debut__lt=fin)
    shared = Q()
    if conseiller_id is not None:
        shared |= Q(conseiller_id=conseiller_id)
    if salle_id is not None:
        shared |= Q(salle_id=salle_id)
    if jeune_id is not None:
        shared |= Q(jeune_id=jeune_id)
    found: list[Conflit] = []
    if shared:
        rdvs = (
            RendezVous.objects.filter(window & shared)
            .exclude(presence__in=FREED)
            .select_related("jeune", "conseiller", "salle", "site")
            .order_by("debut", "pk")
        )
        if exclude_rendez_vous is not None:
            rdvs = rdvs.exclude(pk=exclude_rendez_vous)
        for rdv in rdvs:
            rdv_end = end_of(rdv.debut, rdv.duree)
            if not overlaps(debut, fin, rdv.debut, rdv_end):
                continue
            raisons = [
                key
                for key, mine, theirs in (
                    (CONSEILLER, conseiller_id, rdv.conseiller_id),
                    (SALLE, salle_id, rdv.salle_id),
                    (JEUNE, jeune_id, rdv.jeune_id),
                )
                if mine is not None and mine == theirs
            ]
            found.append(Conflit(rdv.debut, rdv_end, raisons, rendez_vous=rdv))

    sessions: dict[int, Conflit] = {}
    if conseiller_id is not None:
        hosted = SessionCollective.objects.filter(window, animateur_id=conseiller_id).select_related("site")
        for session in hosted:
            session_end = end_of(session.debut, session.duree)
            if overlaps(debut, fin, session.debut, session_end):
                sessions[session.pk] = Conflit(session.debut, session_end, [CONSEILLER], session=session)
    if jeune_id is not None:
        registrations = (
            Participation.objects.filter(
                jeune_id=jeune_id,
                session__structure_id=structure_id,
                session__debut__gte=debut - LONGEST,
                session__debut__lt=fin,
            )
            .exclude(presence__in=FREED)
            .select_related("session__site")
        )
        for participation in registrations:
            session = participation.session
            session_end = end_of(session.debut, session.duree)
            if not overlaps(debut, fin, session.debut, session_end):
                continue
            if session.pk in sessions:
                sessions[session.pk].raisons.append(JEUNE)
            else:
                sessions[session.pk] = Conflit(session.debut, session_end, [JEUNE], session=session)
    found += sessions.values()
    found.sort(key=lambda c: (c.debut, c.fin))
    return found
