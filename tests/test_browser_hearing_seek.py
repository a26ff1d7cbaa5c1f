"""In a real browser: clicking a time-coded remark in the exemplar library seeks the recording there,
remarks on the review screen are timed from the player (hh:mm:ss / mm:ss),
and watching is recorded."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import Grade, Role, WatchRecord
from reviewer.hearings import library
from reviewer.reviews import assigning, services
from reviewer.scoresheets.services import install_default_sheets
from tests.browser import browser_page, eventually, live_server, log_in
from tests.factories import make_court, make_user
from tests.factories import make_hearing


SEEKED_TO_1_3 = """(() => {
  const video = document.querySelector('video');
  const from = video.played.length ? video.played.start(0) : video.currentTime;
  return !video.seeking && Math.abs(from - 1.3) < 0.05;
})()"""


def test_clicking_a_remark_in_the_library_seeks_the_video(app, db, tmp_path):
    install_default_sheets()
    home, other = make_court("豫0802"), make_court("豫0883")
    admin = make_user(roles=(Role.ADMIN,))
    reviewer = make_user(roles=(Role.REVIEWER,), court=other)
    judge = make_user(roles=(Role.JUDGE,), court=other)
    hearing = make_hearing(home, tmp_path, kind="webm")  # VP8: plays in any Chromium build
    review = services.start_review(assigning.assign("hearing", hearing.id, reviewer, admin), reviewer)
    gavel = next(i for i in review.sheet.items if i.key == "etiquette.gavel")
    data = services.ReviewInput(
        entries={gavel.id: services.ItemEntry(occurrences="1", reason="宣布开庭后才敲法槌")},
        remarks=[services.RemarkEntry("此处先宣布后敲槌", item_id=gavel.id, start_seconds=1.3, end_seconds=1.8)],
        overall_comment="总体规范", proposed_grade=Grade.PASS)
    services.save_review(review, data, reviewer, submit=True, subject=hearing)
    library.publish(admin, hearing, required=True)
    db.session.commit()

    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, judge.username)
        page.goto(f"{base_url}/hearings/library/{hearing.id}")
        # Poll with page.evaluate: wait_for_function evals in the page, which the CSP forbids.
        eventually(lambda: page.evaluate("document.querySelector('video').readyState >= 1"), timeout=15)
        assert page.evaluate("document.querySelector('video').currentTime") == 0
        page.click("a[data-seek='1.3']")
        # The seek also starts playback, so currentTime moves on: check where playing began.
        eventually(lambda: page.evaluate(SEEKED_TO_1_3), timeout=30)
        with page.expect_response(lambda r: r.url.endswith(f"/hearings/{hearing.id}/watch")
                                  and r.request.method == "POST") as watched:
            page.evaluate("document.querySelector('video').dispatchEvent(new Event('pause'))")
        assert watched.value.ok   # the position is stored once the server answered
    db.session.expire_all()
    record = db.session.scalar(select(WatchRecord).where(WatchRecord.user_id == judge.id))
    assert record is not None and record.hearing_id == hearing.id


def test_a_remark_added_while_watching_starts_at_the_players_time(app, db, tmp_path):
    """On the review screen: "添加批注" takes the player's current time (mm:ss), 取当前 sets the end,
    a time that is not hh:mm:ss / mm:ss is marked at once, and the saved remark has the seconds."""
    from models import ReviewRemark

    install_default_sheets()
    home, other = make_court("豫0802"), make_court("豫0883")
    admin = make_user(roles=(Role.ADMIN,))
    reviewer = make_user(roles=(Role.REVIEWER,), court=other)
    hearing = make_hearing(home, tmp_path, kind="webm")
    assigning.assign("hearing", hearing.id, reviewer, admin)
    db.session.commit()

    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, reviewer.username)
        page.goto(f"{base_url}/reviews/hearing/{hearing.id}/review")
        eventually(lambda: page.evaluate("document.querySelector('video').readyState >= 1"), timeout=15)
        page.evaluate("document.querySelector('video').currentTime = 1.25")
        eventually(lambda: page.evaluate("!document.querySelector('video').seeking"), timeout=15)
        page.click("#add-remark")
        row = page.locator("#remark-list .remark-row").last
        expect(row.locator(".remark-start")).to_have_value("00:01.2")
        page.evaluate("document.querySelector('video').currentTime = 1.75")
        eventually(lambda: page.evaluate("!document.querySelector('video').seeking"), timeout=15)
        row.locator("[data-hearing-action=take-end]").click()
        expect(row.locator(".remark-end")).to_have_value("00:01.7")
        row.locator(".remark-start").fill("1:75")
        row.locator(".remark-start").dispatch_event("change")
        expect(row.locator(".remark-start")).to_have_class(re.compile(r"\bis-invalid\b"))
        row.locator(".remark-start").fill("00:01.2")
        row.locator(".remark-start").dispatch_event("change")
        expect(row.locator(".remark-start")).not_to_have_class(re.compile(r"\bis-invalid\b"))
        row.locator("textarea").fill("宣布开庭后才敲法槌")
        with page.expect_navigation():
            page.click("button[name=save], input[name=save]")
        expect(page.locator("#remark-list .remark-start").last).to_have_value("00:01.2")
    db.session.expire_all()
    remark = db.session.scalar(select(ReviewRemark))
    assert (remark.start_seconds, remark.end_seconds) == (1.2, 1.7)
