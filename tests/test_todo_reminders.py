"""Reminders from the dated to-do list: a site notification and a mail (real SMTP server) a few
days before, on and after the deadline, once per item and milestone, from the CLI and the worker."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Role
from models.filing import MonthlyFiling
from models.notification import Notification, NotificationKind
from reviewer import clock, jobs
from reviewer.todos.items import Milestone, Todo, milestone
from reviewer.todos.reminders import send_todo_reminders
from tests.factories import make_assignment, make_court, make_judgment, make_user
from tests.smtp_server import running_smtp_server

DAY = date(2026, 11, 10)
FILING_DUE = date(2026, 11, 5)  # October's filing: day 5 of November


@pytest.fixture
def smtp(app):
    with running_smtp_server(app) as inbox:
        yield inbox


@pytest.mark.parametrize("due, remind, expected", [
    (None, True, None),
    (DAY + timedelta(days=4), True, None),           # not yet
    (DAY + timedelta(days=3), True, Milestone.SOON),  # soon_days = 3 includes the third day
    (DAY + timedelta(days=1), True, Milestone.SOON),
    (DAY, True, Milestone.TODAY),
    (DAY - timedelta(days=1), True, Milestone.OVERDUE),
    (DAY - timedelta(days=30), True, Milestone.OVERDUE),
    (DAY, False, None),                               # the programme reminds by its own means
])
def test_milestone_of_a_deadline(due, remind, expected):
    assert milestone(Todo("x", "/", "报备", due, remind=remind), DAY, soon_days=3) is expected


def _liaison(email="liaison@court.local"):
    court = make_court("豫0802")
    user = make_user(roles=[Role.LIAISON], court=court)
    user.email = email
    return user, court


def _send(app, today):
    with app.test_request_context("/"):
        return send_todo_reminders(today, soon_days=3)


def _filing_notes(db, user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.url.like("/filings/%"))
                              .order_by(Notification.id)).all()


def test_a_filing_is_reminded_before_on_and_after_its_deadline_once_each(app, db, smtp):
    liaison, _court = _liaison()
    db.session.commit()
    for today in (FILING_DUE - timedelta(days=3), FILING_DUE - timedelta(days=1), FILING_DUE, FILING_DUE,
                  FILING_DUE + timedelta(days=1), FILING_DUE + timedelta(days=9)):
        _send(app, today)
        db.session.commit()
    notes = _filing_notes(db, liaison)
    assert [(n.kind, n.text.split("：")[0]) for n in notes] == [
        (NotificationKind.DUE_SOON, "待办即将到期"), (NotificationKind.DUE_SOON, "待办今天到期"),
        (NotificationKind.OVERDUE, "待办已逾期")]
    assert "2026-10 每月报备案" in notes[0].text and "2026-11-05" in notes[0].text
    subjects = [m.rcpt_tos for m in smtp.messages]
    assert subjects.count(["liaison@court.local"]) == len(
        db.session.scalars(select(Notification).where(Notification.user_id == liaison.id)).all())
    bodies = [m.content.decode("utf-8", "replace") for m in smtp.messages]
    assert any("/filings/" in body for body in bodies)


def test_nothing_is_reminded_once_the_item_is_done(app, db):
    liaison, court = _liaison(email=None)
    db.session.add(MonthlyFiling(court_id=court.id, month="2026-10", comments="", snapshot={},
                                 deadline=FILING_DUE, filed_by_id=liaison.id))
    db.session.commit()
    _send(app, FILING_DUE)
    assert _filing_notes(db, liaison) == []


def test_review_assignments_are_left_to_their_own_reminders(app, db):
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫08"))
    make_assignment(reviewer, make_judgment(court=make_court("豫0802")), DAY + timedelta(days=1))
    db.session.commit()
    assert sum(_send(app, DAY).values()) == 0


def test_the_office_is_reminded_of_the_months_list_and_unfiled_courts(app, db):
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    make_court("豫0802")
    db.session.commit()
    _send(app, FILING_DUE)
    texts = [n.text for n in db.session.scalars(select(Notification).where(Notification.user_id == admin.id))]
    assert any("2026-10 每月报备案：1 个基层法院未报备" in t and t.startswith("待办今天到期") for t in texts)


def test_cli_reminds_idempotently(app, db):
    liaison, _court = _liaison(email=None)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-todo-reminders", "--today", "2026-11-05"])
    second = runner.invoke(args=["send-todo-reminders", "--today", "2026-11-05"])
    assert first.exit_code == 0, first.output
    assert "今天到期 0 条" not in first.output and "今天到期 0 条" in second.output
    assert len(_filing_notes(db, liaison)) == 1


def test_the_worker_reminds_every_morning(app, db):
    liaison, _court = _liaison(email=None)
    db.session.commit()
    huey = jobs.get_huey(app)
    morning = datetime.combine(clock.today(), datetime.min.time())
    assert "todos.reminders" not in {t.name for t in huey.read_periodic(morning.replace(hour=12))}
    task = {t.name: t for t in huey.read_periodic(morning.replace(hour=7, minute=15))}["todos.reminders"]
    task.execute()
    db.session.rollback()  # what the job committed stays
    texts = [n.text for n in db.session.scalars(select(Notification).where(Notification.user_id == liaison.id))]
    # whatever today is, the liaison's dated lines (filing, hearing quota) are reminded at most once each
    assert len(texts) == len(set(texts)) and all(t.startswith("待办") for t in texts)


def test_a_missing_hearing_quota_is_reminded_when_overdue(app, db):
    liaison, _court = _liaison(email=None)
    db.session.commit()
    _send(app, FILING_DUE + timedelta(days=1))  # the quota's default deadline is day 5 too
    texts = [n.text for n in db.session.scalars(select(Notification).where(Notification.user_id == liaison.id))]
    assert any(t.startswith("待办已逾期") and "2026-10 庭审报送：尚缺" in t for t in texts)
    assert any(t.startswith("待办已逾期") and "2026-10 每月报备案" in t for t in texts)
