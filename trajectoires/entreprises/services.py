"""The door of employers (`Employeur`): created in the application through `create_employeur`
(a SIRET checked and unique in the Mission Locale), written through `save()` so that the data
date follows (the report counts employers). The importer is the bulk door."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from trajectoires.entreprises.models import Employeur
from trajectoires.entreprises.siret import normalise, siret_error
from trajectoires.utils.ids import new_ext_id


SUGGESTIONS = 15


def same_siret(structure_id: int, siret: str) -> Employeur | None:
    return Employeur.objects.filter(structure_id=structure_id, siret=normalise(siret)).first()


@transaction.atomic
def create_employeur(structure_id: int, raison_sociale: str, siret: str = "", commune: str | None = None) -> Employeur:
    """A new employer of the Mission Locale. Refused (French `ValidationError`) for a SIRET that
    is not one, or that an employer of the Mission Locale already has."""
    raison_sociale = raison_sociale.strip()
    if not raison_sociale:
        raise ValidationError("Indiquez la raison sociale de l'employeur.")
    siret = normalise(siret or "")
    if siret:
        error = siret_error(siret)
        if error:
            raise ValidationError(error)
        existing = same_siret(structure_id, siret)
        if existing is not None:
            raise ValidationError(
                f"Un employeur de votre Mission Locale a déjà ce SIRET : « {existing.raison_sociale} ». "
                "Choisissez-le dans la liste au lieu d'en créer un second."
            )
    return Employeur.objects.create(
        structure_id=structure_id, ext_id=new_ext_id(), raison_sociale=raison_sociale, siret=siret or None,
        commune=commune or None,
    )


def suggestions(structure_id: int, q: str) -> QuerySet[Employeur]:
    """The employers of the Mission Locale whose name contains `q`, or whose SIRET starts with
    it (digits), best matches first; at most SUGGESTIONS."""
    q = q.strip()
    rows = Employeur.objects.filter(structure_id=structure_id)
    if not q:
        return rows.none()
    digits = normalise(q)
    condition = Q(raison_sociale__icontains=q)
    if digits.isdigit() and len(digits) >= 3:
        condition |= Q(siret__startswith=digits)
    return rows.filter(condition).order_by("raison_sociale", "pk")[:SUGGESTIONS]
