"""PMSMP pages: a new convention from the file, a convention (and its PDF), its renewal, and
the list of immersions. Access through accounts/perms.py (docs/immersions.md, "Qui fait quoi");
writes through the door (services.py) and, for an employer created on the spot,
`entreprises.services.create_employeur`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from trajectoires.accounts.perms import (
    Cap,
    can,
    can_write_jeune,
    conseiller_of,
    get_convention_for_user,
    get_jeune_for_user,
    jeunes_visible_to,
    require,
)
from trajectoires.entreprises import services as employeurs
from trajectoires.immersions import services
from trajectoires.immersions.forms import ConventionForm
from trajectoires.immersions.models import ConventionImmersion
from trajectoires.immersions.pdf import commune_name, render_convention
from trajectoires.immersions.rules import SOURCE, french
from trajectoires.rgpd.audit import record_read
from trajectoires.utils.phones import format_phone


def _data(form: ConventionForm) -> dict:  # type: ignore[type-arg]
    data = dict(form.cleaned_data)
    data["horaires"] = (data.get("horaires") or "").strip() or None
    data["metier"] = (data.get("metier") or "").strip() or None
    return data


@require_http_methods(["GET", "POST"])
def nouvelle(request: HttpRequest, pk: int) -> HttpResponse:
    """A new convention from the young person's file (counsellors within their write scope, the direction)."""
    user = request.user
    jeune = get_jeune_for_user(user, pk, write=True, cap=Cap.SITUATIONS)
    form = ConventionForm(request.POST or None, jeune=jeune)
    if request.method == "GET":
        record_read(user, jeune, request=request, what="Dossier du jeune : nouvelle immersion (PMSMP)")
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        try:
            with transaction.atomic():
                employeur = data.get("employeur")
                if data.get("nouvel_employeur"):
                    employeur = employeurs.create_employeur(
                        jeune.structure_id, data["nouvel_employeur"], data.get("nouvel_siret") or "",
                        data.get("nouvelle_commune") or None,
                    )
                convention = services.create_convention(
                    jeune, employeur, data["date_debut"], data["date_fin"], data, conseiller_of(user)
                )
        except ValidationError as error:
            form.add_rule_errors(None, error.messages)
        else:
            messages.success(request, f"Convention enregistrée : PMSMP chez {convention.employeur} du "
                                      f"{french(convention.date_debut)} au {french(convention.date_fin)}. "
                                      "La situation « PMSMP » est ajoutée au dossier.")
            return redirect("immersions:convention", pk=convention.pk)
    return render(request, "immersions/form.html", {
        "jeune": jeune, "form": form, "titre": "Nouvelle immersion (PMSMP)", "bouton": "Enregistrer la convention",
        "nav": "search", "source": SOURCE,
    })


def _can_renew(user, convention: ConventionImmersion) -> bool:  # type: ignore[no-untyped-def]
    return (
        can(user, Cap.SITUATIONS) and convention.renouvellement_de_id is None
        and not convention.renouvellements.exists() and can_write_jeune(user, convention.jeune)
    )


@require_GET
def convention(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_convention_for_user(request.user, pk)
    record_read(request.user, c.jeune, request=request, what="Convention d'immersion (PMSMP)")
    return render(request, "immersions/convention.html", {
        "c": c, "jeune": c.jeune, "commune": commune_name(c.employeur.commune),
        "tuteur_telephone": format_phone(c.tuteur_telephone), "renouvellements": list(c.renouvellements.all()),
        "peut_renouveler": _can_renew(request.user, c), "source": SOURCE,
    })


@require_GET
def convention_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_convention_for_user(request.user, pk)
    record_read(request.user, c.jeune, request=request, what="Convention d'immersion (PMSMP) : PDF")
    response = HttpResponse(render_convention(c), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-pmsmp-{c.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def renouveler(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    first = get_convention_for_user(user, pk)
    jeune = get_jeune_for_user(user, first.jeune_id, write=True, cap=Cap.SITUATIONS)
    initial = {name: getattr(first, name) for name in services.FIELDS}
    initial["tuteur_telephone"] = format_phone(first.tuteur_telephone)
    initial["date_debut"] = first.date_fin + dt.timedelta(days=1)
    form = ConventionForm(request.POST or None, jeune=jeune, renewal=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        try:
            renewal = services.renew_convention(first, data["date_debut"], data["date_fin"], data, conseiller_of(user))
        except ValidationError as error:
            form.add_rule_errors(None, error.messages)
        else:
            messages.success(request, f"Renouvellement enregistré jusqu'au {french(renewal.date_fin)} : la situation "
                                      "« PMSMP » du dossier est prolongée.")
            return redirect("immersions:convention", pk=renewal.pk)
    return render(request, "immersions/form.html", {
        "jeune": jeune, "form": form, "premiere": first, "titre": "Renouveler la convention (PMSMP)",
        "bouton": "Enregistrer le renouvellement", "nav": "search", "source": SOURCE,
    })


VUES = {
    "en_cours": "En cours aujourd'hui",
    "debut_semaine": "Commencent cette semaine",
    "fin_semaine": "Finissent cette semaine",
    "toutes": "Toutes",
}
LIMITE = 200


@require_GET
def liste(request: HttpRequest) -> HttpResponse:
    """The immersions of the Mission Locale (of the user's scope): current, starting or ending this week."""
    user = request.user
    require(user, Cap.IMMERSIONS)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    vue = request.GET.get("vue", "en_cours")
    if vue not in VUES:
        vue = "en_cours"
    rows = ConventionImmersion.objects.filter(
        structure_id=user.structure_id, jeune__in=jeunes_visible_to(user)
    ).select_related("jeune", "employeur", "renouvellement_de")
    if vue == "en_cours":
        rows = rows.filter(date_debut__lte=today, date_fin__gte=today).order_by("date_fin", "pk")
    elif vue == "debut_semaine":
        rows = rows.filter(date_debut__range=(monday, sunday)).order_by("date_debut", "pk")
    elif vue == "fin_semaine":
        rows = rows.filter(date_fin__range=(monday, sunday)).order_by("date_fin", "pk")
    else:
        rows = rows.order_by("-date_debut", "-pk")
    total = rows.count()
    conventions = list(rows[:LIMITE])
    return render(request, "immersions/liste.html", {
        "conventions": conventions, "total": total, "limite": LIMITE, "vue": vue, "vues": VUES, "vue_label": VUES[vue],
        "lundi": monday, "dimanche": sunday, "aujourdhui": today, "nav": "immersions",
    })


