"""Home page (per role; the full workspace comes with the workspace issue)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import Cap, can, conseiller_of
from trajectoires.agenda.home import home_context
from trajectoires.jeunes.models import Jeune
from trajectoires.workspace.portfolio import portfolio


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    structure = user.structure
    context: dict = {"structure": structure, "role_label": Role(user.role).label}
    if structure is not None:
        context["nb_jeunes"] = Jeune.objects.filter(structure=structure).count()
        conseiller = getattr(user, "conseiller", None)
        if conseiller is not None:
            context["portefeuille"] = conseiller.portefeuille.count()
        if can(user, Cap.PORTFOLIO) and (mine := conseiller_of(user)) is not None:
            context["a_recontacter"] = [row for row in portfolio(mine) if row.sans_contact]
        context.update(home_context(user))
    return render(request, "www/home.html", context)
