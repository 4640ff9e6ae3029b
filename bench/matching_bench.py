"""Matching benchmark: times the young people proposed for an offer (`entreprises.matching.propose`)
and the offer's page, on a synthetic Mission Locale of N young people (docs/offres.md).

    python -m bench.matching_bench                 # 200,000 young people, fresh SQLite file under var/bench/
    DATABASE_URL=postgres://… python -m bench.matching_bench --n 200000

The synthetic Mission Locale: the 324 communes of the Besançon territory (six EPCIs, the file
shipped in structures/data), N young people living there (40 % in Besançon, 3 % outside the
département), levels, licence and vehicle drawn at random (some unknown), 2 contacts each over
the last 400 days (so about two thirds are active within 12 months), a third with one or two
wished jobs among 60 ROME codes; 24 open offers mixing a commune, a ROME code, a required level
and licence. Each offer is matched `--runs` times after a warm-up; median and 95th percentile
of `propose` alone, then of the offer's page through Django's test client (middleware,
permissions, template), and of the open offers for a young person. Not a test: nothing is
asserted; the target is ≤ 200 ms for one offer at 200,000 young people.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path


def _stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    return f"médiane {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms, max {times[-1]:6.1f} ms"


def main() -> None:  # noqa: PLR0915 - a script
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reutiliser", action="store_true",
                        help="mesurer sur la base du dernier passage (SQLite sous var/bench/) sans la régénérer")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ and args.reutiliser:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path('var/bench/matching_bench.sqlite3').resolve()}"
    elif "DATABASE_URL" not in os.environ:
        path = Path("var/bench/matching_bench.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    os.environ["TRAJECTOIRES_2FA_OBLIGATOIRE"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from trajectoires.accompagnement.models import Evenement
    from trajectoires.accounts.enums import Role
    from trajectoires.accounts.models import User
    from trajectoires.entreprises import rome
    from trajectoires.entreprises.models import Employeur, MetierRecherche, Offre
    from trajectoires.jeunes.models import Jeune
    from trajectoires.structures.models import Commune, Structure

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(1)
    today = timezone.localdate()
    if args.reutiliser:
        call_command("migrate", verbosity=0)  # the code may have new migrations since
        structure = Structure.objects.filter(code__startswith="BENCH").latest("pk")
        user = User.objects.get(username=f"bench-{structure.code}")
        offres = list(Offre.objects.filter(structure=structure, ext_id__startswith="o").order_by("pk"))
        ids = list(Jeune.objects.filter(structure=structure).order_by("pk").values_list("pk", flat=True))
        print(f"Base reprise : {len(ids)} jeunes, {len(offres)} offres ({connection.vendor})")
        measure(args, rng, today, user, offres, ids)
        return
    call_command("migrate", verbosity=0)
    code = f"BENCH{rng.randrange(10**6):06d}"
    structure = Structure.objects.create(code=code, nom="Mission Locale de banc d'essai")
    user = User.objects.create(username=f"bench-{code}", structure=structure, role=Role.RELATIONS_ENTREPRISES)
    t0 = time.perf_counter()

    def bulk(model, rows) -> None:  # type: ignore[no-untyped-def]
        model.objects.bulk_create(rows, batch_size=5000)

    data = Path(__file__).resolve().parent.parent / "trajectoires/structures/data"
    territoire = data / "communes-territoire-besancon-2024.csv"
    with territoire.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    bulk(Commune, (Commune(structure=structure, ext_id=r["insee_commune"], nom=r["nom_commune"], epci=r["epci"],
                           secteur="") for r in rows))
    codes = [r["insee_commune"] for r in rows]
    ailleurs = ["39300", "70550", "69123", "75056", "90010"]
    niveaux = ["vi", "vbis", "v", "iv", "iii", "ii", "i", None]
    vehicules = ["aucun", "automobile", "deux_roues", None]

    def commune() -> str:
        x = rng.random()
        return "25056" if x < 0.4 else (rng.choice(ailleurs) if x < 0.43 else rng.choice(codes))

    bulk(Jeune, (
        Jeune(structure=structure, ext_id=f"j{i}", nom=f"Nom{i}", prenom="Alex", sexe=rng.choice("fh"),
              date_naissance=dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(3650)), commune=commune(),
              niveau=rng.choice(niveaux), permis_b=rng.choice([True, False, None]), vehicule=rng.choice(vehicules))
        for i in range(args.n)
    ))
    ids = list(Jeune.objects.filter(structure=structure).order_by("pk").values_list("pk", flat=True))
    bulk(Evenement, (
        Evenement(structure=structure, ext_id=f"e{i}", jeune_id=ids[i // 2], nature="entretien_individuel",
                  honore=rng.random() > 0.1, date=today - dt.timedelta(days=rng.randrange(400)))
        for i in range(2 * args.n)
    ))
    metiers = list(rome.fiches())[::9][:60]
    wished = []
    for pk in ids:
        if rng.random() < 1 / 3:
            for c in rng.sample(metiers, rng.choice((1, 2))):
                wished.append(MetierRecherche(structure=structure, ext_id=f"m{len(wished)}", jeune_id=pk, rome=c))
    bulk(MetierRecherche, wished)
    employeurs = [Employeur.objects.create(structure=structure, ext_id=f"emp{i}", raison_sociale=f"Entreprise {i}",
                                           commune=rng.choice(codes)) for i in range(12)]
    offres = []
    for i in range(24):
        offres.append(Offre.objects.create(
            structure=structure, ext_id=f"o{i}", employeur=employeurs[i % 12], intitule=f"Poste {i}",
            type_contrat=rng.choice(["cdi", "cdd", "apprentissage"]), date_publication=today, statut="publiee",
            commune="25056" if i % 3 == 0 else rng.choice(codes), rome=metiers[i] if i % 4 else "",
            niveau_requis=rng.choice(["v", "iv", None]), permis_requis=i % 5 == 0,
        ))
    print(f"{args.n} jeunes, {2 * args.n} contacts, {len(wished)} métiers recherchés, {len(offres)} offres "
          f"créés en {time.perf_counter() - t0:.1f} s ({connection.vendor})")

    measure(args, rng, today, user, offres, ids)


def measure(args, rng, today, user, offres, ids) -> None:  # type: ignore[no-untyped-def]
    """Wall and CPU time (the process's: SQLite runs in it) of each measure."""
    from django.test import Client

    from trajectoires.entreprises import matching
    from trajectoires.jeunes.models import Jeune

    for offre in offres:  # warm-up
        matching.propose(offre, today)
    times, lus, cpu = [], [], []
    for _ in range(args.runs):
        for offre in offres:
            t, c = time.perf_counter(), time.process_time()
            result = matching.propose(offre, today)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            lus.append(len(result.rows))
    print(f"{'propose (une offre)':>32} : {_stats(times)} ({len(times)} mesures, "
          f"{min(lus)}–{max(lus)} jeunes proposés)")
    print(f"{'propose, temps CPU':>32} : {_stats(cpu)}")

    client = Client()
    client.force_login(user)
    times = []
    for _ in range(args.runs):
        for offre in offres:
            t = time.perf_counter()
            response = client.get(f"/offres-emploi/{offre.pk}/")
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
    print(f"{'page de l’offre (HTTP)':>32} : {_stats(times)}")

    sample = rng.sample(ids, 50)
    times = []
    for pk in sample:
        jeune = Jeune.objects.get(pk=pk)
        t = time.perf_counter()
        matching.offres_pour(jeune, today)
        times.append((time.perf_counter() - t) * 1000)
    print(f"{'offres pour un jeune':>32} : {_stats(times)}")


if __name__ == "__main__":
    main()
