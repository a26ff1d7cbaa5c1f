#!/usr/bin/env python
"""Worker memory through the page benchmark, and which heavy libraries each page imports.

    .venv/bin/python scripts/bench_memory.py sqlite:////work/scale/scale1.sqlite [UPLOADS] [--only REGEX]

Two parts, both on the pages of `bench_page_list.pages` (or those whose name matches `--only`):

1. **Worker RSS.** The app runs under gunicorn as in scripts/bench_pages.py (`-k gthread`, 2 workers ×
   4 threads); each page is requested `--requests` times by `--users` logged-in clients; after each
   page the largest resident set of the workers (VmRSS, MB) is printed, and at the end the peak.
2. **Imports** (`--imports`): in this process, through the Flask test client, the top-level packages
   among `HEAVY` that a page's first request adds to `sys.modules`.

The job queue file goes to a temporary folder (jobs are queued, not run: no consumer is started).
Loopback only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_page_list import ROLES, api_secrets, discover, in_process_get, pages  # noqa: E402
from bench_pages import Client, load, start, worker_rss_mb  # noqa: E402
from live_app import free_port, stop  # noqa: E402

HEAVY = ("pingouin", "pandas", "scipy", "statsmodels", "matplotlib", "seaborn", "xarray", "krippendorff",
         "openpyxl", "docx", "av", "PIL", "sklearn")


def rss_run(env: dict, todo, users: dict, tokens, args) -> None:
    port = free_port()
    server = start("app:app", env, port, argparse.Namespace(workers=args.workers, threads=args.threads))
    try:
        print(f"start: worker RSS {worker_rss_mb(server.pid):.0f} MB", flush=True)
        sessions = {"api": [Client(port, secret) for secret in tokens[:args.users]]}
        for role, username in users.items():
            if role != "api":
                sessions[role] = []
                for _ in range(args.users):
                    client = Client(port)
                    client.login(username)
                    sessions[role].append(client)
        peak = 0.0
        for name, role, path in todo:
            result = load(port, path, sessions[role], args.requests)
            rss = worker_rss_mb(server.pid)
            peak = max(peak, rss)
            print(f"  {name:<20} status {sorted(result['statuses'])}  worker RSS {rss:6.0f} MB", flush=True)
        print(f"peak worker RSS through the run: {peak:.0f} MB")
    finally:
        stop(server)


def import_run(todo, users: dict, token: str) -> None:
    from reviewer import create_app

    app = create_app({"WTF_CSRF_ENABLED": False})
    get = in_process_get(app, users, token)
    heavy = lambda: {m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY}  # noqa: E731
    print(f"after create_app: {sorted(heavy()) or '—'}")
    for name, role, path in todo:
        before = heavy()
        status = get(role, path).status_code
        added = heavy() - before
        if added:
            print(f"  {name:<20} {status}  imports {', '.join(sorted(added))}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("uploads", nargs="?")
    parser.add_argument("--only")
    parser.add_argument("--requests", type=int, default=4)
    parser.add_argument("--users", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--imports", action="store_true", help="list the heavy imports per page instead")
    args = parser.parse_args(argv)
    uploads = args.uploads or str(Path(args.url.removeprefix("sqlite:///")).with_suffix(".uploads"))
    ids = discover(args.url)
    only = re.compile(args.only) if args.only else None
    todo = [p for p in pages(ids) if only is None or only.search(p[0])]
    users = dict(ROLES, judge=ids["judge"])
    tokens = api_secrets(args.url) * args.users
    queue = tempfile.mkdtemp(prefix="bench-memory-")
    env = dict(os.environ, DATABASE_URL=args.url, UPLOAD_ROOT=uploads, REVIEWER_ENV="development",
               LOGIN_RATE_LIMIT="1000/minute", HUEY_SQLITE_PATH=str(Path(queue) / "huey.sqlite"),
               PYTHONPATH=str(ROOT))
    env.pop("MAIL_SERVER", None)
    if args.imports:
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "UPLOAD_ROOT", "REVIEWER_ENV", "HUEY_SQLITE_PATH",
                                                "LOGIN_RATE_LIMIT")})
        import_run(todo, users, tokens[0])
    else:
        rss_run(env, todo, users, tokens, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
