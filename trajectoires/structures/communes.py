"""The national list of communes (COG 2026) and the type-ahead that searches it.

Source: the npm package `@etalab/decoupage-administratif` 6.0.0 (code MIT, data Licence
Ouverte, COG 2026), `data/communes.json` converted once into
`structures/data/communes-france-2026.csv` (structures/data/SOURCES.md). The data migration
`structures/0002_communefrance` loads it, so the demo and the tests have it without network.

The type-ahead looks in the Mission Locale's own territory first (`Commune`), then in the
national list, by the start of the name or of any word of it ("vit" finds Saint-Vit), by
postcode ("250" finds the communes of 25000 to 25099's prefix) or by INSEE code."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q

from trajectoires.structures.models import Commune, CommuneFrance


COMMUNES_FRANCE_CSV = Path(__file__).parent / "data" / "communes-france-2026.csv"
MAX_RESULTS = 30
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Abbreviations people type for the first word of a commune's name.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def normalise(text: str) -> str:
    """Lower-case ASCII words: "Saint-Vit" -> "saint vit", "L'Haÿ-les-Roses" -> "l hay les roses"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("Œ", "oe")
    words = _NON_WORD.sub(" ", ascii_text.casefold()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def search_key(nom: str) -> str:
    return " " + normalise(nom)


def read_csv(path: Path = COMMUNES_FRANCE_CSV) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter=";")


@dataclass(frozen=True)
class CommuneOption:
    """One answer of the type-ahead: the INSEE code (the value stored in `Jeune.commune`) and
    what the user reads, "Besançon (25000)"."""

    code: str
    label: str
    territoire: bool


def label(code: str | None, code_postal: str | None = None, structure_id: int | None = None) -> str:
    """How a commune code is shown: "Besançon (25000)", never the bare code. A code that is in
    neither list (a commune merged away, say) is named as such."""
    if not code:
        return ""
    commune = CommuneFrance.objects.filter(code=code).first()
    if commune is not None:
        return f"{commune.nom} ({commune.postcode_label(code_postal)})"
    if structure_id is not None:
        nom = Commune.objects.filter(structure_id=structure_id, ext_id=code).values_list("nom", flat=True).first()
        if nom:
            return f"{nom} ({code_postal})" if code_postal else nom
    return f"Commune inconnue de la liste nationale (code INSEE {code})"


def labels(codes: list[str], structure_id: int) -> dict[str, str]:
    """`label` for several codes in two queries (the postcode of the commune, not of an address)."""
    out: dict[str, str] = {}
    for c in CommuneFrance.objects.filter(code__in=codes):
        out[c.code] = f"{c.nom} ({c.postcode_label()})"
    missing = [c for c in codes if c not in out]
    if missing:
        for code, nom in Commune.objects.filter(structure_id=structure_id, ext_id__in=missing).values_list(
            "ext_id", "nom"
        ):
            out[code] = nom
    for code in codes:
        out.setdefault(code, f"Commune inconnue de la liste nationale (code INSEE {code})")
    return out


def exists(code: str, structure_id: int) -> bool:
    return (
        CommuneFrance.objects.filter(code=code).exists()
        or Commune.objects.filter(structure_id=structure_id, ext_id=code).exists()
    )


def postcodes(code: str) -> list[str]:
    commune = CommuneFrance.objects.filter(code=code).first()
    return commune.postcodes if commune is not None else []


def search(structure_id: int, text: str, limit: int = MAX_RESULTS) -> list[CommuneOption]:
    """The communes matching `text`: the territory's first, then the rest of France (the start
    of the name first, then the start of a word of it), by name, postcode or INSEE code. Empty
    under two characters."""
    text = text.strip()
    compact = text.replace(" ", "").upper()
    by_code = compact.isdigit() or (len(compact) == 5 and compact[:2] in ("2A", "2B") and compact[2:].isdigit())
    key = normalise(text)
    if len(compact if by_code else key) < 2:
        return []
    territory = dict(Commune.objects.filter(structure_id=structure_id).values_list("ext_id", "nom"))
    if by_code:
        matching = Q(code=compact) | Q(codes_postaux__startswith=compact) | Q(codes_postaux__contains="|" + compact)
        national = list(CommuneFrance.objects.filter(matching).order_by("nom", "code")[: limit * 3])
        ours = [c for c in national if c.code in territory]
        others = [c for c in national if c.code not in territory]
    else:
        # The territory (a few hundred communes) in Python, by its own names.
        hits = sorted(
            (not search_key(nom).startswith(" " + key), nom, code)
            for code, nom in territory.items() if (" " + key) in search_key(nom)
        )
        codes = [code for _, _, code in hits]
        known = {c.code: c for c in CommuneFrance.objects.filter(code__in=codes)}
        ours = [
            known.get(code) or CommuneFrance(code=code, nom=nom, departement=code[:2])
            for _, nom, code in hits
        ]
        others = list(
            CommuneFrance.objects.filter(nom_recherche__startswith=" " + key).exclude(code__in=codes)
            .order_by("nom", "code")[:limit]
        )
        if len(others) < limit:
            seen = {c.code for c in others} | set(codes)
            more = CommuneFrance.objects.filter(nom_recherche__contains=" " + key).order_by("nom", "code")
            others += [c for c in more[: limit * 2] if c.code not in seen]
    options = [CommuneOption(c.code, _option_label(c), True) for c in ours]
    options += [CommuneOption(c.code, _option_label(c), False) for c in others]
    return options[:limit]


def _option_label(commune: CommuneFrance) -> str:
    if not commune.codes_postaux and not commune.nom_recherche:  # a territory commune unknown nationally
        return commune.nom
    return f"{commune.nom} ({commune.postcode_label()})"
