"""The demo Mission Locale: a deterministic, streamed generator of a complete interchange dataset.

`write_demo_dataset(dest, jeunes=N, seed=S, today=D)` writes every file of the interchange
format (headers from `trajectoires.interchange.schema`) and returns the row count per file.
The volumes are calibrated on the activity reports of the Mission Locale of Besançon (2021 and
2024, see docs/demo.md) for the default size, and scale with `jeunes`. Young people are written
one at a time with their whole history (events, programmes, situations, help, matches,
pairings), so memory does not grow with their number.

History: the last five full calendar years plus the current year to date are "the window";
young people already followed when it opens get their first reception up to three years
before (warm-up), so that the first window year is as full as the others.
"""

from __future__ import annotations

import bisect
import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from faker import Faker

from trajectoires.demo import reference as ref
from trajectoires.entreprises.siret import luhn_ok
from trajectoires.interchange.schema import FILES


# --- Calibration (default demo, per calendar year; seeds: Besançon 2021 and 2024) ------------
PRIMO_PAR_AN = 1600  # 1 688 (2021), 1 571 (2024)
WARMUP_YEARS = 3
CONTACT_SEUL = 0.05  # young people never received in individual interview (phone/mail only)
CEJ_DEBUT = date(2022, 3, 1).toordinal()  # décret 2022-199
GJ_FIN = date(2022, 2, 28).toordinal()
REPERAGE_DEBUT = date(2019, 10, 1).toordinal()  # KAF'Truck project, autumn 2019
OBLIGATION_DEBUT = date(2020, 9, 1).toordinal()  # obligation de formation 16-18, Sept. 2020

AGES = ((16, 12), (17, 14), (18, 14), (19, 13), (20, 11), (21, 10), (22, 9), (23, 7), (24, 6), (25, 4))
HEBERGEMENT = (("parents", 44.5), ("autonome", 19.5), ("famille", 10.9), ("foyer", 8.5), ("amis", 6.0),
               ("sans", 3.1), ("", 0.8))
ORIGINE = (("entourage", 20), ("demarche_personnelle", 16), ("mission_locale", 28), ("france_travail", 14),
           ("education", 8), ("intervenant_social", 9), ("entreprise", 1.5), ("autre", 2.5), ("", 1))
# niveau -> (weight, probability that the level was validated by a diploma)
NIVEAUX = (("vi", 8, 0.0), ("vbis", 10, 0.0), ("v", 42, 0.29), ("iv", 31, 0.80), ("iii", 6, 0.85),
           ("ii", 1.5, 0.9), ("i", 0.5, 0.95), ("", 1.0, 0.0))
SECTEURS_RESIDENCE = (
    (ref.SECTEUR_BESANCON, 61.0), ("Grand Besançon (hors Besançon)", 16.0), ("Loue-Lison", 5.5),
    ("Doubs Baumois et Sancey", 7.5), ("Deux Vallées Vertes", 4.0), ("Val Marnaysien", 3.5),
    ("hors", 1.8), ("", 0.7),
)
QPV_BESANCON = 0.38  # share of Besançon residents living in a QPV

# Programme exit motifs: (motif, weight). Positive = emploi_durable, alternance,
# formation_qualifiante, creation_entreprise (CEJ 2022-2024: 26,25 % of exits).
MOTIFS_CEJ = (("emploi_durable", 11), ("alternance", 6), ("formation_qualifiante", 8.5), ("creation_entreprise", 0.75),
              ("emploi", 14), ("formation", 8), ("service_civique", 2), ("fin_de_parcours", 22), ("abandon", 16),
              ("demenagement", 5), ("exclusion", 3), ("autre", 3.75))
MOTIFS_GJ = (("emploi_durable", 12), ("alternance", 6), ("formation_qualifiante", 8), ("creation_entreprise", 0.5),
             ("emploi", 14), ("formation", 9), ("service_civique", 2), ("fin_de_parcours", 30), ("abandon", 10),
             ("demenagement", 4), ("exclusion", 3), ("autre", 1.5))
MOTIFS_FIN = (("emploi_durable", 11), ("emploi", 13), ("alternance", 6), ("formation_qualifiante", 6),
              ("formation", 5), ("creation_entreprise", 1), ("service_civique", 2), ("fin_de_parcours", 28),
              ("abandon", 22), ("demenagement", 4), ("exclusion", 0.5), ("autre", 1.5))
MOTIFS_ACTION = (("fin_de_parcours", 70), ("abandon", 12), ("emploi", 6), ("formation", 6), ("demenagement", 3),
                 ("autre", 3))

# Situations drawn during follow-up: (categorie, type, weight, min days, max days or 0 = open-ended)
SITUATIONS = (
    ("emploi", "interim", 22.0, 3, 60), ("emploi", "cdd", 19.0, 20, 270), ("emploi", "cdi", 5.5, 0, 0),
    ("emploi", "iae", 3.0, 120, 365), ("emploi", "pec", 1.6, 180, 365), ("emploi", "cie", 0.2, 180, 365),
    ("emploi", "creation", 0.3, 0, 0), ("emploi", "autre", 3.0, 10, 120),
    ("alternance", "apprentissage", 9.0, 300, 730), ("alternance", "professionnalisation", 2.5, 180, 540),
    ("formation", "qualifiante", 7.0, 90, 300), ("formation", "pre_qualifiante", 5.5, 30, 150),
    ("formation", "poe", 1.6, 20, 90), ("formation", "autre", 1.5, 5, 60),
    ("immersion", "pmsmp", 18.0, 5, 30), ("immersion", "stage", 0.4, 10, 60), ("immersion", "autre", 0.1, 5, 20),
    ("volontariat", "service_civique", 1.9, 180, 300), ("volontariat", "autre", 0.3, 30, 180),
)
# Situation implied by a programme exit motif: motif -> (categorie, [(type, weight)], min, max days)
SITUATION_DE_SORTIE = {
    "emploi_durable": ("emploi", (("cdi", 45), ("cdd", 45), ("interim", 10)), 183, 400),
    "emploi": ("emploi", (("cdd", 50), ("interim", 50)), 10, 150),
    "alternance": ("alternance", (("apprentissage", 80), ("professionnalisation", 20)), 300, 730),
    "formation_qualifiante": ("formation", (("qualifiante", 100),), 120, 300),
    "formation": ("formation", (("pre_qualifiante", 70), ("poe", 30)), 30, 120),
    "creation_entreprise": ("emploi", (("creation", 100),), 0, 0),
    "service_civique": ("volontariat", (("service_civique", 100),), 180, 300),
}
TYPES_OFFRE = (("cdd", 30), ("cdi", 18), ("interim", 15), ("apprentissage", 20), ("professionnalisation", 6),
               ("pec", 5), ("iae", 4), ("autre", 2))

# Allowances. Amounts are plausible demo values, not official scales: the monthly amounts follow
# the order of magnitude of the GJ/CEJ maxima cited in docs (shared domain notes), with a share
# of reduced (degressive) payments; PACEA, FDAJ, transport and driving-licence help are drawn to
# reproduce the seeds' yearly totals (PACEA 2024: 110 406 € for 217 young people).
GJ_MENSUEL = ((0, 484.82), (date(2019, 4, 1).toordinal(), 492.57), (date(2020, 4, 1).toordinal(), 497.01),
              (date(2021, 4, 1).toordinal(), 497.50))
