"""Background jobs of the recordings (registered on the app's huey by `reviewer.jobs`)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from reviewer.extensions import db
from reviewer.jobs import crontab, job, periodic


@job("hearings.process")
def process_hearing_job(hearing_id: int):
    from reviewer.recordings.processing import process_hearing

    status = process_hearing(hearing_id)
    return status.value if status is not None else None


@periodic(crontab(minute="17"), name="hearings.cleanup_uploads")
def cleanup_uploads_job():
    from reviewer.recordings.uploads import cleanup_abandoned

    hours = current_app.config.get("HEARING_UPLOAD_EXPIRY_HOURS", 48)
    removed = cleanup_abandoned(timedelta(hours=hours))
    db.session.commit()
    return removed
