"""What each role's home page shows besides the greeting (www.views.home):

- counsellor: their appointments of today, the walk-in queue, their portfolio's alerts;
- reception: the walk-in queue and today's agenda of the Mission Locale (all sites);
- direction: the key figures of the year so far, computed by the report engine
  (`rapports.engine.build_report`, the only place figures are computed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from trajectoires.accounts.models import User
from trajectoires.accounts.perms import Cap, can, conseiller_of
from trajectoires.accueil import services as accueil
from trajectoires.agenda.agenda import appointments
from trajectoires.agenda.alertes import portfolio_alerts
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period


# (indicator id of indicators.md, label) shown on the direction's home.
KEY_FIGURES = (
    ("jeunes_en_contact", "jeunes en contact"),
    ("jeunes_accompagnes", "jeunes accompagnés"),
    ("jeunes_premier_accueil", "jeunes accueillis pour la première fois"),
    ("entretiens_individuels", "entretiens individuels"),
    ("jeunes_entres_dispositif", "jeunes entrés dans un dispositif"),
    ("entrees_emploi", "entrées en emploi"),
    ("entrees_formation", "entrées en formation"),
)


def key_figures(structure, today: dt.date) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    periode = Period(dt.date(today.year, 1, 1), today)
    indicateurs = build_report(structure, periode).data["indicateurs"]
    return {"periode": periode, "chiffres": [(label, indicateurs.get(key)) for key, label in KEY_FIGURES]}


def home_context(user: User, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    context: dict[str, Any] = {}
    if user.structure_id is None:
        return context
    mine = conseiller_of(user)
    if can(user, Cap.AGENDA):
        # A counsellor sees their own day; reception and a direction without a counsellor row, the whole site list.
        own = mine if mine is not None and can(user, Cap.PORTFOLIO) else None
        context["rdv_du_jour"] = list(appointments(user.structure_id, today, 1, own))
        context["rdv_les_miens"] = own is not None
    if can(user, Cap.WALKIN):
        context["arrivees"] = list(accueil.queue(user.structure_id, today))
        context["can_take"] = can(user, Cap.WALKIN_TAKE) and mine is not None
        context["mine"] = getattr(mine, "pk", None)
        context["poll"] = 5
    if can(user, Cap.PORTFOLIO) and mine is not None:
        jeunes = list(Jeune.objects.filter(structure_id=user.structure_id, conseiller=mine).order_by("nom", "prenom"))
        context["alertes"] = portfolio_alerts(jeunes, today)
    if can(user, Cap.KEY_FIGURES):
        context.update(key_figures(user.structure, today))
    return context
