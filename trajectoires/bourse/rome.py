"""The 14 "grands domaines" of the ROME (the job family filter of the board), read from
`data/rome_grands_domaines.csv` (source in its header: France Travail). An offer's domain is the
first letter of its ROME code (`Offre.rome`)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path


DATA = Path(__file__).parent / "data" / "rome_grands_domaines.csv"


@cache
def domaines() -> dict[str, str]:
    with DATA.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter=";")
        return {row["lettre"]: row["libelle"] for row in rows}


def domaine_of(rome: str | None) -> str | None:
    letter = (rome or "")[:1].upper()
    return domaines().get(letter)
