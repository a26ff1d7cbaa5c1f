"""Resumable uploads of hearing recordings: the server side of tus 1.0 (protocol: `tus.py`, URLs:
`upload_views.py`, the choice of writing it here rather than using a library: docs/hearings.md).

- `start` opens an upload for a hearing with its declared size (checked against
  `HEARING_MAX_BYTES` and the free disk space); no file exists until the first bytes arrive.
- The partial file (`tmp/hearing-uploads/<token>`) is the truth about the offset: the bytes on
  disk are the bytes received. A request that dies mid-body (dropped connection, `kill -9` of the
  server) leaves every byte it wrote, and the client resumes from there (`held`). The row's
  `offset` follows it at the end of each request, for the pages that show progress.
- `receive` streams a PATCH body to the end of the file with plain writes through one fixed
  buffer (`BUFFER`), so memory stays flat whatever the body's size, under the upload's lock
  (`locked`: one writer; another request waits up to `UPLOAD_LOCK_WAIT`, then 423). With an
  `Upload-Checksum` the body's bytes count only if they match (else they are cut off again: 460).
- `finish`, when the last byte is there: SHA-256 (kept running while the bytes arrive by the
  process that wrote them, `upload_hash`; else the file is read again), fsync, into storage, the
  hearing `QUEUED`, audited.
- Abandoned uploads (no bytes for `HEARING_UPLOAD_EXPIRY_HOURS`) are deleted with their hearing by
  `cleanup_abandoned` (CLI `cleanup-uploads`, and hourly in the worker).
"""
from __future__ import annotations

import errno
import fcntl
import mimetypes
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from models import Hearing, HearingStatus, HearingUpload, utcnow
from reviewer import audit, storage
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.recordings import upload_hash
from reviewer.recordings.tus import Refusal

BUFFER = 1024 * 1024
SETTLE_EVERY = 32 * 1024 * 1024  # flush and drop from the page cache this many written bytes at a time
LOCK_POLL = 0.05  # seconds between tries for a busy upload's lock
PARTIAL_DIR = "tmp/hearing-uploads"
DISK_MARGIN = 256 * 1024 * 1024  # keep this much free besides the declared size
DISK_FULL_MESSAGE = "服务器存储空间不足，录像暂时无法继续上传，请联系审管办。"
WRITE_FAILED_MESSAGE = "服务器写入录像文件失败，请稍后重试或联系审管办。"


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


def partial_file(upload: HearingUpload):
    return storage.root() / upload.partial_path


def held(upload: HearingUpload) -> int:
    """The bytes the server holds: all of them once complete, else the partial file's size."""
    if upload.complete:
        return upload.size
    try:
        return min(partial_file(upload).stat().st_size, upload.size)
    except FileNotFoundError:
        return 0


def expires_at(upload: HearingUpload):
    """When the periodic clean-up may delete this upload if no more bytes arrive."""
    return upload.updated_at + timedelta(hours=current_app.config["HEARING_UPLOAD_EXPIRY_HOURS"])


@contextmanager
def locked(upload: HearingUpload):
    """The upload's partial file, open for writing and locked for this request.

    A client resuming after a dropped connection may reach the server while the request that lost
    its client still holds the lock: it waits up to UPLOAD_LOCK_WAIT seconds, then gets 423 (tus
    clients retry it)."""
    path = partial_file(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o640), "r+b", buffering=0) as fh:
        deadline = time.monotonic() + float(current_app.config["UPLOAD_LOCK_WAIT"])
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Refusal(423, "另一个连接正在上传这个文件，请稍候再试。") from None
                time.sleep(LOCK_POLL)
        yield fh


def receive(upload: HearingUpload, offset: int, stream, length: int | None, checksum=None) -> int:
    """Append a PATCH body (`length` bytes from `stream`) at `offset`; returns the new offset
    (flushes). `checksum`: a `tus.Checksum` the body must match. Raises `Refusal` for the
    protocol's refusals (409 wrong offset, 460 checksum, 507 disk full…)."""
    if upload.complete:
        raise Refusal(409, "该录像已上传完成。")
    if length is None:
        raise Refusal(411, "请求缺少 Content-Length。")
    with locked(upload) as fh:
        start_at = os.fstat(fh.fileno()).st_size
        if start_at > upload.size:  # never written by this code; start over rather than guess
            fh.truncate(0)
            start_at = 0
        if offset != start_at:
            _sync(upload, start_at)
            raise Refusal(409, f"上传位置不一致：服务器已收到 {start_at} 字节，请从该位置继续。")
        if offset + length > upload.size:
            raise Refusal(413, "上传的数据超过了创建上传时声明的文件大小。")
        running = upload_hash.take(upload.token, fh, offset)
        body = checksum.hasher() if checksum else None
        before = running.copy() if running is not None and body is not None else running
        got, failure = _copy(stream, fh, offset, length, running, body)
        if body is not None and (got < length or not checksum.matches(body)):
            fh.truncate(offset)  # unverified bytes never count
            _remember(upload, fh, before)
            _sync(upload, offset)
            if got == length:
                raise Refusal(460, "上传数据的校验和不一致，请重新发送这一段。")
        else:
            _remember(upload, fh, running if failure is None else None)
            _sync(upload, offset + got)
        if failure is not None:
            full = failure.errno in (errno.ENOSPC, errno.EDQUOT)
            raise Refusal(507 if full else 503, DISK_FULL_MESSAGE if full else WRITE_FAILED_MESSAGE)
        return upload.offset


