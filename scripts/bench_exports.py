#!/usr/bin/env python
"""Exports benchmark: the one-year reviews export (评查明细; `--kind statistics`: 评查统计) made three
ways, in the same run:

- `legacy`:  the in-request builder as it was before exports became jobs (one query over the whole
             year, every item score of the year held in memory), loaded from git (`--baseline`);
- `request`: today's builder as a small export's request runs it (month chunks, saved to a temp file);
- `job`:     the background job (`reviewer.exports.requests.run`): request row, progress written
             apart, workbook stored through reviewer.storage, row finished.

    .venv/bin/python scripts/bench_exports.py --database sqlite:////tmp/scale10.sqlite --period 2025

Each way runs in its own child process (a fresh interpreter, as a worker is), so its peak resident
memory is its own; printed: wall and CPU seconds, peak RSS and the RSS before the export began (the
app loaded), rows and file size, and each figure's ratio to `legacy`. The job way writes an export
request, a stored file and a progress row, and deletes them again at the end; point it at a copy
of a dataset (`--copy` copies a SQLite file to a temp folder and upgrades it). Nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODES = ("legacy", "request", "job")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _legacy_module(baseline: str):
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{baseline}:reviewer/exports/workbooks.py"],
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("legacy_workbooks")
    exec(compile(source, "legacy_workbooks.py", "exec"), module.__dict__)
    return module


def _child(mode: str, url: str, period: str, uploads: str, baseline: str, kind: str) -> dict:
    from reviewer import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_ROOT": uploads, "HUEY_IMMEDIATE": True,
                      "HUEY_SQLITE_PATH": str(Path(uploads) / "bench-huey.sqlite")})
    with app.app_context():
        from sqlalchemy import select

        from models import ExportRequest, Role, User, UserRole
        from reviewer.exports import kinds, requests, workbooks
        from reviewer.extensions import db

        legacy = _legacy_module(baseline) if mode == "legacy" else None
        rss_before, cpu0, wall0 = _rss_mb(), _cpu(), time.perf_counter()
        if mode == "legacy":
            out = getattr(legacy, f"{kind}_workbook")(period)
            size = out.seek(0, 2)
            rows = None
        elif mode == "request":
            out = getattr(workbooks, f"{kind}_workbook")(period)
            size = out.seek(0, 2)
            rows = None
        else:
            admin = db.session.scalar(select(User).join(UserRole, UserRole.user_id == User.id)
                                      .where(UserRole.role == Role.ADMIN).limit(1))
            export = requests.ask(admin, kinds.get(kind), {"period": period}, 0)
            db.session.commit()
            export_id = export.id
            status = requests.run(export_id)
            export = db.session.get(ExportRequest, export_id)
            size, rows = export.file.size if export.file else 0, export.total
            if status != "done":
                raise SystemExit(f"job ended {status}: {export.error}")
        wall, cpu, peak = time.perf_counter() - wall0, _cpu() - cpu0, _rss_mb()
        if mode == "job":   # leave the dataset as it was
            export.expires_at = export.created_at
            db.session.commit()
            requests.expire()
            db.session.commit()
    return {"mode": mode, "wall": wall, "cpu": cpu, "peak_mb": peak, "before_mb": rss_before,
            "file_mb": size / 1e6, "reviews": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of a scale dataset")
    parser.add_argument("--period", default=None, help="YYYY or YYYY-MM; default: the year of the dataset's last month")
    parser.add_argument("--copy", action="store_true", help="work on a temp copy of the SQLite file")
    parser.add_argument("--baseline", default="eda46ad", help="git commit of the legacy builder")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--kind", default="reviews", choices=("reviews", "statistics"))
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--uploads", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.database, args.period, args.uploads, args.baseline, args.kind)))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    url = args.database
    if args.copy and url.startswith("sqlite:///"):
        target = work / "copy.sqlite"
        shutil.copyfile(url[len("sqlite:///"):], target)
        url = f"sqlite:///{target}"
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, check=True,
                       capture_output=True, env={**os.environ, "DATABASE_URL": url})
    period = args.period or _last_year(url)
    print(f"dataset {args.database} · {args.kind} · period {period} · {time.strftime('%Y-%m-%d %H:%M')}")
    results = []
    for mode in args.modes.split(","):
        command = [sys.executable, __file__, "--child", mode, "--database", url, "--period", period,
                   "--uploads", str(work / "uploads"), "--baseline", args.baseline, "--kind", args.kind]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            print(f"{mode}: failed\n{done.stderr[-2000:]}")
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"  {mode}: {json.dumps(results[-1])}", flush=True)   # kept if the run is cut short
    base = next((r for r in results if r["mode"] == "legacy"), results[0] if results else None)
    print(f"{'way':<8} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'before MB':>9} {'file MB':>8}   ratio to {base['mode'] if base else '-'} (wall / CPU / peak−before)")
    for r in results:
        grown, base_grown = r["peak_mb"] - r["before_mb"], base["peak_mb"] - base["before_mb"]
        print(f"{r['mode']:<8} {r['wall']:8.1f} {r['cpu']:8.1f} {r['peak_mb']:8.0f} {r['before_mb']:9.0f} "
              f"{r['file_mb']:8.1f}   {r['wall'] / base['wall']:.2f} / {r['cpu'] / base['cpu']:.2f} / "
              f"{grown / base_grown if base_grown else float('nan'):.2f}")
    shutil.rmtree(work, ignore_errors=True)


def _last_year(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        last = connection.execute(text("SELECT max(month) FROM judgments")).scalar() or "2021-12"
    engine.dispose()
    return last[:4]


if __name__ == "__main__":
    main()
