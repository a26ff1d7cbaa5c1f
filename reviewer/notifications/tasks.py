"""Background jobs of the notifications feature: mail delivery (right after the commit that
created the notifications, and an outbox sweep every ten minutes), the daily due-soon / overdue
reminders.

Listed in `reviewer.wiring.JOBS`, which the app's huey registers; the worker
(`flask --app app worker`, also started by `make run`) runs it every morning. The same
reminders can be sent by hand with `flask --app app send-due-reminders`; both are idempotent.
"""
from __future__ import annotations

from reviewer import clock
from reviewer.extensions import db
from reviewer.jobs import crontab, job, periodic


@job("notifications.mail")
def mail_job(note_ids: list[int]) -> int:
    from reviewer.notifications.services import deliver_mail

    return deliver_mail(note_ids)


@periodic(crontab(minute="*/10"), name="notifications.mail_outbox")
def mail_outbox_job() -> int:
    from reviewer.notifications.services import deliver_mail

    return deliver_mail()


@periodic(crontab(minute="0", hour="7"), name="notifications.due_reminders")
def due_reminders_job() -> dict[str, int]:
    from reviewer.notifications.services import send_due_reminders

    counts = send_due_reminders(clock.today())
    db.session.commit()
    return counts
