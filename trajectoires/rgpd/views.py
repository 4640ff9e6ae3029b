"""Personal data pages, for the direction: the audit journal, a young person's access report
(page and CSV) and the export of all their data (subject access request).

Views are thin: access through `trajectoires.accounts.perms`, logic in audit.py and export.py."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trajectoires.accounts.models import User
from trajectoires.accounts.perms import get_jeune_for_audit, jeunes_visible_to, require_audit
from trajectoires.rgpd.audit import access_report, action_label, actor_label, changes_text, record_read
from trajectoires.rgpd.export import export_zip
from trajectoires.rgpd.forms import JournalForm
from trajectoires.rgpd.lisible import Readable
from trajectoires.utils.csv_safe import neutralise_formula


PAGE_SIZE = 100


def _rows(entries) -> list[dict]:  # type: ignore[no-untyped-def]
    """One row per journal entry, its changes listed under it, in French, Paris time; the entries
    of one action (one request of one user: a contact recorded with its next appointment, a
    merge…) are grouped, the date, user and address shown once for the group (`rowspan`)."""
    from trajectoires.jeunes.models import Jeune

    entries = list(entries)
    readable = Readable(entries)  # the counsellors, sites… the page's changes name: one query per table
    refs = {e.jeune_ref for e in entries if e.jeune_ref}
    jeunes = Jeune.objects.only("pk", "nom", "prenom", "ext_id").in_bulk(sorted(refs)) if refs else {}
    rows: list[dict] = []
    for e in entries:
        row = {
            "entry": e,
            "jeune": jeunes.get(e.jeune_ref),
            "when": timezone.localtime(e.timestamp),
            "action": action_label(e),
            "actor": actor_label(e),
            "changes": changes_text(e, readable),
            "span": 1,  # rows of the action this row heads; 0: in the action of a row above
        }
        head = next((r for r in reversed(rows) if r["span"]), None)
        if head is not None and e.cid and head["entry"].cid == e.cid and head["entry"].actor_id == e.actor_id:
            head["span"] += 1
            row["span"] = 0
        rows.append(row)
    return rows


@require_http_methods(["GET"])
def journal(request: HttpRequest) -> HttpResponse:
    from trajectoires.rgpd import audit

    require_audit(request.user)
    structure_id = request.user.structure_id
    users = User.objects.filter(structure_id=structure_id).order_by("last_name", "first_name", "username")
    form = JournalForm(request.GET or None, users=users)
    entries = audit.journal(structure_id).none()
    jeune = None
    unknown_jeune = False
    if not request.GET or form.is_valid():
        jeune_pk = None
        ext_id = form.cleaned_data.get("jeune", "").strip() if form.is_bound else ""
        if ext_id:
            jeune = jeunes_visible_to(request.user).filter(ext_id=ext_id).first()
            if jeune is None and ext_id.isdigit():
                jeune = jeunes_visible_to(request.user).filter(pk=int(ext_id)).first()
            unknown_jeune = jeune is None
            jeune_pk = jeune.pk if jeune is not None else -1
        f = form.to_filter(jeune_pk) if form.is_bound else audit.JournalFilter()
        entries = audit.journal(structure_id, f)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": _rows(page.object_list),
        "jeune": jeune,
        "unknown_jeune": unknown_jeune,
        "query": query.urlencode(),
        "nav": "journal",
    }
    return render(request, "rgpd/journal.html", context)


@require_http_methods(["GET"])
def acces(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_audit(request.user, pk)
    record_read(request.user, jeune, sensitive=False, request=request, what="Rapport des accès au dossier")
    page = Paginator(access_report(jeune), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"jeune": jeune, "page": page, "rows": _rows(page.object_list), "nav": "journal"}
    return render(request, "rgpd/acces.html", context)


@require_http_methods(["GET"])
def acces_csv(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_audit(request.user, pk)
    record_read(request.user, jeune, sensitive=False, request=request, what="Rapport des accès au dossier (CSV)")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="acces-dossier-{jeune.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Date et heure", "Utilisateur", "Action", "Objet", "Donnée sensible", "Adresse IP", "Détail"])
    entries = list(access_report(jeune))
    readable = Readable(entries)
    for e in entries:
        detail = "; ".join(f"{label} : {values}" for label, values in changes_text(e, readable))
        row = [
            timezone.localtime(e.timestamp).strftime("%d/%m/%Y %H:%M:%S"),
            actor_label(e),
            action_label(e),
            e.what or e.object_repr,
            "oui" if e.sensitive else "non",
            e.remote_addr or "",
            detail,
        ]
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    return response


@require_http_methods(["GET"])
def export(request: HttpRequest, pk: int) -> HttpResponse:
    jeune = get_jeune_for_audit(request.user, pk)
    what = "Export de toutes les données (droit d'accès)"
    record_read(request.user, jeune, sensitive=True, request=request, what=what)
    response = HttpResponse(export_zip(jeune), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="donnees-dossier-{jeune.pk}.zip"'
    return response
