"""What each role's home page shows besides the greeting (www.views.home):

- counsellor: their appointments of today, the walk-in queue, their portfolio's alerts;
- reception: the walk-in queue and today's agenda of the Mission Locale (all sites);
- direction: the key figures of the year so far, computed by the report engine
  (`rapports.engine.build_report`, the only place figures are computed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from trajectoires.accounts.models import User
from trajectoires.accounts.perms import Cap, can, conseiller_of
from trajectoires.accueil import services as accueil
from trajectoires.agenda.agenda import appointments
from trajectoires.agenda.alertes import portfolio_alerts
from trajectoires.edition.datadate import data_as_of
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.indicators import BY_ID
from trajectoires.rapports.periods import Period
from trajectoires.workspace.portfolio import active_jeunes


# The indicators (of indicators.md) shown on the direction's home, after their number.
KEY_FIGURE_IDS = (
    "jeunes_en_contact",
    "jeunes_accompagnes",
    "jeunes_premier_accueil",
    "entretiens_individuels",
    "jeunes_entres_dispositif",
    "entrees_emploi",
    "entrees_formation",
)
# The employer relations' home (issue 13, Cap.EMPLOYER_FOLLOWUP): the employer section of the report.
EMPLOYER_KEY_FIGURE_IDS = (
    "acteurs_economiques_contact",
    "acteurs_economiques_nouveaux",
    "immersions_pmsmp",
    "immersions_pmsmp_jeunes",
    "entrees_emploi",
    "entrees_alternance",
)


def _labelled(ids: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(indicator id, label): the indicator's own label (rapports/indicators.py), lower-case first"""
    return tuple((key, BY_ID[key].label[0].lower() + BY_ID[key].label[1:]) for key in ids)


KEY_FIGURES = _labelled(KEY_FIGURE_IDS)
EMPLOYER_KEY_FIGURES = _labelled(EMPLOYER_KEY_FIGURE_IDS)
# Which set of key figures a user's home shows: the direction's, else the employer relations'.
FIGURE_SETS = {"direction": KEY_FIGURES, "employeurs": EMPLOYER_KEY_FIGURES}


def figure_set(user: User) -> str | None:
    if can(user, Cap.KEY_FIGURES):
        return "direction"
    if can(user, Cap.EMPLOYER_FOLLOWUP):
        return "employeurs"
    return None


CACHE_SECONDS = 6 * 3600
HOME_RDV_MAX = 40  # the home lists at most this many appointments; the agenda page has them all


def _cache_key(structure, today: dt.date, which: str = "direction") -> str:  # type: ignore[no-untyped-def]
    """Figures change only with the data: the key holds the structure's data date
    (edition.datadate: last import or last change saved in the application)."""
    return f"agenda:chiffres:{which}:{structure.pk}:{today.isoformat()}:{data_as_of(structure).timestamp()}"


def cached_key_figures(structure, today: dt.date, which: str = "direction") -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    return cache.get(_cache_key(structure, today, which))


def key_figures(structure, today: dt.date, which: str = "direction") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The key figures of 1 January – today, computed by the report engine (several seconds at
    200,000 young people: the home loads them afterwards, and they are kept until the data change).
    `which`: the set of FIGURE_SETS."""
    key = _cache_key(structure, today, which)
    figures = cache.get(key)
    if figures is None:
        periode = Period(dt.date(today.year, 1, 1), today)
        indicateurs = build_report(structure, periode).data["indicateurs"]
        figures = {
            "periode": periode,
            "chiffres": [(label, indicateurs.get(k)) for k, label in FIGURE_SETS[which]],
            "calcule_le": timezone.localtime(),
        }
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def home_context(user: User, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    context: dict[str, Any] = {}
    if user.structure_id is None:
        return context
    mine = conseiller_of(user)
    if can(user, Cap.AGENDA):
        # A counsellor sees their own day; reception and a direction without a counsellor row, the whole site list.
        own = mine if mine is not None and can(user, Cap.PORTFOLIO) else None
        day = appointments(user.structure_id, today, 1, own)
        context["rdv_du_jour"] = list(day[:HOME_RDV_MAX])
        context["rdv_total"] = day.count() if len(context["rdv_du_jour"]) == HOME_RDV_MAX else None
        context["rdv_les_miens"] = own is not None
    if can(user, Cap.WALKIN):
        context["arrivees"] = list(accueil.queue(user.structure_id, today))
        context["can_take"] = can(user, Cap.WALKIN_TAKE) and mine is not None
        context["mine"] = getattr(mine, "pk", None)
        context["poll"] = 5
    if can(user, Cap.PORTFOLIO) and mine is not None:
        # The alerts of the young people the counsellor accompanies now, not of every dormant file.
        actifs = active_jeunes(mine, today)
        rows = portfolio_alerts(actifs, today)
        context["alertes"] = [r for r in rows if r.jeune.structure_id == user.structure_id]
        context["portefeuille_actifs"] = actifs.count()
    which = figure_set(user)
    if which is not None:
        cached = cached_key_figures(user.structure, today, which)
        context.update(cached or {"chiffres_url": reverse("agenda:chiffres")})
    return context
