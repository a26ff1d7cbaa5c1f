"""The demo fills every hearing page with real content, for the roles that may see it, and a
second `seed-demo` run adds nothing.

The demo (`run_steps`) is built once per session (tests/conftest.py): real sample judgments, then the
hearings step with its PyAV-made recordings processed by the real job.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from models import (Assignment, Court, Evaluation, Hearing, HearingStatus, ObservationEntry, ObservationMode,
                    Review, ReviewItemScore, ReviewRemark, ReviewStatus, ScheduledHearing, StoredFile,
                    TopTenEntry, TopTenList, TopTenStatus, User, WatchRecord)
from reviewer import clock
from reviewer.demo.calendar import DemoCalendar
from reviewer.demo.hearings import plan
from reviewer.demo.steps import run_steps
from reviewer.hearings import quotas
from reviewer.hearings.quota_rules import QuotaState
from tests.conftest import DEMO_TODAY

COUNTED = (Hearing, StoredFile, Assignment, Review, ReviewItemScore, ReviewRemark, Evaluation, WatchRecord,
           ObservationEntry, ScheduledHearing, TopTenList, TopTenEntry)


@pytest.fixture
def app(demo_app):
    """The session's demo dataset (tests/conftest.py), built once and shared: read, do not change."""
    return demo_app


def _as(client, username):
    client.post("/auth/logout")
    assert client.post("/auth/login", data={"username": username, "password": "demo1234"}).status_code == 302
    return client


def _user(db, username) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _hearing(db, case_number) -> Hearing:
    return db.session.scalar(select(Hearing).where(Hearing.case_number == case_number))


def _counts(db) -> dict:
    counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}
    counts["files on disk"] = sum(1 for p in Path(current_app.config["UPLOAD_ROOT"]).rglob("*") if p.is_file())
    return counts


