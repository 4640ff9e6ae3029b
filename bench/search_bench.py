"""Search benchmark: times `search_jeunes` on a synthetic Mission Locale of N young people.

    python -m bench.search_bench                   # 200,000 young people, fresh SQLite file under var/bench/
    DATABASE_URL=postgres://… python -m bench.search_bench --n 200000   # adds a structure to that database

Single client, median and 95th percentile over repeated queries (the search page under 20
concurrent clients is measured by `bench.pages_load`). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        path = Path("var/bench/search_bench.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from faker import Faker

    from trajectoires.accounts.enums import Role
    from trajectoires.accounts.models import User
    from trajectoires.jeunes.models import Jeune
    from trajectoires.structures.models import Structure
    from trajectoires.workspace.search import ensure_indexed, search_jeunes

    call_command("migrate", verbosity=0)
    code = f"BENCH{random.randrange(10**6):06d}"
    structure = Structure.objects.create(code=code, nom="Mission Locale de banc d'essai")
    user = User.objects.create(username=f"bench-{code}", structure=structure, role=Role.CONSEILLER)
    fake = Faker("fr_FR")
    Faker.seed(1)
    rng = random.Random(1)
    t0 = time.perf_counter()
    batch = []
    for i in range(args.n):
        batch.append(
            Jeune(
                structure=structure, ext_id=f"b{i}", nom=fake.last_name(), prenom=fake.first_name(),
                sexe=rng.choice("fh"), date_naissance=dt.date(1999, 1, 1) + dt.timedelta(days=rng.randrange(3650)),
            )
        )
        if len(batch) == 5000:
            Jeune.objects.bulk_create(batch)  # like the importer: no signal, no search key
            batch = []
    Jeune.objects.bulk_create(batch)
    print(f"{args.n} jeunes créés en {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    ensure_indexed(structure.pk)
    print(f"index de recherche construit en {time.perf_counter() - t0:.1f} s (une fois, à la première recherche)")

    sample = list(
        Jeune.objects.filter(structure=structure)
        .order_by("?")[:20]
        .values_list("nom", "prenom", "date_naissance", "ext_id")
    )

    def typo(word: str) -> str:
        i = rng.randrange(2, len(word)) if len(word) > 4 else len(word) - 1
        return word[:i] + word[i + 1 :]

    queries = {
        "nom": [n for n, _, _, _ in sample],
        "début du nom + prénom": [f"{n[:4]} {p}" for n, p, _, _ in sample],
        "faute de frappe": [typo(n.lower()) for n, _, _, _ in sample],
        "date de naissance": [f"{d:%d/%m/%Y}" for _, _, d, _ in sample],
        "identifiant": [e for _, _, _, e in sample],
    }
    for label, texts in queries.items():
        times = []
        for k in range(args.runs):
            t = time.perf_counter()
            search_jeunes(user, texts[k % len(texts)])
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:>24} : médiane {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
