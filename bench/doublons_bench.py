"""Duplicates benchmark: times the direction's list of likely duplicates (`likely_pairs`) on a
synthetic Mission Locale of N young people, a share of them entered twice (a typo in one word,
or the same name).

    python -m bench.doublons_bench                 # 200,000 young people, fresh SQLite file under var/bench/
    DATABASE_URL=postgres://… python -m bench.doublons_bench --n 200000   # adds a structure to that database

Prints the time of each run, the pairs found and how many of the planted duplicates were found.
Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(2, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--doublons", type=float, default=0.01, help="share of files entered twice")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reprendre", action="store_true", help="reuse the last generated structure")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        path = Path("var/bench/doublons_bench.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not args.reprendre:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from faker import Faker

    from trajectoires.jeunes.models import Jeune
    from trajectoires.structures.models import Structure
    from trajectoires.workspace.search import ensure_indexed

    call_command("migrate", verbosity=0)
    if args.reprendre:
        structure = Structure.objects.filter(code__startswith="BENCH").order_by("-pk").first()
        ids = dict(Jeune.objects.filter(structure=structure).values_list("ext_id", "pk"))
        planted = [(e[:-4], e) for e in ids if e.endswith("-bis")]
        return measure(args, structure, planted)
    code = f"BENCH{random.randrange(10**6):06d}"
    structure = Structure.objects.create(code=code, nom="Mission Locale de banc d'essai")
    fake = Faker("fr_FR")
    Faker.seed(1)
    rng = random.Random(1)
    t0 = time.perf_counter()
    batch: list[Jeune] = []
    planted: list[tuple[str, str]] = []
    for i in range(args.n):
        nom, prenom = fake.last_name(), fake.first_name()
        born = dt.date(1999, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        sexe = rng.choice("fh")
        batch.append(
            Jeune(structure=structure, ext_id=f"b{i}", nom=nom, prenom=prenom, sexe=sexe, date_naissance=born)
        )
        if rng.random() < args.doublons:
            if rng.random() < 0.5:
                nom = typo(nom.lower(), rng).upper()
            batch.append(Jeune(structure=structure, ext_id=f"b{i}-bis", nom=nom, prenom=prenom, sexe=sexe,
                               date_naissance=born))
            planted.append((f"b{i}", f"b{i}-bis"))
        if len(batch) >= 5000:
            Jeune.objects.bulk_create(batch)  # like the importer: no signal, no search key
            batch = []
    Jeune.objects.bulk_create(batch)
    total = Jeune.objects.filter(structure=structure).count()
    print(f"{total} jeunes créés en {time.perf_counter() - t0:.1f} s, dont {len(planted)} saisis deux fois")
    t0 = time.perf_counter()
    ensure_indexed(structure.pk)
    print(f"index de recherche construit en {time.perf_counter() - t0:.1f} s")
    measure(args, structure, planted)


def measure(args, structure, planted) -> None:  # type: ignore[no-untyped-def]
    from trajectoires.jeunes.models import Jeune
    from trajectoires.workspace.doublons import likely_pairs

    times = []
    pairs = []
    for _ in range(args.runs):
        t = time.perf_counter()
        pairs = likely_pairs(structure.pk)
        times.append(time.perf_counter() - t)
    ids = dict(Jeune.objects.filter(structure=structure).values_list("ext_id", "pk"))
    found = {(p.a, p.b) for p in pairs}
    hits = sum((min(ids[a], ids[b]), max(ids[a], ids[b])) in found for a, b in planted)
    print(f"likely_pairs : médiane {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")
    print(f"{len(pairs)} paires listées ; {hits} des {len(planted)} doublons plantés trouvés")


if __name__ == "__main__":
    main()
