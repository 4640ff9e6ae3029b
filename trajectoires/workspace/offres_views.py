"""Job offers and matching for staff (issue 13 part 2, docs/offres.md): the offers list and
file, create / change / publish / close, the young people proposed for an offer, putting one
forward, the result of a match (a hire opens the situation), the jobs a young person looks for,
and the ROME type-ahead. Thin views: access through accounts/perms.py, writes through the doors
of `entreprises/offres.py`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.perms import (
    Cap,
    can,
    can_pick_rome,
    conseiller_of,
    get_jeune_for_matching,
    get_jeune_for_user,
    get_mise_en_relation_for_user,
    get_offre_for_user,
    jeunes_visible_to,
    require,
)
from trajectoires.entreprises import matching, offres as doors, rome
from trajectoires.entreprises.enums import Resultat, StatutOffre
from trajectoires.entreprises.models import MetierRecherche, Offre
from trajectoires.rgpd.audit import record_read
from trajectoires.structures import communes
from trajectoires.workspace.offres_forms import FiltreOffres, MetiersForm, MiseEnRelationForm, OffreForm, ResultatForm


PAGE = 50
# The selects the ROME type-ahead fills: the offer's, and the wished jobs' (MetiersForm).
CIBLES_ROME = frozenset({"rome", *(f"metier_{i}" for i in range(doors.MAX_METIERS))})
CLOTURE_PROCHE_JOURS = 7


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["nav"] = "offres"
    return render(request, template, context)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_http_methods(["GET"])
def offres(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.OFFRES)
    structure_id = request.user.structure_id
    today = timezone.localdate()
    filtre = FiltreOffres(request.GET or None)
    rows = Offre.objects.filter(structure_id=structure_id)
    if filtre.is_valid():
        data = filtre.cleaned_data
        if data["statut"] == "ouvertes":
            rows = doors.open_offres(structure_id, today)
        elif data["statut"]:
            rows = rows.filter(statut=data["statut"])
        if data["contrat"]:
            rows = rows.filter(type_contrat=data["contrat"])
        if data["employeur"].strip():
            rows = rows.filter(employeur__raison_sociale__icontains=data["employeur"].strip())
        if data["rome"].strip():
            codes = [code for code, _ in rome.search(data["rome"], limit=600)]
            rows = rows.filter(Q(rome__in=codes) | Q(intitule__icontains=data["rome"].strip()))
        if data["cloture_proche"]:
            soon = today + dt.timedelta(days=CLOTURE_PROCHE_JOURS)
            rows = rows.filter(date_cloture__gte=today, date_cloture__lte=soon)
    counts = dict(
        Offre.objects.filter(structure_id=structure_id).values_list("statut").annotate(n=Count("pk")).order_by()
    )
    rows = rows.select_related("employeur").annotate(
        candidats=Count("mises_en_relation"),
        retenus=Count("mises_en_relation", filter=Q(mises_en_relation__resultat=Resultat.RETENU)),
    ).order_by("-date_publication", "-pk")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    noms = communes.labels(sorted({o.commune for o in page.object_list if o.commune}), structure_id)
    return _render(request, "workspace/offres/liste.html", {
        "page": page, "filtre": filtre, "filtres": params.urlencode(), "today": today,
        "compteurs": [(s, counts.get(s.value, 0)) for s in StatutOffre],
        "total": sum(counts.values()), "noms_communes": noms,
        "ouvertes": doors.open_offres(structure_id, today).count(),
        "can_manage": can(request.user, Cap.MANAGE_OFFRES), "filtre_actif": bool(request.GET.dict().keys() - {"page"}),
    })


def _form_context(request: HttpRequest, form: OffreForm, titre: str, offre: Offre | None = None) -> dict:
    return {"form": form, "titre": titre, "offre": offre}


@require_http_methods(["GET", "POST"])
def offre_nouvelle(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MANAGE_OFFRES)
    structure_id = request.user.structure_id
    form = OffreForm(request.POST or None, structure_id=structure_id)
    if request.method == "POST" and form.is_valid():
        try:
            offre = doors.create_offre(structure_id, form.data_for_door(), timezone.localdate())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"Offre « {offre.intitule} » enregistrée en brouillon : publiez-la pour "
                                      "lui proposer des jeunes.")
            return redirect("workspace:offre", offre.pk)
    return _render(request, "workspace/offres/form.html", _form_context(request, form, "Nouvelle offre d'emploi"))


@require_http_methods(["GET", "POST"])
def offre_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    offre = get_offre_for_user(request.user, pk, Cap.MANAGE_OFFRES)
    form = OffreForm(request.POST or None, structure_id=offre.structure_id, offre=offre)
    if request.method == "POST" and form.is_valid():
        try:
            doors.update_offre(offre, form.data_for_door())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Offre modifiée.")
            return redirect("workspace:offre", offre.pk)
    return _render(request, "workspace/offres/form.html",
                   _form_context(request, form, f"Modifier l'offre « {offre.intitule} »", offre))


@require_POST
def offre_publier(request: HttpRequest, pk: int) -> HttpResponse:
    offre = get_offre_for_user(request.user, pk, Cap.MANAGE_OFFRES)
    try:
        offre = doors.publish_offre(offre, timezone.localdate())
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        bourse = " et diffusée sur la bourse à l'emploi" if offre.publique else ""
        messages.success(request, f"Offre publiée{bourse} : les jeunes qui correspondent sont proposés ci-dessous.")
    return redirect("workspace:offre", offre.pk)


@require_POST
def offre_cloturer(request: HttpRequest, pk: int) -> HttpResponse:
    offre = get_offre_for_user(request.user, pk, Cap.MANAGE_OFFRES)
    try:
        offre = doors.close_offre(offre, timezone.localdate())
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"Offre clôturée le {offre.date_cloture:%d/%m/%Y}.")
    return redirect("workspace:offre", offre.pk)


@require_http_methods(["GET"])
def offre(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    offre = get_offre_for_user(user, pk)
    today = timezone.localdate()
    mises = list(offre.mises_en_relation.select_related("jeune", "conseiller", "situation").order_by("-date", "-pk"))
    visibles = set(jeunes_visible_to(user).filter(pk__in=[m.jeune_id for m in mises]).values_list("pk", flat=True))
    context = {
        "offre": offre, "today": today, "ouverte": doors.is_open(offre, today),
        "rome": rome.display(offre.rome),
        "commune": communes.label(offre.commune, structure_id=offre.structure_id) if offre.commune else "",
        "mises": [(m, m.jeune_id in visibles) for m in mises],
        "can_manage": can(user, Cap.MANAGE_OFFRES), "can_match": can(user, Cap.MATCHES),
    }
    if context["can_match"] and context["ouverte"]:
        propositions = matching.propose(offre, today)
        shown = set(jeunes_visible_to(user).filter(pk__in=[p.jeune.pk for p in propositions.rows])
                    .values_list("pk", flat=True))
        context["propositions"] = propositions
        context["visibles_proposes"] = shown
        context["communes_proposes"] = communes.labels(
            sorted({p.jeune.commune for p in propositions.rows if p.jeune.commune}), offre.structure_id)
    return _render(request, "workspace/offres/offre.html", context)


@require_POST
def mise_en_relation(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a young person forward on the offer `pk` (from its proposals or the young person's file)."""
    user = request.user
    offre = get_offre_for_user(user, pk)
    form = MiseEnRelationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La mise en relation n'a pas été enregistrée : la date est à corriger (JJ/MM/AAAA).")
        return redirect("workspace:offre", offre.pk)
    jeune = get_jeune_for_matching(user, form.cleaned_data["jeune"])
    today = timezone.localdate()
    try:
        mise = doors.put_forward(offre, jeune, form.cleaned_data.get("date") or today, today,
                                 conseiller=conseiller_of(user), note=form.cleaned_data.get("note") or "")
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("workspace:offre", offre.pk)
    messages.success(request, f"{jeune.prenom} {jeune.nom.upper()} est mis(e) en relation avec {offre.employeur} "
                              f"pour « {offre.intitule} » : notez le résultat ici quand vous l'aurez.")
    return redirect("workspace:mise_en_relation", mise.pk)


