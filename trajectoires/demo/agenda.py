"""The demo's working week: appointments, collective sessions and this afternoon's walk-ins.

They are not in the interchange format (it carries what happened, not what is planned), so
the demo creates them after the import, from the imported young people: each active
counsellor has three appointments a working day for the next five working days with young
people of their portfolio, two collective sessions are open for registration, three young
people wait at the walk-in reception today, and each site has four rooms. Nothing here feeds
the report until a counsellor marks the attendance (which records the contact)."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings

from trajectoires.accounts.models import Conseiller
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda.enums import TypeSession
from trajectoires.agenda.models import Participation, RendezVous, Salle, SessionCollective
from trajectoires.jeunes.models import Jeune
from trajectoires.structures.models import Site, Structure


SLOTS = (dt.time(9, 0), dt.time(10, 0), dt.time(11, 0), dt.time(14, 0), dt.time(15, 0), dt.time(16, 0))
SESSIONS = (
    (TypeSession.ATELIER, "CV et lettre de motivation", 1, dt.time(14, 0), 12),
    (TypeSession.INFORMATION_COLLECTIVE, "Contrat d'engagement jeune : présentation", 2, dt.time(9, 30), 15),
)
WALK_INS = (dt.time(13, 35), dt.time(13, 50), dt.time(14, 5))
ROOMS = ("Bureau 1", "Bureau 2", "Bureau 3", "Salle collective")


def working_days(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def populate_agenda(structure: Structure, today: dt.date, seed: int = 0) -> dict[str, int]:
    """Creates the demo week from `today` (Europe/Paris); returns what was created."""
    rng = random.Random(seed)
    # A demo re-run replaces its own week (rows created in the application are left alone).
    RendezVous.objects.filter(structure=structure, ext_id__startswith="demo-rdv-").delete()
    SessionCollective.objects.filter(structure=structure, ext_id__startswith="demo-session-").delete()
    Arrivee.objects.filter(structure=structure, ext_id__startswith="demo-arrivee-").delete()
    tz = ZoneInfo(settings.TIME_ZONE)
    site = Site.objects.filter(structure=structure).order_by("ext_id").first()
    days = working_days(today, 5)
    at = lambda day, time: dt.datetime.combine(day, time, tzinfo=tz)  # noqa: E731

    rendez_vous: list[RendezVous] = []
    for conseiller in Conseiller.objects.filter(structure=structure, actif=True).order_by("ext_id"):
        portfolio = list(Jeune.objects.filter(structure=structure, conseiller=conseiller)
                         .order_by("pk").values_list("pk", flat=True)[:300])
        if not portfolio:
            continue
        for day in days:
            for slot in sorted(rng.sample(SLOTS, 3)):
                rendez_vous.append(RendezVous(
                    structure=structure, ext_id=f"demo-rdv-{len(rendez_vous) + 1}", jeune_id=rng.choice(portfolio),
                    conseiller=conseiller, debut=at(day, slot), site=site,
                ))
    RendezVous.objects.bulk_create(rendez_vous)

    jeunes = list(Jeune.objects.filter(structure=structure).order_by("pk").values_list("pk", flat=True)[:2000])
    animateur = Conseiller.objects.filter(structure=structure, actif=True).order_by("ext_id").first()
    participations = 0
    for n, (kind, theme, day_index, time, capacity) in enumerate(SESSIONS, start=1):
        if site is None or not jeunes:
            break
        session = SessionCollective.objects.create(
            structure=structure, ext_id=f"demo-session-{n}", type=kind, theme=theme,
            debut=at(days[day_index], time), site=site, capacite=capacity, animateur=animateur,
        )
        registered = rng.sample(jeunes, min(len(jeunes), capacity // 2 + rng.randint(0, 3)))
        Participation.objects.bulk_create(Participation(session=session, jeune_id=pk) for pk in registered)
        participations += len(registered)

    arrivals = [
        Arrivee(structure=structure, ext_id="demo-arrivee-1", jeune_id=jeunes[0] if jeunes else None,
                site=site, arrivee_le=at(today, WALK_INS[0])),
        Arrivee(structure=structure, ext_id="demo-arrivee-2", jeune_id=jeunes[-1] if jeunes else None,
                site=site, arrivee_le=at(today, WALK_INS[1])),
        Arrivee(structure=structure, ext_id="demo-arrivee-3", nom="Nouvel", prenom="Arrivant",
                site=site, arrivee_le=at(today, WALK_INS[2])),
    ]
    Arrivee.objects.bulk_create(arrivals)
    # Rooms of every site, to book from the appointment form and to see a room's week (the demo's
    # appointments book none: hundreds of counsellors share a site).
    salles = 0
    for each_site in Site.objects.filter(structure=structure).order_by("ext_id"):
        for nom in ROOMS:
            salles += Salle.objects.get_or_create(structure=structure, site=each_site, nom=nom)[1]
    return {"rendez_vous": len(rendez_vous), "sessions": len(SESSIONS), "participations": participations,
            "arrivees": len(arrivals), "salles": salles}
