"""Files follow the transaction: an object stored in a transaction that rolls back is deleted
again, and an object whose row was deleted goes only once that deletion has committed.

Kept in `session.info` as (backend, key) pairs, so it works the same for files and S3 objects.
"""
from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def track_new(session, backend, key: str) -> None:
    """`key` was just written: delete it if the session's outer transaction rolls back."""
    session.info.setdefault("new_files", []).append((backend, key))


def delete_after_commit(session, backend, key: str) -> None:
    """Delete `key` once the session's transaction has committed."""
    session.info.setdefault("doomed_files", []).append((backend, key))


def _delete(pairs) -> None:
    for backend, key in pairs:
        try:
            backend.delete(key)
        except Exception:  # the row is already settled; a leftover object is the clean-up's
            log.exception("could not delete stored object %s", key)


@event.listens_for(Session, "after_commit")
def _forget_new_files(session):
    session.info.pop("new_files", None)
    _delete(session.info.pop("doomed_files", []))


@event.listens_for(Session, "after_soft_rollback")
def _delete_new_files(session, previous_transaction):
    if session.in_transaction():
        return
    session.info.pop("doomed_files", None)
    _delete(session.info.pop("new_files", []))
