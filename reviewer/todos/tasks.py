"""Background job of the to-do list: the daily reminders (registered by `reviewer.jobs`)."""
from __future__ import annotations

from flask import current_app

from reviewer.extensions import db
from reviewer.filings.services import today_in_china
from reviewer.jobs import crontab, periodic
from reviewer.todos.reminders import send_todo_reminders


@periodic(crontab(minute="15", hour="7"), name="todos.reminders")
def todo_reminders_job() -> dict[str, int]:
    with current_app.test_request_context("/"):  # the to-do lines link with url_for
        sent = send_todo_reminders(today_in_china())
    db.session.commit()
    return dict(sent)
