"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
the job offers and matching (docs/offres.md).

Objects: an offer's URL gets, for each object of the matrix, an open offer of the object's
Mission Locale (created here: the world's other Mission Locale for `ailleurs`); putting forward
posts the object's young person on it; a match's URL is a match of the object's young person
(created here, so that employer relations see every such young person, as they would after
putting them forward). The wished jobs are an action of the file, like the profile."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import EmployeurFactory, MiseEnRelationFactory, OffreFactory
from trajectoires.accounts.enums import Role


D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# An offer of the user's Mission Locale: read (Cap.OFFRES) by direction, counsellors, employer
# relations; 403 for the other roles, 404 across Mission Locales (and for the administrator,
# who has no scope).
_OFFRE_GET = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
# Managed (Cap.MANAGE_OFFRES) by the direction and employer relations.
_GERER_GET = {D: "AAAAAAN", C: "FFFFFFN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
_GERER_POST = {D: "RRRRRRN", C: "FFFFFFN", AC: "FFFFFFN", RE: "RRRRRRN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
# Putting forward (Cap.MATCHES): any young person of the Mission Locale, even outside employer
# relations' scope (perms.matching_pool); a counsellor without write scope on the file may too.
_METTRE_POST = {D: "RRRRRRN", C: "RRRRRRN", AC: "FFFFFFN", RE: "RRRRRRN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
# A match: 404 unless its young person is in the user's scope, then 403 without Cap.MATCHES.
_MISE_GET = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_MISE_POST = {D: "RRRRRRN", C: "RRRRRRN", AC: "FFFFFFN", RE: "RRRRRRN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
# The wished jobs: a profile action (Cap.EDIT_PROFILE within the write scope).
_WRITE_GET = {D: "AAAAAAN", C: "AAFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_WRITE_POST = {D: "RRRRRRN", C: "RRFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}

MATRIX = {
    ("workspace:offres", "GET"): {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:offre_nouvelle", "GET"): {D: "A", C: "F", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:offre_nouvelle", "POST"): {D: "R", C: "F", AC: "F", RE: "R", RP: "F", P: "F", AD: "F"},
    # The ROME type-ahead: the offer form (MANAGE_OFFRES) and the wished jobs (EDIT_PROFILE).
    ("workspace:rome", "GET"): {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:offre", "GET"): _OFFRE_GET,
    ("workspace:offre_modifier", "GET"): _GERER_GET,
    ("workspace:offre_modifier", "POST"): _GERER_POST,
    ("workspace:offre_publier", "POST"): _GERER_POST,
    ("workspace:offre_cloturer", "POST"): _GERER_POST,
    ("workspace:offre_mise_en_relation", "POST"): _METTRE_POST,
    ("workspace:mise_en_relation", "GET"): _MISE_GET,
    ("workspace:mise_en_relation", "POST"): _MISE_POST,
    ("workspace:metiers_recherches", "GET"): _WRITE_GET,
    ("workspace:metiers_recherches", "POST"): _WRITE_POST,
}

_OFFRE_URLS = {"workspace:offre", "workspace:offre_modifier", "workspace:offre_publier", "workspace:offre_cloturer",
               "workspace:offre_mise_en_relation"}


def _offre(world, obj: str, statut: str = "publiee"):  # type: ignore[no-untyped-def]
    structure = world.jeunes[obj].structure
    employeur = EmployeurFactory(structure=structure, commune="25056")
    return OffreFactory(employeur=employeur, statut=statut, commune="25056", rome="M1607")


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if name in _OFFRE_URLS:
        # Publishing needs an offer not yet published: a draft.
        statut = "brouillon" if name == "workspace:offre_publier" else "publiee"
        return reverse(name, args=[_offre(world, obj, statut).pk])
    if name == "workspace:mise_en_relation":
        jeune = world.jeunes[obj]
        mise = jeune.mises_en_relation.first() or MiseEnRelationFactory(offre=_offre(world, obj), jeune=jeune)
        return reverse(name, args=[mise.pk])
    return None


def _offre_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    employeur = EmployeurFactory(structure=world.structure)
    return {"intitule": "Secrétaire", "employeur": str(employeur.pk), "rome": "M1607", "type_contrat": "cdd",
            "commune": "25056", "heures_hebdo": "35", "niveau_requis": "v"}


def _offre_modifier_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from trajectoires.entreprises.models import Offre

    offre = Offre.objects.filter(structure=jeune.structure).order_by("-pk").first()
    return {"intitule": "Secrétaire médicale", "employeur": str(offre.employeur_id), "rome": "M1609",
            "type_contrat": "cdi", "commune": "25056"}


POST_DATA = {
    "workspace:offre_nouvelle": _offre_data,
    "workspace:offre_modifier": _offre_modifier_data,
    "workspace:offre_publier": lambda world, jeune: {},
    "workspace:offre_cloturer": lambda world, jeune: {},
    "workspace:offre_mise_en_relation": lambda world, jeune: {"jeune": str(jeune.pk)},
    "workspace:mise_en_relation": lambda world, jeune: {"resultat": "retenu", "note": "Embauché"},
    "workspace:metiers_recherches": lambda world, jeune: {"metier_0": "M1607", "metier_1": "G1603"},
}
