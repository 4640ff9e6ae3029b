"""Statistical secrecy of the activity report: small cells shown as "< 5" (docs/securite.md,
"Secret statistique : petites cellules (constat 4)").

`mask_report(data)` is the one place where figures are masked. It takes the engine's report
dict (indicators.md JSON), never changes it, and returns a copy where every cell *under
secrecy* whose count is between 1 and the threshold minus one is replaced by the text
`"< 5"` (`TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL`, 5 by default). Zero stays 0: "nobody" reveals
no one. Every renderer (page, PDF, XLSX, HTML) and `/api/rapport` read that copy:

- the live report, its downloads and the API: masked for every role but the direction
  (`accounts.perms.report_exact_figures`);
- frozen editions (published documents): masked for everyone, whenever they are shown or
  downloaded (they store the exact figures);
- `trajectoires report` (the data owner's command) and the engine: exact, never masked.

A cell is under secrecy when it is about a sensitive programme (justice, health): every cell of
a report restricted to one (`dispositif:jsmj_mf`), and the cells whose JSON path names one
(`dispositifs.jsmj_mf.femmes`, `suivi_dispositifs.sante.periode.sorties`), as
`accounts.perms.sensitive_report_key` decides for the drill-down lists; and every cell of a
report restricted to one counsellor (`conseiller:…`).

Counts are integers (indicators.md). Figures that are not counts (shares, rates, averages,
amounts, year-on-year changes) are masked with the counts they come from: a share when its
numerator or denominator is masked, or when it times its denominator gives a small count (10
exits shown and 20 % positive would say 2); an amount or average of help when its count of
help or young people is masked; a change when its indicator is masked or when the previous
value it implies is small; any other non-count beside a masked count. The masked copy carries
`secret_statistique: {"seuil": 5, "marque": "< 5"}` so that renderers say so (legend) and mask
what they derive themselves (`masked_difference`: men = beneficiaries − women).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from trajectoires.accounts.perms import (
    is_sensitive_report_filter,
    report_exact_figures,
    report_filter_parts,
    sensitive_report_key,
)


MARKER_KEY = "secret_statistique"
DEFAULT_THRESHOLD = 5
# Top-level keys that carry no figure.
_NOT_FIGURES = ("format", "periode", "filtre", MARKER_KEY)

# Shares, rates and averages of the JSON: key in its group -> (numerator key or None,
# denominator key, whether numerator = value × denominator is a count of young people or
# enrolments that must not be small).
RATIOS: dict[str, tuple[str | None, str, bool]] = {
    "part_accompagnes_contact": ("jeunes_accompagnes", "jeunes_en_contact", True),
    "part_entretien_contact": ("jeunes_entretien_individuel", "jeunes_en_contact", True),
    "taux_acces_emploi": ("jeunes_acces_emploi", "jeunes_accompagnes", True),
    "part_sorties_positives": ("sorties_positives", "sorties", True),
    "part_sorties_avec_situation": (None, "sorties", True),
    "part_femmes": ("femmes", "entrees", True),
    "part_mineurs": ("jeunes_mineurs", "jeunes", True),
    "jeunes_par_parrain": ("jeunes", "parrains_actifs", True),
    "entretiens_par_parrain": (None, "parrains_actifs", False),
    "duree_moyenne_mois": (None, "sorties", False),
}


def threshold() -> int:
    """`TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL` (5 by default); 1 or less masks nothing."""
    return int(getattr(settings, "TRAJECTOIRES_SECRET_STATISTIQUE_SEUIL", DEFAULT_THRESHOLD))


def mask_text(seuil: int | None = None) -> str:
    return f"< {threshold() if seuil is None else seuil}"


def is_small(value: Any, seuil: int) -> bool:
    """A count between 1 and `seuil - 1` (0 reveals nobody and stays 0)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < seuil


