"""The demo dataset: deterministic, valid against schema.py, coherent, calibrated."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from trajectoires.demo import reference as ref
from trajectoires.demo.generator import default_jeunes, write_demo_dataset
from trajectoires.dispositifs.enums import CATALOGUE
from trajectoires.entreprises.siret import luhn_ok
from trajectoires.interchange.schema import FILES, DateRule, Kind
from trajectoires.situations.enums import TYPES_PAR_CATEGORIE
from trajectoires.structures.models import Qpv

from .measures import read, yearly


TODAY = date(2025, 6, 30)  # the previous calendar year, 2024, is a complete report year
JEUNES = 2000


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("demo")
    counts = write_demo_dataset(folder, jeunes=JEUNES, seed=7, today=TODAY)
    return folder, counts


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    return read(folder, name)


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    counts_a = write_demo_dataset(a, jeunes=300, seed=11, today=TODAY)
    counts_b = write_demo_dataset(b, jeunes=300, seed=11, today=TODAY)
    write_demo_dataset(c, jeunes=300, seed=12, today=TODAY)
    assert counts_a == counts_b
    for spec in FILES:
        assert (a / spec.name).read_bytes() == (b / spec.name).read_bytes(), spec.name
    assert (a / "jeunes.csv").read_bytes() != (c / "jeunes.csv").read_bytes()


def test_counts_match_files_and_every_file_is_written(dataset) -> None:
    folder, counts = dataset
    assert set(counts) == {spec.name for spec in FILES}
    for spec in FILES:
        with (folder / spec.name).open(encoding="utf-8", newline="") as f:
            lines = list(csv.reader(f, delimiter=";"))
        assert lines[0] == spec.column_names, spec.name  # header exactly as schema.py
        assert len(lines) - 1 == counts[spec.name], spec.name
        assert counts[spec.name] > 0, f"{spec.name} is empty"
    assert counts["jeunes.csv"] == JEUNES


DECIMAL = re.compile(r"^\d+(\.\d{1,2})?$")
INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def test_every_value_is_valid_against_the_schema(dataset) -> None:
    folder, _ = dataset
    ids: dict[str, set[str]] = {}
    local_codes = {r["id"] for r in _rows(folder, "dispositifs.csv")}
    problems: list[str] = []
    for spec in FILES:
        seen: set[str] = set()
        for n, row in enumerate(_rows(folder, spec.name), start=2):
            for col in spec.columns:
                v = row[col.name]
                where = f"{spec.name}:{n}:{col.name}={v!r}"
                if v == "":
                    if col.required:
                        problems.append(f"{where} required")
                    continue
                k = col.kind
                ok = True
                if k is Kind.ID:
                    ok = v not in seen and len(v) <= 100
                    seen.add(v)
                elif k is Kind.DATE:
                    d = date.fromisoformat(v)
                    ok = d >= date(1990, 1, 1) and (col.date_rule is not DateRule.PAST or d <= TODAY)
                elif k is Kind.BOOL:
                    ok = v in ("0", "1")
                elif k is Kind.INT:
                    ok = v.isdigit()
                elif k is Kind.DECIMAL:
                    ok = bool(DECIMAL.match(v))
                elif k is Kind.CODE:
                    ok = v in col.choices
                elif k is Kind.CODES:
                    ok = all(p in col.choices for p in v.split("|"))
                elif k is Kind.REF:
                    ok = v in ids[col.ref]
                elif k is Kind.DISPOSITIF:
                    ok = v in CATALOGUE or v in local_codes
                elif k is Kind.INSEE:
                    ok = bool(INSEE.match(v))
                elif k is Kind.SIRET:
                    ok = len(v) == 14 and v.isdigit() and luhn_ok(v)
                elif k is Kind.COUNTRY:
                    ok = bool(re.match(r"^[A-Z]{2}$", v))
                elif k is Kind.SATISFACTION:
                    ok = v in ("1", "2", "3", "4")
                if not ok:
                    problems.append(f"{where} {k.value}")
            if spec.name == "territoire.csv":
                seen.add(row["id"])
            for start, end in spec.periods:
                if row[start] and row[end] and row[end] < row[start]:
                    problems.append(f"{spec.name}:{n} {end} before {start}")
            if spec.name == "situations.csv" and row["type"] not in TYPES_PAR_CATEGORIE[row["categorie"]]:
                problems.append(f"{spec.name}:{n} type {row['type']} not of {row['categorie']}")
            if spec.name == "inscriptions.csv" and bool(row["date_sortie"]) != bool(row["motif_sortie"]):
                problems.append(f"{spec.name}:{n} motif_sortie without date_sortie or the reverse")
        ids[spec.name] = seen
    assert not problems, "\n".join(problems[:30])


def test_each_history_is_coherent(dataset) -> None:
    folder, _ = dataset
    jeunes = {j["id"]: j for j in _rows(folder, "jeunes.csv")}
    first: dict[str, str] = {}
    first_nature: dict[str, tuple[str, str]] = {}
    for e in _rows(folder, "evenements.csv"):
        if e["jeune_id"] not in first or e["date"] < first[e["jeune_id"]]:
            first[e["jeune_id"]] = e["date"]
            first_nature[e["jeune_id"]] = (e["nature"], e["honore"])
    assert set(first) == set(jeunes)  # everybody has at least one contact
    received = [j for j, (nature, _) in first_nature.items() if nature == "entretien_individuel"]
    assert len(received) > 0.9 * len(jeunes)
    assert all(first_nature[j][1] == "1" for j in received)  # the first interview took place
    for j, row in jeunes.items():
        b, f = date.fromisoformat(row["date_naissance"]), date.fromisoformat(first[j])
        age = f.year - b.year - ((f.month, f.day) < (b.month, b.day))
        assert 16 <= age <= 25, (j, age)
    dated = {"inscriptions.csv": "date_entree", "situations.csv": "date_debut", "aides.csv": "date",
             "mises_en_relation.csv": "date", "parrainages.csv": "date_debut"}
    for name, column in dated.items():
        for r in _rows(folder, name):
            assert r[column] >= first[r["jeune_id"]], (name, r)
    periods: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for i in _rows(folder, "inscriptions.csv"):
        if i["dispositif"] == "cej":
            assert i["date_entree"] >= "2022-03-01"
        if i["dispositif"] == "garantie_jeunes":
            assert i["date_entree"] <= "2022-02-28"
        if i["dispositif"] == "pacea" and i["date_sortie"]:
            assert (date.fromisoformat(i["date_sortie"]) - date.fromisoformat(i["date_entree"])).days <= 731
        if i["dispositif"] in ("cej", "pacea"):
            periods[i["jeune_id"]].append((i["date_entree"], i["date_sortie"] or "9999", i["dispositif"]))
    for spans in periods.values():  # never in PACEA and CEJ at the same time
        spans.sort()
        for (_a0, a1, ca), (b0, _b1, cb) in pairwise(spans):
            if {ca, cb} == {"cej", "pacea"}:
                assert b0 >= a1, spans
    for r in _rows(folder, "reperes.csv"):
        if r["jeune_id"]:
            assert r["date"] <= first[r["jeune_id"]]
            assert r["date_naissance"] == jeunes[r["jeune_id"]]["date_naissance"]


def test_names_include_accents_apostrophes_and_hyphens(dataset) -> None:
    folder, _ = dataset
    names = [f"{j['prenom']} {j['nom']}" for j in _rows(folder, "jeunes.csv")]
    assert any("'" in n for n in names)
    assert any("-" in n for n in names)
    assert any(re.search(r"[éèëïîôçÉ]", n) for n in names)


def test_territory_and_sites(dataset) -> None:
    folder, _ = dataset
    communes = _rows(folder, "territoire.csv")
    assert len(communes) == 324
    by_insee = {c["id"]: c for c in communes}
    assert by_insee["25056"]["secteur"] == "Besançon"
    assert by_insee["25377"]["zrr"] == "1"  # Mésandans, ZRR in the 2021 report
    assert by_insee["25056"]["zrr"] == "0"
    assert {s["type"] for s in _rows(folder, "sites.csv")} == {"siege", "site", "quartier", "antenne", "permanence"}
    qpv = {j["qpv"] for j in _rows(folder, "jeunes.csv") if j["qpv"]}
    assert qpv and all(q.startswith("QPV-DEMO-") for q in qpv)
    assert max(len(q) for q in ref.QPV_NOMS) <= Qpv._meta.get_field("code").max_length
    assert qpv <= set(ref.QPV_NOMS)


def test_shares_close_to_the_seeds(dataset) -> None:
    folder, _ = dataset
    scale = JEUNES / default_jeunes(TODAY)
    m = yearly(folder, 2024)
    # volumes, per default-size Mission Locale
    assert 1350 < m["premier_accueil"] / scale < 1850
    assert 3000 < m["accompagnes"] / scale < 4000
    assert 1.12 < m["en_contact"] / m["accompagnes"] < 1.45
    assert 3.2 < m["entretiens_individuels"] / m["accompagnes"] < 5.0
    assert 1900 < (m["entrees.emploi"] + m["entrees.alternance"]) / scale < 3300
    assert 400 < m["entrees.formation"] / scale < 900
    assert 250 < m["entrees.immersion.pmsmp"] / scale < 700
    assert 1300 < m["jeunes_entres_dispositif"] / scale < 2400
    # profile shares (%), averaged over three years (about 650 first receptions at this size)
    years = [m] + [yearly(folder, y) for y in (2022, 2023)]
    m = {k: sum(y.get(k, 0) for y in years) / 3 for k in m}
    assert 40 <= m["primo.femmes"] <= 52
    assert 20 <= m["primo.mineurs"] <= 32
    assert 16 <= m["primo.qpv"] <= 30
    assert 41 <= m["primo.sans_qualification"] <= 56
    assert 44 <= m["primo.parents"] <= 60
    assert 71 <= m["primo.sans_vehicule"] <= 86
    assert 18 <= m["primo.permis_b"] <= 33
    assert 2 <= m["primo.enfants"] <= 11
    assert 0.5 <= m["primo.rqth"] <= 6
    # accompanied: fewer minors, more QPV than first receptions
    assert m["acc.mineurs"] < m["primo.mineurs"]
    assert 18 <= m["acc.qpv"] <= 34
    # programmes of the period
    m = years[0]
    assert m.get("dispositif.garantie_jeunes", 0) == 0 and m["dispositif.cej"] > 0
    pacea_avg = m["aide.allocation_pacea.montant"] / max(1, m["aide.allocation_pacea.jeunes"])
    assert 300 < pacea_avg < 750


def test_garantie_jeunes_before_cej(dataset) -> None:
    folder, _ = dataset
    m = yearly(folder, 2021)
    assert m["dispositif.garantie_jeunes"] > 0 and m.get("dispositif.cej", 0) == 0


def test_scales_with_jeunes(tmp_path: Path) -> None:
    small = write_demo_dataset(tmp_path / "s", jeunes=400, seed=3, today=TODAY)
    large = write_demo_dataset(tmp_path / "l", jeunes=1600, seed=3, today=TODAY)
    for name in ("evenements.csv", "situations.csv", "inscriptions.csv", "employeurs.csv", "contacts_employeurs.csv"):
        assert 3.0 < large[name] / small[name] < 5.0, name
    assert large["territoire.csv"] == small["territoire.csv"] == 324


@pytest.mark.slow  # about 15 to 20 s; runs in CI and in `make test` (skip it locally with -m "not slow")
def test_default_demo_matches_the_seeds_orders_of_magnitude(tmp_path: Path) -> None:
    """The default demo (about 15 000 young people), previous calendar year, against the seeds."""
    counts = write_demo_dataset(tmp_path, seed=2024, today=TODAY)
    assert counts["jeunes.csv"] == default_jeunes(TODAY)
    m = yearly(tmp_path, 2024)
    assert 1450 <= m["premier_accueil"] <= 1750  # 1 571 in 2024
    assert 3200 <= m["accompagnes"] <= 3800  # 3 484
    assert 4000 <= m["en_contact"] <= 4900  # 4 493 in 2021
    assert 13000 <= m["entretiens_individuels"] <= 16500  # 14 656 in 2021
    assert 1500 <= m["jeunes_entres_dispositif"] <= 2200  # 1 713
    assert 450 <= m["dispositif.cej"] <= 700  # 531
    assert 700 <= m["dispositif.pacea"] <= 1050  # 854
    assert 80_000 <= m["aide.allocation_pacea.montant"] <= 140_000  # 110 406 €
    assert 280 <= m["employeurs_contact"] <= 520  # 353 (2024), 495 (2021)
    assert 120 <= m["reperes"] <= 240  # 172
