"""Assignment, reviewing and combining, through the services and the pages, for every role."""
import re
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from models import (Assignment, AuditLog, Evaluation, Grade, JudgmentStatus, Review, ReviewItemScore,
                    ReviewStatus, Role)
from reviewer import clock
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reviews import assigning, evaluations, services
from tests.conftest import count_queries
from tests.factories import make_judgment, make_user
from tests.review_helpers import item, make_city, submit_review


def _evaluation():
    return db.session.scalar(select(Evaluation))


# --- assignment and recusal --------------------------------------------------------------------

def test_reviewer_cannot_be_assigned_a_judgment_of_their_own_court(app):
    city = make_city()
    with pytest.raises(DomainError, match="本院"):
        assigning.assign("judgment", city.judgment.id, city.r_home, city.admin)


def test_reviewer_cannot_be_assigned_their_own_judgment(app):
    city = make_city()
    own = make_judgment(court=city.home, judge=city.r1)   # r1 sits in another court now
    with pytest.raises(DomainError, match="本人承办"):
        assigning.assign("judgment", own.id, city.r1, city.admin)


def test_only_reviewers_and_only_once(app):
    city = make_city()
    with pytest.raises(DomainError, match="不是评查员"):
        assigning.assign("judgment", city.judgment.id, city.liaison, city.admin)
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    with pytest.raises(DomainError, match="已分配"):
        assigning.assign("judgment", city.judgment.id, city.r1, city.admin)


def test_unsubmitted_judgments_cannot_be_assigned(app):
    city = make_city()
    draft = make_judgment(court=city.home, status=JudgmentStatus.DRAFT)
    with pytest.raises(DomainError, match="尚未提交"):
        assigning.assign("judgment", draft.id, city.r1, city.admin)


def test_assignment_marks_the_judgment_in_review_and_is_audited(app):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    assert city.judgment.status == JudgmentStatus.IN_REVIEW
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "review.assign")).actor_id == city.admin.id


def test_auto_assignment_gives_two_reviewers_from_other_courts_and_balances_load(app):
    city = make_city()
    extra = [make_judgment(court=city.home, month="2021-04") for _ in range(3)]
    plan = assigning.auto_assign("judgment", assigning.month_subjects("judgment", "2021-04"), city.admin)
    assert not plan.problems
    rows = db.session.scalars(select(Assignment)).all()
    assert len(rows) == 2 * (1 + len(extra))
    assert city.r_home.id not in {a.reviewer_id for a in rows}
    loads = assigning.open_loads()
    assert sorted(loads.values()) == [2, 3, 3]


def test_auto_assignment_explains_what_it_cannot_staff(app):
    city = make_city()
    for reviewer in (city.r2, city.r3):
        reviewer.active = False
    plan = assigning.auto_assign("judgment", [city.judgment], city.admin)
    assert len(plan.pairs) == 1
    assert "符合回避规则的只有 1 名" in plan.problems[0][1]


def test_a_submitted_sheet_cannot_be_unassigned_but_a_draft_can(app):
    city = make_city()
    submit_review(city, city.r1, {})
    a1 = db.session.scalar(select(Assignment).where(Assignment.reviewer_id == city.r1.id))
    with pytest.raises(DomainError, match="已提交"):
        assigning.unassign(a1, city.admin)
    a2 = assigning.assign("judgment", city.judgment.id, city.r2, city.admin)
    services.start_review(a2, city.r2)
    assigning.unassign(a2, city.admin)
    assert db.session.scalar(select(func.count(Review.id))) == 1


# --- reviewing ---------------------------------------------------------------------------------

def test_draft_submit_lock_reopen_resubmit(app):
    city = make_city()
    assignment = assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    review = services.start_review(assignment, city.r1)
    assert review.sheet.frozen and review.status == ReviewStatus.DRAFT
    law = item(review.sheet, "reasoning.law")
    draft = services.ReviewInput(entries={law.id: services.ItemEntry(deduction="4")})
    services.save_review(review, draft, city.r1)            # a draft may wait for its reason
    assert review.total_deduction == D("4")
    with pytest.raises(services.ReviewInvalid) as error:
        services.save_review(review, draft, city.r1, submit=True)
    assert "必须填写扣分理由" in error.value.item_errors[law.id]
    ok = services.ReviewInput(entries={law.id: services.ItemEntry(deduction="4", reason="未回应被告抗辩")},
                              proposed_grade=Grade.PASS)
    services.save_review(review, ok, city.r1, submit=True)
    assert review.locked and review.submitted_at is not None
    with pytest.raises(DomainError, match="已提交并锁定"):
        services.save_review(review, ok, city.r1)
    with pytest.raises(DomainError, match="必须填写理由"):
        services.reopen_review(review, " ", city.admin)
    services.reopen_review(review, "理由过于简略，请补充", city.admin)
    assert review.status == ReviewStatus.REOPENED and review.reopen_reason == "理由过于简略，请补充"
    services.save_review(review, ok, city.r1, submit=True)
    assert review.locked
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"review.start", "review.save_draft", "review.submit", "review.reopen"} <= actions


