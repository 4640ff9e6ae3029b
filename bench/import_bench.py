"""Import benchmark: generates a synthetic valid dataset of N rows (mostly evenements), imports
it into a fresh structure of the database of DATABASE_URL and prints rows/s and peak memory.

    python -m bench.import_bench --rows 1000000
    DATABASE_URL=postgres://… python -m bench.import_bench --rows 1000000

Without DATABASE_URL it uses its own SQLite file (var/bench/import_bench.sqlite3, recreated),
never the development database. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.pages_load import _cpu_seconds


SHARES = {  # of the rows: the rest are evenements
    "jeunes.csv": 0.05,
    "inscriptions.csv": 0.03,
    "situations.csv": 0.03,
    "aides.csv": 0.02,
}
NATURES = ["entretien_individuel", "atelier", "information_collective", "telephone", "mail", "sms"]
THEMES = ["emploi", "formation", "projet_pro", "sante", "logement", "mobilite"]


def _day(base: date, rnd: random.Random, span: int) -> str:
    return (base + timedelta(days=rnd.randrange(span))).isoformat()


def generate(folder: Path, rows: int, seed: int = 1) -> dict[str, int]:
    """Writes a valid dataset of about `rows` rows into `folder`; returns rows per file."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {name: max(1, int(rows * share)) for name, share in SHARES.items()}
    counts["sites.csv"] = 5
    counts["conseillers.csv"] = 40
    counts["evenements.csv"] = max(1, rows - sum(counts.values()))
    jeunes = counts["jeunes.csv"]
    with open(folder / "sites.csv", "w", encoding="utf-8") as f:
        f.write("id;nom;type;commune\n")
        f.writelines(f"s{i};Site {i};{'siege' if i == 0 else 'antenne'};25056\n" for i in range(5))
    with open(folder / "conseillers.csv", "w", encoding="utf-8") as f:
        f.write("id;nom;prenom;site_id;actif\n")
        f.writelines(f"c{i};Conseiller{i};Prénom{i};s{i % 5};1\n" for i in range(40))
    with open(folder / "jeunes.csv", "w", encoding="utf-8") as f:
        f.write(
            "id;nom;prenom;sexe;date_naissance;commune;niveau;diplome;permis_b;enfants;nationalite;conseiller_id;site_id\n"
        )
        f.writelines(f"j{i};Nom{i};Prénom{i};{'fh'[i % 2]};{_day(date(1996, 1, 1), rnd, 2500)};25056;"
                f"{rnd.choice(['v', 'iv', 'iii', ''])};{rnd.choice(['0', '1', ''])};{rnd.choice(['0', '1'])};0;FR;"
                f"c{i % 40};s{i % 5}\n" for i in range(jeunes))
    with open(folder / "evenements.csv", "w", encoding="utf-8") as f:
        f.write("id;jeune_id;date;nature;honore;site_id;conseiller_id;themes\n")
        for i in range(counts["evenements.csv"]):
            j = rnd.randrange(jeunes)
            f.write(
                f"e{i};j{j};{_day(date(2021, 1, 1), rnd, 1400)};{rnd.choice(NATURES)};{rnd.choice(['', '1', '0'])};"
                f"s{j % 5};c{j % 40};{rnd.choice(THEMES)}\n"
            )
    with open(folder / "inscriptions.csv", "w", encoding="utf-8") as f:
        f.write("id;jeune_id;dispositif;date_entree;date_sortie;motif_sortie\n")
        for i in range(counts["inscriptions.csv"]):
            if i % 2:
                f.write(f"i{i};j{rnd.randrange(jeunes)};cej;2022-03-01;2023-02-01;emploi_durable\n")
            else:
                f.write(f"i{i};j{rnd.randrange(jeunes)};pacea;{_day(date(2021, 6, 1), rnd, 900)};;\n")
    with open(folder / "situations.csv", "w", encoding="utf-8") as f:
        f.write("id;jeune_id;categorie;type;date_debut;date_fin\n")
        for i in range(counts["situations.csv"]):
            f.write(f"t{i};j{rnd.randrange(jeunes)};emploi;cdd;2022-05-02;2022-11-30\n")
    with open(folder / "aides.csv", "w", encoding="utf-8") as f:
        f.write("id;jeune_id;type;date;montant\n")
        for i in range(counts["aides.csv"]):
            f.write(
                f"a{i};j{rnd.randrange(jeunes)};fdaj;{_day(date(2022, 1, 1), rnd, 700)};{rnd.randrange(20, 500)}.50\n"
            )
    return counts


