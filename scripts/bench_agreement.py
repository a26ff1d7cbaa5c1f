"""Benchmark the agreement statistics on a generated year of 150,000 submitted sheets.

Generates (in a temporary SQLite file, or the empty database named by DATABASE_URL) one court,
30 reviewers, 75,000 judgments over the twelve months of 2021 with two submitted sheets each on
the default judgment sheet, ~20 % of the items deducted per sheet, and one reviewer who deducts
more than the others. Then times `reviewer.agreement.services.compute("judgment", "2021")` (the
whole year: ICC, alpha of the grades and of every item, spread shares, pairs, severity, adjusted
scores), one month, and, as the same-run baseline, the statistics page's existing per-reviewer
severity query over the same year. Prints wall and CPU seconds, the number of SQL statements and
the goal (a year in under 2 s).

    .venv/bin/python scripts/bench_agreement.py [--subjects 75000] [--reviewers 30] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import statistics as stats
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select  # noqa: E402

from models import (Court, Judgment, JudgmentStatus, Review, ReviewItemScore, ReviewStatus,  # noqa: E402
                    Role, ScoreItem, ScoreSheet, SheetKind, StoredFile, User, UserRole)
from reviewer import create_app  # noqa: E402
from reviewer.agreement import services  # noqa: E402
from reviewer.extensions import db  # noqa: E402
from reviewer.scoresheets.services import install_default_sheets  # noqa: E402
from reviewer.stats import queries as stats_queries  # noqa: E402

CHUNK = 20_000


def generate(subjects: int, reviewers: int, seed: int = 18) -> dict:
    rng = np.random.default_rng(seed)
    install_default_sheets()
    db.session.flush()
    sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.kind == SheetKind.JUDGMENT, ScoreSheet.active))
    items = db.session.execute(select(ScoreItem.id, ScoreItem.points, ScoreItem.veto)
                               .where(ScoreItem.sheet_id == sheet.id).order_by(ScoreItem.id)).all()
    court = Court(name="基准法院", full_name="河南省基准人民法院", code="豫0899")
    stored = StoredFile(kind="judgments", storage_path="bench/none.docx", original_name="判决书.docx",
                        size=1, mime_type="application/octet-stream", sha256="0" * 64)
    db.session.add_all([court, stored])
    db.session.flush()
    users = [User(username=f"bench{r}", display_name=f"评查员{r:02d}", password_hash="x", court_id=None)
             for r in range(reviewers)]
    db.session.add_all(users)
    db.session.flush()
    db.session.execute(insert(UserRole), [{"user_id": u.id, "role": Role.REVIEWER} for u in users])
    months = [f"2021-{m:02d}" for m in range(1, 13)]
    first_id = (db.session.scalar(select(Judgment.id).order_by(Judgment.id.desc()).limit(1)) or 0) + 1
    judgment_rows = [{"id": first_id + i, "court_id": court.id, "month": months[i * 12 // subjects],
                      "status": JudgmentStatus.SUBMITTED, "file_id": stored.id} for i in range(subjects)]
    for start in range(0, subjects, CHUNK):
        db.session.execute(insert(Judgment), judgment_rows[start:start + CHUNK])
    severity = np.zeros(reviewers)
    severity[0] = 0.6                   # reviewer 0 deducts 60 % more often, and more, than the others
    points = np.array([float(p) for _, p, _ in items])
    usable = np.array([not veto and p > 0 for _, p, veto in items])
    base = datetime(2021, 1, 1, tzinfo=timezone.utc)
    review_id = (db.session.scalar(select(Review.id).order_by(Review.id.desc()).limit(1)) or 0) + 1
    review_rows, score_rows = [], []
    for i in range(subjects):
        pair = rng.choice(reviewers, size=2, replace=False)
        truth = (rng.random(points.size) < 0.15) & usable
        for slot, r in enumerate(pair):
            hit = truth | ((rng.random(points.size) < 0.05 * (1 + severity[r])) & usable)
            hit &= rng.random(points.size) > 0.1
            review_rows.append({"id": review_id, "subject_kind": "judgment", "subject_id": first_id + i,
                                "sheet_id": sheet.id, "reviewer_id": users[int(r)].id,
                                "status": ReviewStatus.SUBMITTED,
                                "submitted_at": base + timedelta(minutes=i * 7 + slot)})
            for column in np.flatnonzero(hit):
                value = min(points[column], float(rng.integers(1, 4)) * (1 + severity[r]))
                score_rows.append({"review_id": review_id, "item_id": items[column][0],
                                   "deduction": round(value, 1)})
            review_id += 1
    for start in range(0, len(review_rows), CHUNK):
        db.session.execute(insert(Review), review_rows[start:start + CHUNK])
    for start in range(0, len(score_rows), CHUNK):
        db.session.execute(insert(ReviewItemScore), score_rows[start:start + CHUNK])
    db.session.commit()
    return {"reviews": len(review_rows), "item_scores": len(score_rows), "subjects": subjects}


def timed(fn, rounds: int) -> tuple[float, float, int, object]:
    """Median wall seconds, median CPU seconds, SQL statements per call, last result."""
    statements = []
    engine = db.engine

    def count(*_args, **_kwargs):
        statements.append(1)
    event.listen(engine, "before_cursor_execute", count)
    walls, cpus, result = [], [], None
    try:
        for _ in range(rounds):
            db.session.expire_all()
            statements.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            result = fn()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return stats.median(walls), stats.median(cpus), len(statements), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=75_000)
    parser.add_argument("--reviewers", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_ROOT": tmp, "TESTING": True})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            sizes = generate(args.subjects, args.reviewers)
            print(f"generated {sizes['reviews']:,} submitted sheets, {sizes['item_scores']:,} item deductions, "
                  f"{sizes['subjects']:,} judgments in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
            year = timed(lambda: services.compute("judgment", "2021"), args.rounds)
            month = timed(lambda: services.compute("judgment", "2021-04"), args.rounds)
            baseline = timed(lambda: stats_queries.reviewers(None, kind="judgment"), args.rounds)
            report = year[3].report
            print(f"year 2021 agreement: {year[0]:.2f} s wall, {year[1]:.2f} s CPU, {year[2]} SQL statements")
            print(f"month 2021-04 agreement: {month[0]:.2f} s wall, {month[1]:.2f} s CPU, {month[2]} SQL statements")
            print(f"baseline (statistics page's reviewer severity query, same year): {baseline[0]:.2f} s wall; "
                  f"agreement / baseline = {year[0] / baseline[0]:.1f}×")
            strict = report.severities[0]
            print(f"ICC(2,1) = {report.icc.single.value:.3f} [{report.icc.single.low:.2f}, {report.icc.single.high:.2f}] "
                  f"(n={report.icc.single.n}); grade alpha = {report.grade_alpha.value:.3f}; "
                  f"strictest reviewer {year[3].names[strict.reviewer_id]}: +{strict.severity.value:.2f} "
                  f"[{strict.severity.low:.2f}, {strict.severity.high:.2f}] over {strict.severity.n} shared subjects")
            verdict = "met" if year[0] < 2.0 else "NOT met"
            print(f"goal (a year of {sizes['reviews']:,} reviews in under 2 s): {verdict}")
            db.session.remove()
            if not os.environ.get("DATABASE_URL"):
                db.drop_all()


if __name__ == "__main__":
    main()
