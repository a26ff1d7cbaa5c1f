"""Home-page panels. Each panel is `fn(user) -> dict | None` with title, items (label, url, count).

Panels listen to `signals.home_panels`; `reviewer.wiring` lists them in the order shown.
"""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from models import JudgmentStatus, JudgmentStatusCount
from reviewer import permissions as p
from reviewer.extensions import db


def judgments_panel(user):
    if not p.can_list_judgments(user):
        return None
    # kept on write (reviewer/main/judgment_counts.py): a row per court and status, not every judgment
    query = select(JudgmentStatusCount.status, func.sum(JudgmentStatusCount.count)).group_by(JudgmentStatusCount.status)
    if not p.is_admin(user):
        query = query.where(JudgmentStatusCount.court_id == user.court_id)
    counts = {JudgmentStatus[name]: total for name, total in db.session.execute(query).all()}
    return {
        "title": "裁判文书",
        "items": [
            (status.label, url_for("judgments.index", status=status.value), counts.get(status, 0))
            for status in JudgmentStatus
        ],
    }

