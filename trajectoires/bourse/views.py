"""The public job board (docs/bourse.md): pages outside the staff space, for anyone and for the
board's own accounts (`auth.py`), one Mission Locale per URL (`/bourse/<code>/`, the code of
the structure). No page shows personal data to the public, and no URL carries any."""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from trajectoires.accounts.client import client_ip, hit
from trajectoires.bourse import auth, cv as cv_files, rome, services
from trajectoires.bourse.auth import compte_requis
from trajectoires.bourse.enums import StatutCompte, TypeCompte
from trajectoires.bourse.forms import (
    CandidatureForm,
    ConnexionForm,
    InscriptionEmployeurForm,
    InscriptionJeuneForm,
    OffreForm,
)
from trajectoires.bourse.models import Candidature, Compte, DepotOffre
from trajectoires.entreprises.models import Offre
from trajectoires.structures.models import Commune, CommuneFrance, Structure


E, J = TypeCompte.EMPLOYEUR, TypeCompte.JEUNE
SALT = "trajectoires.bourse.confirmation"
RAYONS = [("commune", "Cette commune"), ("epci", "Son intercommunalité"), ("departement", "Son département")]
DATES = [("", "Toutes"), ("7", "Depuis 7 jours"), ("30", "Depuis 30 jours")]


def _structure(code: str) -> Structure:
    structure = Structure.objects.filter(code=code).first()
    if structure is None:
        raise Http404("Aucune bourse à l'emploi à cette adresse.")
    return structure


def _render(request: HttpRequest, structure: Structure, template: str, context: dict, status: int = 200):
    compte = auth.current(request)
    if compte is not None and compte.structure_id != structure.pk:
        compte = None
    return render(request, template, {"structure": structure, "compte": compte, **context}, status=status)


def commune_names(codes: set[str], structure_id: int) -> dict[str, str]:
    names = dict(CommuneFrance.objects.filter(code__in=codes).values_list("code", "nom"))
    names.update(Commune.objects.filter(structure_id=structure_id, ext_id__in=codes).values_list("ext_id", "nom"))
    return names


@login_not_required
@require_http_methods(["GET"])
def accueil(request: HttpRequest) -> HttpResponse:
    """`/bourse/`: the single Mission Locale's board, or the list of the network's."""
    structures = list(Structure.objects.order_by("nom"))
    if len(structures) == 1:
        return redirect("bourse:offres", structures[0].code)
    return render(request, "bourse/accueil.html", {"structures": structures})


