"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
mentoring (issue 14, docs/parrainage.md), with the objects each URL needs.

- The coordinator's views without an object (lists, new mentor, new pairing) have one code; a
  mentor's page has one code too (the world's mentor, in the users' Mission Locale: 404 only for
  the administrator, whose scope is empty).
- The views on a pairing (change it, a meeting, a worry) and on a worry (mark it read) have one
  code per object of the matrix: the pairing (and worry) of the object's young person. The
  object `filleul` is the world's mentor's current mentee; every other object gets a pairing
  with another mentor (`ailleurs`: of the other Mission Locale), so the mentor sees exactly one."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.factories import ParrainFactory
from trajectoires.accounts.enums import Role
from trajectoires.parrainage import urls as parrainage_urls
from trajectoires.parrainage.models import Inquietude, Parrain, Parrainage


URLCONFS = (parrainage_urls,)

D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# Cap.MENTORING_ADMIN: direction and counsellors.
_ADMIN_LIST = {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"}
_ADMIN_LIST_POST = {D: "R", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"}
_ADMIN_OBJECT = {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"}
_ADMIN_OBJECT_POST = {D: "R", C: "R", AC: "F", RE: "F", RP: "F", P: "F", AD: "N"}
# A pairing, for the coordinator: 404 when its young person is out of the user's scope.
_PAIRING_GET = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_PAIRING_POST = {D: "RRRRRRN", C: "RRRRRRN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
# Cap.MENTOR_SPACE: the mentor, on their current pairing only; anyone else who sees the young person: 403.
_MENTOR_GET = {D: "FFFFFFN", C: "FFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNANNN", AD: "NNNNNNN"}
_MENTOR_POST = {D: "FFFFFFN", C: "FFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNRNNN", AD: "NNNNNNN"}

MATRIX: dict[tuple[str, str], dict[Role, str]] = {
    ("parrainage:parrains", "GET"): _ADMIN_LIST,
    ("parrainage:parrain_nouveau", "GET"): _ADMIN_LIST,
    ("parrainage:parrain_nouveau", "POST"): _ADMIN_LIST_POST,
    ("parrainage:parrain", "GET"): _ADMIN_OBJECT,
    ("parrainage:parrain_modifier", "GET"): _ADMIN_OBJECT,
    ("parrainage:parrain_modifier", "POST"): _ADMIN_OBJECT_POST,
    ("parrainage:parrain_compte", "POST"): _ADMIN_OBJECT_POST,
    ("parrainage:parrainage_nouveau", "GET"): _ADMIN_LIST,
    ("parrainage:parrainage_nouveau", "POST"): _ADMIN_LIST_POST,
    ("parrainage:parrainage_modifier", "GET"): _PAIRING_GET,
    ("parrainage:parrainage_modifier", "POST"): _PAIRING_POST,
    # A worry marked read: the counsellor it was sent to (the referent: Claire for `portefeuille`)
    # and the direction; a mentor never sees a worry once sent (404).
    ("parrainage:inquietude_lue", "POST"): {
        D: "RRRRRRN", C: "RFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNNNNN", AD: "NNNNNNN",
    },
    ("parrainage:rencontre", "GET"): _MENTOR_GET,
    ("parrainage:rencontre", "POST"): _MENTOR_POST,
    ("parrainage:inquietude", "GET"): _MENTOR_GET,
    ("parrainage:inquietude", "POST"): _MENTOR_POST,
}


def world_parrain(world) -> Parrain:  # type: ignore[no-untyped-def]
    return Parrain.objects.get(user=world.user(Role.PARRAIN))


def pairing(world, obj: str) -> Parrainage:  # type: ignore[no-untyped-def]
    """The object's pairing: the world's for `filleul`, else one with another mentor, made once."""
    jeune = world.jeunes[obj]
    existing = Parrainage.objects.filter(jeune=jeune).order_by("pk").first()
    if existing is not None:
        return existing
    other = ParrainFactory(structure_id=jeune.structure_id, prenom="Gérard", nom=f"Autre-{obj}")
    return Parrainage.objects.create(
        structure_id=jeune.structure_id, ext_id=f"pg-matrice-{obj}", jeune=jeune, parrain=other,
        date_debut=timezone.localdate().replace(day=1),
    )


def _inquietude(world, obj: str) -> Inquietude:  # type: ignore[no-untyped-def]
    p = pairing(world, obj)
    return Inquietude.objects.create(
        structure_id=p.structure_id, ext_id=f"i-matrice-{obj}-{Inquietude.objects.count()}", parrainage=p,
        jeune=p.jeune, conseiller=p.jeune.conseiller, texte="Il ne répond plus.", signalee_le=timezone.now(),
    )


def _parrain_sans_compte(world) -> Parrain:  # type: ignore[no-untyped-def]
    return ParrainFactory(structure=world.structure, prenom="Yvette", nom="Sanscompte")


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """The URL of one of these views, with the object it needs (None for other views)."""
    if name in ("parrainage:parrain", "parrainage:parrain_modifier"):
        return reverse(name, args=[world_parrain(world).pk])
    if name == "parrainage:parrain_compte":
        return reverse(name, args=[_parrain_sans_compte(world).pk])
    if name in ("parrainage:parrainage_modifier", "parrainage:rencontre", "parrainage:inquietude"):
        return reverse(name, args=[pairing(world, obj).pk])
    if name == "parrainage:inquietude_lue":
        return reverse(name, args=[_inquietude(world, obj).pk])
    return None


def _today() -> str:
    return timezone.localdate().isoformat()


def _parrain_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"prenom": "Yvette", "nom": "Marchal", "statut": "retraite", "profession": "Monitrice d'auto-école",
            "telephone": "06 12 34 56 78", "date_entree": "2023-09-01"}


def _parrainage_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    libre = ParrainFactory(structure=world.structure, prenom="Laurent", nom="Libre")
    return {"jeune": str(world.jeunes["portefeuille"].pk), "parrain": str(libre.pk), "date_debut": _today(),
            "partage_telephone": "on"}


POST_DATA = {
    "parrainage:parrain_nouveau": _parrain_data,
    "parrainage:parrain_modifier": _parrain_data,
    "parrainage:parrain_compte": lambda world, jeune: {},
    "parrainage:parrainage_nouveau": _parrainage_data,
    "parrainage:parrainage_modifier": lambda world, jeune: {
        "partage_telephone": "on", "date_fin_prevue": "2027-06-30",
    },
    "parrainage:inquietude_lue": lambda world, jeune: {},
    "parrainage:rencontre": lambda world, jeune: {"date": _today(), "duree": "60", "note": "Point sur le CV."},
    "parrainage:inquietude": lambda world, jeune: {"texte": "Il ne répond plus depuis deux semaines."},
}
