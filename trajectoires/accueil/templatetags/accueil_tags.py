"""Waiting times of the walk-in queue, as the desk reads them ("attend depuis 12 min"). Computed
when the queue is drawn: the queue refreshes itself every 5 seconds (htmx polling), so the times
stay live without any script of their own."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from trajectoires.accueil.enums import Statut


register = template.Library()

# Beyond this wait, the time is shown in red on the queue.
ATTENTE_LONGUE = dt.timedelta(minutes=30)


def duree(delta: dt.timedelta) -> str:
    """"moins d'une minute", "12 min", "1 h 05"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "moins d'une minute"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def _waited(arrivee, now: dt.datetime) -> dt.timedelta:  # type: ignore[no-untyped-def]
    if arrivee.statut == Statut.ATTENTE:
        return now - arrivee.arrivee_le
    end = arrivee.pris_le if arrivee.statut in (Statut.EN_ENTRETIEN, Statut.TERMINE) else arrivee.parti_le
    return (end or now) - arrivee.arrivee_le


@register.filter
def attente(arrivee) -> str:  # type: ignore[no-untyped-def]
    """"attend depuis 12 min" (waiting), "a attendu 12 min" (taken), "parti(e) après 40 min"."""
    now = timezone.now()
    waited = duree(_waited(arrivee, now))
    if arrivee.statut == Statut.ATTENTE:
        return f"attend depuis {waited}"
    if arrivee.statut == Statut.PARTI:
        return f"parti(e) après {waited}"
    return f"a attendu {waited}"


@register.filter
def attente_longue(arrivee) -> bool:  # type: ignore[no-untyped-def]
    return arrivee.statut == Statut.ATTENTE and _waited(arrivee, timezone.now()) >= ATTENTE_LONGUE


@register.filter
def orientes_vers(arrivees, conseiller_id):  # type: ignore[no-untyped-def]
    """The people still waiting whom reception handed to this counsellor."""
    return [a for a in arrivees if a.statut == Statut.ATTENTE and a.oriente_vers_id == conseiller_id]
