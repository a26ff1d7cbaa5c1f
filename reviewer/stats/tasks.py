"""Query-planner statistics, refreshed every night (a background job of the worker).

The statistics page, the ranking editor and the boards join subjects to their evaluations, reviews
and item rows by indexes that only pay off when the database's query planner knows how selective
each index is. PostgreSQL keeps those statistics itself (autovacuum's ANALYZE; after a bulk
import run `ANALYZE` by hand, docs/deploy.md). SQLite keeps none unless told: without them it may
walk `ix_reviews_status` (every submitted review) instead of `ix_reviews_subject` (one month's),
which at ten years' data is seconds instead of milliseconds (docs/performance.md). `analyze()`
runs SQLite's ANALYZE with `analysis_limit` (sampled: about a second on the 10-year dataset) and
is a no-op on PostgreSQL.

Listed in `reviewer.wiring.JOBS`, which the app's huey registers.
"""
from __future__ import annotations

from sqlalchemy import text

from reviewer.extensions import db
from reviewer.jobs import crontab, periodic

ANALYSIS_LIMIT = 400  # rows sampled per index (SQLite's recommended range is 100–1000)


def analyze(engine=None) -> bool:
    """Refresh SQLite's planner statistics (sqlite_stat1); returns False on other databases."""
    engine = engine or db.engine
    if engine.dialect.name != "sqlite":
        return False
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}"))
        conn.execute(text("ANALYZE"))
    return True


@periodic(crontab(minute="40", hour="3"), name="stats.analyze")
def analyze_job() -> bool:
    return analyze()
