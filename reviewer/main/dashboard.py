"""Home-page panels. Each panel is `fn(user) -> dict | None` with title, items (label, url, count).

Panels listen to `signals.home_panels`; `reviewer.wiring` lists them in the order shown.
"""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from models import Judgment, JudgmentStatus
from reviewer import permissions as p
from reviewer.extensions import db


def judgments_panel(user):
    if not p.can_list_judgments(user):
        return None
    query = select(Judgment.status, func.count()).group_by(Judgment.status)
    if not p.is_admin(user):
        query = query.where(Judgment.court_id == user.court_id)
    counts = dict(db.session.execute(query).all())
    return {
        "title": "裁判文书",
        "items": [
            (status.label, url_for("judgments.index", status=status.value), counts.get(status, 0))
            for status in JudgmentStatus
        ],
    }

