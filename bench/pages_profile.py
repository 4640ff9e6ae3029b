"""In-process cost of each workspace page (not a test: nothing is asserted).

The pages of `bench.pages_load`'s mix, asked through Django's test client (the whole middleware
stack, the templates, the database: SQLite runs in this process, so its work is counted), as
the demo counsellor, on the database of DATABASE_URL. Per page: the median CPU time of the
process (time.process_time) and wall time over N requests after a warm-up, and the number of
queries. The machine is shared: CPU time depends much less than wall time on what else runs.

    DATABASE_URL=sqlite:////path/demo200k.sqlite3 python -m bench.pages_profile -n 20
    … python -m bench.pages_profile --json                       # one JSON line (for A/B scripts)
    … python -m bench.pages_profile --profile accueil -n 10      # cProfile (CPU clock) of one page
    … python -m bench.pages_profile --sql dossier               # the queries of one request

To compare two versions of the code, run this file from each checkout alternately
(PYTHONPATH=/other/checkout python /this/bench/pages_profile.py --json) on the same database.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path


PAGES = ("dossier", "recherche", "accueil", "agenda_jour", "agenda_semaine", "file_attente")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    os.environ.setdefault("TRAJECTOIRES_2FA_OBLIGATOIRE", "0")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()


def _sample(user, n: int = 400) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    """The same young people on every run: every k-th of the user's scope by id."""
    from trajectoires.accounts.perms import jeunes_visible_to

    qs = jeunes_visible_to(user).order_by("pk").values_list("pk", "nom", "prenom")
    total = qs.count()
    step = max(1, total // n)
    pks = list(qs.values_list("pk", flat=True)[::step][:n]) if total < 5000 else None
    if pks is None:
        # Slicing with a step reads everything; pick pks by offset instead (n index lookups).
        rows = [qs[i] for i in range(0, total, step)][:n]
    else:
        rows = list(qs.filter(pk__in=pks))
    return [tuple(r) for r in rows]


def path_for(kind: str, rnd: random.Random, rows: list[tuple[int, str, str]]) -> tuple[str, dict]:
    from urllib.parse import urlencode

    pk, nom, prenom = rnd.choice(rows)
    if kind == "dossier":
        return f"/jeunes/{pk}/", {}
    if kind == "recherche":
        query = nom[:4] if rnd.random() < 0.5 else f"{nom} {prenom}"
        return "/jeunes/?" + urlencode({"q": query}), {}
    if kind == "file_attente":
        return "/accueil/", {"HTTP_HX_REQUEST": "true"}
    return {"accueil": "/", "agenda_jour": "/agenda/", "agenda_semaine": "/agenda/semaine/"}[kind], {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=12, help="requêtes mesurées par page")
    parser.add_argument("--warm", type=int, default=3, help="requêtes de mise en route par page (non mesurées)")
    parser.add_argument("--user", default="conseiller")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="une ligne JSON {page: [cpu_ms, wall_ms, requêtes]}")
    parser.add_argument("--profile", default="", help="profil cProfile (temps CPU) d'une page")
    parser.add_argument("--sql", default="", help="affiche les requêtes SQL d'une page")
    args = parser.parse_args()
    _setup()

    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from trajectoires.accounts.models import User

    user = User.objects.get(username=args.user)
    rows = _sample(user)
    client = Client()
    client.force_login(user)
    pages = [p for p in args.pages.split(",") if p]

    def get(kind: str, rnd: random.Random):  # type: ignore[no-untyped-def]
        path, headers = path_for(kind, rnd, rows)
        response = client.get(path, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        # As a server does at the end of each request (the test client skips it): the database
        # connection is closed unless CONN_MAX_AGE keeps it.
        close_old_connections()
        return response

    if args.sql:
        rnd = random.Random(args.seed)
        get(args.sql, rnd)
        with CaptureQueriesContext(connection) as queries:
            get(args.sql, rnd)
        for q in queries.captured_queries:
            print(f"{float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
        print(f"{len(queries)} requêtes")
        return

    if args.profile:
        rnd = random.Random(args.seed)
        for _ in range(args.warm):
            get(args.profile, rnd)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.n):
            get(args.profile, rnd)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue())
        return

    results = {}
    for kind in pages:
        rnd = random.Random(args.seed)
        for _ in range(args.warm):
            get(kind, rnd)
        cpu, wall = [], []
        for _ in range(args.n):
            c0, w0 = time.process_time(), time.perf_counter()
            get(kind, rnd)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        with CaptureQueriesContext(connection) as queries:  # counted apart: capturing costs time
            get(kind, rnd)
        results[kind] = [round(statistics.median(cpu), 1), round(statistics.median(wall), 1), len(queries)]
    if args.json:
        print(json.dumps({"code": str(Path(sys.modules["trajectoires"].__file__).parent.parent), **results}))
        return
    print(f"{args.n} requêtes par page (médianes), {len(rows)} dossiers, charge {os.getloadavg()[0]:.1f}")
    for kind, (cpu, wall, nq) in results.items():
        print(f"  {kind:15} CPU {cpu:7.1f} ms   mur {wall:7.1f} ms   {nq:3} requêtes SQL")


if __name__ == "__main__":
    main()
