"""Yearly figures of a demo dataset, computed straight from its CSV files (independently of the
importer and of the report engine), to check the demo against the seeds' orders of magnitude."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path


ACCOMPAGNEMENT = {"entretien_individuel", "atelier", "information_collective"}


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _age(birth: str, at: date) -> int:
    b = date.fromisoformat(birth)
    return at.year - b.year - ((at.month, at.day) < (b.month, b.day))


def yearly(folder: Path, year: int) -> dict[str, float]:
    lo, hi = f"{year}-01-01", f"{year}-12-31"
    jeunes = {j["id"]: j for j in read(folder, "jeunes.csv")}
    first_ei: dict[str, str] = {}
    contact, accomp, ei = set(), set(), 0
    for e in read(folder, "evenements.csv"):
        if e["honore"] == "0":
            continue
        if e["nature"] == "entretien_individuel":
            if e["jeune_id"] not in first_ei or e["date"] < first_ei[e["jeune_id"]]:
                first_ei[e["jeune_id"]] = e["date"]
        if lo <= e["date"] <= hi:
            contact.add(e["jeune_id"])
            if e["nature"] in ACCOMPAGNEMENT:
                accomp.add(e["jeune_id"])
            if e["nature"] == "entretien_individuel":
                ei += 1
    primo = [j for j, d in first_ei.items() if lo <= d <= hi]
    m: dict[str, float] = {"en_contact": len(contact), "accompagnes": len(accomp), "premier_accueil": len(primo),
                           "entretiens_individuels": ei}

    def share(pop: list[str], pred) -> float:
        return round(100 * sum(1 for j in pop if pred(jeunes[j], j)) / max(1, len(pop)), 1)

    fin = date(year, 12, 31)
    for label, pop, ref_date in (("primo", primo, None), ("acc", sorted(accomp), fin)):
        m[f"{label}.femmes"] = share(pop, lambda j, i: j["sexe"] == "f")
        m[f"{label}.mineurs"] = share(
            pop,
            lambda j, i, ref_date=ref_date: (
                _age(j["date_naissance"], ref_date or date.fromisoformat(first_ei[i])) < 18
            ),
        )
        m[f"{label}.qpv"] = share(pop, lambda j, i: bool(j["qpv"]))
        m[f"{label}.sans_qualification"] = share(
            pop, lambda j, i: j["niveau"] in ("vi", "vbis") or (j["niveau"] == "v" and j["diplome"] == "0"))
        m[f"{label}.parents"] = share(pop, lambda j, i: j["hebergement"] == "parents")
        m[f"{label}.sans_vehicule"] = share(pop, lambda j, i: j["vehicule"] == "aucun")
        m[f"{label}.permis_b"] = share(pop, lambda j, i: j["permis_b"] == "1")
        m[f"{label}.enfants"] = share(pop, lambda j, i: j["enfants"] not in ("", "0"))
        m[f"{label}.rqth"] = share(pop, lambda j, i: j["rqth"] == "1")
    sit = defaultdict(int)
    sit_jeunes = defaultdict(set)
    for s in read(folder, "situations.csv"):
        if lo <= s["date_debut"] <= hi:
            key = s["categorie"] if s["categorie"] != "immersion" else f"immersion.{s['type']}"
            sit[key] += 1
            sit_jeunes[key].add(s["jeune_id"])
            if s["categorie"] in ("emploi", "alternance") and s["jeune_id"] in accomp:
                sit_jeunes["acces_emploi"].add(s["jeune_id"])
    for k in ("emploi", "alternance", "formation", "immersion.pmsmp", "volontariat", "scolarite"):
        m[f"entrees.{k}"] = sit[k]
    m["jeunes.pmsmp"] = len(sit_jeunes["immersion.pmsmp"])
    m["taux_acces_emploi"] = round(100 * len(sit_jeunes["acces_emploi"]) / max(1, len(accomp)), 1)
    entrants, par_code = set(), defaultdict(set)
    for i in read(folder, "inscriptions.csv"):
        if lo <= i["date_entree"] <= hi:
            entrants.add(i["jeune_id"])
            par_code[i["dispositif"]].add(i["jeune_id"])
    m["jeunes_entres_dispositif"] = len(entrants)
    for code in sorted(par_code):
        m[f"dispositif.{code}"] = len(par_code[code])
    aides = defaultdict(float)
    aides_j = defaultdict(set)
    for a in read(folder, "aides.csv"):
        if lo <= a["date"] <= hi:
            aides[a["type"]] += float(a["montant"] or 0)
            aides_j[a["type"]].add(a["jeune_id"])
    for t in sorted(aides):
        m[f"aide.{t}.montant"] = round(aides[t])
        m[f"aide.{t}.jeunes"] = len(aides_j[t])
    m["employeurs_contact"] = len(
        {c["employeur_id"] for c in read(folder, "contacts_employeurs.csv") if lo <= c["date"] <= hi}
    )
    m["reperes"] = sum(1 for r in read(folder, "reperes.csv") if lo <= r["date"] <= hi)
    m["parrainages_jeunes"] = len({p["jeune_id"] for p in read(folder, "parrainages.csv")
                                   if p["date_debut"] <= hi and (not p["date_fin"] or p["date_fin"] >= lo)})
    return m