def report_filter(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The filter a report dict was computed with (its `filtre` key)."""
    filtre = data.get("filtre")
    if not isinstance(filtre, Mapping):
        return None
    return report_filter_parts((str(filtre.get("cle") or ""), str(filtre.get("valeur") or "")))


def whole_report_secret(filtre: tuple[str, str] | str | None) -> bool:
    """Is every cell of the report under secrecy: restricted to a justice or health programme,
    or to one counsellor?"""
    parts = report_filter_parts(filtre)
    return parts is not None and (parts[0] == "conseiller" or is_sensitive_report_filter(parts))


def under_secrecy(path: str, filtre: tuple[str, str] | str | None) -> bool:
    """Is the cell at `path` (its dotted JSON path) under secrecy in a report with `filtre`?"""
    return whole_report_secret(filtre) or sensitive_report_key(path)


def mask_report(data: Mapping[str, Any], seuil: int | None = None) -> dict[str, Any]:
    """A copy of the report dict with its small cells under secrecy masked (module docstring)."""
    seuil = threshold() if seuil is None else seuil
    marker = mask_text(seuil)
    filtre = report_filter(data)
    whole = whole_report_secret(filtre)
    out: dict[str, Any] = copy.deepcopy(dict(data))
    out.pop(MARKER_KEY, None)
    for key, value in data.items():
        if key in _NOT_FIGURES or key == "evolutions" or not isinstance(value, Mapping):
            continue
        _mask_group(value, out[key], key, whole, seuil, marker)
    if whole:
        _mask_evolutions(data, out, seuil, marker)
    out[MARKER_KEY] = {"seuil": seuil, "marque": marker}
    return out


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _mask_group(
    orig: Mapping[str, Any], out: dict[str, Any], path: str, whole: bool, seuil: int, marker: str
) -> None:
    # Counts first, then what is computed from them (which reads the masked counts).
    for key, value in orig.items():
        sub = f"{path}.{key}"
        if isinstance(value, Mapping):
            _mask_group(value, out[key], sub, whole, seuil, marker)
        elif (whole or sensitive_report_key(sub)) and is_small(value, seuil):
            out[key] = marker
    for key, value in orig.items():
        if isinstance(value, int) or not _number(value):
            continue
        if (whole or sensitive_report_key(f"{path}.{key}")) and _derived_masked(key, value, orig, out, seuil, marker):
            out[key] = marker


def _derived_masked(
    key: str, value: float, orig: Mapping[str, Any], out: Mapping[str, Any], seuil: int, marker: str
) -> bool:
    """Must this non-count figure (share, rate, average, amount) be masked with its counts?"""
    head, _, leaf = key.rpartition(".")
    if head.startswith("aides.") and leaf in ("montant", "moyenne"):  # flat keys: aides.<type>.<measure>
        return any(out.get(f"{head}.{measure}") == marker for measure in ("jeunes", "nombre"))
    rule = RATIOS.get(key)
    if rule is None:
        # Not a figure we know: masked as soon as a count beside it is.
        return any(v == marker and isinstance(orig.get(k), int) for k, v in out.items())
    numerator, denominator, implied = rule
    if (numerator is not None and out.get(numerator) == marker) or out.get(denominator) == marker:
        return True
    base = orig.get(denominator)
    return implied and _number(base) and bool(base) and is_small(round(value * base), seuil)


def _mask_evolutions(data: Mapping[str, Any], out: dict[str, Any], seuil: int, marker: str) -> None:
    """`evolutions.<id>` = (current − previous) / previous: masked with its indicator, and when
    the previous value it implies (current / (1 + change)) is a small count."""
    evolutions, indicateurs = data.get("evolutions"), data.get("indicateurs")
    if not isinstance(evolutions, Mapping) or not isinstance(indicateurs, Mapping):
        return
    for key, change in evolutions.items():
        if change is None or isinstance(change, Mapping):
            continue
        current = indicateurs.get(key)
        if out["indicateurs"].get(key) == marker:
            out["evolutions"][key] = marker
        elif isinstance(current, int) and _number(change) and change != -1:
            if is_small(round(current / (1 + change)), seuil):
                out["evolutions"][key] = marker


def masked_difference(total: Any, part: Any, path: str, data: Mapping[str, Any]) -> Any:
    """`total − part` for a renderer that derives it (men = beneficiaries − women), under the
    same secrecy as the report dict it reads (the marker when either is masked, or when the
    difference is a small cell under secrecy)."""
    if total is None or part is None:
        return None
    for value in (total, part):
        if isinstance(value, str):
            return value
    difference = total - part
    info = data.get(MARKER_KEY)
    if isinstance(info, Mapping) and under_secrecy(path, report_filter(data)):
        if is_small(difference, int(info.get("seuil", DEFAULT_THRESHOLD))):
            return str(info.get("marque") or mask_text(int(info.get("seuil", DEFAULT_THRESHOLD))))
    return difference


def secret_info(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The `secret_statistique` key of a masked report dict (None for exact figures)."""
    info = data.get(MARKER_KEY)
    return info if isinstance(info, Mapping) else None


def report_data_for(user: Any, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The live report's figures as `user` reads them: exact for the direction, masked for
    every other role (`accounts.perms.report_exact_figures`)."""
    return data if report_exact_figures(user) else mask_report(data)
