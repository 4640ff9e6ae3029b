"""Mentoring pages (issue 14, docs/parrainage.md).

- the coordinator (`Cap.MENTORING_ADMIN`: direction, counsellors): the mentors and their current
  mentees, a mentor's page (pairings, meetings, worries, login), the forms to create or change a
  mentor and a pairing, a worry marked read;
- the mentor (`Cap.MENTOR_SPACE`): their home (`mentor_home`, served as the home page by
  `www.views.home`), a meeting, a worry — on their current pairings only.

Thin views: access through accounts/perms.py, writes through parrainage/services.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.enums import Role
from trajectoires.accounts.perms import (
    Cap,
    can,
    can_mark_inquietude_read,
    conseiller_of,
    current_pairings_q,
    get_inquietude_for_user,
    get_mentor_pairing_for_user,
    get_parrain_for_user,
    get_parrainage_for_user,
    jeunes_visible_to,
    mentor_pairings,
    require,
)
from trajectoires.parrainage import services
from trajectoires.parrainage.forms import (
    InquietudeForm,
    ParrainageEditForm,
    ParrainageForm,
    ParrainForm,
    RencontreForm,
)
from trajectoires.parrainage.models import Inquietude, Parrain, Parrainage, Rencontre
from trajectoires.rapports.engine import mentoring_figures
from trajectoires.rapports.periods import Period
from trajectoires.rgpd.audit import record_read
from trajectoires.utils.phones import format_phone
from trajectoires.workspace.search import search_jeunes


NAV = "parrainage"
# The temporary password of a new login, kept in the session until the mentor's page shows it once.
PASSWORD_KEY = "parrainage:mot_de_passe"


def _year_figures(structure, today: dt.date) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The report's mentoring section for 1 January – today (the same computation as the report)."""
    period = Period(dt.date(today.year, 1, 1), today)
    return {"periode": period, **mentoring_figures(structure, period)}


# --- The coordinator ----------------------------------------------------------------------------
@require_http_methods(["GET"])
def parrains(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Cap.MENTORING_ADMIN)
    today = timezone.localdate()
    current = Parrainage.objects.filter(current_pairings_q()).select_related("jeune").order_by("jeune__prenom")
    rows = (
        Parrain.objects.filter(structure_id=user.structure_id)
        .prefetch_related(Prefetch("parrainages", queryset=current, to_attr="en_cours"))
        .order_by("nom", "prenom")
    )
    actifs = [p for p in rows if p.date_sortie is None or p.date_sortie >= today]
    partis = [p for p in rows if p.date_sortie is not None and p.date_sortie < today]
    context = {"actifs": actifs, "partis": partis, "chiffres": _year_figures(user.structure, today), "nav": NAV}
    return render(request, "parrainage/parrains.html", context)


def _parrain_form_view(request: HttpRequest, parrain: Parrain | None) -> HttpResponse:
    initial = {name: getattr(parrain, name) for name in services.PARRAIN_FIELDS} if parrain else {}
    if parrain is not None:
        initial["telephone"] = format_phone(parrain.telephone)
    form = ParrainForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if parrain is None:
            saved, errors = services.create_parrain(request.user.structure_id, form.cleaned_data)
        else:
            saved, errors = services.update_parrain(parrain, form.cleaned_data)
        if not errors:
            messages.success(request, f"{saved.prenom} {saved.nom} : fiche enregistrée.")
            return redirect("parrainage:parrain", saved.pk)
        form.add_rule_errors(errors)
    titre = f"Modifier la fiche de {parrain}" if parrain else "Nouveau parrain ou nouvelle marraine"
    return render(request, "parrainage/parrain_form.html", {"form": form, "parrain": parrain, "titre": titre,
                                                             "nav": NAV})


@require_http_methods(["GET", "POST"])
def parrain_nouveau(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.MENTORING_ADMIN)
    return _parrain_form_view(request, None)


@require_http_methods(["GET", "POST"])
def parrain_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _parrain_form_view(request, get_parrain_for_user(request.user, pk))


