#!/usr/bin/env python
"""Page benchmark: every list, board, detail, search and statistics page under gunicorn, with
4 concurrent logged-in users, alternating with a bare Flask page served with the same settings.

    .venv/bin/python scripts/bench_pages.py \
        --dataset 1y sqlite:////tmp/scale1.sqlite --dataset 10y sqlite:////tmp/scale10.sqlite

Datasets come from scripts/make_scale_data.py (`--dataset LABEL URL [UPLOADS]`; UPLOADS defaults
to the SQLite file's `.uploads` folder). For each dataset the app is started under gunicorn on a
loopback port (`--worker-class`, `--workers`, `--threads`); each page is requested `--requests` times
by `--users` concurrent clients, each logged in as the page's role with its own session, each
request on a new connection as nginx opens them upstream (`--keep-alive`: one per user); right
before each page the same load runs against a bare Flask app (one route returning a short text)
under a second gunicorn with identical settings. Printed per page: p50 and p95 in ms, requests/s,
the ratio of the page's p50 to the bare page's p50, and the number of SQL statements the page
runs (counted in-process with the Flask test client and a cursor-execute listener). At the end:
the largest resident memory of the app's workers seen during the run. All figures are measured
in this run; nothing is asserted. Loopback only.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_page_list import PASSWORD, ROLES, api_secrets, discover, pages
from live_app import free_port, stop

BARE_APP = "bench_bare_app:app"


class Client:
    """One logged-in user on a persistent loopback connection."""

    #: False: a new connection for every request, as nginx talks to its upstream by default
    #: (HTTP/1.0, no upstream keepalive); True: one persistent connection per user.
    keep_alive = False

    def __init__(self, port: int, bearer: str | None = None):
        self.port, self.bearer = port, bearer
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if not self.keep_alive:
                    self.conn.close()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, data.decode("utf-8", "replace")

    def login(self, username: str) -> None:
        _, page = self.request("GET", "/auth/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', page)
        body = urllib.parse.urlencode({"csrf_token": token.group(1), "username": username, "password": PASSWORD})
        status, _ = self.request("POST", "/auth/login", body)
        if status != 302:
            raise RuntimeError(f"login of {username} failed: {status}")


def load(port: int, path: str, clients: list[Client], total: int) -> dict:
    """`total` GETs of `path` spread over the clients, all running at once; latencies in ms."""
    latencies: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    per_client = [total // len(clients) + (1 if i < total % len(clients) else 0) for i in range(len(clients))]

    def run(client: Client, count: int) -> None:
        for _ in range(count):
            started = time.perf_counter()
            status, _ = client.request("GET", path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses.add(status)

    threads = [threading.Thread(target=run, args=(c, n)) for c, n in zip(clients, per_client)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {"p50": statistics.median(latencies), "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)],
            "rps": len(latencies) / wall, "statuses": statuses}


def start(app: str, env: dict, port: int, args) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-w", str(args.workers), "-k", args.worker_class, "--threads", str(args.threads),
         "--timeout", "300", "-b", f"127.0.0.1:{port}", app],
        cwd=ROOT / "scripts" if app == BARE_APP else ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("HEAD", "/")
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"{app} did not start")


def worker_rss_mb(master: int) -> float:
    """The largest resident set of the master's children (the workers), in MB."""
    largest = 0.0
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]) / 1024)
        except OSError:
            pass
    return largest


