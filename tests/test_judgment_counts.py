"""The home page's judgments panel reads counts per court and status kept on write: every way a
judgment is added, changes status or court, or is deleted keeps them equal to a count of the rows."""
import re

from sqlalchemy import func, select

from models import Judgment, JudgmentStatus, JudgmentStatusCount, Role
from reviewer.main import judgment_counts
from tests.factories import make_court, make_judgment, make_user


def _kept(db):
    return {(c, s): n for c, s, n in db.session.execute(
        select(JudgmentStatusCount.court_id, JudgmentStatusCount.status, JudgmentStatusCount.count)) if n}


def _counted(db):
    return {(c, s.name): n for c, s, n in db.session.execute(
        select(Judgment.court_id, Judgment.status, func.count()).group_by(Judgment.court_id, Judgment.status))}


def test_counts_follow_inserts_status_and_court_changes_and_deletes(db):
    one, two = make_court("豫0802"), make_court("豫0883")
    judgments = [make_judgment(court=one) for _ in range(3)] + [make_judgment(court=two)]
    db.session.flush()
    assert _kept(db) == _counted(db)
    judgments[0].status = JudgmentStatus.PUBLISHED
    judgments[1].court_id = two.id
    judgments[2].status, judgments[2].court_id = JudgmentStatus.EVALUATED, two.id
    db.session.flush()
    assert _kept(db) == _counted(db)
    db.session.delete(judgments[3])
    judgments[0].note = "不计数的字段"
    db.session.commit()
    assert _kept(db) == _counted(db)
    assert sum(_kept(db).values()) == 3


def test_rebuild_recounts_from_the_judgments(db):
    court = make_court("豫0802")
    make_judgment(court=court), make_judgment(court=court, status=JudgmentStatus.SUBMITTED)
    db.session.flush()
    db.session.execute(JudgmentStatusCount.__table__.delete())
    judgment_counts.rebuild(db.session.connection())
    assert _kept(db) == _counted(db)


def test_panel_shows_all_courts_to_the_admin_and_the_own_court_to_a_liaison(client, db, login):
    own, other = make_court("豫0802"), make_court("豫0883")
    for court, status in ((own, JudgmentStatus.SUBMITTED), (own, JudgmentStatus.SUBMITTED),
                          (other, JudgmentStatus.SUBMITTED), (other, JudgmentStatus.PUBLISHED)):
        make_judgment(court=court, status=status)
    db.session.commit()

    def shown(page, label):
        return int(re.search(label + r"</a><span[^>]*>(\d+)<", page).group(1))

    login(make_user(roles=[Role.ADMIN]))
    page = client.get("/").get_data(as_text=True)
    assert shown(page, "待评查") == 3 and shown(page, "已公布") == 1
    login(make_user(roles=[Role.LIAISON], court=own))
    page = client.get("/").get_data(as_text=True)
    assert shown(page, "待评查") == 2 and shown(page, "已公布") == 0
    login(make_user(roles=[Role.JUDGE], court=own))
    assert shown(client.get("/").get_data(as_text=True), "优秀/瑕疵文书范例库") == 1   # published, every court
