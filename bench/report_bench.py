"""Report benchmark: times the full JSON activity report for the last full calendar year.

    python -m bench.report_bench                      # on the database of DATABASE_URL (or the dev SQLite)
    python -m bench.report_bench --generate 15000     # fresh SQLite file with a synthetic Mission Locale
    python -m bench.report_bench --sqlite var/bench/report_bench_15000.sqlite3   # measure it again
    python -m bench.report_bench --demo                      # fresh SQLite file with `trajectoires demo`
    python -m bench.report_bench --demo --generate 200000    # … with `trajectoires demo --jeunes 200000`

Prints min / median over several runs, the queries with their time, and a cProfile summary
(where the time goes). With --generate, the database is its own SQLite file under
var/bench/ (recreated), never the development database; with DATABASE_URL set to PostgreSQL
the synthetic structure is added to that database. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def _setup_django(sqlite_path: Path | None) -> None:
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    import django

    django.setup()


# --- Synthetic Mission Locale (bulk inserts through the DB-API, both backends) ------------------
def _insert(model: Any, fields: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    columns = [model._meta.get_field(f).column for f in fields]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(connection.ops.quote_name(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: much faster than INSERT for millions of rows
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])


def generate(n_jeunes: int, last_year: int, seed: int = 1) -> str:
    """A structure with `n_jeunes` young people and about 27 events each over five years
    (the proportions of a Mission Locale of 15,000 young people and 400,000 events)."""
    from django.db import connection, transaction

    from trajectoires.accompagnement.models import Evenement
    from trajectoires.accounts.models import Conseiller
    from trajectoires.aides.models import Aide
    from trajectoires.dispositifs.models import Inscription
    from trajectoires.entreprises.models import ContactEmployeur, Employeur
    from trajectoires.jeunes.models import Jeune
    from trajectoires.manifestations.models import Manifestation
    from trajectoires.obligation_formation.models import Signalement
    from trajectoires.parrainage.models import Parrain, Parrainage
    from trajectoires.reperage.models import ActionReperage, Repere
    from trajectoires.satisfaction.models import ReponseSatisfaction
    from trajectoires.situations.enums import TYPES_PAR_CATEGORIE
    from trajectoires.situations.models import Situation
    from trajectoires.structures.models import Commune, Site, Structure

    rnd = random.Random(seed)
    code = f"BENCH{n_jeunes}"
    Structure.objects.filter(code=code).exists() and sys.exit(f"La structure {code} existe déjà dans cette base.")
    start = dt.date(last_year - 4, 1, 1)
    span = (dt.date(last_year + 1, 6, 30) - start).days  # a little of the current year too

    def day(lo: dt.date = start, days: int = span) -> dt.date:
        return lo + dt.timedelta(days=rnd.randrange(max(days, 1)))

    t0 = time.perf_counter()
    with transaction.atomic():
        s = Structure.objects.create(code=code, nom=f"Mission Locale de banc d'essai ({n_jeunes} jeunes)")
        sid = s.pk
        secteurs = ["Siège", "Hors Besançon", "Quartiers"]
        communes = [f"{25000 + i:05d}" for i in range(1, 61)]
        _insert(
            Commune,
            ["structure", "ext_id", "nom", "epci", "secteur", "zrr"],
            [(sid, c, f"Commune {c}", f"EPCI {i % 6}", secteurs[i % 3], i % 7 == 0) for i, c in enumerate(communes)],
        )
        _insert(Site, ["structure", "ext_id", "nom", "type"], [(sid, f"s{i}", f"Site {i}", "site") for i in range(8)])
        _insert(
            Conseiller,
            ["structure", "ext_id", "nom", "prenom", "actif"],
            [(sid, f"c{i}", f"Conseiller {i}", "Camille", True) for i in range(max(10, n_jeunes // 350))],
        )
        sites = list(Site.objects.filter(structure=s).values_list("pk", flat=True))
        conseillers = list(Conseiller.objects.filter(structure=s).values_list("pk", flat=True))
        niveaux = ["vi", "vbis", "v", "v", "iv", "iv", "iii", "ii", None]
        rows = []
        for i in range(n_jeunes):
            commune = rnd.choice(communes) if rnd.random() < 0.85 else (None if rnd.random() < 0.5 else "39001")
            rows.append(
                (
                    sid,
                    f"j{i}",
                    f"Nom{i}",
                    "Prénom",
                    rnd.choice("fh"),
                    day(dt.date(last_year - 30, 1, 1), 365 * 12),
                    commune,
                    f"QP{rnd.randrange(6)}" if rnd.random() < 0.25 else None,
                    rnd.choice(niveaux),
                    rnd.choice([True, False, None]),
                    rnd.choice(["parents", "famille", "autonome", "amis", "foyer", None]),
                    rnd.choice([True, False, None]),
                    rnd.choice(["aucun", "automobile", "deux_roues", None]),
                    rnd.choice([0, 0, 0, 1, 2, None]),
                    rnd.choice([False, False, True, None]),
                    rnd.choice(["entourage", "demarche_personnelle", "france_travail", "education", None]),
                    rnd.choice(conseillers),
                    rnd.choice(sites),
                )
            )
        _insert(
            Jeune,
            [
                "structure",
                "ext_id",
                "nom",
                "prenom",
                "sexe",
                "date_naissance",
                "commune",
                "qpv",
                "niveau",
                "diplome",
                "hebergement",
                "permis_b",
                "vehicule",
                "enfants",
                "rqth",
                "origine",
                "conseiller",
                "site",
            ],
            rows,
        )
        jeunes = list(Jeune.objects.filter(structure=s).order_by("pk").values_list("pk", flat=True))
        natures = (
            ["entretien_individuel"] * 45
            + ["atelier"] * 8
            + ["information_collective"] * 5
            + ["telephone"] * 20
            + ["mail"] * 8
            + ["sms"] * 8
            + ["courrier", "visite", "autre"] * 2
        )
        events, situations, inscriptions, aides = [], [], [], []
        windows: dict[int, tuple[dt.date, int]] = {}
        for j in jeunes:
            first = day()
            length = rnd.randrange(60, 900)
            windows[j] = (first, length)
            for _ in range(max(1, int(rnd.gauss(27, 10)))):
                nature = rnd.choice(natures)
                events.append(
                    (
                        sid,
                        f"e{len(events)}",
                        j,
                        day(first, length),
                        nature,
                        False if rnd.random() < 0.08 else (None if rnd.random() < 0.5 else True),
                        rnd.choice(sites) if rnd.random() < 0.9 else None,
                        rnd.choice(conseillers),
                        "",
                    )
                )
            for _ in range(rnd.choice([0, 1, 2, 3, 4, 5])):
                categorie = rnd.choice(
                    ["emploi", "emploi", "alternance", "formation", "immersion", "volontariat", "scolarite"]
                )
                situations.append(
                    (
                        sid,
                        f"s{len(situations)}",
                        j,
                        categorie,
                        rnd.choice(TYPES_PAR_CATEGORIE[categorie]),
                        day(first, length),
                    )
                )
            for _ in range(rnd.choice([0, 1, 1, 2])):
                entree = day(first, length)
                sortie = entree + dt.timedelta(days=rnd.randrange(30, 400)) if rnd.random() < 0.7 else None
                inscriptions.append(
                    (
                        sid,
                        f"i{len(inscriptions)}",
                        j,
                        rnd.choice(["pacea", "pacea", "cej", "cej", "garantie_jeunes", "ppae", "ctai"]),
                        entree,
                        sortie,
                        rnd.choice(["emploi_durable", "emploi", "formation", "abandon", "autre"]) if sortie else None,
                    )
                )
            for _ in range(rnd.choice([0, 0, 1, 2])):
                aides.append(
                    (
                        sid,
                        f"a{len(aides)}",
                        j,
                        rnd.choice(["allocation_pacea", "fdaj", "titre_transport"]),
                        day(first, length),
                        round(rnd.uniform(10, 500), 2) if rnd.random() < 0.95 else None,
                    )
                )
        _insert(
            Evenement,
            ["structure", "ext_id", "jeune", "date", "nature", "honore", "site", "conseiller", "themes"],
            events,
        )
        _insert(Situation, ["structure", "ext_id", "jeune", "categorie", "type", "date_debut"], situations)
        _insert(
            Inscription,
            ["structure", "ext_id", "jeune", "dispositif", "date_entree", "date_sortie", "motif_sortie"],
            inscriptions,
        )
        _insert(Aide, ["structure", "ext_id", "jeune", "type", "date", "montant"], aides)
        n_emp = max(50, n_jeunes // 20)
        _insert(
            Employeur, ["structure", "ext_id", "raison_sociale"], [(sid, f"emp{i}", f"E{i}") for i in range(n_emp)]
        )
        employeurs = list(Employeur.objects.filter(structure=s).values_list("pk", flat=True))
        _insert(
            ContactEmployeur,
            ["structure", "ext_id", "employeur", "date", "nature"],
            [(sid, f"ce{i}", rnd.choice(employeurs), day(), "visite") for i in range(n_jeunes // 2)],
        )
        _insert(
            Parrain,
            ["structure", "ext_id", "nom", "prenom", "statut", "date_entree"],
            [(sid, f"p{i}", f"P{i}", "Claude", rnd.choice(["retraite", "actif"]), day()) for i in range(100)],
        )
        parrains = list(Parrain.objects.filter(structure=s).values_list("pk", flat=True))
        pairings = []
        for i in range(n_jeunes // 100):
            debut = day()
            pairings.append(
                (
                    sid,
                    f"pg{i}",
                    rnd.choice(jeunes),
                    rnd.choice(parrains),
                    debut,
                    debut + dt.timedelta(days=rnd.randrange(30, 300)) if rnd.random() < 0.8 else None,
                    rnd.choice(["solution", "sans_solution", "abandon", None]),
                    rnd.randrange(0, 12),
                )
            )
        _insert(
            Parrainage,
            ["structure", "ext_id", "jeune", "parrain", "date_debut", "date_fin", "issue", "entretiens"],
            pairings,
        )
        _insert(
            ActionReperage,
            ["structure", "ext_id", "date", "canal", "heures", "jeunes_contactes"],
            [(sid, f"ar{i}", day(), rnd.choice(["maraude", "kaf_truck", "en_ligne"]), 3, 5) for i in range(1000)],
        )
        actions = list(ActionReperage.objects.filter(structure=s).values_list("pk", "date"))
        reperes = []
        for i in range(n_jeunes // 50):
            action, date = rnd.choice(actions)
            reperes.append(
                (sid, f"r{i}", action, date, rnd.choice("fh"), rnd.choice(jeunes) if rnd.random() < 0.5 else None)
            )
        _insert(Repere, ["structure", "ext_id", "action", "date", "sexe", "jeune"], reperes)
        signalements = []
        for i in range(n_jeunes // 50):
            signale = day()
            signalements.append(
                (
                    sid,
                    f"of{i}",
                    None,
                    "N",
                    "P",
                    dt.date(last_year - 16, 1, 1),
                    signale,
                    "rio",
                    rnd.choice(["contacte", "en_solution", "a_contacter"]),
                    signale,
                )
            )
        _insert(
            Signalement,
            [
                "structure",
                "ext_id",
                "jeune",
                "nom",
                "prenom",
                "date_naissance",
                "date_signalement",
                "source",
                "statut",
                "date_statut",
            ],
            signalements,
        )
        _insert(
            Manifestation,
            ["structure", "ext_id", "date", "titre", "type", "jeunes", "partenaires"],
            [(sid, f"m{i}", day(), f"M{i}", "forum", 50, 5) for i in range(150)],
        )
        _insert(
            ReponseSatisfaction,
            ["structure", "ext_id", "repondant", "public", "date", "question", "reponse"],
            [(sid, f"q{i}", f"r{i // 5}", "jeune", day(), f"Q{i % 5}", rnd.randint(1, 4)) for i in range(5000)],
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Généré : {n_jeunes} jeunes, {len(events)} événements, {len(situations)} situations, "
        f"{len(inscriptions)} inscriptions, {len(aides)} aides en {time.perf_counter() - t0:.1f} s."
    )
    return code


# --- Measure ---------------------------------------------------------------------------------------
def measure(code: str | None, year: int, runs: int, top: int) -> None:
    from django.db import connection

    from trajectoires.accompagnement.models import Evenement
    from trajectoires.jeunes.models import Jeune
    from trajectoires.rapports.engine import build_report
    from trajectoires.rapports.periods import Period
    from trajectoires.structures.models import Structure

    structure = Structure.resolve(code)
    period = Period.year(year)
    n_jeunes = Jeune.objects.filter(structure=structure).count()
    n_events = Evenement.objects.filter(structure=structure).count()
    print(f"Base : {connection.vendor} ; structure {structure.code} : {n_jeunes} jeunes, {n_events} événements.")
    print(f"Rapport JSON complet de l'année {year} ({runs} exécutions) :")

    # The packed events the report reads (rapports.EvenementsJeune): rebuilt here once, as the
    # importer does at the end of an import (its cost is the import's, not the report's).
    from trajectoires.rapports import evenements

    t, c = time.perf_counter(), time.process_time()
    evenements.build(structure)
    print(
        f"  événements regroupés par jeune reconstruits : {time.process_time() - c:.3f} s CPU, "
        f"{time.perf_counter() - t:.3f} s écoulées (coût porté par l'import)"
    )

    cpu: list[float] = []

    def once() -> float:
        t, c = time.perf_counter(), time.process_time()
        build_report(structure, period).to_json()
        cpu.append(time.process_time() - c)
        return time.perf_counter() - t

    once()  # warm-up (connection, caches)
    cpu.clear()
    times = [once() for _ in range(runs)]
    print(f"  min {min(times):.3f} s, médiane {statistics.median(times):.3f} s, max {max(times):.3f} s")
    # CPU time of this process (SQLite work included; a PostgreSQL server's work is not): the
    # comparable figure on a machine loaded by other work, where elapsed time varies a lot.
    print(f"  temps CPU du processus : min {min(cpu):.3f} s, médiane {statistics.median(cpu):.3f} s")
    _stages(structure, period)

    queries: list[tuple[float, str]] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - t, sql))

    with connection.execute_wrapper(wrapper):
        build_report(structure, period).to_json()
    print(f"\n{len(queries)} requêtes SQL, {sum(q[0] for q in queries):.3f} s au total (hors lecture des lignes) :")
    for duration, sql in sorted(queries, reverse=True)[:10]:
        print(f"  {duration:7.3f} s  {' '.join(sql.split())[:110]}")

    profiler = cProfile.Profile()
    profiler.enable()
    build_report(structure, period).to_json()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print("\nProfil (cProfile, temps cumulé) :")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def _stages(structure: Any, period: Any) -> None:
    """CPU time of each loader of facts.py and each step of the engine, for one report."""
    import functools

    from trajectoires.rapports import engine, facts as q

    spent: dict[str, float] = {}
    originals: list[tuple[Any, str, Any]] = []

    def timed(module: Any, name: str) -> None:
        function = getattr(module, name)
        originals.append((module, name, function))

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            c = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - c

        setattr(module, name, wrapper)

    for name in dir(q):
        if name.startswith("load_"):
            timed(q, name)
    from trajectoires.rapports import blocs

    timed(blocs, "load")  # the packed enrolments, situations and help (read once, then grouped)
    for name in ("_breakdown", "_dispositifs", "_suivi", "_parrainage", "_reperage", "territoires_section", "_scopes"):
        if hasattr(engine, name):
            timed(engine, name)
    c = time.process_time()
    try:
        engine.build_report(structure, period).to_json()
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    total = time.process_time() - c
    print(f"\nTemps CPU par étape (un rapport, {total:.3f} s au total ; les étapes peuvent s'imbriquer) :")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        if seconds >= 0.005:
            print(f"  {seconds:7.3f} s  {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", type=int, metavar="N", help="crée une Mission Locale synthétique de N jeunes")
    parser.add_argument(
        "--demo", action="store_true", help="crée la démo de `trajectoires demo` (taille par défaut, ou --generate N)"
    )
    parser.add_argument(
        "--sqlite",
        metavar="FICHIER",
        help="mesure sur ce fichier SQLite existant (ses données ne changent pas ; la table des événements "
        "regroupés par jeune y est reconstruite)",
    )
    parser.add_argument("--structure", help="code de la structure mesurée (par défaut : la seule, ou celle générée)")
    parser.add_argument("--year", type=int, help="année mesurée (par défaut : la dernière année civile complète)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=25, help="lignes du profil")
    args = parser.parse_args(argv)
    year = args.year or dt.date.today().year - 1
    sqlite_path = None
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.sqlite).resolve()}"
    elif args.demo and "DATABASE_URL" not in os.environ:
        sqlite_path = Path("var/bench") / f"report_demo_{args.generate or 'defaut'}.sqlite3"
    elif args.generate and "DATABASE_URL" not in os.environ:
        sqlite_path = Path("var/bench") / f"report_bench_{args.generate}.sqlite3"
    _setup_django(sqlite_path)
    from django.core.management import call_command

    code = args.structure
    if args.demo:  # the demo Mission Locale of `trajectoires demo` (default size, or --generate N)
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        call_command("demo", *(["--jeunes", str(args.generate)] if args.generate else []))
        print(f"Démo créée en {time.perf_counter() - t0:.0f} s.")
    elif args.generate:
        call_command("migrate", verbosity=0)
        code = generate(args.generate, year)
    measure(code, year, args.runs, args.top)


if __name__ == "__main__":
    main()
