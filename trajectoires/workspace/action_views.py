"""The file's actions: enter or exit a programme, start or end a situation, grant a help,
transfer. Thin views: access through accounts/perms.py (write scope + capability), logic in
workspace/actions.py; each action redirects to the file's timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trajectoires.rgpd.audit import record_read
from trajectoires.accounts.perms import Cap, can_see_sensitive, get_jeune_for_user
from trajectoires.dispositifs.models import Dispositif
from trajectoires.workspace import actions
from trajectoires.workspace.action_forms import (
    ActionForm,
    AideForm,
    EntreeDispositifForm,
    FinPrevueForm,
    SituationDebutForm,
    SituationFinForm,
    SortieDispositifForm,
    TransfertForm,
)

# handler(request, jeune, form) -> the success message, or None when it added errors to the form
Handler = Callable[[HttpRequest, Any, ActionForm], "str | None"]


def _action(
    request: HttpRequest, pk: int, cap: Cap, form_class: type[ActionForm], titre: str, bouton: str, handler: Handler
) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk, write=True, cap=cap)
    sensitive_ok = can_see_sensitive(request.user, jeune)
    form = form_class(request.POST or None, jeune=jeune, sensitive_ok=sensitive_ok)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what=f"Dossier du jeune : {titre}")
    if request.method == "POST" and form.is_valid():
        done = handler(request, jeune, form)
        if done is not None:
            messages.success(request, done)
            return redirect(reverse("workspace:jeune", args=[jeune.pk]) + "#journal")
    context = {"jeune": jeune, "form": form, "titre": titre, "bouton": bouton, "nav": "search"}
    return render(request, "workspace/action.html", context)


def _entree(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    inscription, errors = actions.enter_programme(
        jeune, data["dispositif"], data["date_entree"], timezone.localdate(), data.get("date_fin_prevue")
    )
    if errors:
        form.add_rule_errors("dispositif", errors)
        return None
    nom = Dispositif.label(inscription.dispositif, jeune.structure)
    fin = inscription.date_fin_prevue
    return f"Entrée en {nom} le {inscription.date_entree:%d/%m/%Y} enregistrée" + (
        f", fin prévue le {fin:%d/%m/%Y}." if fin else "."
    )


def _fin_prevue(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    inscription = data["inscription"]
    errors = actions.set_fin_prevue(inscription, data["date_fin_prevue"], data["prolongation"])
    if errors:
        form.add_rule_errors("date_fin_prevue", errors)
        return None
    nom = Dispositif.label(inscription.dispositif, jeune.structure)
    fin = data["date_fin_prevue"]
    return f"{nom} : fin prévue le {fin:%d/%m/%Y}." if fin else f"{nom} : plus de fin prévue."


def _sortie(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    inscription = data["inscription"]
    errors = actions.check_exit(
        inscription, data["date_sortie"], data["motif_sortie"], timezone.localdate(), data["prolongation"]
    )
    if errors:
        form.add_rule_errors("date_sortie", errors)
        return None
    try:
        actions.exit_programme(inscription, data["date_sortie"], data["motif_sortie"])
    except ValueError as error:
        form.add_rule_errors("inscription", [str(error)])
        return None
    nom = Dispositif.label(inscription.dispositif, jeune.structure)
    return f"Sortie de {nom} le {data['date_sortie']:%d/%m/%Y} enregistrée."


def _situation_debut(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    s = actions.start_situation(jeune, data["categorie"], data["type"], data["date_debut"], data["date_fin"])
    return f"Début de la situation « {s.get_type_display()} » le {s.date_debut:%d/%m/%Y} enregistré."


def _situation_fin(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    s = actions.end_situation(form.cleaned_data["situation"], form.cleaned_data["date_fin"])
    return f"Fin de la situation « {s.get_type_display()} » le {s.date_fin:%d/%m/%Y} enregistrée."


def _aide(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    aide, errors = actions.grant_aide(
        jeune, data["type"], data["date"], data["montant"], data.get("foyer") or None, timezone.localdate()
    )
    if errors:
        form.add_rule_errors("montant", errors)
        return None
    montant = f" de {actions.euros(aide.montant)}" if aide.montant is not None else ""
    return f"{aide.get_type_display()}{montant} accordée le {aide.date:%d/%m/%Y}."


def _transfert(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    t = actions.transfer(
        jeune, form.cleaned_data["nouveau"], timezone.localdate(), form.cleaned_data["motif"], request.user
    )
    return f"Le dossier est transféré à {t.nouveau}."


@require_http_methods(["GET", "POST"])
def dispositif_entree(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.PROGRAMMES, EntreeDispositifForm, "Entrée dans un dispositif",
                   "Enregistrer l'entrée", _entree)


@require_http_methods(["GET", "POST"])
def dispositif_sortie(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.PROGRAMMES, SortieDispositifForm, "Sortie d'un dispositif",
                   "Enregistrer la sortie", _sortie)


@require_http_methods(["GET", "POST"])
def dispositif_fin_prevue(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.PROGRAMMES, FinPrevueForm, "Fin prévue d'un dispositif",
                   "Enregistrer la fin prévue", _fin_prevue)


@require_http_methods(["GET", "POST"])
def situation_debut(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.SITUATIONS, SituationDebutForm, "Début d'une situation",
                   "Enregistrer la situation", _situation_debut)


@require_http_methods(["GET", "POST"])
def situation_fin(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.SITUATIONS, SituationFinForm, "Fin d'une situation",
                   "Enregistrer la fin", _situation_fin)


@require_http_methods(["GET", "POST"])
def aide(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.AIDES, AideForm, "Accorder une aide", "Accorder l'aide", _aide)


@require_http_methods(["GET", "POST"])
def transfert(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.TRANSFER, TransfertForm, "Transférer le dossier", "Transférer", _transfert)
