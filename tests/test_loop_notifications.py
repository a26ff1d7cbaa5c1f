"""Notifications that close the loop (signals wired in reviewer.wiring): a draw tells the heads
whose judgment was picked and the court's liaison; a confirmed grade tells the judge; withdrawing
a published list tells everyone told of its publication, and re-publishing says it replaces it."""
from __future__ import annotations

from sqlalchemy import select

from models import Grade, Role
from models.notification import Notification, NotificationKind
from reviewer.draws import services as draws
from reviewer.rankings import publication, services as rankings
from reviewer.reviews.evaluations import confirm_grade
from tests.draw_helpers import court_with_case_list
from tests.evaluation_factories import evaluate, month_of
from tests.factories import make_court, make_judgment, make_user


def _texts(db, user):
    return [n.text for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                               .order_by(Notification.id))]


def test_a_draw_tells_each_picked_head_and_the_liaison(app, db):
    court, heads, liaison = court_with_case_list()  # heads 0 and 1 have cases, head 2 none
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    draw = draws.announce(admin, court, "2021-03", "福彩3D")
    draws.perform(admin, draw, "3 0 9")
    picked = {e.head_id: e.result_case_number for e in draw.entries if e.result_case_number}
    assert set(picked) == {heads[0].id, heads[1].id}
    for head in heads[:2]:
        [text] = _texts(db, head)
        assert picked[head.id] in text and "被抽中" in text
    assert _texts(db, heads[2]) == []
    [text] = _texts(db, liaison)
    assert all(number in text for number in picked.values()) and "请上传" in text


def test_a_confirmed_grade_tells_the_judge_in_charge(app, db):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    judgment = make_judgment(court=court, judge=judge)
    evaluation = evaluate(judgment, 92)
    evaluation.final_grade = None
    confirm_grade(evaluation, Grade.EXCELLENT, None, admin)
    [text] = _texts(db, judge)
    assert judgment.case_number in text and "评查等级已确认：优秀" in text


def test_withdrawal_tells_everyone_told_and_republication_replaces_it(app, db):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    bystander = make_user(roles=(Role.LIAISON,), court=make_court("豫0811"))
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    month_of([(95, "优秀"), (97, "优秀"), (91, "优秀"), (65, "瑕疵"), (62, "瑕疵"), (60, "瑕疵")],
             court=court, judge=judge)
    ranking = rankings.create_draft("2021-04", admin)
    for entry in ranking.entries:
        entry.reason = entry.reason or "理由"
    publication.publish(ranking, admin, ranking.lock_version)
    publication.unpublish(ranking, admin, "第3名得分计算有误")
    for user in (judge, liaison):
        assert "已撤回公布，理由：第3名得分计算有误" in _texts(db, user)[-1]
    assert _texts(db, bystander) == []
    publication.publish(ranking, admin, ranking.lock_version)
    last = _texts(db, liaison)[-1]
    assert "已重新公布，取代" in last and "第3名得分计算有误" in last
    kinds = {n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == liaison.id))}
    assert kinds == {NotificationKind.LIST_PUBLISHED}
    assert len(_texts(db, liaison)) == 3


def test_a_withdrawn_list_shows_its_reason_and_its_republication_says_what_it_replaces(app, db, client, login):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    month_of([(95, "优秀"), (97, "优秀"), (91, "优秀"), (65, "瑕疵")], court=court, judge=judge)
    ranking = rankings.create_draft("2021-04", admin)
    for entry in ranking.entries:
        entry.reason = entry.reason or "理由"
    publication.publish(ranking, admin, ranking.lock_version)
    publication.unpublish(ranking, admin, "第3名得分计算有误")
    db.session.commit()
    login(judge)
    assert "已撤回公布" in client.get("/rankings/").get_data(as_text=True)
    page = client.get("/rankings/2021-04").get_data(as_text=True)
    assert "撤回理由：第3名得分计算有误" in page and "data-withdrawn-list" in page
    publication.publish(ranking, admin, ranking.lock_version)
    db.session.commit()
    page = client.get("/rankings/2021-04").get_data(as_text=True)
    assert "data-replaces" in page and "第3名得分计算有误" in page
