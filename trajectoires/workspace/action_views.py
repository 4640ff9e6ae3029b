"""The file's actions: enter or exit a programme, start or end a situation, grant a help,
transfer. Thin views: access through accounts/perms.py (write scope + capability), the writes
through each domain's door (dispositifs, situations, aides, jeunes services.py); each action
redirects to the file's timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.perms import (
    Cap,
    can,
    can_request_transfer,
    can_see_sensitive,
    can_transfer_directly,
    conseiller_of,
    get_demande_transfert_for_user,
    get_jeune_for_user,
    require,
)
from trajectoires.aides import services as aides
from trajectoires.dispositifs import services as dispositifs
from trajectoires.dispositifs.models import Dispositif
from trajectoires.entreprises import services as employeurs
from trajectoires.jeunes import services as jeunes
from trajectoires.rgpd.audit import record_read
from trajectoires.situations import services as situations
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
    request: HttpRequest, pk: int, cap: Cap, form_class: type[ActionForm], titre: str, bouton: str, handler: Handler,
    template: str = "workspace/action.html",
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
    return render(request, template, context)


def _entree(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    inscription, errors = dispositifs.enter_programme(
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
    errors = dispositifs.set_fin_prevue(inscription, data["date_fin_prevue"], data["prolongation"])
    if errors:
        form.add_rule_errors("date_fin_prevue", errors)
        return None
    nom = Dispositif.label(inscription.dispositif, jeune.structure)
    fin = data["date_fin_prevue"]
    return f"{nom} : fin prévue le {fin:%d/%m/%Y}." if fin else f"{nom} : plus de fin prévue."


def _sortie(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    inscription = data["inscription"]
    errors = dispositifs.check_exit(
        inscription, data["date_sortie"], data["motif_sortie"], timezone.localdate(), data["prolongation"]
    )
    if errors:
        form.add_rule_errors("date_sortie", errors)
        return None
    try:
        dispositifs.exit_programme(inscription, data["date_sortie"], data["motif_sortie"])
    except ValueError as error:
        form.add_rule_errors("inscription", [str(error)])
        return None
    nom = Dispositif.label(inscription.dispositif, jeune.structure)
    return f"Sortie de {nom} le {data['date_sortie']:%d/%m/%Y} enregistrée."


def _situation_debut(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    try:
        with transaction.atomic():
            employeur = data.get("employeur")
            if data.get("nouvel_employeur"):
                employeur = employeurs.create_employeur(
                    jeune.structure_id, data["nouvel_employeur"], data.get("nouvel_siret") or "",
                    data.get("nouvelle_commune") or None,
                )
            s = situations.start_situation(
                jeune, data["categorie"], data["type"], data["date_debut"], data["date_fin"], employeur
            )
    except ValidationError as error:
        form.add_rule_errors("nouvel_siret" if "SIRET" in " ".join(error.messages) else "nouvel_employeur",
                             error.messages)
        return None
    chez = f" chez {s.employeur}" if s.employeur else ""
    if s.date_debut > timezone.localdate():
        return f"Situation « {s.get_type_display()} »{chez} prévue à partir du {s.date_debut:%d/%m/%Y} enregistrée."
    return f"Début de la situation « {s.get_type_display()} »{chez} le {s.date_debut:%d/%m/%Y} enregistré."


def _situation_fin(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    s = situations.end_situation(form.cleaned_data["situation"], form.cleaned_data["date_fin"])
    return f"Fin de la situation « {s.get_type_display()} » le {s.date_fin:%d/%m/%Y} enregistrée."


def _aide(request: HttpRequest, jeune, form: ActionForm) -> str | None:  # type: ignore[no-untyped-def]
    data = form.cleaned_data
    aide, errors = aides.grant_aide(
        jeune, data["type"], data["date"], data["montant"], data.get("foyer") or None, timezone.localdate()
    )
    if errors:
        form.add_rule_errors("montant", errors)
        return None
    montant = f" de {aides.euros(aide.montant)}" if aide.montant is not None else ""
    return f"{aide.get_type_display()}{montant} accordée le {aide.date:%d/%m/%Y}."




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
                   "Enregistrer la situation", _situation_debut, "workspace/situation_debut.html")


@require_http_methods(["GET", "POST"])
def situation_fin(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.SITUATIONS, SituationFinForm, "Fin d'une situation",
                   "Enregistrer la fin", _situation_fin)


@require_http_methods(["GET", "POST"])
def aide(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, Cap.AIDES, AideForm, "Accorder une aide", "Accorder l'aide", _aide)


@require_http_methods(["GET", "POST"])
def transfert(request: HttpRequest, pk: int) -> HttpResponse:
    """The referent and the direction transfer the file; another counsellor of the Mission
    Locale asks for it, and the referent or the direction decides (docs/permissions.md)."""
    user = request.user
    jeune = get_jeune_for_user(user, pk, cap=Cap.TRANSFER)
    direct = can_transfer_directly(user, jeune)
    if not direct and not can_request_transfer(user, jeune):
        raise PermissionDenied(
            "Seuls les conseillers (avec leur fiche de conseiller) et la direction transfèrent un dossier."
        )
    form = TransfertForm(request.POST or None, jeune=jeune, sensitive_ok=can_see_sensitive(user, jeune))
    mine = conseiller_of(user)
    if not direct and mine is not None and not form.is_bound:
        form.initial["nouveau"] = mine.pk
    titre = "Transférer le dossier" if direct else "Demander le transfert du dossier"
    if request.method == "GET":
        record_read(user, jeune, request=request, what=f"Dossier du jeune : {titre}")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if direct:
                t = jeunes.transfer(jeune, data["nouveau"], timezone.localdate(), data["motif"], user)
                messages.success(request, f"Le dossier est transféré à {t.nouveau}.")
            else:
                jeunes.request_transfer(jeune, data["nouveau"], data["motif"], user)
                messages.success(
                    request,
                    "Votre demande de transfert est envoyée : le conseiller référent ou la direction l'acceptera ou "
                    "la refusera. Le dossier reste à son référent d'ici là.",
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("workspace:jeune", args=[jeune.pk]))
    context = {
        "jeune": jeune, "form": form, "titre": titre, "nav": "search",
        "bouton": "Transférer" if direct else "Envoyer la demande",
        "intro": None if direct else (
            "Vous n'êtes pas le conseiller référent de ce dossier : le transfert est une demande, que le conseiller "
            "référent ou la direction accepte ou refuse. Les éléments confidentiels (justice, santé) restent "
            "réservés au référent et à la direction."
        ),
    }
    return render(request, "workspace/action.html", context)


@require_POST
def transfert_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The referent or the direction accepts or refuses a transfer request."""
    demande = get_demande_transfert_for_user(request.user, pk)
    accept = request.POST.get("decision") == "accepter"
    try:
        t = jeunes.decide_transfer(demande, accept, request.user, timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if t is not None:
            messages.success(request, f"Demande acceptée : le dossier est transféré à {t.nouveau}.")
        else:
            messages.success(request, "Demande de transfert refusée : le dossier reste à son conseiller référent.")
    return redirect(reverse("workspace:jeune", args=[demande.jeune_id]))


@require_http_methods(["GET"])
def employeurs_suggestions(request: HttpRequest) -> HttpResponse:
    """The type-ahead of employers (htmx): the options of the employer list for `q`; for the
    situation and PMSMP forms (`SITUATIONS`) and the employers present at a forum (`MANIFESTATIONS`)."""
    if not can(request.user, Cap.MANIFESTATIONS):
        require(request.user, Cap.SITUATIONS)
    q = request.GET.get("employeur_recherche", request.GET.get("q", ""))[:200]
    rows = list(employeurs.suggestions(request.user.structure_id, q)) if len(q.strip()) >= 2 else []
    return render(request, "workspace/_employeurs_options.html", {"employeurs": rows, "q": q})
