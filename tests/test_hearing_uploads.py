"""Recording uploads over tus 1.0 through the app (test client): creation with the hearing's details,
HEAD/PATCH with offsets, checksum, termination, limits, authentication, completion, clean-up.
The same against a live gunicorn with the standard client `tuspy`: tests/test_tus_live.py."""
from __future__ import annotations

import hashlib
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from models import AuditLog, Hearing, HearingStatus, HearingUpload, Role, StoredFile, TokenScope, utcnow
from reviewer import storage
from tests.factories import make_user
from tests.media_clips import make_clip
from tests.tus_helpers import (TUS, checksum, court, create, head, liaison, metadata, patch,  # noqa: F401
                               the_hearing, upload_all)

def test_a_recording_created_and_sent_in_patches_is_stored_and_processed(app, db, client, login, court, liaison,
                                                                          tmp_path):
    clip = make_clip(tmp_path, "avi", seconds=3).read_bytes()
    login(liaison)
    url = create(client, court, len(clip), filename="庭审.avi")
    last = upload_all(client, url, clip, chunk=7000)
    assert last.headers["Upload-Offset"] == str(len(clip)) and "Upload-Expires" not in last.headers
    hearing = the_hearing(db)
    assert hearing.status == HearingStatus.READY  # immediate job queue under tests
    assert storage.path_of(hearing.file).read_bytes() == clip
    assert hearing.file.sha256 == hashlib.sha256(clip).hexdigest()
    assert hearing.file.original_name == "庭审.avi" and hearing.case_number == "（2021）豫0802民初123号"
    assert hearing.playback_file is not None and hearing.poster_file is not None
    assert not list((Path(app.config["UPLOAD_ROOT"]) / "tmp" / "hearing-uploads").iterdir())
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"hearing.created", "hearing.upload_completed"} <= actions


def test_the_browser_form_opens_an_upload_that_speaks_tus(db, client, login, court, liaison):
    payload = os.urandom(5000)
    login(liaison)
    response = client.post("/hearings/new", data={
        "court_id": str(court.id), "month": "2021-04", "nomination": "excellent", "case_number": "（2021）豫0802民初1号",
        "procedure": "一审普通程序", "hearing_date": "2021-04-12", "presiding_judge_name": "王五",
        "judge_id": "", "file_name": "a.mp4", "file_size": str(len(payload))})
    assert response.status_code == 201
    url = response.get_json()["upload_url"]
    assert url.startswith("/hearings/uploads/")
    upload_all(client, url, payload, chunk=2000)
    assert storage.path_of(the_hearing(db).file).read_bytes() == payload


def test_options_announces_the_protocol_and_its_extensions(app, client, login, liaison):
    login(liaison)
    response = client.options("/hearings/uploads")
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) >= {"creation", "termination", "checksum"}
    assert response.headers["Tus-Max-Size"] == str(app.config["HEARING_MAX_BYTES"])
    assert "sha1" in response.headers["Tus-Checksum-Algorithm"].split(",")


def test_head_reports_the_offset_and_a_wrong_offset_gets_409(db, client, login, court, liaison):
    payload = os.urandom(50_000)
    login(liaison)
    url = create(client, court, len(payload))
    patch(client, url, 0, payload[:20_000])
    state = head(client, url)
    assert state.status_code == 200 and state.headers["Cache-Control"] == "no-store"
    assert state.headers["Upload-Offset"] == "20000" and state.headers["Upload-Length"] == "50000"
    wrong = patch(client, url, 30_000, payload[30_000:])
    assert wrong.status_code == 409 and "20000" in wrong.get_data(as_text=True)
    assert patch(client, url, 20_000, payload[20_000:]).status_code == 204
    assert the_hearing(db).status != HearingStatus.UPLOADING


def test_requests_without_the_protocol_version_get_412(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)
    response = client.patch(url, data=b"x", headers={"Upload-Offset": "0",
                                                     "Content-Type": "application/offset+octet-stream"})
    assert response.status_code == 412 and response.headers["Tus-Resumable"] == "1.0.0"


def test_a_patch_with_another_content_type_or_no_offset_is_refused(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)
    assert client.patch(url, data=b"x", headers=dict(TUS, **{"Upload-Offset": "0"})).status_code == 415
    no_offset = client.patch(url, data=b"x", headers=dict(TUS, **{"Content-Type": "application/offset+octet-stream"}))
    assert no_offset.status_code == 400 and "Upload-Offset" in no_offset.get_data(as_text=True)


