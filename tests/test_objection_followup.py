"""An upheld objection guided to its end: withdraw the published entry (public reason), reopen the
sheets, re-confirm, republish that entry — each step audited, for the office only."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import AuditLog, Evaluation, JudgmentStatus, Review, ReviewStatus, Role, utcnow
from models.notification import Notification
from models.objection import Objection, ObjectionStatus
from models.ranking import RankingEntry
from reviewer.rankings import publication, services as rankings
from reviewer.reviews.evaluations import refresh_evaluation
from tests.evaluation_factories import month_of
from tests.factories import make_court, make_user

MONTH = "2021-04"


@pytest.fixture
def world(db):
    """A published month; the judge's best judgment is on the excellent list; the judge objected
    (to a deduction) and the office upheld it."""
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    rows = month_of([(95, "优秀"), (97, "优秀"), (91, "优秀"), (65, "瑕疵"), (62, "瑕疵"), (60, "瑕疵")],
                    court=court, judge=judge)
    ranking = rankings.create_draft(MONTH, admin)
    for entry in ranking.entries:
        entry.reason = entry.reason or "理由"
    publication.publish(ranking, admin, ranking.lock_version)
    judgment, evaluation = rows[0]
    objection = Objection(judgment_id=judgment.id, evaluation_id=evaluation.id, raised_by_id=judge.id,
                          text="第五段已归纳争议焦点。", status=ObjectionStatus.UPHELD, answer="经复核，扣分有误。",
                          answered_by_id=admin.id, answered_at=utcnow())
    db.session.add(objection)
    db.session.commit()
    return admin, judge, judgment, objection


def _resubmit(db, judgment):
    """The reviewers correct and resubmit their sheets."""
    for review in db.session.scalars(select(Review).where(Review.subject_id == judgment.id)):
        review.status, review.submitted_at = ReviewStatus.SUBMITTED, utcnow()
    db.session.flush()
    refresh_evaluation("judgment", judgment.id)
    db.session.commit()


def test_the_page_links_the_judgment_and_the_comparison_and_lists_the_steps(client, login, world):
    admin, _judge, judgment, objection = world
    login(admin)
    page = client.get(f"/objections/{objection.id}").get_data(as_text=True)
    assert f'href="/judgments/{judgment.id}"' in page and f'href="/reviews/judgment/{judgment.id}/compare"' in page
    assert 'id="followup-steps"' in page and "撤回该条目" in page and "请先撤回已公布的条目" in page


def test_an_upheld_objection_is_followed_to_its_end(client, login, db, world):
    admin, judge, judgment, objection = world
    login(admin)
    client.post(f"/objections/{objection.id}/withdraw-entry", data={"reason": "异议成立，重新评查"})
    db.session.expire_all()
    entry = db.session.scalar(select(RankingEntry).where(RankingEntry.judgment_id == judgment.id))
    assert entry.withdrawn_at is not None and "撤回复核：异议成立，重新评查" in entry.public_note
    evaluation = db.session.scalar(select(Evaluation).where(Evaluation.subject_id == judgment.id))
    assert evaluation.locked is False and db.session.get(type(judgment), judgment.id).status == JudgmentStatus.EVALUATED
    login(judge)
    board = client.get(f"/rankings/{MONTH}").get_data(as_text=True)
    assert "已撤回复核" in board and "异议成立，重新评查" in board
    assert client.get(f"/exemplars/{judgment.id}").status_code == 404  # out of the library meanwhile

    login(admin)
    client.post(f"/objections/{objection.id}/reopen", data={"reason": "扣分有误"})
    db.session.expire_all()
    statuses = {r.status for r in db.session.scalars(select(Review).where(Review.subject_id == judgment.id))}
    assert statuses == {ReviewStatus.REOPENED}
    assert "等待评查员重新提交" in client.get(f"/objections/{objection.id}").get_data(as_text=True)

    _resubmit(db, judgment)
    client.post(f"/reviews/judgment/{judgment.id}/confirm", data={"grade": "excellent", "reason": ""})
    page = client.post(f"/objections/{objection.id}/republish-entry", follow_redirects=True).get_data(as_text=True)
    assert "已重新公布该条目" in page, re.findall(r'alert[^>]*>([^<]*)<', page)
    db.session.expire_all()
    entry = db.session.scalar(select(RankingEntry).where(RankingEntry.judgment_id == judgment.id))
    assert entry.withdrawn_at is None and "复核后重新公布" in entry.public_note
    evaluation = db.session.scalar(select(Evaluation).where(Evaluation.subject_id == judgment.id))
    assert evaluation.locked is True
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"ranking.entry_withdraw", "review.reopen", "evaluation.confirm", "ranking.entry_republish"} <= actions
    texts = db.session.scalars(select(Notification.text).where(Notification.user_id == judge.id)).all()
    assert any("已撤回复核" in t and "异议成立，重新评查" in t for t in texts)
    assert any("已复核后重新公布" in t for t in texts)


def test_an_entry_no_longer_on_its_list_stays_withdrawn(client, login, db, world):
    admin, _judge, judgment, objection = world
    login(admin)
    client.post(f"/objections/{objection.id}/withdraw-entry", data={"reason": "重新评查"})
    client.post(f"/objections/{objection.id}/reopen", data={"reason": "扣分有误"})
    _resubmit(db, judgment)
    client.post(f"/reviews/judgment/{judgment.id}/confirm", data={"grade": "pass", "reason": "说理一般"})
    page = client.post(f"/objections/{objection.id}/republish-entry", follow_redirects=True).get_data(as_text=True)
    assert "不再符合" in page
    db.session.expire_all()
    assert db.session.scalar(select(RankingEntry.withdrawn_at).where(RankingEntry.judgment_id == judgment.id))


def test_a_withdrawal_needs_a_public_reason(client, login, db, world):
    admin, _judge, judgment, objection = world
    login(admin)
    page = client.post(f"/objections/{objection.id}/withdraw-entry", data={"reason": " "},
                       follow_redirects=True).get_data(as_text=True)
    assert "请填写理由" in page
    assert db.session.scalar(select(RankingEntry.withdrawn_at).where(RankingEntry.judgment_id == judgment.id)) is None


ROUTES = ["/objections/{id}/withdraw-entry", "/objections/{id}/reopen", "/objections/{id}/republish-entry"]


@pytest.mark.parametrize("url", ROUTES)
@pytest.mark.parametrize("who, upheld, status", [
    ("admin", False, 403), ("judge", True, 403), ("liaison", True, 403), ("reviewer", True, 403),
])
def test_follow_up_routes_per_role(client, login, db, world, url, who, upheld, status):
    admin, judge, _judgment, objection = world
    if not upheld:
        objection.status = ObjectionStatus.REJECTED
    user = {"admin": admin, "judge": judge}.get(who) or make_user(
        roles=[Role.LIAISON if who == "liaison" else Role.REVIEWER], court=make_court("豫0802"))
    db.session.commit()
    login(user)
    assert client.post(url.format(id=objection.id), data={"reason": "x"}).status_code == status


def test_the_follow_up_routes_are_all_in_the_table(app):
    served = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("objections.")
              and rule.endpoint.split(".")[1] in ("withdraw_entry", "reopen", "republish_entry")}
    assert served == {u.replace("{id}", "<int:objection_id>") for u in ROUTES}
