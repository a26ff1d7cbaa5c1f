"""In a real browser, the office's month: 全部报送 after an upload, confirming the unflagged grades
in one step, an objection upheld and followed to its end, the veto verdict of the live total."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import Evaluation, Judgment, JudgmentStatus, Review, ReviewStatus, Role, utcnow
from models.objection import Objection
from models.ranking import RankingEntry
from reviewer.rankings import publication, services as rankings
from reviewer.reviews import assigning
from reviewer.reviews.evaluations import refresh_evaluation
from tests.browser import browser_page, live_server, log_in
from tests.docx_builders import docx_bytes
from tests.evaluation_factories import evaluate, month_of
from tests.factories import make_court, make_judgment, make_user
from tests.review_helpers import item, make_city

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(court, number):
    return docx_bytes([court.full_name, "民事判决书", f"（2021）{court.code}民初{number}号",
                       "原告：张三，男，汉族。", "被告：李四，男，汉族。",
                       "原告张三与被告李四民间借贷纠纷一案，本院依法适用简易程序公开开庭进行了审理。",
                       "本院认为，借贷关系合法有效。", "判决如下：", "被告李四偿还原告张三借款10000元。",
                       "审判员　王五", "二〇二一年四月一日", "书记员　赵六"])


def test_a_liaison_uploads_and_submits_all_at_once(app, db, tmp_path):
    court = make_court("豫0802")
    liaison = make_user(roles=[Role.LIAISON], court=court, username="liaison-b")
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, liaison.username)
        page.goto(f"{base_url}/judgments/upload")
        page.fill("input[name=month]", "2021-04")
        page.set_input_files("input[name=files]", [
            {"name": f"判决书{n}.docx", "mimeType": DOCX, "buffer": _docx(court, n)} for n in (31, 32)])
        page.click("input[type=submit]")
        expect(page.locator("#batch-submit input[name=judgment_ids]:checked")).to_have_count(2)
        page.get_by_role("button", name="全部报送（已勾选的文书）").click()
        expect(page.locator("#batch-report tr[data-ok=yes]")).to_have_count(2)
        expect(page.get_by_text("已全部报送（2 份），等待评查。")).to_be_visible()
    db.session.expire_all()
    assert {j.status for j in db.session.scalars(select(Judgment))} == {JudgmentStatus.SUBMITTED}


def test_the_office_confirms_the_unflagged_grades_in_one_step(app, db, tmp_path):
    court = make_court("豫0802")
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"), username="office-b")
    plain = [evaluate(make_judgment(court=court, status=JudgmentStatus.IN_REVIEW), 90) for _ in range(2)]
    flagged = evaluate(make_judgment(court=court, status=JudgmentStatus.IN_REVIEW), 85)
    flagged.spread_flag = True
    for evaluation in plain + [flagged]:
        evaluation.final_grade, evaluation.confirmed_at = None, None
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, admin.username)
        page.goto(f"{base_url}/reviews/assign?kind=judgment&month=2021-04")
        expect(page.locator("#month-progress [data-kind=judgment] [data-count=to_confirm]")).to_have_text("3")
        page.get_by_role("link", name="一次确认无分差、无否决的等级…").click()
        expect(page.locator("#batch-confirm input[name=evaluation_ids]")).to_have_count(2)
        page.get_by_role("button", name="确认已勾选的 2 件（按汇总等级）").click()
        expect(page.locator("#batch-report tr[data-ok=yes]")).to_have_count(2)
        page.get_by_role("link", name="返回分配与汇总").click()
        expect(page.locator("#month-progress [data-kind=judgment] [data-count=to_confirm]")).to_have_text("1")
    db.session.expire_all()
    assert [db.session.get(Evaluation, e.id).final_grade is not None for e in plain + [flagged]] == [True, True, False]


def test_an_objection_is_upheld_and_followed_to_its_end(app, db, tmp_path):
    court = make_court("豫0802")
    judge = make_user(roles=[Role.JUDGE], court=court, username="judge-b")
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"), username="office-c")
    rows = month_of([(95, "优秀"), (97, "优秀"), (91, "优秀"), (65, "瑕疵"), (62, "瑕疵"), (60, "瑕疵")],
                    court=court, judge=judge)
    ranking = rankings.create_draft("2021-04", admin)
    for entry in ranking.entries:
        entry.reason = entry.reason or "理由"
    publication.publish(ranking, admin, ranking.lock_version)
    judgment, evaluation = rows[0]
    objection = Objection(judgment_id=judgment.id, evaluation_id=evaluation.id, raised_by_id=judge.id,
                          text="第五段已归纳争议焦点。")
    db.session.add(objection)
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, admin.username)
        page.goto(f"{base_url}/objections/{objection.id}")
        page.get_by_label("异议成立").check()
        page.fill("textarea[name=answer]", "经复核，扣分有误。")
        page.click("input[type=submit][value=答复]")
        steps = page.locator("#followup-steps")
        expect(steps.locator("[data-step=withdraw]")).to_contain_text("撤回已公布的榜单条目")
        page.fill("#withdraw-reason", "异议成立，重新评查")
        page.get_by_role("button", name="撤回该条目").click()
        expect(steps.locator("[data-step=withdraw]")).to_contain_text("已撤回")
        page.fill("#reopen-reason", "扣分有误")
        page.get_by_role("button", name="重新打开评查表").click()
        expect(steps.locator("[data-step=reopen]")).to_contain_text("等待评查员重新提交")
        for review in db.session.scalars(select(Review).where(Review.subject_id == judgment.id)):
            review.status, review.submitted_at = ReviewStatus.SUBMITTED, utcnow()  # the reviewers resubmit
        db.session.flush()
        refresh_evaluation("judgment", judgment.id)
        db.session.commit()
        page.get_by_role("link", name="到对比页确认").click()
        page.select_option("select[name=grade]", "excellent")
        page.get_by_role("button", name="确认等级").click()
        expect(page.get_by_text("已确认最终等级：优秀。")).to_be_visible()
        page.goto(f"{base_url}/objections/{objection.id}")
        page.get_by_role("button", name="重新公布该条目").click()
        expect(steps.locator("[data-step=republish]")).to_contain_text("已重新公布")
        page.goto(f"{base_url}/rankings/2021-04")
        expect(page.locator("[data-public-note]").first).to_contain_text("复核后重新公布")
    db.session.expire_all()
    entry = db.session.scalar(select(RankingEntry).where(RankingEntry.judgment_id == judgment.id))
    assert entry.withdrawn_at is None


def test_ticking_a_veto_item_shows_fail_in_the_live_total(app, db, tmp_path):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    veto = item(city.sheet, "veto.ruling_error")
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, city.r1.username)
        page.goto(f"{base_url}/reviews/judgment/{city.judgment.id}/review")
        expect(page.locator("#total-verdict")).to_be_hidden()
        page.check(f"input[name=v_{veto.id}]")
        expect(page.locator("#total-verdict")).to_be_visible()
        expect(page.locator("#total-verdict")).to_have_text("不合格（一票否决）")
        page.uncheck(f"input[name=v_{veto.id}]")
        expect(page.locator("#total-verdict")).to_be_hidden()


def test_the_home_page_lists_what_waits_with_its_deadline_and_opens_it(app, db, tmp_path):
    """A reviewer's to-do list in the browser: an overdue review first, in red with 逾期, then the
    one due tomorrow marked 即将到期, each with its date; a line opens the review it names."""
    from datetime import timedelta

    from reviewer.filings.services import today_in_china
    from tests.factories import make_assignment

    court = make_court("豫0802")
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫0883"), username="todo-reviewer")
    today = today_in_china()
    soon = make_judgment(court=court, case_number="（2021）豫0802民初22号")
    late = make_judgment(court=court, case_number="（2021）豫0802民初11号")
    make_assignment(reviewer, soon, today + timedelta(days=1))
    make_assignment(reviewer, late, today - timedelta(days=2))
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, reviewer.username)
        page.goto(f"{base_url}/")
        rows = page.locator("table.todo-list tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("豫0802民初11号")
        expect(rows.nth(0)).to_contain_text((today - timedelta(days=2)).isoformat())
        expect(rows.nth(0)).to_contain_text("逾期")
        expect(rows.nth(1)).to_contain_text("豫0802民初22号")
        expect(rows.nth(1)).to_contain_text("即将到期")
        rows.nth(0).get_by_role("link").click()
        expect(page).to_have_url(re.compile(r"/reviews/"))
