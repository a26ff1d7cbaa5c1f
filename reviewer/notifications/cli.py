"""`flask --app app send-due-reminders`: due-soon and overdue reminders, idempotent (run daily)."""
from __future__ import annotations


import click
from flask.cli import with_appcontext

from reviewer import clock
from reviewer.extensions import db
from reviewer.notifications import services


@click.command("send-due-reminders")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="按指定日期计算（YYYY-MM-DD）。")
@click.option("--days", type=int, default=services.DUE_SOON_DAYS, show_default=True, help="提前几天提醒。")
@with_appcontext
def send_due_reminders(today, days):
    """Notify reviewers whose assignments are due soon or overdue (each reminder once)."""
    counts = services.send_due_reminders(today.date() if today else clock.today(), days)
    db.session.commit()
    click.echo(f"即将到期提醒 {counts['due_soon']} 条，逾期提醒 {counts['overdue']} 条。")