CEJ_MENSUEL = ((0, 500.0, 200.0), (date(2022, 7, 1).toordinal(), 520.0, 208.0),
               (date(2023, 4, 1).toordinal(), 528.0, 211.2), (date(2024, 4, 1).toordinal(), 552.29, 220.92),
               (date(2025, 4, 1).toordinal(), 561.68, 224.68))


def _cum(pairs: tuple) -> tuple[list, list[float]]:
    values, cum, total = [], [], 0.0
    for value, weight, *_ in pairs:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


class Weighted:
    """A weighted choice with precomputed cumulative weights."""

    def __init__(self, pairs: tuple) -> None:
        self.values, self.cum = _cum(pairs)
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


W_AGE = Weighted(AGES)
W_HEB = Weighted(HEBERGEMENT)
W_ORIG = Weighted(ORIGINE)
W_NIV = Weighted(tuple((n, w) for n, w, _ in NIVEAUX))
P_DIPLOME = {n: p for n, _, p in NIVEAUX}
W_SECT = Weighted(SECTEURS_RESIDENCE)
W_QPV = Weighted(ref.QPV_DEMO)
W_NAT = Weighted(ref.NATIONALITES)
W_THEME = Weighted(ref.THEMES_POIDS)
W_SIT = Weighted(tuple(((c, t, lo, hi), w) for c, t, w, lo, hi in SITUATIONS))
W_SIT_EMPLOI = Weighted(tuple(((c, t, lo, hi), w) for c, t, w, lo, hi in SITUATIONS if c in ("emploi", "alternance")))
W_CEJ, W_GJ, W_FIN, W_ACTION = Weighted(MOTIFS_CEJ), Weighted(MOTIFS_GJ), Weighted(MOTIFS_FIN), Weighted(MOTIFS_ACTION)
W_OFFRE = Weighted(TYPES_OFFRE)
# Recorded meetings with the mentor per pairing (2024 report: about 2 a year per mentor).
W_ENTRETIENS = Weighted(((0, 68), (1, 24), (2, 6), (3, 2)))
# Repérés per outreach action, by channel (2024: lists and events bring the most).
REPERES_PAR_ACTION = {
    "kaf_truck": 0.6,
    "maraude": 0.9,
    "evenement": 0.9,
    "en_ligne": 1.0,
    "liste": 3.0,
    "ilotage": 0.6,
}
W_CONTACT = Weighted((("visite", 22), ("telephone", 35), ("mail", 18), ("evenement", 8), ("offre", 14), ("autre", 3)))
W_SITE = {k: Weighted(v) for k, v in ref.SITE_PAR_SECTEUR.items()}
W_ECO = Weighted(tuple((s, s.poids) for s in ref.SECTEURS_ECO))
MONTH_WEIGHT = (1.0, 0.95, 1.05, 0.95, 0.9, 0.95, 0.85, 0.55, 1.35, 1.25, 1.1, 0.8)


EVENT_COLUMNS = ["id", "jeune_id", "date", "nature", "honore", "site_id", "conseiller_id", "themes"]


# --- Output -----------------------------------------------------------------------------------
class Out:
    """One CSV writer per file of the format, header from schema.py, counts per file."""

    def __init__(self, dest: Path) -> None:
        dest.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, Any] = {}
        self.writers: dict[str, Any] = {}
        self.columns: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}
        for spec in FILES:
            f = (dest / spec.name).open("w", encoding="utf-8", newline="")
            w = csv.writer(f, delimiter=";", lineterminator="\n")
            w.writerow(spec.column_names)
            self.files[spec.stem], self.writers[spec.stem] = f, w
            self.columns[spec.stem] = spec.column_names
            self.counts[spec.name] = 0
        if self.columns["evenements"] != EVENT_COLUMNS:  # Jeune.flush writes events in this order
            raise RuntimeError(f"evenements.csv columns changed in schema.py: {self.columns['evenements']}")

    def row(self, stem: str, values: dict[str, Any]) -> None:
        self.writers[stem].writerow([values.get(c, "") for c in self.columns[stem]])
        self.counts[stem + ".csv"] += 1

    def raw(self, stem: str, values: list[str]) -> None:
        """A row already in the file's column order (the hot path of evenements.csv)."""
        self.writers[stem].writerow(values)
        self.counts[stem + ".csv"] += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()


@dataclass
class Post:
    """A staff post: a team (site with its own counsellors), a kind, successive holders."""

    team: str
    kind: str  # "acc" (accompaniment), "cre" (employer relations), "rep" (outreach)
    holders: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, conseiller id)

    def at(self, d: int) -> str:
        for start, end, cid in self.holders:
            if d < end:
                return cid if d >= start else self.holders[0][2]
        return self.holders[-1][2]


@dataclass
class Offer:
    id: str
    employeur: str
    type: str
    pub: int
    close: int


