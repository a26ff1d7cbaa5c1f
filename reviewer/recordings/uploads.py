"""Resumable uploads of hearing recordings (a tus-like protocol keyed by byte offset).

Protocol (URLs in `reviewer.recordings.upload_views`):
- creating a hearing declares the file's name and size (checked against `HEARING_MAX_BYTES` and
  the free disk space) and returns the upload URL;
- `HEAD <url>` answers `Upload-Offset`: the bytes the server holds, where the client resumes;
- `PATCH <url>` (or POST) with `Upload-Offset` and a body appends the body at that offset. The
  body is copied to disk through two fixed buffers (`BUFFER` bytes each), so memory stays flat
  whatever the chunk size; under gunicorn it is read straight from the client's socket
  (`socket_body`), and written with O_DIRECT (`chunk_io`). A wrong offset is refused with 409 and
  the current offset. If the connection
  breaks mid-chunk, what arrived is kept and the offset says so. A failed write on the server's
  side (disk full) is refused with 400 and a message, never mistaken for a dropped connection
  (the browser would otherwise resend the chunk forever).
- when the last byte arrives the file is hashed, moved into storage (`hearings/<yyyy>/<mm>/<uuid>`)
  and the hearing is queued for processing.
SHA-256 is computed while the chunks are written: the process that receives consecutive chunks
keeps a running hash per upload (`_RunningHash`), valid only while the partial file is exactly as
that process left it (same offset, size, inode and modification time). Whenever that is not
certain — another worker process wrote a chunk, the server restarted, the file was cut back —
the running hash is dropped and `finish` re-reads the whole file instead.
Abandoned uploads (no bytes for `HEARING_UPLOAD_EXPIRY_HOURS`) are deleted with their hearing
by `cleanup_abandoned` (CLI `cleanup-uploads`, and hourly in the worker).
"""
from __future__ import annotations

import fcntl
import hashlib
import mimetypes
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from models import Hearing, HearingStatus, HearingUpload, utcnow
from reviewer import audit, storage
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.recordings import chunk_io

LOCK_POLL = 0.002  # seconds between tries of a waiting chunk (the handover costs up to this)
AHEAD_POLL = 0.01  # seconds between looks at the stored offset by a chunk that came too early
PARTIAL_DIR = "tmp/hearing-uploads"
DISK_MARGIN = 256 * 1024 * 1024  # keep this much free besides the declared size
MAX_RUNNING_HASHES = 64  # uploads whose running hash a process keeps (least recently used go)


@dataclass
class _RunningHash:
    """SHA-256 of the first `offset` bytes of a partial file, and the file's state at that time."""

    offset: int
    digest: object
    stat_key: tuple

    def fits(self, upload_offset: int, st: os.stat_result) -> bool:
        return self.offset == upload_offset and self.stat_key == _stat_key(st)


_running: OrderedDict[str, _RunningHash] = OrderedDict()
_running_lock = threading.Lock()


