"""Background jobs of the recordings (registered on the app's huey by `reviewer.jobs`)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from reviewer.extensions import db
from reviewer.jobs import crontab, job, periodic


def _processing_gave_up(hearing_id: int, message: str) -> None:
    from reviewer.recordings.processing import give_up

    give_up(hearing_id, message)


@job("hearings.process", on_give_up=_processing_gave_up)
def process_hearing_job(hearing_id: int):
    from reviewer.recordings.processing import process_hearing

    status = process_hearing(hearing_id)
    return status.value if status is not None else None


@periodic(crontab(minute="17"), name="hearings.cleanup_uploads")
def cleanup_uploads_job():
    from reviewer.recordings.housekeeping import remove_stale_temp
    from reviewer.recordings.uploads import cleanup_abandoned

    hours = current_app.config.get("HEARING_UPLOAD_EXPIRY_HOURS", 48)
    removed = cleanup_abandoned(timedelta(hours=hours))
    db.session.commit()
    temp_hours = current_app.config.get("TEMP_FILE_EXPIRY_HOURS", 6)
    return removed + remove_stale_temp(timedelta(hours=temp_hours))
