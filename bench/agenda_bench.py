"""Agenda pages benchmark: times the agenda, queue and home pages on a synthetic Mission Locale.

    python -m bench.agenda_bench                 # 200,000 young people, fresh SQLite file under var/bench/
    DATABASE_URL=postgres://… python -m bench.agenda_bench --n 200000

The synthetic Mission Locale: N young people spread over 50 counsellors (a portfolio of N/50),
2 contacts each, 20 % in PACEA and 10 % in CEJ (with some activity hours), one year of
appointments (N/2, about 16 a counsellor and working day), 30 arrivals in today's queue.
Each page is fetched through Django's test client (middleware, permissions, templates), one
client, `--runs` times after one warm-up; median and 95th percentile. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path


def main() -> None:  # noqa: PLR0915 - a script
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        path = Path("var/bench/agenda_bench.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    os.environ["TRAJECTOIRES_2FA_OBLIGATOIRE"] = "0"  # the pages, not the login: no second factor here
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from trajectoires.accompagnement.models import Evenement
    from trajectoires.accounts.enums import Role
    from trajectoires.accounts.models import Conseiller, User
    from trajectoires.accueil.models import Arrivee
    from trajectoires.agenda.models import ActiviteCej, RendezVous
    from trajectoires.dispositifs.models import Inscription
    from trajectoires.jeunes.models import Jeune
    from trajectoires.structures.models import Site, Structure

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    code = f"BENCH{rng.randrange(10**6):06d}"
    structure = Structure.objects.create(code=code, nom="Mission Locale de banc d'essai")
    sites = [Site.objects.create(structure=structure, ext_id=f"s{i}", nom=f"Site {i}", type="site") for i in range(4)]
    counsellors = [
        Conseiller.objects.create(structure=structure, ext_id=f"c{i}", nom=f"Conseiller{i}", prenom="Camille")
        for i in range(50)
    ]
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    t0 = time.perf_counter()

    def bulk(model, rows) -> None:  # type: ignore[no-untyped-def]
        model.objects.bulk_create(rows, batch_size=5000)

    bulk(Jeune, (
        Jeune(structure=structure, ext_id=f"j{i}", nom=f"Nom{i}", prenom="Alex", sexe=rng.choice("fh"),
              date_naissance=dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(3650)),
              conseiller=counsellors[i % 50])
        for i in range(args.n)
    ))
    ids = list(Jeune.objects.filter(structure=structure).order_by("pk").values_list("pk", flat=True))
    bulk(Evenement, (
        Evenement(structure=structure, ext_id=f"e{i}", jeune_id=ids[i // 2], nature="entretien_individuel",
                  date=today - dt.timedelta(days=rng.randrange(400)), conseiller=counsellors[(i // 2) % 50])
        for i in range(2 * args.n)
    ))
    bulk(Inscription, (
        Inscription(structure=structure, ext_id=f"i{k}", jeune_id=pk, dispositif="pacea" if k % 3 else "cej",
                    date_entree=today - dt.timedelta(days=rng.randrange(800 if k % 3 else 400)))
        for k, pk in enumerate(ids[: int(args.n * 0.3)])
    ))
    cej_ids = list(
        Inscription.objects.filter(structure=structure, dispositif="cej").values_list("jeune_id", flat=True)
    )
    bulk(ActiviteCej, (
        ActiviteCej(structure=structure, ext_id=f"a{i}", jeune_id=cej_ids[i % len(cej_ids)], theme="emploi",
                    heures=rng.choice([2, 3]), date=today - dt.timedelta(days=rng.randrange(21)))
        for i in range(len(cej_ids) * 4)
    ))
    working_days = [
        today + dt.timedelta(days=d) for d in range(-180, 185) if (today + dt.timedelta(days=d)).weekday() < 5
    ]
    bulk(RendezVous, (
        RendezVous(structure=structure, ext_id=f"r{i}", jeune_id=ids[rng.randrange(len(ids))],
                   conseiller=counsellors[i % 50], site=sites[i % 4], nature="entretien_individuel",
                   debut=dt.datetime.combine(rng.choice(working_days), dt.time(8 + rng.randrange(9), 30), tzinfo=tz))
        for i in range(args.n // 2)
    ))
    now = timezone.now()
    bulk(Arrivee, (
        Arrivee(structure=structure, ext_id=f"w{i}", nom=f"Arrivant{i}", arrivee_le=now - dt.timedelta(minutes=i))
        for i in range(30)
    ))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{args.n} jeunes, {2 * args.n} contacts, {args.n // 2} rendez-vous créés en {time.perf_counter() - t0:.0f} s "
        f"({connection.vendor})"
    )

    users = {}
    for role in (Role.CONSEILLER, Role.ACCUEIL):
        users[role] = User.objects.create(username=f"{code}-{role}", structure=structure, role=role)
    counsellors[0].user = users[Role.CONSEILLER]
    counsellors[0].save()
    pages = {
        "agenda du jour (conseiller)": (Role.CONSEILLER, "/agenda/"),
        "agenda du jour, une colonne par conseiller (accueil)": (Role.ACCUEIL, "/agenda/?conseiller=tous"),
        "agenda du jour, tous en liste (accueil)": (Role.ACCUEIL, "/agenda/?conseiller=tous&affichage=liste"),
        "semaine en grille (conseiller)": (Role.CONSEILLER, "/agenda/semaine/"),
        "semaine en liste (conseiller)": (Role.CONSEILLER, "/agenda/semaine/?affichage=liste"),
        "file d'attente (htmx)": (Role.ACCUEIL, "/accueil/"),
        "accueil du conseiller (alertes)": (Role.CONSEILLER, "/"),
        "accueil de l'accueil": (Role.ACCUEIL, "/"),
    }
    print(f"| Page | médiane | p95 | ({args.runs} requêtes, un client) |")
    print("|---|---|---|---|")
    for label, (role, url) in pages.items():
        client = Client()
        client.force_login(users[role])
        headers = {"HX-Request": "true"} if "htmx" in label else {}
        first = client.get(url, headers=headers)
        assert first.status_code == 200, (url, first.status_code, first.get("Location"))
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        print(f"| {label} | {statistics.median(times):.0f} ms | {p95:.0f} ms | |")


if __name__ == "__main__":
    main()
