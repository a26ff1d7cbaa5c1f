"""Progress of background work that another process can read while the work runs.

A job's own transaction may stay open for a long time (the register import applies a whole file
as one transaction); progress written inside it would be invisible until the end. So `write`
commits on its own connection, in its own short transaction, into `job_progress` — one row per
`key` (`export:12`, `register:5`) — and any web node reads it with `read`. Nothing is kept on the
local disk, so it works with several nodes sharing one PostgreSQL.

SQLite allows one writer at a time: while the calling thread's own session has begun writing (a
big import) a progress write could only wait for it, so it is skipped at once; while another
connection holds the lock it waits at most `SQLITE_WAIT_MS` and is then skipped. Progress is
advisory: the next write tries again, and the stage written after the job's commit always lands.
Jobs that only read (exports) end their reads between chunks, so theirs are never skipped.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from models import JobProgress, utcnow
from reviewer.extensions import db

log = logging.getLogger(__name__)
SQLITE_WAIT_MS = 200


@dataclass(frozen=True)
class State:
    """`stage` (the caller's word: "checking", "running" …; "" when nothing was written), rows
    or units `done` out of `total` (None when not known), and when it was written (UTC)."""
    stage: str = ""
    done: int = 0
    total: int | None = None
    updated_at: datetime | None = None

    @property
    def percent(self) -> int | None:
        """0–100 when the total is known, else None."""
        if not self.total:
            return None
        return max(0, min(100, round(self.done * 100 / self.total)))


def _short_wait(connection) -> bool:
    """On SQLite, make this connection give up on a held write lock quickly; True if changed."""
    if connection.dialect.name != "sqlite":
        return False
    connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
    return True


def _own_write_lock() -> bool:
    """SQLite: True when this thread's session has begun a write transaction (pysqlite issues
    BEGIN before the first INSERT/UPDATE/DELETE), which another connection's write would wait for."""
    session = db.session()
    if db.engine.dialect.name != "sqlite" or not session.in_transaction():
        return False
    return bool(getattr(session.connection().connection.dbapi_connection, "in_transaction", False))


def write(key: str, stage: str, done: int = 0, total: int | None = None) -> bool:
    """Record `key`'s progress in its own committed transaction; False if SQLite's write lock
    was held (the write is skipped, see the module docstring). Raises nothing else of its own."""
    values = {"stage": stage[:40], "done": int(done), "total": None if total is None else int(total),
              "updated_at": utcnow()}
    if _own_write_lock():
        return False
    with db.engine.connect() as connection:
        changed = _short_wait(connection)
        try:
            if not connection.execute(update(JobProgress).where(JobProgress.key == key).values(**values)).rowcount:
                connection.execute(JobProgress.__table__.insert().values(key=key, **values))
            connection.commit()
            return True
        except IntegrityError:   # a concurrent first write of the same key: it holds the news
            connection.rollback()
            return True
        except OperationalError as error:
            connection.rollback()
            if connection.dialect.name != "sqlite":
                raise
            log.debug("progress %s skipped: %s", key, error)
            return False
        finally:
            if changed:
                connection.exec_driver_sql("PRAGMA busy_timeout=5000")


def read(key: str) -> State:
    """The last progress written for `key` (an empty State if none), read outside the caller's
    transaction so a long-open session still sees the newest figure."""
    with db.engine.connect() as connection:
        row = connection.execute(select(JobProgress.stage, JobProgress.done, JobProgress.total,
                                        JobProgress.updated_at).where(JobProgress.key == key)).first()
    return State(*row) if row else State()


def forget(keys: list[str]) -> None:
    """Delete the progress of `keys` in the caller's transaction (with the work's own rows)."""
    if keys:
        db.session.execute(delete(JobProgress).where(JobProgress.key.in_(keys)))


def forget_older_than(age: timedelta) -> int:
    """Delete progress not written for `age` (in the caller's transaction); returns how many."""
    result = db.session.execute(delete(JobProgress).where(JobProgress.updated_at < utcnow() - age))
    return result.rowcount or 0
