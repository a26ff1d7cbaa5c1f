"""Storing a recording upload's bytes (reviewer/recordings/uploads.py, upload_hash.py): what a dropped
connection keeps, the running SHA-256 and when it is not trusted, a full disk, memory per body."""
from __future__ import annotations

import base64
import errno
import hashlib
import io
import os

import pytest

from models import Role
from reviewer.recordings import services, tus, upload_hash, upload_io, uploads
from tests.factories import make_court, make_user


@pytest.fixture
def liaison(db):
    return make_user(roles=(Role.LIAISON,), court=make_court("豫0802"))


@pytest.fixture
def court(liaison):
    return liaison.court


def new_upload(liaison, court, size):
    _hearing, upload = services.create_hearing(liaison, court, {
        "month": "2021-04", "case_number": "（2021）豫0802民初7号", "hearing_date": None,
        "presiding_judge_name": "王五", "nomination": "excellent", "file_name": "a.mp4", "file_size": size})
    return upload


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


@pytest.fixture
def no_rereading(monkeypatch):
    def reread(_path):
        raise AssertionError("finish re-read the whole file")

    monkeypatch.setattr(upload_hash, "hash_file", reread)


def test_bytes_before_a_dropped_connection_are_kept_and_hashed_on_the_way(app, db, court, liaison, no_rereading):
    payload = os.urandom(3 * upload_io.BUFFER + 123)
    upload = new_upload(liaison, court, len(payload))
    cut = upload_io.BUFFER + 500
    assert uploads.receive(upload, 0, BrokenStream(payload, cut), len(payload)) == cut
    assert uploads.partial_file(upload).read_bytes() == payload[:cut] and uploads.held(upload) == cut
    assert uploads.receive(upload, cut, io.BytesIO(payload[cut:]), len(payload) - cut) == len(payload)
    assert uploads.finish(liaison, upload).sha256 == hashlib.sha256(payload).hexdigest()


def test_the_file_not_the_row_says_where_to_resume(app, db, court, liaison):
    """A server killed mid-body leaves bytes the row never counted: the client resumes after them."""
    payload = os.urandom(20_000)
    upload = new_upload(liaison, court, len(payload))
    partial = uploads.partial_file(upload)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(payload[:12_345])
    assert upload.offset == 0 and uploads.held(upload) == 12_345
    with pytest.raises(tus.Refusal) as refusal:
        uploads.receive(upload, 0, io.BytesIO(payload), len(payload))
    assert refusal.value.status == 409 and upload.offset == 12_345
    uploads.receive(upload, 12_345, io.BytesIO(payload[12_345:]), 20_000 - 12_345)
    assert uploads.finish(liaison, upload).sha256 == hashlib.sha256(payload).hexdigest()


def test_the_hash_is_read_again_when_another_process_wrote_bytes(app, db, court, liaison, monkeypatch):
    payload = os.urandom(30_000)
    upload = new_upload(liaison, court, len(payload))
    uploads.receive(upload, 0, io.BytesIO(payload[:10_000]), 10_000)
    upload_hash._kept.clear()  # the next body goes to a worker process that holds no hash
    uploads.receive(upload, 10_000, io.BytesIO(payload[10_000:]), 20_000)
    rereads, real = [], upload_hash.hash_file
    monkeypatch.setattr(upload_hash, "hash_file", lambda path: rereads.append(path) or real(path))
    assert uploads.finish(liaison, upload).sha256 == hashlib.sha256(payload).hexdigest() and len(rereads) == 1


def test_the_hash_is_read_again_when_the_file_changed_behind_the_process(app, db, court, liaison):
    payload = bytearray(os.urandom(20_000))
    upload = new_upload(liaison, court, len(payload))
    uploads.receive(upload, 0, io.BytesIO(bytes(payload[:10_000])), 10_000)
    path = uploads.partial_file(upload)
    with open(path, "r+b") as fh:
        fh.seek(5)
        fh.write(b"\xff\xfe")
    payload[5:7] = b"\xff\xfe"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    uploads.receive(upload, 10_000, io.BytesIO(bytes(payload[10_000:])), 10_000)
    assert uploads.finish(liaison, upload).sha256 == hashlib.sha256(bytes(payload)).hexdigest()


def test_a_checksummed_body_cut_short_counts_for_nothing(app, db, court, liaison, no_rereading):
    payload = os.urandom(3 * upload_io.BUFFER)
    upload = new_upload(liaison, court, len(payload))
    uploads.receive(upload, 0, io.BytesIO(payload[:1000]), 1000)
    rest = payload[1000:]
    check = tus.checksum("sha1 " + base64.b64encode(hashlib.sha1(rest).digest()).decode())
    assert uploads.receive(upload, 1000, BrokenStream(rest, upload_io.BUFFER + 7), len(rest), check) == 1000
    assert uploads.held(upload) == 1000
    assert uploads.receive(upload, 1000, io.BytesIO(rest), len(rest), check) == len(payload)
    assert uploads.finish(liaison, upload).sha256 == hashlib.sha256(payload).hexdigest()


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


def test_a_large_body_is_copied_through_the_fixed_buffer(app, db, court, liaison):
    size = 5 * upload_io.BUFFER + 17
    upload = new_upload(liaison, court, size)
    stream = MeteredStream(size)
    assert uploads.receive(upload, 0, stream, size) == size
    assert stream.largest <= upload_io.BUFFER and uploads.partial_file(upload).stat().st_size == size


def test_a_full_disk_is_507_keeps_what_was_written_and_the_upload_resumes(app, db, court, liaison, monkeypatch):
    payload = os.urandom(3 * upload_io.BUFFER)
    upload = new_upload(liaison, court, len(payload))
    real, calls = upload_io._write_all, []

    def full_after_one_buffer(fh, view):
        calls.append(len(view))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fh, view)

    monkeypatch.setattr(upload_io, "_write_all", full_after_one_buffer)
    with pytest.raises(tus.Refusal) as refusal:
        uploads.receive(upload, 0, io.BytesIO(payload), len(payload))
    assert refusal.value.status == 507 and "存储空间不足" in refusal.value.message
    assert uploads.held(upload) == upload_io.BUFFER == upload.offset
    monkeypatch.setattr(upload_io, "_write_all", real)
    rest = payload[upload_io.BUFFER:]
    assert uploads.receive(upload, upload_io.BUFFER, io.BytesIO(rest), len(rest)) == len(payload)
    assert uploads.finish(liaison, upload).sha256 == hashlib.sha256(payload).hexdigest()
