"""In a real browser: clicking a time-coded remark in the exemplar library seeks the recording there,
and watching is recorded."""
from __future__ import annotations

from sqlalchemy import select

from models import Grade, Role, WatchRecord
from reviewer.hearings import library
from reviewer.reviews import assigning, services
from reviewer.scoresheets.services import install_default_sheets
from tests.browser import browser_page, live_server, log_in
from tests.factories import make_court, make_user
from tests.test_hearings import make_hearing


def _wait_until(page, expression: str, timeout_ms: int = 15000) -> None:
    """Wait for a condition in the page. Playwright's wait_for_function evaluates its predicate
    with eval, which the app's Content-Security-Policy (script-src 'self') refuses; evaluate()
    goes through the DevTools protocol and is allowed, so the condition is polled with it."""
    waited = 0
    while not page.evaluate(expression):
        assert waited < timeout_ms, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)
        waited += 50


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
        _wait_until(page, "document.querySelector('video').readyState >= 1")
        assert page.evaluate("document.querySelector('video').currentTime") == 0
        page.click("a[data-seek='1.3']")
        _wait_until(page, "Math.abs(document.querySelector('video').currentTime - 1.3) < 0.05")
        page.evaluate("document.querySelector('video').dispatchEvent(new Event('pause'))")
        page.wait_for_timeout(500)
    db.session.expire_all()
    record = db.session.scalar(select(WatchRecord).where(WatchRecord.user_id == judge.id))
    assert record is not None and record.hearing_id == hearing.id
