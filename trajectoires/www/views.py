"""Home page (per role; the full workspace comes with the workspace issue)."""

from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import Cap, can, conseiller_of
from trajectoires.agenda.alertes import LIBELLES, RANG
from trajectoires.agenda.home import home_context
from trajectoires.jeunes.services import pending_transfer_requests
from trajectoires.parrainage.views import inquietudes_for_home, mentor_home
from trajectoires.workspace.employeurs import home_followups


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if can(user, Cap.MENTOR_SPACE):  # a volunteer mentor: their mentees only (issue 14)
        return mentor_home(request)
    structure = user.structure
    context: dict = {"structure": structure, "role_label": Role(user.role).label}
    if structure is not None:
        # No count of the whole database: each role's home shows what it has to do (ui-patterns).
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
        if can(user, Cap.EMPLOYER_FOLLOWUP):
            # Employer relations (issue 13): today's follow-ups; the key figures come from the
            # report engine (agenda/home.py, EMPLOYER_KEY_FIGURES).
            context["suivis_employeurs"] = home_followups(user, timezone.localdate())
    return render(request, "www/home.html", context)
