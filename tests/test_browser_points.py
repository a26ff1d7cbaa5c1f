"""In a real browser (CSP on): the points ledger's rows share one correction form. The row's 冲正
button sends its entry with the reason typed above the ledger; an empty reason is refused by the
browser; Enter in the reason box corrects nothing."""
from __future__ import annotations

from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from models.points import PointsEntry
from reviewer.extensions import db
from reviewer.reversals import ledger
from tests.browser import browser_page, live_server, log_in
from tests.reversal_helpers import reversal_world


def test_a_rows_correct_button_sends_its_entry_with_the_shared_reason(app, tmp_path):
    w = reversal_world()
    first, second = (ledger.post(w["admin"], code="reversal_confirmed", on=date(2025, 3, day), source=None,
                                 note=f"扣分{day}", judge_id=w["judge"].id) for day in (1, 2))
    db.session.commit()
    first_id, second_id = first.id, second.id

    def corrections():
        db.session.expire_all()
        return db.session.scalars(select(PointsEntry.corrects_id).where(PointsEntry.corrects_id.is_not(None))).all()

    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, w["admin"].username)
        page.goto(f"{base_url}/reversals/points?year=2025")
        page.click(f'button[name=entry_id][value="{second_id}"]')          # no reason yet
        assert page.evaluate("document.querySelector('#correct-reason').validity.valueMissing")
        assert corrections() == []
        page.fill("#correct-reason", "登记错误")
        # the newest row's button comes first: without the disabled default button, Enter would send it
        page.press("#correct-reason", "Enter")
        page.click(f'button[name=entry_id][value="{first_id}"]')
        expect(page.locator("main")).to_contain_text("已登记冲正记录")
        assert corrections() == [first_id]              # one counter-entry, for the clicked row only
        expect(page.locator(f'button[name=entry_id][value="{second_id}"]')).to_be_visible()
