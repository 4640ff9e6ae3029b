"""Section 10 of the report, "Territoires" (report-outline.md): the report's figures for the
young people of each zone of the territory — an extension key of the JSON, `territoires`,
documented in docs/indicateurs.md (the catalogue defines no such key).

A young person's zone is the `zone` axis of indicators.md (`zone_category`: `qpv` when they
have a qpv code, else the sector of their commune, `hors_territoire`, `inconnu`). For each
zone, the engine's own functions are evaluated on the young people of that zone: its
per-period facts restricted to them (`period_facts(0, within=zone)`, then the catalogue's
indicators), and the report's own profile breakdown of its accompanied young people
restricted to them. No figure is computed a second way: a zone's `jeunes_accompagnes` is the
report's `jeunes_accompagnes` restricted to that zone, so the zones add up to the report's
figures (`repartitions.jeunes_accompagnes.zone`).
"""

from __future__ import annotations

from collections.abc import Callable, Set as AbstractSet
from typing import Any

from trajectoires.rapports.facts import Profiles
from trajectoires.rapports.indicators import BY_ID, Definition, PeriodFacts, evaluate
from trajectoires.rapports.profiles import COMPTES, zone_category


# The indicators of a territory page (report-outline.md, section 10); each is the catalogue's
# indicator computed on the zone's young people. Facts about no young person (employers) are
# not part of a zone.
INDICATEURS_TERRITOIRE = (
    "jeunes_en_contact",
    "jeunes_accompagnes",
    "jeunes_premier_accueil",
    "jeunes_entretien_individuel",
    "entretiens_individuels",
    "jeunes_acces_emploi",
    "taux_acces_emploi",
    "entrees_emploi",
    "jeunes_entres_dispositif",
)
# The population whose profile a territory page shows.
POPULATION_TERRITOIRE = "jeunes_accompagnes"
# Axes of the zone's profile breakdown (the zone axis itself would be trivial).
AXES_TERRITOIRE = ("sexe", "age", "niveau", "hebergement", "origine")

DEFINITIONS = (
    Definition(
        "territoires",
        "territoires",
        "Territoires",
        "Les chiffres du rapport pour les jeunes de chaque zone : QPV si le jeune a un code de quartier "
        "prioritaire, sinon le secteur de sa commune dans le territoire (hors territoire, non renseignée). Chaque "
        "zone reprend les définitions du rapport (jeunes en contact, accompagnés, premiers accueils, entretiens "
        "individuels, accès à l'emploi, entrées en dispositif) ; le profil (sexe, âge à la fin de période, niveau, "
        "hébergement, mobilité, enfants, ZRR) est celui des jeunes accompagnés de la zone, inconnus comptés à part. "
        "Les zones s'additionnent : leur total est le chiffre du rapport.",
    ),
)


def zones_of(profiles: Profiles, zones: list[str]) -> dict[str, set[int]]:
    """The young people of each zone (every zone of `zones` listed, empty ones included).
    The zone is evaluated once per distinct (qpv, commune) pair, not once per young person."""
    members: dict[str, set[int]] = {zone: set() for zone in zones}
    memo: dict[tuple[bool, str | None], str] = {}
    for jeune, has_qpv, commune in profiles.zone_inputs():
        key = (has_qpv, commune)
        zone = memo.get(key)
        if zone is None:
            zone = memo[key] = zone_category(profiles[jeune])
        cell = members.get(zone)
        if cell is None:
            cell = members[zone] = set()
        cell.add(jeune)
    return members


def territoires_section(
    zones: list[str],
    profiles: Profiles,
    period_facts: Callable[..., PeriodFacts],
    jeunes: dict[str, AbstractSet[int]],
) -> dict[str, dict[str, Any]]:
    """`territoires.<zone>`: `indicateurs` (INDICATEURS_TERRITOIRE), `repartitions` and
    `comptes` of the zone's accompanied young people (counts, `inconnus` included), for
    every zone of the `zone` axis in its order. The profile figures are the report's own
    breakdown of its accompanied young people (already in `jeunes`, keyed by JSON path)
    restricted to the zone. Fills `jeunes` with the young people behind each figure, keyed by
    its JSON path (`territoires.<zone>.indicateurs.jeunes_accompagnes`)."""
    members = zones_of(profiles, zones)
    pop = POPULATION_TERRITOIRE
    axes = {
        axis: [key.rsplit(".", 1)[1] for key in jeunes if key.startswith(f"repartitions.{pop}.{axis}.")]
        for axis in AXES_TERRITOIRE
    }
    comptes_ids = [c.id for c in COMPTES]
    out: dict[str, dict[str, Any]] = {}
    for zone in zones:
        facts = period_facts(0, members[zone])
        values = evaluate(facts)
        prefix = f"territoires.{zone}"
        for key in INDICATEURS_TERRITOIRE:
            jeunes_of = BY_ID[key].jeunes
            if jeunes_of is not None:
                jeunes[f"{prefix}.indicateurs.{key}"] = jeunes_of(facts)
        population = facts.accompagnes  # the report's accompanied young people of this zone

        def part(path: str, population: AbstractSet[int] = population, prefix: str = prefix) -> int:
            ids = jeunes[path] & population
            jeunes[f"{prefix}.{path}"] = ids
            return len(ids)

        repartitions = {
            axis: {cat: part(f"repartitions.{pop}.{axis}.{cat}") for cat in cats} for axis, cats in axes.items()
        }
        comptes: dict[str, Any] = {cid: part(f"comptes.{pop}.{cid}") for cid in comptes_ids}
        comptes["inconnus"] = {cid: part(f"comptes.{pop}.inconnus.{cid}") for cid in comptes_ids}
        out[zone] = {
            "indicateurs": {key: values[key] for key in INDICATEURS_TERRITOIRE},
            "repartitions": {pop: repartitions},
            "comptes": {pop: comptes},
        }
    return out