def test_a_body_matching_its_checksum_counts_and_a_mismatch_gets_460(db, client, login, court, liaison):
    payload = os.urandom(30_000)
    login(liaison)
    url = create(client, court, len(payload))
    assert patch(client, url, 0, payload[:10_000], checksum("sha1", payload[:10_000])).status_code == 204
    bad = patch(client, url, 10_000, payload[10_000:20_000], checksum("sha1", b"something else"))
    assert bad.status_code == 460 and "校验和不一致" in bad.get_data(as_text=True)
    assert head(client, url).headers["Upload-Offset"] == "10000"
    unknown = patch(client, url, 10_000, payload[10_000:], {"Upload-Checksum": "crc99 AAAA"})
    assert unknown.status_code == 400
    assert patch(client, url, 10_000, payload[10_000:], checksum("sha256", payload[10_000:])).status_code == 204
    assert the_hearing(db).file.sha256 == hashlib.sha256(payload).hexdigest()


def test_more_bytes_than_declared_get_413_and_nothing_is_kept(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)
    assert patch(client, url, 0, b"x" * 101).status_code == 413
    assert head(client, url).headers["Upload-Offset"] == "0"


def test_a_patch_larger_than_flasks_body_limit_is_streamed(app, db, client, login, court, liaison, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    payload = os.urandom(5000)
    login(liaison)
    url = create(client, court, len(payload))
    assert patch(client, url, 0, payload).status_code == 204


def test_creation_above_the_size_limit_gets_413_and_no_row(app, db, client, login, court, liaison, monkeypatch):
    monkeypatch.setitem(app.config, "HEARING_MAX_BYTES", 10_000)
    login(liaison)
    response = client.post("/hearings/uploads", headers=dict(TUS, **{"Upload-Length": "10001",
                                                                     "Upload-Metadata": metadata(court)}))
    assert response.status_code == 413 and "超过了大小上限" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Hearing.id))) == 0


@pytest.mark.parametrize("headers, message", [
    ({"Upload-Metadata": "x"}, "Upload-Length"),
    ({"Upload-Length": "-5"}, "Upload-Length"),
    ({"Upload-Length": "10", "Upload-Metadata": "case_number %%%"}, "Base64"),
    ({"Upload-Length": "10", "Upload-Metadata": "filename YS5tcDQ="}, "法院"),
])
def test_creation_with_bad_headers_gets_400_in_chinese(db, client, login, liaison, headers, message):
    login(liaison)
    response = client.post("/hearings/uploads", headers=dict(TUS, **headers))
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_creation_with_missing_details_names_them(db, client, login, court, liaison):
    login(liaison)
    response = client.post("/hearings/uploads", headers=dict(TUS, **{
        "Upload-Length": "10", "Upload-Metadata": metadata(court, case_number="", hearing_date="")}))
    assert response.status_code == 400 and "请填写案号" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Hearing.id))) == 0


def test_termination_deletes_the_upload_its_file_and_hearing(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)
    patch(client, url, 0, b"x" * 40)
    partial = storage.root() / db.session.scalar(select(HearingUpload.partial_path))
    assert partial.exists()
    assert client.delete(url, headers=TUS).status_code == 204
    assert db.session.scalar(select(func.count(Hearing.id))) == 0 and not partial.exists()
    assert head(client, url).status_code == 404
    assert "hearing.deleted" in set(db.session.scalars(select(AuditLog.action)))


def test_another_user_cannot_touch_someone_elses_upload(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)
    login(make_user(roles=(Role.LIAISON,), court=court))
    assert head(client, url).status_code == 403
    assert patch(client, url, 0, b"x" * 10).status_code == 403
    assert client.delete(url, headers=TUS).status_code == 403


def test_unknown_upload_is_404_and_anonymous_is_401(db, client, login, liaison):
    assert head(client, "/hearings/uploads/" + "0" * 32).status_code == 401
    login(liaison)
    assert head(client, "/hearings/uploads/" + "0" * 32).status_code == 404


def test_head_completes_an_upload_whose_last_bytes_arrived_before_a_crash(db, client, login, court, liaison):
    """All bytes on disk but no "complete" (the server died in between): the client's HEAD sees
    offset = length and stops, so the HEAD completes the upload."""
    payload = os.urandom(3000)
    login(liaison)
    url = create(client, court, len(payload))
    upload = db.session.scalar(select(HearingUpload))
    partial = storage.root() / upload.partial_path
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(payload)
    state = head(client, url)
    assert state.headers["Upload-Offset"] == "3000"
    hearing = the_hearing(db)
    assert hearing.status != HearingStatus.UPLOADING and hearing.file.sha256 == hashlib.sha256(payload).hexdigest()


def test_cleanup_removes_abandoned_uploads_their_files_and_hearings(app, db, client, login, court, liaison):
    login(liaison)
    old_url = create(client, court, 100)
    patch(client, old_url, 0, b"x" * 40)
    fresh_url = create(client, court, 100, filename="b.mp4")
    patch(client, fresh_url, 0, b"y" * 40)
    old = db.session.scalar(select(HearingUpload).where(HearingUpload.token == old_url.rsplit("/", 1)[1]))
    old.updated_at = utcnow() - timedelta(hours=72)
    old_file = storage.root() / old.partial_path
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cleanup-uploads", "--older-than-hours", "48"])
    assert result.exit_code == 0, result.output
    assert "已清理 1 个" in result.output and not old_file.exists()
    assert db.session.scalar(select(func.count(Hearing.id))) == 1
    assert head(client, fresh_url).headers["Upload-Offset"] == "40"


