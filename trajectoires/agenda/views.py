"""Agenda (day and week), appointments, collective sessions, convocations, CEJ hours.

Views are thin: every access decision is a call to `trajectoires.accounts.perms`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
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
from trajectoires.agenda.forms import (
    ActiviteCejForm,
    ConfirmationForm,
    PresenceForm,
    RendezVousForm,
    SessionForm,
    salles_of,
)
from trajectoires.agenda.grille import (
    Filtres,
    booking_links,
    counsellors_of_day,
    day_grid,
    name_tokens,
    render as render_grid,
    week_grid,
)
from trajectoires.agenda.home import figure_set, key_figures
from trajectoires.agenda.models import Salle, SessionCollective
from trajectoires.agenda.pdf import render_convocations
from trajectoires.rgpd.audit import record_read
from trajectoires.structures.models import Site
from trajectoires.workspace.search import search_jeunes


def _filters(request: HttpRequest) -> dict:
    """Which counsellor's, site's and room's agenda, and which young person's name: a counsellor
    sees their own by default (GET parameters: shareable URLs)."""
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
    raw_salle = request.GET.get("salle")
    salle = None
    if raw_salle and raw_salle.isdigit():
        salle = Salle.objects.select_related("site").filter(structure_id=user.structure_id, pk=int(raw_salle)).first()
    q = request.GET.get("q", "")[:100].strip()
    return {
        "conseiller": conseiller,
        "site": site,
        "salle": salle,
        "q": q,
        "tokens": name_tokens(q),
        "conseiller_options": conseiller_options(user.structure_id, getattr(conseiller, "pk", None)),
        "sites": Site.objects.filter(structure_id=user.structure_id),
        "salles": salles_of(user.structure_id),
    }


def _query(day: dt.date, filters: dict, **extra: object) -> str:
    """The query string of the agenda with these filters (for links: previous / next, pages, views)."""
    params: dict[str, object] = {"date": day.isoformat(), "conseiller": getattr(filters["conseiller"], "pk", "tous")}
    for key in ("site", "salle"):
        if filters[key] is not None:
            params[key] = filters[key].pk
    if filters["q"]:
        params["q"] = filters["q"]
    if filters.get("jeune") is not None:
        params["jeune"] = filters["jeune"].pk
    params.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(params)


def _booking_jeune(request: HttpRequest):  # type: ignore[no-untyped-def]
    """`?jeune=<pk>`: the week was opened to book for this young person (from the booking form):
    its free slots open their booking form. Ignored when out of the user's scope."""
    raw = request.GET.get("jeune", "")
    if not raw.isdigit():
        return None
    try:
        return get_jeune_for_user(request.user, raw)
    except Http404:
        return None


def _list_context(request: HttpRequest, day: dt.date, days: int, filters: dict, vue: str) -> dict:
    page = agenda_page(request.user.structure_id, day, days, filters["conseiller"], filters["site"],
                       parse_page(request.GET.get("page")), tokens=filters["tokens"], salle=filters["salle"])
    return {"days": page.days, "pagination": page, "affichage": "liste"}


