"""Page load test of the counsellors' workspace (not a test: nothing is asserted).

N concurrent clients on loopback against a real gunicorn server on a demo database, each logged
in as the demo counsellor through the login form, each looping over the pages of a counsellor's
day: the young person's file, the search, the home, the agenda (day and week), the walk-in
queue. Prints, per page and overall: requests, errors, p50 / p95 / p99, and the CPU time the
server processes used per request (utime + stime of gunicorn's processes, from /proc: the
machine is shared, so wall-clock latencies depend on what else runs; CPU per request does not).

    TRAJECTOIRES_DATA_DIR=/dir/with/the/200k/demo python -m bench.pages_load --think 1-3   # counsellors
    TRAJECTOIRES_DATA_DIR=… python -m bench.pages_load --think 0                           # saturation
    python -m bench.pages_load --url http://127.0.0.1:8000 …                               # a running server

`--think A-B`: each client waits a random time, uniform between A and B seconds, after each
page (a counsellor reading it); `--think 0` is a closed loop with no pause, which measures the
server's saturation throughput on this machine rather than what a user waits. The database
must hold the demo (`trajectoires demo [--jeunes 200000]`); the server is started with the
second factor off (TRAJECTOIRES_2FA_OBLIGATOIRE=0) as for the demo.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import threading
import time
from pathlib import Path

import requests

from bench.load_test import Stats, _manage, login, pct, start_server


# (page, weight): a counsellor's day, roughly: files and searches most, the home and the
# agenda between two young people, the queue when walk-ins come (the home and the queue page
# also poll the queue fragment every 5 s: counted here as "file d'attente"). "agenda_semaine"
# is the counsellor's own week as a calendar grid (issue 12), with its free slots.
MIX = [("dossier", 30), ("recherche", 20), ("accueil", 15), ("agenda_jour", 12), ("agenda_semaine", 5),
       ("file_attente", 18)]

SAMPLE = """
import json
from trajectoires.accounts.models import User
from trajectoires.accounts.perms import jeunes_visible_to
user = User.objects.get(username="{user}")
rows = list(jeunes_visible_to(user).order_by("?").values_list("pk", "nom", "prenom")[:2000])
print(json.dumps(rows))
"""


def _server_pids(master: int) -> list[int]:
    pids = [master]
    for task in Path(f"/proc/{master}/task").iterdir():
        children = Path(f"/proc/{master}/task/{task.name}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
    return pids


def _postgres_backends(database: str) -> list[int]:
    """The PostgreSQL server processes serving `database` (their command line names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if cmdline.startswith("postgres: ") and f" {database} " in cmdline:
                pids.append(int(entry.name))
    return pids


def _cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes (seconds), 0 for those gone."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / tick


def _paths(kind: str, rnd: random.Random, rows: list[list]) -> str:
    pk, nom, prenom = rnd.choice(rows)
    if kind == "dossier":
        return f"/jeunes/{pk}/"
    if kind == "recherche":  # the start of a last name, or a last name and first name
        query = nom[:4] if rnd.random() < 0.5 else f"{nom} {prenom}"
        return "/jeunes/?" + requests.compat.urlencode({"q": query})
    return {"accueil": "/", "agenda_jour": "/agenda/", "agenda_semaine": "/agenda/semaine/",
            "file_attente": "/accueil/"}[kind]


def client(url: str, session: requests.Session, rows: list[list], deadline: float, think: tuple[float, float],
           stats: Stats, seed: int) -> None:
    rnd = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    if think[1] > 0:  # counsellors do not all start at the same second
        time.sleep(rnd.uniform(0, think[1]))
    while time.monotonic() < deadline:
        kind = rnd.choices(kinds, weights)[0]
        path = _paths(kind, rnd, rows)
        headers = {"HX-Request": "true"} if kind == "file_attente" else {}
        start = time.perf_counter()
        try:
            response = session.get(url + path, timeout=120, allow_redirects=False, headers=headers)
            ok = response.status_code == 200
            detail = f"{response.status_code} {path}"
        except requests.RequestException as error:
            ok, detail = False, f"{type(error).__name__} {path} ({str(error)[:160]})"
        stats.add(kind, time.perf_counter() - start, ok, detail)
        if think[1] > 0:
            time.sleep(rnd.uniform(*think))


def parse_think(raw: str) -> tuple[float, float]:
    if raw in ("0", ""):
        return (0.0, 0.0)
    low, _, high = raw.partition("-")
    return (float(low), float(high or low))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=int, default=120, help="secondes de mesure")
    parser.add_argument("--think", default="1-3", help="pause entre deux pages, en secondes : « 1-3 », ou « 0 »")
    # 2 CPUs: 5 processes (gunicorn's 2 × CPUs + 1) of 2 threads. Python runs one thread of a
    # process at a time (GIL), and gthread keeps each keep-alive connection on the process that
    # accepted it: with 3 processes of 4 threads, 7 clients shared each process, and a request
    # waited behind its neighbours' even when the other CPU was idle (docs/workspace.md).
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--user", default="conseiller")
    parser.add_argument("--password", default="trajectoires-demo")
    parser.add_argument("--url", default="", help="un serveur déjà lancé (sinon gunicorn est démarré)")
    args = parser.parse_args()
    think = parse_think(args.think)

    rows = json.loads(_manage("shell", "-c", SAMPLE.format(user=args.user)).splitlines()[-1])
    proc = None
    url = args.url.rstrip("/")
    if not url:
        proc, url = start_server(args.workers, args.threads)
    try:
        # Warm-up, not timed: each worker's first requests (imports, template loading; the first
        # search may index the young people not indexed yet).
        warm = login(url, args.user, args.password)
        warm.get(f"{url}/jeunes/?q=mar", timeout=600)
        for _ in range(args.workers * 3):
            for kind, _ in MIX:
                warm.get(url + _paths(kind, random.Random(0), rows), timeout=120)
        # Logged in before the clock starts: a login hashes the password (Argon2, a deliberate
        # fraction of a second of CPU), which is not what a counsellor does between two pages.
        sessions = [login(url, args.user, args.password) for _ in range(args.clients)]
        pids = _server_pids(proc.pid) if proc is not None else []
        cpu_before = _cpu_seconds(pids)
        # PostgreSQL: its server processes work for the requests too (persistent connections:
        # the same backends for the whole run).
        database = os.environ.get("DATABASE_URL", "")
        pg_name = database.rsplit("/", 1)[-1].split("?")[0] if database.startswith("postgres") else ""
        pg_pids = _postgres_backends(pg_name) if pg_name else []
        pg_before = {pid: _cpu_seconds([pid]) for pid in pg_pids}
        load_before = os.getloadavg()[0]
        print(f"{len(rows)} dossiers tirés au hasard ; {args.clients} clients « {args.user} » pendant "
              f"{args.duration} s sur {url} ; pause entre deux pages : "
              f"{'aucune (boucle fermée)' if think[1] == 0 else f'{think[0]:g} à {think[1]:g} s (uniforme)'} ; "
              f"gunicorn {args.workers} processus × {args.threads} fils")
        stats = Stats()
        deadline = time.monotonic() + args.duration
        threads = [threading.Thread(target=client, args=(url, sessions[i], rows, deadline, think, stats, i))
                   for i in range(args.clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        server_cpu = _cpu_seconds(pids) - cpu_before if pids else None
        pg_cpu = None
        if pg_name:  # backends opened during the run count from zero
            pg_cpu = sum(_cpu_seconds([pid]) - pg_before.get(pid, 0.0) for pid in _postgres_backends(pg_name))
        load_after = os.getloadavg()[0]
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)

    every = [v for values in stats.latencies.values() for v in values]
    total_errors = sum(stats.errors.values())
    print(f"requêtes : {len(every)}  erreurs : {total_errors}  débit : {len(every) / elapsed:.1f} req/s  "
          f"p50 : {pct(every, 50):.0f} ms  p95 : {pct(every, 95):.0f} ms  p99 : {pct(every, 99):.0f} ms  "
          f"max : {max(every) * 1000:.0f} ms")
    if server_cpu is not None:
        print(f"CPU des processus gunicorn : {server_cpu:.1f} s sur {elapsed:.0f} s "
              f"({server_cpu / elapsed:.2f} CPU en moyenne sur 2), "
              f"{server_cpu / len(every) * 1000:.0f} ms par requête ; "
              f"charge de la machine (loadavg 1 min) : {load_before:.1f} avant, {load_after:.1f} après")
    if pg_cpu is not None:
        print(
            f"CPU du serveur PostgreSQL (base {pg_name}) : {pg_cpu:.1f} s, "
            f"{pg_cpu / len(every) * 1000:.0f} ms par requête"
        )
    for kind, _ in MIX:
        values = stats.latencies.get(kind, [])
        if values:
            print(
                f"  {kind:15} {len(values):6} req  {stats.errors.get(kind, 0):4} err  p50 {pct(values, 50):6.0f} ms  "
                f"p95 {pct(values, 95):6.0f} ms  p99 {pct(values, 99):6.0f} ms  "
                f"moyenne {statistics.mean(values) * 1000:6.0f} ms"
            )
    for sample in stats.samples:
        print("  erreur :", sample)


if __name__ == "__main__":
    main()
