"""The job board's block on a young person's file (workspace/jeune.html): the board account
linked to the file and every application it sent, each turned into a match in one gesture.
A template tag, so that the workspace does not import the board."""

from __future__ import annotations

from django import template

from trajectoires.accounts.perms import Cap, can
from trajectoires.bourse.models import Candidature, Compte


register = template.Library()


@register.inclusion_tag("bourse/equipe/_bloc_dossier.html", takes_context=True)
def bourse_bloc(context, jeune):  # type: ignore[no-untyped-def]
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or jeune.structure_id != getattr(user, "structure_id", None):
        return {"visible": False}
    if not (can(user, Cap.BOURSE_CANDIDATURES) or can(user, Cap.BOURSE_LIER_JEUNE)):
        return {"visible": False}
    comptes = list(Compte.objects.filter(jeune=jeune))
    candidatures = list(
        Candidature.objects.filter(compte__jeune=jeune).select_related("offre__employeur", "compte__jeune",
                                                                       "mise_en_relation")
    ) if can(user, Cap.BOURSE_CANDIDATURES) else []
    return {
        "visible": True, "comptes": comptes, "candidatures": candidatures, "request": request,
        "peut_lier": can(user, Cap.BOURSE_LIER_JEUNE), "csrf_token": context.get("csrf_token"),
    }
