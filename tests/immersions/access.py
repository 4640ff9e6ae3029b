"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
the immersions (PMSMP) and the forums (manifestations), with the objects they need
(docs/immersions.md, "Qui fait quoi").

A convention's pages have one code per object: the convention is the object's (created here,
for `ailleurs` in the other Mission Locale). Employer relations see the young people of a
convention (their scope: matches and immersions), hence "A" on every object of their Mission
Locale. The forum's pages have one code: the event is of the users' Mission Locale (404 only
for the administrator, whose scope is empty); `manifestations:jeune` names the object's young
person in its POST (404 out of the user's scope)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.factories import EmployeurFactory
from trajectoires.accounts.enums import Role
from trajectoires.immersions import services as immersions, urls as immersions_urls
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.manifestations import urls as manifestations_urls
from trajectoires.manifestations.models import Manifestation


URLCONFS = (immersions_urls, manifestations_urls)

D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# A new convention from the file: `Cap.SITUATIONS` within the write scope, like "Commencer une situation".
_WRITE_GET = {D: "AAAAAAN", C: "AAFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_WRITE_POST = {D: "RRRRRRN", C: "RRFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
# A convention and its PDF: `Cap.IMMERSIONS` (direction, counsellors, employer relations).
_CONVENTION = {D: "AAAAAAN", C: "AAAAAAN", AC: "FFFFFFN", RE: "AAAAAAN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
# Its renewal: the convention readable, then `Cap.SITUATIONS` within the write scope.
_RENEW_GET = {D: "AAAAAAN", C: "AAFFFFN", AC: "FFFFFFN", RE: "FFFFFFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_RENEW_POST = {D: "RRRRRRN", C: "RRFFFFN", AC: "FFFFFFN", RE: "FFFFFFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
# Forums: `Cap.MANIFESTATIONS` (direction, counsellors, employer relations).
_LIST = {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "F"}
_CREATE = {D: "R", C: "R", AC: "F", RE: "R", RP: "F", P: "F", AD: "F"}
_EVENT_GET = {D: "A", C: "A", AC: "F", RE: "A", RP: "F", P: "F", AD: "N"}
_EVENT_POST = {D: "R", C: "R", AC: "F", RE: "R", RP: "F", P: "F", AD: "N"}

MATRIX: dict[tuple[str, str], dict[Role, str]] = {
    ("immersions:liste", "GET"): _LIST,
    ("immersions:nouvelle", "GET"): _WRITE_GET,
    ("immersions:nouvelle", "POST"): _WRITE_POST,
    ("immersions:convention", "GET"): _CONVENTION,
    ("immersions:pdf", "GET"): _CONVENTION,
    ("immersions:renouveler", "GET"): _RENEW_GET,
    ("immersions:renouveler", "POST"): _RENEW_POST,
    ("manifestations:liste", "GET"): _LIST,
    ("manifestations:nouvelle", "GET"): _LIST,
    ("manifestations:nouvelle", "POST"): _CREATE,
    ("manifestations:detail", "GET"): _EVENT_GET,
    ("manifestations:modifier", "GET"): _EVENT_GET,
    ("manifestations:modifier", "POST"): _EVENT_POST,
    ("manifestations:employeur", "POST"): _EVENT_POST,
    # The young person named in the POST: of the user's scope (404 otherwise), after the capability (403).
    ("manifestations:jeune", "POST"): {
        D: "RRRRRRN", C: "RRRRRRN", AC: "FFFFFFF", RE: "NNNNNRN", RP: "FFFFFFF", P: "FFFFFFF", AD: "NNNNNNN",
    },
}

MATRIX_ECRITURE_STRUCTURE: dict[tuple[str, str], dict[Role, str]] = {
    ("immersions:nouvelle", "GET"): {C: "AAAAAAN"},
    ("immersions:nouvelle", "POST"): {C: "RRRRRRN"},
    ("immersions:renouveler", "GET"): {C: "AAAAAAN"},
    ("immersions:renouveler", "POST"): {C: "RRRRRRN"},
}

# Successful POSTs that add no row of a fact model and no journal entry (no personal data).
NO_OP_WRITES = {
    ("manifestations:modifier", None): "the event's own fields change: no row added, not personal data",
    ("manifestations:employeur", None): "a many-to-many row and the event's count of partners: not personal data",
}

FIRST = (dt.date(2025, 3, 3), dt.date(2025, 3, 31))
EVENT_DAY = dt.date(2025, 6, 12)


def _convention(world, obj: str) -> ConventionImmersion:  # type: ignore[no-untyped-def]
    jeune = world.jeunes[obj]
    existing = ConventionImmersion.objects.filter(jeune=jeune).first()
    if existing is not None:  # several pages of one convention opened in one test
        return existing
    host = EmployeurFactory(structure_id=jeune.structure_id, raison_sociale=f"Accueil {obj}")
    return immersions.create_convention(jeune, host, *FIRST, {
        "objectif": "decouvrir", "tuteur_nom": "Anne Roy", "tuteur_fonction": "Cheffe d'équipe",
        "tuteur_telephone": "+33612345678", "horaires": "Du lundi au vendredi, 9 h – 17 h",
    })


def _manifestation(world) -> Manifestation:  # type: ignore[no-untyped-def]
    existing = Manifestation.objects.filter(structure=world.structure, ext_id="m-matrice").first()
    if existing is not None:
        return existing
    return Manifestation.objects.create(
        structure=world.structure, ext_id="m-matrice", date=EVENT_DAY, titre="Forum de l'emploi", type="forum",
        lieu="Besançon, Micropolis", jeunes=120, partenaires=30,
    )


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if name in ("immersions:convention", "immersions:pdf", "immersions:renouveler"):
        return reverse(name, args=[_convention(world, obj).pk])
    if name in ("manifestations:detail", "manifestations:modifier", "manifestations:employeur",
                "manifestations:jeune"):
        return reverse(name, args=[_manifestation(world).pk])
    return None


def _today() -> dt.date:
    return timezone.localdate()


def _convention_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    host = EmployeurFactory(structure_id=jeune.structure_id)
    return {
        "date_debut": _today().isoformat(), "date_fin": (_today() + dt.timedelta(days=9)).isoformat(),
        "employeur": str(host.pk), "objectif": "confirmer", "tuteur_nom": "Anne Roy", "tuteur_fonction": "Gérante",
        "tuteur_telephone": "06 12 34 56 78", "duree_heures": "70",
    }


def _renewal_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "date_debut": "2025-04-01", "date_fin": "2025-04-20", "objectif": "confirmer", "tuteur_nom": "Anne Roy",
        "tuteur_fonction": "Gérante", "tuteur_telephone": "06 12 34 56 78", "duree_heures": "70",
    }


def _event_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"date": "2025-10-16", "titre": "Job dating de l'industrie", "type": "forum", "lieu": "Besançon",
            "autres_jeunes": "12", "autres_partenaires": "2"}


def _employer_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"employeur": str(EmployeurFactory(structure=world.structure).pk), "action": "ajouter"}


POST_DATA = {
    "immersions:nouvelle": _convention_data,
    "immersions:renouveler": _renewal_data,
    "manifestations:nouvelle": _event_data,
    "manifestations:modifier": lambda world, jeune: {**_event_data(world, jeune), "date": EVENT_DAY.isoformat()},
    "manifestations:employeur": _employer_data,
    # Marked present: registered, and one contact on the file (test_write_paths checks the report).
    "manifestations:jeune": lambda world, jeune: {"jeune": str(jeune.pk), "action": "present"},
}
