"""Load test (not a test: nothing is asserted): N concurrent clients for D seconds on loopback
against a real gunicorn server on the demo database, mixing the young person's file, the search
page and the REST API. Prints requests, errors, throughput and p50/p95/p99 latencies.

    TRAJECTOIRES_DATA_DIR=/path/with/demo/db python -m bench.load_test            # 20 clients, 120 s
    python -m bench.load_test --clients 20 --duration 120 --workers 5 --threads 2
    python -m bench.load_test --url http://127.0.0.1:8000                         # an already running server

The database must hold the demo (`trajectoires demo`); the clients log in as the demo
counsellor through the login form (session + CSRF) and call the API with a personal token
created for the run (revoked at the end). The second factor is switched off for the server it
starts (TRAJECTOIRES_2FA_OBLIGATOIRE=0), as for the demo.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests


ROOT = Path(__file__).resolve().parents[1]
USER, PASSWORD = "conseiller", "trajectoires-demo"
# (kind, weight): what a counsellor's day looks like, roughly.
MIX = [("dossier", 35), ("recherche", 25), ("api_dossier", 15), ("api_contacts", 10), ("api_liste", 10),
       ("api_recherche", 5)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "load-test-only-" + "x" * 50)
    env.update(DJANGO_DEBUG="0", TRAJECTOIRES_2FA_OBLIGATOIRE="0", ALLOWED_HOSTS="127.0.0.1,localhost",
               DJANGO_SETTINGS_MODULE="trajectoires.settings", AXES_FAILURE_LIMIT="1000")
    return env


def _manage(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "trajectoires.manage", *args], env=_env(), cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def start_server(workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    _manage("collectstatic", "--noinput", "-v0")
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "trajectoires.wsgi:application", "-b", f"127.0.0.1:{port}",
           "-w", str(workers), "-k", "gthread", "--threads", str(threads), "--log-level", "warning",
           "--timeout", "120", "--keep-alive", "75"]
    proc = subprocess.Popen(cmd, env=_env(), cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # workers boot slowly on a loaded machine
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/connexion/", timeout=30).status_code == 200:
                return proc, url
        except requests.RequestException:
            time.sleep(1)
    proc.terminate()
    proc.wait(timeout=30)
    raise SystemExit("Le serveur gunicorn n'a pas démarré.")


def login(url: str, user: str = USER, password: str = PASSWORD) -> requests.Session:
    """A session logged in through the login form (session cookie + CSRF), as a browser."""
    session = requests.Session()
    page = session.get(f"{url}/connexion/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{url}/connexion/", data={"username": user, "password": password,
                            "csrfmiddlewaretoken": token}, headers={"Referer": f"{url}/connexion/"},
                            allow_redirects=False, timeout=60)
    if response.status_code != 302:
        raise SystemExit(f"Connexion de « {user} » refusée ({response.status_code}) : la base contient-elle la démo ?")
    return session


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {detail}")


def client(
    url: str, api_token: str, ids: list[int], names: list[str], deadline: float, stats: Stats, seed: int
) -> None:
    rnd = random.Random(seed)
    session = login(url)
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {api_token}"
    kinds, weights = zip(*MIX, strict=True)
    while time.monotonic() < deadline:
        kind = rnd.choices(kinds, weights)[0]
        jeune = rnd.choice(ids)
        prefix = rnd.choice(names)[:4]
        target = {
            "dossier": (session, f"/jeunes/{jeune}/"),
            "recherche": (session, f"/jeunes/?q={prefix}"),
            "api_dossier": (api, f"/api/jeunes/{jeune}"),
            "api_contacts": (api, f"/api/jeunes/{jeune}/contacts?limit=50"),
            "api_liste": (api, f"/api/jeunes?limit=50&offset={rnd.randrange(0, 2000)}"),
            "api_recherche": (api, f"/api/jeunes?q={prefix}"),
        }[kind]
        start = time.perf_counter()
        try:
            response = target[0].get(url + target[1], timeout=60, allow_redirects=False)
            ok = response.status_code == 200
            detail = f"{response.status_code} {target[1]}"
        except requests.RequestException as error:
            ok, detail = False, f"{type(error).__name__} {target[1]} ({str(error)[:160]})"
        stats.add(kind, time.perf_counter() - start, ok, detail)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=int, default=120)
    # the sizing of bench.pages_load (see the reason there): 5 processes of 2 threads on 2 CPUs
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--url", default="", help="an already running server (else gunicorn is started)")
    args = parser.parse_args()

    proc = None
    url = args.url.rstrip("/")
    if not url:
        proc, url = start_server(args.workers, args.threads)
    try:
        api_token = _manage("jeton_api", USER, "--nom", "load_test", "--jours", "1")
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {api_token}"
        rows = []
        for offset in range(0, 2000, 200):
            rows += api.get(f"{url}/api/jeunes?limit=200&offset={offset}", timeout=60).json()["resultats"]
        # Warm-up, not timed: the first search builds the search keys of the whole Mission Locale.
        api.get(f"{url}/api/jeunes?q=mar", timeout=600)
        ids = [r["id"] for r in rows]
        names = [r["nom"] for r in rows if r.get("nom")]
        print(f"{len(ids)} dossiers de jeunes utilisés ; {args.clients} clients pendant {args.duration} s sur {url}")
        stats = Stats()
        deadline = time.monotonic() + args.duration
        threads = [threading.Thread(target=client, args=(url, api_token, ids, names, deadline, stats, i))
                   for i in range(args.clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        _manage("shell", "-c", "from trajectoires.api.models import ApiToken; "
                "ApiToken.objects.filter(nom='load_test').revoke(origin='commande')")
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)

    every = [v for values in stats.latencies.values() for v in values]
    total_errors = sum(stats.errors.values())
    print(f"requêtes : {len(every)}  erreurs : {total_errors}  débit : {len(every) / elapsed:.1f} req/s  "
          f"p50 : {pct(every, 50):.0f} ms  p95 : {pct(every, 95):.0f} ms  p99 : {pct(every, 99):.0f} ms  "
          f"max : {max(every) * 1000:.0f} ms")
    for kind, _ in MIX:
        values = stats.latencies.get(kind, [])
        if values:
            print(
                f"  {kind:14} {len(values):6} req  {stats.errors.get(kind, 0):4} err  p50 {pct(values, 50):6.0f} ms  "
                f"p95 {pct(values, 95):6.0f} ms  moyenne {statistics.mean(values) * 1000:6.0f} ms"
            )
    for sample in stats.samples:
        print("  erreur :", sample)


if __name__ == "__main__":
    main()
