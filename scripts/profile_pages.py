"""CPU per page, in-process: the load-insensitive companion of scripts/bench_pages.py.

For each page of `bench_page_list.pages` (or those whose name matches `--only`), the page is
requested through the Flask test client in this process, logged in as its role, `--repeat` times
after one warm-up; printed per page: the median CPU time of this process (time.process_time, so
other processes on the machine barely move it), the median wall time, the number of SQL
statements, the time spent in them (wall, from before_cursor_execute to after_cursor_execute) and
the slowest statement's first characters. With `--slowest N`, the N slowest statements of each
page are printed whole.

    .venv/bin/python scripts/profile_pages.py sqlite:////work/scale/scale10.sqlite [UPLOADS] --only 看板

Used while fixing pages; the figures that go into docs/performance.md come from bench_pages.py.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from bench_page_list import ROLES, api_secrets, discover, in_process_get, pages  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="SQLAlchemy URL of a scale dataset")
    parser.add_argument("uploads", nargs="?", help="its uploads folder (default: beside a SQLite file)")
    parser.add_argument("--only", help="regular expression on page names")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest statements of each page")
    args = parser.parse_args(argv)
    uploads = args.uploads or (str(Path(args.database.split("///", 1)[1]).with_suffix(".uploads"))
                               if args.database.startswith("sqlite") else None)
    os.environ.update(DATABASE_URL=args.database, REVIEWER_ENV="development", LOGIN_RATE_LIMIT="1000/minute")
    if uploads:
        os.environ["UPLOAD_ROOT"] = uploads
        os.environ["HUEY_SQLITE_PATH"] = str(Path(uploads) / "huey.sqlite")
    os.environ.pop("MAIL_SERVER", None)
    ids = discover(args.database)
    token = api_secrets(args.database)[0]
    only = re.compile(args.only) if args.only else None
    todo = [p for p in pages(ids) if only is None or only.search(p[0])]

    from sqlalchemy import event

    from reviewer import create_app
    from reviewer.extensions import db

    app = create_app({"WTF_CSRF_ENABLED": False})
    app.logger.disabled = True   # a failing page shows as [500] in its row, without its traceback
    with app.app_context():
        engine = db.engine
    statements: list[list] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append([time.perf_counter() - conn.info.pop("started", time.perf_counter()), statement])

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    get = in_process_get(app, dict(ROLES, judge=ids["judge"]), token)
    print(f"{'page':<22} {'cpu ms':>8} {'wall ms':>8} {'SQL':>4} {'SQL ms':>7}  slowest statement")
    for name, role, path in todo:
        status = get(role, path).status_code
        cpu, wall, sql_ms, runs = [], [], [], []
        for _ in range(args.repeat):
            statements.clear()
            c0, w0 = time.process_time(), time.perf_counter()
            status = get(role, path).status_code
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
            sql_ms.append(sum(s[0] for s in statements) * 1000)
            runs.append(list(statements))
        last = sorted(runs[-1], key=lambda s: -s[0])
        slow = " ".join(last[0][1].split())[:70] if last else ""
        print(f"{name:<22} {statistics.median(cpu):8.1f} {statistics.median(wall):8.1f} {len(runs[-1]):4d} "
              f"{statistics.median(sql_ms):7.1f}  {'' if status == 200 else f'[{status}] '}"
              f"{(last[0][0] * 1000 if last else 0):.1f} ms {slow}", flush=True)
        for seconds, statement in last[:args.slowest]:
            print(f"    {seconds * 1000:7.1f} ms  {' '.join(statement.split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
