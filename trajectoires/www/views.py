"""Home page (per role; the full workspace comes with the workspace issue)."""

from __future__ import annotations

from collections import Counter

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import Cap, can, conseiller_of
from trajectoires.agenda.alertes import LIBELLES, RANG
from trajectoires.agenda.home import home_context
from trajectoires.jeunes.models import Jeune
from trajectoires.jeunes.services import pending_transfer_requests
from trajectoires.parrainage.views import inquietudes_for_home, mentor_home


NB_JEUNES_CACHE = 300  # seconds


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if can(user, Cap.MENTOR_SPACE):  # a volunteer mentor: their mentees only (issue 14)
        return mentor_home(request)
    structure = user.structure
    context: dict = {"structure": structure, "role_label": Role(user.role).label}
    if structure is not None:
        # Counting the young people of a large Mission Locale reads its whole index (25 ms at
        # 200,000, on every home page): the figure is kept 5 minutes per structure.
        context["nb_jeunes"] = cache.get_or_set(
            f"www:nb_jeunes:{structure.pk}", lambda: Jeune.objects.filter(structure=structure).count(), NB_JEUNES_CACHE
        )
        conseiller = getattr(user, "conseiller", None)
        if conseiller is not None:
            context["portefeuille"] = conseiller.portefeuille.count()
        context.update(home_context(user))
        context["demandes_transfert"] = list(pending_transfer_requests(user)[:20])
        context["inquietudes"] = inquietudes_for_home(user)  # worries flagged by mentors (issue 14)
        if can(user, Cap.PORTFOLIO) and conseiller_of(user) is not None:
            # One ranked list of the portfolio's alerts, with the count of each kind (the
            # portfolio page filters on a kind): nothing is listed twice.
            counts = Counter(code for row in context.get("alertes", []) for code, _ in row.alertes)
            context["compte_alertes"] = [
                (code, LIBELLES[code], counts[code]) for code in sorted(RANG, key=RANG.get) if counts[code]
            ]
            context["mon_portefeuille"] = True
    return render(request, "www/home.html", context)
