"""`flask --app app send-todo-reminders`: reminders of the dated to-do list (idempotent; the worker
also runs them every morning)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("send-todo-reminders")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="按指定日期计算（YYYY-MM-DD）。")
@with_appcontext
def send_todo_reminders_command(today):
    """Remind everyone of their to-dos due soon, due today or overdue (each once per milestone)."""
    from reviewer.extensions import db
    from reviewer.filings.services import today_in_china
    from reviewer.todos.reminders import send_todo_reminders

    with current_app.test_request_context("/"):  # the to-do lines link with url_for
        sent = send_todo_reminders(today.date() if today else today_in_china())
    db.session.commit()
    click.echo(f"待办提醒：即将到期 {sent['soon']} 条，今天到期 {sent['today']} 条，已逾期 {sent['overdue']} 条。")