@require_http_methods(["GET"])
def jour(request: HttpRequest) -> HttpResponse:
    """A day: the list of appointments (one counsellor by default), or the reception's grid with
    a column per counsellor ("colonnes", the default for every counsellor)."""
    require(request.user, Cap.AGENDA)
    day = parse_day(request.GET.get("date"))
    filters = _filters(request)
    affichage = request.GET.get("affichage")
    if affichage not in ("liste", "colonnes"):
        affichage = "liste" if filters["conseiller"] is not None or filters["salle"] is not None else "colonnes"
    context = {
        "day": day, "vue": "jour", **filters,
        "precedent": _query(day - dt.timedelta(days=1), filters, affichage=affichage),
        "suivant": _query(day + dt.timedelta(days=1), filters, affichage=affichage),
        "vue_liste": _query(day, filters, affichage="liste"),
        "vue_colonnes": _query(day, filters, affichage="colonnes"),
        "base_query": _query(day, filters, affichage=affichage),
        "can_mark": can(request.user, Cap.ATTENDANCE),
    }
    if affichage == "liste":
        context.update(_list_context(request, day, 1, filters, "jour"))
        return render(request, "agenda/agenda.html", context)
    if filters["conseiller"] is not None:
        conseillers, colonnes = [filters["conseiller"]], None
    else:
        conseillers, colonnes = counsellors_of_day(
            request.user.structure_id, day, filters["site"], parse_page(request.GET.get("page"))
        )
    grid = day_grid(request.user.structure_id, day, conseillers,
                    filtres=Filtres(site=filters["site"], tokens=filters["tokens"]))
    day_label = date_format(day, "l j F")
    links = {c.pk: booking_links(c.pk, site=filters["site"]) for c in conseillers}
    grid.html = render_grid(
        grid,
        lambda col, row: links[col.conseiller.pk](day, row),
        lambda col: f"{day_label} avec {col.conseiller}",
    )
    context.update({"grille": grid, "colonnes": colonnes, "affichage": "colonnes"})
    return render(request, "agenda/jour_colonnes.html", context)


@require_http_methods(["GET"])
def semaine(request: HttpRequest) -> HttpResponse:
    """The week (Monday–Saturday) of one counsellor or one room as a calendar grid; the list of
    the whole Mission Locale's appointments when no counsellor nor room is chosen."""
    require(request.user, Cap.AGENDA)
    day = services.week_start(parse_day(request.GET.get("date")))
    filters = _filters(request)
    filters["jeune"] = _booking_jeune(request)
    salle, conseiller = filters["salle"], filters["conseiller"]
    liste = request.GET.get("affichage") == "liste" or (salle is None and conseiller is None)
    affichage = "liste" if liste else "grille"
    context = {
        "day": day, "vue": "semaine", **filters,
        "precedent": _query(day - dt.timedelta(days=7), filters, affichage=request.GET.get("affichage")),
        "suivant": _query(day + dt.timedelta(days=7), filters, affichage=request.GET.get("affichage")),
        "vue_liste": _query(day, filters, affichage="liste"),
        "vue_grille": _query(day, filters),
        "base_query": _query(day, filters, affichage=request.GET.get("affichage")),
        "semaine_iso": day.isocalendar()[1],
        "dernier_jour": day + dt.timedelta(days=6),
        "can_mark": can(request.user, Cap.ATTENDANCE),
    }
    if affichage == "liste":
        context.update(_list_context(request, day, 7, filters, "semaine"))
        return render(request, "agenda/agenda.html", context)
    mine = conseiller_of(request.user)
    booker = conseiller if salle is None else (conseiller or mine)
    grid = week_grid(
        request.user.structure_id, day, conseiller=conseiller if salle is None else None, salle=salle,
        filtres=Filtres(site=filters["site"], conseiller=conseiller if salle is not None else None,
                        tokens=filters["tokens"]),
    )
    jeune = filters["jeune"]
    avec = f" avec {booker}" if booker is not None else ""
    dans = f", {salle.nom} ({salle.site.nom})" if salle is not None else ""
    link = booking_links(getattr(booker, "pk", None), jeune_id=getattr(jeune, "pk", None), salle=salle,
                         site=filters["site"])
    grid.html = render_grid(
        grid,
        lambda col, row: link(col.jour, row),
        lambda col: f"{date_format(col.jour, 'l j F')}{avec}{dans}",
        show_conseiller=salle is not None,
    )
    context.update({"grille": grid, "affichage": "grille", "booker": booker})
    return render(request, "agenda/semaine_grille.html", context)