def count_queries(env: dict, ids: dict, todo: list[tuple[str, str, str]], token: str) -> dict[str, int]:
    """SQL statements per page, counted in a child process with the Flask test client."""
    code = r"""
import json, sys
from sqlalchemy import event
from reviewer import create_app
from reviewer.extensions import db
app = create_app({"WTF_CSRF_ENABLED": False})
todo = json.loads(sys.argv[1]); users = json.loads(sys.argv[2]); token = sys.argv[3]
counts = {}
with app.app_context():
    engine = db.engine
seen = []
event.listen(engine, "before_cursor_execute", lambda *a, **k: seen.append(1))
clients = {}
for name, role, path in todo:
    client = clients.get(role)
    if client is None:
        client = clients[role] = app.test_client()
        if role != "api":
            client.post("/auth/login", data={"username": users[role], "password": "demo1234"})
    headers = {"Authorization": "Bearer " + token} if role == "api" else {}
    client.get(path, headers=headers)
    seen.clear()
    response = client.get(path, headers=headers)
    counts[name] = len(seen) if response.status_code == 200 else -response.status_code
print(json.dumps(counts))
"""
    import json

    users = dict(ROLES, judge=ids["judge"])
    out = subprocess.run([sys.executable, "-c", code, json.dumps(todo), json.dumps(users), token], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_dataset(label: str, url: str, uploads: str, args, only: re.Pattern | None) -> dict:
    ids = discover(url)
    # 16 clients log in from one address at the start: above the default log-in limit per address.
    env = dict(os.environ, DATABASE_URL=url, UPLOAD_ROOT=uploads, REVIEWER_ENV="development",
               LOGIN_RATE_LIMIT="1000/minute",
               HUEY_SQLITE_PATH=str(Path(uploads) / "huey.sqlite"), PYTHONPATH=str(ROOT))
    env.pop("MAIL_SERVER", None)
    todo = [p for p in pages(ids) if only is None or only.search(p[0])]
    tokens = api_secrets(url) * args.users
    app_port, bare_port = free_port(), free_port()
    server = bare = None
    results: dict[str, dict] = {}
    peak = 0.0
    try:
        server = start("app:app", env, app_port, args)
        bare = start(BARE_APP, dict(env, PYTHONPATH=str(ROOT / "scripts")), bare_port, args)
        users = dict(ROLES, judge=ids["judge"])
        sessions: dict[str, list[Client]] = {"api": [Client(app_port, secret) for secret in tokens[:args.users]]}
        for role, username in users.items():
            if role == "api":
                continue
            sessions[role] = []
            for _ in range(args.users):
                client = Client(app_port)
                client.login(username)
                sessions[role].append(client)
        bare_clients = [Client(bare_port) for _ in range(args.users)]
        for name, role, path in todo:
            load(bare_port, "/", bare_clients, args.users * 2)  # warm-up
            load(app_port, path, sessions[role], args.users)
            base = load(bare_port, "/", bare_clients, args.requests)
            page = load(app_port, path, sessions[role], args.requests)
            page["bare_p50"] = base["p50"]
            results[name] = page
            peak = max(peak, worker_rss_mb(server.pid))
            print(f"  [{label}] {name:<16} p50 {page['p50']:8.1f} ms  p95 {page['p95']:8.1f} ms  "
                  f"{page['rps']:6.1f} req/s  bare p50 {base['p50']:5.1f} ms  status {sorted(page['statuses'])}",
                  flush=True)
    finally:
        stop(server)
        stop(bare)
    queries = count_queries(env, ids, todo, tokens[0])
    for name, result in results.items():
        result["queries"] = queries.get(name)
    return {"results": results, "peak_rss": peak, "ids": ids}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", nargs="+", action="append", required=True, metavar="LABEL URL [UPLOADS]")
    parser.add_argument("--requests", type=int, default=40, help="measured requests per page (default 40)")
    parser.add_argument("--users", type=int, default=4, help="concurrent users (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"),
                        help="gunicorn worker class (default gthread)")
    parser.add_argument("--only", help="regular expression: measure only the pages whose name matches")
    parser.add_argument("--keep-alive", action="store_true",
                        help="one persistent connection per user (default: a new connection per request, as "
                             "nginx opens to its upstream)")
    args = parser.parse_args(argv)
    Client.keep_alive = args.keep_alive
    only = re.compile(args.only) if args.only else None
    runs = {}
    for spec in args.dataset:
        label, url = spec[0], spec[1]
        uploads = spec[2] if len(spec) > 2 else (
            str(Path(url[len("sqlite:///"):]).with_suffix(".uploads")) if url.startswith("sqlite:///") else "")
        print(f"{label}: {url}", flush=True)
        runs[label] = bench_dataset(label, url, uploads, args, only)
    print_table(runs, args)
    return 0


def print_table(runs: dict, args) -> None:
    labels = list(runs)
    names = list(next(iter(runs.values()))["results"])
    print(f"\n{args.users} concurrent users, {args.requests} requests per page, gunicorn -k {args.worker_class} "
          f"-w {args.workers} --threads {args.threads}, "
          f"{'persistent connections' if args.keep_alive else 'a connection per request'}; times in ms; ×bare = p50 / bare page p50\n")
    head = "| page | " + " | ".join(f"{lb} p50 | {lb} p95 | {lb} req/s | {lb} ×bare | {lb} SQL" for lb in labels)
    print(head + (" | p50 growth |" if len(labels) > 1 else " |"))
    print("|---" * (1 + 5 * len(labels) + (len(labels) > 1)) + "|")
    for name in names:
        cells = []
        for label in labels:
            r = runs[label]["results"].get(name)
            cells.append(f"{r['p50']:.0f} | {r['p95']:.0f} | {r['rps']:.1f} | {r['p50'] / r['bare_p50']:.0f} | "
                         f"{r['queries']}" if r else "– | – | – | – | –")
        growth = ""
        if len(labels) > 1:
            first, last = runs[labels[0]]["results"].get(name), runs[labels[-1]]["results"].get(name)
            growth = f" {last['p50'] / first['p50']:.2f}× |" if first and last else " – |"
        print(f"| {name} | " + " | ".join(cells) + (" |" + growth if growth else " |"))
    for label in labels:
        print(f"\n{label}: largest app worker resident memory during the run: {runs[label]['peak_rss']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
