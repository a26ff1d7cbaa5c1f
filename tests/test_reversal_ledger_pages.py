"""Office-added points rules, manual entries, corrections and the reminders command."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import AuditLog
from models.points import PointsEntry, PointsRule
from models.reversal import HigherLevel, ReversalResult
from reviewer.errors import DomainError
from reviewer.reversals import register
from tests.reversal_helpers import record, reversal_world


@pytest.fixture
def w(app, db):
    world = reversal_world()
    db.session.commit()
    return world


def test_office_adds_a_rule_and_posts_under_it(client, login, w, db):
    login(w["admin"])
    client.post("/reversals/points/rules", data={
        "code": "excellent_judgment", "label": "优秀裁判文书", "points": "1", "subject": "judge",
        "effective_from": "2025-01-01"})
    assert db.session.scalar(select(PointsRule).where(PointsRule.code == "excellent_judgment")) is not None
    client.post("/reversals/points/entries", data={
        "rule_code": "excellent_judgment", "judge": w["judge"].username, "occurred_on": "2025-06-01",
        "note": "2025年5月优秀裁判文书"})
    entry = db.session.scalar(select(PointsEntry).where(PointsEntry.judge_id == w["judge"].id))
    assert entry.points == Decimal("1") and entry.source_type == "manual"
    # before the rule's effective date: refused, nothing posted
    page = client.post("/reversals/points/entries", data={
        "rule_code": "excellent_judgment", "judge": w["judge"].display_name, "occurred_on": "2024-06-01",
        "note": "早于生效日期"}, follow_redirects=True).get_data(as_text=True)
    assert "没有生效的" in page
    # a judge rule cannot go to a division
    page = client.post("/reversals/points/entries", data={
        "rule_code": "excellent_judgment", "division_id": str(w["division"].id), "occurred_on": "2025-06-01",
        "note": "部门"}, follow_redirects=True).get_data(as_text=True)
    assert "需要指定法官" in page
    client.post("/reversals/points/corrections", data={"entry_id": str(entry.id), "reason": "登记错误"})
    db.session.expire_all()
    assert sum(e.points for e in db.session.scalars(select(PointsEntry))) == 0
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "points.correct")) is not None
    page = client.get("/reversals/points?year=2025").get_data(as_text=True)
    assert "冲正 #" in page


def _post_entry(client, **fields):
    data = {"rule_code": "reversal_confirmed", "occurred_on": "2025-06-01", "note": "手工扣分", **fields}
    return client.post("/reversals/points/entries", data=data, follow_redirects=True).get_data(as_text=True)


def _entries_of(db, judge):
    return db.session.scalars(select(PointsEntry).where(PointsEntry.judge_id == judge.id)).all()


def test_a_manual_entry_names_its_judge_by_username_or_name(client, login, w, db):
    """The judge is typed: the username, or the 姓名 when one active judge has it; a shared name
    lists the namesakes' courts and usernames and posts nothing; an unknown one says so."""
    from models import Role
    from tests.factories import make_user

    login(w["admin"])
    _post_entry(client, judge=f" {w['judge'].display_name} ")
    _post_entry(client, judge=w["other_judge"].username)
    assert len(_entries_of(db, w["judge"])) == 1 and len(_entries_of(db, w["other_judge"])) == 1
    namesake = make_user((Role.JUDGE,), court=w["other"], display_name=w["judge"].display_name)
    make_user((Role.LIAISON,), court=w["other"], display_name="钱某")          # not a judge
    db.session.commit()
    page = _post_entry(client, judge=w["judge"].display_name)
    assert f"有 2 位法官姓名为“{w['judge'].display_name}”" in page
    assert w["judge"].username in page and namesake.username in page and w["other"].name in page
    assert "没有用户名或姓名为“钱某”的在职法官" in _post_entry(client, judge="钱某")
    _post_entry(client, judge=namesake.username)                    # the username picks one of them
    db.session.expire_all()
    assert len(_entries_of(db, w["judge"])) == 1 and len(_entries_of(db, namesake)) == 1


def test_a_manual_entry_takes_one_judge_or_one_division(client, login, w, db):
    login(w["admin"])
    assert "计分对象只能填写一个" in _post_entry(client, judge=w["judge"].username, division_id=str(w["division"].id))
    assert "请填写计分法官或选择计分部门" in _post_entry(client)
    assert db.session.scalars(select(PointsEntry)).all() == []
    _post_entry(client, rule_code="guidance", division_id=str(w["division"].id))
    assert db.session.scalar(select(PointsEntry.division_id)) == w["division"].id