# --- Offers (anyone) ------------------------------------------------------------------------------
@login_not_required
@require_http_methods(["GET"])
def offres(request: HttpRequest, code: str) -> HttpResponse:
    structure = _structure(code)
    today = timezone.localdate()
    # Anonymous visitors (no board session: the page names nobody) share the rendered page for
    # PAGE_SECONDS, per URL and day; publishing an offer here forgets them (services.forget_pages).
    key = None
    if auth.current(request) is None:
        key = services.page_key(structure.pk, today, request.get_full_path())
        body = cache.get(key)
        if body is not None:
            return HttpResponse(body)
    visibles = services.offres_visibles(structure.pk, today)
    facets = services.facettes(structure.pk, today)
    names = facets["communes"]
    rows = visibles.select_related("employeur")
    f = request.GET
    contrat, commune, rayon = f.get("contrat", ""), f.get("commune", ""), f.get("rayon", "commune")
    domaine, depuis = f.get("domaine", "").upper()[:1], f.get("depuis", "")
    if contrat:
        rows = rows.filter(type_contrat=contrat)
    if commune:
        if rayon == "departement":
            departement = CommuneFrance.objects.filter(code=commune).values_list("departement", flat=True).first()
            rows = rows.filter(commune__startswith=departement or commune[:2])
        elif rayon == "epci":
            epci = Commune.objects.filter(structure=structure, ext_id=commune).values_list("epci", flat=True).first()
            same = Commune.objects.filter(structure=structure, epci=epci).values("ext_id") if epci else [commune]
            rows = rows.filter(commune__in=same)
        else:
            rows = rows.filter(commune=commune)
    if domaine:
        rows = rows.filter(rome__startswith=domaine)
    if depuis in ("7", "30"):
        rows = rows.filter(date_publication__gte=today - dt.timedelta(days=int(depuis)))
    page = Paginator(rows.order_by("-date_publication", "-pk"), settings.TRAJECTOIRES_BOURSE_OFFRES_PAR_PAGE)
    page_obj = page.get_page(f.get("page"))
    domaines = rome.domaines()
    query = {k: v for k, v in f.items() if k != "page" and v}
    response = _render(request, structure, "bourse/offres.html", {
        "page": page_obj,
        "offres": [_card(o, names, domaines) for o in page_obj],
        "total": page.count,
        # The selects' options, written here: a hundred communes through the template language
        # cost more than the rest of the page (docs/bourse.md, "Performances").
        "options": {
            "contrat": _options([("", "Tous"), *facets["contrats"]], contrat),
            "commune": _options([("", "Toutes"), *sorted(names.items(), key=lambda x: x[1])], commune),
            "rayon": _options(RAYONS, rayon),
            "domaine": _options([("", "Toutes"), *facets["domaines"]], domaine),
            "depuis": _options(DATES, depuis),
        },
        "query": urlencode(query),
    })
    if key is not None and response.status_code == 200:
        cache.set(key, response.content, services.PAGE_SECONDS)
    return response


def _options(choices: list[tuple[str, str]], selected: str) -> str:
    """`<option>`s, escaped by the standard library's `html.escape` (Django's `format_html`
    checks every argument for lazy strings: a third of the page's time for two hundred options)."""
    return mark_safe("".join(  # every value and label escaped here
        f'<option value="{escape(str(v))}"{" selected" if v == selected else ""}>{escape(str(label))}</option>'
        for v, label in choices
    ))


def _card(offre: Offre, names: dict[str, str], domaines: dict[str, str]) -> dict:
    return {
        "offre": offre, "commune": names.get(offre.commune or "", ""),
        "domaine": domaines.get((offre.rome or "")[:1].upper(), ""),
    }


def _visible_offre(structure: Structure, pk: int) -> Offre:
    offre = services.offres_visibles(structure.pk).select_related("employeur").filter(pk=pk).first()
    if offre is None:
        raise Http404("Cette offre n'existe pas ou n'est plus publiée.")
    return offre


