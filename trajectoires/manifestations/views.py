"""Forums, fairs and visits: the list (year, kind), an event (employers present with the
employers' type-ahead, young people registered and present with the search), create and edit.
Access: `Cap.MANIFESTATIONS` (direction, counsellors, employer relations; docs/immersions.md);
the young people listed and registered are those of the user's scope. Writes: services.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trajectoires.accounts.perms import (
    Cap,
    get_jeune_for_user,
    get_manifestation_for_user,
    jeunes_visible_to,
    require,
)
from trajectoires.entreprises.models import Employeur
from trajectoires.manifestations import services
from trajectoires.manifestations.forms import TYPE_CHOICES, ManifestationForm
from trajectoires.manifestations.models import Manifestation
from trajectoires.workspace.search import search_jeunes


TYPE_LABELS = dict(TYPE_CHOICES)


@require_GET
def liste(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Cap.MANIFESTATIONS)
    rows = Manifestation.objects.filter(structure_id=user.structure_id)
    years = sorted({d.year for d in rows.dates("date", "year")} | {timezone.localdate().year}, reverse=True)
    try:
        annee = int(request.GET.get("annee") or timezone.localdate().year)
    except ValueError:
        annee = timezone.localdate().year
    type_ = request.GET.get("type", "")
    rows = rows.filter(date__year=annee)
    if type_ in TYPE_LABELS:
        rows = rows.filter(type=type_)
    else:
        type_ = ""
    rows = rows.annotate(n_employeurs=Count("employeurs", distinct=True)).order_by("-date", "-pk")
    manifestations = list(rows)
    return render(request, "manifestations/liste.html", {
        "manifestations": manifestations, "annee": annee, "annees": years, "type": type_, "types": TYPE_CHOICES,
        "total_jeunes": sum(m.jeunes or 0 for m in manifestations),
        "total_partenaires": sum(m.partenaires or 0 for m in manifestations),
        "type_labels": TYPE_LABELS, "nav": "manifestations",
    })


def _form_page(request: HttpRequest, form: ManifestationForm, manifestation: Manifestation | None) -> HttpResponse:
    return render(request, "manifestations/form.html", {
        "form": form, "manifestation": manifestation, "nav": "manifestations",
        "titre": "Modifier la manifestation" if manifestation else "Nouvelle manifestation",
    })


@require_http_methods(["GET", "POST"])
def nouvelle(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Cap.MANIFESTATIONS)
    form = ManifestationForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        m = services.create_manifestation(user.structure_id, form.cleaned_data)
        messages.success(request, f"Manifestation « {m.titre} » enregistrée : ajoutez les employeurs et les jeunes.")
        return redirect("manifestations:detail", pk=m.pk)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def modifier(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_manifestation_for_user(request.user, pk)
    autres_jeunes, autres_partenaires = services.others(m)
    initial = {"date": m.date, "titre": m.titre, "type": m.type, "lieu": m.lieu or "",
               "autres_jeunes": autres_jeunes, "autres_partenaires": autres_partenaires}
    form = ManifestationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_manifestation(m, form.cleaned_data)
        messages.success(request, "Manifestation modifiée.")
        return redirect("manifestations:detail", pk=m.pk)
    return _form_page(request, form, m)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    m = get_manifestation_for_user(user, pk)
    visible = jeunes_visible_to(user)
    participants = list(
        m.participants.filter(jeune__in=visible).select_related("jeune").order_by("jeune__nom", "jeune__prenom")
    )
    hidden = m.participants.exclude(jeune__in=visible).aggregate(
        inscrits=Count("pk"), presents=Count("pk", filter=Q(present=True))
    )
    query = request.GET.get("q", "")[:200]
    autres_jeunes, autres_partenaires = services.others(m)
    return render(request, "manifestations/detail.html", {
        "m": m, "type_label": TYPE_LABELS.get(m.type, m.get_type_display()),
        "employeurs": list(m.employeurs.order_by("raison_sociale")),
        "participants": participants, "hidden": hidden,
        "inscrits": len(participants) + hidden["inscrits"],
        "presents": sum(p.present for p in participants) + hidden["presents"],
        "registered": {p.jeune_id for p in participants},
        "autres_jeunes": autres_jeunes, "autres_partenaires": autres_partenaires,
        "query": query, "result": search_jeunes(user, query) if query else None,
        "passee": m.date <= timezone.localdate(), "nav": "manifestations",
    })


@require_POST
def employeur(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (`action=ajouter`) or remove (`action=retirer`) an employer present."""
    user = request.user
    m = get_manifestation_for_user(user, pk)
    raw = (request.POST.get("employeur") or "").strip()
    e = Employeur.objects.filter(structure_id=user.structure_id, pk=int(raw)).first() if raw.isdigit() else None
    if e is None:
        messages.error(request, "Choisissez un employeur de votre Mission Locale dans la liste.")
    elif request.POST.get("action") == "retirer":
        if services.remove_employeur(m, e):
            messages.success(request, f"{e} est retiré des employeurs présents.")
    else:
        try:
            added = services.add_employeur(m, e)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{e} est ajouté aux employeurs présents." if added
                             else f"{e} est déjà dans la liste des employeurs présents.")
    return redirect("manifestations:detail", pk=m.pk)


@require_POST
def jeune(request: HttpRequest, pk: int) -> HttpResponse:
    """A young person of the user's scope (404 otherwise): `action` = inscrire, present, absent, retirer."""
    user = request.user
    m = get_manifestation_for_user(user, pk)
    j = get_jeune_for_user(user, request.POST.get("jeune", ""))
    action = request.POST.get("action", "inscrire")
    nom = f"{j.prenom} {j.nom.upper()}"
    today = timezone.localdate()
    try:
        if action == "present":
            services.set_presence(m, j, True, today)
            messages.success(request, f"{nom} est noté(e) présent(e) : un contact est ajouté à son dossier.")
        elif action == "absent":
            services.set_presence(m, j, False, today)
            messages.success(request, f"{nom} n'est plus noté(e) présent(e) : le contact de sa présence est retiré.")
        elif action == "retirer":
            services.unregister(m, j, today)
            messages.success(request, f"{nom} est retiré(e) de la manifestation.")
        else:
            _, created = services.register(m, j)
            messages.success(request, f"{nom} est inscrit(e)." if created else f"{nom} était déjà inscrit(e).")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("manifestations:detail", pk=m.pk)
