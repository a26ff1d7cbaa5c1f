"""Resumable chunked upload of hearing recordings: offsets, resume, limits, completion, cleanup."""
from __future__ import annotations

import hashlib
import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import make_court, make_user
from tests.media_clips import make_clip
from models import Hearing, HearingStatus, HearingUpload, Role, StoredFile, utcnow
from reviewer import storage
from reviewer.recordings import chunk_io

CHUNK_HEADERS = {"Content-Type": "application/offset+octet-stream"}


def hearing_form(**overrides):
    data = {
        "court_id": "", "month": "2021-04", "nomination": "excellent",
        "case_number": "（2021）豫0802民初123号", "cause": "民间借贷纠纷", "procedure": "一审普通程序",
        "hearing_date": "2021-04-12", "presiding_judge_name": "王五", "judge_id": "",
        "file_name": "庭审录像.mp4", "file_size": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def court(db):
    return make_court("豫0802")


@pytest.fixture
def liaison(db, court):
    return make_user(roles=(Role.LIAISON,), court=court)


def create(client, court, size, name="庭审录像.mp4"):
    response = client.post("/hearings/new", data=hearing_form(court_id=str(court.id), file_size=str(size),
                                                               file_name=name))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def patch(client, url, offset, data: bytes, **kwargs):
    headers = dict(CHUNK_HEADERS, **{"Upload-Offset": str(offset)})
    return client.patch(url, data=data, headers=headers, **kwargs)


def upload_all(client, url, payload: bytes, chunk: int):
    offset = 0
    while offset < len(payload):
        response = patch(client, url, offset, payload[offset:offset + chunk])
        assert response.status_code == 200, response.get_json()
        offset = int(response.headers["Upload-Offset"])
    return response


def test_liaison_uploads_in_chunks_and_the_recording_is_processed(app, db, client, login, court, liaison, tmp_path):
    clip = make_clip(tmp_path, "avi", seconds=3).read_bytes()
    login(liaison)
    created = create(client, court, len(clip), name="庭审.avi")
    last = upload_all(client, created["upload_url"], clip, chunk=7000)
    assert last.get_json()["complete"] is True

    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    assert hearing.status == HearingStatus.READY  # immediate job queue under tests
    assert storage.path_of(hearing.file).read_bytes() == clip
    assert hearing.file.storage_path.startswith("hearings/")
    assert hearing.file.original_name == "庭审.avi"
    assert hearing.container == "avi" and hearing.playback_file is not None
    assert hearing.playable_in_browser is True and hearing.poster_file is not None
    assert not list((Path(app.config["UPLOAD_ROOT"]) / "tmp" / "hearing-uploads").iterdir())


def test_head_reports_offset_so_a_broken_upload_resumes(db, client, login, court, liaison):
    payload = os.urandom(50_000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    patch(client, url, 0, payload[:20_000])
    head = client.head(url)
    assert head.status_code == 200
    assert head.headers["Upload-Offset"] == "20000" and head.headers["Upload-Length"] == "50000"
    # the client believed it had sent more: the server refuses and says where to resume
    wrong = patch(client, url, 30_000, payload[30_000:])
    assert wrong.status_code == 409 and wrong.get_json()["offset"] == 20_000
    done = patch(client, url, 20_000, payload[20_000:])
    assert done.status_code == 200 and done.get_json()["complete"] is True


class BrokenStream(io.RawIOBase):
    """A request body whose connection drops after `limit` bytes."""

    def __init__(self, data: bytes, limit: int):
        self.data, self.limit, self.pos = data, limit, 0

    def readable(self):
        return True

    def readinto(self, view):
        if self.pos >= self.limit:
            raise ConnectionResetError("client went away")
        n = min(len(view), self.limit - self.pos, len(self.data) - self.pos)
        view[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


def test_bytes_received_before_a_dropped_connection_are_kept(app, db, court, liaison):
    from reviewer.recordings import services, uploads

    payload = os.urandom(3 * chunk_io.BUFFER + 123)
    hearing, upload = services.create_hearing(liaison, court, {
        "month": "2021-04", "case_number": "（2021）豫0802民初1号", "hearing_date": None,
        "presiding_judge_name": "王五", "nomination": "flawed", "file_name": "a.mp4",
        "file_size": len(payload)})
    cut = chunk_io.BUFFER + 500
    assert uploads.append(upload, 0, BrokenStream(payload, cut), len(payload)) == cut
    assert uploads.partial_file(upload).read_bytes() == payload[:cut]
    rest = io.BytesIO(payload[cut:])
    assert uploads.append(upload, cut, rest, len(payload) - cut) == len(payload)
    assert uploads.partial_file(upload).read_bytes() == payload


def test_declared_size_above_limit_is_refused_with_no_row(app, db, client, login, court, liaison):
    app.config["HEARING_MAX_BYTES"] = 10_000
    try:
        login(liaison)
        response = client.post("/hearings/new", data=hearing_form(court_id=str(court.id), file_size="10001"))
    finally:
        app.config["HEARING_MAX_BYTES"] = 8 * 1024 ** 3
    assert response.status_code == 400
    assert "超过了大小上限" in response.get_json()["message"]
    assert db.session.scalar(select(func.count(Hearing.id))) == 0


def test_missing_metadata_is_reported_per_field(db, client, login, court, liaison):
    login(liaison)
    response = client.post("/hearings/new", data=hearing_form(court_id=str(court.id), case_number="",
                                                              hearing_date=""))
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert errors["case_number"] == ["请填写案号。"] and "hearing_date" in errors


def test_chunk_beyond_declared_size_is_refused(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)["upload_url"]
    response = patch(client, url, 0, b"x" * 101)
    assert response.status_code == 400 and "超过了" in response.get_json()["message"]
    assert client.head(url).headers["Upload-Offset"] == "0"


def test_chunk_without_offset_header_is_refused(db, client, login, court, liaison):
    login(liaison)
    url = create(client, court, 100)["upload_url"]
    response = client.patch(url, data=b"x" * 10, headers=CHUNK_HEADERS)
    assert response.status_code == 400


def test_broken_recording_fails_processing_and_leaves_no_derived_files(app, db, client, login, court, liaison):
    payload = b"this is not a video\n" * 500
    login(liaison)
    created = create(client, court, len(payload), name="假录像.mp4")
    upload_all(client, created["upload_url"], payload, chunk=4096)
    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    assert hearing.status == HearingStatus.FAILED
    assert "不是有效的视频文件" in hearing.processing_error
    assert hearing.poster_file is None and hearing.playback_file is None
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1  # only the upload itself
    root = Path(app.config["UPLOAD_ROOT"])
    assert not (root / "hearing-posters").exists() or not any((root / "hearing-posters").rglob("*.jpg"))
    work_dirs = [p for p in (root / "tmp").iterdir() if p.name != "hearing-uploads"]
    assert work_dirs == []


def test_another_user_cannot_write_or_read_someone_elses_upload(db, client, login, court, liaison):
    other = make_user(roles=(Role.LIAISON,), court=court)
    login(liaison)
    url = create(client, court, 100)["upload_url"]
    login(other)
    assert client.head(url).status_code == 403
    assert patch(client, url, 0, b"x" * 10).status_code == 403


def test_unknown_upload_is_404(db, client, login, liaison):
    login(liaison)
    assert client.head("/hearings/uploads/" + "0" * 32).status_code == 404


def test_cleanup_removes_abandoned_uploads_their_files_and_hearings(app, db, client, login, court, liaison):
    login(liaison)
    old_url = create(client, court, 100)["upload_url"]
    patch(client, old_url, 0, b"x" * 40)
    fresh_url = create(client, court, 100, name="b.mp4")["upload_url"]
    patch(client, fresh_url, 0, b"y" * 40)
    old = db.session.scalar(select(HearingUpload).where(HearingUpload.token == old_url.rsplit("/", 1)[1]))
    old.updated_at = utcnow() - timedelta(hours=72)
    old_file = storage.root() / old.partial_path
    db.session.commit()
    assert old_file.exists()

    result = app.test_cli_runner().invoke(args=["cleanup-uploads", "--older-than-hours", "48"])
    assert result.exit_code == 0, result.output
    assert "已清理 1 个" in result.output
    assert not old_file.exists()
    assert db.session.scalar(select(func.count(Hearing.id))) == 1
    assert client.head(fresh_url).headers["Upload-Offset"] == "40"


def test_csrf_token_is_accepted_from_a_header(app, db, court, liaison):
    """With CSRF on, a chunk without the X-CSRFToken header is refused; with it, accepted."""
    from reviewer.extensions import db as _db

    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        page = client.get("/auth/login")
        import re

        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
        token = token.group(1) if token else re.search(r'value="([^"]+)"[^>]*name="csrf_token"',
                                                        page.get_data(as_text=True)).group(1)
        assert client.post("/auth/login", data={"username": liaison.username, "password": "secret-pass",
                                                 "csrf_token": token}).status_code == 302
        from reviewer.recordings import services

        _hearing, upload = services.create_hearing(liaison, court, {
            "month": "2021-04", "case_number": "（2021）豫0802民初2号", "hearing_date": None,
            "presiding_judge_name": "王五", "nomination": "excellent", "file_name": "a.mp4",
            "file_size": 10})
        _db.session.commit()
        url = f"/hearings/uploads/{upload.token}"
        headers = dict(CHUNK_HEADERS, **{"Upload-Offset": "0"})
        assert client.patch(url, data=b"x" * 5, headers=headers).status_code == 400
        ok = client.patch(url, data=b"x" * 5, headers=dict(headers, **{"X-CSRFToken": token}))
        assert ok.status_code == 200 and ok.headers["Upload-Offset"] == "5"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_upload_completes_even_when_the_queue_is_down(app, db, client, login, court, liaison, monkeypatch):
    """The file is kept and the hearing stays queued; the office can requeue it later."""
    from reviewer.recordings import upload_views

    def broken(*_args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(upload_views, "enqueue", broken)
    payload = os.urandom(3000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    response = patch(client, url, 0, payload)
    assert response.status_code == 200 and "无法加入处理队列" in response.get_json()["message"]
    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    assert hearing.status == HearingStatus.QUEUED and storage.path_of(hearing.file).read_bytes() == payload


# --- SHA-256 computed while the chunks are written -------------------------------------------

def _new_upload(liaison, court, size, case="（2021）豫0802民初7号"):
    from reviewer.recordings import services

    _hearing, upload = services.create_hearing(liaison, court, {
        "month": "2021-04", "case_number": case, "hearing_date": None,
        "presiding_judge_name": "王五", "nomination": "excellent", "file_name": "a.mp4",
        "file_size": size})
    return upload


@pytest.fixture
def no_rereading(monkeypatch):
    """Fail if `finish` hashes the file by reading it again."""
    from reviewer.recordings import uploads

    def reread(_path):
        raise AssertionError("finish re-read the whole file")

    monkeypatch.setattr(uploads, "hash_file", reread)


def test_hash_is_computed_while_chunks_arrive_across_a_dropped_connection(app, db, court, liaison,
                                                                          no_rereading):
    import hashlib

    from reviewer.recordings import uploads

    payload = os.urandom(2 * chunk_io.BUFFER + 777)
    upload = _new_upload(liaison, court, len(payload))
    cut = chunk_io.BUFFER + 99
    assert uploads.append(upload, 0, BrokenStream(payload, cut), len(payload)) == cut
    assert uploads.append(upload, cut, io.BytesIO(payload[cut:cut + 1000]), 1000) == cut + 1000
    rest = payload[cut + 1000:]
    assert uploads.append(upload, cut + 1000, io.BytesIO(rest), len(rest)) == len(payload)
    stored = uploads.finish(liaison, upload)
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()
    assert storage.path_of(stored).read_bytes() == payload


def test_hash_falls_back_to_reading_the_file_when_another_process_wrote_a_chunk(app, db, court, liaison,
                                                                               monkeypatch):
    import hashlib

    from reviewer.recordings import uploads

    payload = os.urandom(30_000)
    upload = _new_upload(liaison, court, len(payload))
    uploads.append(upload, 0, io.BytesIO(payload[:10_000]), 10_000)
    uploads._running.clear()  # the next chunk is received by a worker process that holds no hash
    uploads.append(upload, 10_000, io.BytesIO(payload[10_000:20_000]), 10_000)
    uploads.append(upload, 20_000, io.BytesIO(payload[20_000:]), 10_000)
    rereads = []
    real = uploads.hash_file
    monkeypatch.setattr(uploads, "hash_file", lambda path: rereads.append(path) or real(path))
    stored = uploads.finish(liaison, upload)
    assert stored.sha256 == hashlib.sha256(payload).hexdigest() and len(rereads) == 1


def test_hash_falls_back_when_the_partial_file_changed_behind_the_process(app, db, court, liaison):
    """Bytes rewritten by someone else (same size, new mtime): the stored hash is the file's."""
    import hashlib

    from reviewer.recordings import uploads

    payload = bytearray(os.urandom(20_000))
    upload = _new_upload(liaison, court, len(payload))
    uploads.append(upload, 0, io.BytesIO(bytes(payload[:10_000])), 10_000)
    path = uploads.partial_file(upload)
    with open(path, "r+b") as fh:
        fh.seek(5)
        fh.write(b"\xff\xfe")
    payload[5:7] = b"\xff\xfe"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    uploads.append(upload, 10_000, io.BytesIO(bytes(payload[10_000:])), 10_000)
    stored = uploads.finish(liaison, upload)
    assert stored.sha256 == hashlib.sha256(bytes(payload)).hexdigest()


def test_hash_is_right_after_the_server_lost_acknowledged_bytes(app, db, court, liaison):
    """The partial file was cut back (e.g. a crash): the client resumes earlier, the hash still fits."""
    import hashlib

    from reviewer.recordings import uploads

    payload = os.urandom(30_000)
    upload = _new_upload(liaison, court, len(payload))
    uploads.append(upload, 0, io.BytesIO(payload[:20_000]), 20_000)
    path = uploads.partial_file(upload)
    with open(path, "r+b") as fh:
        fh.truncate(12_000)
    with pytest.raises(uploads.UploadConflict) as conflict:
        uploads.append(upload, 20_000, io.BytesIO(payload[20_000:]), 10_000)
    assert conflict.value.offset == 12_000 and upload.offset == 12_000
    uploads.append(upload, 12_000, io.BytesIO(payload[12_000:]), 18_000)
    stored = uploads.finish(liaison, upload)
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()


def test_restarting_an_upload_from_zero_starts_a_fresh_hash(app, db, court, liaison, no_rereading):
    import hashlib

    from reviewer.recordings import uploads

    payload = os.urandom(8_000)
    upload = _new_upload(liaison, court, len(payload))
    uploads.append(upload, 0, BrokenStream(b"z" * 8_000, 0), 8_000)  # nothing arrived
    uploads.append(upload, 0, io.BytesIO(payload), len(payload))
    stored = uploads.finish(liaison, upload)
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()


class MeteredStream(io.RawIOBase):
    """A request body that records the largest read asked of it (memory stays flat)."""

    def __init__(self, size: int):
        self.left, self.largest = size, 0

    def readable(self):
        return True

    def readinto(self, view):
        self.largest = max(self.largest, len(view))
        n = min(len(view), self.left)
        view[:n] = b"\x5a" * n
        self.left -= n
        return n


def test_a_large_chunk_is_copied_through_the_fixed_buffer(app, db, court, liaison):
    from reviewer.recordings import uploads

    size = 5 * chunk_io.BUFFER + 17
    upload = _new_upload(liaison, court, size)
    stream = MeteredStream(size)
    assert uploads.append(upload, 0, stream, size) == size
    assert stream.largest <= chunk_io.BUFFER
    assert uploads.partial_file(upload).stat().st_size == size


def test_a_full_disk_is_reported_not_taken_for_a_dropped_connection(app, db, client, login, court, liaison,
                                                                    monkeypatch):
    import errno

    login(liaison)
    payload = os.urandom(2 * chunk_io.BUFFER + 10)
    url = create(client, court, len(payload))["upload_url"]
    assert patch(client, url, 0, payload[:1000]).status_code == 200
    real, calls = chunk_io.pwrite_all, []

    def full_after_one_buffer(fd, view, position):
        calls.append(len(view))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, view, position)

    monkeypatch.setattr(chunk_io, "pwrite_all", full_after_one_buffer)
    response = patch(client, url, 1000, payload[1000:])
    assert response.status_code == 400 and "存储空间不足" in response.get_json()["message"]
    assert client.head(url).headers["Upload-Offset"] == "1000"  # nothing of the refused chunk counts
    monkeypatch.setattr(chunk_io, "pwrite_all", real)
    done = patch(client, url, 1000, payload[1000:])
    assert done.status_code == 200 and done.get_json()["complete"] is True
    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    assert storage.path_of(hearing.file).read_bytes() == payload
    import hashlib
    assert hearing.file.sha256 == hashlib.sha256(payload).hexdigest()


def test_the_recording_is_flushed_to_disk_before_completion_is_reported(db, client, login, court, liaison,
                                                                          monkeypatch):
    from reviewer.recordings import uploads as upload_service

    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(upload_service.os, "fsync", lambda fd: (synced.append(os.fstat(fd).st_size), real_fsync(fd)))
    payload = os.urandom(30_000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    patch(client, url, 0, payload[:10_000])
    assert synced == []
    assert patch(client, url, 10_000, payload[10_000:]).get_json()["complete"] is True
    assert synced == [30_000]


@pytest.fixture
def offload_dir(app, tmp_path):
    folder = tmp_path / "nginx-body"
    folder.mkdir()
    app.config["UPLOAD_OFFLOAD_DIR"] = str(folder)
    yield folder
    app.config["UPLOAD_OFFLOAD_DIR"] = None


def test_a_chunk_spooled_by_the_front_server_is_taken_from_its_file(db, client, login, court, liaison, offload_dir):
    payload = os.urandom(40_000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    first = offload_dir / "0000000001"
    first.write_bytes(payload[:25_000])
    response = client.patch(url, headers=dict(CHUNK_HEADERS, **{"Upload-Offset": "0", "X-Upload-Body-File": str(first)}))
    assert response.status_code == 200 and response.headers["Upload-Offset"] == "25000"
    second = offload_dir / "0000000002"
    second.write_bytes(payload[25_000:])
    done = client.patch(url, headers=dict(CHUNK_HEADERS, **{"Upload-Offset": "25000", "X-Upload-Body-File": str(second)}))
    assert done.get_json()["complete"] is True
    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    assert storage.path_of(hearing.file).read_bytes() == payload
    assert hearing.file.sha256 == hashlib.sha256(payload).hexdigest()


def test_a_spooled_file_outside_the_offload_folder_is_refused(db, client, login, court, liaison, offload_dir, tmp_path):
    secret = tmp_path / "not-an-upload.txt"
    secret.write_bytes(b"x" * 100)
    login(liaison)
    url = create(client, court, 100)["upload_url"]
    response = client.patch(url, headers=dict(CHUNK_HEADERS, **{"Upload-Offset": "0",
                                                                "X-Upload-Body-File": str(offload_dir / ".." / secret.name)}))
    assert response.status_code == 400 and "临时文件无效" in response.get_json()["message"]
    assert response.headers["Upload-Offset"] == "0"


def test_without_a_front_server_the_header_is_ignored(db, client, login, court, liaison, tmp_path):
    elsewhere = tmp_path / "x.bin"
    elsewhere.write_bytes(b"y" * 100)
    payload = os.urandom(100)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    response = client.patch(url, data=payload, headers=dict(CHUNK_HEADERS, **{"Upload-Offset": "0",
                                                                              "X-Upload-Body-File": str(elsewhere)}))
    assert response.get_json()["complete"] is True
    hearing = db.session.scalar(select(Hearing))
    assert storage.path_of(hearing.file).read_bytes() == payload


def _hold_lock(path, seconds):
    import fcntl
    import threading

    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "ab")
    fcntl.flock(fh, fcntl.LOCK_EX)

    def release():
        time.sleep(seconds)
        fh.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_chunk_arriving_while_another_is_stored_waits_for_it(app, db, client, login, court, liaison):
    from reviewer.recordings import uploads as upload_service

    payload = os.urandom(20_000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    upload = db.session.scalar(select(HearingUpload))
    holder = _hold_lock(upload_service.partial_file(upload), 0.3)
    started = time.monotonic()
    response = patch(client, url, 0, payload)
    holder.join()
    assert response.status_code == 200 and response.get_json()["complete"] is True
    assert time.monotonic() - started >= 0.25


def test_a_chunk_waiting_too_long_for_the_lock_gets_423(app, db, client, login, court, liaison):
    from reviewer.recordings import uploads as upload_service

    payload = os.urandom(5_000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    upload = db.session.scalar(select(HearingUpload))
    app.config["UPLOAD_LOCK_WAIT"] = 0.05
    try:
        holder = _hold_lock(upload_service.partial_file(upload), 0.5)
        response = patch(client, url, 0, payload)
        holder.join()
    finally:
        app.config["UPLOAD_LOCK_WAIT"] = 60
    assert response.status_code == 423 and response.headers["Upload-Offset"] == "0"


def _direct_io_works(folder: Path) -> bool:
    probe = folder / ".o_direct_probe"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_DIRECT))
        return True
    except (OSError, AttributeError):
        return False
    finally:
        probe.unlink(missing_ok=True)


def test_aligned_bytes_go_to_the_disk_directly_and_the_rest_through_the_page_cache(app, db, court, liaison,
                                                                                  monkeypatch):
    import fcntl

    from reviewer.recordings import uploads

    if not _direct_io_works(storage.root()):
        pytest.skip("this file system has no O_DIRECT")
    writes = []
    real = os.pwrite

    def spy(fd, data, position):
        writes.append((bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT), position, len(data)))
        return real(fd, data, position)

    monkeypatch.setattr(chunk_io.os, "pwrite", spy)
    payload = os.urandom(2 * chunk_io.BUFFER + 5000)
    upload = _new_upload(liaison, court, len(payload))
    # an odd first chunk, then the rest from an unaligned offset, then from an aligned one
    assert uploads.append(upload, 0, io.BytesIO(payload[:1000]), 1000) == 1000
    assert uploads.append(upload, 1000, io.BytesIO(payload[1000:8192]), 7192) == 8192
    rest = payload[8192:]
    assert uploads.append(upload, 8192, io.BytesIO(rest), len(rest)) == len(payload)
    stored = uploads.finish(liaison, upload)
    assert storage.path_of(stored).read_bytes() == payload
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()
    direct = [w for w in writes if w[0]]
    assert all(position % chunk_io.DIRECT_ALIGN == 0 and length % chunk_io.DIRECT_ALIGN == 0
               for _, position, length in direct)
    assert sum(length for _, _, length in direct) > len(rest) - chunk_io.DIRECT_ALIGN  # all but a tail
    assert (False, 0, 1000) in writes and (False, 1000, 7192) in writes  # unaligned: page cache


def test_without_o_direct_the_upload_is_written_through_the_page_cache(app, db, court, liaison, monkeypatch):
    import errno

    from reviewer.recordings import uploads

    real = os.open

    def no_direct(path, flags, *args):
        if flags & getattr(os, "O_DIRECT", 0):
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(path, flags, *args)

    monkeypatch.setattr(chunk_io.os, "open", no_direct)
    payload = os.urandom(chunk_io.BUFFER + 4096 * 3)
    upload = _new_upload(liaison, court, len(payload))
    assert uploads.append(upload, 0, io.BytesIO(payload), len(payload)) == len(payload)
    stored = uploads.finish(liaison, upload)
    assert storage.path_of(stored).read_bytes() == payload


def test_a_disk_error_on_the_helper_thread_keeps_only_what_was_stored(app, db, court, liaison, monkeypatch):
    import errno

    from reviewer.errors import DomainError
    from reviewer.recordings import uploads

    real, calls = chunk_io.pwrite_all, []

    def fail_third(fd, view, position):
        calls.append(position)
        if len(calls) == 3:
            raise OSError(errno.EIO, "I/O error")
        real(fd, view, position)

    monkeypatch.setattr(chunk_io, "pwrite_all", fail_third)
    payload = os.urandom(4 * chunk_io.BUFFER)
    upload = _new_upload(liaison, court, len(payload))
    with pytest.raises(DomainError) as error:
        uploads.append(upload, 0, io.BytesIO(payload), len(payload))
    assert "写入录像文件失败" in error.value.message
    assert upload.offset == 2 * chunk_io.BUFFER  # the two buffers stored before the failure
    assert uploads.partial_file(upload).read_bytes() == payload[:2 * chunk_io.BUFFER]
    monkeypatch.setattr(chunk_io, "pwrite_all", real)
    monkeypatch.setattr(uploads, "hash_file", lambda path: pytest.fail("the running hash was lost"))
    rest = payload[2 * chunk_io.BUFFER:]
    assert uploads.append(upload, upload.offset, io.BytesIO(rest), len(rest)) == len(payload)
    stored = uploads.finish(liaison, upload)  # the running hash covers exactly the stored bytes
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()


def test_a_chunk_that_overtakes_the_one_before_it_waits_for_it(app, db, court, liaison):
    """Two chunks in flight on two connections: the second may reach the server first."""
    import threading

    payload = os.urandom(30_000)
    app.config["UPLOAD_AHEAD_WAIT"] = 5
    try:
        first, second = app.test_client(), app.test_client()
        first.post("/auth/login", data={"username": liaison.username, "password": "secret-pass"})
        cookie = first.get_cookie("session")  # the same browser, a second connection
        second.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
        url = create(first, court, len(payload))["upload_url"]
        answers = {}
        early = threading.Thread(target=lambda: answers.update(
            second=patch(second, url, 10_000, payload[10_000:])))
        early.start()
        time.sleep(0.3)  # the later chunk is waiting on the server
        answers["first"] = patch(first, url, 0, payload[:10_000])
        early.join(10)
    finally:
        app.config["UPLOAD_AHEAD_WAIT"] = 0.2
    assert answers["first"].status_code == 200
    assert answers["second"].status_code == 200 and answers["second"].get_json()["complete"] is True
    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    assert storage.path_of(hearing.file).read_bytes() == payload


def test_a_chunk_ahead_with_nothing_before_it_coming_gets_409_after_the_grace(app, db, client, login, court,
                                                                            liaison):
    payload = os.urandom(30_000)
    login(liaison)
    url = create(client, court, len(payload))["upload_url"]
    app.config["UPLOAD_AHEAD_WAIT"] = 0.3
    try:
        started = time.monotonic()
        response = patch(client, url, 10_000, payload[10_000:])
    finally:
        app.config["UPLOAD_AHEAD_WAIT"] = 0.2
    assert response.status_code == 409 and response.get_json()["offset"] == 0
    assert 0.25 <= time.monotonic() - started < 3