def _slot_initial(request: HttpRequest) -> dict:
    """The slot a free cell of the grid carries (`date`, `heure`, `conseiller`, `site`, `salle`):
    initial values of the booking form, validated again when it is posted."""
    initial: dict = {}
    raw = request.GET.get("date", "")
    try:
        initial["date"] = dt.date.fromisoformat(raw)
    except ValueError:
        pass
    raw = request.GET.get("heure", "")
    try:
        initial["heure"] = dt.time.fromisoformat(raw) if len(raw) == 5 else None
    except ValueError:
        pass
    if initial.get("heure") is None:
        initial.pop("heure", None)
    for key in ("conseiller", "site", "salle", "duree"):
        raw = request.GET.get(key, "")
        if raw.isdigit() and len(raw) < 10:
            initial[key] = int(raw)
    return initial


@require_http_methods(["GET"])
def creneau(request: HttpRequest) -> HttpResponse:
    """A free slot of the grid: whom is it for? The search (limited to the user's scope) leads to
    the young person's booking form, prefilled with the slot."""
    require(request.user, Cap.AGENDA)
    user = request.user
    slot = _slot_initial(request)
    conseiller = (
        Conseiller.objects.filter(structure_id=user.structure_id, pk=slot["conseiller"]).first()
        if "conseiller" in slot else None
    )
    salle = (
        Salle.objects.select_related("site").filter(structure_id=user.structure_id, pk=slot["salle"]).first()
        if "salle" in slot else None
    )
    query = request.GET.get("q", "")[:200]
    keep = {k: request.GET[k] for k in ("date", "heure", "conseiller", "site", "salle") if request.GET.get(k)}
    context = {
        "slot": slot,
        "conseiller": conseiller,
        "salle": salle,
        "query": query,
        "keep": keep,
        "slot_query": urlencode(keep),
        "result": search_jeunes(user, query) if query else None,
        "semaine_query": urlencode({"date": keep.get("date", ""), "conseiller": keep.get("conseiller", "")}),
    }
    return render(request, "agenda/creneau.html", context)


@require_http_methods(["GET", "POST"])
def rdv_create(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_user(request.user, pk)
    require(request.user, Cap.AGENDA)
    if request.method == "GET":
        record_read(request.user, jeune, request=request, what="Prise de rendez-vous")
    conflits = None
    confirmation = ConfirmationForm(request.POST or None)
    if request.method == "POST":
        form = RendezVousForm(request.POST, structure_id=jeune.structure_id)
        confirmed = confirmation.is_valid() and confirmation.cleaned_data["confirmer"]
        if form.is_valid():
            try:
                rdv = services.book_rendez_vous(
                    jeune, form.cleaned_data["conseiller"], form.cleaned_data, accept_conflicts=confirmed
                )
            except services.ConflitError as error:
                conflits = error.conflits
                confirmation = ConfirmationForm()  # ticked again, knowingly
            else:
                messages.success(
                    request, f"Rendez-vous du {timezone.localtime(rdv.debut):%d/%m/%Y à %H:%M} enregistré."
                )
                day = services.local_day(rdv.debut).isoformat()
                return redirect(reverse("agenda:jour") + f"?date={day}&conseiller={rdv.conseiller_id}")
    else:
        initial = {"date": timezone.localdate(), "site": jeune.site_id}
        mine = conseiller_of(request.user)
        initial["conseiller"] = mine.pk if mine else jeune.conseiller_id
        initial.update(_slot_initial(request))
        form = RendezVousForm(initial=initial, structure_id=jeune.structure_id)
    week = form["date"].value() or timezone.localdate()
    context = {
        "jeune": jeune,
        "form": form,
        "conflits": conflits,
        "confirmation": confirmation,
        "semaine_query": urlencode({
            "date": week.isoformat() if isinstance(week, dt.date) else str(week),
            "conseiller": form["conseiller"].value() or "",
            "jeune": jeune.pk,
        }),
    }
    return render(request, "agenda/rdv_form.html", context)


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
    """The key figures of the home (loaded by the home page after it is shown): the direction's,
    or the employer relations' (issue 13)."""
    which = figure_set(request.user)
    if which is None:
        require(request.user, Cap.KEY_FIGURES)
    context = key_figures(request.user.structure, timezone.localdate(), which)
    template = "agenda/_chiffres.html" if request.htmx else "agenda/chiffres.html"
    return render(request, template, context)
