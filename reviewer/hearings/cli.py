"""Command-line tools of the hearing programme: quota reminders."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from reviewer import clock


@click.command("remind-hearing-quotas")
@click.option("--today", default=None, help="按该日期计算（YYYY-MM-DD，默认今天）")
@with_appcontext
def remind_hearing_quotas_command(today: str | None):
    """提醒尚未报齐本月精品/瑕疵庭审录像的基层法院联络员（每人每月一次）。"""
    from datetime import date

    from reviewer.extensions import db
    from reviewer.hearings.quotas import send_reminders

    sent = send_reminders(date.fromisoformat(today) if today else clock.today())
    db.session.commit()
    click.echo(f"已发送 {sent} 条提醒。")
