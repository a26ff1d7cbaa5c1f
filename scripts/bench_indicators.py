"""Benchmark the case register and the indicator dashboard on a large synthetic register.

Builds a register of `--cases` cases (default 1,000,000) for the 11 courts with the demo generator
(reviewer/demo/register.py) through the real import path, then prints:
- the import of one court's `--import-rows` rows (default 100,000): preview and apply seconds,
  rows per second, the CPU seconds the process used (the machine may be shared: wall time then
  overstates), and the process's peak memory before and after (flat memory = small growth);
  the other courts are then loaded without the preview pass, to build the register faster;
- the dashboard page for the city (11 courts × 21 indicators, 12 months, with trends), rendered
  by the app as the office: median and best of `--runs` requests, plus the same board computed
  straight from case_records with GROUP BY (the baseline the summary table replaces) and the ratio;
- EXPLAIN (ANALYZE, BUFFERS) of the dashboard's one counter query.

It drops and recreates every table of the database it is given, so it refuses a database whose
name does not end in "_bench":

    createdb -h localhost indicators_bench
    DATABASE_URL=postgresql+psycopg://root@localhost/indicators_bench \\
        .venv/bin/python scripts/bench_indicators.py [--cases 1000000] [--import-rows 100000] [--runs 10]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from models import Court, Role  # noqa: E402
from models.case_register import (  # noqa: E402
    TALLY_COUNTERS, CaseImport, CaseRecord, CaseTally, CourtTally, RegisterImportStatus,
)
from reviewer import create_app  # noqa: E402
from reviewer.admin.reference import install_reference_courts  # noqa: E402
from reviewer.demo.register import MONTHS, csv_text, register_rows  # noqa: E402
from reviewer.extensions import db  # noqa: E402
from reviewer.indicators import imports  # noqa: E402
from reviewer.indicators.periods import Period, add_months, month_key  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def court_file(court: Court, rows: int, seed: int, as_of: date, folder: Path) -> Path:
    per_month = max(rows // MONTHS, 1)
    path = folder / f"{court.code}.csv"
    path.write_text(csv_text(register_rows(court, as_of, MONTHS, per_month, seed)), encoding="utf-8")
    return path


def import_court(court: Court, path: Path, as_of: date) -> tuple[int, float, float, float]:
    """(rows, preview seconds, apply seconds, this process's CPU seconds for both)."""
    cpu, started = time.process_time(), time.perf_counter()
    with open(path, "rb") as stream:
        item = imports.upload(None, court, stream, path.name, as_of)
    previewed = time.perf_counter()
    if item.error_count:
        raise SystemExit(f"{court.name}: {item.error_count} rows with problems: {item.problems[:3]}")
    count = imports.apply(None, item)
    db.session.commit()
    return count, previewed - started, time.perf_counter() - previewed, time.process_time() - cpu


def load_court(court: Court, path: Path, as_of: date) -> int:
    """The bulk of the register: applied without the preview pass (apply checks every row anyway)."""
    with open(path, "rb") as stream:
        item = imports.receive(None, court, stream, path.name, as_of)
    item.status = RegisterImportStatus.PENDING
    count = imports.apply(None, item)
    db.session.commit()
    return count


def baseline_board(period: Period) -> float:
    """The counters the dashboard needs, straight from case_records (no summary table)."""
    started = time.perf_counter()
    month = func.to_char(CaseRecord.closed_on, "YYYY-MM")
    db.session.execute(select(CaseRecord.court_id, month, func.count(), func.sum(
        func.cast(CaseRecord.closed_on <= CaseRecord.due_on, db.Integer)))
        .where(CaseRecord.closed_on >= period.start, CaseRecord.closed_on <= period.end)
        .group_by(CaseRecord.court_id, month)).all()
    db.session.execute(select(CaseRecord.court_id, func.count()).where(
        CaseRecord.filed_on <= period.end,
        (CaseRecord.closed_on.is_(None)) | (CaseRecord.closed_on > period.end)).group_by(CaseRecord.court_id)).all()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql") or not url.rsplit("/", 1)[-1].endswith("_bench"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database ending in _bench (it is recreated).")
    upload_root = tempfile.mkdtemp(prefix="bench_indicators_")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_ROOT": upload_root, "WTF_CSRF_ENABLED": False,
                      "TESTING": True, "SERVER_NAME": "localhost"})
    as_of = date.today()
    with app.app_context():
        db.drop_all()
        db.create_all()
        install_reference_courts()
        from models import User
        admin = User(username="bench_admin", display_name="审管办")
        admin.set_password("bench-pass")
        admin.set_roles([Role.ADMIN])
        db.session.add(admin)
        db.session.commit()
        courts = list(db.session.scalars(select(Court).order_by(Court.sort_order)))
        folder = Path(upload_root) / "exports"
        folder.mkdir()

        first = courts[1]
        path = court_file(first, args.import_rows, 1, as_of, folder)
        before = peak_mb()
        count, preview_s, apply_s, cpu_s = import_court(first, path, as_of)
        print(f"import of one court: {count} rows, preview {preview_s:.1f} s, apply {apply_s:.1f} s wall "
              f"({count / (preview_s + apply_s):.0f} rows/s), {cpu_s:.1f} s CPU of this process; "
              f"load average {os.getloadavg()[0]:.1f}; peak memory {before:.0f} MB -> {peak_mb():.0f} MB")
        path.unlink()

        rest = [c for c in courts if c.id != first.id]
        per_court = max((args.cases - count) // len(rest), 1)
        started = time.perf_counter()
        total = count
        for index, court in enumerate(rest, start=2):
            path = court_file(court, per_court, index, as_of, folder)
            total += load_court(court, path, as_of)
            path.unlink()
            print(f"  {court.name}: register now {total} cases ({time.perf_counter() - started:.0f} s)", flush=True)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        tallies = db.session.scalar(select(func.count(CaseTally.id)))
        court_rows = db.session.scalar(select(func.count(CourtTally.id)))
        print(f"register: {db.session.scalar(select(func.count(CaseRecord.id)))} cases, {tallies} monthly counter "
              f"rows ({court_rows} per court)")

        last = add_months(month_key(as_of), -1)
        period = Period(add_months(last, -11), last)
        client = app.test_client()
        client.post("/auth/login", data={"username": "bench_admin", "password": "bench-pass"})
        page = f"/indicators/?period={period.code}"
        assert client.get(page).status_code == 200
        timings, cpu = [], time.process_time()
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(page)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        cpu = (time.process_time() - cpu) / args.runs
        baseline = [baseline_board(period) for _ in range(3)]
        median = statistics.median(timings)
        print(f"dashboard {period.code} (city, {len(courts)} courts x 21 indicators, 12-month trends): "
              f"median {median * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms over {args.runs} requests, "
              f"{cpu * 1000:.0f} ms CPU each; load average {os.getloadavg()[0]:.1f} (goal < 300 ms)")
        print(f"baseline: two GROUP BY queries over case_records for the same period: "
              f"median {statistics.median(baseline) * 1000:.0f} ms "
              f"(dashboard / baseline = {median / statistics.median(baseline):.2f})")
        columns = ", ".join(TALLY_COUNTERS)
        first_month = min(add_months(period.first, -1), period.first[:4] + "-01")
        plan = db.session.execute(text(                 # the whole city reads the stored per-court sums
            f"EXPLAIN (ANALYZE, BUFFERS) SELECT court_id, month, {columns} FROM court_tallies "
            "WHERE current AND month >= :first AND month <= :last"),
            {"first": first_month, "last": period.last}).scalars().all()
        print("query plan of the dashboard's counter query:")
        print("\n".join("  " + line for line in plan))
        print(f"imports kept: {db.session.scalar(select(func.count(CaseImport.id)))}")


if __name__ == "__main__":
    main()
