"""What the REST API answers, as plain functions of (user, parameters). Every access decision is
asked of `accounts/perms.py`: out of scope -> 404, missing capability -> 403, profile fields
per role, sensitive programmes and RQTH only for users allowed to see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from trajectoires.accounts.models import User
from trajectoires.accounts.perms import (
    Cap,
    can_see_sensitive,
    get_jeune_for_user,
    is_sensitive_dispositif,
    jeunes_visible_to,
    profile_fields,
    require,
    require_report_filter,
)
from trajectoires.jeunes.models import Jeune


# Bounded pagination: at most MAX_LIMIT rows per page, offsets up to MAX_OFFSET.
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 100_000
# Fields of a young person in a list (never sensitive items), among those the role reads.
LIST_FIELDS = ("ext_id", "nom", "prenom", "sexe", "date_naissance", "conseiller", "site")


class TooManyRequests(Exception):
    """A rate limit of the API is reached: 429, with the seconds to wait."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def check_list_rate(user: User) -> None:
    """The per-user limit on list endpoints (TRAJECTOIRES_API_LISTES_PAR_MINUTE): a script that
    pages through the whole Mission Locale is stopped, and each of its pages is in the journal."""
    from django.conf import settings

    from trajectoires.accounts.client import hit, retry_after

    limit = int(settings.TRAJECTOIRES_API_LISTES_PAR_MINUTE)
    if not hit(f"api-listes:{user.pk}", limit, 60):
        wait = retry_after(60)
        raise TooManyRequests(
            f"Trop de demandes de listes : au plus {limit} par minute. Réessayez dans {wait} secondes.", wait
        )


def _check_rows_budget(user: User, rows: int) -> None:
    """The per-user budget of young people listed per hour (TRAJECTOIRES_API_JEUNES_LISTES_PAR_HEURE)."""
    from django.conf import settings

    from trajectoires.accounts.client import hit, retry_after

    limit = int(settings.TRAJECTOIRES_API_JEUNES_LISTES_PAR_HEURE)
    if rows and not hit(f"api-jeunes-listes:{user.pk}", limit, 3600, cost=rows):
        wait = retry_after(3600)
        raise TooManyRequests(
            f"Vous avez lu plus de {limit} jeunes en listes dans l'heure par l'API. Réessayez dans {wait // 60 + 1} "
            "minutes, ou demandez un export à la direction.", wait
        )


