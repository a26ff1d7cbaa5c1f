"""One writer per recording upload, across processes and machines: a lease on the upload's row.

A PATCH takes the lease (`hearing_uploads.lock_owner`, `lock_until = now + UPLOAD_LOCK_LEASE`) in
its own short transaction before touching the bytes; another request finding it held waits up to
`UPLOAD_LOCK_WAIT` seconds, then gets 423 (tus clients retry it). While the body is copied a
heartbeat thread extends the lease every lease/3 seconds; the lease is given up once the
request's own transaction has ended (its new offset committed), and a killed process's lease
simply expires. The owner is the request's session, so one unit of work may write twice (the
tests do) without waiting for itself, and an upload created in the same unit of work (the demo
data) needs no lease: no other request can see it yet. The same pattern as the job leases
(reviewer/job_leases.py); it replaces the `flock` on the partial file, which held on one machine
only.

The lease is taken through its own connection, so the request's session must not have written
anything yet (SQLite has one writer: the lease would wait for the request, and the request for
the lease); the tus view loads the upload with autoflush off for that reason.
"""
from __future__ import annotations

import logging
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from models import HearingUpload, utcnow
from reviewer.extensions import db
from reviewer.job_leases import beating
from reviewer.recordings.tus import Refusal

log = logging.getLogger(__name__)
POLL = 0.1  # seconds between tries for a busy upload's lease
BUSY = "另一个连接正在上传这个文件，请稍候再试。"


def _owner(session) -> str:
    return session.info.setdefault("upload_lock_owner", uuid.uuid4().hex)


def mark_fresh(upload: HearingUpload) -> None:
    """`upload` was created in the session's current transaction (flushed, so it has its id)."""
    session = db.session()
    session.info.setdefault("fresh_uploads", {})[upload.id] = session.get_transaction()


def is_fresh(upload: HearingUpload) -> bool:
    """Was `upload` created in the session's current, uncommitted transaction?"""
    return _fresh(db.session(), upload)


def _fresh(session, upload: HearingUpload) -> bool:
    made_in = session.info.get("fresh_uploads", {}).get(upload.id)
    return made_in is not None and made_in is session.get_transaction()


def _try(upload_id: int, owner: str, lease: float) -> bool:
    now = utcnow()
    try:
        with Session(db.engine) as own, own.begin():
            taken = own.execute(
                update(HearingUpload).where(HearingUpload.id == upload_id, or_(
                    HearingUpload.lock_owner.is_(None), HearingUpload.lock_until < now,
                    HearingUpload.lock_owner == owner))
                .values(lock_owner=owner, lock_until=now + timedelta(seconds=lease)),
                execution_options={"synchronize_session": False}).rowcount
    except OperationalError:  # SQLite busy with another writer past its busy timeout: try again
        log.warning("the database was busy while taking the lease of upload %s", upload_id)
        return False
    return taken == 1


def still_held(upload: HearingUpload) -> bool:
    """Does this request still hold `upload`'s lease (no missed heartbeat let another take it)?
    Asked before bytes are committed where two writers could not be undone (S3 parts)."""
    session = db.session()
    return _fresh(session, upload) or _still_mine(upload.id, _owner(session))


def _still_mine(upload_id: int, owner: str) -> bool:
    """A read only: the session already wrote, and on SQLite a second writer would wait for it."""
    with Session(db.engine) as own:
        row = own.execute(select(HearingUpload.lock_owner, HearingUpload.lock_until)
                          .where(HearingUpload.id == upload_id)).one_or_none()
    return row is not None and row[0] == owner and row[1] is not None and row[1] > utcnow()


def _release(upload_id: int, owner: str) -> None:
    try:
        with Session(db.engine) as own, own.begin():
            own.execute(update(HearingUpload).where(HearingUpload.id == upload_id,
                                                    HearingUpload.lock_owner == owner)
                        .values(lock_owner=None, lock_until=None),
                        execution_options={"synchronize_session": False})
    except Exception:  # the lease expires by itself
        log.exception("could not give up the lease of upload %s", upload_id)


def _release_when_done(session, upload_id: int) -> None:
    session.info.setdefault("upload_locks", set()).add(upload_id)


@event.listens_for(Session, "after_commit")
def _give_up_after_commit(session):
    _give_up(session)


@event.listens_for(Session, "after_soft_rollback")
def _give_up_after_rollback(session, _previous_transaction):
    if not session.in_transaction():
        _give_up(session)


def _give_up(session) -> None:
    held = session.info.pop("upload_locks", None)
    if held:
        owner = session.info.get("upload_lock_owner")
        for upload_id in held:
            _release(upload_id, owner)


def _heartbeat(app, upload_id: int, owner: str, lease: float):
    return beating(app, lease, lambda: _try(upload_id, owner, lease), f"upload {upload_id}",
                   f"upload-lease-{upload_id}")


def before_write(upload: HearingUpload) -> None:
    """Stop the heartbeat before the request's session writes the row (on SQLite a beat would
    wait for that write, and the request for the beat)."""
    stop = db.session().info.get("upload_heartbeats", {}).pop(upload.id, None)
    if stop is not None:
        stop()


def record_offset(upload: HearingUpload, offset: int) -> None:
    """The row follows the bytes held (and the clean-up counts the request as activity); flushes.
    The heartbeat stops first (`before_write`)."""
    before_write(upload)
    upload.offset = offset
    upload.updated_at = utcnow()
    db.session.flush()


@contextmanager
def holding(upload: HearingUpload):
    """Hold `upload`'s lease for the block (and until the request's transaction ends).
    Raises Refusal(423) after UPLOAD_LOCK_WAIT seconds of finding it held by another request.
    Call `before_write(upload)` before writing the row through the request's session."""
    session = db.session()
    owner = _owner(session)
    config = current_app.config
    lease = float(config.get("UPLOAD_LOCK_LEASE", 8))
    if _fresh(session, upload) or (upload.id in session.info.get("upload_locks", ())
                                   and _still_mine(upload.id, owner)):
        yield
        return
    deadline = time.monotonic() + float(config["UPLOAD_LOCK_WAIT"])
    while not _try(upload.id, owner, lease):
        if time.monotonic() >= deadline:
            raise Refusal(423, BUSY)
        time.sleep(POLL)
    _release_when_done(session, upload.id)
    stop = _heartbeat(current_app._get_current_object(), upload.id, owner, lease)
    session.info.setdefault("upload_heartbeats", {})[upload.id] = stop
    try:
        yield
    finally:
        before_write(upload)
