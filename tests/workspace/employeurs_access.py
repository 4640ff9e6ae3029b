"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
the employers' file (issue 13, docs/employeurs.md).

The object of an employer view is an employer of the matrix object's Mission Locale: for the six
young people of the first Mission Locale, its employer "Garage du Doubs" (with a person to talk
to); for `ailleurs`, an employer of the other Mission Locale. So the codes read: first six, an
employer of the user's Mission Locale; last, another Mission Locale's (404 for everyone)."""

from __future__ import annotations

from django.urls import reverse

from trajectoires.accounts.enums import Role
from trajectoires.entreprises.models import Employeur, Interlocuteur


D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# Reading: direction, counsellors, employer relations; 403 for the other roles of the Mission
# Locale; 404 for another Mission Locale's employer and for the administrator (empty scope).
_READ = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
# Changing an employer or its people: direction and employer relations.
_WRITE_GET = {D: "AAAAAAN", C: "FFFFFFN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
_WRITE_POST = {D: "RRRRRRN", C: "FFFFFFN", AC: "FFFFFFN", RE: "RRRRRRN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
# Recording a contact with an employer: counsellors too (they meet employers when placing a young person).
_CONTACT_GET = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}
_CONTACT_POST = {D: "RRRRRRN", C: "RRRRRRN", AC: "FFFFFFN", RE: "RRRRRRN", RP: "FFFFFFN", P: "FFFFFFN", AD: "NNNNNNN"}

MATRIX = {
    ("workspace:employeurs", "GET"): {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:employeur_nouveau", "GET"): {D: "A", C: "F", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"},
    ("workspace:employeur_nouveau", "POST"): {D: "R", C: "F", AC: "F", RE: "R", RP: "F", P: "F", AD: "F"},
    ("workspace:employeur", "GET"): _READ,
    ("workspace:employeur_modifier", "GET"): _WRITE_GET,
    ("workspace:employeur_modifier", "POST"): _WRITE_POST,
    ("workspace:interlocuteur_nouveau", "GET"): _WRITE_GET,
    ("workspace:interlocuteur_nouveau", "POST"): _WRITE_POST,
    ("workspace:interlocuteur", "GET"): _WRITE_GET,
    ("workspace:interlocuteur", "POST"): _WRITE_POST,
    ("workspace:employeur_contact", "GET"): _CONTACT_GET,
    ("workspace:employeur_contact", "POST"): _CONTACT_POST,
}

_ON_EMPLOYER = {"workspace:employeur", "workspace:employeur_modifier", "workspace:interlocuteur_nouveau",
                "workspace:employeur_contact"}


def employeur(world, obj: str) -> Employeur:  # type: ignore[no-untyped-def]
    structure_id = world.jeunes[obj].structure_id
    ext_id = "emp-matrice"
    existing = Employeur.objects.filter(structure_id=structure_id, ext_id=ext_id).first()
    if existing is not None:
        return existing
    row = Employeur.objects.create(structure_id=structure_id, ext_id=ext_id, raison_sociale="Garage du Doubs",
                                   siret="73282932000074", commune="25056")
    Interlocuteur.objects.create(structure_id=structure_id, ext_id="int-matrice", employeur=row, nom="Durand",
                                 prenom="Léa", fonction="Gérante")
    return row


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if name in _ON_EMPLOYER:
        return reverse(name, args=[employeur(world, obj).pk])
    if name == "workspace:interlocuteur":
        return reverse(name, args=[employeur(world, obj).interlocuteurs.get().pk])
    return None


def _employeur_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"raison_sociale": "Boulangerie Martin", "siret": "", "commune": "25056", "naf": "10.71C",
            "tranche_effectif": "02", "telephone": "03 81 00 00 00"}


def _modifier_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"raison_sociale": "Garage du Doubs SARL", "siret": "732 829 320 00074", "commune": "25056",
            "naf": "45.20A", "tranche_effectif": "03"}


POST_DATA = {
    "workspace:employeur_nouveau": _employeur_data,
    "workspace:employeur_modifier": _modifier_data,
    "workspace:interlocuteur_nouveau": lambda world, jeune: {"nom": "Petit", "prenom": "Jean",
                                                              "telephone": "06 12 34 56 78"},
    "workspace:interlocuteur": lambda world, jeune: {"nom": "Durand", "prenom": "Léa", "fonction": "Gérante",
                                                      "actif": "on", "email": "lea@garage.fr"},
    "workspace:employeur_contact": lambda world, jeune: {
        "date": "2025-03-04", "nature": "visite", "note": "Besoin d'un apprenti", "a_rappeler_le": "2025-04-01",
    },
}
