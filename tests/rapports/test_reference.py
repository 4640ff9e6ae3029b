"""The engine against a naive, independent reading of indicators.md on random datasets:
row by row in Python, no grouping, no packing, no caching."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.conf import settings

from tests.factories import CommuneFactory, ConseillerFactory, SiteFactory
from trajectoires.accompagnement.models import Evenement
from trajectoires.aides.models import Aide
from trajectoires.dispositifs.models import Inscription
from trajectoires.jeunes.models import Jeune
from trajectoires.rapports.engine import build_report
from trajectoires.rapports.periods import Period
from trajectoires.situations.enums import TYPES_PAR_CATEGORIE
from trajectoires.situations.models import Situation


NATURES = ["entretien_individuel", "atelier", "information_collective", "telephone", "sms", "autre"]
ACC = {"entretien_individuel", "atelier", "information_collective"}
CODES = ["cej", "pacea", "garantie_jeunes", "ctai"]
MOTIFS = ["emploi_durable", "emploi", "alternance", "formation", "abandon", "autre"]


def age(born: dt.date, ref: dt.date) -> int:
    # independent of the engine: birthday on 1 March for someone born on 29 February
    birthday_month, birthday_day = (3, 1) if (born.month, born.day) == (2, 29) else (born.month, born.day)
    try:
        dt.date(ref.year, 2, 29)
        leap = True
    except ValueError:
        leap = False
    if (born.month, born.day) == (2, 29) and leap:
        birthday_month, birthday_day = 2, 29
    return ref.year - born.year - ((ref.month, ref.day) < (birthday_month, birthday_day))


def day(rnd: random.Random, lo: str = "2021-06-01", span: int = 1400) -> dt.date:
    return dt.date.fromisoformat(lo) + dt.timedelta(days=rnd.randrange(span))


def populate(structure, seed: int) -> None:
    rnd = random.Random(seed)
    CommuneFactory(structure=structure, ext_id="25001", secteur="Siège", epci="GBM", zrr=False)
    CommuneFactory(structure=structure, ext_id="25002", secteur="Hors", epci="CCLL", zrr=True)
    sites = [SiteFactory(structure=structure, ext_id=f"s{i}") for i in range(3)]
    conseillers = [ConseillerFactory(structure=structure, ext_id=f"c{i}") for i in range(2)]
    jeunes = Jeune.objects.bulk_create(
        Jeune(
            structure=structure,
            ext_id=f"j{i}",
            nom="N",
            prenom="P",
            sexe=rnd.choice("fh"),
            date_naissance=rnd.choice([dt.date(2004, 2, 29), dt.date(2006, 12, 31), day(rnd, "1999-01-01", 3650)]),
            commune=rnd.choice(["25001", "25002", "39999", None]),
            qpv=rnd.choice([None, None, "Q1"]),
            niveau=rnd.choice(["vi", "vbis", "v", "iv", "iii", "i", None]),
            diplome=rnd.choice([True, False, None]),
            hebergement=rnd.choice(["parents", "foyer", None]),
            permis_b=rnd.choice([True, False, None]),
            vehicule=rnd.choice(["aucun", "automobile", "deux_roues", None]),
            enfants=rnd.choice([0, 1, None]),
            rqth=rnd.choice([True, False, None]),
            origine=rnd.choice(["entourage", None]),
            site=rnd.choice(sites + [None]),
            conseiller=rnd.choice(conseillers + [None]),
        )
        for i in range(40)
    )
    rows = []
    for j in jeunes:
        for _ in range(rnd.randrange(0, 12)):
            rows.append(
                Evenement(
                    structure=structure,
                    ext_id=f"e{len(rows)}",
                    jeune=j,
                    date=day(rnd),
                    nature=rnd.choice(NATURES),
                    honore=rnd.choice([None, True, False]),
                    site=rnd.choice(sites + [None]),
                )
            )
    Evenement.objects.bulk_create(rows)
    sits, ins, aides = [], [], []
    for j in jeunes:
        for _ in range(rnd.randrange(0, 4)):
            categorie = rnd.choice(list(TYPES_PAR_CATEGORIE))
            sits.append(
                Situation(
                    structure=structure,
                    ext_id=f"s{len(sits)}",
                    jeune=j,
                    categorie=categorie,
                    type=rnd.choice(TYPES_PAR_CATEGORIE[categorie]),
                    date_debut=day(rnd),
                )
            )
        for _ in range(rnd.randrange(0, 3)):
            entree = day(rnd)
            sortie = rnd.choice([None, entree, entree + dt.timedelta(days=rnd.randrange(1, 500))])
            ins.append(
                Inscription(
                    structure=structure,
                    ext_id=f"i{len(ins)}",
                    jeune=j,
                    dispositif=rnd.choice(CODES),
                    date_entree=entree,
                    date_sortie=sortie,
                    motif_sortie=rnd.choice(MOTIFS) if sortie else None,
                )
            )
        for _ in range(rnd.randrange(0, 3)):
            aides.append(
                Aide(
                    structure=structure,
                    ext_id=f"a{len(aides)}",
                    jeune=j,
                    date=day(rnd),
                    type=rnd.choice(["allocation_pacea", "fdaj"]),
                    montant=rnd.choice([None, "10.05", "99.99", "250"]),
                )
            )
    Situation.objects.bulk_create(sits)
    Inscription.objects.bulk_create(ins)
    Aide.objects.bulk_create(aides)


def naive(structure, p: Period, filtre: tuple[str, str] | None) -> dict:
    jeunes = {j.pk: j for j in Jeune.objects.filter(structure=structure).select_related("site", "conseiller")}
    took = [e for e in Evenement.objects.filter(structure=structure).select_related("site") if e.honore is not False]
    inscriptions = list(Inscription.objects.filter(structure=structure))
    sector = {"25001": ("Siège", "GBM", False), "25002": ("Hors", "CCLL", True)}

    def inside(d, q: Period) -> bool:
        return d is not None and q.debut <= d <= q.fin

    def scope(q: Period) -> set[int]:
        if filtre is None:
            return set(jeunes)
        key, value = filtre
        if key == "site":
            return {i for i, j in jeunes.items() if j.site and j.site.ext_id == value}
        if key == "conseiller":
            return {i for i, j in jeunes.items() if j.conseiller and j.conseiller.ext_id == value}
        if key in ("secteur", "epci"):
            n = 0 if key == "secteur" else 1
            return {i for i, j in jeunes.items() if j.commune in sector and sector[j.commune][n] == value}
        return {
            i.jeune_id
            for i in inscriptions
            if i.dispositif == value
            and i.date_entree <= q.fin
            and (i.date_sortie is None or (i.date_sortie > q.debut and i.date_sortie > i.date_entree))
        }

    first: dict[int, dt.date] = {}
    for e in sorted(took, key=lambda e: e.date):
        if e.nature == "entretien_individuel":
            first.setdefault(e.jeune_id, e.date)

    def populations(q: Period) -> dict[str, set[int]]:
        s = scope(q)
        return {
            "jeunes_en_contact": {e.jeune_id for e in took if inside(e.date, q)} & s,
            "jeunes_accompagnes": {e.jeune_id for e in took if inside(e.date, q) and e.nature in ACC} & s,
            "jeunes_entretien_individuel": {
                e.jeune_id for e in took if inside(e.date, q) and e.nature == "entretien_individuel"
            }
            & s,
            "jeunes_premier_accueil": {j for j, d in first.items() if inside(d, q)} & s,
        }

    pops = populations(p)
    s = scope(p)
    out: dict = {f"indicateurs.{k}": len(v) for k, v in pops.items()}
    out["indicateurs.entretiens_individuels"] = sum(
        1 for e in took if inside(e.date, p) and e.nature == "entretien_individuel" and e.jeune_id in s
    )
    sits = [x for x in Situation.objects.filter(structure=structure) if inside(x.date_debut, p) and x.jeune_id in s]
    out["indicateurs.entrees_emploi"] = sum(1 for x in sits if x.categorie in ("emploi", "alternance"))
    out["indicateurs.immersions_total_jeunes"] = len({x.jeune_id for x in sits if x.categorie == "immersion"})
    out["indicateurs.jeunes_acces_emploi"] = len(
        {x.jeune_id for x in sits if x.categorie in ("emploi", "alternance")} & pops["jeunes_accompagnes"]
    )
    aides = [
        a
        for a in Aide.objects.filter(structure=structure, type="allocation_pacea")
        if inside(a.date, p) and a.jeune_id in s
    ]
    out["indicateurs.aides.allocation_pacea.montant"] = float(sum((a.montant or 0) for a in aides))
    out["indicateurs.aides.allocation_pacea.jeunes"] = len({a.jeune_id for a in aides})
    out["indicateurs.jeunes_entres_dispositif"] = len(
        {i.jeune_id for i in inscriptions if inside(i.date_entree, p) and i.jeune_id in s}
    )
    for pop, ref in (("jeunes_accompagnes", lambda j: p.fin), ("jeunes_premier_accueil", lambda j: first[j])):
        people = pops[pop]
        ages = [age(jeunes[j].date_naissance, ref(j)) for j in people]
        out[f"repartitions.{pop}.age.moins_18"] = sum(a < 18 for a in ages)
        out[f"repartitions.{pop}.age.18_21"] = sum(18 <= a <= 21 for a in ages)
        out[f"repartitions.{pop}.sexe.f"] = sum(jeunes[j].sexe == "f" for j in people)
        zones = []
        for j in people:
            jj = jeunes[j]
            zones.append(
                "qpv"
                if jj.qpv
                else "inconnu"
                if not jj.commune
                else sector[jj.commune][0]
                if jj.commune in sector
                else "hors_territoire"
            )
        for zone in ("Siège", "Hors", "qpv", "hors_territoire", "inconnu"):
            out[f"repartitions.{pop}.zone.{zone}"] = zones.count(zone)
        out[f"comptes.{pop}.zrr"] = sum(
            1 for j in people if jeunes[j].commune in sector and sector[jeunes[j].commune][2]
        )
        out[f"comptes.{pop}.inconnus.zrr"] = sum(1 for j in people if jeunes[j].commune not in sector)
        sq = [(jeunes[j].niveau, jeunes[j].diplome) for j in people]
        out[f"comptes.{pop}.sans_qualification"] = sum(
            1 for n, d in sq if n in ("vi", "vbis") or (n == "v" and d is False)
        )
        out[f"comptes.{pop}.inconnus.sans_qualification"] = sum(
            1 for n, d in sq if n is None or (n == "v" and d is None)
        )
        out[f"comptes.{pop}.inconnus.infra_bac"] = sum(1 for n, d in sq if n is None or (n == "iv" and d is None))
        if pop == "jeunes_accompagnes":
            site_people = {}
            for e in took:
                if inside(e.date, p) and e.nature in ACC and e.site and e.jeune_id in people:
                    site_people.setdefault(e.site.ext_id, set()).add(e.jeune_id)
        else:
            site_people = {}
            for e in took:
                if (
                    e.nature == "entretien_individuel"
                    and e.site
                    and e.jeune_id in people
                    and e.date == first[e.jeune_id]
                ):
                    site_people.setdefault(e.site.ext_id, set()).add(e.jeune_id)
        for site in ("s0", "s1", "s2"):
            out[f"repartitions.{pop}.site.{site}"] = len(site_people.get(site, ()))
    for code in CODES:
        rows = [i for i in inscriptions if i.dispositif == code and i.jeune_id in s]
        entries = {}
        for i in sorted(rows, key=lambda i: i.date_entree):
            if inside(i.date_entree, p):
                entries.setdefault(i.jeune_id, i.date_entree)
        out[f"dispositifs.{code}.beneficiaires"] = len(entries)
        out[f"dispositifs.{code}.mineurs"] = sum(age(jeunes[j].date_naissance, d) < 18 for j, d in entries.items())
        out[f"dispositifs.{code}.presents_fin_periode"] = len(
            {i.jeune_id for i in rows if i.date_entree <= p.fin and (i.date_sortie is None or i.date_sortie > p.fin)}
        )
        if code in ("cej", "pacea", "garantie_jeunes"):
            positive = set(settings.TRAJECTOIRES_MOTIFS_SORTIE_POSITIVE)
            for window, lo in (("depuis_debut", dt.date.min), ("periode", p.debut)):
                w = Period(lo, p.fin)
                exits = [i for i in rows if inside(i.date_sortie, w)]
                base = f"suivi_dispositifs.{code}.{window}"
                out[f"{base}.entrees"] = sum(1 for i in rows if inside(i.date_entree, w))
                out[f"{base}.sorties"] = len(exits)
                out[f"{base}.sorties_positives"] = sum(1 for i in exits if i.motif_sortie in positive)
                out[f"{base}.mineurs_a_l_entree"] = sum(
                    1
                    for i in rows
                    if inside(i.date_entree, w) and age(jeunes[i.jeune_id].date_naissance, i.date_entree) < 18
                )
    for q in p.series():
        pq = populations(q)
        out[f"series.jeunes_accompagnes.{q.key}"] = len(pq["jeunes_accompagnes"])
        out[f"series.jeunes_premier_accueil.{q.key}"] = len(pq["jeunes_premier_accueil"])
    return out


def lookup(data: dict, path: str):
    section, rest = path.split(".", 1)
    node = data[section]
    if section == "indicateurs":
        return node[rest]
    for part in rest.split("."):
        node = node[part]
    return node


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "debut, fin",
    [("2024-01-01", "2024-12-31"), ("2023-03-01", "2024-02-29"), ("2022-07-14", "2022-11-30")],
)
@pytest.mark.parametrize(
    "filtre", [None, ("site", "s1"), ("secteur", "Hors"), ("conseiller", "c0"), ("dispositif", "cej")]
)
def test_engine_matches_a_naive_reading_of_the_catalogue(structure, seed, debut, fin, filtre):
    populate(structure, seed)
    p = Period(dt.date.fromisoformat(debut), dt.date.fromisoformat(fin))
    data = build_report(structure, p, filtre).data
    expected = naive(structure, p, filtre)
    got = {path: lookup(data, path) for path in expected}
    for path in expected:
        if isinstance(expected[path], float):
            assert got[path] == pytest.approx(expected[path]), path
    assert {k: v for k, v in got.items() if not isinstance(v, float)} == {
        k: v for k, v in expected.items() if not isinstance(v, float)
    }
