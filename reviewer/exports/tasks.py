"""Background jobs of the exports: build a requested export; remove expired ones every hour.

Listed in `reviewer.wiring.JOBS`, which the app's huey registers. Each job is its own unit of
work and commits (reviewer.exports.requests).
"""
from __future__ import annotations

from datetime import timedelta

from reviewer import progress
from reviewer.exports import requests
from reviewer.extensions import db
from reviewer.jobs import crontab, job, periodic


def _gave_up(export_id: int, message: str) -> None:
    requests.fail(export_id, message)


@job("exports.build", on_give_up=_gave_up)
def build_export_job(export_id: int) -> str | None:
    return requests.run(export_id)


@periodic(crontab(minute="41"), name="exports.cleanup")
def cleanup_exports_job() -> int:
    """Expired exports and their files; progress rows nobody wrote for a week."""
    removed = requests.expire()
    progress.forget_older_than(timedelta(days=7))
    db.session.commit()
    return removed
