"""Quota board and reminders, annual top-ten lists: services, pages and permissions."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import (CourtLevel, Evaluation, Grade, Hearing, HearingNomination, HearingStatus, Notification,
                    Role, TopTenKind, TopTenList, TopTenStatus)
from reviewer import clock
from reviewer.errors import DomainError
from reviewer.hearings import quotas, topten
from tests.conftest import count_queries
from tests.factories import make_court, make_user

CN = timezone(timedelta(hours=8))


def hearing_row(db, court, month="2021-04", nomination=HearingNomination.EXCELLENT, submitted=None,
                status=HearingStatus.READY, case_number=None):
    h = Hearing(court=court, month=month, case_number=case_number or f"（2021）{court.code}民初{month}号",
                nomination=nomination, status=status, submitted_at=submitted)
    db.session.add(h)
    db.session.flush()
    return h


@pytest.fixture
def city(db):
    return {
        "basic": make_court("豫0802"), "basic2": make_court("豫0883"), "mid": make_court("豫08"),
        "admin": make_user(roles=(Role.ADMIN,)),
    }


def test_board_shows_met_late_missing_per_court_and_month(db, city):
    b, b2 = city["basic"], city["basic2"]
    hearing_row(db, b, nomination=HearingNomination.EXCELLENT, submitted=datetime(2021, 4, 10, tzinfo=CN))
    hearing_row(db, b, nomination=HearingNomination.FLAWED, submitted=datetime(2021, 5, 3, tzinfo=CN))
    hearing_row(db, b2, nomination=HearingNomination.EXCELLENT, submitted=datetime(2021, 4, 10, tzinfo=CN))
    hearing_row(db, b2, nomination=HearingNomination.FLAWED, submitted=datetime(2021, 5, 9, tzinfo=CN))
    courts = quotas.basic_courts()
    assert city["mid"] not in courts  # the intermediate court has no quota
    cells = quotas.board(["2021-04", "2021-05"], courts, date(2021, 6, 20))
    assert cells[(b.id, "2021-04")].state.name == "MET"
    assert cells[(b2.id, "2021-04")].state.name == "LATE"
    assert cells[(b.id, "2021-05")].state.name == "MISSING"


def test_office_can_move_a_months_deadline(db, city):
    b = city["basic"]
    hearing_row(db, b, nomination=HearingNomination.EXCELLENT, submitted=datetime(2021, 4, 10, tzinfo=CN))
    hearing_row(db, b, nomination=HearingNomination.FLAWED, submitted=datetime(2021, 5, 9, tzinfo=CN))
    quotas.set_deadline(city["admin"], "2021-04", date(2021, 5, 10))
    cells = quotas.board(["2021-04"], [b], date(2021, 6, 1))
    assert cells[(b.id, "2021-04")].state.name == "MET"


def test_reminders_reach_the_liaisons_of_courts_behind_once(app, db, city):
    b, b2 = city["basic"], city["basic2"]
    l1 = make_user(roles=(Role.LIAISON,), court=b)
    l2 = make_user(roles=(Role.LIAISON,), court=b2)
    hearing_row(db, b2, nomination=HearingNomination.EXCELLENT, submitted=datetime(2021, 4, 3, tzinfo=CN))
    hearing_row(db, b2, nomination=HearingNomination.FLAWED, submitted=datetime(2021, 4, 4, tzinfo=CN))
    assert quotas.send_reminders(date(2021, 5, 3)) == 1
    assert quotas.send_reminders(date(2021, 5, 4)) == 0  # already reminded for April
    notes = db.session.scalars(select(Notification)).all()
    assert [n.user_id for n in notes] == [l1.id]
    assert "精品庭审、瑕疵庭审" in notes[0].text and "2021-05-05" in notes[0].text
    assert l2.id not in [n.user_id for n in notes]


def test_remind_command(app, db, city):
    make_user(roles=(Role.LIAISON,), court=city["basic"])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["remind-hearing-quotas", "--today", "2021-05-04"])
    assert result.exit_code == 0 and "已发送 1 条提醒" in result.output


@pytest.mark.parametrize("who, expected", [("admin", 200), ("liaison", 200), ("reviewer", 403), ("judge", 403)])
def test_quota_board_page_per_role(client, login, city, who, expected):
    users = {"admin": city["admin"], "liaison": make_user(roles=(Role.LIAISON,), court=city["basic"]),
             "reviewer": make_user(roles=(Role.REVIEWER,), court=city["basic2"]),
             "judge": make_user(roles=(Role.JUDGE,), court=city["basic"])}
    login(users[who])
    assert client.get("/hearings/quotas?year=2021").status_code == expected


def test_liaison_sees_only_their_courts_row(client, login, city):
    login(make_user(roles=(Role.LIAISON,), court=city["basic"]))
    html = client.get("/hearings/quotas?year=2021").get_data(as_text=True)
    assert city["basic"].name in html and city["basic2"].name not in html


def test_quota_board_query_count_does_not_grow_with_courts(client, login, city, db):
    login(city["admin"])
    with count_queries() as few:
        client.get("/hearings/quotas?year=2021")
    for n in range(5):
        court = make_court(f"豫09{n}0")
        hearing_row(db, court, submitted=datetime(2021, 4, 2, tzinfo=CN))
    with count_queries() as many:
        client.get("/hearings/quotas?year=2021")
    assert many[0] == few[0]


@pytest.mark.parametrize("who", ["liaison", "judge"])
def test_only_the_office_sets_deadlines(client, login, city, who):
    user = make_user(roles=(Role.LIAISON if who == "liaison" else Role.JUDGE,), court=city["basic"])
    login(user)
    assert client.post("/hearings/quotas/deadline", data={"month": "2021-04", "deadline": "2021-05-09"}).status_code == 403


def evaluated(db, court, score, grade, vetoed=False, month="2021-03", n=[0]):
    n[0] += 1
    h = hearing_row(db, court, month=month, submitted=datetime(2021, 3, 5, tzinfo=CN),
                    case_number=f"（2021）{court.code}民初{n[0]}号")
    db.session.add(Evaluation(subject_kind="hearing", subject_id=h.id, computed_score=Decimal(score),
                              computed_grade=grade, vetoed=vetoed, review_count=2))
    db.session.flush()
    return h


def test_top_ten_proposal_comment_period_and_publication(db, city):
    admin, b = city["admin"], city["basic"]
    best = evaluated(db, b, "96", Grade.EXCELLENT)
    flawed = evaluated(db, b, "62", Grade.FLAWED)
    evaluated(db, b, "80", Grade.PASS)
    evaluated(db, b, "99", Grade.EXCELLENT, month="2022-01")  # another year
    best_list, flawed_list = topten.propose_lists(admin, 2021)
    assert [e.hearing_id for e in best_list.entries] == [best.id]
    assert [e.hearing_id for e in flawed_list.entries] == [flawed.id]

    with pytest.raises(DomainError):
        topten.publish(admin, best_list, date(2022, 1, 10))  # not yet in its comment period
    topten.start_comment(admin, best_list, date(2022, 1, 15), date(2022, 1, 5))
    with pytest.raises(DomainError):
        topten.propose_lists(admin, 2021)  # a list in comment is not re-proposed
    with pytest.raises(DomainError):
        topten.publish(admin, best_list, date(2022, 1, 15))  # the comment period is not over
    topten.set_provincial(admin, best_list.entries[0], True)
    with pytest.raises(DomainError):
        topten.set_provincial(admin, flawed_list.entries[0], True)
    topten.publish(admin, best_list, date(2022, 1, 16))
    assert best_list.status == TopTenStatus.PUBLISHED and best.published_at is not None
    assert best.required_viewing is True
    evaluation = db.session.scalar(select(Evaluation).where(Evaluation.subject_id == best.id))
    assert evaluation.locked is True


def test_top_ten_page_hides_proposals_from_everyone_but_the_office(db, client, login, city):
    evaluated(db, city["basic"], "96", Grade.EXCELLENT)
    topten.propose_lists(city["admin"], 2021)
    db.session.commit()
    judge = make_user(roles=(Role.JUDGE,), court=city["basic"])
    login(judge)
    html = client.get("/hearings/top-ten/2021").get_data(as_text=True)
    assert "评选规则" in html and "（2021）豫0802民初" not in html
    assert client.post("/hearings/top-ten/2021/propose").status_code == 403
    login(city["admin"])
    html = client.get("/hearings/top-ten/2021").get_data(as_text=True)
    assert "（2021）豫0802民初" in html and "拟定中" in html


def test_top_ten_buttons_run_the_workflow(db, client, login, city):
    evaluated(db, city["basic"], "96", Grade.EXCELLENT)
    db.session.commit()
    login(city["admin"])
    assert client.post("/hearings/top-ten/2021/propose").status_code == 302
    best = db.session.scalar(select(TopTenList).where(TopTenList.kind == TopTenKind.BEST))
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    client.post(f"/hearings/top-ten/lists/{best.id}/comment",
                data={"comment_until": tomorrow, "lock_version": best.lock_version})
    db.session.refresh(best)
    assert best.status == TopTenStatus.COMMENT
    page = client.post(f"/hearings/top-ten/lists/{best.id}/publish", data={"lock_version": best.lock_version},
                       follow_redirects=True)
    assert "期满后才能正式发布" in page.get_data(as_text=True)
    entry = best.entries[0]
    db.session.refresh(best)
    client.post(f"/hearings/top-ten/entries/{entry.id}/provincial", data={"flag": "1", "lock_version": best.lock_version})
    db.session.refresh(entry)
    assert entry.provincial_showcase is True


def test_a_recording_rejected_by_processing_does_not_meet_the_quota(db, city):
    """A text file named .mp4 is uploaded, then fails processing: the month is still missing."""
    b = city["basic"]
    hearing_row(db, b, nomination=HearingNomination.EXCELLENT, submitted=datetime(2021, 4, 10, tzinfo=CN))
    broken = hearing_row(db, b, nomination=HearingNomination.FLAWED, submitted=datetime(2021, 4, 11, tzinfo=CN),
                         status=HearingStatus.FAILED, case_number="（2021）豫0802民初99号")
    cell = quotas.board(["2021-04"], [b], date(2021, 6, 20))[(b.id, "2021-04")]
    assert cell.state.name == "MISSING" and cell.missing == ["flawed"]
    broken.status = HearingStatus.READY  # the office reprocessed it successfully
    db.session.flush()
    assert quotas.board(["2021-04"], [b], date(2021, 6, 20))[(b.id, "2021-04")].state.name == "MET"