def test_deduction_above_the_points_is_refused(app):
    city = make_city()
    review = services.start_review(assigning.assign("judgment", city.judgment.id, city.r1, city.admin), city.r1)
    focus = item(review.sheet, "reasoning.focus")
    with pytest.raises(services.ReviewInvalid) as error:
        services.save_review(review, services.ReviewInput(
            entries={focus.id: services.ItemEntry(deduction="9", reason="x")}), city.r1)
    assert "超过了该项分值 8" in error.value.item_errors[focus.id]
    assert review.item_scores == []


def test_per_occurrence_items_count_occurrences_with_a_cap(app):
    city = make_city()
    review = submit_review(city, city.r1, {"language.typos": (7, "七处错别字")})
    typos = item(review.sheet, "language.typos")
    row = review.score_for(typos.id)
    assert row.occurrences == 7 and row.deduction == D("4")


def test_a_stale_concurrent_save_is_refused(app):
    city = make_city()
    review = services.start_review(assigning.assign("judgment", city.judgment.id, city.r1, city.admin), city.r1)
    opened = review.lock_version
    services.save_review(review, services.ReviewInput(overall_comment="窗口一"), city.r1, lock_version=opened)
    with pytest.raises(DomainError, match="已在其他窗口保存过"):
        services.save_review(review, services.ReviewInput(overall_comment="窗口二"), city.r1, lock_version=opened)
    assert review.overall_comment == "窗口一"


def test_remarks_are_anchored_to_existing_paragraphs(app):
    city = make_city()
    review = services.start_review(assigning.assign("judgment", city.judgment.id, city.r1, city.admin), city.r1)
    count = len(city.judgment.paragraphs)
    with pytest.raises(services.ReviewInvalid) as error:
        services.save_review(review, services.ReviewInput(
            remarks=[services.RemarkEntry("好", paragraph_index=1), services.RemarkEntry("越界", paragraph_index=count)]),
            city.r1)
    assert error.value.remark_errors == {1: f"段落编号超出范围（共 {count} 段）。"}
    services.save_review(review, services.ReviewInput(
        remarks=[services.RemarkEntry("当事人信息不全", paragraph_index=3,
                                      item_id=item(review.sheet, "format.elements").id)]), city.r1)
    assert review.remarks[0].paragraph_index == 3


def test_set_item_deduction_turns_a_finding_into_a_draft_deduction(app):
    city = make_city()
    review = services.start_review(assigning.assign("judgment", city.judgment.id, city.r1, city.admin), city.r1)
    row = services.set_item_deduction(review, "language.punctuation", 2, "第5段使用半角逗号", city.r1)
    assert row.deduction == D("2") and row.occurrences == 2 and row.source == "precheck"
    with pytest.raises(DomainError, match="超过"):
        services.set_item_deduction(review, "format.case_number", 3, "案号错误", city.r1)
    with pytest.raises(DomainError, match="扣分理由"):
        services.set_item_deduction(review, "format.case_number", 1, "", city.r1)
    with pytest.raises(DomainError, match="没有评查项"):
        services.set_item_deduction(review, "no.such", 1, "x", city.r1)
    services.save_review(review, services.ReviewInput(
        entries={row.item_id: services.ItemEntry(occurrences="2", reason="第5段使用半角逗号")},
        proposed_grade=Grade.PASS), city.r1, submit=True)
    with pytest.raises(DomainError, match="锁定"):
        services.set_item_deduction(review, "language.typos", 1, "错字", city.r1)


# --- combining and confirming ------------------------------------------------------------------