def test_demo_fills_every_hearing_page_and_a_second_run_adds_nothing(app, db, client):
    # Recordings: every planned hearing is ready, probed, with a poster; the AVI has an MP4 transcode.
    cal = DemoCalendar(DEMO_TODAY)
    first_year, (round_year, quarter) = cal.months[0][:4], cal.observation
    hearings = {h.case_number: h for h in db.session.scalars(select(Hearing).where(Hearing.file_id.is_not(None)))}
    assert set(hearings) == {row[3] for row in plan(cal)}
    assert {h.court.code for h in hearings.values()} == {"豫0802", "豫0811", "豫0883", "豫08"}
    for hearing in hearings.values():
        assert hearing.status == HearingStatus.READY and hearing.poster_file is not None
        assert 19 <= hearing.duration_seconds <= 31 and (hearing.width, hearing.height) == (320, 240)
        assert hearing.file.size < 1_000_000
    avi = hearings[f"（{first_year}）豫0883民初542号"]
    assert avi.container == "avi" and avi.playback_file.mime_type == "video/mp4"

    # Quota board: met, late and missing cells, as planned.
    courts = {c.code: c for c in db.session.scalars(select(Court))}
    cells = quotas.board(cal.months, [courts["豫0802"], courts["豫0883"]], clock.today())
    current = cells[(courts["豫0802"].id, cal.current)]
    assert [cells[(courts["豫0802"].id, m)].state for m in cal.months] == [
        QuotaState.MET, QuotaState.LATE,
        QuotaState.MISSING if clock.today() > current.deadline else QuotaState.PENDING]
    assert cells[(courts["豫0883"].id, cal.months[0])].state == QuotaState.MISSING

    # Reviews: recusal held; submitted sheets carry reasons and time-coded remarks (moments and
    # ranges) linked to the items deducted; earlier months are confirmed; some work is still open.
    assignments = db.session.scalars(select(Assignment).where(Assignment.subject_kind == "hearing")).all()
    subjects = {h.id: h for h in db.session.scalars(select(Hearing))}
    for a in assignments:
        assert a.reviewer.court_id != subjects[a.subject_id].court_id and a.reviewer_id != subjects[a.subject_id].judge_id
    submitted = db.session.scalars(select(Review).where(Review.subject_kind == "hearing",
                                                        Review.status == ReviewStatus.SUBMITTED)).all()
    assert len(submitted) >= 25
    assert any(r.status != ReviewStatus.SUBMITTED for r in db.session.scalars(
        select(Review).where(Review.subject_kind == "hearing"))) or len(submitted) < len(assignments)
    remarks = [m for r in submitted for m in r.remarks]
    assert all(m.start_seconds is not None for m in remarks)
    assert any(m.end_seconds is not None for m in remarks) and any(m.end_seconds is None for m in remarks)
    for review in submitted:
        deducted = {s.item_id for s in review.item_scores if s.deduction > 0 or s.veto_hit}
        assert deducted and all(s.reason for s in review.item_scores if s.deduction > 0)
        assert {m.item_id for m in review.remarks if m.item_id} <= deducted
    assert db.session.scalar(select(func.count()).select_from(Evaluation).where(
        Evaluation.subject_kind == "hearing", Evaluation.final_grade.is_not(None))) >= 8

    # Observation round: drawn from recordings and the schedule, panels of two with a leader.
    entries = db.session.scalars(select(ObservationEntry)).all()
    assert {e.mode for e in entries} == {ObservationMode.ONLINE, ObservationMode.ON_SITE}
    panel = [a for a in assignments if a.round_id is not None]
    assert len(panel) == 2 * len(entries) and sum(a.is_leader for a in panel) == len(entries)

    # Top-ten: this year's lists in their comment period, at most ten, one entry for the province;
    # last year's published in January.
    lists = db.session.scalars(select(TopTenList).where(TopTenList.year == cal.year)).all()
    assert len(lists) == 2 and all(t.status == TopTenStatus.COMMENT and 0 < len(t.entries) <= 10 for t in lists)
    assert sum(e.provincial_showcase for t in lists for e in t.entries) == 1
    last_year = db.session.scalars(select(TopTenList).where(TopTenList.year == cal.last_year)).all()
    assert len(last_year) == 2 and all(t.status == TopTenStatus.PUBLISHED for t in last_year)
    assert all(t.published_at.year == cal.last_year + 1 and t.published_at.month == 1 for t in last_year)

    first = hearings[f"（{first_year}）豫0802民初1186号"]
    other_court = hearings[f"（{first_year}）豫0811民初876号"]
    published = db.session.scalars(select(Hearing).where(Hearing.published_at.is_not(None))).all()
    assert len(published) >= 3 and db.session.scalar(select(func.count()).select_from(WatchRecord).where(
        WatchRecord.completed.is_(True))) >= 2

    # Pages, as the office.
    _as(client, "admin")
    page = client.get("/hearings/").get_data(as_text=True)
    assert first.case_number in page and "现场观摩" in page
    detail = client.get(f"/hearings/{first.id}").get_data(as_text=True)
    assert "<video" in detail and f"/hearings/{first.id}/poster" in detail and "评查情况" in detail
    poster = client.get(f"/hearings/{first.id}/poster")
    assert poster.status_code == 200 and poster.mimetype == "image/jpeg"
    part = client.get(f"/hearings/{first.id}/video", headers={"Range": "bytes=0-1023"})
    assert part.status_code == 206 and len(part.data) == 1024
    assert part.headers["Content-Range"] == f"bytes 0-1023/{first.file.size}"
    board = client.get("/hearings/quotas").get_data(as_text=True)  # defaults to the demo's latest year
    assert f"{cal.current[:4]}年庭审录像月度报送情况" in board
    board += "".join(client.get(f"/hearings/quotas?year={y}").get_data(as_text=True) for y in {m[:4] for m in cal.months})
    assert all(state.label in board for state in (QuotaState.MET, QuotaState.LATE, QuotaState.MISSING))
    assert f"{round_year}年第{quarter}季度庭审观摩评查" in client.get("/hearings/rounds").get_data(as_text=True)
    round_page = client.get(f"/hearings/rounds/{entries[0].round_id}").get_data(as_text=True)
    assert "开庭排期" in round_page and "（组长）" in round_page and "已提交" in round_page
    assert "公示期满后可正式发布" in client.get("/hearings/top-ten").get_data(as_text=True)
    watching = client.get("/hearings/library/watching").get_data(as_text=True)
    assert "已看完" in watching and "看到 00:" in watching
    compare = client.get(f"/reviews/hearing/{first.id}/compare")
    assert compare.status_code == 200

    # A reviewer: their hearing sheet with its time-coded remarks; never their own court's.
    review = next(r for r in submitted if r.remarks)
    reviewer = review.reviewer
    _as(client, reviewer.username)
    screen = client.get(f"/reviews/hearing/{review.subject_id}/review", follow_redirects=True)
    assert screen.status_code == 200
    html = screen.get_data(as_text=True)
    assert "<video" in html and review.remarks[0].text in html
    own = next(h for h in hearings.values() if h.court_id == reviewer.court_id and h.published_at is None)
    assert client.get(f"/hearings/{own.id}").status_code == 403
    assert client.get(f"/reviews/hearing/{own.id}/review").status_code in (403, 404)

    # A judge: the top-ten in its comment period with the rule, the library with findings; not
    # another court's unpublished recording.
    _as(client, "judge_wang")
    top = client.get(f"/hearings/top-ten/{cal.year}").get_data(as_text=True)
    assert "公示中" in top and "评选规则" in top and "不以其他庭审补足" in top and "已推荐" in top
    library = client.get("/hearings/library").get_data(as_text=True)
    assert all(h.case_number in library for h in published)
    shown = client.get(f"/hearings/library/{published[0].id}").get_data(as_text=True)
    assert "评查员甲" in shown and "data-seek" in shown
    assert client.get(f"/hearings/{first.id}").status_code == 200  # their own hearing
    assert other_court.published_at is None and client.get(f"/hearings/{other_court.id}").status_code == 403
    assert client.get("/hearings/quotas").status_code == 403

    # A liaison sees the quota board of their own court only.
    _as(client, "liaison_jf")
    own_board = client.get("/hearings/quotas").get_data(as_text=True)
    assert "解放区法院" in own_board and "山阳区法院" not in own_board

    before = _counts(db)
    run_steps()
    db.session.commit()
    assert _counts(db) == before
