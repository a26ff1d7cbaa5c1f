"""In a real browser with CSRF on: the reviewer sees findings marked on their paragraphs, turns one
into a deduction with one click and dismisses another."""
from __future__ import annotations

import os
import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import PrecheckDismissal, ReviewItemScore
from reviewer.extensions import db
from reviewer.prechecks import services
from reviewer.reviews import assigning
from tests.browser import browser_page, live_server, log_in
from tests.review_helpers import make_city
from tests.precheck_samples import flawed_lines


def test_reviewer_deducts_and_dismisses_findings_in_browser(app, tmp_path):
    city = make_city()
    city.judgment.paragraphs = flawed_lines()
    services.run_prechecks(city.judgment)
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, city.r1.username)
        page.goto(f"{base_url}/reviews/judgment/{city.judgment.id}/review")
        marker = page.locator("#p-10 .precheck-marker")
        expect(marker).to_have_text("疑似重复字")
        expect(page.locator("#p-7")).to_have_class(re.compile(r"\bhas-precheck\b"))
        if os.environ.get("SCREENSHOT_DIR"):
            page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "prechecks-review.png"))
        page.get_by_role("button", name="扣分：错别字、多字漏字").click()
        page.wait_for_selector("text=已在“错别字、多字漏字”扣 1")
        page.locator("#precheck-findings li", has_text="半角标点").get_by_role("button", name="驳回").click()
        page.wait_for_selector("text=已驳回该预检提示")
        expect(page.locator("body")).to_contain_text("已驳回 1 条")
    db.session.expire_all()
    score = db.session.scalar(select(ReviewItemScore))
    assert score.item.key == "language.typos" and score.source == "precheck"
    assert db.session.scalar(select(PrecheckDismissal)).code == "text.halfwidth_punctuation"