def test_a_correction_names_its_entry_and_needs_a_reason(client, login, w, db):
    """The ledger has one correction form; each row's 冲正 button sends its entry's id."""
    from reviewer.reversals import ledger

    entry = ledger.post(w["admin"], code="reversal_confirmed", on=date(2025, 3, 1), source=None,
                        note="扣分", judge_id=w["judge"].id)
    db.session.commit()
    login(w["admin"])
    page = client.get("/reversals/points?year=2025").get_data(as_text=True)
    assert page.count('form="points-correct"') == 1
    assert f'<button form="points-correct" name="entry_id" value="{entry.id}"' in page
    page = client.post("/reversals/points/corrections", data={"entry_id": str(entry.id), "reason": " "},
                       follow_redirects=True).get_data(as_text=True)
    assert "请填写冲正理由" in page
    assert client.post("/reversals/points/corrections", data={"entry_id": "999999", "reason": "x"}).status_code == 404
    assert "请选择要冲正的记录" in client.post("/reversals/points/corrections", data={"reason": "x"},
                                              follow_redirects=True).get_data(as_text=True)
    assert len(db.session.scalars(select(PointsEntry)).all()) == 1
    client.post("/reversals/points/corrections", data={"entry_id": str(entry.id), "reason": "登记错误"})
    db.session.expire_all()
    assert sum(e.points for e in db.session.scalars(select(PointsEntry))) == 0
    page = client.get("/reversals/points?year=2025").get_data(as_text=True)
    assert page.count('form="points-correct"') == 1      # the counter-entry has no button of its own


def test_points_page_does_not_grow_with_judges_without_entries(client, login, w, db):
    """Judges are typed into the entry form, so a city's hundreds of judges add nothing to the page."""
    from models import Role
    from tests.factories import make_user

    login(w["admin"])
    client.get("/reversals/points?year=2025")     # shows the log-in message
    before = client.get("/reversals/points?year=2025").get_data(as_text=True)
    for n in range(30):
        make_user((Role.JUDGE,), court=w["basic"], division=w["division"])
    db.session.commit()
    after = client.get("/reversals/points?year=2025").get_data(as_text=True)
    assert len(after) == len(before)


def test_division_and_higher_division_must_fit(w):
    with pytest.raises(DomainError, match="承办部门不属于"):
        register.record_case(w["admin"], register.CaseInput(
            "（2025）豫0802民初1号", w["basic"].id, w["other"].divisions[0].id, None, "（2025）豫08民终1号",
            HigherLevel.INTERMEDIATE, None, ReversalResult.REVERSED, date(2025, 1, 1),
            w["reasons"]["other"].id), date(2025, 2, 1))
    with pytest.raises(DomainError, match="发改部门应为中院"):
        register.record_case(w["admin"], register.CaseInput(
            "（2025）豫0802民初1号", w["basic"].id, None, None, "（2025）豫08民终1号",
            HigherLevel.INTERMEDIATE, w["division"].id, ReversalResult.REVERSED, date(2025, 1, 1),
            w["reasons"]["other"].id), date(2025, 2, 1))


def test_reminders_command_is_idempotent(app, w, db):
    record(w, decided_on=date(2025, 10, 8), today=date(2025, 10, 8))
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-self-check-reminders", "--today", "2025-10-25"])
    again = runner.invoke(args=["send-self-check-reminders", "--today", "2025-10-25"])
    assert "逾期提醒 1 条" in first.output and "逾期提醒 0 条" in again.output


def test_a_judgment_uploaded_later_is_linked(w, db):
    from reviewer import signals
    from tests.factories import make_judgment
    case = record(w, n=41)
    judgment = make_judgment(court=w["basic"], case_number=case.case_number)
    signals.judgment_ingested.send(judgment)
    db.session.expire_all()
    assert case.judgment_id == judgment.id