def _copy(stream, fh, offset: int, length: int, running, body) -> tuple[int, OSError | None]:
    """Copy up to `length` bytes from `stream` to `fh` at `offset`, hashing them as they go;
    returns the bytes written and the disk's error, if any (then the file is cut back to the
    bytes written). A client that goes away ends the copy early, keeping what arrived.

    Every `SETTLE_EVERY` bytes the file is flushed and those pages are dropped from the page cache
    (`_settle`): the kernel then reuses the same memory instead of taking fresh pages, which on a
    virtual machine costs more CPU than the copy itself (measured here: 2.3 s CPU and 8 s per GiB
    without, 0.3 s and 1.1 s with), and the fsync before "complete" has little left to do."""
    buffer = bytearray(BUFFER)
    view = memoryview(buffer)
    fh.seek(offset)
    got = settled = 0
    while got < length:
        if got - settled >= SETTLE_EVERY:
            try:
                _settle(fh, offset + settled, got - settled)
            except OSError as error:
                fh.truncate(offset + settled)
                return settled, error
            settled = got
        try:
            n = _read_into(stream, view[:min(BUFFER, length - got)])
        except OSError:  # the client went away (ClientDisconnected is a BadRequest, see below)
            break
        if not n:
            break
        try:
            _write_all(fh, view[:n])
        except OSError as error:
            fh.truncate(offset + got)
            return got, error
        for digest in (running, body):
            if digest is not None:
                digest.update(view[:n])
        got += n
    return got, None


def _settle(fh, start: int, length: int) -> None:
    os.fdatasync(fh.fileno())
    os.posix_fadvise(fh.fileno(), start, length, os.POSIX_FADV_DONTNEED)


def _read_into(stream, view: memoryview) -> int:
    from werkzeug.exceptions import ClientDisconnected

    try:
        readinto = getattr(stream, "readinto", None)
        if readinto is not None:
            return readinto(view) or 0
        data = stream.read(len(view))
    except ClientDisconnected as error:
        raise OSError("client disconnected") from error
    view[:len(data)] = data
    return len(data)


def _write_all(fh, view: memoryview) -> None:
    while len(view):
        view = view[fh.write(view):]


def _remember(upload: HearingUpload, fh, digest) -> None:
    if digest is not None:
        upload_hash.keep(upload.token, fh, digest)


def _sync(upload: HearingUpload, offset: int) -> None:
    """The row follows the file (and the clean-up counts the request as activity)."""
    upload.offset = offset
    upload.updated_at = utcnow()
    db.session.flush()


def finish(actor, upload: HearingUpload):
    """Move the complete file into storage and mark the hearing for processing (flushes)."""
    path = partial_file(upload)
    if upload.complete or held(upload) != upload.size or path.stat().st_size != upload.size:
        raise Refusal(409, "录像尚未上传完整。")
    sha256 = upload_hash.final(upload.token, path)
    _make_durable(path)
    temp = storage.TempUpload(path, upload.size, sha256, upload.original_name)
    mime = mimetypes.guess_type(upload.original_name)[0] or "application/octet-stream"
    stored = storage.store(temp, "hearings", mime, uploaded_by=actor)
    hearing = upload.hearing
    now = utcnow()
    hearing.file = stored
    hearing.status = HearingStatus.QUEUED
    hearing.submitted_at = now
    upload.offset = upload.size
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
        upload_hash.forget(upload.token)
        received = held(upload)
        partial_file(upload).unlink(missing_ok=True)
        hearing = upload.hearing
        audit.record(None, "hearing.upload_abandoned", hearing,
                     summary=f"清理未完成的上传 {hearing.case_number}（{received}/{upload.size} 字节）")
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