def test_combining_waits_for_every_assigned_sheet(app):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r2, city.admin)
    submit_review(city, city.r1, {"reasoning.law": (4, "说理不足")})
    assert _evaluation() is None
    result = evaluations.compute("judgment", city.judgment.id)
    assert not result.combination.combinable and "只收到 1 份" in result.combination.problem
    submit_review(city, city.r2, {"reasoning.law": (2, "说理略欠"), "facts.claims": (2, "归纳不全")})
    evaluation = _evaluation()
    assert evaluation.computed_score == D("96") and evaluation.computed_grade == Grade.EXCELLENT
    assert evaluation.review_count == 2 and not evaluation.spread_flag


def test_a_veto_forces_fail_and_a_large_spread_is_flagged(app):
    city = make_city()
    submit_review(city, city.r1, {}, veto=["veto.ruling_error"], grade=Grade.FAIL)
    submit_review(city, city.r2, {"reasoning.law": (10, "几乎没有说理"), "reasoning.focus": (2, "焦点不清")})
    evaluation = _evaluation()
    assert evaluation.computed_score == D("94") and evaluation.vetoed
    assert evaluation.computed_grade == Grade.FAIL
    assert evaluation.spread == D("12") and evaluation.spread_flag


def test_override_needs_a_reason_and_reopening_withdraws_the_confirmation(app):
    city = make_city()
    submit_review(city, city.r1, {"reasoning.law": (4, "说理不足")})
    evaluation = _evaluation()
    with pytest.raises(DomainError, match="必须填写调整理由"):
        evaluations.confirm_grade(evaluation, Grade.PASS, "", city.admin)
    evaluations.confirm_grade(evaluation, Grade.PASS, "说理问题较重，经合议降为合格", city.admin)
    assert evaluation.final_grade == Grade.PASS and evaluation.confirmed_by_id == city.admin.id
    assert city.judgment.status == JudgmentStatus.EVALUATED
    review = db.session.scalar(select(Review))
    services.reopen_review(review, "请复核", city.admin)
    assert evaluation.final_grade is None and evaluation.computed_score is None
    assert city.judgment.status == JudgmentStatus.IN_REVIEW


def test_a_locked_evaluation_freezes_everything_behind_it(app):
    city = make_city()
    review = submit_review(city, city.r1, {})
    evaluation = _evaluation()
    evaluations.confirm_grade(evaluation, Grade.EXCELLENT, None, city.admin)
    evaluation.locked = True
    with pytest.raises(DomainError, match="已公布"):
        services.reopen_review(review, "想改", city.admin)
    with pytest.raises(DomainError, match="已公布"):
        evaluations.confirm_grade(evaluation, Grade.PASS, "改", city.admin)
    with pytest.raises(DomainError, match="已公布"):
        assigning.assign("judgment", city.judgment.id, city.r2, city.admin)


def test_each_review_keeps_the_sheet_version_it_used(app):
    from reviewer.scoresheets import services as sheets

    city = make_city()
    submit_review(city, city.r1, {})
    data = sheets.data_of(city.sheet)
    data.name = "裁判文书评查表（修订）"
    new = sheets.save_sheet(city.sheet, data, city.sheet.lock_version, city.admin)
    second = submit_review(city, city.r2, {})     # same subject: same version as its first sheet
    assert second.sheet_id == city.sheet.id
    other = make_judgment(court=city.home)
    a = assigning.assign("judgment", other.id, city.r1, city.admin)
    assert services.start_review(a, city.r1).sheet_id == new.id


# --- pages and permissions ---------------------------------------------------------------------

def _review_form(sheet, **values):
    data = {"lock_version": "", "overall_comment": "", "proposed_grade": ""}
    data.update(values)
    return data


