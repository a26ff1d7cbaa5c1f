"""In a real browser: a liaison uploads a judgment, checks the extracted data, corrects it and submits."""
from __future__ import annotations

import os

from sqlalchemy import select

from models import Judgment, JudgmentStatus, Role
from tests.browser import browser_page, live_server, log_in
from tests.conftest import JUDGMENTS_DIR
from tests.factories import make_court, make_user


def test_liaison_uploads_checks_corrects_and_submits_in_browser(app, db, tmp_path):
    court = make_court("豫0802")
    liaison = make_user(roles=[Role.LIAISON], court=court, username="liaison_browser")
    db.session.commit()
    sample = JUDGMENTS_DIR / "docx" / "civ1_jiaotong_xuchang.docx"
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, liaison.username)
        page.get_by_role("button", name="裁判文书").click()      # the drop-down menu of the bar
        page.get_by_role("link", name="文书列表").click()
        page.get_by_role("link", name="上传文书").click()
        page.fill("input[name=month]", "2021-04")
        page.set_input_files("input[name=files]", str(sample))
        page.click("input[type=submit]")
        page.wait_for_selector("text=已接收（1）")
        assert "（2016）豫1002民初3287号" in page.content()
        page.get_by_role("link", name="核对", exact=True).click()
        page.fill("input[name=cause]", "机动车交通事故责任纠纷（已核对）")
        page.click("input[type=submit]")
        page.wait_for_selector("text=已保存。")
        # a 许昌 judgment submitted by 解放区: the liaison must say why before it can be submitted
        page.wait_for_selector("#court-mismatch")
        page.fill("textarea[name=court_mismatch_reason]", "本案系上级法院指定本院审理")
        page.get_by_role("button", name="说明理由并报送评查").click()
        page.wait_for_selector("text=已报送评查")
        page.click("a[href='#p-10']")
        assert "is-target" in (page.get_attribute("#p-10", "class") or "")
        page.screenshot(path=str(tmp_path / "judgment.png"), full_page=True)
        if os.environ.get("SCREENSHOT_DIR"):
            page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "judgment.png"), full_page=False)
    db.session.expire_all()
    judgment = db.session.scalar(select(Judgment))
    assert judgment.status == JudgmentStatus.SUBMITTED
    assert judgment.cause == "机动车交通事故责任纠纷（已核对）"
    assert judgment.uploaded_by_id == liaison.id
    assert judgment.court_mismatch_reason == "本案系上级法院指定本院审理"
