"""In a real browser (tus-js-client against the app's tus server): a liaison uploads a recording in
chunks; a connection dropped mid-upload is resumed by itself; after a reload the same file resumes."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from models import Hearing, HearingStatus, Role
from reviewer import storage
from tests.browser import browser_page, eventually, live_server, log_in
from tests.factories import make_court, make_user
from tests.media_clips import make_clip


def fill_the_form(page, base_url, liaison, clip, case_number):
    """Log in, fill the new-recording form, choose `clip`; the browser sends 20000-byte PATCHes."""
    log_in(page, base_url, liaison.username)
    page.goto(f"{base_url}/hearings/new")
    page.fill("input[name=month]", "2021-04")
    page.fill("input[name=case_number]", case_number)
    page.fill("input[name=hearing_date]", "2021-04-20")
    page.fill("input[name=presiding_judge_name]", "王五")
    page.set_input_files("input[data-file-input]", str(clip))
    page.evaluate("document.querySelector('[data-hearing-upload-form]').dataset.chunkBytes = '20000'")


def test_liaison_upload_survives_a_dropped_chunk(app, db, tmp_path):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    db.session.commit()
    clip = make_clip(tmp_path, "avi", seconds=3, name="庭审录像.avi")
    dropped = []

    def drop_second_chunk(route):
        if route.request.method == "PATCH" and route.request.headers.get("upload-offset") == "20000" and not dropped:
            dropped.append(True)
            route.abort("connectionreset")
        else:
            route.continue_()

    with live_server(app, tmp_path) as base_url, browser_page() as page:
        fill_the_form(page, base_url, liaison, clip, "（2021）豫0802民初88号")
        page.select_option("select[name=nomination]", "flawed")
        page.route("**/hearings/uploads/*", drop_second_chunk)
        page.click("[data-submit]")
        page.wait_for_url(re.compile(r".*/hearings/\d+$"), timeout=90000)
        assert dropped, "the second chunk was never attempted"
        expect(page.locator("h1")).to_contain_text("瑕疵庭审")
    hearing = db.session.scalar(select(Hearing))
    eventually(lambda: _refreshed(db, hearing).status in (HearingStatus.READY, HearingStatus.FAILED))
    assert storage.path_of(hearing.file).read_bytes() == clip.read_bytes()
    assert hearing.status == HearingStatus.READY and hearing.playback_file is not None


def only_the_first_chunk(route):
    if route.request.method == "PATCH" and route.request.headers.get("upload-offset") != "0":
        route.abort("connectionreset")  # the network is gone after the first chunk
    else:
        route.continue_()


def start_and_lose_the_network(page, base_url, liaison, clip, case_number) -> None:
    """Declare the hearing and send the first 20000-byte PATCH; the second one fails."""
    fill_the_form(page, base_url, liaison, clip, case_number)
    page.route("**/hearings/uploads/*", only_the_first_chunk)
    with page.expect_event("requestfailed", lambda r: r.headers.get("upload-offset") == "20000"):
        page.click("[data-submit]")
    page.unroute("**/hearings/uploads/*")


def the_only_hearing_has(db, clip) -> None:
    hearings = db.session.scalars(select(Hearing)).all()
    assert len(hearings) == 1  # resumed, not declared again
    eventually(lambda: _refreshed(db, hearings[0]).status in (HearingStatus.READY, HearingStatus.FAILED))
    assert storage.path_of(hearings[0].file).read_bytes() == clip.read_bytes()


def test_after_a_reload_the_same_file_resumes_where_the_server_stopped(app, db, tmp_path):
    liaison = make_user(roles=(Role.LIAISON,), court=make_court("豫0802"))
    db.session.commit()
    clip = make_clip(tmp_path, "avi", seconds=3, name="庭审录像.avi")
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        start_and_lose_the_network(page, base_url, liaison, clip, "（2021）豫0802民初89号")
        page.reload()
        page.set_input_files("input[data-file-input]", str(clip))
        page.evaluate("document.querySelector('[data-hearing-upload-form]').dataset.chunkBytes = '200000'")
        with page.expect_response(lambda r: r.request.method == "HEAD") as first_question:
            page.click("[data-submit]")
        # the server's offset: 20000, or more if a retry got through before the reload
        assert int(first_question.value.headers["upload-offset"]) >= 20000
        page.wait_for_url(re.compile(r".*/hearings/\d+$"), timeout=90000)
    the_only_hearing_has(db, clip)


def test_the_hearings_page_resumes_with_the_same_file_after_the_tab_was_closed(app, db, tmp_path):
    liaison = make_user(roles=(Role.LIAISON,), court=make_court("豫0802"))
    db.session.commit()
    clip = make_clip(tmp_path, "avi", seconds=3, name="庭审录像.avi")
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        start_and_lose_the_network(page, base_url, liaison, clip, "（2021）豫0802民初90号")
        hearing = db.session.scalar(select(Hearing))
        page.goto(f"{base_url}/hearings/{hearing.id}")
        expect(page.locator(".alert-warning")).to_contain_text("录像尚未上传完成")
        with page.expect_navigation(url=f"{base_url}/hearings/{hearing.id}", timeout=90000):
            page.set_input_files("#resume-file", str(clip))
        expect(page.locator("[data-resume-upload]")).to_have_count(0)
    the_only_hearing_has(db, clip)


def _refreshed(db, hearing):
    db.session.refresh(hearing)
    return hearing


def test_the_progress_line_shows_speed_and_time_left(app, db, tmp_path):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    db.session.commit()
    with live_server(app, tmp_path) as base_url, browser_page() as page:
        log_in(page, base_url, liaison.username)
        page.goto(f"{base_url}/hearings/new")
        mb = 1024 * 1024
        rate = page.evaluate(f"hearingUpload.recentRate([[0, 0], [2000, {40 * mb}]])")
        assert rate == 20 * mb
        assert page.evaluate("hearingUpload.recentRate([[0, 0], [500, 100]])") == 0  # under a second
        text = page.evaluate(f"hearingUpload.progressText({1024 * mb}, {4096 * mb}, {20 * mb})")
        assert text == "已上传 1.0 GB / 4.0 GB · 20.0 MB/秒 · 约剩 2 分 34 秒"
        assert page.evaluate("hearingUpload.formatDuration(7384)") == "2 小时 3 分"
        assert page.evaluate(f"hearingUpload.progressText({mb}, {2 * mb}, 0)") == "已上传 1.0 MB / 2.0 MB"