def test_reviewer_scores_through_the_review_screen(app, client, login):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    login(city.r1)
    url = f"/reviews/judgment/{city.judgment.id}/review"
    page = client.get(url).get_data(as_text=True)
    assert 'id="p-0"' in page and "格式与要素" in page and "暂存" in page
    law = item(city.sheet, "reasoning.law")
    typos = item(city.sheet, "language.typos")
    response = client.post(url, data=_review_form(city.sheet, **{
        f"d_{law.id}": "3", f"r_{law.id}": "未回应诉辩意见", f"n_{typos.id}": "2", f"r_{typos.id}": "两处错字",
        "remarks-0-text": "此段当事人信息不全", "remarks-0-paragraph_index": "3", "save": "暂存"}))
    assert response.status_code == 302
    review = db.session.scalar(select(Review))
    assert review.total_deduction == D("5") and review.remarks[0].paragraph_index == 3
    page = client.get(url).get_data(as_text=True)
    assert "未回应诉辩意见" in page and "第 4 段" in page
    response = client.post(url, data=_review_form(city.sheet, **{
        "lock_version": str(review.lock_version), f"d_{law.id}": "3", f"r_{law.id}": "未回应诉辩意见",
        "proposed_grade": "excellent", "submit": "提交"}))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Review, review.id).status == ReviewStatus.SUBMITTED
    assert client.get(url).status_code == 302          # locked: sent to the read-only page


def test_nothing_typed_is_lost_on_a_validation_error(app, client, login):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    login(city.r1)
    law = item(city.sheet, "reasoning.law")
    focus = item(city.sheet, "reasoning.focus")
    response = client.post(f"/reviews/judgment/{city.judgment.id}/review", data=_review_form(city.sheet, **{
        f"d_{law.id}": "3", f"d_{focus.id}": "20", f"r_{focus.id}": "焦点错误",
        "overall_comment": "我写了很长的总体评价", "remarks-0-text": "段落批注草稿", "remarks-0-paragraph_index": "2",
        "proposed_grade": "pass", "submit": "提交"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "必须填写扣分理由" in page and "超过了该项分值 8" in page
    assert "我写了很长的总体评价" in page and "段落批注草稿" in page and 'value="20"' in page
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_reviewer_cannot_open_a_judgment_not_assigned_or_of_their_own_court(app, client, login):
    city = make_city()
    login(city.r_home)
    assert client.get(f"/reviews/judgment/{city.judgment.id}/review").status_code == 403
    login(city.r1)
    assert client.get(f"/reviews/judgment/{city.judgment.id}/review").status_code == 403


def test_reviewer_cannot_see_another_reviewers_unsubmitted_sheet(app, client, login):
    city = make_city()
    draft = services.start_review(assigning.assign("judgment", city.judgment.id, city.r2, city.admin), city.r2)
    mine = submit_review(city, city.r1, {})
    login(city.r1)
    assert client.get(f"/reviews/{draft.id}").status_code == 403
    assert client.get(f"/reviews/{mine.id}").status_code == 200
    assert client.get(f"/reviews/judgment/{city.judgment.id}/compare").status_code == 403


@pytest.mark.parametrize("role", [Role.LIAISON, Role.JUDGE])
def test_liaison_and_judge_cannot_reach_review_pages(app, client, login, role):
    city = make_city()
    review = submit_review(city, city.r1, {})
    login(make_user(roles=(role,), court=city.home))
    j = city.judgment.id
    for url in ("/reviews/", "/reviews/assign", f"/reviews/assign/judgment/{j}", f"/reviews/judgment/{j}/review",
                f"/reviews/{review.id}", f"/reviews/judgment/{j}/compare"):
        assert client.get(url).status_code == 403, url
    for url in (f"/reviews/assign/judgment/{j}", "/reviews/assign/auto", f"/reviews/{review.id}/reopen",
                f"/reviews/judgment/{j}/confirm", f"/reviews/assignments/{review.assignment_id}/delete",
                f"/reviews/judgment/{j}/review"):
        assert client.post(url, data={"reason": "x", "reviewer_id": city.r2.id}).status_code == 403, url


def test_reviewer_cannot_use_office_routes(app, client, login):
    city = make_city()
    review = submit_review(city, city.r1, {})
    login(city.r1)
    j = city.judgment.id
    assert client.get("/reviews/assign").status_code == 403
    assert client.get(f"/reviews/assign/judgment/{j}").status_code == 403
    assert client.post(f"/reviews/{review.id}/reopen", data={"reason": "x"}).status_code == 403
    assert client.post(f"/reviews/judgment/{j}/confirm", data={"grade": "excellent"}).status_code == 403
    assert client.post(f"/reviews/assign/judgment/{j}", data={"reviewer_id": city.r2.id}).status_code == 403
    assert client.post("/reviews/assign/auto", data={"per_subject": "2"}).status_code == 403
    assert client.post(f"/reviews/assignments/{review.assignment_id}/delete").status_code == 403
    assert client.get(f"/reviews/judgment/{j}/compare").status_code == 403


def test_admin_assigns_by_hand_and_recusal_holds_there_too(app, client, login):
    city = make_city()
    login(city.admin)
    page = client.get("/reviews/assign?month=2021-04").get_data(as_text=True)
    assert city.judgment.case_number in page
    offered = re.search(rf'href="/reviews/assign/judgment/{city.judgment.id}" data-choices="([\d ]*)"', page)
    assert str(city.r_home.id) not in offered.group(1).split()      # not offered in the row's list
    one = client.get(f"/reviews/assign/judgment/{city.judgment.id}").get_data(as_text=True)
    assert "评查员甲" in one and "本院评查员" not in one               # nor on the page without script
    response = client.post(f"/reviews/assign/judgment/{city.judgment.id}",
                           data={"reviewer_id": city.r_home.id}, follow_redirects=True)
    assert "回避" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Assignment.id))) == 0
    client.post(f"/reviews/assign/judgment/{city.judgment.id}", data={"reviewer_id": city.r1.id,
                                                                       "due_date": "2021-05-15"})
    assert db.session.scalar(select(Assignment)).due_date.isoformat() == "2021-05-15"


