"""The employers' file (issue 13, docs/employeurs.md): list, file, creation and change of an
employer, its people to talk to, the contacts with it. Thin views: access through
accounts/perms.py (`Cap.EMPLOYERS`, `EMPLOYERS_WRITE`, `EMPLOYER_CONTACT`; another Mission
Locale's employer is a 404), writes through `entreprises/services.py`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trajectoires.accounts.perms import (
    Cap,
    can,
    conseiller_of,
    get_employeur_for_user,
    get_interlocuteur_for_user,
    require,
)
from trajectoires.entreprises import services
from trajectoires.entreprises.reference import naf, naf_label, tranche_label
from trajectoires.entreprises.siret import format_siret
from trajectoires.rapports.facts import new_employer_in
from trajectoires.structures import communes
from trajectoires.utils.phones import format_phone
from trajectoires.workspace import employeurs as lecture
from trajectoires.workspace.employeurs_forms import ContactEmployeurForm, EmployeurForm, InterlocuteurForm


def _put_errors(form: Any, error: ValidationError, default_field: str) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(default_field, message)


@require_http_methods(["GET"])
def employeurs(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EMPLOYERS)
    structure_id = request.user.structure_id
    today = timezone.localdate()
    params = {k: request.GET.get(k, "")[:200] for k in ("q", "commune", "naf", "filtre", "tri")}
    rows, info = lecture.employer_list(structure_id, params, today)
    page = Paginator(rows, lecture.PAGE_SIZE).get_page(request.GET.get("page"))
    names = communes.labels([e.commune for e in page if e.commune], structure_id)
    year = lecture.year_period(today)
    for e in page:
        e.commune_label = names.get(e.commune, "") if e.commune else ""
        e.nouveau = new_employer_in(e.premier_contact, year)  # the report's rule
        e.naf_libelle = naf().get(e.naf, "code hors nomenclature") if e.naf else ""
    filtered = any(params[k] for k in ("q", "commune", "naf", "filtre"))
    keep = urlencode({k: v for k, v in params.items() if v and k != "tri"})
    return render(request, "workspace/employeurs.html", {
        "page": page, "params": params, "info": info, "filtered": filtered,
        "compte": lecture.counts(structure_id, today), "annee": today.year,
        "communes": lecture.commune_options(structure_id), "filtres": lecture.FILTRES,
        "tris": [(k, v[0]) for k, v in lecture.SORTS.items()], "tri": params["tri"] or "nom",
        "today": today, "garder": keep,
        "can_write": can(request.user, Cap.EMPLOYERS_WRITE),
    })


def _siret_context(error: ValidationError) -> dict[str, Any]:
    return {"doublon": error.existing} if isinstance(error, services.SiretEnDouble) else {}


def _employer_data(form: EmployeurForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "raison_sociale": data["raison_sociale"], "siret": data.get("siret") or "", "commune": data.get("commune"),
        **{k: data.get(k) or "" for k in services.DETAILS},
    }


@require_http_methods(["GET", "POST"])
def employeur_nouveau(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.EMPLOYERS)
    require(request.user, Cap.EMPLOYERS_WRITE)
    structure_id = request.user.structure_id
    form = EmployeurForm(request.POST or None, structure_id=structure_id)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            employeur = services.create_employeur(structure_id, **_employer_data(form))
        except ValidationError as error:
            _put_errors(form, error, "siret" if "SIRET" in " ".join(error.messages) else "raison_sociale")
            context.update(_siret_context(error))
        else:
            messages.success(request, f"Employeur « {employeur} » créé.")
            return redirect(reverse("workspace:employeur", args=[employeur.pk]))
    return render(request, "workspace/employeur_form.html", {
        "form": form, "titre": "Nouvel employeur", "bouton": "Créer l'employeur", **context,
    })


@require_http_methods(["GET", "POST"])
def employeur_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    employeur = get_employeur_for_user(request.user, pk, Cap.EMPLOYERS_WRITE)
    form = EmployeurForm(request.POST or None, structure_id=employeur.structure_id, employeur=employeur)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employeur(employeur, **_employer_data(form))
        except ValidationError as error:
            _put_errors(form, error, "siret" if "SIRET" in " ".join(error.messages) else "raison_sociale")
            context.update(_siret_context(error))
        else:
            messages.success(request, "Fiche de l'employeur enregistrée.")
            return redirect(reverse("workspace:employeur", args=[employeur.pk]))
    return render(request, "workspace/employeur_form.html", {
        "form": form, "employeur": employeur, "titre": f"Modifier « {employeur} »", "bouton": "Enregistrer",
        **context,
    })


@require_http_methods(["GET"])
def employeur(request: HttpRequest, pk: int) -> HttpResponse:
    employeur = get_employeur_for_user(request.user, pk)
    today = timezone.localdate()
    context = lecture.employer_file(request.user, employeur, today)
    for person in context["interlocuteurs"]:
        person.telephone_affiche = format_phone(person.telephone)
    return render(request, "workspace/employeur.html", {
        "employeur": employeur, **context, "today": today,
        "commune": communes.label(employeur.commune, structure_id=employeur.structure_id) if employeur.commune
        else "",
        "siret": format_siret(employeur.siret) if employeur.siret else "",
        "telephone": format_phone(employeur.telephone),
        "naf": naf_label(employeur.naf), "tranche": tranche_label(employeur.tranche_effectif),
        "can_write": can(request.user, Cap.EMPLOYERS_WRITE),
        "can_contact": can(request.user, Cap.EMPLOYER_CONTACT),
    })


@require_http_methods(["GET", "POST"])
def interlocuteur_nouveau(request: HttpRequest, pk: int) -> HttpResponse:
    employeur = get_employeur_for_user(request.user, pk, Cap.EMPLOYERS_WRITE)
    form = InterlocuteurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_interlocuteur(employeur, form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error, "nom")
        else:
            messages.success(request, f"{person} ajouté(e) aux personnes à contacter.")
            return redirect(reverse("workspace:employeur", args=[employeur.pk]) + "#interlocuteurs")
    return render(request, "workspace/employeur_action.html", {
        "form": form, "employeur": employeur, "titre": "Ajouter une personne à contacter",
        "bouton": "Ajouter la personne",
    })


@require_http_methods(["GET", "POST"])
def interlocuteur_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_interlocuteur_for_user(request.user, pk)
    employeur = person.employeur
    form = InterlocuteurForm(request.POST or None, interlocuteur=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_interlocuteur(person, form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error, "nom")
        else:
            messages.success(request, f"Coordonnées de {person} enregistrées.")
            return redirect(reverse("workspace:employeur", args=[employeur.pk]) + "#interlocuteurs")
    return render(request, "workspace/employeur_action.html", {
        "form": form, "employeur": employeur, "titre": f"Modifier {person}", "bouton": "Enregistrer",
    })


@require_http_methods(["GET", "POST"])
def employeur_contact(request: HttpRequest, pk: int) -> HttpResponse:
    employeur = get_employeur_for_user(request.user, pk, Cap.EMPLOYER_CONTACT)
    form = ContactEmployeurForm(request.POST or None, employeur=employeur)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conseiller = conseiller_of(request.user)
        try:
            contact = services.record_employer_contact(
                employeur, conseiller.pk if conseiller else None, data["date"], data["nature"], data.get("note", ""),
                data.get("interlocuteur"), data.get("a_rappeler_le"), today=timezone.localdate(),
            )
        except ValidationError as error:
            _put_errors(form, error, "date")
        else:
            suite = f" À rappeler le {contact.a_rappeler_le:%d/%m/%Y}." if contact.a_rappeler_le else ""
            messages.success(request, f"Contact du {contact.date:%d/%m/%Y} enregistré.{suite}")
            return redirect(reverse("workspace:employeur", args=[employeur.pk]) + "#contacts")
    return render(request, "workspace/employeur_action.html", {
        "form": form, "employeur": employeur, "titre": "Enregistrer un contact avec l'employeur",
        "bouton": "Enregistrer le contact",
    })
