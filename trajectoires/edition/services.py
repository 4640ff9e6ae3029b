"""Glue between the indicator engine (trajectoires.rapports) and the renderers: the frozen
context of a report, editions generated in the background, and the drill-down lists."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from trajectoires.accounts.perms import is_sensitive_dispositif
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.dispositifs.models import Dispositif, Inscription
from trajectoires.edition.datadate import data_as_of
from trajectoires.edition.document import ReportContext
from trajectoires.edition.models import Edition, EditionStatus, PageLibre
from trajectoires.edition.render import render_html, render_pdf, render_xlsx
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.engine import Report, build_report, definitions, jeunes_queryset
from trajectoires.rapports.periods import Period
from trajectoires.rapports.secret import mask_report
from trajectoires.structures.models import Commune, Site, Structure


logger = logging.getLogger(__name__)

FILTER_LABELS = {
    "site": "site",
    "secteur": "secteur",
    "epci": "EPCI",
    "conseiller": "conseiller",
    "dispositif": "dispositif",
}


# --- Context ---------------------------------------------------------------------------------
def dispositif_labels(structure: Structure) -> dict[str, str]:
    labels = {code: name for code, (name, *_rest) in CATALOGUE.items()}
    labels.update(dict(Dispositif.objects.filter(structure=structure).values_list("ext_id", "nom")))
    return labels


def filter_choices(structure: Structure, *, sensitive: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
    """The values each filter may take in this structure, as (group, [(key:value, label)]);
    without `sensitive`, no justice or health programme (roles that may not filter on them,
    `accounts.perms.can_filter_report`)."""
    from trajectoires.accounts.models import Conseiller

    sites = [
        (f"site:{ext_id}", nom)
        for ext_id, nom in Site.objects.filter(structure=structure).values_list("ext_id", "nom")
    ]
    communes = Commune.objects.filter(structure=structure)
    secteurs = sorted({s for s in communes.values_list("secteur", flat=True) if s})
    epcis = sorted({e for e in communes.values_list("epci", flat=True) if e})
    conseillers = [(f"conseiller:{c.ext_id}", str(c)) for c in Conseiller.objects.filter(structure=structure)]
    labels = dispositif_labels(structure)
    used = set(Inscription.objects.filter(structure=structure).values_list("dispositif", flat=True).distinct())
    offered = [code for code in used if sensitive or not is_sensitive_dispositif(code)]
    dispositifs = sorted(((f"dispositif:{code}", labels.get(code, code)) for code in offered), key=lambda x: x[1])
    groups = [
        ("Sites", sites),
        ("Secteurs", [(f"secteur:{s}", s) for s in secteurs]),
        ("EPCI", [(f"epci:{e}", e) for e in epcis]),
        ("Conseillers", conseillers),
        ("Dispositifs", dispositifs),
    ]
    return [(group, items) for group, items in groups if items]


def filter_label(structure: Structure, filtre: tuple[str, str] | None) -> str:
    if not filtre:
        return ""
    key, value = filtre
    for _group, items in filter_choices(structure):
        for code, label in items:
            if code == f"{key}:{value}":
                return f"{FILTER_LABELS.get(key, key)} « {label} »"
    return f"{FILTER_LABELS.get(key, key)} « {value} »"


def data_date_text(when: dt.datetime | dt.date) -> str:
    """The data date as frozen in a report context: ISO, in local time to the minute."""
    if isinstance(when, dt.datetime):
        return timezone.localtime(when).replace(second=0, microsecond=0).isoformat()
    return when.isoformat()


def report_context(
    structure: Structure,
    filtre: tuple[str, str] | None = None,
    data_date: dt.datetime | dt.date | None = None,
) -> ReportContext:
    """Everything the report shows besides the engine's figures, read now (and frozen with an
    edition): data date (default: when the structure's data last changed), territory, sites,
    programme names, free pages, definitions."""
    territoire: dict[str, list[str]] = {}
    for epci, nom in Commune.objects.filter(structure=structure).order_by("epci", "nom").values_list("epci", "nom"):
        territoire.setdefault(epci or "EPCI non renseigné", []).append(nom)
    sites = [
        {"id": s.ext_id, "pk": str(s.pk), "nom": s.nom, "type": s.type, "type_label": str(s.get_type_display())}
        for s in Site.objects.filter(structure=structure).order_by("type", "nom")
    ]
    return ReportContext(
        structure_name=structure.nom,
        data_date=data_date_text(data_date or data_as_of(structure)),
        definitions=definitions(),
        filter_label=filter_label(structure, filtre),
        territoire=[{"epci": epci, "communes": communes} for epci, communes in territoire.items()],
        sites=sites,
        dispositifs=dispositif_labels(structure),
        pages=[p.as_json() for p in PageLibre.objects.filter(structure=structure)],
    )


# --- Rendering a live report ------------------------------------------------------------------
RENDERERS: dict[str, Callable[..., Any]] = {"html": render_html, "pdf": render_pdf, "xlsx": render_xlsx}


def render_report(
    report: Report, fmt: str, *, data_date: dt.datetime | dt.date | None = None, masked: bool = False
) -> str | bytes:
    """Render an engine `Report` as html (str), pdf or xlsx (bytes): the hook of the
    `trajectoires report --format html|pdf|xlsx` command (exact figures), and of the live
    report's downloads (`masked` for every role but the direction: rapports/secret.py)."""
    filtre = (report.filtre.key, report.filtre.value) if report.filtre else None
    ctx = report_context(report.structure, filtre, data_date)
    data = mask_report(report.data) if masked else report.data
    return RENDERERS[fmt](data, ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)


def frozen_data(edition: Edition) -> dict[str, Any]:
    """The figures of a frozen edition as they are published: under statistical secrecy for
    everyone (rapports/secret.py). The edition stores the exact figures; they are masked each
    time it is shown or downloaded, with the threshold of the day."""
    return mask_report(edition.rapport or {})


def render_frozen(edition: Edition, fmt: str) -> str | bytes:
    ctx = ReportContext.from_json(edition.contexte or {})
    return RENDERERS[fmt](frozen_data(edition), ctx.definitions, ctx.structure_name, ctx.data_date, context=ctx)


# --- Editions --------------------------------------------------------------------------------
def _set(edition_id: int, **fields: Any) -> None:
    Edition.objects.filter(pk=edition_id).update(**fields)


def generate_edition(edition_id: int) -> None:
    """Compute and freeze one edition, updating its progress as it goes. Never raises: a
    failure is recorded on the edition (status `failed`, French message)."""
    edition = Edition.objects.select_related("structure").get(pk=edition_id)
    if edition.status not in (EditionStatus.PENDING, EditionStatus.RUNNING):
        return  # an edition is generated once; its figures never change afterwards
    structure = edition.structure
    try:
        periode = Period.checked(edition.debut, edition.fin)  # an edition left pending before the bounds
        _set(edition_id, status=EditionStatus.RUNNING, progress=5, step="Calcul des indicateurs")
        # The figures must be those of the data at `data_date`: if the data change while the
        # report is computed, compute it again (at most a few times).
        data_date = data_as_of(structure)
        for _attempt in range(3):
            report = build_report(structure, periode, edition.filtre)
            after = data_as_of(structure)
            if after == data_date:
                break
            data_date = after
            _set(edition_id, progress=40, step="Données modifiées pendant le calcul : nouveau calcul")
        _set(edition_id, progress=92, step="Mise en forme")
        ctx = report_context(structure, edition.filtre, data_date).as_json()
        ctx["drillable"] = sorted(report.jeunes)
        with transaction.atomic():
            updated = Edition.objects.filter(pk=edition_id, status=EditionStatus.RUNNING).update(
                rapport=report.data,
                contexte=ctx,
                data_date=data_date,
                generated_at=timezone.now(),
                status=EditionStatus.DONE,
                progress=100,
                step="Terminé",
            )
        if not updated:
            logger.warning("edition %s changed state during generation", edition_id)
    except Exception as exc:  # noqa: BLE001 - recorded for the user, logged for the admin
        logger.exception("edition %s failed", edition_id)
        _set(edition_id, status=EditionStatus.FAILED, step="Échec", error=f"La génération a échoué : {exc}")


def _run_in_thread(edition_id: int) -> None:
    def target() -> None:
        try:
            generate_edition(edition_id)
        finally:
            # This thread's own connections, whatever CONN_MAX_AGE: the thread ends, and a
            # connection left open would only be closed by the garbage collector (psycopg warns).
            connections.close_all()

    threading.Thread(target=target, name=f"edition-{edition_id}", daemon=True).start()


def start_edition(
    structure: Structure, periode: Period, filtre: tuple[str, str] | None, user: Any, titre: str = ""
) -> Edition:
    """Create an edition and generate it in the background: a thread started once the row is
    committed (default); `TRAJECTOIRES_EDITION_BACKGROUND = "command"` leaves it pending for the
    `generate_editions` command (cron); `False` generates it inline (tests). A period out of the
    report's bounds raises `PeriodeInvalide` (French message) before anything is created."""
    periode.check()
    edition = Edition.objects.create(
        structure=structure,
        debut=periode.debut,
        fin=periode.fin,
        filtre_cle=filtre[0] if filtre else "",
        filtre_valeur=filtre[1] if filtre else "",
        titre=titre,
        created_by=user if getattr(user, "pk", None) else None,
    )
    mode = getattr(settings, "TRAJECTOIRES_EDITION_BACKGROUND", True)
    if mode == "command":
        pass  # left pending for `trajectoires generate_editions` (cron)
    elif mode:
        transaction.on_commit(lambda: _run_in_thread(edition.pk))
    else:
        generate_edition(edition.pk)
        edition.refresh_from_db()
    return edition


STALE_AFTER = dt.timedelta(minutes=30)


def mark_stale(editions: Iterable[Edition]) -> None:
    """An edition still running long after its creation lost its thread (server restart)."""
    limit = timezone.now() - STALE_AFTER
    waits_for_cron = getattr(settings, "TRAJECTOIRES_EDITION_BACKGROUND", True) == "command"
    for edition in editions:
        if edition.status == EditionStatus.PENDING and waits_for_cron:
            continue
        if edition.is_running and edition.created_at < limit:
            Edition.objects.filter(pk=edition.pk).update(
                status=EditionStatus.FAILED, error="La génération a été interrompue : relancez-la."
            )
            edition.status = EditionStatus.FAILED
            edition.error = "La génération a été interrompue : relancez-la."


# --- Drill-down ------------------------------------------------------------------------------
def drill_queryset(structure: Structure, periode: Period, filtre: tuple[str, str] | None, key: str) -> QuerySet[Jeune]:
    """The young people behind one figure (engine drill-down), scoped to the structure."""
    return (
        jeunes_queryset(structure, periode, key, None, filtre)
        .select_related("conseiller", "site")
        .order_by("nom", "prenom", "pk")
    )
