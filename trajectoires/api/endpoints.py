"""The REST API (django-ninja, OpenAPI 3 at /api/openapi.json): read-only views of the young
person's file, its contacts, programmes and situations, and the report JSON. Thin endpoints:
the answers are built in `service.py`, every access decision comes from `accounts/perms.py`.

Authentication: a personal token (`Authorization: Bearer trj_…`, `trajectoires jeton_api`) or
the browser session (with its second factor when it is required)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from trajectoires.accounts.perms import can_read_api_docs
from trajectoires.accounts.security import second_factor_missing
from trajectoires.api import service
from trajectoires.api.models import ApiToken


# --- Authentication ----------------------------------------------------------------------------
class JetonAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a personal API token (only its digest is stored)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionVerifiee(SessionAuth):
    """The browser session, once the second factor is done when it is required."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active and not second_factor_missing(user):
            return user
        return None


def _token_user(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return ApiToken.authenticate(token.strip()) if scheme.lower() == "bearer" else None


def docs_guard(view):  # type: ignore[no-untyped-def]
    """The documentation page and the schema: staff only (session with its second factor, or token)."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user if request.user.is_authenticated and not second_factor_missing(request.user) else None
        user = user or _token_user(request)
        if user is None:
            return redirect_to_login(request.get_full_path())
        if not can_read_api_docs(user):
            return HttpResponseForbidden("La documentation de l'API est réservée à l'équipe de la Mission Locale.")
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="API Trajectoires",
    version="1",
    description=(
        "Lecture des dossiers des jeunes, de leurs contacts, dispositifs et situations, et du rapport d'activité. "
        "Mêmes droits que l'application : hors de votre périmètre, un dossier n'existe pas (404)."
    ),
    auth=[JetonAuth(), SessionVerifiee()],
    urls_namespace="api",
    docs_decorator=docs_guard,
)


# --- Schemas -----------------------------------------------------------------------------------
class Erreur(Schema):
    detail: str


class ErreurChamp(Schema):
    champ: str
    message: str


class ErreurValidation(Schema):
    detail: str
    erreurs: list[ErreurChamp]


class JeuneOut(Schema):
    """A young person's file: only the fields the user's role reads are present."""

    id: int
    ext_id: str | None = None
    nom: str | None = None
    prenom: str | None = None
    sexe: str | None = None
    date_naissance: dt.date | None = None
    conseiller: str | None = None
    site: str | None = None
    commune: str | None = None
    telephone: str | None = Field(None, description="Format E.164, par exemple +33612345678 ; vide si inconnu.")
    consentement_sms: bool | None = None
    consentement_sms_date: dt.date | None = None
    email: str | None = None
    consentement_email: bool | None = None
    consentement_email_date: dt.date | None = None
    adresse: str | None = None
    complement_adresse: str | None = None
    code_postal: str | None = None
    representant_legal_nom: str | None = None
    representant_legal_telephone: str | None = None
    qpv: str | None = None
    niveau: str | None = None
    diplome: bool | None = None
    hebergement: str | None = None
    permis_b: bool | None = None
    vehicule: str | None = None
    enfants: int | None = None
    nationalite: str | None = None
    origine: str | None = None
    rqth: bool | None = Field(None, description="Sensible : seulement pour la direction et le conseiller référent.")
    sensible_visible: bool | None = Field(None, description="L'utilisateur voit les éléments sensibles du dossier.")


class PageJeunes(Schema):
    total: int
    limit: int
    offset: int
    resultats: list[JeuneOut]


class ContactOut(Schema):
    id: int
    date: dt.date
    nature: str
    nature_libelle: str
    honore: bool | None
    conseiller: str | None
    site: str | None
    themes: list[str]


class PageContacts(Schema):
    total: int
    limit: int
    offset: int
    resultats: list[ContactOut]


class InscriptionOut(Schema):
    id: int
    dispositif: str
    libelle: str
    sensible: bool
    date_entree: dt.date
    date_sortie: dt.date | None
    motif_sortie: str | None


class PageInscriptions(Schema):
    total: int
    limit: int
    offset: int
    resultats: list[InscriptionOut]


class SituationOut(Schema):
    id: int
    categorie: str
    type: str
    libelle: str
    date_debut: dt.date
    date_fin: dt.date | None
    employeur: str | None


class PageSituations(Schema):
    total: int
    limit: int
    offset: int
    resultats: list[SituationOut]


ERRORS = {401: Erreur, 403: Erreur, 404: Erreur, 422: ErreurValidation, 429: Erreur}
ERRORS_LIST = {401: Erreur, 403: Erreur, 422: ErreurValidation, 429: Erreur}
JEUNE_ID = Path(..., ge=1, le=2**63 - 1, description="Identifiant du dossier")
LIMIT = Query(service.DEFAULT_LIMIT, ge=1, le=service.MAX_LIMIT, description=f"Au plus {service.MAX_LIMIT}")
OFFSET = Query(0, ge=0, le=service.MAX_OFFSET)
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


# --- Errors, in French -------------------------------------------------------------------------
@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Authentification requise : jeton d'API (Authorization: Bearer …) ou session."}, status=401
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Aucun élément ne correspond."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Accès refusé."}, status=403)


_PYDANTIC_FR = {
    "int_parsing": "nombre entier attendu",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
    "string_pattern_mismatch": "format invalide",
    "string_too_long": "texte trop long",
    "missing": "paramètre obligatoire",
}


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    erreurs = [
        {
            "champ": str(e.get("loc", ["?"])[-1]),
            "message": _PYDANTIC_FR.get(e.get("type", ""), "valeur invalide") + (
                f" (limite : {e['ctx'].get('ge', e['ctx'].get('le', e['ctx'].get('max_length', '')))})"
                if e.get("ctx") and any(k in e["ctx"] for k in ("ge", "le", "max_length")) else ""
            ),
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": "Paramètres invalides.", "erreurs": erreurs}, status=422)


@api.exception_handler(service.TooManyRequests)
def _too_many(request: HttpRequest, exc: service.TooManyRequests) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(service.InvalidInput)
def _invalid_input(request: HttpRequest, exc: service.InvalidInput) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Paramètres invalides.", "erreurs": [{"champ": exc.field, "message": exc.message}]},
        status=422,
    )


# --- Endpoints ---------------------------------------------------------------------------------
@api.get("/jeunes", response={200: PageJeunes, **ERRORS_LIST}, exclude_unset=True, url_name="jeunes", tags=["Jeunes"])
def jeunes(
    request: HttpRequest,
    q: str = Query(
        "", max_length=200, pattern=NO_CONTROL, description="Nom, prénom, date de naissance ou identifiant"
    ),
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Any:
    """Les jeunes de votre périmètre (par nom), ou ceux que la recherche `q` trouve."""
    return service.list_jeunes(request.user, q, limit, offset, request)


@api.get(
    "/jeunes/{jeune_id}", response={200: JeuneOut, **ERRORS}, exclude_unset=True, url_name="jeune", tags=["Jeunes"]
)
def jeune(request: HttpRequest, jeune_id: int = JEUNE_ID) -> Any:
    """Le dossier : les champs que votre rôle lit (la RQTH seulement si vous voyez les éléments sensibles)."""
    return service.jeune_detail(request.user, jeune_id, request)


@api.get("/jeunes/{jeune_id}/contacts", response={200: PageContacts, **ERRORS}, url_name="contacts", tags=["Jeunes"])
def jeune_contacts(request: HttpRequest, jeune_id: int = JEUNE_ID, limit: int = LIMIT, offset: int = OFFSET) -> Any:
    """Les contacts du dossier, du plus récent au plus ancien."""
    return service.contacts(request.user, jeune_id, limit, offset, request)


@api.get(
    "/jeunes/{jeune_id}/dispositifs",
    response={200: PageInscriptions, **ERRORS},
    url_name="dispositifs",
    tags=["Jeunes"],
)
def jeune_dispositifs(request: HttpRequest, jeune_id: int = JEUNE_ID, limit: int = LIMIT, offset: int = OFFSET) -> Any:
    """Les entrées et sorties de dispositifs (les dispositifs sensibles seulement si vous pouvez les voir)."""
    return service.dispositifs(request.user, jeune_id, limit, offset, request)


@api.get(
    "/jeunes/{jeune_id}/situations", response={200: PageSituations, **ERRORS}, url_name="situations", tags=["Jeunes"]
)
def jeune_situations(request: HttpRequest, jeune_id: int = JEUNE_ID, limit: int = LIMIT, offset: int = OFFSET) -> Any:
    """Les situations (emploi, formation…) du dossier."""
    return service.situations(request.user, jeune_id, limit, offset, request)


@api.get("/rapport", response={200: dict[str, Any], **ERRORS_LIST}, url_name="rapport", tags=["Rapport"])
def rapport(
    request: HttpRequest,
    debut: str = Query(..., pattern=ISO_DATE, description="Premier jour (AAAA-MM-JJ)"),
    fin: str = Query(..., pattern=ISO_DATE, description="Dernier jour (AAAA-MM-JJ)"),
    filtre: str = Query("", max_length=200, pattern=NO_CONTROL, description="cle:valeur, par ex. site:S01"),
) -> Any:
    """Le rapport d'activité (JSON de indicators.md) de votre Mission Locale sur la période.

    Période : dates entre le 01/01/1900 et le 31/12/2100, de toute longueur (sinon 422).

    Secret statistique : pour tous les rôles sauf la direction, une cellule comptant de 1 au seuil moins un
    (`TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL`, 5 par défaut : de 1 à 4) est remplacée par la chaîne `"< 5"`
    lorsqu'elle porte sur un dispositif de justice ou de santé (`jsmj_mf`, `jsmj_mo`, `psychologue`,
    `sante` : lignes `dispositifs.<code>`, `suivi_dispositifs.<code>`), ou dans un rapport restreint à un
    conseiller (`conseiller:…`, toutes les cellules) ; les parts, taux, moyennes, montants et évolutions
    calculés sur une cellule masquée le sont aussi. Zéro reste 0. La réponse porte alors la clé
    `secret_statistique` (`{"seuil": 5, "marque": "< 5"}`) : toute valeur texte à la place d'un nombre
    est masquée.

    Filtre sur un dispositif de justice ou de santé (`dispositif:jsmj_mf`…) : réservé à la direction
    et aux conseillers (403 pour les autres rôles)."""
    return service.report(request.user, debut, fin, filtre)


def urlpatterns() -> list:  # type: ignore[type-arg]
    """The API's URL patterns, exempt from LoginRequiredMiddleware (the API answers 401 itself)."""
    from django.contrib.auth.decorators import login_not_required

    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns
