"""Rows of the role × view × object access matrix (tests/workspace/test_access_matrix.py) for
the report's URLs (edition app) and the home page (www app, not namespaced: `home`).

These views are on the Mission Locale, not on a young person: one code per role. Objects they
need (an edition, a free page) are created in the users' Mission Locale. Rules: the report is
read by every staff role but the mentor, and so are the published editions and the free pages;
its lists of young people by the direction and the counsellors (REPORT_JEUNES); editions and
free pages are generated, written and deleted by the direction and the administrator (EDITIONS)."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse

from trajectoires.accounts.enums import Role
from trajectoires.edition import urls as edition_urls
from trajectoires.edition.models import Edition, PageLibre
from trajectoires.www import urls as www_urls


URLCONFS = (edition_urls, www_urls)

D, C, AC, RE, RP, P, AD = (
    Role.DIRECTION, Role.CONSEILLER, Role.ACCUEIL, Role.RELATIONS_ENTREPRISES, Role.REPERAGE, Role.PARRAIN,
    Role.ADMINISTRATEUR,
)

_REPORT = {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "F", AD: "A"}
_REPORT_JEUNES = {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"}
_EDITIONS_WRITE_GET = {D: "A", C: "F", AC: "F", RE: "F", RP: "F", P: "F", AD: "A"}
_EDITIONS_POST = {D: "R", C: "F", AC: "F", RE: "F", RP: "F", P: "F", AD: "R"}

MATRIX: dict[tuple[str, str], dict[Role, str]] = {
    ("home", "GET"): {D: "A", C: "A", AC: "A", RE: "A", RP: "A", P: "A", AD: "A"},
    ("edition:report", "GET"): _REPORT,
    ("edition:report_download", "GET"): _REPORT,
    ("edition:jeunes", "GET"): _REPORT_JEUNES,
    ("edition:jeunes_csv", "GET"): _REPORT_JEUNES,
    ("edition:editions", "GET"): _REPORT,
    ("edition:edition_generate", "POST"): _EDITIONS_POST,
    ("edition:edition_detail", "GET"): _REPORT,
    ("edition:edition_progress", "GET"): _REPORT,
    ("edition:edition_download", "GET"): _REPORT,
    ("edition:pages", "GET"): _REPORT,
    ("edition:page_create", "GET"): _EDITIONS_WRITE_GET,
    ("edition:page_create", "POST"): _EDITIONS_POST,
    ("edition:page_edit", "GET"): _EDITIONS_WRITE_GET,
    ("edition:page_edit", "POST"): _EDITIONS_POST,
    ("edition:page_delete", "POST"): _EDITIONS_POST,
}

# The same views asked for the report restricted to a justice programme (security issue 18,
# finding 4): only the roles that see sensitive items (direction, counsellors) may use that
# filter; every other role gets 403 on the page, its downloads, its lists, the editions page
# prefilled with it, edition generation and the editions made with it (accounts/perms.py,
# `require_report_filter`). Played by tests/workspace/test_access_matrix.py; every view of the
# report that reads a filter has its row here (the others are in NO_FILTER).
SENSITIVE_FILTER = "dispositif:jsmj_mf"
_SENSITIVE_READ = {D: "A", C: "A", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"}
MATRIX_FILTRE_SENSIBLE: dict[tuple[str, str], dict[Role, str]] = {
    ("edition:report", "GET"): _SENSITIVE_READ,
    ("edition:report_download", "GET"): _SENSITIVE_READ,
    ("edition:jeunes", "GET"): _SENSITIVE_READ,
    ("edition:jeunes_csv", "GET"): _SENSITIVE_READ,
    ("edition:editions", "GET"): _SENSITIVE_READ,
    ("edition:edition_generate", "POST"): {D: "R", C: "F", AC: "F", RE: "F", RP: "F", P: "F", AD: "F"},
    ("edition:edition_detail", "GET"): _SENSITIVE_READ,
    ("edition:edition_progress", "GET"): _SENSITIVE_READ,
    ("edition:edition_download", "GET"): _SENSITIVE_READ,
}
# Views of the report that read no filter (free pages, the home page).
NO_FILTER = {"home", "edition:pages", "edition:page_create", "edition:page_edit", "edition:page_delete"}

_PERIOD = "debut=2025-01-01&fin=2025-12-31"


def _edition(world) -> Edition:  # type: ignore[no-untyped-def]
    from trajectoires.edition.services import start_edition
    from trajectoires.rapports.periods import Period

    with override_settings(TRAJECTOIRES_EDITION_BACKGROUND=False):
        return start_edition(world.structure, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), None,
                             world.user(Role.DIRECTION), "Matrice")


def _sensitive_world(world) -> None:  # type: ignore[no-untyped-def]
    """A justice enrolment, so that the programme is among the report's filter choices."""
    from tests.factories import InscriptionFactory

    InscriptionFactory(jeune=world.jeunes["autre"], dispositif="jsmj_mf", date_entree=dt.date(2025, 2, 3))


