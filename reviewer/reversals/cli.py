"""`flask --app app send-self-check-reminders`: self-check reports due soon or overdue (idempotent)."""
from __future__ import annotations


import click
from flask.cli import with_appcontext
from reviewer import clock


@click.command("send-self-check-reminders")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="按指定日期计算（YYYY-MM-DD）。")
@with_appcontext
def send_self_check_reminders(today):
    """Remind judges of 发改 self-check reports due within two days or overdue (each once)."""
    from reviewer.extensions import db
    from reviewer.reversals import workflow

    counts = workflow.send_self_check_reminders(today.date() if today else clock.today())
    db.session.commit()
    click.echo(f"自查报告即将到期提醒 {counts['due_soon']} 条，逾期提醒 {counts['overdue']} 条。")