def _stat_key(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _take_running(token: str) -> _RunningHash | None:
    with _running_lock:
        return _running.pop(token, None)


def _keep_running(token: str, state: _RunningHash) -> None:
    with _running_lock:
        _running[token] = state
        while len(_running) > MAX_RUNNING_HASHES:
            _running.popitem(last=False)


class UploadConflict(DomainError):
    """The client's offset is not the server's: it must resume from `offset` (HTTP 409)."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


class UploadBusy(DomainError):
    """Another connection is writing the same upload (HTTP 423)."""


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def check_declared_size(size: int) -> None:
    limit = current_app.config["HEARING_MAX_BYTES"]
    if size <= 0:
        raise DomainError("录像文件是空的。")
    if size > limit:
        raise DomainError(f"录像文件 {human_size(size)}，超过了大小上限 {human_size(limit)}。")
    storage.root().mkdir(parents=True, exist_ok=True)
    if size + DISK_MARGIN > shutil.disk_usage(storage.root()).free:
        raise DomainError("服务器存储空间不足，无法接收该录像，请联系审管办。")


def start(actor, hearing: Hearing, original_name: str, size: int) -> HearingUpload:
    """Open an upload for `hearing` (flushes). No file exists until the first bytes arrive."""
    check_declared_size(size)
    token = uuid.uuid4().hex
    upload = HearingUpload(
        token=token, hearing=hearing, size=size, offset=0,
        original_name=storage.clean_display_name(original_name, "庭审录像"),
        partial_path=f"{PARTIAL_DIR}/{token}", created_by_id=actor.id,
    )
    db.session.add(upload)
    db.session.flush()
    return upload


# A front server (nginx, `client_body_in_file_only`) may spool a chunk's body to a file in
# UPLOAD_OFFLOAD_DIR and pass its path in this header instead of the body: the bytes then never go
# through the Python WSGI worker's socket reads (the worker's ceiling is ~270 MB/s here).
SPOOLED_BODY_HEADER = "X-Upload-Body-File"


def spooled_body(header_value: str | None):
    """The spooled body file named by the front server, or None (feature off, or no such file).

    Honoured only when UPLOAD_OFFLOAD_DIR is configured and the path lies inside it, so a client
    talking to the application directly cannot make it read any other file.
    """
    folder = current_app.config.get("UPLOAD_OFFLOAD_DIR")
    if not folder or not header_value:
        return None
    root = Path(folder).resolve()
    path = Path(header_value).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise DomainError("上传数据的临时文件无效。")
    return path


def partial_file(upload: HearingUpload):
    return storage.root() / upload.partial_path


@contextmanager
def exclusive(upload: HearingUpload, turn_has_come=None):
    """The upload's partial file, locked for this request until the block ends.

    A browser keeps the next chunk in flight while the server stores the previous one; that
    request waits here (up to UPLOAD_LOCK_WAIT seconds, then 423) instead of being refused, and
    the caller commits inside the block so the waiting request then sees the new offset.

    Over two connections the next chunk may even arrive first. `turn_has_come()`, asked while the
    lock is held, says whether the bytes before this chunk are stored; if not, the lock is let go
    for the chunk before it, for up to UPLOAD_AHEAD_WAIT seconds with nobody writing (a client
    that is simply wrong about the offset gets its 409 after that grace, not after a minute).
    """
    path = partial_file(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o640)
    config = current_app.config
    with open(fd, "r+b", buffering=0) as fh:
        deadline = time.monotonic() + float(config.get("UPLOAD_LOCK_WAIT", 60))
        idle_since = None  # when this chunk, ahead of the stored bytes, found nobody writing
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UploadBusy("另一个连接正在上传这个文件，请稍候再试。") from None
                idle_since = None  # somebody is writing: perhaps the chunk before this one
                time.sleep(LOCK_POLL)
                continue
            now = time.monotonic()
            idle_since = idle_since or now
            if (turn_has_come is None or turn_has_come() or now >= deadline
                    or now - idle_since >= float(config.get("UPLOAD_AHEAD_WAIT", 5))):
                break
            fcntl.flock(fh, fcntl.LOCK_UN)
            time.sleep(AHEAD_POLL)
        yield fh


def append(upload: HearingUpload, offset: int, stream, length: int | None, fh=None) -> int:
    """Write `length` bytes from `stream` at `offset` into the locked partial file `fh` (from
    `exclusive`; locked here when not given); returns the new offset (flushes). How the bytes
    travel (aligned buffers, O_DIRECT, a hashing and writing thread): `chunk_io.copy_chunk`."""
    if fh is None:
        with exclusive(upload) as locked:
            return append(upload, offset, stream, length, locked)
    digest = _begin(upload, offset, length, fh)
    written = 0
    try:
        written = chunk_io.copy_chunk(stream, fh, upload.offset, length, digest)
    except chunk_io.StoreFailed as failure:
        written = failure.written  # the hash covers exactly these bytes
        raise
    except BaseException:
        digest = None  # how far the hash got is unknown: `finish` re-reads the file
        raise
    finally:
        _end(upload, written, digest, fh)
    return upload.offset


def _begin(upload: HearingUpload, offset: int, length: int | None, fh):
    """Check a chunk against the upload and ready the partial file for it; returns the running
    SHA-256 to continue, or None when `finish` must re-read the file."""
    if upload.complete:
        raise UploadConflict("该录像已上传完成。", upload.offset)
    if length is None:
        raise DomainError("请求缺少 Content-Length。")
    if offset != upload.offset:
        raise UploadConflict(f"上传位置不一致：服务器已收到 {upload.offset} 字节，请从该位置继续。",
                             upload.offset)
    if offset + length > upload.size:
        raise DomainError("上传的数据超过了创建上传时声明的文件大小。")
    before = os.fstat(fh.fileno())
    held = before.st_size
    running = _take_running(upload.token)
    if held < upload.offset:  # the server lost bytes it had acknowledged (e.g. a crash)
        upload.offset = held
        db.session.flush()
        raise UploadConflict(f"服务器只保存了 {held} 字节，请从该位置继续。", held)
    fh.truncate(upload.offset)  # drop the unacknowledged tail of an interrupted chunk
    fh.seek(upload.offset)
    if upload.offset == 0:
        return hashlib.sha256()
    if running is not None and running.fits(upload.offset, before):
        return running.digest
    return None  # not this process's bytes, or not as it left them: `finish` re-reads


def _end(upload: HearingUpload, written: int, digest, fh) -> None:
    """Record the `written` bytes of a chunk (also after a failure) and keep the running hash."""
    upload.offset += written
    upload.updated_at = utcnow()
    db.session.flush()
    fh.truncate(upload.offset)  # a failed write may have left bytes past the count
    if digest is not None:
        _keep_running(upload.token,
                      _RunningHash(upload.offset, digest, _stat_key(os.fstat(fh.fileno()))))


def hash_file(path) -> str:
    """SHA-256 of a whole file, read through the fixed buffer."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        buffer = bytearray(chunk_io.BUFFER)
        view = memoryview(buffer)
        while n := fh.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


def finish(actor, upload: HearingUpload):
    """Move the complete file into storage and queue the hearing for processing (flushes)."""
    path = partial_file(upload)
    if upload.offset != upload.size or not path.is_file() or path.stat().st_size != upload.size:
        raise UploadConflict("录像尚未上传完整。", upload.offset)
    running = _take_running(upload.token)
    if running is not None and running.fits(upload.size, path.stat()):
        sha256 = running.digest.hexdigest()
    else:
        sha256 = hash_file(path)
    _make_durable(path)
    temp = storage.TempUpload(path, upload.size, sha256, upload.original_name)
    mime = mimetypes.guess_type(upload.original_name)[0] or "application/octet-stream"
    stored = storage.store(temp, "hearings", mime, uploaded_by=actor)
    hearing = upload.hearing
    now = utcnow()
    hearing.file = stored
    hearing.status = HearingStatus.QUEUED
    hearing.submitted_at = now
    upload.completed_at = now
    audit.record(actor, "hearing.upload_completed", hearing,
                 after={"size": upload.size, "sha256": stored.sha256},
                 summary=f"上传庭审录像 {hearing.case_number}（{human_size(upload.size)}）")
    db.session.flush()
    return stored


def _make_durable(path) -> None:
    """Flush the recording to the disk before telling the court it has arrived: a crash after
    "上传完成" must not lose hours of hearing."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cleanup_abandoned(older_than: timedelta) -> int:
    """Delete uploads idle for longer than `older_than`, their partial files and their hearings.

    Also removes stray partial files that no upload row refers to. Returns the uploads removed.
    """
    session = db.session
    cutoff = utcnow() - older_than
    stale = session.scalars(
        select(HearingUpload).where(HearingUpload.completed_at.is_(None),
                                    HearingUpload.updated_at < cutoff)
    ).all()
    for upload in stale:
        _take_running(upload.token)
        partial_file(upload).unlink(missing_ok=True)
        hearing = upload.hearing
        audit.record(None, "hearing.upload_abandoned", hearing,
                     summary=f"清理未完成的上传 {hearing.case_number}（{upload.offset}/{upload.size} 字节）")
        session.delete(upload)
        if hearing.status == HearingStatus.UPLOADING:
            session.delete(hearing)
    session.flush()
    directory = storage.root() / PARTIAL_DIR
    if directory.is_dir():
        known = set(session.scalars(select(HearingUpload.token)
                                    .where(HearingUpload.completed_at.is_(None))))
        for path in directory.iterdir():
            if path.name not in known and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
    return len(stale)
