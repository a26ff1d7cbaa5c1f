"""In a real browser (CSP on): the printed monthly list has no navigation and a header with the
court and date; choosing a court in the new-user form lists only its divisions (script file)."""
from __future__ import annotations

from playwright.sync_api import expect

from models import Role
from models.ranking import ListKind
from reviewer.extensions import db
from tests.browser import browser_page, live_server, log_in
from tests.evaluation_factories import evaluate, publish_exemplars
from tests.factories import make_court, make_judgment, make_user


def test_the_printed_monthly_list_has_a_header_and_no_navigation(app, tmp_path):
    court = make_court("豫0802")
    judgment = make_judgment(court=court)
    evaluate(judgment, 93)
    publish_exemplars([(judgment, ListKind.EXCELLENT)])
    judge = make_user(roles=(Role.JUDGE,), court=make_court("豫0883"))
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, judge.username)
        page.goto(f"{base_url}/rankings/2021-04")
        expect(page.locator("nav.navbar")).to_be_visible()
        expect(page.locator(".print-header")).to_be_hidden()
        expect(page.locator("[data-print]")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.locator("nav.navbar")).to_be_hidden()
        expect(page.locator("[data-print]")).to_be_hidden()
        header = page.locator(".print-header")
        expect(header).to_be_visible()
        expect(header).to_contain_text("河南省孟州市人民法院")
        expect(header).to_contain_text("打印日期：")
        expect(page.locator("main")).to_contain_text(judgment.case_number)
        assert page.pdf(format="A4")[:4] == b"%PDF"


def test_choosing_a_court_lists_only_its_divisions(app, tmp_path):
    make_court("豫08", divisions=("民一庭", "刑一庭"))
    basic = make_court("豫0802", divisions=("城区人民法庭",))
    admin = make_user(roles=(Role.ADMIN,))
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, admin.username)
        page.goto(f"{base_url}/admin/users/new")
        expect(page.locator("[data-pick-court]")).to_be_hidden()      # the script takes over
        page.fill("input[name=username]", "newbie")
        page.select_option("#court_id", str(basic.id))
        options = page.locator("#division_id option")
        expect(options).to_have_text(["（无）", "城区人民法庭"])
        expect(page.locator("input[name=username]")).to_have_value("newbie")