@require_http_methods(["GET"])
def parrain(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    parrain = get_parrain_for_user(user, pk)
    visible = jeunes_visible_to(user)
    pairings = list(
        parrain.parrainages.filter(jeune__in=visible).select_related("jeune", "jeune__conseiller")
        .prefetch_related("rencontres").order_by("-date_debut")
    )
    today = timezone.localdate()
    for p in pairings:
        p.en_cours = p.date_fin is None or p.date_fin >= today
    inquietudes = list(
        Inquietude.objects.filter(parrainage__parrain=parrain, jeune__in=visible)
        .select_related("jeune", "conseiller", "lue_par").order_by("lue_le", "-signalee_le")
    )
    for i in inquietudes:
        i.peut_marquer = i.lue_le is None and can_mark_inquietude_read(user, i)
    if pairings:
        record_read(user, [p.jeune for p in pairings], request=request, what="Parrainage : fiche du parrain")
    mot_de_passe = None
    stored = request.session.pop(PASSWORD_KEY, None)
    if stored and stored.get("parrain") == parrain.pk:
        mot_de_passe = stored.get("mot_de_passe")
    context = {
        "parrain": parrain,
        "telephone": format_phone(parrain.telephone),
        "parrainages": pairings,
        "rencontres": sorted(
            (r for p in pairings for r in p.rencontres.all()), key=lambda r: (r.date, r.pk), reverse=True
        ),
        "total_entretiens": sum(p.entretiens or 0 for p in pairings),
        "inquietudes": inquietudes,
        "actif": parrain.date_sortie is None or parrain.date_sortie >= today,
        "mot_de_passe": mot_de_passe,
        "nav": NAV,
    }
    response = render(request, "parrainage/parrain.html", context)
    if mot_de_passe:
        response["Cache-Control"] = "no-store"  # the password is shown once, never from the cache
    return response


@require_POST
def parrain_compte(request: HttpRequest, pk: int) -> HttpResponse:
    parrain = get_parrain_for_user(request.user, pk)
    try:
        user, password = services.create_parrain_login(parrain)
    except ValueError as e:
        messages.error(request, str(e))
        return redirect("parrainage:parrain", parrain.pk)
    request.session[PASSWORD_KEY] = {"parrain": parrain.pk, "mot_de_passe": password}
    messages.success(request, f"Compte de {parrain} : identifiant « {user.username} ».")
    return redirect("parrainage:parrain", parrain.pk)


@require_http_methods(["GET", "POST"])
def parrainage_nouveau(request: HttpRequest) -> HttpResponse:
    """A new pairing: the young person picked by a search among the files the user sees (GET `q`),
    then the mentor, the dates and what the young person shares with the mentor."""
    user = request.user
    require(user, Cap.MENTORING_ADMIN)
    today = timezone.localdate()
    parrains_actifs = Parrain.objects.filter(structure_id=user.structure_id).filter(
        Q(date_sortie__isnull=True) | Q(date_sortie__gte=today)
    ).order_by("nom", "prenom")
    source = request.POST if request.method == "POST" else request.GET
    jeune = None
    if source.get("jeune"):
        jeune = jeunes_visible_to(user).filter(pk=source["jeune"]).first() if source["jeune"].isdigit() else None
    query = request.GET.get("q", "")[:200]
    result = search_jeunes(user, query) if query and jeune is None else None
    initial = {"date_debut": today, "jeune": jeune.pk if jeune else None}
    if request.GET.get("parrain", "").isdigit():
        initial["parrain"] = request.GET["parrain"]
    form = ParrainageForm(request.POST or None, initial=initial, parrains=parrains_actifs)
    if request.method == "POST" and form.is_valid():
        if jeune is None:
            form.add_error(None, "Choisissez le jeune parmi les résultats de la recherche.")
        else:
            data = form.cleaned_data
            saved, errors = services.create_parrainage(
                jeune, data["parrain"], data["date_debut"], data.get("date_fin_prevue"),
                data["partage_telephone"], data["partage_email"], today,
            )
            if not errors:
                messages.success(request, f"Parrainage de {jeune.prenom} {jeune.nom} par {saved.parrain} enregistré.")
                return redirect("parrainage:parrain", saved.parrain_id)
            form.add_rule_errors(errors)
    context = {"form": form, "jeune": jeune, "query": query, "result": result, "nav": NAV,
               "parrain_initial": initial.get("parrain", "")}
    return render(request, "parrainage/parrainage_form.html", context)


@require_http_methods(["GET", "POST"])
def parrainage_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    parrainage = get_parrainage_for_user(user, pk)
    initial = {
        "date_fin_prevue": parrainage.date_fin_prevue, "partage_telephone": parrainage.partage_telephone,
        "partage_email": parrainage.partage_email, "date_fin": parrainage.date_fin, "issue": parrainage.issue or "",
    }
    form = ParrainageEditForm(request.POST or None, initial=initial)
    if request.method == "GET":
        record_read(user, parrainage.jeune, request=request, what="Parrainage : modification")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, errors = services.update_parrainage(
            parrainage, fin_prevue=data.get("date_fin_prevue"), partage_telephone=data["partage_telephone"],
            partage_email=data["partage_email"], date_fin=data.get("date_fin"), issue=data.get("issue") or None,
            today=timezone.localdate(),
        )
        if not errors:
            messages.success(request, "Parrainage enregistré.")
            return redirect("parrainage:parrain", saved.parrain_id)
        form.add_rule_errors(errors)
    context = {"form": form, "parrainage": parrainage, "nav": NAV}
    return render(request, "parrainage/parrainage_edit.html", context)


@require_POST
def inquietude_lue(request: HttpRequest, pk: int) -> HttpResponse:
    inquietude = get_inquietude_for_user(request.user, pk)
    services.mark_inquietude_read(inquietude, request.user)
    messages.success(request, f"Inquiétude au sujet de {inquietude.jeune.prenom} marquée comme lue.")
    target = request.POST.get("retour", "")
    if target == "parrain":
        return redirect("parrainage:parrain", inquietude.parrainage.parrain_id)
    return redirect("home")


def inquietudes_for_home(user) -> list[Inquietude]:  # type: ignore[no-untyped-def]
    """The worries the user's home shows until read: a counsellor's (sent to them as referent);
    for the direction, those about a young person without a referent."""
    if not can(user, Cap.MENTORING_ADMIN):
        return []
    rows = Inquietude.objects.filter(structure_id=user.structure_id, lue_le__isnull=True)
    mine = conseiller_of(user)
    if mine is not None:
        rows = rows.filter(conseiller=mine)
    elif Role(user.role) is Role.DIRECTION:
        rows = rows.filter(conseiller__isnull=True)
    else:
        return []
    return list(rows.select_related("jeune", "parrainage__parrain").order_by("-signalee_le")[:20])


# --- The mentor ---------------------------------------------------------------------------------
def _mentee_rows(user) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    rows = []
    pairings = mentor_pairings(user).select_related("jeune", "jeune__conseiller", "jeune__conseiller__user")
    for p in pairings.order_by("jeune__prenom", "pk"):
        j, referent = p.jeune, p.jeune.conseiller
        referent_user = getattr(referent, "user", None) if referent else None
        last = Rencontre.objects.filter(parrainage=p).order_by("-date").values_list("date", flat=True).first()
        rows.append({
            "parrainage": p,
            "prenom": j.prenom,
            "telephone": format_phone(j.telephone) if p.partage_telephone and j.telephone else "",
            "telephone_lien": j.telephone if p.partage_telephone and j.telephone else "",
            "email": j.email if p.partage_email and j.email else "",
            "referent": f"{referent.prenom} {referent.nom}" if referent else "",
            "referent_email": referent_user.email if referent_user and referent_user.email else "",
            "derniere_rencontre": last,
        })
    return rows


def mentor_home(request: HttpRequest) -> HttpResponse:
    """The mentor's home: their current mentees only (first name, what the young person shares,
    the referent counsellor and how to reach them), the meeting and worry forms' links."""
    user = request.user
    require(user, Cap.MENTOR_SPACE)
    rows = _mentee_rows(user)
    if rows:
        record_read(user, [r["parrainage"].jeune for r in rows], request=request, what="Espace parrain")
    return render(request, "parrainage/mentor_home.html", {
        "filleuls": rows, "structure": user.structure, "role_label": Role(user.role).label,
    })


def _mentor_page(request: HttpRequest, pk: int, form_class):  # type: ignore[no-untyped-def]
    parrainage = get_mentor_pairing_for_user(request.user, pk)
    initial = {"date": timezone.localdate()} if form_class is RencontreForm else {}
    return parrainage, form_class(request.POST or None, initial=initial)


@require_http_methods(["GET", "POST"])
def rencontre(request: HttpRequest, pk: int) -> HttpResponse:
    parrainage, form = _mentor_page(request, pk, RencontreForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, errors = services.record_rencontre(
            parrainage, data["date"], data["duree"], data.get("note") or "", request.user, timezone.localdate()
        )
        if not errors:
            messages.success(request, f"Rencontre avec {parrainage.jeune.prenom} du "
                                      f"{date_format(data['date'], 'j F Y')} enregistrée. Merci !")
            return redirect("home")
        form.add_rule_errors(errors)
    return render(request, "parrainage/rencontre.html", {"form": form, "prenom": parrainage.jeune.prenom})


@require_http_methods(["GET", "POST"])
def inquietude(request: HttpRequest, pk: int) -> HttpResponse:
    parrainage, form = _mentor_page(request, pk, InquietudeForm)
    if request.method == "POST" and form.is_valid():
        services.signal_inquietude(parrainage, form.cleaned_data["texte"])
        messages.success(request, f"Votre inquiétude au sujet de {parrainage.jeune.prenom} a été transmise au "
                                  "conseiller référent.")
        return redirect("home")
    return render(request, "parrainage/inquietude.html", {"form": form, "prenom": parrainage.jeune.prenom})
