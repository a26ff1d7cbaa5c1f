"""Objections (异议): a judge sees their own evaluations and objects; the office answers; all logged."""
import pytest
from sqlalchemy import select

from models import AuditLog, Role
from models.notification import Notification, NotificationKind
from models.objection import Objection, ObjectionStatus
from tests.evaluation_factories import evaluate
from tests.factories import make_court, make_judgment, make_user


@pytest.fixture
def setup(db):
    court = make_court()
    judge = make_user(roles=(Role.JUDGE,), court=court)
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    judgment = make_judgment(court=court, judge=judge)
    evaluation = evaluate(judgment, 66, "瑕疵", reason="未归纳争议焦点")
    db.session.commit()
    return judge, admin, judgment, evaluation


def test_judge_sees_own_evaluations_with_reasons(client, login, setup):
    judge, _admin, judgment, _ = setup
    other = make_judgment(court=judgment.court, judge=make_user(roles=(Role.JUDGE,), court=judgment.court))
    evaluate(other, 95, "优秀")
    login(judge)
    page = client.get("/objections/mine").get_data(as_text=True)
    assert judgment.case_number in page and other.case_number not in page
    detail = client.get(f"/objections/judgment/{judgment.id}").get_data(as_text=True)
    assert "未归纳争议焦点" in detail and "瑕疵" in detail


def test_judge_cannot_open_someone_elses_evaluation(client, login, setup):
    _judge, _admin, judgment, _ = setup
    login(make_user(roles=(Role.JUDGE,), court=judgment.court))
    assert client.get(f"/objections/judgment/{judgment.id}").status_code == 403
    assert client.post(f"/objections/judgment/{judgment.id}", data={"text": "x"}).status_code == 403


def test_unconfirmed_evaluation_is_not_shown(client, login, db, setup):
    judge, _admin, judgment, evaluation = setup
    evaluation.final_grade = None
    db.session.commit()
    login(judge)
    assert judgment.case_number not in client.get("/objections/mine").get_data(as_text=True)
    assert client.get(f"/objections/judgment/{judgment.id}").status_code == 403


def test_lodge_and_answer_are_logged_and_notified(client, login, db, setup):
    judge, admin, judgment, _ = setup
    login(judge)
    client.post(f"/objections/judgment/{judgment.id}", data={"text": "争议焦点已在第五段归纳。"})
    objection = db.session.scalar(select(Objection))
    assert objection.status == ObjectionStatus.OPEN and objection.raised_by_id == judge.id
    assert db.session.scalar(select(Notification).where(Notification.user_id == admin.id)).kind == NotificationKind.OBJECTION
    page = client.post(f"/objections/judgment/{judgment.id}", data={"text": "再提一次"},
                       follow_redirects=True).get_data(as_text=True)
    assert "尚在处理中" in page
    assert len(db.session.scalars(select(Objection)).all()) == 1

    login(admin)
    assert judgment.case_number in client.get("/objections/").get_data(as_text=True)
    page = client.post(f"/objections/{objection.id}", data={"outcome": "upheld", "answer": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "请填写答复意见" in page
    client.post(f"/objections/{objection.id}", data={"outcome": "upheld", "answer": "经复核，异议成立。"})
    db.session.expire_all()
    objection = db.session.get(Objection, objection.id)
    assert objection.status == ObjectionStatus.UPHELD and objection.answered_by_id == admin.id
    actions = set(db.session.scalars(select(AuditLog.action)).all())
    assert {"objection.lodge", "objection.answer"} <= actions
    judge_notes = db.session.scalars(select(Notification).where(Notification.user_id == judge.id)).all()
    assert any("异议成立" in n.text for n in judge_notes)
    login(judge)
    assert "经复核，异议成立。" in client.get(f"/objections/{objection.id}").get_data(as_text=True)


def test_empty_objection_is_refused_and_nothing_saved(client, login, db, setup):
    judge, _admin, judgment, _ = setup
    login(judge)
    page = client.post(f"/objections/judgment/{judgment.id}", data={"text": "  "}).get_data(as_text=True)
    assert "请填写异议的事实和理由" in page
    assert db.session.scalars(select(Objection)).all() == []


@pytest.mark.parametrize("role", [Role.JUDGE, Role.LIAISON, Role.REVIEWER])
def test_only_the_office_lists_and_answers_objections(client, login, db, setup, role):
    judge, _admin, judgment, evaluation = setup
    objection = Objection(judgment_id=judgment.id, evaluation_id=evaluation.id, raised_by_id=judge.id, text="异议")
    db.session.add(objection)
    db.session.commit()
    login(make_user(roles=(role,), court=judgment.court))
    assert client.get("/objections/").status_code == 403
    assert client.get(f"/objections/{objection.id}").status_code == 403
    assert client.post(f"/objections/{objection.id}", data={"outcome": "rejected", "answer": "x"}).status_code == 403


def test_raiser_sees_but_cannot_answer(client, login, db, setup):
    judge, _admin, judgment, evaluation = setup
    objection = Objection(judgment_id=judgment.id, evaluation_id=evaluation.id, raised_by_id=judge.id, text="异议")
    db.session.add(objection)
    db.session.commit()
    login(judge)
    assert client.get(f"/objections/{objection.id}").status_code == 200
    assert client.post(f"/objections/{objection.id}", data={"outcome": "upheld", "answer": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.LIAISON, Role.REVIEWER, Role.ADMIN])
def test_own_evaluations_page_is_for_judges(client, login, setup, role):
    _judge, _admin, judgment, _evaluation = setup
    login(make_user(roles=(role,), court=judgment.court))
    assert client.get("/objections/mine").status_code == 403
    assert client.get(f"/objections/judgment/{judgment.id}").status_code == 403
    assert client.post(f"/objections/judgment/{judgment.id}", data={"text": "异议"}).status_code == 403


def test_objection_lists_query_counts_do_not_grow_with_rows(client, login, db, setup):
    from tests.conftest import count_queries

    judge, admin, _judgment, _evaluation = setup

    def queries(n):
        for _ in range(n):
            judgment = make_judgment(court=judge.court, judge=judge)
            evaluation = evaluate(judgment, 66, "瑕疵")
            db.session.add(Objection(judgment_id=judgment.id, evaluation_id=evaluation.id,
                                     raised_by_id=judge.id, text="异议"))
        db.session.commit()
        counts = []
        for user, url in ((admin, "/objections/"), (judge, "/objections/mine")):
            login(user)
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter[0])
        return counts

    assert queries(1) == queries(8)


def test_own_evaluations_page_by_page_without_loading_texts(client, login, db, setup):
    """Keyset pages on (month, id), newest first; the judgments' paragraphs stay in the database."""
    from sqlalchemy import inspect

    from reviewer.objections import services

    judge, _admin, judgment, _ = setup
    made = [judgment]
    for n in range(22):
        more = make_judgment(court=judgment.court, judge=judge, month=f"2021-{n % 12 + 1:02d}")
        evaluate(more, 90, "优秀")
        made.append(more)
    db.session.commit()
    db.session.expire_all()
    page = services.own_judgments_page(judge, {})
    assert len(page.items) == 20 and page.total == 23 and page.has_next
    assert all("paragraphs" in inspect(j).unloaded for j in page.items)
    rest = services.own_judgments_page(judge, {"after": page.next_cursor})
    expected = sorted(made, key=lambda j: (j.month, j.id), reverse=True)
    assert [j.id for j in page.items + rest.items] == [j.id for j in expected]
    login(judge)
    html = client.get("/objections/mine").get_data(as_text=True)
    assert "共 23 条" in html and "下一页" in html
