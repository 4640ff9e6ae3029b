"""The counsellors' workspace: search, the young person's file, recording a contact, portfolio.

Views are thin: every access decision is a call to `trajectoires.accounts.perms`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from trajectoires.accompagnement.services import record_contact
from trajectoires.accounts.perms import (
    PROFILE_FIELDS,
    Cap,
    can,
    can_decide_transfer,
    can_request_transfer,
    can_see_sensitive,
    can_transfer_directly,
    can_write_jeune,
    conseiller_of,
    get_jeune_for_user,
    require,
    rule_for,
)
from trajectoires.agenda.alertes import LIBELLES
from trajectoires.dispositifs.models import Dispositif
from trajectoires.jeunes.models import DemandeTransfert
from trajectoires.rgpd.audit import record_read
from trajectoires.workspace.forms import ContactForm
from trajectoires.workspace.portfolio import CONTACTS, SANS_CONTACT_MOIS, TRIS, Filtre, actif_mois, portfolio
from trajectoires.workspace.search import LIMIT, search_jeunes
from trajectoires.workspace.timeline import profile_rows, timeline


FILE_ACTION_CAPS = (Cap.EDIT_PROFILE, Cap.PROGRAMMES, Cap.SITUATIONS, Cap.AIDES, Cap.TRANSFER)


def _render(request: HttpRequest, template: str, context: dict, nav: str = "") -> HttpResponse:
    context["nav"] = nav
    return render(request, template, context)


@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.SEARCH)
    query = request.GET.get("q", "")[:200]
    shown = PROFILE_FIELDS[rule_for(request.user).fields]
    context = {
        "result": search_jeunes(request.user, query),
        "query": query,
        "limit": LIMIT,
        "show_ids": "ext_id" in shown,  # search results show no more than the file would
        "can_create": can(request.user, Cap.CREATE_FILE),
    }
    if request.htmx and request.htmx.target == "resultats":
        return render(request, "workspace/_search_results.html", context)
    return _render(request, "workspace/search.html", context, "search")


def _file_context(request: HttpRequest, jeune, form: ContactForm | None = None) -> dict:  # type: ignore[no-untyped-def]
    user = request.user
    writable = can_write_jeune(user, jeune)
    context = {
        "jeune": jeune,
        "profile": profile_rows(user, jeune),
        "sensitive_ok": can_see_sensitive(user, jeune),
        "can_write": writable,
        "form": form if form is not None else (ContactForm(jeune=jeune) if writable else None),
        "actions": {cap.value: writable and can(user, cap) for cap in FILE_ACTION_CAPS},
    }
    # Transfers: the referent and the direction transfer; another counsellor asks (perms.py).
    context["actions"]["transfer"] = can_transfer_directly(user, jeune)
    context["actions"]["transfer_request"] = can_request_transfer(user, jeune)
    if can(user, Cap.TRANSFER):
        context["demandes_transfert"] = [
            (demande, can_decide_transfer(user, demande))
            for demande in jeune.demandes_transfert.filter(statut=DemandeTransfert.Statut.EN_ATTENTE)
            .select_related("nouveau", "demandeur", "jeune")
        ]
    if can(user, Cap.TIMELINE):
        context["timeline"] = timeline(user, jeune)
    if can(user, Cap.MENTORING):
        pairings = jeune.parrainages.select_related("parrain").order_by("-date_debut")
        if not can(user, Cap.TIMELINE):  # a mentor reads their own pairing only
            pairings = pairings.filter(parrain__user=user)
        context["parrainages"] = list(pairings)
    if can(user, Cap.MATCHES):
        context["mises_en_relation"] = list(
            jeune.mises_en_relation.select_related("offre__employeur").order_by("-date")
        )
    return context


@require_http_methods(["GET"])
def jeune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk)
    record_read(request.user, jeune, request=request)
    return _render(request, "workspace/jeune.html", _file_context(request, jeune))


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk, write=True)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what="Dossier du jeune : saisie d'un contact")
    if request.method == "POST":
        form = ContactForm(request.POST, jeune=jeune)
        if form.is_valid():
            evenement = record_contact(jeune, conseiller_of(request.user), form.cleaned_data)
            done = f"{evenement.get_nature_display()} du {evenement.date:%d/%m/%Y} enregistré."
            if request.htmx:
                context = _file_context(request, jeune)
                context["done"] = done
                return render(request, "workspace/_contact_saved.html", context)
            messages.success(request, done)
            return redirect(reverse("workspace:jeune", args=[jeune.pk]) + "#journal")
        # Errors come back with 200 so that htmx swaps the form with its messages in.
        template = "workspace/_contact_form.html" if request.htmx else "workspace/contact.html"
        return _render(request, template, {"jeune": jeune, "form": form})
    return _render(request, "workspace/contact.html", {"jeune": jeune, "form": ContactForm(jeune=jeune)})


@require_http_methods(["GET"])
def portefeuille(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.PORTFOLIO)
    conseiller = conseiller_of(request.user)
    filtre = Filtre.from_query(request.GET)
    context = {"conseiller": conseiller, "filtre": filtre, "mois": SANS_CONTACT_MOIS, "actif_mois": actif_mois(),
               "tris": TRIS, "contacts": CONTACTS, "libelles_alertes": LIBELLES}
    if conseiller is not None:
        result = portfolio(conseiller, filtre=filtre)
        context["p"] = result
        # Short names in the table and the filter ("CEJ", not "CEJ – Contrat d'engagement jeune").
        context["libelles_dispositifs"] = {
            code: Dispositif.label(code, request.user.structure).split(" – ")[0] for code in result.dispositifs
        }
        context["filtre_actif"] = any((filtre.dispositif, filtre.alerte, filtre.contact))
    return _render(request, "workspace/portefeuille.html", context, "portefeuille")
