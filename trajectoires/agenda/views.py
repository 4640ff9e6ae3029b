"""Agenda (day and week), appointments, collective sessions, convocations, CEJ hours.

Views are thin: every access decision is a call to `trajectoires.accounts.perms`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.models import Conseiller
from trajectoires.accounts.perms import (
    Cap,
    can,
    can_mark_rendez_vous,
    can_write_jeune,
    conseiller_of,
    get_jeune_for_user,
    get_rendez_vous_for_user,
    get_session_for_user,
    require,
)
from trajectoires.agenda import cej, services
from trajectoires.agenda.agenda import agenda_page, conseiller_options, parse_day, parse_page
from trajectoires.agenda.enums import Presence
from trajectoires.agenda.forms import ActiviteCejForm, PresenceForm, RendezVousForm, SessionForm
from trajectoires.agenda.home import key_figures
from trajectoires.agenda.models import SessionCollective
from trajectoires.agenda.pdf import render_convocations
from trajectoires.rgpd.audit import record_read
from trajectoires.structures.models import Site
from trajectoires.workspace.search import search_jeunes


def _filters(request: HttpRequest) -> dict:
    """Which counsellor's and site's agenda: a counsellor sees their own by default."""
    user = request.user
    mine = conseiller_of(user)
    raw = request.GET.get("conseiller")
    conseiller = None
    if raw == "tous":
        conseiller = None
    elif raw and raw.isdigit():
        conseiller = Conseiller.objects.filter(structure_id=user.structure_id, pk=int(raw)).first()
    elif mine is not None:
        conseiller = mine
    raw_site = request.GET.get("site")
    site = None
    if raw_site and raw_site.isdigit():
        site = Site.objects.filter(structure_id=user.structure_id, pk=int(raw_site)).first()
    return {
        "conseiller": conseiller,
        "site": site,
        "conseiller_options": conseiller_options(user.structure_id, getattr(conseiller, "pk", None)),
        "sites": Site.objects.filter(structure_id=user.structure_id),
    }


@require_http_methods(["GET"])
def jour(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.AGENDA)
    day = parse_day(request.GET.get("date"))
    filters = _filters(request)
    page = agenda_page(request.user.structure_id, day, 1, filters["conseiller"], filters["site"],
                       parse_page(request.GET.get("page")))
    context = {
        "day": day, "days": page.days, "pagination": page, "vue": "jour", **filters,
        "precedent": day - dt.timedelta(days=1), "suivant": day + dt.timedelta(days=1),
        "can_mark": can(request.user, Cap.ATTENDANCE),
    }
    return render(request, "agenda/agenda.html", context)


@require_http_methods(["GET"])
def semaine(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.AGENDA)
    day = services.week_start(parse_day(request.GET.get("date")))
    filters = _filters(request)
    page = agenda_page(request.user.structure_id, day, 7, filters["conseiller"], filters["site"],
                       parse_page(request.GET.get("page")))
    context = {
        "day": day, "days": page.days, "pagination": page, "vue": "semaine", **filters,
        "precedent": day - dt.timedelta(days=7), "suivant": day + dt.timedelta(days=7),
        "semaine_iso": day.isocalendar()[1],
        "can_mark": can(request.user, Cap.ATTENDANCE),
    }
    return render(request, "agenda/agenda.html", context)


@require_http_methods(["GET", "POST"])
def rdv_create(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk)
    require(request.user, Cap.AGENDA)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what="Prise de rendez-vous")
    if request.method == "POST":
        form = RendezVousForm(request.POST, structure_id=jeune.structure_id)
        if form.is_valid():
            rdv = services.book_rendez_vous(jeune, form.cleaned_data["conseiller"], form.cleaned_data)
            messages.success(request, f"Rendez-vous du {timezone.localtime(rdv.debut):%d/%m/%Y à %H:%M} enregistré.")
            day = services.local_day(rdv.debut).isoformat()
            return redirect(reverse("agenda:jour") + f"?date={day}&conseiller={rdv.conseiller_id}")
    else:
        initial = {"date": timezone.localdate(), "site": jeune.site_id}
        mine = conseiller_of(request.user)
        initial["conseiller"] = mine.pk if mine else jeune.conseiller_id
        form = RendezVousForm(initial=initial, structure_id=jeune.structure_id)
    return render(request, "agenda/rdv_form.html", {"jeune": jeune, "form": form})


@require_http_methods(["GET", "POST"])
def rdv(request: HttpRequest, pk: int) -> HttpResponse:
    rendez_vous = get_rendez_vous_for_user(request.user, pk, mark=request.method == "POST")
    form = PresenceForm(request.POST or None, initial={"presence": rendez_vous.presence})
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_rendez_vous(rendez_vous, form.cleaned_data["presence"])
        except ValidationError as error:
            form.add_error("presence", error)
        else:
            rendez_vous.refresh_from_db()
            messages.success(request, f"Présence notée : {rendez_vous.get_presence_display()}.")
            return redirect("agenda:rdv", pk=rendez_vous.pk)
    if request.method == "GET":
        record_read(request.user, rendez_vous.jeune, request=request, what="Rendez-vous")
    context = {
        "rdv": rendez_vous,
        "debut": timezone.localtime(rendez_vous.debut),
        "form": form,
        "can_mark": can_mark_rendez_vous(request.user, rendez_vous),
    }
    return render(request, "agenda/rdv.html", context)


@require_http_methods(["GET"])
def sessions(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.AGENDA)
    since = timezone.now() - dt.timedelta(days=30)
    rows = (
        SessionCollective.objects.filter(structure_id=request.user.structure_id, debut__gte=since)
        .select_related("site", "animateur")
        .order_by("debut")
    )
    sessions_list = [(s, services.places_prises(s)) for s in rows[:200]]
    return render(request, "agenda/sessions.html", {
        "sessions": sessions_list, "can_create": can(request.user, Cap.ATTENDANCE),
    })


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.ATTENDANCE)
    structure_id = request.user.structure_id
    if request.method == "POST":
        form = SessionForm(request.POST, structure_id=structure_id)
        if form.is_valid():
            session = services.create_session(structure_id, form.cleaned_data)
            messages.success(request, f"{session.get_type_display()} « {session.theme} » créé(e).")
            return redirect("agenda:session", pk=session.pk)
    else:
        initial = {"date": timezone.localdate(), "animateur": getattr(conseiller_of(request.user), "pk", None)}
        form = SessionForm(initial=initial, structure_id=structure_id)
    return render(request, "agenda/session_form.html", {"form": form})


def _session_context(request: HttpRequest, session: SessionCollective, **extra: object) -> dict:
    query = request.GET.get("q", "")[:200]
    participations = list(session.participations.select_related("jeune").order_by("jeune__nom", "jeune__prenom"))
    registered = {p.jeune_id for p in participations if p.presence not in (Presence.ANNULE, Presence.EXCUSE)}
    return {
        "session": session,
        "debut": timezone.localtime(session.debut),
        "participations": participations,
        "places_prises": services.places_prises(session),
        "query": query,
        "result": search_jeunes(request.user, query) if query else None,
        "registered": registered,
        "can_sign": can(request.user, Cap.ATTENDANCE),
        "started": session.debut <= timezone.now(),
        **extra,
    }


@require_http_methods(["GET"])
def session(request: HttpRequest, pk: int) -> HttpResponse:
    session_obj = get_session_for_user(request.user, pk)
    context = _session_context(request, session_obj)
    record_read(request.user, [p.jeune for p in context["participations"]], request=request,
                what="Session collective : liste des inscrits")
    return render(request, "agenda/session.html", context)


@require_POST
def session_inscrire(request: HttpRequest, pk: int) -> HttpResponse:
    session_obj = get_session_for_user(request.user, pk)
    jeune = get_jeune_for_user(request.user, request.POST.get("jeune", ""))
    try:
        services.register(session_obj, jeune)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{jeune.prenom} {jeune.nom.upper()} est inscrit(e).")
    return redirect("agenda:session", pk=session_obj.pk)


@require_POST
def session_emargement(request: HttpRequest, pk: int) -> HttpResponse:
    session_obj = get_session_for_user(request.user, pk, Cap.ATTENDANCE)
    presents = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    excuses = {int(v) for v in request.POST.getlist("excuse") if v.isdigit()} - presents
    try:
        rows = services.sign_in(session_obj, presents, excuses)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        nb = sum(p.presence == Presence.PRESENT for p in rows)
        total = len(rows)
        messages.success(
            request,
            f"Émargement enregistré : {nb} présent{'s' if nb > 1 else ''} "
            f"sur {total} inscrit{'s' if total > 1 else ''}.",
        )
    return redirect("agenda:session", pk=session_obj.pk)


@require_http_methods(["GET"])
def convocations(request: HttpRequest, pk: int) -> HttpResponse:
    session_obj = get_session_for_user(request.user, pk)
    queryset = session_obj.participations.select_related("jeune").exclude(
        presence__in=(Presence.ANNULE, Presence.EXCUSE)
    ).order_by("jeune__nom", "jeune__prenom")
    raw = request.GET.get("jeune")
    if raw:
        jeune = get_jeune_for_user(request.user, raw)
        queryset = queryset.filter(jeune=jeune)
    participations = list(queryset)  # read once: the journal and the letters use the same rows
    if not participations:
        messages.error(request, "Aucun jeune inscrit : il n'y a pas de convocation à imprimer.")
        return redirect("agenda:session", pk=session_obj.pk)
    record_read(request.user, [p.jeune for p in participations], request=request,
                what="Convocations (PDF) : identité et adresse")
    pdf = render_convocations(session_obj, participations)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"convocations-{session_obj.debut:%Y%m%d}-{session_obj.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def cej_heures(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk, write=request.method == "POST")
    require(request.user, Cap.TIMELINE)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what="Heures d'activité CEJ")
    if request.method == "POST":
        form = ActiviteCejForm(request.POST)
        if form.is_valid():
            activite = cej.add_activity(jeune, conseiller_of(request.user), form.cleaned_data)
            messages.success(request, f"Activité enregistrée : {activite}.")
            return redirect("agenda:cej", pk=jeune.pk)
    else:
        form = ActiviteCejForm(initial={"date": timezone.localdate()})
    low, high = cej.commitment()
    context = {
        "jeune": jeune,
        "semaines": cej.weekly_totals(jeune, weeks=8),
        "activites": jeune.activites_cej.order_by("-date", "-pk")[:50],
        "form": form,
        "can_write": can_write_jeune(request.user, jeune),
        "min": low,
        "max": high,
        "en_cej": cej.is_in_cej(jeune, timezone.localdate()),
    }
    return render(request, "agenda/cej.html", context)




@require_http_methods(["GET"])
def chiffres(request: HttpRequest) -> HttpResponse:
    """The direction's key figures (loaded by the home page after it is shown)."""
    require(request.user, Cap.KEY_FIGURES)
    context = key_figures(request.user.structure, timezone.localdate())
    template = "agenda/_chiffres.html" if request.htmx else "agenda/chiffres.html"
    return render(request, template, context)