def test_admin_auto_assigns_a_month(app, client, login):
    city = make_city()
    login(city.admin)
    response = client.post("/reviews/assign/auto?kind=judgment&month=2021-04",
                           data={"per_subject": "2", "due_date": "2021-05-20"}, follow_redirects=True)
    assert "新增 2 项分配" in response.get_data(as_text=True)


def test_admin_compares_reopens_and_confirms_through_the_pages(app, client, login):
    city = make_city()
    first = submit_review(city, city.r1, {"reasoning.law": (10, "完全没有说理")})
    submit_review(city, city.r2, {})
    login(city.admin)
    url = f"/reviews/judgment/{city.judgment.id}/compare"
    page = client.get(url).get_data(as_text=True)
    assert "完全没有说理" in page and "请复核" in page and "95" in page
    response = client.post(f"/reviews/judgment/{city.judgment.id}/confirm",
                           data={"grade": "pass", "reason": ""})
    page = response.get_data(as_text=True)
    assert "必须填写调整理由" in page
    client.post(f"/reviews/judgment/{city.judgment.id}/confirm", data={"grade": "excellent"})
    assert _evaluation().final_grade == Grade.EXCELLENT
    client.post(f"/reviews/{first.id}/reopen", data={"reason": "分差过大，请复核说理扣分"})
    db.session.expire_all()
    assert db.session.get(Review, first.id).status == ReviewStatus.REOPENED
    assert _evaluation().final_grade is None


def test_queue_shows_due_dates_and_overdue(app, client, login):
    from datetime import timedelta

    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin, due_date=clock.today() - timedelta(days=1))
    login(city.r1)
    page = client.get("/reviews/").get_data(as_text=True)
    assert city.judgment.case_number in page and "已逾期" in page and "table-danger" in page


# --- query counts ---------------------------------------------------------------------------------

def _queries(client, url):
    with count_queries() as n:
        assert client.get(url).status_code == 200
    return n[0]


def test_queue_page_query_count_does_not_grow_with_rows(app, client, login):
    city = make_city()
    login(city.r1)
    judgments = [make_judgment(court=city.home) for _ in range(8)]
    for j in judgments[:2]:
        assigning.assign("judgment", j.id, city.r1, city.admin)
    db.session.commit()
    few = _queries(client, "/reviews/")
    for j in judgments[2:]:
        services.start_review(assigning.assign("judgment", j.id, city.r1, city.admin), city.r1)
    db.session.commit()
    assert _queries(client, "/reviews/") == few


def test_board_and_compare_query_counts_do_not_grow_with_rows(app, client, login):
    city = make_city()
    login(city.admin)
    submit_review(city, city.r1, {"reasoning.law": (1, "a")})
    db.session.commit()
    board_few = _queries(client, "/reviews/assign?month=2021-04")
    compare_few = _queries(client, f"/reviews/judgment/{city.judgment.id}/compare")
    for _ in range(5):
        j = make_judgment(court=city.home, month="2021-04")
        assigning.assign("judgment", j.id, city.r2, city.admin)
    submit_review(city, city.r2, {"reasoning.law": (2, "b")}, remarks=[services.RemarkEntry("c", paragraph_index=1)])
    submit_review(city, city.r3, {"facts.claims": (1, "d")})
    db.session.commit()
    assert _queries(client, "/reviews/assign?month=2021-04") == board_few
    assert _queries(client, f"/reviews/judgment/{city.judgment.id}/compare") == compare_few
    # the board's reads are column selects and one progress statement; the compare page joins the
    # sheets' reviewers, courts and assignments and the sheet's sections (issue 19: 23 and 20 before)
    assert board_few <= 14 and compare_few <= 15