@login_not_required
@require_http_methods(["GET"])
def offre(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    structure = _structure(code)
    compte = auth.current(request)
    key = services.page_key(structure.pk, timezone.localdate(), request.path) if compte is None else None
    body = cache.get(key) if key else None
    if body is not None:
        return HttpResponse(body)
    offre = _visible_offre(structure, pk)
    deja = (compte is not None and compte.type == J and compte.structure_id == structure.pk
            and Candidature.objects.filter(offre=offre, compte=compte).exists())
    response = _render(request, structure, "bourse/offre.html", {
        "offre": offre, "carte": _card(offre, commune_names({offre.commune or ""}, structure.pk), rome.domaines()),
        "deja": deja,
    })
    if key is not None:
        cache.set(key, response.content, services.PAGE_SECONDS)
    return response


# --- Accounts ---------------------------------------------------------------------------------
def _send_confirmation(request: HttpRequest, compte: Compte) -> None:
    token = signing.dumps(compte.pk, salt=SALT)
    link = request.build_absolute_uri(reverse("bourse:confirmer", args=[compte.structure.code, token]))
    hours = settings.TRAJECTOIRES_BOURSE_LIEN_HEURES
    send_mail(
        f"Confirmez votre adresse – bourse à l'emploi de {compte.structure.nom}",
        f"Bonjour {compte.prenom},\n\nPour activer votre compte sur la bourse à l'emploi de {compte.structure.nom}, "
        f"ouvrez ce lien (valable {hours} heures) :\n\n{link}\n\n"
        "Si vous n'avez pas créé de compte, ignorez ce message.\n",
        None, [compte.email],
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def inscription(request: HttpRequest, code: str, type_: str) -> HttpResponse:
    structure = _structure(code)
    form_class = InscriptionEmployeurForm if type_ == E else InscriptionJeuneForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        limit = int(settings.TRAJECTOIRES_BOURSE_INSCRIPTIONS_PAR_HEURE)
        if not hit(f"bourse-inscription:{client_ip(request)}", limit, 3600):
            return _render(request, structure, "bourse/trop.html", {}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                compte = services.create_compte(structure, type_, data, data["password"])
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("email" if "adresse électronique" in message else None, message)
                form.is_valid()
            else:
                _send_confirmation(request, compte)
                return redirect("bourse:inscription_envoyee", code)
    return _render(request, structure, "bourse/inscription.html", {"form": form, "type": type_})


@login_not_required
@require_http_methods(["GET"])
def inscription_envoyee(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _structure(code), "bourse/inscription_envoyee.html", {})


@login_not_required
@require_http_methods(["GET", "POST"])
def confirmer(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: GET shows a button (mail scanners that open links do
    not confirm), POST confirms."""
    structure = _structure(code)
    try:
        pk = signing.loads(token, salt=SALT, max_age=settings.TRAJECTOIRES_BOURSE_LIEN_HEURES * 3600)
    except signing.BadSignature:
        return _render(request, structure, "bourse/confirmer.html", {"invalide": True}, status=400)
    compte = get_object_or_404(Compte, pk=pk, structure=structure)
    if request.method == "POST":
        services.confirm_email(compte)
        return redirect(reverse("bourse:connexion", args=[code]) + "?confirme=1")
    return _render(request, structure, "bourse/confirmer.html", {"a_confirmer": not compte.confirme})


@login_not_required
@require_http_methods(["GET", "POST"])
def connexion(request: HttpRequest, code: str) -> HttpResponse:
    structure = _structure(code)
    form = ConnexionForm(request.POST or None)
    suite = request.POST.get("suite") or request.GET.get("suite") or ""
    if not url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()}) or not suite.startswith(
        f"/bourse/{code}/"
    ):
        suite = ""
    erreur = ""
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if auth.locked(request, structure.pk, email):
            minutes = auth.window() // 60
            return _render(request, structure, "bourse/verrouille.html", {"minutes": minutes}, status=429)
        compte = auth.authenticate(request, structure.pk, email, form.cleaned_data["password"])
        if compte is None:
            erreur = "Adresse électronique ou mot de passe incorrect. Vérifiez la saisie puis réessayez."
        elif not compte.confirme:
            erreur = ("Votre adresse électronique n'est pas encore confirmée : ouvrez le lien du message que nous "
                      "vous avons envoyé.")
        else:
            auth.login(request, compte)
            services.record_login(compte)
            return redirect(suite or reverse("bourse:espace", args=[code]))
    return _render(request, structure, "bourse/connexion.html", {
        "form": form, "erreur": erreur, "suite": suite, "confirme": request.GET.get("confirme") == "1",
    })


@login_not_required
@require_POST
def deconnexion(request: HttpRequest, code: str) -> HttpResponse:
    auth.logout(request)
    return redirect("bourse:offres", code)


# --- The account's own space ----------------------------------------------------------------------
@compte_requis(E, J)
@require_http_methods(["GET"])
def espace(request: HttpRequest, compte: Compte) -> HttpResponse:
    structure = compte.structure
    if compte.type == E:
        depots = (
            DepotOffre.objects.filter(compte=compte).select_related("offre")
            .annotate(candidatures=Count("offre__candidatures_bourse")).order_by("-depose_le")
        )
        return _render(request, structure, "bourse/espace_employeur.html", {"depots": depots})
    candidatures = Candidature.objects.filter(compte=compte).select_related(
        "offre__employeur", "mise_en_relation").order_by("-cree_le")
    return _render(request, structure, "bourse/espace_jeune.html", {"candidatures": candidatures})


def _communes_of(structure: Structure) -> list[tuple[str, str]]:
    return list(Commune.objects.filter(structure=structure).order_by("nom").values_list("ext_id", "nom"))


@compte_requis(E)
@require_http_methods(["GET", "POST"])
def offre_nouvelle(request: HttpRequest, compte: Compte) -> HttpResponse:
    structure = compte.structure
    if compte.statut != StatutCompte.RATTACHE:
        return _render(request, structure, "bourse/offre_nouvelle.html", {"pas_rattache": True}, status=403)
    form = OffreForm(request.POST or None, communes=_communes_of(structure))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_offre(compte, form.offre_data())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect(reverse("bourse:espace", args=[structure.code]) + "?depose=1")
    return _render(request, structure, "bourse/offre_nouvelle.html", {"form": form})


def _own_depot(compte: Compte, pk: int) -> DepotOffre:
    depot = DepotOffre.objects.select_related("offre").filter(offre_id=pk, compte__employeur_id=compte.employeur_id,
                                                                structure_id=compte.structure_id).first()
    if depot is None or compte.employeur_id is None:
        raise Http404("Cette offre n'est pas l'une des vôtres.")
    return depot


@compte_requis(E)
@require_http_methods(["GET"])
def candidatures(request: HttpRequest, compte: Compte, pk: int) -> HttpResponse:
    """The applications to one of the employer's offers: only what each young person shared."""
    depot = _own_depot(compte, pk)
    rows = list(Candidature.objects.filter(offre=depot.offre).select_related("compte").order_by("-cree_le"))
    for c in rows:
        services.mark_seen(c)
    return _render(request, compte.structure, "bourse/candidatures.html", {"depot": depot, "candidatures": rows})


@compte_requis(E, J)
@require_http_methods(["GET"])
def cv(request: HttpRequest, compte: Compte, pk: int) -> HttpResponse:
    """A CV: for the young person who sent it, and the employer of the offer it was sent to."""
    candidature = Candidature.objects.select_related("offre").filter(pk=pk, structure_id=compte.structure_id).first()
    if candidature is None:
        raise Http404
    if compte.type == J and candidature.compte_id != compte.pk:
        raise Http404
    if compte.type == E:
        _own_depot(compte, candidature.offre_id)
    return cv_response(candidature)


def cv_response(candidature: Candidature) -> HttpResponse:
    """The CV as a download (a few megabytes at most: read at once), never kept by a cache."""
    try:
        data = cv_files.path_of(candidature.cv).read_bytes()
    except FileNotFoundError:
        raise Http404("Ce CV n'est plus disponible.") from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cv.pdf"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@compte_requis(J)
@require_http_methods(["GET", "POST"])
def postuler(request: HttpRequest, compte: Compte, pk: int) -> HttpResponse:
    structure = compte.structure
    offre = _visible_offre(structure, pk)
    max_label = f"{float(settings.TRAJECTOIRES_BOURSE_CV_MAX_MO):g}".replace(".", ",") + " Mo"
    form = CandidatureForm(request.POST or None, request.FILES or None, max_label=max_label,
                           initial={"telephone": compte.telephone})
    if Candidature.objects.filter(offre=offre, compte=compte).exists():
        return redirect(reverse("bourse:espace", args=[structure.code]))
    if request.method == "POST" and form.is_valid():
        try:
            data = cv_files.check_cv(form.cleaned_data["cv"])
        except ValidationError as exc:
            form.add_error("cv", exc.messages)
            form.is_valid()
        else:
            try:
                services.apply(compte, offre, form.cleaned_data, data, form.cleaned_data["cv"].name)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect(reverse("bourse:espace", args=[structure.code]) + "?postule=1")
    return _render(request, structure, "bourse/postuler.html", {"offre": offre, "form": form})
