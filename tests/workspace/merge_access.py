"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
the duplicates: the list and the comparison / merge of two files (docs/doublons.md).

The comparison needs two files: the matrix's object and its twin, a second file of the same
young person in the same Mission Locale, created here. The twin is given the link that puts
the object in a restricted role's scope (a match, an outreach entry, a pairing), so that those
roles see both files and get the capability's 403, not a 404."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import JeuneFactory, MiseEnRelationFactory, ParrainageFactory, RepereFactory
from trajectoires.accounts.enums import Role
from trajectoires.jeunes.models import Jeune


D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

# Direction only (Cap.MERGE): 404 when either file is out of scope, 403 in scope for any other role.
_FUSION_GET = {D: "AAAAAAN", C: "FFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}
_FUSION_POST = {D: "RRRRRRN", C: "FFFFFFN", AC: "FFFFFFN", RE: "NNNNNFN", RP: "NNNNFNN", P: "NNNFNNN", AD: "NNNNNNN"}

MATRIX = {
    ("workspace:doublons", "GET"): {D: "A", C: "F", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    ("workspace:fusion", "GET"): _FUSION_GET,
    ("workspace:fusion", "POST"): _FUSION_POST,
}


def twin(world, obj: str) -> Jeune:  # type: ignore[no-untyped-def]
    """A second file of the object's young person (same names and birth date), in the same scope."""
    jeune = world.jeunes[obj]
    existing = Jeune.objects.filter(structure_id=jeune.structure_id, ext_id=f"{jeune.ext_id}-bis").first()
    if existing is not None:
        return existing
    other = JeuneFactory(
        structure_id=jeune.structure_id, ext_id=f"{jeune.ext_id}-bis", nom=jeune.nom, prenom=jeune.prenom,
        sexe=jeune.sexe, date_naissance=jeune.date_naissance, conseiller=jeune.conseiller,
    )
    if obj == "candidat":
        MiseEnRelationFactory(offre=jeune.mises_en_relation.get().offre, jeune=other)
    elif obj == "repere":
        RepereFactory(structure_id=jeune.structure_id, action=jeune.reperages.get().action, jeune=other)
    elif obj == "filleul":
        ParrainageFactory(jeune=other, parrain=jeune.parrainages.get().parrain)
    return other


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if name != "workspace:fusion":
        return None
    return reverse(name, args=[world.jeunes[obj].pk, twin(world, obj).pk])


def _fusion_data(world, jeune) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Keep the object's file; the twin's profile is the same (nothing to choose)."""
    other = Jeune.objects.get(structure_id=jeune.structure_id, ext_id=f"{jeune.ext_id}-bis")
    return {"garder": str(jeune.pk), "version_a": str(jeune.version), "version_b": str(other.version)}


POST_DATA = {"workspace:fusion": _fusion_data}
