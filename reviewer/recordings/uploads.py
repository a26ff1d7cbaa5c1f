"""Resumable uploads of hearing recordings: the server side of tus 1.0 (protocol: `tus.py`, URLs:
`upload_views.py`, the choice of writing it here rather than using a library: docs/hearings.md).

- `start` opens an upload for a hearing with its declared size (checked against
  `HEARING_MAX_BYTES` and, on the local backend, the free disk space); no file exists until the
  first bytes arrive.
- On the S3 backend the bytes go to a multipart object instead of a file (`upload_s3.py`); what
  follows describes the local backend, and the rules (offsets, checksums, lease) are the same.
- The partial file (`tmp/hearing-uploads/<token>`) is the truth about the offset: the bytes on
  disk are the bytes received. A request that dies mid-body (dropped connection, `kill -9` of the
  server) leaves every byte it wrote, and the client resumes from there (`held`). The row's
  `offset` follows it at the end of each request, for the pages that show progress.
- `receive` streams a PATCH body to the end of the file with plain writes through one fixed
  buffer (`upload_io.copy_body`), so memory stays flat whatever the body's size, under the upload's
  lease in the database (`upload_lock`: one writer across processes and machines; another
  request waits up to `UPLOAD_LOCK_WAIT`, then 423). With an
  `Upload-Checksum` the body's bytes count only if they match (else they are cut off again: 460).
- `finish`, when the last byte is there: SHA-256 (kept running while the bytes arrive by the
  process that wrote them, `upload_hash`; else the file is read again), fsync, into storage, the
  hearing `QUEUED`, audited.
- Abandoned uploads (no bytes for `HEARING_UPLOAD_EXPIRY_HOURS`) are deleted with their hearing by
  `cleanup_abandoned` (CLI `cleanup-uploads`, and hourly in the worker).
"""
from __future__ import annotations

import mimetypes
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from models import Hearing, HearingStatus, HearingUpload, utcnow
from reviewer import audit, storage
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.recordings import upload_hash, upload_io, upload_lock, upload_s3
from reviewer.recordings.tus import Refusal
from reviewer.recordings.upload_io import DISK_FULL_MESSAGE, WRITE_FAILED_MESSAGE  # noqa: F401  (public)

PARTIAL_DIR = upload_s3.PARTIAL_DIR
DISK_MARGIN = 256 * 1024 * 1024  # keep this much free besides the declared size


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
    if not storage.is_local():  # an object store's free space is not for a client to ask
        return
    storage.root().mkdir(parents=True, exist_ok=True)
    if size + DISK_MARGIN > shutil.disk_usage(storage.root()).free:
        raise DomainError("服务器存储空间不足，无法接收该录像，请联系审管办。")


def start(actor, hearing: Hearing, original_name: str, size: int) -> HearingUpload:
    """Open an upload for `hearing` (flushes). No file exists until the first bytes arrive."""
    check_declared_size(size)
    token = uuid.uuid4().hex
    # S3: the key the multipart upload completes into, which is the recording's storage key.
    partial = f"{PARTIAL_DIR}/{token}" if storage.is_local() else storage.new_key("hearings")
    upload = HearingUpload(
        token=token, hearing=hearing, size=size, offset=0,
        original_name=storage.clean_display_name(original_name, "庭审录像"),
        partial_path=partial, created_by_id=actor.id,
    )
    db.session.add(upload)
    db.session.flush()
    upload_lock.mark_fresh(upload)
    return upload


def partial_file(upload: HearingUpload):
    return storage.root() / upload.partial_path


def discard_after_commit(upload: HearingUpload) -> None:
    """The bytes received so far go once the deletion of the upload's row has committed."""
    upload_hash.forget(upload.token)
    if storage.is_local():
        storage.delete_after_commit(upload.partial_path)
    else:
        upload_s3.discard_after_commit(upload)


def held(upload: HearingUpload) -> int:
    """The bytes the server holds: all of them once complete, else the partial file's size."""
    if upload.complete:
        return upload.size
    if not storage.is_local():
        return upload_s3.held(upload)
    try:
        return min(partial_file(upload).stat().st_size, upload.size)
    except FileNotFoundError:
        return 0


def expires_at(upload: HearingUpload):
    """When the periodic clean-up may delete this upload if no more bytes arrive."""
    return upload.updated_at + timedelta(hours=current_app.config["HEARING_UPLOAD_EXPIRY_HOURS"])


@contextmanager
def locked(upload: HearingUpload):
    """The upload's partial file, open for writing, under the upload's lease for this request.

    A client resuming after a dropped connection may reach the server while the request that lost
    its client still holds the lease: it waits up to UPLOAD_LOCK_WAIT seconds, then gets 423 (tus
    clients retry it)."""
    with upload_lock.holding(upload):
        path = partial_file(upload)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o640), "r+b", buffering=0) as fh:
            yield fh


def receive(upload: HearingUpload, offset: int, stream, length: int | None, checksum=None) -> int:
    """Append a PATCH body (`length` bytes from `stream`) at `offset`; returns the new offset
    (flushes). `checksum`: a `tus.Checksum` the body must match. Raises `Refusal` for the
    protocol's refusals (409 wrong offset, 460 checksum, 507 disk full…)."""
    if upload.complete:
        raise Refusal(409, "该录像已上传完成。")
    if length is None:
        raise Refusal(411, "请求缺少 Content-Length。")
    if not storage.is_local():
        return upload_s3.receive(upload, offset, stream, length, checksum)
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
        got, failure = upload_io.copy_body(stream, fh, offset, length, running, body)
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
            raise upload_io.refusal(failure)
        return upload.offset


def _remember(upload: HearingUpload, fh, digest) -> None:
    if digest is not None:
        upload_hash.keep(upload.token, fh, digest)


def _sync(upload: HearingUpload, offset: int) -> None:
    """The row follows the file (and the clean-up counts the request as activity)."""
    upload_lock.record_offset(upload, offset)


def finish(actor, upload: HearingUpload):
    """Move the complete file into storage and mark the hearing for processing (flushes)."""
    mime = mimetypes.guess_type(upload.original_name)[0] or "application/octet-stream"
    stored = None if upload.complete else _store_received(actor, upload, mime)
    if stored is None:
        raise Refusal(409, "录像尚未上传完整。")
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


def _store_received(actor, upload: HearingUpload, mime: str):
    """The received recording into storage (its row flushed), or None if bytes are missing."""
    if not storage.is_local():
        return upload_s3.store(actor, upload, mime)
    path = partial_file(upload)
    if held(upload) != upload.size or path.stat().st_size != upload.size:
        return None
    sha256 = upload_hash.final(upload.token, path)
    _make_durable(path)
    temp = storage.TempUpload(path, upload.size, sha256, upload.original_name)
    return storage.store(temp, "hearings", mime, uploaded_by=actor)


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
        if storage.is_local():
            partial_file(upload).unlink(missing_ok=True)
        else:
            upload_s3.discard_now(upload)
        hearing = upload.hearing
        audit.record(None, "hearing.upload_abandoned", hearing,
                     summary=f"清理未完成的上传 {hearing.case_number}（{received}/{upload.size} 字节）")
        session.delete(upload)
        if hearing.status == HearingStatus.UPLOADING:
            session.delete(hearing)
    session.flush()
    if not storage.is_local():
        upload_s3.remove_strays(cutoff)
        return len(stale)
    directory = storage.root() / PARTIAL_DIR
    if directory.is_dir():
        known = set(session.scalars(select(HearingUpload.token)
                                    .where(HearingUpload.completed_at.is_(None))))
        for path in directory.iterdir():
            if path.name not in known and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
    return len(stale)