def test_with_csrf_on_a_session_needs_the_token_header(app, db, court, liaison, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = (re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
             or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)).group(1)
    assert client.post("/auth/login", data={"username": liaison.username, "password": "secret-pass",
                                            "csrf_token": token}).status_code == 302
    sizes = {"Upload-Length": "10", "Upload-Metadata": metadata(court)}
    assert client.post("/hearings/uploads", headers=dict(TUS, **sizes)).status_code == 400
    url = create(client, court, 10, headers={"X-CSRFToken": token})
    assert patch(client, url, 0, b"x" * 5).status_code == 400
    assert patch(client, url, 0, b"x" * 5, {"X-CSRFToken": token}).headers["Upload-Offset"] == "5"


def test_a_write_token_uploads_without_a_session(app, db, court, liaison, monkeypatch):
    from reviewer.auth.tokens import create_token

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    _token, secret = create_token(liaison, "审判流程系统", TokenScope.WRITE, 30)
    _ro, read_only = create_token(liaison, "只读", TokenScope.READ, 30)
    db.session.commit()
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    url = create(client, court, 6, headers=bearer)
    assert patch(client, url, 0, b"abcdef", bearer).status_code == 204
    assert storage.path_of(the_hearing(db).file).read_bytes() == b"abcdef"
    refused = client.post("/hearings/uploads", headers=dict(TUS, **{
        "Authorization": f"Bearer {read_only}", "Upload-Length": "6", "Upload-Metadata": metadata(court)}))
    assert refused.status_code == 403
    assert client.head(url, headers=dict(TUS, Authorization="Bearer rv_wrong")).status_code == 401


def test_the_upload_completes_even_when_the_queue_is_down(db, client, login, court, liaison, monkeypatch):
    """The file is kept and the hearing stays queued; the sweep or the office requeue it later."""
    from reviewer import jobs

    def broken(*_args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(jobs, "enqueue", broken)
    payload = os.urandom(3000)
    login(liaison)
    url = create(client, court, len(payload))
    assert patch(client, url, 0, payload).status_code == 204
    hearing = the_hearing(db)
    assert hearing.status == HearingStatus.QUEUED and storage.path_of(hearing.file).read_bytes() == payload


def test_the_recording_is_flushed_to_disk_before_completion_is_reported(db, client, login, court, liaison,
                                                                          monkeypatch):
    from reviewer.recordings import uploads

    synced, real_fsync = [], os.fsync
    monkeypatch.setattr(uploads.os, "fsync", lambda fd: (synced.append(os.fstat(fd).st_size), real_fsync(fd)))
    payload = os.urandom(30_000)
    login(liaison)
    url = create(client, court, len(payload))
    patch(client, url, 0, payload[:10_000])
    assert synced == []
    assert patch(client, url, 10_000, payload[10_000:]).status_code == 204
    assert synced == [30_000]
    assert db.session.scalar(select(func.count(StoredFile.id))) >= 1


def hold_lease(db, upload_id: int, seconds: float = 60, owner: str = "another-request") -> None:
    """Another request (on any machine) holds the upload's lease: the row says so, committed."""
    db.session.execute(update(HearingUpload).where(HearingUpload.id == upload_id).values(
        lock_owner=owner, lock_until=utcnow() + timedelta(seconds=seconds)))
    db.session.commit()


def test_a_patch_finding_the_upload_busy_gets_423(app, db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)
    upload_id = db.session.scalar(select(HearingUpload.id))
    hold_lease(db, upload_id)  # another request is still writing (UPLOAD_LOCK_WAIT 0.5 s)
    busy = patch(client, url, 0, b"x" * 10)
    assert busy.status_code == 423 and "另一个连接" in busy.get_data(as_text=True)
    hold_lease(db, upload_id, seconds=-1)  # its process was killed: the lease has run out
    assert patch(client, url, 0, b"x" * 10).status_code == 204
    assert db.session.scalar(select(HearingUpload.lock_owner)) is None  # given up after the commit


def test_the_hearings_page_shows_what_the_server_holds_in_mb(db, client, login, court, liaison):
    """Bytes on disk that the row never counted (the server was killed mid-body) are shown too."""
    login(liaison)
    create(client, court, 3 * 1024 * 1024)
    upload = db.session.scalar(select(HearingUpload))
    partial = storage.root() / upload.partial_path
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"x" * (1536 * 1024))
    page = client.get(f"/hearings/{upload.hearing_id}").get_data(as_text=True)
    assert "已收到 1.6 MB / 3.1 MB，50%" in page
