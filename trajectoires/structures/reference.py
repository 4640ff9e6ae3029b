"""Reference data: the national QPV list and a territory's communes from a BANATIC extract.

The interchange format (territoire.csv, sites.csv) is the way a Mission Locale's own territory
enters; these two helpers load the public files staff actually have.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from trajectoires.structures.models import Commune, Qpv, Structure


BESANCON_TERRITORY_CSV = Path(__file__).parent / "data" / "communes-territoire-besancon-2024.csv"


class ReferenceError(ValueError):
    pass


def _date_or_none(value: str, where: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReferenceError(f"{where} : date « {value} » invalide, attendu AAAA-MM-JJ.") from None


@transaction.atomic
def import_qpv(path: Path) -> int:
    """Upserts QPV rows from a `;` or `,` separated CSV with columns
    code, nom, commune (INSEE, optional), valid_from, valid_to (optional, YYYY-MM-DD)."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,")
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    missing = {"code", "nom"} - set(rows[0].keys() if rows else [])
    if missing:
        raise ReferenceError(
            f"{path.name} : colonnes manquantes {sorted(missing)} "
            "(attendu : code, nom, commune, valid_from, valid_to)."
        )
    for n, row in enumerate(rows, start=2):
        where = f"{path.name}:{n}"
        if not (row.get("code") or "").strip() or not (row.get("nom") or "").strip():
            raise ReferenceError(f"{where} : le code et le nom du quartier sont obligatoires.")
        Qpv.objects.update_or_create(
            code=row["code"].strip(),
            valid_from=_date_or_none(row.get("valid_from", ""), where),
            defaults={
                "nom": row["nom"].strip(),
                "commune": (row.get("commune") or "").strip(),
                "valid_to": _date_or_none(row.get("valid_to", ""), where),
            },
        )
    return len(rows)


@transaction.atomic
def import_banatic_communes(path: Path, structure: Structure, *, secteur: str | None = None) -> int:
    """Upserts the communes of a BANATIC-style extract (columns insee_commune, nom_commune, epci)
    into a structure's territory. The sector defaults to the EPCI name, the ZRR flag is kept
    when the commune already exists (it is set by staff: no official list ships offline)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    count = 0
    for row in rows:
        Commune.objects.update_or_create(
            structure=structure,
            ext_id=row["insee_commune"].strip(),
            defaults={
                "nom": row["nom_commune"].strip(),
                "epci": row["epci"].strip(),
                "secteur": secteur or row["epci"].strip(),
            },
        )
        count += 1
    return count
