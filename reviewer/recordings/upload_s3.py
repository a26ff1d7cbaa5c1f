"""Resumable recording uploads on the S3 backend (the local backend's are in `uploads.py`).

A PATCH body is first copied to a file on this node's own disk (`storage.scratch()`), through
the same fixed buffer and checksums as on the local backend (`upload_io.copy_body`); once it is
known good (its `Upload-Checksum` matches, or it has none and keeps what arrived before a dropped
connection), it is appended to the upload's multipart object (`storage.multipart.Resumable`:
parts ≥ 5 MiB, a smaller rest kept as the incomplete part). The store is the truth about the
offset, so any node can take the next PATCH; the writer's lease is in the database
(`upload_lock`). The SHA-256 is computed at completion by streaming the object once (hashlib's
running state cannot be kept between requests on different machines).
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from models import HearingUpload
from reviewer import storage
from reviewer.extensions import db
from reviewer.recordings import upload_io, upload_lock
from reviewer.recordings.tus import Refusal
from reviewer.storage.multipart import Resumable, sha256_of
from reviewer.storage.s3 import StoreUnavailable

log = logging.getLogger(__name__)
PARTIAL_DIR = "tmp/hearing-uploads"
STORE_DOWN = "文件存储服务暂时无法访问，录像暂时无法继续上传，请稍后重试或联系审管办。"


def tail_key(upload: HearingUpload) -> str:
    return f"{PARTIAL_DIR}/{upload.token}.part"


def resumable(upload: HearingUpload) -> Resumable:
    return Resumable(storage.backend(), upload.partial_path, tail_key(upload), upload.multipart_id, upload.size)


def held(upload: HearingUpload) -> int:
    """Bytes the store holds; the row's offset when the store cannot be asked (for display)."""
    try:
        return min(resumable(upload).held(), upload.size)
    except StoreUnavailable:
        log.exception("could not ask the store how much of upload %s it holds", upload.token)
        return upload.offset


def _remember_id(upload: HearingUpload):
    """Keep a new multipart upload's id at once, in its own transaction: parts sent by a request
    that then dies must still be found by the next one."""
    def remember(upload_id: str) -> None:
        if upload_lock.is_fresh(upload):  # its row is not committed yet: it goes with the row
            upload.multipart_id = upload_id
            return
        with Session(db.engine) as own, own.begin():
            own.execute(update(HearingUpload).where(HearingUpload.id == upload.id)
                        .values(multipart_id=upload_id), execution_options={"synchronize_session": False})
        set_committed_value(upload, "multipart_id", upload_id)
    return remember


def receive(upload: HearingUpload, offset: int, stream, length: int, checksum=None) -> int:
    """`uploads.receive` on S3: same arguments, answers and refusals (503 when the store is down)."""
    with upload_lock.holding(upload):
        target = resumable(upload)
        try:
            start_at = target.held()
        except StoreUnavailable:
            raise Refusal(503, STORE_DOWN) from None
        if offset != start_at:
            upload_lock.record_offset(upload, start_at)
            raise Refusal(409, f"上传位置不一致：服务器已收到 {start_at} 字节，请从该位置继续。")
        if offset + length > upload.size:
            raise Refusal(413, "上传的数据超过了创建上传时声明的文件大小。")
        spool = storage.scratch() / uuid.uuid4().hex
        spool.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(spool, "wb") as fh:
                body = checksum.hasher() if checksum else None
                got, failure = upload_io.copy_body(stream, fh, 0, length, None, body)
            verified = body is None or (got == length and checksum.matches(body))
            now_held = offset  # unverified bytes never count
            if verified and got and not upload_lock.still_held(upload):
                raise Refusal(423, upload_lock.BUSY)
            if verified and got:
                try:
                    now_held = target.append(spool, _remember_id(upload))
                except StoreUnavailable:
                    upload_lock.record_offset(upload, held(upload))
                    raise Refusal(503, STORE_DOWN) from None
            upload_lock.record_offset(upload, now_held)
            if not verified and got == length:
                raise Refusal(460, "上传数据的校验和不一致，请重新发送这一段。")
            if failure is not None:
                raise upload_io.refusal(failure)
            return upload.offset
        finally:
            spool.unlink(missing_ok=True)


def store(actor, upload: HearingUpload, mime: str):
    """Join the parts into the recording's object and add its row (flushes); None when the store
    does not hold every byte yet. The SHA-256 is read from the joined object."""
    target = resumable(upload)
    try:
        if target.held() != upload.size:
            return None
        target.complete()
        sha256 = sha256_of(target.backend, upload.partial_path)
    except StoreUnavailable:
        raise Refusal(503, STORE_DOWN) from None
    return storage.adopt(target.backend, upload.partial_path, upload.original_name, upload.size, sha256,
                         "hearings", mime, uploaded_by=actor)


def discard_after_commit(upload: HearingUpload) -> None:
    """The multipart upload and its incomplete part go once the row's deletion has committed."""
    from reviewer.storage import tracking

    tracking.delete_after_commit(db.session, resumable(upload), upload.partial_path)


def discard_now(upload: HearingUpload) -> None:
    try:
        resumable(upload).abort()
    except StoreUnavailable:  # the stray sweep below takes it on a later run
        log.exception("could not abort upload %s", upload.token)


def remove_strays(cutoff: datetime) -> int:
    """Abort multipart uploads of recordings and delete incomplete parts that no unfinished
    upload row refers to, once older than `cutoff`; returns how many went."""
    backend = storage.backend()
    rows = db.session.execute(select(HearingUpload.token, HearingUpload.multipart_id)
                              .where(HearingUpload.completed_at.is_(None))).all()
    tokens, ids = {r.token for r in rows}, {r.multipart_id for r in rows if r.multipart_id}
    removed = 0
    pages = backend.client.get_paginator("list_multipart_uploads").paginate(Bucket=backend.bucket,
                                                                           Prefix="hearings/")
    for page in pages:
        for item in page.get("Uploads", ()):
            if item["UploadId"] not in ids and item["Initiated"] < cutoff:
                backend.client.abort_multipart_upload(Bucket=backend.bucket, Key=item["Key"],
                                                      UploadId=item["UploadId"])
                removed += 1
    for key, modified in list(backend.keys(PARTIAL_DIR + "/")):
        token = key.rsplit("/", 1)[-1].removesuffix(".part")
        if token not in tokens and modified < cutoff.timestamp():
            backend.delete(key)
            removed += 1
    return removed