@require_http_methods(["GET", "POST"])
def mise_en_relation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A match and its result; "Retenu" opens the situation on the file in the same gesture."""
    user = request.user
    mise = get_mise_en_relation_for_user(user, pk)
    jeune, offre = mise.jeune, mise.offre
    initial = {"resultat": mise.resultat, "date_entretien": mise.date_entretien, "note": mise.note}
    form = ResultatForm(request.POST or None, initial=initial)
    if request.method == "GET":
        record_read(user, jeune, request=request, what="Mise en relation avec un employeur")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mise = doors.record_result(
                mise, data["resultat"], timezone.localdate(), date_entretien=data.get("date_entretien"),
                note=data.get("note") or "", date_embauche=data.get("date_embauche"),
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            done = f"Résultat enregistré : {mise.get_resultat_display()}."
            if mise.situation_id is not None and data["resultat"] == Resultat.RETENU:
                s = mise.situation
                done += (f" La situation « {s.get_type_display()} » chez {s.employeur} à partir du "
                         f"{s.date_debut:%d/%m/%Y} est ouverte sur le dossier.")
            messages.success(request, done)
            return redirect("workspace:mise_en_relation", mise.pk)
    return _render(request, "workspace/offres/mise_en_relation.html", {
        "mise": mise, "jeune": jeune, "offre": offre, "form": form,
        "dossier_visible": jeunes_visible_to(user).filter(pk=jeune.pk).exists() and can(user, Cap.VIEW_FILE),
    })


@require_http_methods(["GET"])
def rome_options(request: HttpRequest) -> HttpResponse:
    """The ROME type-ahead (htmx): the options of the select named by `cible` for what is typed."""
    if not can_pick_rome(request.user):
        raise PermissionDenied("Votre rôle ne permet pas de choisir un métier.")
    cible = request.GET.get("cible", "rome")
    if cible not in CIBLES_ROME:
        cible = "rome"
    text = ""
    for key, value in request.GET.items():
        if key == "rome_recherche" or key.startswith("recherche_"):
            text = value[:100]
    current = (request.GET.get(cible) or "").strip().upper()[:5]
    found = [(c, n) for c, n in rome.search(text) if c != current] if len(text.strip()) >= 2 else []
    return render(request, "workspace/offres/_rome_options.html", {
        "found": found, "texte": text.strip(), "current": (current, rome.display(current)) if rome.is_code(current)
        else None, "cible": cible,
    })


@require_http_methods(["GET", "POST"])
def metiers_recherches(request: HttpRequest, pk: int) -> HttpResponse:
    """The jobs a young person looks for (ROME codes), on their file; read by the matching."""
    jeune = get_jeune_for_user(request.user, pk, write=True, cap=Cap.EDIT_PROFILE)
    codes = list(MetierRecherche.objects.filter(jeune=jeune).order_by("pk").values_list("rome", flat=True))
    form = MetiersForm(request.POST or None, codes=codes)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what="Dossier du jeune : métiers recherchés")
    if request.method == "POST" and form.is_valid():
        try:
            rows = doors.set_metiers_recherches(jeune, form.codes())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Métiers recherchés enregistrés : "
                             + (", ".join(rome.display(m.rome) for m in rows) or "aucun") + ".")
            return redirect(reverse("workspace:jeune", args=[jeune.pk]) + "#metiers")
    return _render(request, "workspace/offres/metiers.html", {"jeune": jeune, "form": form, "nav": "search"})
