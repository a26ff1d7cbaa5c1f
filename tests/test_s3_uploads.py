"""Recording uploads over tus on the S3 backend (moto's S3 server on loopback, tests/s3_store.py):
parts and the incomplete part, resume after a dropped connection, checksums, one writer across
two app instances sharing the database (423), termination and clean-up leave no object or
multipart upload behind. The local backend's protocol tests: tests/test_hearing_uploads.py."""
from __future__ import annotations

import hashlib
import io
import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import Hearing, HearingStatus, HearingUpload, TokenScope, utcnow
from reviewer import create_app, jobs, storage
from reviewer.recordings import uploads
from reviewer.storage.multipart import MIN_PART
from tests.s3_store import s3, s3_server  # noqa: F401  (fixtures)
from tests.tus_helpers import TUS, checksum, court, create, head, liaison, patch, the_hearing  # noqa: F401

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def no_processing(monkeypatch):
    """These bodies are random bytes, not recordings: the queue is not asked (tests of processing
    on S3 are in tests/test_s3_processing.py)."""
    monkeypatch.setattr(jobs, "enqueue", lambda *_args: None)


def the_upload(db) -> HearingUpload:
    upload = db.session.scalar(select(HearingUpload))
    db.session.refresh(upload)
    return upload


def test_patches_become_parts_and_an_incomplete_part_until_the_last_byte(db, client, login, court, liaison, s3):
    payload = os.urandom(12 * MB + 1234)
    login(liaison)
    url = create(client, court, len(payload))
    upload = the_upload(db)
    tail = f"tmp/hearing-uploads/{upload.token}.part"
    assert patch(client, url, 0, payload[:3 * MB]).status_code == 204
    assert s3.keys("tmp/") == [tail] and head(client, url).headers["Upload-Offset"] == str(3 * MB)
    assert patch(client, url, 3 * MB, payload[3 * MB:6 * MB]).status_code == 204  # 6 MiB: one part
    assert s3.keys("tmp/") == []
    parts = s3.client.list_parts(Bucket=s3.name, Key=upload.partial_path, UploadId=the_upload(db).multipart_id)
    assert [p["Size"] for p in parts["Parts"]] == [6 * MB]
    offset = 6 * MB
    while offset < len(payload):
        response = patch(client, url, offset, payload[offset:offset + 3 * MB])
        assert response.status_code == 204, response.get_data(as_text=True)
        offset = int(response.headers["Upload-Offset"])
    hearing = the_hearing(db)
    assert hearing.status == HearingStatus.QUEUED and hearing.file.storage_path == upload.partial_path
    assert s3.body(hearing.file.storage_path) == payload
    assert hearing.file.sha256 == hashlib.sha256(payload).hexdigest() and hearing.file.size == len(payload)
    assert s3.keys("tmp/") == [] and s3.multipart_uploads() == []
    assert not [p for p in storage.scratch().rglob("*") if p.is_file()]  # no spool left on this node


def test_a_wrong_offset_gets_409_with_what_the_store_holds(db, client, login, court, liaison, s3):
    payload = os.urandom(50_000)
    login(liaison)
    url = create(client, court, len(payload))
    patch(client, url, 0, payload[:20_000])
    wrong = patch(client, url, 30_000, payload[30_000:])
    assert wrong.status_code == 409 and "20000" in wrong.get_data(as_text=True)
    assert patch(client, url, 20_000, payload[20_000:]).status_code == 204
    assert s3.body(the_hearing(db).file.storage_path) == payload


