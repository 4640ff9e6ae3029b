"""The employers' reference lists, shipped as CSV files with their source
(entreprises/data/SOURCES.md): the NAF rév. 2 sub-classes (INSEE, 732 codes) and the Sirene size
bands (tranches d'effectif salarié, INSEE). Read once per process."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from trajectoires.structures.communes import normalise as normalise_words


DATA = Path(__file__).parent / "data"
NAF_CSV = DATA / "naf-rev2-sous-classes.csv"
TRANCHES_CSV = DATA / "tranches-effectif-insee.csv"
_NAF_SHAPE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@cache
def naf() -> dict[str, str]:
    """code ("56.10A") -> label, in code order."""
    return {row["code"]: row["libelle"] for row in _read(NAF_CSV)}


@cache
def tranches() -> dict[str, str]:
    """code ("11") -> label ("10 à 19 salariés"), in the INSEE order."""
    return {row["code"]: row["libelle"] for row in _read(TRANCHES_CSV)}


def normalise_naf(value: str | None) -> str:
    """"5610a", "56.10 A", "56.10A" -> "56.10A"; anything else as typed (upper case, no spaces)."""
    text = "".join((value or "").split()).upper()
    m = _NAF_SHAPE.match(text)
    return f"{m.group(1)}.{m.group(2)}{m.group(3)}" if m else text


def naf_label(code: str | None) -> str:
    """"56.10A" -> "56.10A – Restauration traditionnelle"; a code outside the list says so."""
    if not code:
        return ""
    label = naf().get(code)
    return f"{code} – {label}" if label else f"{code} (code hors de la nomenclature NAF rév. 2)"


def tranche_label(code: str | None) -> str:
    if not code:
        return ""
    return tranches().get(code, f"Tranche {code} (inconnue de la liste INSEE)")


@cache
def _naf_words() -> list[tuple[str, str]]:
    return [(code, " " + normalise_words(label)) for code, label in naf().items()]


def naf_codes_matching(text: str) -> list[str]:
    """Codes whose code starts with `text` ("56", "56.1", "5610") or whose label has a word
    starting with each typed word ("restaur", "boulang")."""
    text = text.strip()
    if not text:
        return []
    compact = "".join(text.split()).upper()
    if compact[:2].isdigit():
        digits = compact.replace(".", "")
        return [c for c in naf() if c.replace(".", "").startswith(digits)]
    words = normalise_words(text).split()
    return [code for code, key in _naf_words() if all(f" {w}" in key for w in words)]
