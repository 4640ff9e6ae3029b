"""The walk-in queue: reception registers arrivals, counsellors take the next one and record
the first interview. Views are thin; access through `trajectoires.accounts.perms`."""

from __future__ import annotations

from urllib.parse import urlparse

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.models import Conseiller
from trajectoires.accounts.perms import (
    Cap,
    can,
    can_receive_arrivee,
    can_write_jeune,
    conseiller_of,
    get_arrivee_for_user,
    get_jeune_for_user,
    require,
)
from trajectoires.accueil import services
from trajectoires.accueil.enums import Statut
from trajectoires.accueil.forms import MOTIFS, ArriveeDossierForm, EntretienForm, NouvelleArriveeForm, OrienterForm
from trajectoires.agenda.agenda import conseiller_options
from trajectoires.rgpd.audit import record_read
from trajectoires.workspace.search import search_jeunes


POLL_SECONDS = 5


def _path(url: str | None) -> str:
    return urlparse(url or "").path


def file_context(request: HttpRequest) -> dict:
    user = request.user
    mine = conseiller_of(user)
    return {
        "arrivees": list(services.queue(user.structure_id)),
        "can_take": can(user, Cap.WALKIN_TAKE) and mine is not None,
        "can_walkin": can(user, Cap.WALKIN),
        "mine": getattr(mine, "pk", None),
        "poll": POLL_SECONDS,
        # The queue polled on the home page: after "parti(e)", back to the home.
        "retour": "accueil" if request.htmx and _path(request.htmx.current_url) == reverse("home") else "",
    }


@require_http_methods(["GET"])
def file(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.WALKIN)
    context = file_context(request)
    if request.htmx:
        return render(request, "accueil/_file.html", context)
    return render(request, "accueil/file.html", context)


def _queued(request: HttpRequest, created) -> HttpResponse:  # type: ignore[no-untyped-def]
    messages.success(
        request, f"Arrivée de {created.nom_affiche} enregistrée : la personne est dans la file d'attente."
    )
    return redirect("accueil:file")


