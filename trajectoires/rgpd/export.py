"""Subject access request (RGPD art. 15): every row of every table about one young person.

`subject_data(jeune)` walks the file and every table that points to it (contacts, programmes,
situations, help, pairings, matches, outreach, school drop-out reports, transfers, and any table
added later with a foreign key to `jeunes.Jeune`), plus the access report. `export_zip` writes it
as JSON (machine-readable, raw codes), one CSV per table and an HTML page (readable, labels);
CSV cells are neutralised against formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from trajectoires.jeunes.models import Jeune
from trajectoires.rgpd.audit import access_report, action_label, actor_label
from trajectoires.utils.csv_safe import neutralise_formula


FORMAT = "trajectoires-donnees-personnelles/1"

# Derived tables, rebuilt from the file: not exported (the search index holds the name words).
DERIVED = frozenset({"workspace.jeunerecherche", "workspace.jeunemot"})
# Columns that say nothing about the person.
SKIPPED_FIELDS = frozenset({"structure", "jeune", "version"})


def _raw(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _shown(obj: models.Model, field: models.Field) -> str:
    value = getattr(obj, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and not f.primary_key
    ]


def _table(model: type[models.Model], rows: list[models.Model]) -> dict[str, Any]:
    fields = _fields(model)
    return {
        "titre": str(model._meta.verbose_name_plural).capitalize(),
        "colonnes": [f.name for f in fields],
        "libelles": [str(f.verbose_name) for f in fields],
        "lignes": [{f.name: _raw(getattr(r, f.name)) for f in fields} for r in rows],
        "affichage": [[_shown(r, f) for f in fields] for r in rows],
    }


def related_tables(jeune: Jeune) -> dict[str, dict[str, Any]]:
    """Every table with a foreign key to the young person, keyed by `app_label.model`."""
    tables: dict[str, dict[str, Any]] = {}
    for rel in sorted(Jeune._meta.related_objects, key=lambda r: r.related_model._meta.label_lower):
        model = rel.related_model
        label = model._meta.label_lower
        if label in DERIVED or not (rel.one_to_many or rel.one_to_one):
            continue
        rows = list(model._default_manager.filter(**{rel.field.name: jeune}).order_by("pk"))
        key = label if label not in tables else f"{label}.{rel.field.name}"
        tables[key] = _table(model, rows)
    return tables


def access_rows(jeune: Jeune) -> list[dict[str, str]]:
    return [
        {
            "date": timezone.localtime(e.timestamp).isoformat(timespec="seconds"),
            "utilisateur": actor_label(e),
            "action": action_label(e),
            "objet": e.what or e.object_repr,
            "sensible": "oui" if e.sensitive else "non",
            "adresse_ip": e.remote_addr or "",
        }
        for e in access_report(jeune)
    ]


def subject_data(jeune: Jeune) -> dict[str, Any]:
    fiche = _table(Jeune, [jeune])
    return {
        "format": FORMAT,
        "genere_le": timezone.localtime().isoformat(timespec="seconds"),
        "mission_locale": str(jeune.structure),
        "jeune": fiche,
        "fiche": list(zip(fiche["libelles"], fiche["affichage"][0], strict=True)),
        "tables": related_tables(jeune),
        "acces": access_rows(jeune),
    }


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 only with a BOM
    writer = csv.writer(out, delimiter=";")
    writer.writerow([neutralise_formula(h) for h in header])
    for row in rows:
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    return out.getvalue()


def export_zip(jeune: Jeune) -> bytes:
    """The zip file answering a subject access request."""
    data = subject_data(jeune)
    machine = {
        "format": data["format"],
        "genere_le": data["genere_le"],
        "mission_locale": data["mission_locale"],
        "jeune": data["jeune"]["lignes"][0],
        "tables": {k: t["lignes"] for k, t in data["tables"].items()},
        "acces": data["acces"],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("donnees.json", json.dumps(machine, ensure_ascii=False, indent=2))
        z.writestr("donnees.html", render_to_string("rgpd/export.html", {"data": data, "jeune": jeune}))
        z.writestr("jeune.csv", _csv(data["jeune"]["libelles"], data["jeune"]["affichage"]))
        for key, table in data["tables"].items():
            z.writestr(f"{key.replace('.', '-')}.csv", _csv(table["libelles"], table["affichage"]))
        access_header = ["Date et heure", "Utilisateur", "Action", "Objet", "Donnée sensible", "Adresse IP"]
        z.writestr("acces.csv", _csv(access_header, [list(r.values()) for r in data["acces"]]))
    return buffer.getvalue()