def _server_pid(connection) -> int | None:  # type: ignore[no-untyped-def]
    """The PostgreSQL backend process serving this connection, when it runs on this machine
    (its CPU time is read from /proc); None on SQLite (its work is in this process's CPU time)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _rss_anon_mb() -> float:
    """This process's anonymous resident memory (RssAnon): its own memory, without the file
    pages it maps (SQLite's memory-mapped database counts in maxrss, RssFile, and is not)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakRssAnon:
    """Samples RssAnon every 20 ms in a thread (the kernel keeps no peak of it, only of the
    whole RSS): `peak` over the run, `phase()` the peak since the previous call. A sample
    waits for the GIL, so a peak shorter than a C call holding it can be missed."""

    def __init__(self) -> None:
        self.peak = self._phase = _rss_anon_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self._note(_rss_anon_mb())

    def _note(self, mb: float) -> None:
        self.peak, self._phase = max(self.peak, mb), max(self._phase, mb)

    def phase(self) -> float:
        self._note(_rss_anon_mb())
        peak, self._phase = self._phase, _rss_anon_mb()
        return peak

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._note(_rss_anon_mb())
        return self.peak


class PhaseTimer:
    """A progress callback printing each file's time, wall and CPU: its one pass (validation
    and writing together), the rebuild of its indexes after a bulk load and its counts, with
    the peak RssAnon of the pass."""

    def __init__(self, memory: PeakRssAnon) -> None:
        self.mark = time.monotonic()
        self.cpu = time.process_time()
        self.memory = memory

    def __call__(self, name: str, done: int, total: int | None) -> None:
        if total is not None and done == total:
            now, cpu = time.monotonic(), time.process_time()
            print(
                f"  {name:<26} {done:>9} lignes {now - self.mark:6.1f} s, CPU {cpu - self.cpu:6.1f} s, "
                f"RssAnon max {self.memory.phase():5.0f} Mo",
                flush=True,
            )
            self.mark, self.cpu = now, cpu


def _timed_after_import(timer: PhaseTimer) -> None:
    """The report's packed rows, built by the importer once its rows are written (events, then
    blocks of enrolments, situations and help), printed as two more phases."""
    from trajectoires.interchange import importer

    for name, label in (("rapports_after_import", "(événements empaquetés)"),
                        ("rapports_blocs_after_import", "(blocs empaquetés)")):
        function = getattr(importer, name)

        def timed(*args: Any, _function: Any = function, _label: str = label, **kwargs: Any) -> Any:
            start, cpu = time.monotonic(), time.process_time()
            timer.memory.phase()
            result = _function(*args, **kwargs)
            now, cpu = time.monotonic(), time.process_time() - cpu
            print(f"  {_label:<36} {now - start:6.1f} s, CPU {cpu:6.1f} s, RssAnon max {timer.memory.phase():5.0f} Mo",
                  flush=True)
            timer.mark, timer.cpu = now, time.process_time()
            return result

        setattr(importer, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dataset", type=Path, help="keep/reuse the generated dataset in this folder")
    parser.add_argument("--phases", action="store_true", help="print the time of each file's passes")
    parser.add_argument("--twice", action="store_true", help="import a second time (idempotent re-import)")
    args = parser.parse_args()
    if args.phases:  # the writer logs each index rebuild's CPU time
        logging.basicConfig(format="    %(message)s")
        logging.getLogger("trajectoires.interchange").setLevel(logging.DEBUG)

    if "DATABASE_URL" not in os.environ:
        db = Path("var/bench/import_bench.sqlite3").resolve()
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from trajectoires.interchange.importer import import_dataset
    from trajectoires.structures.models import Structure

    call_command("migrate", verbosity=0)
    folder = args.dataset or Path(tempfile.mkdtemp(prefix="import_bench_"))
    if not (folder / "jeunes.csv").exists():
        t = time.monotonic()
        counts = generate(folder, args.rows)
        print(f"jeu généré en {time.monotonic() - t:.1f} s dans {folder} : {counts}")
    structure = Structure.objects.create(code=f"B{int(time.time())}"[:20], nom="Banc d'essai")
    print(f"base : {connection.vendor} {connection.settings_dict['NAME']}")
    server = _server_pid(connection)
    for run in range(2 if args.twice else 1):
        memory = PeakRssAnon()
        timer = PhaseTimer(memory) if args.phases else None
        if timer is not None and run == 0:
            _timed_after_import(timer)
        t, cpu = time.monotonic(), time.process_time()
        server_cpu = _cpu_seconds([server]) if server else 0.0
        if timer is not None:
            timer.mark, timer.cpu = t, cpu
        result = import_dataset(folder, structure, progress=timer)
        seconds, cpu = time.monotonic() - t, time.process_time() - cpu
        anon = memory.stop()
        server_cpu = _cpu_seconds([server]) - server_cpu if server else 0.0
        if not result.ok:
            print(result.summary())
            for problem in result.problems[:20]:
                print(problem)
            sys.exit(1)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"import {run + 1} : {result.rows} lignes en {seconds:.1f} s = {result.rows / seconds:,.0f} lignes/s ; "
            f"créées {result.created}, mises à jour {result.updated}, inchangées {result.unchanged} ; "
            f"mémoire max (maxrss) {peak:.0f} Mo ; mémoire anonyme max (RssAnon échantillonnée, sans les "
            f"pages de la base projetées en mémoire) {anon:.0f} Mo ; temps CPU {cpu:.1f} s ; "
            f"charge (load average 1 min) "
            f"{os.getloadavg()[0]:.1f} sur {os.cpu_count()} CPU"
            + (f" ; temps CPU du serveur PostgreSQL {server_cpu:.1f} s" if server else "")
        )


if __name__ == "__main__":
    main()
