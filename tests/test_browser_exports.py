"""In a real browser: a background export's page shows 正在生成… with the progress it polls, then
the download link once the job has finished — without reloading."""
from __future__ import annotations

from playwright.sync_api import expect

from models import ExportStatus, Role
from reviewer import progress
from reviewer.exports import kinds, requests
from tests.browser import browser_page, live_server, log_in
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user


def test_the_export_page_follows_the_job_to_its_link(app, db, tmp_path):
    court = make_court("豫0802")
    reviewer = make_reviewer()
    for n in range(3):
        evaluate(make_judgment(court=court, month="2021-03"), 90, "优秀", reviewers=[reviewer])
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"), username="office-x")
    export = requests.ask(admin, kinds.get("reviews"), {"period": "2021"}, 9)
    export.status = ExportStatus.RUNNING      # a worker took it and is one third through
    db.session.commit()
    progress.write(requests.progress_key(export.id), "running", 1, 3)
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, admin.username)
        page.goto(f"{base_url}/exports/requests/{export.id}")
        expect(page.get_by_text("正在生成……")).to_be_visible()
        expect(page.locator("#export-progress [data-count]")).to_have_text("1 / 3（33%）")
        expect(page.get_by_role("link", name="下载 2021评查明细.xlsx")).to_be_hidden()
        assert requests.run(export.id) == "done"
        expect(page.get_by_role("link", name="下载 2021评查明细.xlsx")).to_be_visible()
        expect(page.locator("#export-progress")).to_be_hidden()