class Demo:
    def __init__(self, dest: Path, jeunes: int | None, seed: int, today: date | None) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.today_d = today or date.today()
        self.today = self.today_d.toordinal()
        self.window_start = date(self.today_d.year - 5, 1, 1).toordinal()
        self.start = date(self.today_d.year - 5 - WARMUP_YEARS, 1, 1).toordinal()
        years = (self.today - self.start + 1) / 365.25
        self.default_jeunes = round(PRIMO_PAR_AN * years / (1 - CONTACT_SEUL))
        self.n_jeunes = self.default_jeunes if jeunes is None else max(1, int(jeunes))
        self.scale = self.n_jeunes / self.default_jeunes
        self.out = Out(dest)
        self._iso: dict[int, str] = {}
        self.ids: dict[str, int] = {}
        self.communes = ref.load_communes()
        self.by_secteur: dict[str, Weighted] = {}
        for sect in sorted({c.secteur for c in self.communes}):
            self.by_secteur[sect] = Weighted(
                tuple((c, max(c.population, 30)) for c in self.communes if c.secteur == sect)
            )
        self.commune_by_insee = {c.insee: c for c in self.communes}
        self.theme_pool = [self._themes() for _ in range(1024)]

    def _themes(self) -> str:
        rng = self.rng
        chosen = {W_THEME(rng) for _ in range(1 + (rng.random() < 0.45) + (rng.random() < 0.15))}
        return "|".join(t for t, _ in ref.THEMES_POIDS if t in chosen)

    # helpers -------------------------------------------------------------------------------
    def iso(self, d: int) -> str:
        s = self._iso.get(d)
        if s is None:
            s = self._iso[d] = date.fromordinal(d).isoformat()
        return s

    def next_id(self, prefix: str, width: int) -> str:
        n = self.ids.get(prefix, 0) + 1
        self.ids[prefix] = n
        return f"{prefix}{n:0{width}d}"

    def scaled(self, n: float, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))

    def weekday(self, d: int) -> int:
        """The same day or the next working day (Monday-Friday)."""
        wd = (d - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
        return d + (7 - wd if wd >= 5 else 0)

    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, round(self.rng.gauss(lam, math.sqrt(lam))))
        k, p, limit = 0, 1.0, math.exp(-lam)
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def nom(self) -> str:
        r = self.rng.random()
        if r < 0.02:
            return self.rng.choice(ref.NOMS_PARTICULIERS)
        if r < 0.05:
            return f"{self.fake.last_name()}-{self.fake.last_name()}"
        return self.fake.last_name()

    def prenom(self, sexe: str) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(ref.PRENOMS_F if sexe == "f" else ref.PRENOMS_H)
        return self.fake.first_name_female() if sexe == "f" else self.fake.first_name_male()

    # reference files -------------------------------------------------------------------------
    def write_reference(self) -> None:
        for c in self.communes:
            self.out.row("territoire", {"id": c.insee, "nom": c.nom, "epci": c.epci, "secteur": c.secteur,
                                        "zrr": "1" if c.zrr else "0"})
        for s in ref.SITES:
            self.out.row("sites", {"id": s.id, "nom": s.nom, "type": s.type, "commune": s.commune})
        self.site_open = {s.id: (date.fromisoformat(s.opened).toordinal() if s.opened else 0) for s in ref.SITES}
        self.site_team = {s.id: s.team for s in ref.SITES}
        self.write_staff()
        local = (("en_marche_au_feminin", "En marche au féminin – sport et santé", date(2023, 9, 1), None),
                 ("osez_le_numerique", "Osez le numérique !", date(2021, 4, 1), date(2021, 12, 31)))
        self.local_dispositifs = {}
        for code, nom, debut, fin in local:
            if self.start <= debut.toordinal() <= self.today:
                self.local_dispositifs[code] = (debut.toordinal(), fin.toordinal() if fin else None)
                self.out.row(
                    "dispositifs",
                    {
                        "id": code,
                        "nom": nom,
                        "echelon": "local",
                        "date_debut": debut.isoformat(),
                        "date_fin": fin.isoformat() if fin else "",
                    },
                )

    def write_staff(self) -> None:
        rng = self.rng
        self.posts: list[Post] = []
        kinds = [(team, "acc", n) for team, n in ref.POSTES.items()]
        kinds += [("S01", "cre", ref.POSTES_CRE), ("S01", "rep", ref.POSTES_REPERAGE)]
        for team, kind, n in kinds:
            for _ in range(self.scaled(n)):
                self.posts.append(Post(team, kind))
        never = 10**7
        for post in self.posts:
            start = self.start - _ri(rng, 0, 6 * 365)
            while True:
                cid = self.next_id("C", 3)
                tenure = int(rng.uniform(1.5, 9.0) * 365)
                end = start + tenure
                if end >= self.today:
                    end = never
                post.holders.append((start, end, cid))
                prenom = self.fake.first_name_female() if rng.random() < 0.78 else self.fake.first_name_male()
                self.out.row("conseillers", {"id": cid, "nom": self.nom(), "prenom": prenom,
                                             "site_id": post.team, "actif": "1" if end == never else "0"})
                if end == never:
                    break
                start = end
        self.acc_posts: dict[str, list[Post]] = {}
        for post in self.posts:
            if post.kind == "acc":
                self.acc_posts.setdefault(post.team, []).append(post)
        self.cre_posts = [p for p in self.posts if p.kind == "cre"]
        self.rep_posts = [p for p in self.posts if p.kind == "rep"]

    # employers, offers --------------------------------------------------------------------------
    def siret(self) -> str:
        def luhn_complete(digits: str) -> str:
            for last in "0123456789":
                if luhn_ok(digits + last):
                    return digits + last
            raise AssertionError

        siren = luhn_complete("".join(str(_ri(self.rng, 0, 9)) for _ in range(8)))
        return luhn_complete(siren + f"{_ri(self.rng, 1, 99):04d}")

    def write_employers(self) -> None:
        rng = self.rng
        self.employers: list[str] = []
        offers: list[Offer] = []
        sirets: set[str] = set()
        self._offer_titles: dict[str, str] = {}
        self._offer_postes: dict[str, str] = {}
        n = self.scaled(3000, 30)
        besancon, gbm = self.by_secteur[ref.SECTEUR_BESANCON], self.by_secteur["Grand Besançon (hors Besançon)"]
        for _ in range(n):
            eid = self.next_id("EMP", 5)
            sect = W_ECO(rng)
            name = rng.choice(sect.noms).format(N=self.fake.last_name(), L=rng.choice(ref.LIEUX_DITS),
                                                A=rng.choice(ref.ARBRES))
            r = rng.random()
            if r < 0.45:
                commune = besancon(rng).insee
            elif r < 0.70:
                commune = gbm(rng).insee
            elif r < 0.92:
                commune = self.communes[_rr(rng, len(self.communes))].insee
            else:
                commune = rng.choice(ref.HORS_TERRITOIRE)
            siret = self.siret() if rng.random() < 0.93 else ""
            while siret in sirets:
                siret = self.siret()
            if siret:
                sirets.add(siret)
            self.out.row("employeurs", {"id": eid, "raison_sociale": name, "siret": siret, "commune": commune,
                                        "naf": rng.choice(sect.naf) if rng.random() < 0.95 else ""})
            self.employers.append(eid)
            if rng.random() < 0.62:
                self.employer_contacts(eid, sect, offers)
        offers.sort(key=lambda o: (o.pub, o.id))
        self.offers = offers
        self.offer_pub = [o.pub for o in offers]
        for o in offers:
            sect_titles = self._offer_titles[o.id]
            self.out.row(
                "offres",
                {
                    "id": o.id,
                    "employeur_id": o.employeur,
                    "intitule": sect_titles,
                    "type_contrat": o.type,
                    "date_publication": self.iso(o.pub),
                    "date_cloture": self.iso(o.close) if o.close else "",
                    "postes": self._offer_postes[o.id],
                },
            )
        del self._offer_titles, self._offer_postes


    def employer_contacts(self, eid: str, sect: ref.Secteur, offers: list[Offer]) -> None:
        """Contacts with one employer: a first contact, then 1-4 a year while the relation
        lasts (continued each year with probability 0.45); offers come with "offre" contacts."""
        rng = self.rng
        first = self.weekday(_ri(rng, self.start, self.today))
        year = date.fromordinal(first).year
        while True:
            lo = max(first, date(year, 1, 1).toordinal())
            hi = min(self.today, date(year, 12, 31).toordinal())
            if hi < lo:
                break
            days = sorted(min(hi, self.weekday(_ri(rng, lo, hi))) for _ in range(self.poisson(1.2)))
            if lo == first:
                days.insert(0, first)
            for d in days:
                nature = W_CONTACT(rng) if d != first else rng.choice(("visite", "telephone", "evenement"))
                post = rng.choice(self.cre_posts) if rng.random() < 0.8 else rng.choice(self.posts)
                self.out.row(
                    "contacts_employeurs",
                    {
                        "id": self.next_id("CE", 6),
                        "employeur_id": eid,
                        "date": self.iso(d),
                        "nature": nature,
                        "conseiller_id": post.at(d),
                    },
                )
                if nature == "offre" or (d == first and rng.random() < 0.15):
                    for _ in range(1 + self.poisson(0.6)):
                        oid = self.next_id("O", 6)
                        offers.append(Offer(oid, eid, W_OFFRE(rng), d, d + _ri(rng, 10, 75)))
                        self._offer_titles[oid] = rng.choice(sect.metiers)
                        self._offer_postes[oid] = "" if rng.random() < 0.6 else str(_ri(rng, 1, 4))
            year += 1
            if rng.random() > 0.5:
                break

    # mentors, outreach, training obligation, events, satisfaction ------------------------------
    def write_parrains(self) -> None:
        rng = self.rng
        self.parrains: list[tuple[str, int, int]] = []
        for _ in range(self.scaled(40, 4)):
            pid = self.next_id("P", 3)
            entree = self.start - _ri(rng, 0, 4 * 365) if rng.random() < 0.5 else _ri(rng, self.start, self.today - 60)
            sortie = entree + _ri(rng, 365, 7 * 365) if rng.random() < 0.4 else 0
            if sortie and sortie > self.today - 30:
                sortie = 0
            statut = "retraite" if rng.random() < 0.7 else "actif"
            sexe = "f" if rng.random() < 0.5 else "h"
            self.out.row(
                "parrains",
                {
                    "id": pid,
                    "nom": self.fake.last_name(),
                    "prenom": self.fake.first_name_female() if sexe == "f" else self.fake.first_name_male(),
                    "statut": statut,
                    "date_entree": self.iso(entree),
                    "date_sortie": self.iso(sortie) if sortie else "",
                },
            )
            self.parrains.append((pid, entree, sortie or 10**7))

    def write_reperage(self) -> None:
        rng = self.rng
        canaux = Weighted((("kaf_truck", 34), ("maraude", 20), ("evenement", 26), ("en_ligne", 6), ("liste", 8),
                           ("ilotage", 12)))
        lieux = {"kaf_truck": (("pied_immeuble", 45), ("piscine_plage", 25), ("evenement", 20), ("autre", 10)),
                 "maraude": (("pied_immeuble", 60), ("autre", 40)), "evenement": (("evenement", 100),),
                 "en_ligne": (("", 100),), "liste": (("jdc", 60), ("partenaire", 40)),
                 "ilotage": (("partenaire", 70), ("autre", 30))}
        w_lieux = {k: Weighted(v) for k, v in lieux.items()}
        actions: list[tuple[int, str]] = []
        debut = max(self.start, REPERAGE_DEBUT)
        for year in range(date.fromordinal(debut).year, self.today_d.year + 1):
            y0, y1 = max(debut, date(year, 1, 1).toordinal()), min(self.today, date(year, 12, 31).toordinal())
            if y1 < y0:
                continue
            share = (y1 - y0 + 1) / 365
            for _ in range(self.scaled(110 * share, 1)):
                canal = canaux(rng)
                if canal == "kaf_truck":
                    lo, hi = max(y0, date(year, 3, 1).toordinal()), min(y1, date(year, 10, 31).toordinal())
                    if hi < lo:
                        canal, lo, hi = "liste", y0, y1
                else:
                    lo, hi = y0, y1
                d = min(self.weekday(_ri(rng, lo, hi)), self.today)
                aid = self.next_id("AR", 5)
                lieu = w_lieux[canal](rng)
                personnes = {"kaf_truck": (8, 40), "maraude": (10, 50), "evenement": (20, 120), "en_ligne": (5, 30),
                             "liste": (10, 60), "ilotage": (3, 15)}[canal]
                pr = _ri(rng, *personnes)
                self.out.row("actions_reperage", {
                    "id": aid, "date": self.iso(d), "canal": canal, "lieu": lieu,
                    "heures": f"{rng.choice((3, 4, 6, 8, 12, 16, 20, 24))}" if rng.random() < 0.95 else "",
                    "personnes_rencontrees": str(pr), "jeunes_contactes": str(max(1, int(pr * rng.uniform(0.4, 0.9)))),
                })
                actions.append((d, aid))
                for _ in range(self.poisson(REPERES_PAR_ACTION[canal])):
                    age = _ri(rng, 16, 29)
                    self.out.row(
                        "reperes",
                        {
                            "id": self.next_id("RP", 6),
                            "action_id": aid,
                            "date": self.iso(d),
                            "sexe": "h" if rng.random() < 0.65 else "f",
                            "date_naissance": self.iso(d - age * 365 - _ri(rng, 10, 350))
                            if rng.random() < 0.8
                            else "",
                            "commune": self.by_secteur[ref.SECTEUR_BESANCON](rng).insee if rng.random() < 0.7 else "",
                        },
                    )
        actions.sort()
        self.action_dates = [a[0] for a in actions]
        self.action_ids = [a[1] for a in actions]

    def write_obligation_formation(self) -> None:
        rng = self.rng
        statuts = Weighted((("injoignable", 30), ("refus", 10), ("hors_champ", 22), ("signale_departement", 8),
                            ("contacte", 15), ("convoque", 10), ("a_contacter", 5)))
        debut = max(self.start, OBLIGATION_DEBUT)
        n = self.scaled(90 * (self.today - debut) / 365, 0)
        for _ in range(n):
            d = self.weekday(_ri(rng, debut, self.today - 3))
            d = min(d, self.today)
            statut = statuts(rng)
            sexe = "h" if rng.random() < 0.6 else "f"
            self.out.row(
                "obligation_formation",
                {
                    "id": self.next_id("OF", 6),
                    "jeune_id": "",
                    "nom": self.nom(),
                    "prenom": self.prenom(sexe),
                    "date_naissance": self.iso(d - _ri(rng, 16 * 365 + 10, 17 * 365 + 350)),
                    "date_signalement": self.iso(d),
                    "source": Weighted((("rio", 60), ("cio", 20), ("etablissement", 15), ("autre", 5)))(rng),
                    "statut": statut,
                    "date_statut": self.iso(d if statut == "a_contacter" else d + _ri(rng, 3, 60)),
                },
            )

    def write_manifestations(self) -> None:
        rng = self.rng
        for year in range(date.fromordinal(self.start).year, self.today_d.year + 1):
            for month, day, titre, typ, jeunes, partenaires in ref.MANIFESTATIONS:
                d = self.weekday(date(year, month, day).toordinal())
                if d > self.today or d < self.start or rng.random() < 0.1:
                    continue
                self.out.row(
                    "manifestations",
                    {
                        "id": self.next_id("M", 4),
                        "date": self.iso(d),
                        "titre": titre,
                        "type": typ,
                        "jeunes": str(max(1, round(jeunes * self.scale * rng.uniform(0.75, 1.2)))),
                        "partenaires": str(max(1, round(partenaires * min(1.0, self.scale) * rng.uniform(0.8, 1.2)))),
                    },
                )

    def write_satisfaction(self) -> None:
        rng = self.rng
        answers_j = Weighted(((4, 52), (3, 38), (2, 7), (1, 3)))
        answers_e = Weighted(((4, 45), (3, 45), (2, 8), (1, 2)))
        for year in range(date.fromordinal(self.window_start).year, self.today_d.year + 1):
            lo, hi = date(year, 7, 1).toordinal(), date(year, 9, 30).toordinal()
            if hi > self.today:
                continue
            for public, n, questions, answers in (("jeune", 208, ref.QUESTIONS_JEUNES, answers_j),
                                                  ("employeur", 38, ref.QUESTIONS_EMPLOYEURS, answers_e)):
                for k in range(self.scaled(n * rng.uniform(0.85, 1.15))):
                    rid = f"{'RJ' if public == 'jeune' else 'RE'}{year}-{k + 1:05d}"
                    d = _ri(rng, lo, hi)
                    for q in questions:
                        if rng.random() < 0.04:
                            continue
                        self.out.row(
                            "satisfaction",
                            {
                                "id": self.next_id("SAT", 7),
                                "repondant": rid,
                                "public": public,
                                "date": self.iso(d),
                                "question": q,
                                "reponse": str(answers(rng)),
                            },
                        )

    # young people ------------------------------------------------------------------------------
    def first_contacts(self) -> list[int]:
        days, weights = [], []
        for d in range(self.start, self.today + 1):
            dd = date.fromordinal(d)
            if dd.weekday() >= 5:
                continue
            days.append(d)
            weights.append(MONTH_WEIGHT[dd.month - 1])
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        return sorted(days[bisect.bisect_right(cum, self.rng.random() * total)] for _ in range(self.n_jeunes))

    def write_jeunes(self) -> None:
        for n, t0 in enumerate(self.first_contacts(), start=1):
            Jeune(self, n, t0).write()


