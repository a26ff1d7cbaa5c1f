"""Monthly hearing quotas: the courts × months board, deadlines, reminders to liaisons.

The rule itself is `reviewer.hearings.quota_rules` (pure); this module loads the data for it.
A recording counts once its upload completed, unless processing rejected it (FAILED: not a usable
video); a failed recording that the office reprocesses successfully counts again from its upload.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from sqlalchemy import select

from models import (Court, CourtLevel, Hearing, HearingQuotaDeadline, HearingStatus, Role, User, UserRole)
from reviewer import audit
from reviewer.extensions import db
from reviewer.hearings.quota_rules import QuotaCell, default_deadline, needs_reminder, quota_cell
from reviewer.notifications.services import notify
from models.notification import NotificationKind


def basic_courts(court_id: int | None = None) -> list[Court]:
    query = (select(Court).where(Court.level == CourtLevel.BASIC, Court.active.is_(True))
             .order_by(Court.sort_order, Court.id))
    if court_id is not None:
        query = query.where(Court.id == court_id)
    return list(db.session.scalars(query))


def deadlines(months: list[str]) -> dict[str, date]:
    day = current_app.config.get("HEARING_QUOTA_DEADLINE_DAY", 5)
    result = {m: default_deadline(m, day) for m in months}
    for row in db.session.scalars(select(HearingQuotaDeadline).where(HearingQuotaDeadline.month.in_(months))):
        result[row.month] = row.deadline
    return result


def board(months: list[str], courts: list[Court], today: date) -> dict[tuple[int, str], QuotaCell]:
    """Every (court, month) cell in two queries, whatever the number of courts and months."""
    court_ids = [c.id for c in courts]
    rows = db.session.execute(
        select(Hearing.court_id, Hearing.month, Hearing.nomination, Hearing.submitted_at)
        .where(Hearing.court_id.in_(court_ids), Hearing.month.in_(months), Hearing.submitted_at.is_not(None),
               Hearing.status != HearingStatus.FAILED)
    ).all()
    found: dict[tuple[int, str], list] = {}
    for court_id, month, nomination, submitted_at in rows:
        found.setdefault((court_id, month), []).append((nomination.value, submitted_at))
    due = deadlines(months)
    return {(c.id, m): quota_cell(m, found.get((c.id, m), []), due[m], today) for c in courts for m in months}


def set_deadline(actor, month: str, deadline: date) -> HearingQuotaDeadline:
    row = db.session.scalar(select(HearingQuotaDeadline).where(HearingQuotaDeadline.month == month))
    before = row.deadline.isoformat() if row else None
    if row is None:
        row = HearingQuotaDeadline(month=month, deadline=deadline, set_by_id=actor.id)
        db.session.add(row)
    row.deadline, row.set_by_id = deadline, actor.id
    db.session.flush()
    audit.record(actor, "hearing.quota_deadline", row, before={"deadline": before},
                 after={"deadline": deadline.isoformat()}, summary=f"设置{month}庭审报送截止日为 {deadline}")
    return row


def _months_to_check(today: date) -> list[str]:
    previous = date(today.year - (today.month == 1), 12 if today.month == 1 else today.month - 1, 1)
    return [previous.strftime("%Y-%m"), today.strftime("%Y-%m")]


def send_reminders(today: date) -> int:
    """Notify the liaisons of each basic court whose quota is pending with the deadline near.

    One reminder per liaison, court and month (idempotent: running it twice sends nothing new).
    Returns the number of notifications created.
    """
    days = current_app.config.get("HEARING_QUOTA_REMIND_DAYS", 3)
    months = _months_to_check(today)
    courts = basic_courts()
    cells = board(months, courts, today)
    liaisons: dict[int, list[User]] = {}
    for user in db.session.scalars(select(User).join(UserRole).where(
            UserRole.role == Role.LIAISON, User.active.is_(True), User.court_id.in_([c.id for c in courts]))):
        liaisons.setdefault(user.court_id, []).append(user)
    sent = 0
    labels = {"excellent": "精品庭审", "flawed": "瑕疵庭审"}
    for court in courts:
        for month in months:
            cell = cells[(court.id, month)]
            if not needs_reminder(cell, today, days):
                continue
            missing = "、".join(labels[k] for k in cell.missing)
            text = (f"{court.name}{month[:4]}年{int(month[5:])}月尚未报送{missing}录像，"
                    f"截止日期 {cell.deadline.isoformat()}。")
            for user in liaisons.get(court.id, []):
                if notify(user, NotificationKind.GENERAL, text, url=_board_url(month),
                          dedupe_key=f"hearing-quota:{court.id}:{month}") is not None:
                    sent += 1
    return sent


def _board_url(month: str) -> str | None:
    try:
        return url_for("hearings.quotas", year=month[:4])
    except RuntimeError:
        return None