@require_http_methods(["GET", "POST"])
def arrivee(request: HttpRequest) -> HttpResponse:
    """Register an arrival: a file found by the search (with the reason of the visit), or a new
    person. A new person whose name (and birth date) matches files of the Mission Locale is not
    queued at once: the matching files are offered, and the desk picks one or confirms that it
    is someone new (`choix=nouvelle`)."""
    require(request.user, Cap.WALKIN)
    user = request.user
    form = NouvelleArriveeForm(request.POST or None, structure_id=user.structure_id)
    dossier_form = ArriveeDossierForm(structure_id=user.structure_id)
    candidats: list = []
    choix = request.POST.get("choix", "")
    if request.method == "POST" and choix != "nouvelle" and (request.POST.get("jeune") or choix == "dossier"):
        # A file: picked from the search's results or from the possible duplicates.
        dossier_form = ArriveeDossierForm(request.POST, structure_id=user.structure_id)
        if dossier_form.is_valid():
            jeune = get_jeune_for_user(user, dossier_form.cleaned_data["jeune"])
            try:
                created = services.register_arrival(user, jeune=jeune, data=dossier_form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("accueil:arrivee")
            return _queued(request, created)
        if request.POST.get("nom") and form.is_valid():  # nothing ticked among the duplicates: offered again
            candidats = services.possible_files(
                user, form.cleaned_data["nom"], form.cleaned_data["prenom"], form.cleaned_data["date_naissance"]
            )
        else:  # nothing ticked among the search's results
            form = NouvelleArriveeForm(structure_id=user.structure_id)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if choix != "nouvelle":
            candidats = services.possible_files(user, data["nom"], data["prenom"], data["date_naissance"])
        if not candidats:
            try:
                created = services.register_arrival(user, data=data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("accueil:arrivee")
            return _queued(request, created)
    query = request.GET.get("q", "")[:200]
    context = {
        "form": form,
        "dossier_form": dossier_form,
        "candidats": candidats,
        "query": query,
        "result": search_jeunes(user, query) if query else None,
        "motifs": MOTIFS,
    }
    return render(request, "accueil/arrivee.html", context)


@require_http_methods(["GET", "POST"])
def orienter(request: HttpRequest, pk: int) -> HttpResponse:
    """"Orienter vers…": reception hands a waiting person to a named counsellor, who sees them on
    their home page (the queue's "Orienté(e)s vers vous")."""
    arrivee_obj = get_arrivee_for_user(request.user, pk)
    structure_id = request.user.structure_id
    form = OrienterForm(request.POST or None, initial={"motif": arrivee_obj.motif})
    if request.method == "POST" and form.is_valid():
        conseiller = Conseiller.objects.filter(
            structure_id=structure_id, actif=True, pk=form.cleaned_data["conseiller"]
        ).first()
        if conseiller is None:
            form.add_error("conseiller", "Choisissez un conseiller actif de votre Mission Locale dans la liste.")
        else:
            try:
                done = services.hand_over(arrivee_obj, conseiller, form.cleaned_data["motif"])
            except services.DejaPris:
                messages.error(
                    request,
                    f"{arrivee_obj.nom_affiche} n'attend plus (reçu(e) par un(e) collègue, ou parti(e)) : "
                    "rien n'a changé.",
                )
                return redirect("accueil:file")
            messages.success(
                request,
                f"{done.nom_affiche} est orienté(e) vers {conseiller} : la personne apparaît sur sa page d'accueil.",
            )
            return redirect("accueil:file")
    referent = arrivee_obj.jeune.conseiller if arrivee_obj.jeune_id and arrivee_obj.jeune.conseiller_id else None
    selected = arrivee_obj.oriente_vers_id or getattr(referent, "pk", None)
    if form.is_bound and str(form.data.get("conseiller", "")).isdigit():
        selected = int(form.data["conseiller"])
    context = {
        "arrivee": arrivee_obj,
        "form": form,
        "referent": referent,
        "conseiller_options": conseiller_options(structure_id, selected),
        "en_attente": arrivee_obj.statut == Statut.ATTENTE,
        "motifs": MOTIFS,
    }
    return render(request, "accueil/orienter.html", context)


def _conseiller_or_403(request: HttpRequest):  # type: ignore[no-untyped-def]
    conseiller = conseiller_of(request.user)
    if conseiller is None:
        raise PermissionDenied(
            "Votre compte n'est relié à aucune fiche conseiller : demandez à un administrateur de le relier pour "
            "recevoir des jeunes."
        )
    return conseiller


@require_POST
def suivant(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.WALKIN_TAKE)
    conseiller = _conseiller_or_403(request)
    taken = services.take_next(request.user.structure_id, conseiller)
    if taken is None:
        messages.info(request, "Personne n'attend pour le moment.")
        return redirect("accueil:file")
    messages.success(request, f"Vous recevez {taken.nom_affiche}.")
    return redirect("accueil:entretien", pk=taken.pk)


@require_POST
def prendre(request: HttpRequest, pk: int) -> HttpResponse:
    arrivee_obj = get_arrivee_for_user(request.user, pk, Cap.WALKIN_TAKE)
    conseiller = _conseiller_or_403(request)
    try:
        taken = services.take(arrivee_obj.pk, conseiller)
    except services.DejaPris:
        messages.error(
            request, f"{arrivee_obj.nom_affiche} est déjà reçu(e) par un(e) collègue ou a quitté l'accueil."
        )
        return redirect("accueil:file")
    messages.success(request, f"Vous recevez {taken.nom_affiche}.")
    return redirect("accueil:entretien", pk=taken.pk)


def _may_record(request: HttpRequest, arrivee_obj) -> bool:  # type: ignore[no-untyped-def]
    return can_receive_arrivee(request.user, arrivee_obj)


def _create_url(arrivee_obj) -> str | None:  # type: ignore[no-untyped-def]
    """The workspace's file creation page, when it exists (built in parallel, issue 4)."""
    for name in ("workspace:jeune_create", "workspace:creer", "workspace:jeune_nouveau", "workspace:nouveau"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@require_http_methods(["GET", "POST"])
def entretien(request: HttpRequest, pk: int) -> HttpResponse:
    arrivee_obj = get_arrivee_for_user(request.user, pk, Cap.WALKIN_TAKE)
    if not _may_record(request, arrivee_obj):
        raise PermissionDenied(
            "Seul(e) le conseiller ou la conseillère qui reçoit cette personne enregistre l'entretien."
        )
    form = EntretienForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        jeune = arrivee_obj.jeune
        if jeune is not None and jeune.conseiller_id is not None and not can_write_jeune(request.user, jeune):
            # A contact opens the file to its author (write scope): only on a file already open to them,
            # or on a file without a referent yet (created at reception).
            form.add_error(
                None,
                "Ce jeune a un autre conseiller référent et vous ne l'avez jamais reçu : l'entretien ne peut pas être "
                "enregistré dans son dossier par vous. Prévenez son conseiller référent, ou demandez à la direction "
                "de l'enregistrer ou de vous transférer le dossier.",
            )
    if request.method == "POST" and form.is_valid():
        try:
            evenement = services.record_first_interview(arrivee_obj, conseiller_of(request.user), form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Entretien individuel du {evenement.date:%d/%m/%Y} enregistré.")
            return redirect("workspace:jeune", pk=evenement.jeune_id)
    if request.method == "GET" and arrivee_obj.jeune_id is not None:
        record_read(request.user, arrivee_obj.jeune, request=request, what="Accueil au flux : entretien")
    query = request.GET.get("q", "") if arrivee_obj.jeune_id is None else ""
    if arrivee_obj.jeune_id is None and not query:
        query = f"{arrivee_obj.nom} {arrivee_obj.prenom}".strip()
    context = {
        "arrivee": arrivee_obj,
        "form": form,
        "query": query,
        "result": search_jeunes(request.user, query) if arrivee_obj.jeune_id is None and query else None,
        "create_url": _create_url(arrivee_obj),
        "done": arrivee_obj.statut == Statut.TERMINE,
    }
    return render(request, "accueil/entretien.html", context)


@require_POST
def rattacher(request: HttpRequest, pk: int) -> HttpResponse:
    arrivee_obj = get_arrivee_for_user(request.user, pk, Cap.WALKIN_TAKE)
    if not _may_record(request, arrivee_obj):
        raise PermissionDenied(
            "Seul(e) le conseiller ou la conseillère qui reçoit cette personne peut rattacher son dossier."
        )
    jeune = get_jeune_for_user(request.user, request.POST.get("jeune", ""))
    services.attach_jeune(arrivee_obj, jeune)
    messages.success(request, f"Dossier de {jeune.prenom} {jeune.nom.upper()} rattaché.")
    return redirect("accueil:entretien", pk=arrivee_obj.pk)


@require_POST
def parti(request: HttpRequest, pk: int) -> HttpResponse:
    """The person left without being received ("parti(e) sans être reçu(e)")."""
    arrivee_obj = get_arrivee_for_user(request.user, pk)
    try:
        services.mark_left(arrivee_obj)
    except services.DejaPris:
        messages.error(
            request, f"{arrivee_obj.nom_affiche} est déjà reçu(e) : la venue ne peut plus être retirée."
        )
    else:
        messages.success(
            request, f"{arrivee_obj.nom_affiche} est noté(e) parti(e) sans être reçu(e) et retiré(e) de la file."
        )
    return redirect("home" if request.POST.get("retour") == "accueil" else "accueil:file")