def _ri(rng: random.Random, a: int, b: int) -> int:
    """A uniform integer in [a, b] (faster than Random.randint, same determinism)."""
    return a + int(rng.random() * (b - a + 1))


def _rr(rng: random.Random, a: int, b: int | None = None) -> int:
    """A uniform integer in [a, b) or, with one argument, in [0, a)."""
    if b is None:
        a, b = 0, a
    return a + int(rng.random() * (b - a))


def _full_years(birth: int, d: int) -> int:
    b, x = date.fromordinal(birth), date.fromordinal(d)
    return x.year - b.year - ((x.month, x.day) < (b.month, b.day))


class Jeune:
    """One young person and their whole history, written as soon as generated."""

    def __init__(self, demo: Demo, n: int, t0: int) -> None:
        self.d, self.rng, self.t0 = demo, demo.rng, t0
        self.id = f"J{n:06d}"
        self.events: list[tuple[int, str, str, str, str, str]] = []
        self.situations: list[tuple[int, int]] = []  # (start, end) for overlap-free job draws

    # profile -------------------------------------------------------------------------------
    def profile(self) -> None:
        rng, d = self.rng, self.d
        self.sexe = "f" if rng.random() < 0.465 else "h"
        age = W_AGE(rng)
        self.birth = self.t0 - age * 365 - age // 4 - _ri(rng, 3, 360)
        self.age0 = _full_years(self.birth, self.t0)
        self.end_age = date.fromordinal(self.birth).replace(day=1).toordinal() + 26 * 365 + 6
        sect = W_SECT(rng)
        self.qpv = ""
        if sect == "hors":
            self.commune, self.secteur, self.zrr = rng.choice(ref.HORS_TERRITOIRE), "", False
        elif sect == "":
            self.commune, self.secteur, self.zrr = "", "", False
        else:
            c = d.by_secteur[sect](rng)
            self.commune, self.secteur, self.zrr = c.insee, sect, c.zrr
            if c.insee == ref.BESANCON and rng.random() < QPV_BESANCON:
                self.qpv = W_QPV(rng)
        site_key = "qpv" if self.qpv else self.secteur
        self.site = W_SITE[site_key](rng)
        if d.site_open[self.site] > self.t0:
            self.site = "S01"
        team = d.site_team[self.site]
        posts = d.acc_posts.get(team) or d.acc_posts["S01"]
        self.post = posts[_rr(rng, len(posts))]
        minor = self.age0 < 18
        niveau = W_NIV(rng)
        if minor and niveau in ("iii", "ii", "i"):
            niveau = "v"
        self.niveau = niveau
        self.diplome = "" if not niveau or rng.random() < 0.02 else ("1" if rng.random() < P_DIPLOME[niveau] else "0")
        self.low = niveau in ("vi", "vbis") or (niveau == "v" and self.diplome == "0")
        heb = W_HEB(rng)
        if minor and heb in ("autonome", "amis") and rng.random() < 0.7:
            heb = "parents"
        p_permis = 0.0 if self.age0 < 18 else min(0.75, 0.14 + 0.085 * (self.age0 - 18)) * (0.7 if self.low else 1.15)
        self.permis = rng.random() < p_permis
        r = rng.random()
        if self.permis and r < 0.72:
            vehicule = "automobile"
        elif r < 0.03:
            vehicule = "deux_roues"
        else:
            vehicule = "aucun"
        p_enfants = 0.0 if minor else (0.035 + 0.02 * (self.age0 - 18)) * (1.6 if self.sexe == "f" else 0.5)
        enfants = (1 if rng.random() < 0.75 else 2) if rng.random() < p_enfants else 0
        self.rqth = rng.random() < 0.032
        self.nationalite = W_NAT(rng)
        origine = W_ORIG(rng)
        self.justice = rng.random() < (0.12 if self.sexe == "h" else 0.015) * (1.5 if self.low else 0.6)
        far = rng.random() < (0.45 if self.low else 0.3)
        self.employability = (
            (0.2 if far else rng.uniform(0.6, 1.6)) * (0.8 if self.low else 1.1) * (0.7 if minor else 1.0)
        )
        self.nom, self.prenom = d.nom(), d.prenom(self.sexe)
        self.row = {
            "id": self.id,
            "nom": self.nom,
            "prenom": self.prenom,
            "sexe": self.sexe,
            "date_naissance": d.iso(self.birth),
            "commune": self.commune,
            "qpv": self.qpv,
            "niveau": niveau,
            "diplome": self.diplome if niveau else "",
            "hebergement": heb,
            "permis_b": "" if rng.random() < 0.015 else ("1" if self.permis else "0"),
            "vehicule": "" if rng.random() < 0.01 else vehicule,
            "enfants": "" if rng.random() < 0.01 else str(enfants),
            "rqth": "1" if self.rqth else ("0" if rng.random() < 0.9 else ""),
            "nationalite": self.nationalite,
            "origine": origine,
            "site_id": self.site,
        }

    # history ---------------------------------------------------------------------------------
    def write(self) -> None:
        self.profile()
        rng, d = self.rng, self.d
        self.link_reperage()
        self.link_obligation()
        if rng.random() < CONTACT_SEUL:
            self.contact_only()
        else:
            start = self.t0
            first = True
            while start <= d.today:
                length = self.episode_length(first)
                end = min(start + length, self.end_age)
                end = self.episode(start, max(start, end), first)
                first = False
                if rng.random() > (0.2 if end < d.today - 200 else 0.0):
                    break
                start = d.weekday(end + _ri(rng, 150, 700))
                if start > self.end_age - 60:
                    break
        self.flush()

    def episode_length(self, first: bool) -> int:
        rng = self.rng
        r = rng.random()
        if r < 0.22:
            days = _ri(rng, 0, 45)
        elif r < 0.62:
            days = _ri(rng, 60, 365)
        else:
            days = _ri(rng, 365, 900)
        if self.qpv:
            days = int(days * 1.7)
        return days if first else days // 2

    def conseiller(self, day: int) -> str:
        return self.post.at(day)

    def event(self, day: int, nature: str, honore: str = "", site: str = "", cons: str = "", themes: str = "") -> None:
        self.events.append((day, nature, honore, site, cons, themes))

    def themes(self, extra: str = "") -> str:
        rng = self.rng
        if not extra:
            pool = self.d.theme_pool
            return pool[int(rng.random() * len(pool))]
        chosen = {W_THEME(rng) for _ in range(1 + (rng.random() < 0.45) + (rng.random() < 0.15))}
        if extra:
            chosen.add(extra)
        return "|".join(t for t, _ in ref.THEMES_POIDS if t in chosen)

    def ei_site(self, day: int) -> str:
        if self.site in ("S06", "S07", "S08", "S09", "S10", "S11") and self.rng.random() < 0.2:
            return self.d.site_team[self.site]
        return self.site

    def contact_only(self) -> None:
        rng = self.rng
        day = self.t0
        for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.15)):
            if day > self.d.today:
                break
            self.event(
                day, rng.choice(("telephone", "telephone", "mail", "sms", "courrier")), cons=self.conseiller(day)
            )
            day = self.d.weekday(day + _ri(rng, 5, 60))

    def episode(self, start: int, end: int, first: bool) -> int:
        """Writes one follow-up episode (programmes, situations, help, matches; events are
        buffered) and returns its actual last day."""
        rng, d = self.rng, self.d
        today = d.today
        # programmes: (code, entry, planned exit, motif-kind)
        progs: list[tuple[str, int, int, Weighted | None]] = []
        intense: list[tuple[int, int, float]] = []  # (from, to, mean gap between interviews)
        entry = d.weekday(start + _ri(rng, 0, 40))
        minor = _full_years(self.birth, start) < 18
        track = rng.random()
        if start < CEJ_DEBUT:
            p_gj = 0.20 if start >= date(2020, 9, 1).toordinal() else 0.13
            if track < p_gj and entry <= GJ_FIN and not minor or (track < p_gj * 0.4 and entry <= GJ_FIN):
                gj_in = min(d.weekday(entry + _ri(rng, 7, 40)), GJ_FIN)
                gj_out = gj_in + 365 if rng.random() < 0.7 else gj_in + _ri(rng, 60, 330)
                end = max(end, gj_out + _ri(rng, 0, 60))
                progs.append(("pacea", entry, min(end, entry + 730), None))
                progs.append(("garantie_jeunes", gj_in, gj_out, W_GJ))
                intense.append((gj_in, gj_out, 14.0))
                self.aide_mensuelle("allocation_gj", gj_in, gj_out)
                self.collective(gj_in, 14, "S02")
            elif track < p_gj + 0.42:
                progs.append(("pacea", entry, min(end, entry + 730), None))
                intense.append((entry, min(end, entry + 730), 42.0))
                self.pacea_allocation(entry, min(end, entry + 730))
        else:
            if track < (0.19 if minor else 0.30) and entry >= CEJ_DEBUT:
                cej_in = d.weekday(entry + _ri(rng, 0, 30))
                r = rng.random()
                cej_out = cej_in + (_ri(rng, 180, 365) if r < 0.85 else _ri(rng, 366, 540))
                if rng.random() < 0.2:
                    cej_out = cej_in + _ri(rng, 30, 179)  # early exit
                end = max(end, cej_out + _ri(rng, 0, 45))
                progs.append(("cej", cej_in, cej_out, W_CEJ))
                intense.append((cej_in, cej_out, 21.0))
                self.aide_mensuelle("allocation_cej", cej_in, cej_out)
                self.collective(cej_in, _ri(rng, 5, 10), "S02")
                if rng.random() < 0.35 and cej_out + 30 < end:
                    p_in = d.weekday(cej_out + _ri(rng, 1, 30))
                    progs.append(("pacea", p_in, min(end, p_in + 730), None))
            elif track < 0.68:
                p_end = min(end, entry + 730)
                progs.append(("pacea", entry, p_end, None))
                intense.append((entry, p_end, 42.0))
                self.pacea_allocation(entry, p_end)
        end = min(end, self.end_age)
        if rng.random() < 0.19 and not minor:
            progs.append(("ppae", d.weekday(start + _ri(rng, 0, 60)), end, None))
        if self.justice and rng.random() < 0.8:
            code = "jsmj_mf" if rng.random() < 0.4 else "jsmj_mo"
            j_in = d.weekday(start + _ri(rng, 0, max(1, (end - start) // 2)))
            progs.append((code, j_in, j_in + _ri(rng, 60, 420), W_ACTION))
        if rng.random() < (0.085 if self.sexe == "f" else 0.045):
            p_in = d.weekday(start + _ri(rng, 10, 200))
            progs.append(("psychologue", p_in, p_in + _ri(rng, 30, 240), W_ACTION))
        if start >= date(2023, 1, 1).toordinal() and rng.random() < 0.16:
            s_in = d.weekday(start + _ri(rng, 0, 120))
            progs.append(("sante", s_in, s_in + _ri(rng, 30, 300), W_ACTION))
        if (
            self.nationalite not in ref.EU
            and self.nationalite
            and start >= date(2023, 9, 1).toordinal()
            and rng.random() < 0.08
        ):
            c_in = d.weekday(start + _ri(rng, 0, 60))
            progs.append(("ctai", c_in, c_in + _ri(rng, 90, 300), W_ACTION))
        if rng.random() < 0.004:
            a_in = d.weekday(start + _ri(rng, 0, 90))
            progs.append(("ambition_emploi", a_in, a_in + _ri(rng, 90, 365), W_ACTION))
        if "en_marche_au_feminin" in d.local_dispositifs and self.sexe == "f" and self.qpv and rng.random() < 0.06:
            y = date.fromordinal(start).year
            m_in = d.weekday(max(date(y, 10, 1).toordinal(), d.local_dispositifs["en_marche_au_feminin"][0]))
            if start <= m_in <= end:
                progs.append(("en_marche_au_feminin", m_in, date(y, 12, 20).toordinal(), W_ACTION))
        if "osez_le_numerique" in d.local_dispositifs and rng.random() < 0.012:
            lo, hi = d.local_dispositifs["osez_le_numerique"]
            if start <= lo + 30 <= end or lo <= start <= lo + 60:
                n_in = d.weekday(max(start, lo + _ri(rng, 0, 60)))
                if n_in <= min(end, hi):
                    progs.append(("osez_le_numerique", n_in, min(hi, n_in + _ri(rng, 30, 90)), W_ACTION))
        if self.signalement and first:
            progs.append(("obligation_formation", start, start + _ri(rng, 60, 300), W_ACTION))
        if end - start > 90 and rng.random() < 0.075:
            self.parrainage(d.weekday(start + _ri(rng, 30, 150)), progs)
        if rng.random() < (0.7 if progs else 0.3):
            progs.append(("cep", start, end, None))

        # the episode's outcome (programmes ending with the episode share it)
        outcome = W_FIN(rng)
        if end <= today and (progs or rng.random() < 0.5):
            self.exit_situation(outcome, end)
        self.follow_situations(start, end)
        for code, p_in, p_out, motifs in progs:
            if p_in > today:
                continue
            p_out = max(p_in, min(p_out, end) if motifs is None else p_out)
            if p_out > today:
                self.inscription(code, p_in, "", "")
                continue
            if motifs is None:
                motif = outcome
            else:
                motif = motifs(rng)
                if code in ("cej", "garantie_jeunes"):
                    self.exit_situation(motif, p_out)
            self.inscription(code, p_in, d.iso(p_out), motif)
        self.interviews(start, end, intense, first)
        self.small_help(start, end)
        self.matches(start, end)
        return max([end] + [p_out for _, _, p_out, _ in progs])

    def inscription(self, code: str, p_in: int, sortie: str, motif: str) -> None:
        self.d.out.row("inscriptions", {"id": self.d.next_id("I", 7), "jeune_id": self.id, "dispositif": code,
                                        "date_entree": self.d.iso(p_in), "date_sortie": sortie,
                                        "motif_sortie": motif if sortie else ""})

    def interviews(self, start: int, end: int, intense: list[tuple[int, int, float]], first: bool) -> None:
        rng, d = self.rng, self.d
        today = d.today
        day = start
        base_gap = 82.0 * rng.uniform(0.7, 1.4)
        if first:
            self.event(
                start,
                "entretien_individuel",
                "1",
                self.ei_site(start),
                self.conseiller(start),
                self.themes("projet_pro"),
            )
            if rng.random() < 0.3:
                ic = d.weekday(start + _ri(rng, 3, 30))
                if ic <= today:
                    self.event(
                        ic,
                        "information_collective",
                        "1" if rng.random() < 0.9 else "0",
                        "S01",
                        self.conseiller(ic),
                        self.themes(),
                    )
        while True:
            gap = base_gap
            for lo, hi, g in intense:
                if lo <= day <= hi:
                    gap = g
                    break
            day = d.weekday(day + 4 + int(rng.expovariate(1 / gap)))
            if day > end or day > today:
                break
            cons = self.conseiller(day)
            if rng.random() < 0.6 and day - 2 > start:
                self.event(day - _ri(rng, 1, 2), "sms", cons=cons)
            if rng.random() < 0.05:
                self.event(day, "entretien_individuel", "0", self.ei_site(day), cons, "")
                day = d.weekday(day + _ri(rng, 3, 10))
                if day > today:
                    break
            self.event(day, "entretien_individuel", "1", self.ei_site(day), cons, self.themes())
            r = rng.random()
            if r < 0.33:
                t = d.weekday(day + _ri(rng, 3, 20))
                if t <= today:
                    self.event(t, "telephone", cons=cons, themes=self.themes() if rng.random() < 0.5 else "")
            elif r < 0.48:
                t = d.weekday(day + _ri(rng, 1, 20))
                if t <= today:
                    self.event(t, "mail", cons=cons)
            elif r < 0.50:
                t = d.weekday(day + _ri(rng, 1, 20))
                if t <= today:
                    self.event(t, "courrier" if rng.random() < 0.7 else "autre", cons=cons)
        # a few workshops outside programmes
        for _ in range((rng.random() < 0.3) + (rng.random() < 0.1)):
            t = d.weekday(_ri(rng, start, max(start, end)))
            if t <= today:
                self.event(t, "atelier", "1" if rng.random() < 0.93 else "0", "S01", self.animateur(t), self.themes())
        # follow-up calls after the end
        for delay, p in ((90, 0.55), (180, 0.4), (365, 0.15)):
            t = d.weekday(end + delay + _ri(rng, -10, 10))
            if t <= today and rng.random() < p:
                self.event(t, rng.choice(("telephone", "telephone", "sms", "mail")), cons=self.conseiller(t))

    def animateur(self, day: int) -> str:
        posts = self.d.acc_posts.get("S02") or self.d.acc_posts["S01"]
        return posts[_rr(self.rng, len(posts))].at(day)

    def collective(self, start: int, n: int, site: str) -> None:
        rng, d = self.rng, self.d
        day = start
        for _ in range(n):
            day = d.weekday(day + _ri(rng, 1, 3))
            if day > d.today:
                break
            self.event(day, "atelier", "1" if rng.random() < 0.94 else "0", site, self.animateur(day), self.themes())

    # situations ------------------------------------------------------------------------------
    def situation(self, cat: str, typ: str, debut: int, fin: int, via_offre: bool = True) -> None:
        rng, d = self.rng, self.d
        if debut > d.today or debut < self.t0:
            return
        employeur = ""
        if cat in ("emploi", "alternance") and via_offre and rng.random() < 0.2:
            offer = self.pick_offer(debut - 50, debut - 3)
            if offer is not None:
                employeur = offer.employeur
                typ = offer.type
                cat = "alternance" if typ in ("apprentissage", "professionnalisation") else "emploi"
                md = max(self.t0, min(debut - 1, offer.pub + _ri(rng, 1, 12)))
                d.out.row("mises_en_relation", {"id": d.next_id("MR", 6), "offre_id": offer.id, "jeune_id": self.id,
                                                "date": d.iso(md), "resultat": "retenu"})
                if typ == "cdi":
                    fin = 0
        if (
            not employeur
            and cat in ("emploi", "alternance", "immersion")
            and typ != "creation"
            and rng.random() < 0.75
        ):
            employeur = d.employers[_rr(rng, len(d.employers))]
        if typ == "pec" or typ == "cie":
            self.inscription("pec" if typ == "pec" else "cui_cie", debut, d.iso(fin) if fin and fin <= d.today else "",
                             "fin_de_parcours" if fin and fin <= d.today else "")
        d.out.row(
            "situations",
            {
                "id": d.next_id("SI", 7),
                "jeune_id": self.id,
                "categorie": cat,
                "type": typ,
                "date_debut": d.iso(debut),
                "date_fin": d.iso(fin) if fin else "",
                "employeur_id": employeur,
            },
        )
        self.situations.append((debut, fin or debut + 365))

    def pick_offer(self, lo: int, hi: int) -> Offer | None:
        d = self.d
        i, j = bisect.bisect_left(d.offer_pub, lo), bisect.bisect_right(d.offer_pub, hi)
        if j <= i:
            return None
        return d.offers[_rr(self.rng, i, j)]

    def exit_situation(self, motif: str, day: int) -> None:
        spec = SITUATION_DE_SORTIE.get(motif)
        if not spec:
            return
        rng = self.rng
        cat, types, lo, hi = spec
        typ = Weighted(types)(rng)
        debut = max(self.t0, day - _ri(rng, 0, 20))
        fin = 0 if hi == 0 or typ == "cdi" else debut + _ri(rng, lo, hi)
        self.situation(cat, typ, debut, fin)

    def follow_situations(self, start: int, end: int) -> None:
        rng = self.rng
        day = start
        minor = _full_years(self.birth, start) < 18
        mean_gap = 150.0 / self.employability
        while True:
            day = day + 7 + int(rng.expovariate(1 / mean_gap))
            if day > end or day > self.d.today:
                return
            cat, typ, lo, hi = W_SIT(rng)
            if minor and cat == "emploi" and rng.random() < 0.5:
                cat, typ, lo, hi = ("immersion", "pmsmp", 5, 30)
            if minor and rng.random() < 0.12:
                sept = date(date.fromordinal(day).year, 9, 2).toordinal()
                if day <= sept <= self.d.today:
                    cat, typ, lo, hi, day = "scolarite", "retour_formation_initiale", 280, 300, sept
            debut = self.d.weekday(day)
            fin = 0 if hi == 0 else debut + _ri(rng, lo, hi)
            if typ == "cdi" and rng.random() < 0.25:
                fin = debut + _ri(rng, 30, 500)
            if fin and fin > self.d.today and rng.random() < 0.3:
                fin = 0  # end not known yet
            self.situation(cat, typ, debut, fin)
            if typ == "interim" and fin:
                for _ in range(self.d.poisson(2.2 * self.employability)):
                    debut = self.d.weekday(fin + _ri(rng, 1, 20))
                    fin = debut + _ri(rng, lo, hi)
                    if debut > end or debut > self.d.today:
                        break
                    self.situation(cat, typ, debut, fin, via_offre=False)
            if cat in ("emploi", "alternance", "formation", "volontariat") and fin:
                day = max(day, fin - 30)

    # help, matches, mentoring ------------------------------------------------------------------
    def aide(self, typ: str, day: int, montant: float | None) -> None:
        d = self.d
        if day > d.today or day < self.t0:
            return
        d.out.row("aides", {"id": d.next_id("A", 7), "jeune_id": self.id, "type": typ, "date": d.iso(day),
                            "montant": "" if montant is None else f"{montant:.2f}"})

    def aide_mensuelle(self, typ: str, lo: int, hi: int) -> None:
        rng = self.rng
        day = lo + 25
        while day <= min(hi, self.d.today):
            if typ == "allocation_gj":
                full = [v for since, v in GJ_MENSUEL if since <= day][-1]
            else:
                _, major, minor = [row for row in CEJ_MENSUEL if row[0] <= day][-1]
                full = minor if _full_years(self.birth, day) < 18 else major
            r = rng.random()
            montant = full if r < 0.78 else (round(full * rng.uniform(0.2, 0.9), 2) if r < 0.95 else 0.0)
            if montant > 0:
                self.aide(typ, self.d.weekday(day), montant)
            day += _ri(rng, 28, 33)

    def pacea_allocation(self, lo: int, hi: int) -> None:
        rng = self.rng
        if rng.random() >= 0.24:
            return
        for _ in range(1 + self.d.poisson(0.8)):
            day = self.d.weekday(_ri(rng, lo, max(lo, min(hi, lo + 540))))
            self.aide("allocation_pacea", day, float(rng.choice((100, 150, 200, 250, 300, 350, 400, 450, 497))))

    def small_help(self, start: int, end: int) -> None:
        rng, d = self.rng, self.d
        span = max(1, end - start)
        if rng.random() < 0.065:
            self.aide("fdaj", d.weekday(start + _ri(rng, 0, span)), float(_ri(rng, 5, 50) * 10))
        if self.secteur in (ref.SECTEUR_BESANCON, "Grand Besançon (hors Besançon)") or self.qpv:
            for _ in range(self.d.poisson(0.25 + span / 900)):
                self.aide(
                    "titre_transport", d.weekday(start + _ri(rng, 0, span)), float(rng.choice((10.0, 16.9, 32.0)))
                )
        if not self.permis and _full_years(self.birth, start) >= 17 and rng.random() < 0.15:
            self.aide("aide_permis", d.weekday(start + _ri(rng, 0, span)), float(_ri(rng, 8, 20) * 50))

    def matches(self, start: int, end: int) -> None:
        rng, d = self.rng, self.d
        for _ in range(self.d.poisson(0.5 * self.employability * min(2.0, (end - start + 30) / 365))):
            offer = self.pick_offer(start, min(end, d.today))
            if offer is None:
                return
            day = min(d.today, offer.pub + _ri(rng, 0, 20))
            if day < self.t0:
                continue
            resultat = (
                "en_cours" if offer.close >= d.today - 10 else ("non_retenu" if rng.random() < 0.8 else "abandon")
            )
            d.out.row("mises_en_relation", {"id": d.next_id("MR", 6), "offre_id": offer.id, "jeune_id": self.id,
                                            "date": d.iso(day), "resultat": resultat})

    def parrainage(self, debut: int, progs: list) -> None:
        rng, d = self.rng, self.d
        if debut > d.today:
            return
        active = [p for p in d.parrains if p[1] <= debut < p[2]]
        if not active:
            return
        pid = active[_rr(rng, len(active))][0]
        fin = debut + _ri(rng, 45, 330)
        issue = Weighted((("solution", 55), ("sans_solution", 28), ("abandon", 17)))(rng)
        done = fin <= d.today
        d.out.row("parrainages", {"id": d.next_id("PA", 6), "jeune_id": self.id, "parrain_id": pid,
                                  "date_debut": d.iso(debut), "date_fin": d.iso(fin) if done else "",
                                  "issue": issue if done else "", "entretiens": str(W_ENTRETIENS(rng))})
        motif = {
            "solution": rng.choice(("emploi_durable", "emploi", "alternance", "formation_qualifiante", "formation")),
            "sans_solution": "fin_de_parcours",
            "abandon": "abandon",
        }[issue]
        if done:
            self.exit_situation(motif, fin)
        self.inscription("parrainage", debut, d.iso(fin) if done else "", motif if done else "")

    # links with outreach and training obligation ----------------------------------------------
    def link_reperage(self) -> None:
        rng, d = self.rng, self.d
        if self.t0 < REPERAGE_DEBUT or rng.random() >= 0.055 or not d.action_dates:
            return
        j = bisect.bisect_left(d.action_dates, self.t0) - 1  # last action strictly before t0
        if j < 0 or self.t0 - d.action_dates[j] > 120:
            return
        j = max(0, j - _ri(rng, 0, 3))
        if self.t0 - d.action_dates[j] > 120:
            return
        self.row["origine"] = "mission_locale"
        d.out.row("reperes", {"id": d.next_id("RP", 6), "action_id": d.action_ids[j], "date": d.iso(d.action_dates[j]),
                              "sexe": self.sexe, "date_naissance": d.iso(self.birth), "commune": self.commune,
                              "jeune_id": self.id})

    def link_obligation(self) -> None:
        rng, d = self.rng, self.d
        self.signalement = False
        if self.t0 < OBLIGATION_DEBUT + 30 or self.age0 >= 18 or rng.random() >= 0.3:
            return
        day = d.weekday(self.t0 - _ri(rng, 10, 90))
        if day >= self.t0 or _full_years(self.birth, day) < 16:
            return
        self.signalement = True
        statut = "en_solution" if rng.random() < 0.75 else "convoque"
        d.out.row("obligation_formation", {
            "id": d.next_id("OF", 6), "jeune_id": self.id, "nom": self.nom, "prenom": self.prenom,
            "date_naissance": d.iso(self.birth), "date_signalement": d.iso(day),
            "source": Weighted((("rio", 60), ("cio", 20), ("etablissement", 15), ("autre", 5)))(rng),
            "statut": statut, "date_statut": d.iso(self.t0 + (_ri(rng, 0, 60) if statut == "en_solution" else 0)),
        })

    # output ----------------------------------------------------------------------------------
    def flush(self) -> None:
        d = self.d
        self.events.sort(key=lambda e: (e[0], e[1] != "entretien_individuel"))
        last = self.t0
        n = d.ids.get("E", 0)
        raw, iso, jid = d.out.raw, d.iso, self.id
        for day, nature, honore, site, cons, themes in self.events:
            n += 1
            raw("evenements", [f"E{n:08d}", jid, iso(day), nature, honore, site, cons, themes])
            last = day
        d.ids["E"] = n
        self.row["conseiller_id"] = self.conseiller(last)
        d.out.row("jeunes", self.row)


def write_demo_dataset(
    dest: Path, *, jeunes: int | None = None, seed: int = 2024, today: date | None = None
) -> dict[str, int]:
    """Writes the demo Mission Locale as an interchange dataset into `dest` (a folder) and
    returns the number of rows written per file. Deterministic for (jeunes, seed, today)."""
    demo = Demo(Path(dest), jeunes, seed, today)
    try:
        demo.write_reference()
        demo.write_employers()
        demo.write_parrains()
        demo.write_reperage()
        demo.write_obligation_formation()
        demo.write_manifestations()
        demo.write_satisfaction()
        demo.write_jeunes()
    finally:
        demo.out.close()
    return dict(demo.out.counts)


def default_jeunes(today: date | None = None) -> int:
    """The number of young people of the default demo (about 1 600 first receptions a year)."""
    today = today or date.today()
    start = date(today.year - 5 - WARMUP_YEARS, 1, 1)
    return round(PRIMO_PAR_AN * ((today - start).days + 1) / 365.25 / (1 - CONTACT_SEUL))


