#!/usr/bin/env python
"""Build the scale dataset: years of a city's courts' evaluation work, for the page benchmark.

    .venv/bin/python scripts/make_scale_data.py --years 10 --database sqlite:////tmp/scale10.sqlite \
        --uploads /tmp/scale10-uploads
    .venv/bin/python scripts/make_scale_data.py --years 1 --database postgresql+psycopg://root@localhost/scale1

At `--years 10`: the 11 reference courts, about 800 users (judges per division with a division
head, reviewers, liaisons, admins), about 50,000 judgments over 120 months ending with the current
month (texts varied from the real sample judgments, `scripts/scale_text.py`), three reviews per
judgment with per-item deductions and remarks (≈150,000 reviews, ≈1 million item rows), combined
and confirmed evaluations, a monthly ranking published every month (the last finished month left
as a draft), monthly draws and filings of the basic courts, ≈5,000 hearings with real tiny clips
(hard links to three short recordings), their reviews, objections, notifications and audit rows
in proportion, the case register behind the quality indicators (≈100,000 cases a year) and the
发改 programme (≈300 cases a year with self-checks, evaluations, meetings; scripts/scale_programmes.py).
The current month is in progress (drafts, unassigned and half-reviewed work). `--add-programmes`
adds only the last two to a dataset built before they existed.

The schema is created as `flask init-db` does (Alembic upgrade, search indexes, reference
courts, default score sheets); rows go in with SQLAlchemy Core multi-row inserts into the models'
tables, ids assigned here; only the compiled filings, the exemplar index and the statistics go
through the application's own services. The database must be empty. Stored files are hard links
to the sample .docx files and clips, so the uploads folder costs a few megabytes.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=1, help="months of data = 12 × years (default 1)")
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of an empty database")
    parser.add_argument("--uploads", help="folder for stored files (default: beside a SQLite file, "
                                          "else a new temporary folder)")
    parser.add_argument("--per-month", type=int, default=417, help="judgments per month (default 417)")
    parser.add_argument("--samples", help="folder of sample .docx judgments (default: REVIEWER_SAMPLES or "
                                          "../shared/data/judgments/docx, as the demo)")
    parser.add_argument("--seed", type=int, default=19, help="random seed (default 19)")
    parser.add_argument("--register-per-year", type=int, default=100_000,
                        help="case-register rows a year over all courts (default 100,000)")
    parser.add_argument("--add-programmes", action="store_true",
                        help="only add the case register and the 发改 programme to a dataset built without them")
    return parser.parse_args(argv)


def uploads_for(args) -> Path:
    if args.uploads:
        return Path(args.uploads)
    if args.database.startswith("sqlite:///"):
        return Path(args.database[len("sqlite:///"):]).with_suffix(".uploads")
    return Path(tempfile.mkdtemp(prefix="scale-uploads-"))


def main(argv=None) -> int:
    args = parse_args(argv)
    uploads = uploads_for(args)
    uploads.mkdir(parents=True, exist_ok=True)
    os.environ.update(DATABASE_URL=args.database, UPLOAD_ROOT=str(uploads), REVIEWER_ENV="development",
                      HUEY_SQLITE_PATH=str(uploads / "huey.sqlite"))
    os.environ.pop("MAIL_SERVER", None)
    if args.samples:
        os.environ["REVIEWER_SAMPLES"] = args.samples
    from scale_builder import Builder

    from reviewer import create_app

    app = create_app()
    started = time.monotonic()
    with app.app_context():
        builder = Builder(years=args.years, per_month=args.per_month, seed=args.seed, uploads=uploads,
                          register_per_year=args.register_per_year)
        for line in (builder.programmes() if args.add_programmes else builder.run()):
            print(f"[{time.monotonic() - started:7.1f}s] {line}", flush=True)
    print(f"done in {time.monotonic() - started:.0f} s; uploads in {uploads}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
