"""`{% dossier_agenda jeune %}`: the agenda and CEJ block of a young person's file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from trajectoires.accounts.perms import Cap, can
from trajectoires.agenda import cej
from trajectoires.agenda.models import RendezVous
from trajectoires.dispositifs.models import Inscription


register = template.Library()


@register.inclusion_tag("agenda/_dossier.html", takes_context=True)
def dossier_agenda(context: dict[str, Any], jeune) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Upcoming appointments (for roles with the agenda) and CEJ weekly hours (for roles that
    read the timeline, when the young person ever entered a CEJ). The caller already checked
    that the user may open the file."""
    user = context["request"].user
    out: dict[str, Any] = {"jeune": jeune, "agenda": can(user, Cap.AGENDA)}
    if out["agenda"]:
        out["rendez_vous"] = list(
            RendezVous.objects.filter(jeune=jeune, debut__gte=timezone.now()).select_related("conseiller", "site")[:5]
        )
    if can(user, Cap.TIMELINE) and Inscription.objects.filter(jeune=jeune, dispositif=cej.CEJ).exists():
        out["semaines"] = cej.weekly_totals(jeune, weeks=4)
        out["min"], out["max"] = cej.commitment()
    return out


@register.filter
def heures(value) -> str:  # type: ignore[no-untyped-def]
    """3.50 -> "3,5", 15.00 -> "15" (hours, French decimal comma)."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
