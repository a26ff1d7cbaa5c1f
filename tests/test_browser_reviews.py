"""In a real browser: a reviewer anchors a remark to a paragraph, scores, saves a draft and submits."""
from __future__ import annotations

import os
import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import Review, ReviewStatus
from reviewer.reviews import assigning
from tests.browser import browser_page, live_server, log_in
from tests.review_helpers import item, make_city


def test_reviewer_scores_and_anchors_remarks_in_browser(app, db, tmp_path):
    city = make_city()
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    law = item(city.sheet, "reasoning.law")
    typos = item(city.sheet, "language.typos")
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, city.r1.username)
        page.get_by_role("link", name="评查任务").click()
        page.get_by_role("link", name="开始评查").click()
        page.click("#p-6")                                   # select a paragraph, then annotate it
        page.click("#add-remark")
        page.keyboard.type("说理未回应被告抗辩")
        expect(page.locator("#remark-list")).to_contain_text("第 7 段")
        page.fill(f"input[name=n_{typos.id}]", "3")
        expect(page.locator(f"#item-{typos.id} .computed-deduction")).to_have_text("3")
        page.fill(f"input[name=d_{law.id}]", "2")
        expect(page.locator("#total-deduction")).to_have_text("5")
        expect(page.locator(f"textarea[name=r_{law.id}]")).to_have_class(re.compile(r"\bneeds-reason\b"))
        page.click("input[name=save]")                       # a draft may wait for its reasons
        page.wait_for_selector("text=已暂存。")
        expect(page.locator("textarea[name=remarks-0-text]")).to_have_value("说理未回应被告抗辩")
        page.on("dialog", lambda dialog: dialog.accept())
        page.click("input[name=submit]")                     # submitting needs them
        page.wait_for_selector("text=必须填写扣分理由")
        expect(page.locator(f"input[name=d_{law.id}]")).to_have_value("2")
        page.fill(f"textarea[name=r_{law.id}]", "说理不充分")
        page.fill(f"textarea[name=r_{typos.id}]", "三处错别字")
        page.select_option("select[name=proposed_grade]", "excellent")
        page.click("input[name=submit]")
        page.wait_for_selector("text=评查表已提交，已锁定。")
        page.click("[data-paragraph='6']")                   # clicking the remark highlights its paragraph
        expect(page.locator("#p-6")).to_have_class(re.compile(r"\bis-target\b"))
        if os.environ.get("SCREENSHOT_DIR"):
            page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "review.png"))
    db.session.expire_all()
    review = db.session.scalar(select(Review))
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total_deduction == 5
    assert [(r.paragraph_index, r.text) for r in review.remarks] == [(6, "说理未回应被告抗辩")]