def _sensitive_edition(world) -> Edition:  # type: ignore[no-untyped-def]
    from trajectoires.edition.services import start_edition
    from trajectoires.rapports.periods import Period

    with override_settings(TRAJECTOIRES_EDITION_BACKGROUND=False):
        return start_edition(world.structure, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                             ("dispositif", "jsmj_mf"), world.user(Role.DIRECTION), "Justice")


def sensitive_url_for(world, name: str) -> str:  # type: ignore[no-untyped-def]
    """The URL of a view of MATRIX_FILTRE_SENSIBLE, restricted to the justice programme."""
    _sensitive_world(world)
    query = f"{_PERIOD}&filtre={SENSITIVE_FILTER}"
    if name == "edition:report_download":
        return f"{reverse(name, args=['xlsx'])}?{query}"
    if name in ("edition:jeunes", "edition:jeunes_csv"):
        return f"{reverse(name)}?{query}&cle=jeunes_en_contact"
    if name in ("edition:edition_detail", "edition:edition_progress"):
        return reverse(name, args=[_sensitive_edition(world).pk])
    if name == "edition:edition_download":
        return reverse(name, args=[_sensitive_edition(world).pk, "xlsx"])
    if name == "edition:edition_generate":
        return reverse(name)
    return f"{reverse(name)}?{query}"


SENSITIVE_POST_DATA = {
    "edition:edition_generate": {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": SENSITIVE_FILTER,
                                 "titre": "Justice"},
}


def _page(world) -> PageLibre:  # type: ignore[no-untyped-def]
    return PageLibre.objects.create(structure=world.structure, title="Éditorial", text="Texte.")


def url_for(world, name: str, obj: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """The URL of one of these views, with what it needs (None for other views)."""
    if name == "edition:report_download":
        return f"{reverse(name, args=['xlsx'])}?{_PERIOD}"
    if name in ("edition:jeunes", "edition:jeunes_csv"):
        return f"{reverse(name)}?{_PERIOD}&cle=jeunes_en_contact"
    if name in ("edition:edition_detail", "edition:edition_progress"):
        return reverse(name, args=[_edition(world).pk])
    if name == "edition:edition_download":
        return reverse(name, args=[_edition(world).pk, "xlsx"])
    if name in ("edition:page_edit", "edition:page_delete"):
        return reverse(name, args=[_page(world).pk])
    return None


POST_DATA = {
    "edition:edition_generate": lambda world, jeune: {"debut": "2025-01-01", "fin": "2025-12-31", "filtre": "",
                                                      "titre": "Matrice"},
    "edition:page_create": lambda world, jeune: {"kind": "editorial", "title": "Éditorial", "text": "Texte.",
                                                 "order": "1"},
    "edition:page_edit": lambda world, jeune: {"kind": "editorial", "title": "Éditorial", "text": "Texte modifié.",
                                               "order": "1"},
    "edition:page_delete": lambda world, jeune: {},
}
