"""The counsellors' workspace: search, the young person's file, recording a contact, portfolio.

Views are thin: every access decision is a call to `trajectoires.accounts.perms`."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trajectoires.accompagnement.services import record_contact
from trajectoires.accounts.perms import (
    PROFILE_FIELDS,
    Cap,
    can,
    can_decide_transfer,
    can_read_notes,
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
from trajectoires.agenda.services import book_rendez_vous
from trajectoires.dispositifs.models import Dispositif
from trajectoires.entreprises import rome
from trajectoires.entreprises.matching import offres_pour
from trajectoires.jeunes.models import DemandeTransfert
from trajectoires.rgpd.audit import record_read
from trajectoires.workspace.forms import ContactForm
from trajectoires.workspace.portfolio import CONTACTS, SANS_CONTACT_MOIS, TRIS, Filtre, actif_mois, portfolio
from trajectoires.workspace.search import LIMIT, search_jeunes
from trajectoires.workspace.summary import summary
from trajectoires.workspace.timeline import KINDS, PAGE_SIZE, contact_rows, profile_rows, timeline


OFFRES_SUR_LE_DOSSIER = 5  # open offers that fit, shown on the young person's file


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
        "can_merge": can(request.user, Cap.MERGE),
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
        "coordonnees": contact_rows(user, jeune),
        "sensitive_ok": can_see_sensitive(user, jeune),
        "can_write": writable,
        "form": form if form is not None else (
            ContactForm(jeune=jeune, conseiller=conseiller_of(user)) if writable else None
        ),
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
        context["resume"] = summary(user, jeune)
        context.update(_timeline_context(request, jeune))
    if can(user, Cap.MENTORING):
        pairings = jeune.parrainages.select_related("parrain").order_by("-date_debut")
        if not can(user, Cap.TIMELINE):  # a mentor reads their own pairing only
            pairings = pairings.filter(parrain__user=user)
        context["parrainages"] = list(pairings)
    if can(user, Cap.MATCHES):
        context["mises_en_relation"] = list(
            jeune.mises_en_relation.select_related("offre__employeur").order_by("-date")
        )
        # The best few on the file (a file at a glance); the offers list has them all.
        context["offres_proposees"] = offres_pour(jeune, timezone.localdate(), limit=OFFRES_SUR_LE_DOSSIER)
        context["can_see_offres"] = can(user, Cap.OFFRES)
    if can(user, Cap.MATCHES) or can(user, Cap.EDIT_PROFILE):
        context["metiers"] = [rome.display(code) for code in jeune.metiers_recherches.values_list("rome", flat=True)]
        context["can_edit_metiers"] = writable and can(user, Cap.EDIT_PROFILE)
    return context


def _timeline_context(request: HttpRequest, jeune) -> dict:  # type: ignore[no-untyped-def]
    """The timeline as asked by the GET parameters: `type` (one kind), `notes` (a search in the
    notes the user may read), `page` (PAGE_SIZE facts a page)."""
    user = request.user
    kind = request.GET.get("type", "")
    query = request.GET.get("notes", "")[:200] if can_read_notes(user, jeune) else ""
    result = timeline(user, jeune, kind=kind, query=query)
    page = Paginator(result.items, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    return {
        "timeline": result,
        "timeline_page": page,
        "timeline_items": shown,
        "kinds": KINDS,
        "notes_ok": can_read_notes(user, jeune),
        # What this page shows of the notes, for its journal entry.
        "notes_read": any(item.note or item.prochaines_etapes for item in shown),
        "sensitive_notes_read": any(item.note_sensitive for item in shown),
        "filtres": _query_string(request, exclude="page"),
    }


def _query_string(request: HttpRequest, exclude: str) -> str:
    params = request.GET.copy()
    params.pop(exclude, None)
    return params.urlencode()


def _record_file_read(request: HttpRequest, jeune, context: dict, what: str = "Dossier du jeune") -> None:  # type: ignore[no-untyped-def]
    """The journal entry of a page showing the file: it says when notes were shown, and is
    flagged sensitive when a note marked sensitive was (or a sensitive item, as always)."""
    if context.get("notes_read"):
        query = context["timeline"].query
        what += f" (recherche dans les notes : « {query} »)" if query else " (notes)"
    sensitive = True if context.get("sensitive_notes_read") else None
    record_read(request.user, jeune, request=request, what=what, sensitive=sensitive)


@require_http_methods(["GET"])
def jeune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk)
    context = _file_context(request, jeune)
    _record_file_read(request, jeune, context)
    if request.htmx and request.htmx.target == "journal":
        return render(request, "workspace/_timeline.html", context)
    return _render(request, "workspace/jeune.html", context)


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk, write=True)
    conseiller = conseiller_of(request.user)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what="Dossier du jeune : saisie d'un contact")
    if request.method == "POST":
        form = ContactForm(request.POST, jeune=jeune, conseiller=conseiller)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():  # the contact and its next appointment, or neither
                evenement = record_contact(jeune, conseiller, data)
                rdv = None
                if data.get("rdv_debut"):
                    rdv = book_rendez_vous(jeune, conseiller, {
                        "debut": data["rdv_debut"], "nature": data["rdv_nature"], "site": data.get("site"),
                        # Not the next steps' text: the agenda is read by reception, the note is not.
                        "objet": f"Suite de l'entretien du {evenement.date:%d/%m/%Y}",
                    })
            done = f"{evenement.get_nature_display()} du {evenement.date:%d/%m/%Y} enregistré."
            if rdv is not None:
                debut = timezone.localtime(rdv.debut)
                done += f" Prochain rendez-vous le {debut:%d/%m/%Y à %H:%M}, dans votre agenda."
            if request.htmx:
                context = _file_context(request, jeune)
                context["done"] = done
                _record_file_read(request, jeune, context, what="Dossier du jeune : contact enregistré")
                return render(request, "workspace/_contact_saved.html", context)
            messages.success(request, done)
            return redirect(reverse("workspace:jeune", args=[jeune.pk]) + "#journal")
        # Errors come back with 200 so that htmx swaps the form with its messages in.
        template = "workspace/_contact_form.html" if request.htmx else "workspace/contact.html"
        return _render(request, template, {"jeune": jeune, "form": form})
    return _render(request, "workspace/contact.html", {
        "jeune": jeune, "form": ContactForm(jeune=jeune, conseiller=conseiller),
    })


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
