"""Pages of the activity report: on screen, downloads, drill-down lists, editions, free pages.
Thin views: the logic lives in services.py, render.py and document.py."""

from __future__ import annotations

import csv
import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trajectoires.accounts.client import hit, retry_after
from trajectoires.accounts.perms import (
    Cap,
    can,
    can_filter_report,
    can_manage_editions,
    can_see_report_jeunes as can_see_jeunes,
    can_view_report,
    report_exact_figures,
    report_jeunes_visible_to,
    require_report_filter,
    sensitive_report_key,
)
from trajectoires.edition import labels as L
from trajectoires.edition.document import ReportContext
from trajectoires.edition.forms import PageLibreForm, ReportForm, default_period
from trajectoires.edition.models import Edition, PageLibre
from trajectoires.edition.render import body_context, prepare
from trajectoires.edition.services import (
    drill_queryset,
    filter_choices,
    filter_label,
    frozen_data,
    mark_stale,
    render_frozen,
    render_report,
    report_context,
    start_edition,
)
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.indicators import BY_ID
from trajectoires.rapports.periods import Period
from trajectoires.rapports.secret import report_data_for
from trajectoires.rgpd.audit import record_read
from trajectoires.structures.models import Structure
from trajectoires.utils.csv_safe import neutralise_formula


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
DRILL_DISPLAY_LIMIT = 500


def _structure(request: HttpRequest) -> Structure:
    if not can_view_report(request.user):
        raise PermissionDenied("Le rapport d'activité est réservé à l'équipe de la Mission Locale.")
    return request.user.structure  # type: ignore[union-attr]


def _form(request: HttpRequest, structure: Structure, data: Any = None) -> ReportForm:
    """The period and filter asked for. A filter on a justice or health programme is refused
    (403) to roles that do not see sensitive items, before anything else; they are not offered
    those programmes either."""
    source = data if data is not None else request.GET
    require_report_filter(request.user, source.get("filtre"))
    if not source.get("debut") and not source.get("fin"):
        period = default_period()
        source = {"debut": period.debut.isoformat(), "fin": period.fin.isoformat(), "filtre": source.get("filtre", "")}
    choices = filter_choices(structure, sensitive=can(request.user, Cap.SENSITIVE))
    return ReportForm(source, structure=structure, choices=choices)


