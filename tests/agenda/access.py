"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
the agenda and walk-in queue URLs, with the objects each URL needs.

Views on a young person (`rdv_create`, `rdv`, `cej`, `session_inscrire`) have one code per
object of the matrix (the appointment is the object's; the session registers the object).
Views on a session or an arrival have one code: the session or arrival is in the users'
Mission Locale (404 only for the administrator, whose scope is empty)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.factories import SiteFactory
from trajectoires.accounts.enums import Role
from trajectoires.accounts.models import Conseiller
from trajectoires.accueil import urls as accueil_urls
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.models import Arrivee
from trajectoires.agenda import urls as agenda_urls
from trajectoires.agenda.models import Participation, RendezVous, SessionCollective


URLCONFS = (agenda_urls, accueil_urls)

D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

_AGENDA_LIST = {D: "A", C: "A", AC: "A", RE: "F", RP: "F", P: "F", AD: "F"}
_AGENDA_OBJECT = {D: "A", C: "A", AC: "A", RE: "F", RP: "F", P: "F", AD: "N"}
_ATTENDANCE_OBJECT = {D: "R", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"}
_TAKE_OBJECT = {D: "R", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"}
_ON_JEUNE_GET = {D: "AAAAAAN", C: "AAAAAAN", AC: "AAAAAAN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_ON_JEUNE_POST = {D: "RRRRRRN", C: "RRRRRRN", AC: "RRRRRRN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_TIMELINE_GET = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_WRITE_POST = {D: "RRRRRRN", C: "RRFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}

MATRIX: dict[tuple[str, str], dict[Role, str]] = {
    ("agenda:jour", "GET"): _AGENDA_LIST,
    ("agenda:semaine", "GET"): _AGENDA_LIST,
    ("agenda:creneau", "GET"): _AGENDA_LIST,
    ("agenda:sessions", "GET"): _AGENDA_LIST,
    ("agenda:session_create", "GET"): {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    ("agenda:session_create", "POST"): {D: "R", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    ("agenda:session", "GET"): _AGENDA_OBJECT,
    ("agenda:convocations", "GET"): _AGENDA_OBJECT,
    ("agenda:session_emargement", "POST"): _ATTENDANCE_OBJECT,
    ("agenda:session_inscrire", "POST"): {
        D: "RRRRRRN", C: "RRRRRRN", AC: "RRRRRRN", RE: "FFFFFFF", RP: "FFFFFFF", P: "FFFFFFF", AD: "NNNNNNN",
    },
    ("agenda:rdv_create", "GET"): _ON_JEUNE_GET,
    ("agenda:rdv_create", "POST"): _ON_JEUNE_POST,
    ("agenda:rdv", "GET"): _ON_JEUNE_GET,
    # Attendance: the appointment's counsellor (Claire for `portefeuille`), the write scope, the direction.
    ("agenda:rdv", "POST"): _WRITE_POST,
    ("agenda:cej", "GET"): _TIMELINE_GET,
    ("agenda:cej", "POST"): _WRITE_POST,
    # The direction's key figures, or the employer relations' (issue 13: Cap.EMPLOYER_FOLLOWUP).
    ("agenda:chiffres", "GET"): {D: "A", C: "F", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("accueil:file", "GET"): _AGENDA_LIST,
    ("accueil:arrivee", "GET"): _AGENDA_LIST,
    ("accueil:arrivee", "POST"): {D: "R", C: "R", AC: "R", RE: "F", RP: "F", P: "F", AD: "F"},
    # Taking someone needs a counsellor row: the direction user of the fixture has none.
    ("accueil:suivant", "POST"): {D: "F", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    ("accueil:prendre", "POST"): {D: "F", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"},
    ("accueil:entretien", "GET"): {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"},
    ("accueil:entretien", "POST"): _TAKE_OBJECT,
    ("accueil:rattacher", "POST"): _TAKE_OBJECT,
    ("accueil:parti", "POST"): {D: "R", C: "R", AC: "R", RE: "F", RP: "F", P: "F", AD: "N"},
    # Handing a waiting person to a named counsellor: whoever sees the queue (reception first).
    ("accueil:orienter", "GET"): {D: "A", C: "A", AC: "A", RE: "F", RP: "F", P: "F", AD: "N"},
    ("accueil:orienter", "POST"): {D: "R", C: "R", AC: "R", RE: "F", RP: "F", P: "F", AD: "N"},
}

MATRIX_ECRITURE_STRUCTURE: dict[tuple[str, str], dict[Role, str]] = {
    ("agenda:rdv", "POST"): {C: "RRRRRRN"},
    ("agenda:cej", "POST"): {C: "RRRRRRN"},
}


def _claire(world) -> Conseiller:  # type: ignore[no-untyped-def]
    return Conseiller.objects.get(user=world.user(Role.CONSEILLER))


def _session(world) -> SessionCollective:  # type: ignore[no-untyped-def]
    existing = SessionCollective.objects.filter(structure=world.structure, ext_id="s-matrice").first()
    if existing:  # several pages of one session opened in one test
        return existing
    session = SessionCollective.objects.create(
        structure=world.structure, ext_id="s-matrice", type="atelier", theme="CV", capacite=10,
        debut=timezone.now() - dt.timedelta(hours=1), site=SiteFactory(structure=world.structure),
    )
    Participation.objects.create(session=session, jeune=world.jeunes["portefeuille"])
    return session


def _arrivee(world, name: str) -> Arrivee:  # type: ignore[no-untyped-def]
    taken = name in ("accueil:entretien", "accueil:rattacher")
    return Arrivee.objects.create(  # several pages of arrivals may be opened in one test (every page, in Chromium)
        structure=world.structure, ext_id=f"a-matrice-{Arrivee.objects.count()}", arrivee_le=timezone.now(),
        jeune=world.jeunes["portefeuille"] if name == "accueil:entretien" else None, nom="Nouveau",
        statut=Statut.EN_ENTRETIEN if taken else Statut.ATTENTE, pris_par=_claire(world) if taken else None,
        pris_le=timezone.now() if taken else None,
    )


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """The URL of one of these views, with the object it needs (None for other views)."""
    if name == "agenda:rdv":
        jeune = world.jeunes[obj]
        rdv = RendezVous.objects.create(
            structure_id=jeune.structure_id, ext_id="r-matrice", jeune=jeune, conseiller=jeune.conseiller,
            debut=timezone.now() - dt.timedelta(hours=1),
        )
        return reverse(name, args=[rdv.pk])
    if name in ("agenda:session", "agenda:convocations", "agenda:session_emargement", "agenda:session_inscrire"):
        return reverse(name, args=[_session(world).pk])
    if name in ("accueil:prendre", "accueil:entretien", "accueil:rattacher", "accueil:parti", "accueil:orienter"):
        return reverse(name, args=[_arrivee(world, name).pk])
    return None


def _rdv_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"date": "2025-03-04", "heure": "10:30", "duree": "30", "nature": "entretien_individuel",
            "conseiller": str(_claire(world).pk)}


def _session_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    site = SiteFactory(structure=world.structure)
    return {"type": "atelier", "theme": "CV", "date": "2025-05-06", "heure": "14:00", "duree": "120",
            "site": str(site.pk), "capacite": "8"}


POST_DATA = {
    "agenda:rdv_create": _rdv_data,
    "agenda:rdv": lambda world, jeune: {"presence": "annule"},
    "agenda:cej": lambda world, jeune: {"date": "2025-03-04", "theme": "emploi", "heures": "3"},
    "agenda:session_create": _session_data,
    "agenda:session_inscrire": lambda world, jeune: {"jeune": str(jeune.pk)},
    "agenda:session_emargement": lambda world, jeune: {"present": str(world.jeunes["portefeuille"].pk)},
    "accueil:arrivee": lambda world, jeune: {"nom": "Nouveau", "prenom": "Sam"},
    "accueil:suivant": lambda world, jeune: {},
    "accueil:prendre": lambda world, jeune: {},
    "accueil:entretien": lambda world, jeune: {"themes": ["emploi"]},
    "accueil:rattacher": lambda world, jeune: {"jeune": str(world.jeunes["portefeuille"].pk)},
    "accueil:parti": lambda world, jeune: {},
    "accueil:orienter": lambda world, jeune: {"conseiller": str(_claire(world).pk), "motif": "Recherche d'emploi"},
}
