"""The daily self-check reminders of the 发改 programme (registered by `reviewer.jobs`)."""
from __future__ import annotations

from reviewer import clock
from reviewer.extensions import db
from reviewer.jobs import crontab, periodic
from reviewer.reversals.workflow import send_self_check_reminders


@periodic(crontab(minute="10", hour="7"), name="reversals.self_check_reminders")
def self_check_reminders_job() -> dict[str, int]:
    counts = send_self_check_reminders(clock.today())
    db.session.commit()
    return counts