def _form_errors(form: ReportForm) -> str:
    """The form's French error messages, in one sentence each."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _too_many(request: HttpRequest) -> HttpResponse | None:
    """A PDF or an edition is expensive: at most TRAJECTOIRES_PDF_PAR_MINUTE of them per user and
    per minute (the shared limiter, accounts/client.py); beyond, 429 with a French page saying
    when to retry (and `Retry-After`). None when the request may go on."""
    limit = int(getattr(settings, "TRAJECTOIRES_PDF_PAR_MINUTE", 6))
    if hit(f"rapport-pdf:{request.user.pk}", limit, 60):
        return None
    wait = retry_after(60)
    response = render(request, "edition/trop_de_demandes.html", {"wait": wait, "limit": limit}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _query(periode: Period, filtre: tuple[str, str] | None, **extra: str) -> str:
    params = {"debut": periode.debut.isoformat(), "fin": periode.fin.isoformat()}
    if filtre:
        params["filtre"] = f"{filtre[0]}:{filtre[1]}"
    return urlencode(params | extra)


def _drill_builder(request: HttpRequest, periode: Period, filtre: tuple[str, str] | None, keys: Any) -> Any:
    if not can_see_jeunes(request.user):
        return None
    known = set(keys)
    base = reverse("edition:jeunes")

    def href(key: str) -> str | None:
        if key in known or f"indicateurs.{key}" in known:
            return f"{base}?{_query(periode, filtre, cle=key)}"
        return None

    return href


def _filename(structure: Structure, periode: Period, fmt: str, suffix: str = "") -> str:
    key = periode.key.replace("/", "_")
    return f"rapport-activite-{structure.code}-{key}{suffix}.{fmt}"


def report(request: HttpRequest) -> HttpResponse:
    structure = _structure(request)
    form = _form(request, structure)
    context: dict[str, Any] = {
        "form": form,
        "can_manage": can_manage_editions(request.user),
        "can_see_jeunes": can_see_jeunes(request.user),
    }
    if form.is_valid():
        periode, filtre = form.periode, form.filtre_tuple
        result = build_report(structure, periode, filtre)
        ctx = report_context(structure, filtre)
        data = report_data_for(request.user, result.data)  # statistical secrecy but for the direction
        doc, charts = prepare(data, ctx, _drill_builder(request, periode, filtre, result.jeunes))
        query = _query(periode, filtre)
        context |= body_context(doc, charts, links=True) | {
            "query": query,
            "secteur_links": [] if filtre else _secteur_links(structure, periode),
        }
    return render(request, "edition/report.html", context)


def _secteur_links(structure: Structure, periode: Period) -> list[tuple[str, str]]:
    from trajectoires.structures.models import Commune

    secteurs = sorted({s for s in Commune.objects.filter(structure=structure).values_list("secteur", flat=True) if s})
    base = reverse("edition:report")
    return [(s, f"{base}?{_query(periode, ('secteur', s))}") for s in secteurs]


def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    structure = _structure(request)
    if fmt not in ("pdf", "xlsx"):
        raise Http404("Format inconnu.")
    form = _form(request, structure)
    if not form.is_valid():
        messages.error(request, f"La période ou le filtre demandés ne sont pas valides. {_form_errors(form)}")
        return redirect(f"{reverse('edition:report')}?{request.GET.urlencode()}")
    if fmt == "pdf" and (refused := _too_many(request)):
        return refused
    result = build_report(structure, form.periode, form.filtre_tuple)
    content = render_report(result, fmt, masked=not report_exact_figures(request.user))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(structure, form.periode, fmt)}"'
    return response


# --- Drill-down ------------------------------------------------------------------------------
def drill_label(key: str, dispositifs: dict[str, str] | None = None) -> str:
    """A French title for the figure behind `key` (its dotted path in the report)."""
    parts = key.split(".")
    if parts[0] == "indicateurs":
        parts = parts[1:]
    head = parts[0]
    if head == "territoires" and len(parts) >= 3:
        zone = "Quartiers prioritaires (QPV)" if parts[1] == "qpv" else f"Secteur « {parts[1]} »"
        return f"{zone} – {drill_label('.'.join(parts[2:]), dispositifs)}"
    if head in ("parrainage", "reperage") and len(parts) == 3 and "_par_" in parts[1]:
        what, axis = parts[1].split("_par_", 1)
        population = {"jeunes": "Jeunes parrainés", "reperes": "Jeunes repérés", "remobilises": "Jeunes remobilisés"}
        return f"{population.get(what, what)} – {L.category_label(axis, parts[2])}"
    if head == "repartitions" and len(parts) == 4:
        _, pop, axis, cat = parts
        return f"{L.POPULATIONS.get(pop, pop)} – {L.AXES.get(axis, axis)} : {L.category_label(axis, cat)}"
    if head == "comptes" and len(parts) >= 3:
        pop, what = parts[1], parts[-1]
        unknown = " (non renseigné)" if "inconnus" in parts else ""
        return f"{L.POPULATIONS.get(pop, pop)} – {L.COMPTES.get(what, what)}{unknown}"
    if head == "dispositifs" and len(parts) == 3:
        name = (dispositifs or {}).get(parts[1]) or L.category_label("dispositif", parts[1])
        return f"Dispositif {name} – {parts[2].replace('_', ' ')}"
    if head == "aides" and len(parts) == 3:
        return f"{L.category_label('aides', parts[1])} – bénéficiaires"
    if head in BY_ID:
        return BY_ID[head].label
    return " – ".join(p.replace("_", " ") for p in parts)


def _drill(request: HttpRequest) -> tuple[Structure, ReportForm, str, Any] | HttpResponse:
    """The list behind a figure, or a French page (400) for a period out of bounds."""
    structure = _structure(request)
    if not can_see_jeunes(request.user):
        raise PermissionDenied("La liste des jeunes est réservée à la direction et aux conseillers.")
    form = _form(request, structure)
    key = request.GET.get("cle", "")
    if not key:
        raise Http404("Chiffre ou période inconnus.")
    if not form.is_valid():
        return render(
            request,
            "edition/erreur.html",
            {"title": "Période ou filtre invalides", "message": _form_errors(form),
             "back_url": reverse("edition:report")},
            status=400,
        )
    try:
        queryset = drill_queryset(structure, form.periode, form.filtre_tuple, key)
    except KeyError:
        raise Http404("Aucune liste de jeunes pour ce chiffre.") from None
    # The one permission check: never list a young person outside the user's scope, nor a
    # justice or health follow-up the user may not see on the file itself.
    sensitive = sensitive_report_key(key, form.filtre_tuple)
    queryset = report_jeunes_visible_to(request.user, queryset, sensitive)
    return structure, form, key, queryset


def jeunes(request: HttpRequest) -> HttpResponse:
    drill = _drill(request)
    if isinstance(drill, HttpResponse):
        return drill
    structure, form, key, queryset = drill
    record_read(request.user, queryset[:DRILL_DISPLAY_LIMIT], request=request, what=f"Liste du rapport : {key}",
                sensitive=sensitive_report_key(key, form.filtre_tuple))
    total = queryset.count()
    query = _query(form.periode, form.filtre_tuple, cle=key)
    return render(
        request,
        "edition/jeunes.html",
        {
            "title": drill_label(key),
            "periode_label": form.periode.label,
            "filter_label": filter_label(structure, form.filtre_tuple),
            "jeunes": queryset[:DRILL_DISPLAY_LIMIT],
            "total": total,
            "limited": total > DRILL_DISPLAY_LIMIT,
            "limit": DRILL_DISPLAY_LIMIT,
            "csv_url": f"{reverse('edition:jeunes_csv')}?{query}",
            "back_url": f"{reverse('edition:report')}?{_query(form.periode, form.filtre_tuple)}",
        },
    )


CSV_COLUMNS = [
    "Identifiant",
    "Nom",
    "Prénom",
    "Sexe",
    "Date de naissance",
    "Commune (INSEE)",
    "QPV",
    "Conseiller référent",
    "Site de rattachement",
]


def jeunes_csv(request: HttpRequest) -> HttpResponse:
    drill = _drill(request)
    if isinstance(drill, HttpResponse):
        return drill
    structure, form, key, queryset = drill
    record_read(request.user, queryset, request=request, what=f"Liste du rapport (CSV) : {key}",
                sensitive=sensitive_report_key(key, form.filtre_tuple))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    safe_key = re.sub(r"[^A-Za-z0-9_-]+", "-", key)[:80]
    name = f"jeunes-{safe_key}-{form.periode.key.replace('/', '_')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel opens UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for j in queryset:
        row = [
            j.ext_id,
            j.nom,
            j.prenom,
            j.get_sexe_display(),
            j.date_naissance.strftime("%d/%m/%Y"),
            j.commune or "",
            j.qpv or "",
            str(j.conseiller or ""),
            str(j.site or ""),
        ]
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    return response


# --- Editions --------------------------------------------------------------------------------
def _edition(request: HttpRequest, pk: int) -> Edition:
    """An edition of the user's Mission Locale (404 otherwise); one restricted to a justice or
    health programme is 403 for roles that may not use that filter."""
    structure = _structure(request)
    edition = get_object_or_404(Edition, pk=pk, structure=structure)
    require_report_filter(request.user, edition.filtre)
    return edition


def _editions_of(request: HttpRequest, structure: Structure) -> list[Edition]:
    """The editions the user may open: not those restricted to a filter they may not use."""
    items = Edition.objects.filter(structure=structure).select_related("created_by")[:200]
    return [e for e in items if can_filter_report(request.user, e.filtre)]


def editions(request: HttpRequest) -> HttpResponse:
    structure = _structure(request)
    items = _editions_of(request, structure)
    mark_stale(items)
    form = _form(request, structure)
    return render(
        request,
        "edition/editions.html",
        {
            "editions": items,
            "form": form,
            "can_manage": can_manage_editions(request.user),
        },
    )


@require_POST
def edition_generate(request: HttpRequest) -> HttpResponse:
    structure = _structure(request)
    if not can_manage_editions(request.user):
        raise PermissionDenied("Seule la direction peut générer une édition du rapport.")
    form = _form(request, structure, request.POST)
    if not form.is_valid():
        items = _editions_of(request, structure)
        return render(
            request, "edition/editions.html", {"editions": items, "form": form, "can_manage": True}, status=400
        )
    if refused := _too_many(request):
        return refused
    edition = start_edition(
        structure, form.periode, form.filtre_tuple, request.user, request.POST.get("titre", "")[:200]
    )
    return redirect("edition:edition_detail", pk=edition.pk)


def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    mark_stale([edition])
    context: dict[str, Any] = {"edition": edition, "can_manage": can_manage_editions(request.user)}
    if edition.is_done:
        ctx = ReportContext.from_json(edition.contexte or {})
        periode = Period(edition.debut, edition.fin)
        drillable = (edition.contexte or {}).get("drillable", [])
        # A published document: under statistical secrecy for everyone (rapports/secret.py).
        doc, charts = prepare(frozen_data(edition), ctx, _drill_builder(request, periode, edition.filtre, drillable))
        context |= body_context(doc, charts, links=True)
    return render(request, "edition/edition_detail.html", context)


def edition_progress(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    mark_stale([edition])
    response = render(
        request, "edition/_progress.html", {"edition": edition, "can_manage": can_manage_editions(request.user)}
    )
    if not edition.is_running and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


def edition_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    edition = _edition(request, pk)
    if fmt not in ("pdf", "xlsx") or not edition.is_done:
        raise Http404("Cette édition n'est pas disponible dans ce format.")
    if fmt == "pdf" and (refused := _too_many(request)):
        return refused
    content = render_frozen(edition, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    suffix = f"-edition-{edition.pk}"
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(edition.structure, Period(edition.debut, edition.fin), fmt, suffix)}"'
    )
    return response


# --- Free pages ------------------------------------------------------------------------------
def pages(request: HttpRequest) -> HttpResponse:
    structure = _structure(request)
    return render(
        request,
        "edition/pages.html",
        {
            "pages": PageLibre.objects.filter(structure=structure),
            "can_manage": can_manage_editions(request.user),
        },
    )


def page_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    structure = _structure(request)
    if not can_manage_editions(request.user):
        raise PermissionDenied("Seule la direction peut modifier les pages libres.")
    page = get_object_or_404(PageLibre, pk=pk, structure=structure) if pk else PageLibre(structure=structure)
    form = PageLibreForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "La page a été enregistrée : elle figurera dans les prochaines éditions.")
        return redirect("edition:pages")
    return render(request, "edition/page_form.html", {"form": form, "page": page})


@require_POST
def page_delete(request: HttpRequest, pk: int) -> HttpResponse:
    structure = _structure(request)
    if not can_manage_editions(request.user):
        raise PermissionDenied("Seule la direction peut supprimer une page libre.")
    page = get_object_or_404(PageLibre, pk=pk, structure=structure)
    page.delete()
    messages.success(request, "La page a été supprimée.")
    return redirect("edition:pages")