def test_two_windows_opened_before_the_first_save_cannot_overwrite_each_other(app, client, login):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    login(city.r1)
    url = f"/reviews/judgment/{city.judgment.id}/review"
    assert client.post(url, data=_review_form(city.sheet, overall_comment="窗口一", save="暂存")).status_code == 302
    response = client.post(url, data=_review_form(city.sheet, overall_comment="窗口二", save="暂存"))
    page = response.get_data(as_text=True)
    assert "已在其他窗口保存过" in page and "窗口二" in page
    db.session.expire_all()
    assert db.session.scalar(select(Review)).overall_comment == "窗口一"


def test_a_reviewer_who_moved_to_the_judgments_court_loses_access(app, client, login):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    city.r1.court = city.home
    db.session.commit()
    login(city.r1)
    assert client.get(f"/reviews/judgment/{city.judgment.id}/review").status_code == 403


def test_a_new_assignment_notifies_the_reviewer(app):
    from models.notification import Notification, NotificationKind

    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    note = db.session.scalar(select(Notification).where(Notification.user_id == city.r1.id))
    assert note.kind == NotificationKind.ASSIGNMENT and city.judgment.case_number in note.text
    assert note.url == f"/reviews/judgment/{city.judgment.id}/review"


def test_a_published_result_cannot_be_changed_through_any_route(app, client, login):
    """Every page that writes reviews, assignments or the grade refuses a locked (published) subject."""
    city = make_city()
    first = submit_review(city, city.r1, {"reasoning.law": (4, "说理不足")})
    submit_review(city, city.r2, {})
    evaluation = _evaluation()
    evaluations.confirm_grade(evaluation, Grade.EXCELLENT, None, city.admin)
    evaluation.locked = True
    db.session.commit()
    j = city.judgment.id
    before = (evaluation.computed_score, evaluation.final_grade)
    login(city.admin)
    refusals = [
        client.post(f"/reviews/{first.id}/reopen", data={"reason": "想改分"}, follow_redirects=True),
        client.post(f"/reviews/judgment/{j}/confirm", data={"grade": "pass", "reason": "降为合格"},
                    follow_redirects=True),
        client.post(f"/reviews/assign/judgment/{j}", data={"reviewer_id": city.r3.id}, follow_redirects=True),
        client.post(f"/reviews/assignments/{first.assignment_id}/delete", follow_redirects=True),
    ]
    for response in refusals:
        assert response.status_code == 200 and "公布并锁定" in response.get_data(as_text=True)
    client.post("/reviews/assign/auto?kind=judgment&month=2021-04", data={"per_subject": "3"})
    login(city.r1)
    law = item(city.sheet, "reasoning.law")
    client.post(f"/reviews/judgment/{j}/review", data=_review_form(
        city.sheet, **{f"d_{law.id}": "0", "save": "暂存"}))
    db.session.expire_all()
    evaluation = _evaluation()
    assert (evaluation.computed_score, evaluation.final_grade) == before and evaluation.locked
    assert db.session.scalar(select(func.count(Assignment.id))) == 2
    assert [r.status for r in db.session.scalars(select(Review))] == [ReviewStatus.SUBMITTED] * 2
    assert db.session.get(ReviewItemScore, next(s.id for s in first.item_scores if s.deduction)).deduction == D("4")


