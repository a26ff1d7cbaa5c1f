"""Background jobs of the hearing programme (registered on the app's huey by `reviewer.jobs`)."""
from __future__ import annotations

from reviewer import clock
from reviewer.extensions import db
from reviewer.jobs import crontab, periodic


@periodic(crontab(minute="5", hour="8"), name="hearings.quota_reminders")
def quota_reminders_job():
    from reviewer.hearings.quotas import send_reminders

    sent = send_reminders(clock.today())
    db.session.commit()
    return sent
