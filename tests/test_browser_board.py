"""In a real browser, the assignment board's rows (reviewer/static/js/board.js): each row's form is
filled from the page's one list of reviewers, a hand assignment and its withdrawal go through."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import Assignment, JudgmentStatus
from tests.browser import browser_page, live_server, log_in
from tests.evaluation_factories import evaluate
from tests.factories import make_judgment
from tests.review_helpers import make_city


def test_the_office_assigns_and_withdraws_by_hand_on_the_board(app, db, tmp_path):
    city = make_city()
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, city.admin.username)
        page.goto(f"{base_url}/reviews/assign?kind=judgment&month=2021-04")
        form = page.locator(f"form[action$='/reviews/assign/judgment/{city.judgment.id}']")
        expect(page.locator("a[data-choices]")).to_have_count(0)          # every link replaced by its form
        options = form.locator("select[name=reviewer_id] option")
        expect(options).to_have_count(4)                                  # the prompt and three reviewers
        expect(form.locator("select[name=reviewer_id]")).not_to_contain_text("本院评查员")   # recusal
        expect(form.locator("[name=withdraw_confirmed]")).to_have_count(0)
        form.locator("select[name=reviewer_id]").select_option(str(city.r1.id))
        form.get_by_role("button", name="分配").click()
        expect(page.get_by_text(f"已分配 {city.r1.display_name} 评查")).to_be_visible()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="×").click()
        expect(page.get_by_text("已取消分配。")).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(select(Assignment)) is None


def test_a_row_with_a_confirmed_grade_asks_and_offers_to_withdraw_it(app, db, tmp_path):
    city = make_city()
    confirmed = make_judgment(court=city.home, month="2021-04", status=JudgmentStatus.EVALUATED)
    evaluate(confirmed, 90, reviewers=[city.r2])
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, city.admin.username)
        page.goto(f"{base_url}/reviews/assign?kind=judgment&month=2021-04")
        form = page.locator(f"form[action$='/reviews/assign/judgment/{confirmed.id}']")
        expect(form).to_have_attribute("data-confirm", re.compile("该件等级已确认为优秀。增加评查员将撤回已确认的等级"))
        expect(form.get_by_label("撤回已确认的等级（优秀）")).not_to_be_checked()
        plain = page.locator(f"form[action$='/reviews/assign/judgment/{city.judgment.id}']")
        expect(plain.locator("[name=withdraw_confirmed]")).to_have_count(0)
        expect(plain).not_to_have_attribute("data-confirm", re.compile("."))
