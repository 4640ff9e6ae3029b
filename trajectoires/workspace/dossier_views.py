"""Creating a file and changing its profile. Thin views: access through accounts/perms.py,
logic in workspace/dossier.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from trajectoires.accounts.perms import (
    Cap,
    can_pick_commune,
    conseiller_of,
    creatable_profile_fields,
    editable_profile_fields,
    get_jeune_for_user,
    require,
)
from trajectoires.accueil import services as accueil
from trajectoires.jeunes.services import create_jeune, snapshot, update_profile
from trajectoires.rgpd.audit import record_read
from trajectoires.structures import communes
from trajectoires.utils.phones import format_phone
from trajectoires.workspace.dossier import find_duplicates, make_token, read_token
from trajectoires.workspace.dossier_forms import ProfilForm
from trajectoires.workspace.timeline import NON_RENSEIGNE


@require_http_methods(["GET", "POST"])
def jeune_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Cap.CREATE_FILE)
    fields = creatable_profile_fields(user)
    form = ProfilForm(request.POST or None, structure_id=user.structure_id, fields=fields, creation=True)
    if request.method == "GET":  # from the walk-in interview page: the arrival's name
        form.initial = {k: request.GET[k][:200] for k in ("nom", "prenom", "date_naissance") if request.GET.get(k)}
    # A walk-in's file: created from their interview page, it is attached to the arrival at once.
    arrivee = accueil.arrival_awaiting_file(user, request.POST.get("arrivee") or request.GET.get("arrivee"))
    doublons = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirmer") != "1":
            doublons = find_duplicates(user, data["nom"], data["prenom"], data["date_naissance"])
        if not doublons:
            with transaction.atomic():
                jeune = create_jeune(user.structure_id, data, conseiller_of(user))
                if arrivee is not None:
                    accueil.attach_jeune(arrivee, jeune)
            if arrivee is not None:
                messages.success(
                    request,
                    f"Le dossier de {jeune.prenom} {jeune.nom.upper()} est créé et rattaché à sa venue : "
                    "enregistrez l'entretien.",
                )
                return redirect("accueil:entretien", arrivee.pk)
            messages.success(request, f"Le dossier de {jeune.prenom} {jeune.nom.upper()} est créé.")
            return redirect("workspace:jeune", jeune.pk)
    context = {"form": form, "doublons": doublons, "nav": "search", "arrivee": arrivee}
    return render(request, "workspace/jeune_nouveau.html", context)


def _display(form: ProfilForm, name: str, value: str) -> str:
    """A serialised value as the user reads it."""
    if value == "":
        return NON_RENSEIGNE
    field = form.fields[name]
    if name == "site":
        return next((str(s) for s in field.queryset if str(s.pk) == value), value)
    if name == "commune":
        return communes.label(value, structure_id=form.structure_id)
    if name in ("telephone", "representant_legal_telephone"):
        return format_phone(value)
    if name == "date_naissance":
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    for code, label in getattr(field, "choices", ()):
        if str(code) == value:
            return str(label)
    return value


@require_http_methods(["GET", "POST"])
def profil_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    jeune = get_jeune_for_user(user, pk, write=True, cap=Cap.EDIT_PROFILE)
    fields = editable_profile_fields(user, jeune)
    context: dict = {"jeune": jeune, "nav": "search"}
    if request.method == "GET":
        record_read(user, jeune, request=request, what="Dossier du jeune : modification du profil")
        form = ProfilForm(initial=snapshot(jeune, fields), structure_id=jeune.structure_id, fields=fields, jeune=jeune)
        context.update(form=form, jeton=make_token(jeune, fields))
        return render(request, "workspace/profil.html", context)

    form = ProfilForm(request.POST, structure_id=jeune.structure_id, fields=fields, jeune=jeune)
    token = read_token(request.POST.get("jeton", ""))
    if token is None:
        context.update(form=form, jeton=make_token(jeune, fields), jeton_invalide=True)
        return render(request, "workspace/profil.html", context, status=400)
    if not form.is_valid():
        context.update(form=form, jeton=request.POST["jeton"])
        return render(request, "workspace/profil.html", context)
    version, depart = token
    result = update_profile(jeune.pk, version, depart, form.cleaned_data)
    if result.saved:
        messages.success(request, "Le profil est enregistré.")
        return redirect(reverse("workspace:jeune", args=[jeune.pk]))
    # Someone else changed these fields meanwhile: nothing saved. The form comes back with the
    # values saved meanwhile where the user had not changed the field, the user's own values
    # elsewhere, and a new token: saving again re-applies the user's changes knowingly.
    data = request.POST.copy()
    rows = []
    for e in result.ecarts:
        kept_mine = e.saisi != e.depart
        if not kept_mine:
            data[e.name] = e.enregistre
        rows.append({
            "label": form.fields[e.name].label,
            "depart": _display(form, e.name, e.depart),
            "enregistre": _display(form, e.name, e.enregistre),
            "saisi": _display(form, e.name, e.saisi),
            "mine": kept_mine,
        })
    data["jeton"] = make_token(result.jeune, fields)
    form = ProfilForm(data, structure_id=jeune.structure_id, fields=fields, jeune=result.jeune)
    form.is_valid()
    context.update(form=form, jeton=data["jeton"], ecarts=rows)
    return render(request, "workspace/profil.html", context, status=409)


@require_http_methods(["GET"])
def communes_options(request: HttpRequest) -> HttpResponse:
    """The type-ahead of the commune (profile form): the options of its select for what is
    typed, the territory's communes first, then the rest of France; the current choice stays
    first and selected, so typing never changes the value by itself."""
    if not can_pick_commune(request.user):
        raise PermissionDenied("Votre rôle ne permet pas de saisir l'adresse d'un jeune.")
    structure_id = request.user.structure_id
    text = request.GET.get("commune_recherche", "")[:100]
    current = (request.GET.get("commune") or "").strip()[:5]
    found = [o for o in communes.search(structure_id, text) if o.code != current]
    context = {
        "texte": text.strip(),
        "current": (current, communes.label(current, structure_id=structure_id)) if current else None,
        "territoire": [o for o in found if o.territoire],
        "france": [o for o in found if not o.territoire],
        "nombre": len(found),
        # The select's label the status line names: the offer form's ("Commune du poste"), the
        # employer form's (its `libelle`), or the profile's.
        "libelle": "Commune du poste" if request.GET.get("liste") == "offre"
        else (request.GET.get("libelle") or "Commune de résidence")[:60],
    }
    return render(request, "workspace/_commune_options.html", context)
