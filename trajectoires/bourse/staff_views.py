"""The staff's side of the job board (docs/bourse.md): check and attach employer accounts, link
young people's accounts to their files, moderate the offers employers post, see the
applications of an offer and turn one into a match. Staff sessions only (`accounts.User`),
checked by `accounts/perms.py`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.perms import (
    Cap,
    can,
    conseiller_of,
    get_bourse_object_for_user,
    get_jeune_for_user,
    jeunes_visible_to,
    require,
)
from trajectoires.bourse import services
from trajectoires.bourse.enums import Decision, StatutCompte, TypeCompte
from trajectoires.bourse.forms import MotifForm
from trajectoires.bourse.models import Candidature, Compte, DepotOffre
from trajectoires.bourse.views import commune_names, cv_response
from trajectoires.entreprises.models import Offre
from trajectoires.rgpd.audit import record_read


def _require_any(user, *caps: Cap) -> None:  # type: ignore[no-untyped-def]
    if not any(can(user, cap) for cap in caps):
        require(user, caps[0])


@require_http_methods(["GET"])
def tableau(request: HttpRequest) -> HttpResponse:
    """What waits for staff: employer accounts to check, young people's accounts to link, offers
    to moderate (each list for the roles that act on it)."""
    user = request.user
    _require_any(user, Cap.BOURSE_MODERATION, Cap.BOURSE_LIER_JEUNE)
    sid = user.structure_id
    pending = Compte.objects.filter(structure_id=sid, statut=StatutCompte.EN_ATTENTE, email_confirme_le__isnull=False)
    context = {
        "employeurs": pending.filter(type=TypeCompte.EMPLOYEUR) if can(user, Cap.BOURSE_MODERATION) else None,
        "jeunes": pending.filter(type=TypeCompte.JEUNE) if can(user, Cap.BOURSE_LIER_JEUNE) else None,
        "depots": (
            DepotOffre.objects.filter(structure_id=sid, decision=Decision.A_VALIDER).select_related("offre__employeur")
            if can(user, Cap.BOURSE_MODERATION) else None
        ),
    }
    return render(request, "bourse/equipe/tableau.html", context)


@require_http_methods(["GET", "POST"])
def compte_employeur(request: HttpRequest, pk: int) -> HttpResponse:
    """An employer's account: attach it to the employer file with its SIRET (or a new one), or
    refuse it with a reason."""
    obj = get_bourse_object_for_user(request.user, Compte, pk, Cap.BOURSE_MODERATION)
    if obj.type != TypeCompte.EMPLOYEUR:
        raise Http404("Aucun compte employeur ne correspond.")
    refus = MotifForm(request.POST if request.POST.get("decision") == "refuser" else None)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "rattacher":
                choix = request.POST.get("employeur", "")
                employeur = services.employeurs_same_siret(obj).filter(pk=choix).first() if choix.isdigit() else None
                if choix != "nouveau" and employeur is None:
                    raise ValidationError("Choisissez la fiche employeur à laquelle rattacher ce compte.")
                services.attach_employeur(obj, employeur, request.user)
                messages.success(request, f"Le compte de {obj} est rattaché : il peut déposer des offres.")
                return redirect("bourse_equipe:tableau")
            if decision == "refuser" and refus.is_valid():
                services.refuse_compte(obj, refus.cleaned_data["motif"], request.user)
                messages.success(request, f"Le compte de {obj} est refusé.")
                return redirect("bourse_equipe:tableau")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return render(request, "bourse/equipe/compte_employeur.html", {
        "compte": obj, "fiches": services.employeurs_same_siret(obj), "refus": refus,
    })


@require_http_methods(["GET", "POST"])
def compte_jeune(request: HttpRequest, pk: int) -> HttpResponse:
    """A young person's account: link it to their file, after checking who they are."""
    user = request.user
    obj = get_bourse_object_for_user(user, Compte, pk, Cap.BOURSE_LIER_JEUNE)
    if obj.type != TypeCompte.JEUNE:
        raise Http404("Aucun compte de jeune ne correspond.")
    if request.method == "POST":
        pk = request.POST.get("jeune", "")
        identifiant = request.POST.get("identifiant", "").strip()
        if identifiant and not pk:  # the file's identifier, as shown on the file
            found = jeunes_visible_to(user).filter(ext_id__iexact=identifiant).values_list("pk", flat=True).first()
            pk = found if found is not None else ""
        try:
            if pk == "":
                raise ValidationError(f"Aucun dossier de votre Mission Locale n'a l'identifiant « {identifiant} ».")
            jeune = get_jeune_for_user(user, pk, write=True, cap=Cap.BOURSE_LIER_JEUNE)
            services.link_jeune(obj, jeune, user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Le compte de {obj} est lié au dossier de {jeune.prenom} {jeune.nom}.")
            return redirect("workspace:jeune", jeune.pk)
    # Files that may be this person's: same birth date, or same last name (the counsellor checks).
    candidates = jeunes_visible_to(user).filter(
        Q(date_naissance=obj.date_naissance) | Q(nom__iexact=obj.nom)
    ).order_by("nom", "prenom")[:20] if obj.date_naissance or obj.nom else []
    if candidates:
        record_read(user, list(candidates), request=request,
                    what="Bourse à l'emploi : dossiers proposés pour un compte")
    return render(request, "bourse/equipe/compte_jeune.html", {"compte": obj, "candidats": candidates})


@require_http_methods(["GET", "POST"])
def offre(request: HttpRequest, pk: int) -> HttpResponse:
    """A board offer: its moderation (publish / refuse with a reason) and its applications."""
    user = request.user
    obj: Offre = get_bourse_object_for_user(user, Offre, pk, Cap.BOURSE_CANDIDATURES)
    depot = DepotOffre.objects.filter(offre=obj).select_related("compte").first()
    refus = MotifForm(request.POST if request.POST.get("decision") == "refuser" else None)
    if request.method == "POST":
        require(user, Cap.BOURSE_MODERATION)
        if depot is None:
            messages.error(request, "Cette offre n'a pas été déposée sur la bourse : rien à modérer.")
            return redirect("bourse_equipe:offre", obj.pk)
        try:
            if request.POST.get("decision") == "publier":
                services.publish_depot(depot, user)
                messages.success(request, f"L'offre « {obj} » est publiée sur la bourse à l'emploi.")
                return redirect("bourse_equipe:tableau")
            if request.POST.get("decision") == "refuser" and refus.is_valid():
                services.refuse_depot(depot, refus.cleaned_data["motif"], user)
                messages.success(request, f"L'offre « {obj} » est refusée ; l'employeur voit le motif.")
                return redirect("bourse_equipe:tableau")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    candidatures = list(Candidature.objects.filter(offre=obj).select_related("compte__jeune", "mise_en_relation"))
    linked = [c.compte.jeune for c in candidatures if c.compte.jeune_id]
    if linked:
        record_read(user, linked, request=request, what="Bourse à l'emploi : candidatures d'une offre")
    return render(request, "bourse/equipe/offre.html", {
        "offre": obj, "depot": depot, "refus": refus, "candidatures": candidatures,
        "commune": commune_names({obj.commune or ""}, obj.structure_id).get(obj.commune or "", ""),
        "peut_moderer": can(user, Cap.BOURSE_MODERATION),
    })


@require_POST
def mise_en_relation(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn an application into a match (mise en relation), in one gesture."""
    candidature = get_bourse_object_for_user(request.user, Candidature, pk, Cap.BOURSE_CANDIDATURES)
    try:
        mer = services.make_match(candidature, conseiller_of(request.user))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Mise en relation enregistrée pour {mer.jeune.prenom} {mer.jeune.nom} sur "
                                  f"« {mer.offre} ».")
    back = request.POST.get("retour", "")
    if back == "dossier" and candidature.compte.jeune_id:
        return redirect(reverse("workspace:jeune", args=[candidature.compte.jeune_id]) + "#candidatures")
    return redirect("bourse_equipe:offre", candidature.offre_id)


@require_http_methods(["GET"])
def cv(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = get_bourse_object_for_user(request.user, Candidature, pk, Cap.BOURSE_CANDIDATURES)
    if candidature.compte.jeune_id:
        record_read(request.user, candidature.compte.jeune, request=request, what="Bourse à l'emploi : CV")
    return cv_response(candidature)
