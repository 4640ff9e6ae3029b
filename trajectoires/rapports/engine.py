"""The one indicator engine: `build_report(structure, period, filtre)` computes every figure
of the activity report (indicators.md) and the young people behind each of them.

Design: facts.py runs a handful of grouped queries scoped to the structure (one pass over
events for all the periods of the report, one over situations, aides, enrolments, …); this
module turns those per-young-person facts into figures in Python (ages, unknown values,
breakdowns), evaluating the declarations of indicators.py. The result is a `Report`: the plain
JSON-ready dict of "Machine-readable output" (`data`), plus, for every figure that counts
young people, their ids (`jeunes`, keyed by the figure's dotted path in `data`). HTML, PDF and
XLSX renderers read the same `Report`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import QuerySet

from trajectoires.dispositifs.enums import MOTIFS_SOLUTION_NON_POSITIVE
from trajectoires.jeunes.models import Jeune
from trajectoires.manifestations.enums import TypeManifestation
from trajectoires.obligation_formation.enums import Statut
from trajectoires.parrainage.enums import Issue, StatutParrain
from trajectoires.rapports import blocs, facts as q
from trajectoires.rapports.extensions import (
    DEFINITIONS as EXTENSION_DEFINITIONS,
    parrainage_par_profil,
    reperage_par_profil,
)
from trajectoires.rapports.filters import Filtre, enrolments_open_in, resolve_filtre
from trajectoires.rapports.indicators import (
    INDICATORS,
    SECTION_DEFINITIONS,
    AideFacts,
    BourseFacts,
    PeriodFacts,
    SituationFacts,
    euros,
    evaluate,
    evolution,
    ratio,
)
from trajectoires.rapports.periods import Period, ages_at
from trajectoires.rapports.profiles import (
    AGE_BANDS,
    AXES,
    AXIS_CATEGORY,
    COMPTES,
    COMPTES_BY_ID,
    Profile,
    axis_categories,
)
from trajectoires.rapports.territoires import DEFINITIONS as TERRITOIRE_DEFINITIONS, territoires_section
from trajectoires.reperage.enums import Canal, Lieu
from trajectoires.satisfaction.enums import Public
from trajectoires.structures.models import Structure
from trajectoires.utils.memory import cyclic_gc_paused


FORMAT = "trajectoires-report/1"
SUIVI_PAR_DEFAUT = ("cej", "garantie_jeunes", "pacea")
SERIES_LENGTH = 5
POPULATIONS_DETAILLEES = ("jeunes_premier_accueil", "jeunes_accompagnes")
SUIVI_KEYS = (
    "entrees",
    "sorties",
    "sorties_positives",
    "part_sorties_positives",
    "sorties_avec_solution",
    "mineurs_a_l_entree",
    "rqth",
    "part_sorties_avec_situation",
)
DAYS_PER_MONTH = 365.25 / 12


def motifs_sortie_positive() -> frozenset[str]:
    return frozenset(m.strip() for m in settings.TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE if m.strip())


def definitions() -> list[dict[str, str]]:
    """Every definition of the report, for the annex: indicators, breakdown axes, counts, the
    other sections and the extension keys (docs/indicateurs.md). Gathered here, above the
    modules that declare them (indicators.py, profiles.py, extensions.py, territoires.py)."""
    rows = [{"section": "indicateurs", "id": i.id, "libelle": i.label, "definition": i.definition} for i in INDICATORS]
    rows += [{"section": "repartitions", "id": a.id, "libelle": a.label, "definition": a.definition} for a in AXES]
    rows += [
        {
            "section": "comptes",
            "id": c.id,
            "libelle": c.label,
            "definition": c.definition + " Les valeurs inconnues ne comptent pas comme « non » : leur nombre est "
            "donné dans « inconnus ».",
        }
        for c in COMPTES
    ]
    rows += [
        {"section": d.section, "id": d.id, "libelle": d.label, "definition": d.definition}
        for d in (*SECTION_DEFINITIONS, *EXTENSION_DEFINITIONS, *TERRITOIRE_DEFINITIONS)
    ]
    return rows


@dataclass
class Report:
    """A computed report: `data` is the JSON object of indicators.md; `jeunes` maps the
    dotted path of every figure about young people (`indicateurs.jeunes_accompagnes`,
    `repartitions.jeunes_accompagnes.sexe.f`, `comptes.jeunes_premier_accueil.inconnus.zrr`,
    `dispositifs.cej.beneficiaires`, `series.jeunes_accompagnes.2023`, …) to their ids."""

    structure: Structure
    periode: Period
    filtre: Filtre | None
    data: dict[str, Any]
    jeunes: dict[str, AbstractSet[int]] = field(repr=False)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=indent)

    @property
    def definitions(self) -> list[dict[str, str]]:
        """The definitions annex (every indicator, axis, count and section)."""
        return definitions()

    def jeunes_for(self, key: str, category: str | None = None) -> AbstractSet[int]:
        path = key if category is None else f"{key}.{category}"
        for candidate in (path, f"indicateurs.{path}"):
            if candidate in self.jeunes:
                return self.jeunes[candidate]
        raise KeyError(f"Aucune liste de jeunes pour le chiffre « {path} ».")


# --- Filters per period ----------------------------------------------------------------------
def _static_scope(filtre: Filtre, profiles: q.Profiles) -> set[int]:
    """The young people a site, counsellor, sector or EPCI filter keeps (their raw columns:
    no profile needs building)."""
    if filtre.key == "site":
        return profiles.ids_where("site_id", lambda site: site == filtre.pk)
    if filtre.key == "conseiller":
        return profiles.ids_where("conseiller_id", lambda conseiller: conseiller == filtre.pk)
    if filtre.key in ("secteur", "epci"):
        key = filtre.key

        def test(commune: str | None) -> bool:
            territoire = profiles.territoire_of(commune)
            return territoire is not None and getattr(territoire, key) == filtre.value

        return profiles.ids_where("commune", test)
    raise ValueError(filtre.key)


def _scopes(
    filtre: Filtre | None, periods: list[Period], profiles: q.Profiles, enrolments: q.Enrolments
) -> list[set[int] | None]:
    """The young people kept in each period (None: no filter). The filter is applied anew to
    each period: for a programme, the young people with an enrolment open in that period."""
    if filtre is None:
        return [None for _ in periods]
    if filtre.key != "dispositif":
        scope = _static_scope(filtre, profiles)
        return [scope for _ in periods]
    e = enrolments
    rows = e.of(filtre.value)
    return [
        set(e.jeune[rows & enrolments_open_in(e.entree, e.sortie, q.day64(p.debut), q.day64(p.fin))].tolist())
        for p in periods
    ]


def _in_scope(ids: np.ndarray, scope: AbstractSet[int] | None) -> np.ndarray:
    """Which of `ids` the filter keeps (a boolean array)."""
    if scope is None:
        return np.ones(len(ids), dtype=bool)
    return np.isin(ids, np.fromiter(scope, dtype=np.int64, count=len(scope)))


def _ids(ids: np.ndarray) -> set[int]:
    return set(ids.tolist())


def _keep(ids: Iterable[int], scope: set[int] | None) -> set[int]:
    """The ids kept by the filter (the same set, not a copy, when there is no filter: the
    engine never mutates a set once built)."""
    if scope is None:
        return ids if isinstance(ids, set) else set(ids)
    return ids & scope if isinstance(ids, set) else set(ids) & scope


# --- Breakdowns --------------------------------------------------------------------------------
def _breakdown(
    population: set[int],
    reference_date: Callable[[int], dt.date],
    profiles: Mapping[int, Profile],
    categories: dict[str, list[str]],
    sites_of: dict[int, set[str]],
) -> tuple[dict[str, dict[str, set[int]]], dict[str, set[int]], dict[str, set[int]]]:
    """Categories and yes/no answers of the young people of `population`. The people are
    grouped by the values of the fields an axis or a count reads, and the category or test
    (profiles.py, the one definition) is evaluated once per group."""
    repartition: dict[str, dict[str, set[int]]] = {
        axis: {cat: set() for cat in cats} for axis, cats in categories.items()
    }
    counted: dict[str, set[int]] = {c.id: set() for c in COMPTES}
    unknown: dict[str, set[int]] = {c.id: set() for c in COMPTES}
    members = list(population)
    plist = [profiles[j] for j in members]

    groupings: dict[tuple[str, ...], dict[Any, list[int]]] = {}

    def grouped(fields: tuple[str, ...]) -> dict[Any, list[int]]:
        groups = groupings.get(fields)
        if groups is None:
            groups = groupings[fields] = {}
            # the commune's territory row is a function of the commune: grouping by the commune
            # alone gives the same groups, without hashing the row for every young person
            keys = tuple(f for f in fields if f != "territoire" or "commune" not in fields)
            key_of = attrgetter(*keys)
            for jeune, p in zip(members, plist, strict=True):
                key = key_of(p)
                group = groups.get(key)
                if group is None:
                    groups[key] = [jeune]
                else:
                    group.append(jeune)
        return groups

    # age, with its own reference date per young person
    age = repartition["age"]
    for jeune, p in zip(members, plist, strict=True):
        born, ref = p.date_naissance, reference_date(jeune)
        years = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
        age[AGE_BANDS[0 if years < 18 else 1 if years <= 21 else 2]].add(jeune)
    counted["mineurs"] = age[AGE_BANDS[0]]
    for axis, (fields, category_of) in AXIS_CATEGORY.items():
        cells = repartition[axis]
        for group in grouped(fields).values():
            category = category_of(profiles[group[0]])
            cell = cells.get(category)
            if cell is None:
                cell = cells[category] = set()
            cell.update(group)
    for compte in COMPTES:
        if compte.id == "mineurs":
            continue
        for group in grouped(compte.fields).values():
            answer = compte.test(profiles[group[0]], 0)
            if answer is None:
                unknown[compte.id].update(group)
            elif answer:
                counted[compte.id].update(group)
    site = repartition["site"]
    for jeune in members:
        for s in sites_of.get(jeune, ()):
            cell = site.get(s)
            if cell is None:
                cell = site[s] = set()
            cell.add(jeune)
    return repartition, counted, unknown


# --- The report ----------------------------------------------------------------------------------
def build_report(
    structure: Structure,
    periode: Period,
    filtre: Filtre | tuple[str, str] | None = None,
    suivi: Iterable[str] = SUIVI_PAR_DEFAUT,
) -> Report:
    """Every figure of the report on `periode` for `structure`, optionally restricted by one
    filter (a resolved `Filtre` or a (key, value) pair, checked here)."""
    with cyclic_gc_paused():
        return _build_report(structure, periode, filtre, suivi)


def _build_report(
    structure: Structure, periode: Period, filtre: Filtre | tuple[str, str] | None, suivi: Iterable[str]
) -> Report:
    if isinstance(filtre, tuple):
        filtre = resolve_filtre(structure, *filtre)
    suivi_codes = list(dict.fromkeys(suivi))
    periods = periode.series(SERIES_LENGTH)
    current, previous = periods[0], periods[1]
    jeunes: dict[str, AbstractSet[int]] = {}

    ref = q.load_reference(structure)
    profiles = ref.profiles
    faits = blocs.load(structure)
    codes = q.load_programme_codes(faits)
    positive = motifs_sortie_positive()
    solution = positive | {str(m) for m in MOTIFS_SOLUTION_NON_POSITIVE}
    enrolments = q.load_enrolments(faits, current.fin, codes, positive, solution, suivi_codes)
    scopes = _scopes(filtre, periods, profiles, enrolments)
    events = q.load_events(structure, periods, full=2)
    situations = q.load_situations(faits, [current, previous])
    aides = q.load_aides(faits, [current, previous])
    employers = q.load_employer_contacts(structure, [current, previous]) if filtre is None else [(0, 0), (0, 0)]
    bourse = q.load_bourse(structure, [current, previous]) if filtre is None else [BourseFacts(), BourseFacts()]

    entres_dispositif = [_ids(enrolments.jeune[enrolments.entered(p.debut, p.fin)]) for p in periods]
    primo: list[set[int]] = [_ids(events.primo(p)) for p in periods]

    def period_facts(k: int, within: AbstractSet[int] | None = None) -> PeriodFacts:
        scope, period = scopes[k], periods[k]
        if within is not None:  # a part of the report's young people (territoires.py: one zone)
            scope = scope.intersection(within) if scope is not None else set(within)
        sits = {
            pair: SituationFacts(len(ids), set(ids.tolist())) for pair, ids, _ in situations[k].by_group(scope)
        }
        aide_facts = {
            type_: AideFacts(len(ids), Decimal(0) + Decimal(int(cents.sum())).scaleb(-2), set(ids.tolist()))
            for type_, ids, cents in aides[k].by_group(scope)
        }
        entretien = _keep(events.entretien[k], scope)
        return PeriodFacts(
            period=period,
            contact=_keep(events.contact[k], scope),
            accompagnes=_keep(events.accompagnes[k], scope),
            entretien=entretien,
            primo=_keep(primo[k], scope),
            entretiens=sum(events.entretiens[k][j] for j in entretien),
            situations=sits,
            aides=aide_facts,
            entres_dispositif=_keep(entres_dispositif[k], scope),
            employeurs_contact=employers[k][0],
            employeurs_nouveaux=employers[k][1],
            bourse=bourse[k] if k < 2 else BourseFacts(),
        )

    facts_now, facts_before = period_facts(0), period_facts(1)
    indicateurs = evaluate(facts_now)
    precedent = evaluate(facts_before)
    for indicator in INDICATORS:
        if indicator.jeunes is not None:
            jeunes[f"indicateurs.{indicator.id}"] = indicator.jeunes(facts_now)

    # Profile breakdowns of the two detailed populations.
    site_ids = list(ref.sites.values())
    categories = {axis.id: axis_categories(axis.id, ref.secteurs, site_ids) for axis in AXES}
    sites_acc: dict[int, set[str]] = {}
    sites_primo: dict[int, set[str]] = {}
    for pairs, sites_of in ((events.sites_acc, sites_acc), (events.sites_primo, sites_primo)):
        for jeune, site_pk in pairs:
            site = ref.sites.get(site_pk)
            if site is None:  # a site of another structure: not one of this report's sites
                continue
            sites_of.setdefault(jeune, set()).add(site)
    repartitions: dict[str, Any] = {}
    comptes: dict[str, Any] = {}
    for pop_id, population, reference_date, sites_of in (
        ("jeunes_premier_accueil", facts_now.primo, lambda j: events.first_ei[j], sites_primo),
        ("jeunes_accompagnes", facts_now.accompagnes, lambda j: current.fin, sites_acc),
    ):
        repartition, counted, unknown = _breakdown(population, reference_date, profiles, categories, sites_of)
        repartitions[pop_id] = {axis: {cat: len(s) for cat, s in cats.items()} for axis, cats in repartition.items()}
        comptes[pop_id] = {cid: len(s) for cid, s in counted.items()}
        comptes[pop_id]["inconnus"] = {cid: len(s) for cid, s in unknown.items()}
        for axis, cats in repartition.items():
            for cat, s in cats.items():
                jeunes[f"repartitions.{pop_id}.{axis}.{cat}"] = s
        for cid in counted:
            jeunes[f"comptes.{pop_id}.{cid}"] = counted[cid]
            jeunes[f"comptes.{pop_id}.inconnus.{cid}"] = unknown[cid]

    territoires = territoires_section(categories["zone"], profiles, period_facts, jeunes)
    dispositifs = _dispositifs(codes, current, scopes[0], enrolments, profiles, jeunes)
    suivi_dispositifs = _suivi(structure, current, scopes[0], suivi_codes, enrolments, ref, jeunes)

    series: dict[str, dict[str, int]] = {"jeunes_accompagnes": {}, "jeunes_premier_accueil": {}}
    for k, period in enumerate(periods):
        for pop_id, ids in (
            ("jeunes_accompagnes", _keep(events.accompagnes[k], scopes[k])),
            ("jeunes_premier_accueil", _keep(primo[k], scopes[k])),
        ):
            series[pop_id][period.key] = len(ids)
            jeunes[f"series.{pop_id}.{period.key}"] = ids

    data: dict[str, Any] = {
        "format": FORMAT,
        "periode": current.as_dict(),
        "filtre": None if filtre is None else filtre.as_dict(),
        "indicateurs": indicateurs,
        "repartitions": repartitions,
        "comptes": comptes,
        "dispositifs": dispositifs,
        "suivi_dispositifs": suivi_dispositifs,
        "parrainage": _parrainage(structure, current, filtre, scopes[0], jeunes),
        "reperage": _reperage(structure, current, filtre, scopes[0], jeunes, profiles),
        "obligation_formation": _obligation_formation(structure, current, scopes[0], jeunes),
        "manifestations": _manifestations(structure, current, filtre),
        "satisfaction": _satisfaction(structure, current, filtre),
        "series": series,
        "evolutions": {key: evolution(value, precedent[key]) for key, value in indicateurs.items()},
        "territoires": territoires,  # extension (docs/indicateurs.md)
    }
    data["parrainage"] |= parrainage_par_profil(jeunes["parrainage.jeunes"], profiles, ref.secteurs, jeunes)
    return Report(structure, current, filtre, data, jeunes)


# --- Programmes ----------------------------------------------------------------------------------
def _dispositifs(
    codes: list[str],
    period: Period,
    scope: set[int] | None,
    enrolments: q.Enrolments,
    profiles: Mapping[int, Profile],
    jeunes: dict[str, AbstractSet[int]],
) -> dict[str, dict[str, int]]:
    e = enrolments
    kept = _in_scope(e.jeune, scope)
    entered = kept & e.entered(period.debut, period.fin)
    present = kept & e.present_at(period.fin)

    def first_entries(rows: np.ndarray) -> dict[int, dt.date]:
        """Young person -> their earliest date_entree among `rows`."""
        ids, days = e.jeune[rows], e.entree[rows]
        order = np.lexsort((days, ids))
        ids, days = ids[order], days[order]
        first = np.ones(len(ids), dtype=bool)
        first[1:] = ids[1:] != ids[:-1]
        return dict(zip(ids[first].tolist(), days[first].tolist(), strict=True))

    first_entry = {code: first_entries(entered & e.of(code)) for code in codes}
    first_entry_any = first_entries(entered)
    presents = {code: _ids(e.jeune[present & e.of(code)]) for code in codes}

    tests = [COMPTES_BY_ID[cid].test for cid in ("sans_qualification", "qpv", "zrr")]
    answers: dict[int, tuple[bool, bool, bool, bool]] = {}  # the same people appear in several rows

    def row(key: str, entries: dict[int, dt.date], present: set[int]) -> dict[str, int]:
        groups: dict[str, set[int]] = {
            "beneficiaires": set(entries),
            "femmes": set(),
            "mineurs": set(),
            "sans_qualification": set(),
            "qpv": set(),
            "zrr": set(),
        }
        femmes, mineurs = groups["femmes"], groups["mineurs"]
        static = [groups["sans_qualification"], groups["qpv"], groups["zrr"]]
        for jeune, entree in entries.items():
            p = profiles[jeune]
            if p.age(entree) < 18:  # age at the first entry of the period
                mineurs.add(jeune)
            known = answers.get(jeune)
            if known is None:
                known = answers[jeune] = (p.sexe == "f", *(bool(test(p, 0)) for test in tests))
            if known[0]:
                femmes.add(jeune)
            for cell, yes in zip(static, known[1:], strict=True):
                if yes:
                    cell.add(jeune)
        groups["presents_fin_periode"] = present
        for col, s in groups.items():
            jeunes[f"dispositifs.{key}.{col}"] = s
        return {col: len(s) for col, s in groups.items()}

    result = {code: row(code, first_entry.get(code, {}), presents.get(code, set())) for code in codes}
    result["ensemble"] = row("ensemble", first_entry_any, _ids(e.jeune[present]))
    return result


def _suivi(
    structure: Structure,
    period: Period,
    scope: set[int] | None,
    codes: list[str],
    enrolments: q.Enrolments,
    ref: q.Reference,
    jeunes: dict[str, AbstractSet[int]],
) -> dict[str, dict[str, dict[str, int | float | None]]]:
    avec_situation_rows = enrolments.avec_situation
    result: dict[str, dict[str, dict[str, int | float | None]]] = {}
    e = enrolments
    kept = _in_scope(e.jeune, scope)
    # per enrolment, once for every code and window: minor at its entry, RQTH young person,
    # exit reason, exit followed by a situation
    minor_at_entry = ages_at(ref.naissance_of(e.jeune), e.entree) < 18
    rqth_ids = list(ref.profiles.ids_where("rqth", lambda rqth: rqth is not None and bool(rqth)))
    rqth = np.isin(e.jeune, np.array(rqth_ids, dtype=np.int64))
    sortie_positive = e.motif == q.MOTIF_POSITIF
    sortie_solution = e.motif >= q.MOTIF_SOLUTION
    for code in codes:
        rows = kept & e.of(code)
        result[code] = {}
        for window, lo in (("depuis_debut", None), ("periode", period.debut)):
            entries = rows & e.entered(lo, period.fin)
            exits = rows & e.exited(lo, period.fin)
            groups = {
                "entrees": entries,
                "sorties": exits,
                "sorties_positives": exits & sortie_positive,
                "sorties_avec_solution": exits & sortie_solution,
                "mineurs_a_l_entree": entries & minor_at_entry,
                "rqth": entries & rqth,
            }
            avec_situation = exits & avec_situation_rows
            for name, group in (*groups.items(), ("sorties_avec_situation", avec_situation)):
                jeunes[f"suivi_dispositifs.{code}.{window}.{name}"] = frozenset(e.jeune[group].tolist())
            figures = {name: int(np.count_nonzero(group)) for name, group in groups.items()}
            n_avec_situation = int(np.count_nonzero(avec_situation))
            result[code][window] = {
                "entrees": figures["entrees"],
                "sorties": figures["sorties"],
                "sorties_positives": figures["sorties_positives"],
                "part_sorties_positives": ratio(figures["sorties_positives"], figures["sorties"]),
                "sorties_avec_solution": figures["sorties_avec_solution"],
                "mineurs_a_l_entree": figures["mineurs_a_l_entree"],
                "rqth": figures["rqth"],
                "part_sorties_avec_situation": ratio(n_avec_situation, figures["sorties"]),
            }
    return result


# --- Other sections ---------------------------------------------------------------------------------
def _parrainage(
    structure: Structure,
    period: Period,
    filtre: Filtre | None,
    scope: set[int] | None,
    jeunes: dict[str, AbstractSet[int]],
) -> dict[str, Any]:
    pairings = [p for p in q.load_parrainages(structure, period) if scope is None or p["jeune_id"] in scope]
    # Mentors are facts about no young person: left out of a restricted report.
    parrains = q.load_parrains(structure, period) if filtre is None else []
    ending = [p for p in pairings if p["date_fin"] is not None and p["date_fin"] in period]
    par_issue = {str(code): 0 for code in Issue.values} | {"inconnu": 0}
    for p in ending:
        par_issue[p["issue"] or "inconnu"] += 1
    # The interchange's two statuses always (indicators.md); a status the application adds
    # (`etudiant`, issue 14) only when a mentor has it, so the spec's output stays as it was.
    par_statut = {StatutParrain.RETRAITE.value: 0, StatutParrain.ACTIF.value: 0}
    for m in parrains:
        par_statut[m["statut"]] = par_statut.get(m["statut"], 0) + 1
    paired = {p["jeune_id"] for p in pairings}
    jeunes["parrainage.jeunes"] = frozenset(paired)
    jeunes["parrainage.sorties"] = frozenset(p["jeune_id"] for p in ending)
    for issue in par_issue:
        jeunes[f"parrainage.sorties_par_issue.{issue}"] = frozenset(
            p["jeune_id"] for p in ending if (p["issue"] or "inconnu") == issue
        )
    days = [(p["date_fin"] - p["date_debut"]).days for p in ending]
    mean_days = ratio(sum(days), len(days))
    return {
        "parrainages_actifs": len(pairings),
        "jeunes": len(paired),
        "sorties": len(ending),
        "sorties_par_issue": par_issue,
        "parrains_actifs": len(parrains),
        "parrains_actifs_par_statut": par_statut,
        "nouveaux_parrains": sum(1 for m in parrains if m["date_entree"] in period),
        "jeunes_par_parrain": ratio(len(paired), len(parrains)),
        "entretiens_par_parrain": ratio(sum(p["entretiens"] or 0 for p in pairings), len(parrains)),
        "duree_moyenne_mois": None if mean_days is None else mean_days / DAYS_PER_MONTH,
    }


def mentoring_figures(structure: Structure, period: Period) -> dict[str, Any]:
    """The report's mentoring section (section 8) alone, unfiltered: the mentoring pages show
    these figures, computed here once (issue 14)."""
    return _parrainage(structure, period, None, None, {})


def _reperage(
    structure: Structure,
    period: Period,
    filtre: Filtre | None,
    scope: set[int] | None,
    jeunes: dict[str, AbstractSet[int]],
    profiles: Mapping[int, Profile] | None = None,
) -> dict[str, Any]:
    actions = q.load_actions(structure, period) if filtre is None else []
    reperes = q.load_reperes(structure, period)
    if scope is not None:
        reperes = [r for r in reperes if r["jeune_id"] is not None and r["jeune_id"] in scope]
    par_canal = {str(code): 0 for code in Canal.values}
    for a in actions:
        par_canal[a["canal"]] += 1
    reperes_par_canal = {str(code): 0 for code in Canal.values}
    reperes_par_lieu = {str(code): 0 for code in Lieu.values} | {"inconnu": 0}
    for r in reperes:
        reperes_par_canal[r["action__canal"]] += 1
        reperes_par_lieu[r["action__lieu"] or "inconnu"] += 1
    remobilises = [r for r in reperes if r["jeune_id"] is not None and (r["suivis"] or 0) >= 3]
    jeunes["reperage.reperes"] = frozenset(r["jeune_id"] for r in reperes if r["jeune_id"] is not None)
    jeunes["reperage.remobilises"] = frozenset(r["jeune_id"] for r in remobilises)
    heures = sum((a["heures"] or Decimal(0) for a in actions), Decimal(0))
    return {
        "actions": len(actions),
        "actions_par_canal": par_canal,
        "heures": float(Decimal(heures).quantize(Decimal("0.01"))),
        "personnes_rencontrees": sum(a["personnes_rencontrees"] or 0 for a in actions),
        "jeunes_contactes": sum(a["jeunes_contactes"] or 0 for a in actions),
        "reperes": len(reperes),
        "reperes_par_canal": reperes_par_canal,
        "reperes_par_lieu": reperes_par_lieu,
        "remobilises": len(remobilises),
        **reperage_par_profil(reperes, remobilises, profiles or {}, jeunes),  # extension (docs/indicateurs.md)
    }


def _obligation_formation(
    structure: Structure, period: Period, scope: set[int] | None, jeunes: dict[str, AbstractSet[int]]
) -> dict[str, Any]:
    rows = q.load_signalements(structure, period)
    if scope is not None:
        rows = [r for r in rows if r["jeune_id"] is not None and r["jeune_id"] in scope]
    par_statut = {str(code): 0 for code in Statut.values} | {"inconnu": 0}
    for r in rows:
        statut = r["statut"] if r["date_statut"] <= period.fin else "inconnu"
        par_statut[statut] += 1
    jeunes["obligation_formation.signales"] = frozenset(r["jeune_id"] for r in rows if r["jeune_id"] is not None)
    jeunes["obligation_formation.en_solution"] = frozenset(
        r["jeune_id"]
        for r in rows
        if r["jeune_id"] is not None and r["statut"] == Statut.EN_SOLUTION and r["date_statut"] <= period.fin
    )
    return {"signales": len(rows), "par_statut": par_statut, "en_solution": par_statut[Statut.EN_SOLUTION.value]}


def _manifestations(structure: Structure, period: Period, filtre: Filtre | None) -> dict[str, Any]:
    rows = q.load_manifestations(structure, period) if filtre is None else []
    par_type = {str(code): {"nombre": 0, "jeunes": 0, "partenaires": 0} for code in TypeManifestation.values}
    for r in rows:
        t = par_type[r["type"]]
        t["nombre"] += 1
        t["jeunes"] += r["jeunes"] or 0
        t["partenaires"] += r["partenaires"] or 0
    return {
        "nombre": len(rows),
        "jeunes": sum(r["jeunes"] or 0 for r in rows),
        "partenaires": sum(r["partenaires"] or 0 for r in rows),
        "par_type": par_type,
    }


def _satisfaction(structure: Structure, period: Period, filtre: Filtre | None) -> dict[str, Any]:
    rows = q.load_satisfaction(structure, period) if filtre is None else []
    repondants: dict[str, set[str]] = {str(p): set() for p in Public.values}
    answers: dict[str, dict[str, list[int]]] = {str(p): {} for p in Public.values}
    for public, repondant, question, n, ok in rows:
        repondants[public].add(repondant)
        counts = answers[public].setdefault(question, [0, 0])
        counts[0] += n
        counts[1] += ok
    return {
        "repondants": {public: len(ids) for public, ids in repondants.items()},
        "par_question": {
            public: {question: ratio(ok, n) for question, (n, ok) in sorted(questions.items())}
            for public, questions in answers.items()
        },
    }


# --- Drill-down and definitions ------------------------------------------------------------------
def jeunes_ids(
    structure: Structure,
    periode: Period,
    key: str,
    category: str | None = None,
    filtre: Filtre | tuple[str, str] | None = None,
) -> list[int]:
    """The ids of the young people behind one figure of the report: `key` is the figure's
    dotted path in the JSON (`jeunes_accompagnes`, `aides.fdaj.jeunes`,
    `repartitions.jeunes_accompagnes.sexe`, `comptes.jeunes_premier_accueil.qpv`,
    `dispositifs.cej.beneficiaires`, …), `category` the category of a breakdown (`f`)."""
    report = build_report(structure, periode, filtre)
    return sorted(report.jeunes_for(key, category))


def jeunes_queryset(
    structure: Structure,
    periode: Period,
    key: str,
    category: str | None = None,
    filtre: Filtre | tuple[str, str] | None = None,
) -> QuerySet[Jeune]:
    """The young people behind one figure, as a queryset (ids in an IN list: for lists of
    tens of thousands of people on SQLite, page through `jeunes_ids` instead)."""
    ids = jeunes_ids(structure, periode, key, category, filtre)
    return Jeune.objects.filter(structure=structure, pk__in=ids)


__all__ = [
    "FORMAT",
    "Report",
    "build_report",
    "mentoring_figures",
    "jeunes_ids",
    "jeunes_queryset",
    "definitions",
    "euros",
]
