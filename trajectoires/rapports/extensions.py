"""Extension keys of the `parrainage` and `reperage` sections (report-outline.md, sections 8
and 11), documented in docs/indicateurs.md; the catalogue defines no such keys, and none of
its keys is changed.

- `parrainage.jeunes_par_niveau`, `parrainage.jeunes_par_zone`: the mentored young people of
  the period (`parrainage.jeunes`: distinct young people of the pairings overlapping it) by
  the `niveau` and `zone` axes of indicators.md — the same category functions as the profile
  breakdowns, every category listed, `inconnu` for unknown values; each adds up to `jeunes`.
- `reperage.reperes_par_sexe`, `reperes_par_age`, `remobilises_par_sexe`,
  `remobilises_par_age`: the repérés of the period and the remobilised ones (rows, like
  `reperes` and `remobilises`) by sex (`f`, `h`) and age band (`moins_18`, `18_21`,
  `22_plus`), plus `inconnu`; each adds up to `reperes` / `remobilises`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set as AbstractSet
from typing import Any

from trajectoires.jeunes.enums import Sexe
from trajectoires.rapports.indicators import Definition
from trajectoires.rapports.periods import age_at
from trajectoires.rapports.profiles import AGE_BANDS, AXIS_CATEGORY, Profile, age_band, axis_categories


INCONNU = "inconnu"
PARRAINAGE_AXES = ("niveau", "zone")
# The keys these extensions add (docs/indicateurs.md, "Clés ajoutées au format").
PARRAINAGE_KEYS = tuple(f"jeunes_par_{axis}" for axis in PARRAINAGE_AXES)
REPERAGE_KEYS = ("reperes_par_sexe", "reperes_par_age", "remobilises_par_sexe", "remobilises_par_age")

DEFINITIONS = (
    Definition(
        "parrainage",
        "jeunes_par_niveau",
        "Jeunes parrainés par niveau de formation",
        "Jeunes distincts des parrainages en cours dans la période, selon leur niveau de formation (VI, V bis, V, "
        "IV, III et plus, non renseigné).",
    ),
    Definition(
        "parrainage",
        "jeunes_par_zone",
        "Jeunes parrainés par zone",
        "Jeunes distincts des parrainages en cours dans la période, selon leur zone : QPV si le jeune a un code "
        "de quartier prioritaire, sinon le secteur de sa commune ; hors territoire ; non renseignée sans commune.",
    ),
    Definition(
        "reperage",
        "reperes_par_sexe",
        "Jeunes repérés et remobilisés par sexe",
        "Repérés de la période (et, parmi eux, les remobilisés), comptés comme « reperes », selon le sexe indiqué "
        "lors du repérage, à défaut celui du dossier du jeune rattaché ; non renseigné sinon.",
    ),
    Definition(
        "reperage",
        "reperes_par_age",
        "Jeunes repérés et remobilisés par âge",
        "Âge en années révolues le jour du repérage, d'après la date de naissance indiquée lors du repérage, à "
        "défaut celle du dossier du jeune rattaché : moins de 18 ans, 18 à 21 ans, 22 ans et plus ; non renseigné "
        "sans date de naissance connue.",
    ),
)


# --- Parrainage ----------------------------------------------------------------------------------
def parrainage_par_profil(
    paired: AbstractSet[int],
    profiles: Mapping[int, Profile],
    secteurs: list[str],
    jeunes: dict[str, AbstractSet[int]],
) -> dict[str, dict[str, int]]:
    """`jeunes_par_niveau` and `jeunes_par_zone` of the mentored young people `paired`."""
    out: dict[str, dict[str, int]] = {}
    for axis in PARRAINAGE_AXES:
        _fields, category_of = AXIS_CATEGORY[axis]
        cells: dict[str, set[int]] = {cat: set() for cat in axis_categories(axis, secteurs, [])}
        for jeune in paired:
            p = profiles.get(jeune)
            category = INCONNU if p is None else category_of(p)
            cells.setdefault(category, set()).add(jeune)
        key = f"jeunes_par_{axis}"
        out[key] = {cat: len(s) for cat, s in cells.items()}
        for cat, s in cells.items():
            jeunes[f"parrainage.{key}.{cat}"] = frozenset(s)
    return out


# --- Repérage ------------------------------------------------------------------------------------
SEXE_CATEGORIES = (*(str(v) for v in Sexe.values), INCONNU)
AGE_CATEGORIES = (*AGE_BANDS, INCONNU)


def repere_sexe(row: Mapping[str, Any], profiles: Mapping[int, Profile]) -> str:
    """The repéré's own sex (reperes.csv `sexe`), else their young person's; `inconnu` when
    neither is known."""
    sexe = row.get("sexe") or None
    if sexe is None and row.get("jeune_id") is not None:
        p = profiles.get(row["jeune_id"])
        sexe = p.sexe if p is not None else None
    return sexe if sexe in SEXE_CATEGORIES[:-1] else INCONNU


def repere_age(row: Mapping[str, Any], profiles: Mapping[int, Profile]) -> str:
    """Age band on the day the young person was identified (the repéré's `date`), from the
    repéré's own date of birth, else their young person's; `inconnu` when neither is known."""
    naissance: dt.date | None = row.get("date_naissance")
    if naissance is None and row.get("jeune_id") is not None:
        p = profiles.get(row["jeune_id"])
        naissance = p.date_naissance if p is not None else None
    when: dt.date | None = row.get("date")
    if naissance is None or when is None:
        return INCONNU
    return age_band(age_at(naissance, when))


def reperage_par_profil(
    reperes: Iterable[Mapping[str, Any]],
    remobilises: Iterable[Mapping[str, Any]],
    profiles: Mapping[int, Profile],
    jeunes: dict[str, AbstractSet[int]],
) -> dict[str, dict[str, int]]:
    """The repérés and the remobilised ones (rows) by sex and age band."""
    out: dict[str, dict[str, int]] = {}
    for name, rows in (("reperes", list(reperes)), ("remobilises", list(remobilises))):
        for axis, categories, category_of in (
            ("sexe", SEXE_CATEGORIES, repere_sexe),
            ("age", AGE_CATEGORIES, repere_age),
        ):
            counts = dict.fromkeys(categories, 0)
            linked: dict[str, set[int]] = {cat: set() for cat in categories}
            for row in rows:
                category = category_of(row, profiles)
                counts[category] += 1
                if row.get("jeune_id") is not None:
                    linked[category].add(row["jeune_id"])
            key = f"{name}_par_{axis}"
            out[key] = counts
            for cat, s in linked.items():
                jeunes[f"reperage.{key}.{cat}"] = frozenset(s)
    return out