def test_form_level_errors_are_shown_in_chinese_at_their_field(app, client, login):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    login(city.r1)
    law = item(city.sheet, "reasoning.law")
    response = client.post(f"/reviews/judgment/{city.judgment.id}/review", data=_review_form(city.sheet, **{
        f"d_{law.id}": "3", f"r_{law.id}": "长" * 2001, "overall_comment": "评" * 5001,
        "remarks-0-text": "批注保留", "remarks-0-paragraph_index": "第三段", "save": "暂存"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Field" not in page and "Not a valid" not in page
    assert "扣分理由不能超过 2000 字" in page and "总体评价不能超过 5000 字" in page
    assert "段落编号必须是整数" in page and "批注保留" in page
    assert 'id="item-%d"' % law.id in page and "border-danger" in page
    assert db.session.scalar(select(Review)) is None


def test_an_invalid_confirmation_says_why_and_keeps_the_reason_typed(app, client, login):
    city = make_city()
    submit_review(city, city.r1, {})
    login(city.admin)
    response = client.post(f"/reviews/judgment/{city.judgment.id}/confirm",
                           data={"grade": "pass", "reason": "理" * 2001})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "调整理由不能超过 2000 字" in page and "理" * 2001 in page
    assert _evaluation().final_grade is None


def test_the_reviewer_is_told_when_their_sheet_is_sent_back(app):
    from models.notification import Notification

    city = make_city()
    review = submit_review(city, city.r1, {})
    services.reopen_review(review, "请补充说理部分的扣分理由", city.admin)
    notes = db.session.scalars(select(Notification).where(Notification.user_id == city.r1.id)
                               .order_by(Notification.id)).all()
    assert "请补充说理部分的扣分理由" in notes[-1].text and city.judgment.case_number in notes[-1].text
    assert notes[-1].url == f"/reviews/judgment/{city.judgment.id}/review"


# --- the panel leader (组长) ------------------------------------------------------------------------

def _lead(city, leader):
    assignment = assigning.assign("judgment", city.judgment.id, leader, city.admin)
    assignment.is_leader = True
    db.session.flush()
    return assignment


def test_the_panel_leader_compares_and_confirms_once_their_own_sheet_is_in(app, client, login):
    city = make_city()
    _lead(city, city.r1)
    other = submit_review(city, city.r2, {"reasoning.law": (3, "说理略简")})
    db.session.commit()
    login(city.r1)
    url = f"/reviews/judgment/{city.judgment.id}/compare"
    assert client.get(url).status_code == 403  # not before forming their own view
    assert client.get(f"/reviews/{other.id}").status_code == 403
    submit_review(city, city.r1, {})
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "说理略简" in page and "返回我的评查任务" in page and "返回分配与汇总" not in page
    assert client.get(f"/reviews/{other.id}").status_code == 200
    client.post(f"/reviews/judgment/{city.judgment.id}/confirm", data={"grade": "excellent"})
    evaluation = _evaluation()
    assert evaluation.final_grade == Grade.EXCELLENT and evaluation.confirmed_by_id == city.r1.id


def test_a_reviewer_who_does_not_lead_never_sees_the_others(app, client, login):
    city = make_city()
    mine = submit_review(city, city.r1, {})
    theirs = submit_review(city, city.r2, {"reasoning.law": (3, "说理略简")})
    db.session.commit()
    login(city.r1)
    assert client.get(f"/reviews/judgment/{city.judgment.id}/compare").status_code == 403
    assert client.post(f"/reviews/judgment/{city.judgment.id}/confirm", data={"grade": "pass"}).status_code == 403
    assert client.get(f"/reviews/{mine.id}").status_code == 200
    assert client.get(f"/reviews/{theirs.id}").status_code == 403
    assert _evaluation().final_grade is None


def test_the_leader_never_sees_another_reviewers_draft(app, client, login):
    city = make_city()
    _lead(city, city.r1)
    submit_review(city, city.r1, {})
    draft = services.start_review(assigning.assign("judgment", city.judgment.id, city.r2, city.admin), city.r2)
    db.session.commit()
    login(city.r1)
    assert client.get(f"/reviews/{draft.id}").status_code == 403


def test_the_leader_is_asked_to_confirm_once_all_sheets_are_in(app):
    from models.notification import Notification

    city = make_city()
    _lead(city, city.r1)
    assigning.assign("judgment", city.judgment.id, city.r2, city.admin)
    submit_review(city, city.r1, {})  # one sheet of two: nothing to confirm yet
    assert db.session.scalars(select(Notification).where(
        Notification.user_id == city.r1.id, Notification.text.contains("确认等级"))).all() == []
    submit_review(city, city.r2, {})  # the last sheet: the evaluation is computed
    asked = db.session.scalars(select(Notification).where(
        Notification.user_id == city.r1.id, Notification.text.contains("确认等级"))).all()
    assert len(asked) == 1 and asked[0].url == f"/reviews/judgment/{city.judgment.id}/compare"