class BodyStream(io.RawIOBase):
    """A request body over `data` (seekable only so the test client can measure it)."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, offset, whence=0):
        self.pos = len(self.data) + offset if whence == 2 else offset
        return self.pos


class DroppedStream(BodyStream):
    """A request body whose connection drops after `limit` bytes."""

    def __init__(self, data: bytes, limit: int):
        super().__init__(data)
        self.limit = limit

    def readinto(self, view):
        if self.pos >= self.limit:
            raise ConnectionResetError("client went away")
        n = min(len(view), self.limit - self.pos)
        view[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


def test_bytes_before_a_dropped_connection_are_kept_and_the_client_resumes(db, client, login, court, liaison, s3):
    payload = os.urandom(7 * MB + 99)
    login(liaison)
    url = create(client, court, len(payload))
    cut = 5 * MB + 17
    dropped = client.patch(url, input_stream=DroppedStream(payload, cut), headers=dict(TUS, **{
        "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(len(payload))}))
    assert dropped.status_code == 204 and dropped.headers["Upload-Offset"] == str(cut)
    assert head(client, url).headers["Upload-Offset"] == str(cut)  # a part of 5 MiB + 17 bytes
    assert patch(client, url, cut, payload[cut:]).status_code == 204
    hearing = the_hearing(db)
    assert s3.body(hearing.file.storage_path) == payload
    assert hearing.file.sha256 == hashlib.sha256(payload).hexdigest()


def test_a_body_that_fails_its_checksum_counts_for_nothing(db, client, login, court, liaison, s3):
    payload = os.urandom(30_000)
    login(liaison)
    url = create(client, court, len(payload))
    assert patch(client, url, 0, payload[:10_000], checksum("sha1", payload[:10_000])).status_code == 204
    bad = patch(client, url, 10_000, payload[10_000:20_000], checksum("sha1", b"something else"))
    assert bad.status_code == 460 and head(client, url).headers["Upload-Offset"] == "10000"
    assert patch(client, url, 10_000, payload[10_000:], checksum("sha256", payload[10_000:])).status_code == 204
    assert the_hearing(db).file.sha256 == hashlib.sha256(payload).hexdigest()


class GatedStream(BodyStream):
    """A body that sends `first` bytes, then waits for `gate` before the rest (a slow client)."""

    def __init__(self, data: bytes, first: int):
        super().__init__(data)
        self.first = first
        self.waiting, self.gate = threading.Event(), threading.Event()

    def readinto(self, view):
        if self.pos >= self.first and not self.gate.is_set():
            self.waiting.set()
            assert self.gate.wait(timeout=60), "the test never opened the gate"
        end = len(self.data) if self.gate.is_set() else self.first
        n = min(len(view), end - self.pos)
        view[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


@pytest.fixture(params=["local", "s3"])
def backend(request, app):
    if request.param == "s3":
        request.getfixturevalue("s3")
    return request.param


def test_a_patch_on_another_app_instance_while_one_writes_gets_423(app, db, court, liaison, backend, tmp_path):
    """Two app instances (two machines) share the database; each has its own local folder."""
    from reviewer.auth.tokens import create_token

    _token, secret = create_token(liaison, "审判流程系统", TokenScope.WRITE, 30)
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    first = app.test_client()
    url = create(first, court, 2 * MIN_PART, headers=bearer)
    settings = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "STORAGE_BACKEND", "S3_ENDPOINT_URL",
                                                 "S3_BUCKET", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_REGION")}
    other = create_app({**settings, "TESTING": True, "WTF_CSRF_ENABLED": False, "SERVER_NAME": "localhost",
                        "UPLOAD_ROOT": str(tmp_path / "node-b"), "UPLOAD_LOCK_WAIT": 0.3})
    payload = os.urandom(2 * MIN_PART)
    body, answers = GatedStream(payload, MB), []
    writer = threading.Thread(target=lambda: answers.append(first.patch(url, input_stream=body, headers=dict(
        TUS, **bearer, **{"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
                          "Content-Length": str(len(payload))}))))
    writer.start()
    try:
        assert body.waiting.wait(timeout=60)  # the first instance holds the lease and is copying
        busy = patch(other.test_client(), url, 0, payload, bearer)
        assert busy.status_code == 423 and "另一个连接" in busy.get_data(as_text=True)
    finally:
        body.gate.set()
        writer.join(timeout=120)
    assert answers[0].status_code == 204 and answers[0].headers["Upload-Offset"] == str(len(payload))
    assert the_hearing(db).file.sha256 == hashlib.sha256(payload).hexdigest()
    assert db.session.scalar(select(HearingUpload.lock_owner)) is None


def test_termination_aborts_the_multipart_upload_and_its_incomplete_part(db, client, login, court, liaison, s3):
    payload = os.urandom(6 * MB + 10)
    login(liaison)
    url = create(client, court, len(payload) + 100)
    patch(client, url, 0, payload)  # one part of 6 MiB and nothing in the incomplete part
    patch(client, url, len(payload), b"x" * 40)  # an incomplete part
    assert len(s3.multipart_uploads()) == 1 and len(s3.keys("tmp/")) == 1
    assert client.delete(url, headers=TUS).status_code == 204
    assert s3.multipart_uploads() == [] and s3.keys() == []
    assert db.session.scalar(select(func.count(Hearing.id))) == 0


def test_cleanup_aborts_an_abandoned_upload_and_keeps_a_live_one(app, db, client, login, court, liaison, s3):
    login(liaison)
    old_url = create(client, court, MIN_PART + 100)
    patch(client, old_url, 0, b"x" * MIN_PART)  # a part
    patch(client, old_url, MIN_PART, b"x" * 40)  # and an incomplete part
    fresh_url = create(client, court, 100, filename="b.mp4")
    patch(client, fresh_url, 0, b"y" * 40)
    old = db.session.scalar(select(HearingUpload).where(HearingUpload.token == old_url.rsplit("/", 1)[1]))
    old.updated_at = utcnow() - timedelta(hours=72)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cleanup-uploads", "--older-than-hours", "48"])
    assert result.exit_code == 0, result.output
    assert "已清理 1 个" in result.output
    fresh = db.session.scalar(select(HearingUpload))
    assert [u["UploadId"] for u in s3.multipart_uploads()] == [fresh.multipart_id]
    assert s3.keys() == [f"tmp/hearing-uploads/{fresh.token}.part"]
    assert head(client, fresh_url).headers["Upload-Offset"] == "40"


def test_strays_no_upload_refers_to_are_removed(app, db, client, login, court, liaison, s3):
    from reviewer.recordings import upload_s3

    login(liaison)
    url = create(client, court, MIN_PART + 100)
    patch(client, url, 0, b"x" * MIN_PART)
    patch(client, url, MIN_PART, b"x" * 40)
    stray = s3.client.create_multipart_upload(Bucket=s3.name, Key="hearings/2020/01/" + "f" * 32)
    s3.client.put_object(Bucket=s3.name, Key="tmp/hearing-uploads/" + "e" * 32 + ".part", Body=b"z")
    assert upload_s3.remove_strays(utcnow() + timedelta(minutes=1)) == 2
    live = the_upload(db)
    assert [u["UploadId"] for u in s3.multipart_uploads()] == [live.multipart_id] != [stray["UploadId"]]
    assert s3.keys() == [f"tmp/hearing-uploads/{live.token}.part"]


def test_the_service_level_resume_keeps_the_incomplete_part_between_calls(app, db, court, liaison, s3):
    """Creating and sending in one unit of work (the demo data does) needs no lease."""
    from reviewer.recordings import services

    payload = os.urandom(MIN_PART + 3000)
    _hearing, upload = services.create_hearing(liaison, court, {
        "month": "2021-04", "case_number": "（2021）豫0802民初7号", "hearing_date": None,
        "presiding_judge_name": "王五", "nomination": "excellent", "file_name": "a.mp4",
        "file_size": len(payload)})
    assert uploads.receive(upload, 0, io.BytesIO(payload[:1000]), 1000) == 1000
    assert uploads.receive(upload, 1000, io.BytesIO(payload[1000:]), len(payload) - 1000) == len(payload)
    stored = uploads.finish(liaison, upload)
    assert s3.body(stored.storage_path) == payload and stored.sha256 == hashlib.sha256(payload).hexdigest()
    db.session.rollback()  # the transaction that stored it rolls back: no object is left
    assert s3.keys() == []


def test_a_head_completes_an_upload_whose_parts_were_joined_before_a_crash(app, db, client, login, court, liaison,
                                                                             s3, monkeypatch):
    """The parts were joined into the object, then the request died before its commit: the next
    HEAD finds the whole object (not offset 0) and completes the upload from it."""
    payload = os.urandom(MIN_PART + 500)
    login(liaison)
    url = create(client, court, len(payload))

    def crash(*_args, **_kwargs):
        raise RuntimeError("the server stopped here")

    adopt = storage.adopt
    monkeypatch.setattr(storage, "adopt", crash)
    with pytest.raises(RuntimeError):
        patch(client, url, 0, payload)
    monkeypatch.setattr(storage, "adopt", adopt)
    assert s3.multipart_uploads() == [] and s3.body(the_upload(db).partial_path) == payload
    state = head(client, url)
    assert state.status_code == 200 and state.headers["Upload-Offset"] == str(len(payload))
    hearing = the_hearing(db)
    assert hearing.status != HearingStatus.UPLOADING and hearing.file.sha256 == hashlib.sha256(payload).hexdigest()
