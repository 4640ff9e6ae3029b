"""Load test of the public job board's offers list (issue 13: p95 ≤ 100 ms under 20 clients;
not a test: nothing is asserted).

N concurrent anonymous visitors on loopback against a real gunicorn server on a demo database,
each looping over the board: the offers list without filters, with filters (contract, commune
and its surroundings, job family, date, a further page) and an offer's page. Prints, per page
and overall: requests, errors, p50 / p95 / p99, and the server's CPU per request, as
bench.pages_load does (docs/bourse.md, "Performances").

    TRAJECTOIRES_DATA_DIR=/dir/with/the/demo python -m bench.bourse_load --think 0      # closed loop
    TRAJECTOIRES_DATA_DIR=… python -m bench.bourse_load --think 1-3                     # visitors reading

The demo's offers are imported (interchange) as published but not diffused: `--offres N` first
diffuses N of them on the board of the demo's Mission Locale (publique, a commune of its
territory, a ROME code, recent publication dates), a write on the benchmark's own database.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time

import requests

from bench.load_test import Stats, _manage, pct, start_server
from bench.pages_load import _cpu_seconds, _server_pids, parse_think


MIX = [("liste", 45), ("liste_filtree", 35), ("offre", 20)]

PREPARE = """
import datetime as dt, json, random
from django.utils import timezone
from trajectoires.entreprises.models import Offre
from trajectoires.structures.models import Commune, Structure
structure = Structure.objects.order_by("pk").first()
communes = list(Commune.objects.filter(structure=structure).values_list("ext_id", flat=True)) or ["25056"]
rnd = random.Random(7)
today = timezone.localdate()
ids = list(Offre.objects.filter(structure=structure).order_by("pk").values_list("pk", flat=True)[:{n}])
letters = "ABCDEFGHIJKLMN"
for pk in ids:
    Offre.objects.filter(pk=pk).update(
        statut="publiee", publique=True, commune=rnd.choice(communes),
        rome=rnd.choice(letters) + str(rnd.randrange(1101, 1999)), date_cloture=None,
        date_publication=today - dt.timedelta(days=rnd.randrange(0, 60)))
contrats = sorted(set(Offre.objects.filter(pk__in=ids).values_list("type_contrat", flat=True)))
print(json.dumps({{"code": structure.code, "ids": ids, "communes": communes, "contrats": contrats}}))
"""


def _path(kind: str, rnd: random.Random, board: dict) -> str:
    base = f"/bourse/{board['code']}/"
    if kind == "liste":
        return base
    if kind == "offre":
        return f"{base}offres/{rnd.choice(board['ids'])}/"
    params = {}
    if rnd.random() < 0.5:
        params["contrat"] = rnd.choice(board["contrats"])
    if rnd.random() < 0.5:
        params["commune"] = rnd.choice(board["communes"])
        params["rayon"] = rnd.choice(["commune", "epci", "departement"])
    if rnd.random() < 0.4:
        params["domaine"] = rnd.choice("ABCDEFGHIJKLMN")
    if rnd.random() < 0.3:
        params["depuis"] = rnd.choice(["7", "30"])
    if not params or rnd.random() < 0.2:
        params["page"] = str(rnd.randrange(2, 6))
    return base + "?" + requests.compat.urlencode(params)


def client(url: str, board: dict, deadline: float, think: tuple[float, float], stats: Stats, seed: int) -> None:
    rnd = random.Random(seed)
    session = requests.Session()
    kinds, weights = zip(*MIX, strict=True)
    if think[1] > 0:
        time.sleep(rnd.uniform(0, think[1]))
    while time.monotonic() < deadline:
        kind = rnd.choices(kinds, weights)[0]
        path = _path(kind, rnd, board)
        start = time.perf_counter()
        try:
            response = session.get(url + path, timeout=120, allow_redirects=False)
            ok = response.status_code == 200
            detail = f"{response.status_code} {path}"
        except requests.RequestException as error:
            ok, detail = False, f"{type(error).__name__} {path} ({str(error)[:160]})"
        stats.add(kind, time.perf_counter() - start, ok, detail)
        if think[1] > 0:
            time.sleep(rnd.uniform(*think))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="secondes de mesure")
    parser.add_argument("--think", default="0", help="pause entre deux pages, en secondes : « 1-3 », ou « 0 »")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--offres", type=int, default=300, help="offres diffusées sur la bourse")
    parser.add_argument("--url", default="", help="un serveur déjà lancé (sinon gunicorn est démarré)")
    args = parser.parse_args()
    think = parse_think(args.think)
    board = json.loads(_manage("shell", "-c", PREPARE.format(n=args.offres)).splitlines()[-1])
    if not board["ids"]:
        raise SystemExit("La base ne contient aucune offre : lancez d'abord « trajectoires demo ».")
    proc = None
    url = args.url.rstrip("/")
    if not url:
        proc, url = start_server(args.workers, args.threads)
    try:
        warm = requests.Session()
        for i in range(args.workers * 10):
            for kind, _ in MIX:
                warm.get(url + _path(kind, random.Random(i), board), timeout=120)
        pids = _server_pids(proc.pid) if proc is not None else []
        cpu_before = _cpu_seconds(pids)
        pause = "aucune (boucle fermée)" if think[1] == 0 else f"{think[0]:g} à {think[1]:g} s"
        print(f"{len(board['ids'])} offres diffusées ; {args.clients} visiteurs anonymes pendant {args.duration} s "
              f"sur {url} ; pause : {pause} ; "
              f"gunicorn {args.workers} processus × {args.threads} fils")
        stats = Stats()
        deadline = time.monotonic() + args.duration
        threads = [threading.Thread(target=client, args=(url, board, deadline, think, stats, i))
                   for i in range(args.clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        server_cpu = _cpu_seconds(pids) - cpu_before if pids else None
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    every = [v for values in stats.latencies.values() for v in values]
    errors = sum(stats.errors.values())
    print(f"requêtes : {len(every)}  erreurs : {errors}  débit : {len(every) / elapsed:.1f} req/s  "
          f"p50 : {pct(every, 50):.0f} ms  p95 : {pct(every, 95):.0f} ms  p99 : {pct(every, 99):.0f} ms")
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:<14} {len(values):>6} req  p50 {pct(values, 50):>5.0f} ms  p95 {pct(values, 95):>5.0f} ms  "
              f"p99 {pct(values, 99):>5.0f} ms  erreurs {stats.errors[kind]}")
    if server_cpu is not None and every:
        print(f"CPU du serveur : {server_cpu / len(every) * 1000:.1f} ms par requête")
    for sample in stats.samples:
        print("  erreur :", sample)


if __name__ == "__main__":
    main()
