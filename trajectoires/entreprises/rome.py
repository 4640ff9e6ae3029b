"""The ROME 4.0 "fiches métiers" (code and label) shipped in `data/rome-fiches-metiers.csv`
(source: data/SOURCES.md), read once per process, and the type-ahead's search over them.

An offer's job code and the jobs a young person looks for are such codes; an unknown code is
refused by the forms and shown "code ROME inconnu (X9999)", never alone."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path


DATA = Path(__file__).parent / "data" / "rome-fiches-metiers.csv"
CODE = re.compile(r"^[A-N]\d{4}$")
SUGGESTIONS = 30


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@lru_cache(maxsize=1)
def fiches() -> dict[str, str]:
    """code -> label, in code order."""
    with DATA.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["libelle"] for row in csv.DictReader(f, delimiter=";")}


@lru_cache(maxsize=1)
def _folded() -> list[tuple[str, str, list[str]]]:
    return [(code, label, _fold(label).split()) for code, label in fiches().items()]


def is_code(code: str) -> bool:
    return code in fiches()


def label(code: str) -> str:
    return fiches().get(code, "")


def display(code: str) -> str:
    """"M1607 – Secrétariat"; an unknown code says so (never a bare code)."""
    if not code:
        return ""
    name = label(code)
    return f"{code} – {name}" if name else f"Code ROME inconnu ({code})"


def search(q: str, limit: int = SUGGESTIONS) -> list[tuple[str, str]]:
    """The fiches whose code starts with `q` ("M16", "m1607"), or each of whose words typed
    starts a word of the label, accents and case ignored ("secr" finds Secrétariat, "aide soin"
    finds "Aide-soignant"…), in code order; at most `limit`."""
    q = q.strip()
    if not q:
        return []
    upper = q.upper().replace(" ", "")
    if re.match(r"^[A-N]\d{0,4}$", upper):
        return [(c, n) for c, n in fiches().items() if c.startswith(upper)][:limit]
    words = _fold(q).split()
    if not words:
        return []
    found = [
        (code, name) for code, name, label_words in _folded()
        if all(any(w.startswith(typed) for w in label_words) for typed in words)
    ]
    return found[:limit]
