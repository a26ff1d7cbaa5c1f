"""The demo lives in the present: its months are the last three evaluation months before the day
it was built, past months are published and stamped within their own month, the current month is
in progress, nothing is stamped in the future, and the README lists every demo account."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import (Assignment, AuditLog, Court, CourtLevel, Evaluation, Hearing, Judgment, Review, User,
                    utcnow)
from models.draw import MonthlyDraw
from models.filing import MonthlyFiling
from models.month import CHINA
from models.ranking import MonthlyRanking, RankingStatus
from reviewer.demo.calendar import DemoCalendar, add_months
from tests.conftest import DEMO_TODAY, REPO


@pytest.fixture
def app(demo_app):
    """The session's demo dataset (tests/conftest.py), built once and shared: read, do not change."""
    return demo_app


@pytest.fixture
def cal():
    return DemoCalendar(DEMO_TODAY)


def local_month(moment) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m")


def test_past_months_are_published_in_the_month_after_and_the_current_one_is_a_draft(db, cal):
    rankings = {r.month: r for r in db.session.scalars(select(MonthlyRanking))}
    assert sorted(rankings) == cal.months
    assert rankings[cal.current].status == RankingStatus.DRAFT
    for month in cal.published:
        assert rankings[month].status == RankingStatus.PUBLISHED
        assert local_month(rankings[month].published_at) == add_months(month, 1)


def test_judgments_and_reviews_are_stamped_within_their_evaluation_month(db, cal):
    for judgment in db.session.scalars(select(Judgment)):
        assert judgment.month in cal.months
        assert local_month(judgment.created_at) == add_months(judgment.month, 1)
    for review, month in db.session.execute(select(Review, Judgment.month).join(
            Judgment, (Review.subject_kind == "judgment") & (Review.subject_id == Judgment.id))):
        assert local_month(review.created_at) == add_months(month, 1)


def test_nothing_is_stamped_in_the_future(db):
    now = utcnow()
    for column in (Judgment.created_at, Review.submitted_at, Evaluation.confirmed_at, MonthlyRanking.published_at,
                   MonthlyDraw.drawn_at, Hearing.submitted_at, Hearing.published_at, AuditLog.at,
                   MonthlyFiling.filed_at):
        latest = db.session.scalar(select(column).order_by(column.desc().nulls_last()).limit(1))
        assert latest is None or latest <= now, column


def test_the_current_month_is_in_progress(db, cal):
    open_sheets = db.session.scalars(select(Assignment).join(
        Judgment, (Assignment.subject_kind == "judgment") & (Assignment.subject_id == Judgment.id))
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Judgment.month == cal.current, (Review.id.is_(None)) | (Review.submitted_at.is_(None)))).all()
    assert open_sheets and all(a.due_date is not None for a in open_sheets)
    basic = db.session.scalars(select(Court.id).where(Court.level == CourtLevel.BASIC)).all()
    filed = set(db.session.scalars(select(MonthlyFiling.court_id).where(MonthlyFiling.month == cal.current)))
    assert set(basic) - filed, "some basic court's filing for the current month is still due"
    assert db.session.scalar(select(MonthlyFiling.id).where(MonthlyFiling.month == cal.published[0]).limit(1))


def test_readme_lists_every_demo_account(db):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Demo log-ins", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z][a-z0-9_]*)`", table))
    listed |= {f"reviewer{n}" for n in range(1, 5)} if "`reviewer1` … `reviewer4`" in table else set()
    accounts = set(db.session.scalars(select(User.username)))
    assert accounts - listed == set()
    assert listed - accounts <= {"demo1234"}