def test_points_page_statements_do_not_grow_with_judges_or_entries(client, login, w, db):
    """The ledger page names judges with their courts and lists every judge in its form, in the
    same statements whether 3 or 30 judges in 3 courts hold entries (no lazy load per row)."""
    from models import Role
    from reviewer.reversals import ledger
    from tests.conftest import count_queries
    from tests.factories import make_user

    def post_for(judge, n):
        ledger.post(w["admin"], code="reversal_confirmed", on=date(2025, 3, 1 + n % 27), source=None,
                    note=f"扣分{n}", judge_id=judge.id)
        ledger.post(w["admin"], code="guidance", on=date(2025, 4, 1 + n % 27), source=None,
                    note=f"指引{n}", division_id=judge.division_id)

    for n, judge in enumerate((w["judge"], w["other_judge"], w["city_head"])):
        post_for(judge, n)
    db.session.commit()
    login(w["admin"])
    client.get("/reversals/points?year=2025")
    with count_queries() as few:
        page = client.get("/reversals/points?year=2025").get_data(as_text=True)
    assert w["judge"].display_name in page and w["basic"].name in page
    for n in range(27):
        court = (w["basic"], w["city"], w["other"])[n % 3]
        post_for(make_user((Role.JUDGE,), court=court, division=court.divisions[0]), n)
    db.session.commit()
    with count_queries() as more:
        page = client.get("/reversals/points?year=2025").get_data(as_text=True)
    assert more[0] == few[0]
    assert f'<option value="judge:' not in page and 'name="judge"' in page   # judges are typed, not listed


def test_flags_page_statements_do_not_grow_with_flagged_judges_or_cases(client, login, w, db):
    """The ≥ 3 list reads the year's cases as columns and loads only the flagged judges' cases,
    the judges with their courts and their talks: the same statements for one flagged judge with
    one case as for three judges in two courts with several cases each."""
    from tests.conftest import count_queries

    def flag(judge, first, cases):
        for n in range(first, first + cases):
            record(w, n=n, judge=judge, decided_on=date(2025, 3, n % 27 + 1)).major_impact = True
        db.session.commit()

    flag(w["judge"], 1, 1)
    login(w["admin"])
    client.get("/reversals/flags?year=2025")
    with count_queries() as few:
        page = client.get("/reversals/flags?year=2025").get_data(as_text=True)
    assert w["judge"].display_name in page and "（2025）豫0802民初1号" in page
    flag(w["other_judge"], 10, 3)
    flag(w["head"], 20, 2)
    w["head"].court_id = w["other"].id          # moved since: the list names the judge's court now
    db.session.commit()
    with count_queries() as more:
        page = client.get("/reversals/flags?year=2025").get_data(as_text=True)
    assert more[0] == few[0]
    assert w["head"].display_name in page and w["other"].name in page and "（2025）豫0802民初21号" in page


def test_leaders_page_lists_the_cases_newest_first_page_by_page(client, login, w, db, monkeypatch):
    """The remanded and retried cases come 50 at a time (keyset on the decision date and id), in the
    same statements on every page; the leaders' counts cover every case."""
    import re

    from reviewer.reversals import notice_views
    from tests.conftest import count_queries

    monkeypatch.setattr(notice_views, "LEADER_PAGE", 2)
    cases = [record(w, n=n, decided_on=date(2025, 3, day)) for n, day in ((1, 9), (2, 3), (3, 9))]
    record(w, n=4, decided_on=date(2025, 3, 20), result=ReversalResult.REVERSED)    # not proposed to leaders
    for case in cases:
        case.leader_id = w["head"].id
    db.session.commit()
    login(w["admin"])
    client.get("/reversals/leaders")
    with count_queries() as first_count:
        first = client.get("/reversals/leaders").get_data(as_text=True)
    numbers = lambda page: re.findall(r"（2025）豫0802民初(\d+)号", page)
    assert numbers(first) == ["3", "1"] and "共 3 条" in first
    assert f"<td>{w['head'].display_name}</td><td class=\"text-end\">3</td>" in first
    after = re.search(r'after=([^"&]+)', first).group(1)
    with count_queries() as second_count:
        second = client.get(f"/reversals/leaders?after={after}").get_data(as_text=True)
    assert numbers(second) == ["2"] and "下一页" not in second and "上一页" in second
    assert second_count[0] == first_count[0]


def test_meeting_board_statements_do_not_grow_with_courts(client, login, w, db):
    """The board names each division's court from the divisions' own query (a lazy load per court
    made it 17 statements for the city's 11 courts)."""
    from tests.conftest import count_queries
    from tests.factories import make_court

    login(w["admin"])
    client.get("/reversals/meetings")
    with count_queries() as few:
        client.get("/reversals/meetings")
    for code in ("豫0803", "豫0811", "豫0821"):
        make_court(code, divisions=("民一庭", "刑事审判庭"))
    db.session.commit()
    with count_queries() as more:
        page = client.get("/reversals/meetings").get_data(as_text=True)
    assert more[0] == few[0] and "刑事审判庭" in page