class InvalidInput(ValueError):
    """A parameter the schema could not reject by itself; the message is French."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Page:
    total: int
    limit: int
    offset: int
    resultats: list[dict[str, Any]]


def _value(jeune: Jeune, name: str) -> Any:
    value = getattr(jeune, name)
    if isinstance(value, Model):
        return str(value)
    return value


def jeune_fields(jeune: Jeune, fields: tuple[str, ...]) -> dict[str, Any]:
    return {"id": jeune.pk} | {name: _value(jeune, name) for name in fields}


def _record(user: User, jeunes: Jeune | list[Jeune], what: str, request: Any, sensitive: bool | None = None) -> None:
    from trajectoires.rgpd.audit import record_read

    record_read(user, jeunes, request=request, what=what, sensitive=sensitive)


def list_jeunes(user: User, q: str, limit: int, offset: int, request: Any = None) -> Page:
    """The young people in the user's scope, by name (or the search results for `q`). Limited per
    user (requests per minute, young people per hour) and journaled: one entry per page read,
    with the identifiers it returned."""
    require(user, Cap.SEARCH)
    check_list_rate(user)
    from trajectoires.accounts.perms import PROFILE_FIELDS, rule_for

    fields = tuple(f for f in PROFILE_FIELDS[rule_for(user).fields] if f in LIST_FIELDS)
    q = q.strip()
    if q:
        from trajectoires.workspace.search import search_jeunes

        result = search_jeunes(user, q, limit=offset + limit)
        if result.errors:
            raise InvalidInput("q", " ".join(result.errors))
        rows = result.jeunes[: offset + limit]
        total = len(result.jeunes)
        page = rows[offset : offset + limit]
    else:
        scoped: QuerySet[Jeune] = jeunes_visible_to(user).select_related("conseiller", "site")
        total = scoped.count()
        page = list(scoped.order_by("nom", "prenom", "pk")[offset : offset + limit])
    _check_rows_budget(user, len(page))
    from trajectoires.rgpd.audit import record_list_read

    record_list_read(
        user, [j.pk for j in page], request=request, what="API : liste de jeunes" + (" (recherche)" if q else "")
    )
    return Page(total, limit, offset, [jeune_fields(j, fields) for j in page])


def jeune_detail(user: User, pk: int, request: Any = None) -> dict[str, Any]:
    jeune = get_jeune_for_user(user, pk)
    _record(user, jeune, "API : dossier du jeune", request)
    return jeune_fields(jeune, profile_fields(user, jeune)) | {"sensible_visible": can_see_sensitive(user, jeune)}


def _page(rows: QuerySet, limit: int, offset: int) -> tuple[int, list]:  # type: ignore[type-arg]
    return rows.count(), list(rows[offset : offset + limit])


def contacts(user: User, pk: int, limit: int, offset: int, request: Any = None) -> Page:
    check_list_rate(user)
    jeune = get_jeune_for_user(user, pk, cap=Cap.TIMELINE)
    total, rows = _page(jeune.evenements.select_related("conseiller", "site").order_by("-date", "-pk"), limit, offset)
    _record(user, jeune, "API : contacts du jeune", request, sensitive=False)
    return Page(
        total,
        limit,
        offset,
        [
            {
                "id": e.pk,
                "date": e.date,
                "nature": e.nature,
                "nature_libelle": e.get_nature_display(),
                "honore": e.honore,
                "conseiller": str(e.conseiller) if e.conseiller else None,
                "site": str(e.site) if e.site else None,
                "themes": [t for t in e.themes.split("|") if t],
            }
            for e in rows
        ],
    )


def dispositifs(user: User, pk: int, limit: int, offset: int, request: Any = None) -> Page:
    check_list_rate(user)
    from trajectoires.dispositifs.enums import CATALOGUE
    from trajectoires.dispositifs.models import Dispositif

    jeune = get_jeune_for_user(user, pk, cap=Cap.TIMELINE)
    sensitive_ok = can_see_sensitive(user, jeune)
    rows = jeune.inscriptions.order_by("-date_entree", "-pk")
    if not sensitive_ok:
        from trajectoires.accounts.perms import SENSITIVE_DISPOSITIFS

        rows = rows.exclude(dispositif__in=SENSITIVE_DISPOSITIFS)
    total, page = _page(rows, limit, offset)
    local = dict(Dispositif.objects.filter(structure_id=jeune.structure_id).values_list("ext_id", "nom"))
    shown_sensitive = any(is_sensitive_dispositif(i.dispositif) for i in page)
    _record(user, jeune, "API : dispositifs du jeune", request, sensitive=shown_sensitive)
    return Page(
        total,
        limit,
        offset,
        [
            {
                "id": i.pk,
                "dispositif": i.dispositif,
                "libelle": CATALOGUE[i.dispositif][0]
                if i.dispositif in CATALOGUE
                else local.get(i.dispositif, i.dispositif),
                "sensible": is_sensitive_dispositif(i.dispositif),
                "date_entree": i.date_entree,
                "date_sortie": i.date_sortie,
                "motif_sortie": i.motif_sortie,
            }
            for i in page
        ],
    )


def situations(user: User, pk: int, limit: int, offset: int, request: Any = None) -> Page:
    check_list_rate(user)
    jeune = get_jeune_for_user(user, pk, cap=Cap.TIMELINE)
    total, rows = _page(jeune.situations.select_related("employeur").order_by("-date_debut", "-pk"), limit, offset)
    _record(user, jeune, "API : situations du jeune", request, sensitive=False)
    return Page(
        total,
        limit,
        offset,
        [
            {
                "id": s.pk,
                "categorie": s.categorie,
                "type": s.type,
                "libelle": s.get_type_display(),
                "date_debut": s.date_debut,
                "date_fin": s.date_fin,
                "employeur": str(s.employeur) if s.employeur else None,
            }
            for s in rows
        ],
    )


def parse_day(field: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"« {text} » n'est pas une date valide (format AAAA-MM-JJ).") from None


def report(user: User, debut: str, fin: str, filtre: str) -> dict[str, Any]:
    """The report JSON (indicators.md) of the user's Mission Locale, for a period and one filter
    (`cle:valeur`, as on the report page): exact for the direction, under statistical secrecy
    for the other roles (`rapports/secret.py`: small cells about a justice or health programme,
    or of a report restricted to one counsellor, are the string "< 5"). A filter on a justice
    or health programme is refused (403) to roles that do not see sensitive items."""
    from trajectoires.rapports.engine import build_report
    from trajectoires.rapports.filters import FiltreInvalide, resolve_filtre
    from trajectoires.rapports.periods import Period, PeriodeInvalide
    from trajectoires.rapports.secret import report_data_for

    require(user, Cap.REPORT)
    require_report_filter(user, filtre)
    try:
        periode = Period.checked(parse_day("debut", debut), parse_day("fin", fin))
    except PeriodeInvalide as error:
        raise InvalidInput(error.champ, error.message) from None
    resolved = None
    if filtre.strip():
        key, sep, value = filtre.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInput("filtre", "Le filtre s'écrit cle:valeur, par exemple site:S01 ou dispositif:cej.")
        try:
            resolved = resolve_filtre(user.structure, key, value.strip())
        except FiltreInvalide as error:
            raise InvalidInput("filtre", str(error)) from None
    return dict(report_data_for(user, build_report(user.structure, periode, resolved).data))
