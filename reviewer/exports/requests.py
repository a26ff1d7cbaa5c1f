"""Exports as background jobs: ask for one, run it, follow its progress, download it, expire it.

- `ask(user, kind, params, estimate)` adds the request row (排队中) and its audit entry (flushes);
  the view queues the job `exports.build` after its commit.
- `run(export_id)` is the job (reviewer.exports.tasks): 生成中 committed at once, the workbook
  written to a temp file while progress goes to `reviewer.progress` (own transaction, readable by
  every web node), the file stored through `reviewer.storage`, 已完成 with `expires_at`; any
  failure gives 失败 with a Chinese message and leaves no file (the temp file is removed, a stored
  file whose row was rolled back is removed by storage).
- `expire(now)` removes finished requests past `expires_at` with their files (periodic job).

Config: `EXPORT_JOB_ROWS` (size above which an export runs as a job, default 10,000 rows),
`EXPORT_KEEP_HOURS` (how long a result can be downloaded, default 72), `EXPORT_PROGRESS_SECONDS`
(how often a running export writes its progress, default 1).
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from models import ExportRequest, ExportStatus, utcnow
from reviewer import audit, progress, storage
from reviewer import permissions as p
from reviewer.errors import DomainError
from reviewer.exports import kinds
from reviewer.exports.sheets import XLSX
from reviewer.exports.tracking import Tracker
from reviewer.extensions import db

log = logging.getLogger(__name__)
DEFAULT_JOB_ROWS = 10_000
DEFAULT_KEEP_HOURS = 72
FAILED = "导出生成失败，请稍后重试；如仍失败请联系系统管理员。"
NOT_ALLOWED = "你已无权导出该类数据，导出未生成。"
FAILED_KEEP = timedelta(days=7)   # a failed request stays listed (with its message) this long


def job_rows() -> int:
    return int(current_app.config.get("EXPORT_JOB_ROWS", DEFAULT_JOB_ROWS))


def keep_for() -> timedelta:
    return timedelta(hours=float(current_app.config.get("EXPORT_KEEP_HOURS", DEFAULT_KEEP_HOURS)))


def temp_prefix(export_id: int) -> str:
    """The name a running export's temp file starts with (process and export: a leftover is traceable)."""
    return f"reviewer-export-{os.getpid()}-{int(export_id)}-"


def progress_key(export_id: int) -> str:
    return f"export:{int(export_id)}"


def ask(user, kind: kinds.ExportKind, params: dict, estimate: int) -> ExportRequest:
    """Add the request of `user` for `kind` with `params` (already checked), audited; flushes."""
    export = ExportRequest(requested_by_id=user.id, kind=kind.name, params=params, title=kind.title(params),
                           status=ExportStatus.QUEUED, total=None,
                           expires_at=utcnow() + keep_for() + FAILED_KEEP)  # a lost job goes too
    db.session.add(export)
    db.session.flush()
    audit.record(user, "exports.request", export, after={"kind": kind.name, **params},
                 summary=f"申请后台导出“{export.title}”（约 {estimate} 行）")
    return export


def recorded_download(user, export: ExportRequest) -> None:
    """Audit the download of a finished export (flushes)."""
    audit.record(user, "exports.download", export, summary=f"下载导出文件“{export.title}”")


def live_state(export: ExportRequest) -> progress.State:
    """The export's progress: the live figure while it runs, else the one on its row."""
    if export.status == ExportStatus.RUNNING:
        state = progress.read(progress_key(export.id))
        if state.stage:
            return state
    return progress.State(export.status.value, export.done, export.total)


def mine(user, limit: int = 50) -> list[ExportRequest]:
    """The user's recent exports, newest first."""
    return list(db.session.scalars(select(ExportRequest).where(ExportRequest.requested_by_id == user.id)
                                   .order_by(ExportRequest.created_at.desc(), ExportRequest.id.desc())
                                   .limit(limit)))


class JobTracker(Tracker):
    """Progress of a running export, written at most every `every` seconds (and at the start)."""

    def __init__(self, export_id: int, every: float = 1.0) -> None:
        super().__init__()
        self.key, self.every, self.written = progress_key(export_id), every, 0.0

    def _write(self) -> None:
        progress.write(self.key, "running", self.done, self.total)
        self.written = time.monotonic()

    def start(self, total: int) -> None:
        super().start(total)
        self._write()

    def advance(self, n: int = 1) -> None:
        super().advance(n)
        if time.monotonic() - self.written >= self.every:
            self._write()

    def pause(self) -> None:
        """Between chunks. SQLite: end the job's read transaction (it writes nothing meanwhile), so
        that no lock is held between chunks and the progress (another connection) can commit.
        PostgreSQL: nothing — the build keeps its one snapshot (`begin_snapshot`); MVCC blocks no
        writer meanwhile."""
        if db.session.get_bind().dialect.name == "sqlite":
            db.session.rollback()


def begin_snapshot() -> None:
    """Make the session's next transaction read one snapshot of the database, so that an export's
    sheets and chunks agree with each other however long it runs (PostgreSQL: REPEATABLE READ, the
    snapshot taken at the transaction's first statement; documentation, "Transaction Isolation").

    SQLite has no snapshot that does not block writers in its rollback-journal mode: a read
    transaction held for the minutes of a large export would make every request that writes wait
    and fail with "database is locked". There the build reads chunk by chunk, each consistent in
    itself (`JobTracker.pause`). Call right after a commit, before the build reads anything."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def run(export_id: int) -> str | None:
    """The background job: build, store and finish export `export_id`; returns its status value
    (None when there is nothing to do: unknown, finished or failed already)."""
    export = db.session.get(ExportRequest, export_id)
    if export is None or export.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return None
    export.status, export.started_at, export.error = ExportStatus.RUNNING, utcnow(), None
    db.session.commit()
    progress.write(progress_key(export_id), "running", 0, None)
    begin_snapshot()
    handle, temp = tempfile.mkstemp(prefix=temp_prefix(export_id), suffix=".xlsx")
    os.close(handle)
    try:
        user, kind = export.requested_by, kinds.get(export.kind)
        if kind is None or not p.can_request_export(user, export.kind):
            raise DomainError(NOT_ALLOWED)
        tracker = JobTracker(export_id, float(current_app.config.get("EXPORT_PROGRESS_SECONDS", 1.0)))
        kind.build(user, dict(export.params), tracker).save(temp)
        export = db.session.get(ExportRequest, export_id)
        stored = storage.store_path(Path(temp), "exports", f"{export.title}.xlsx", XLSX,
                                    uploaded_by=export.requested_by, ext=".xlsx")
        now = utcnow()
        export.file, export.status, export.finished_at = stored, ExportStatus.DONE, now
        export.done, export.total, export.expires_at = tracker.done, tracker.total, now + keep_for()
        db.session.commit()
    except DomainError as error:
        return fail(export_id, error.message)
    except Exception:  # noqa: BLE001 - any other failure: the user gets a message, the log the trace
        log.exception("export %s failed", export_id)
        return fail(export_id, FAILED)
    finally:
        Path(temp).unlink(missing_ok=True)
    progress.write(progress_key(export_id), "done", export.done, export.total)
    return ExportStatus.DONE.value


def fail(export_id: int, message: str) -> str:
    """Mark export `export_id` failed with `message` (committed); nothing it wrote is kept."""
    db.session.rollback()
    export = db.session.get(ExportRequest, export_id)
    if export is None:
        return ExportStatus.FAILED.value
    now = utcnow()
    export.status, export.error, export.finished_at = ExportStatus.FAILED, message, now
    export.file, export.expires_at = None, now + FAILED_KEEP
    db.session.commit()
    progress.write(progress_key(export_id), "failed", export.done, export.total)
    return ExportStatus.FAILED.value


def expire(now=None) -> int:
    """Delete the requests past `expires_at` with their stored files (files go after the commit)
    and their progress; returns how many. The caller commits."""
    now = now or utcnow()
    old = list(db.session.scalars(select(ExportRequest).where(ExportRequest.expires_at < now)))
    for export in old:
        if export.file is not None:
            storage.delete_after_commit(export.file)
            db.session.delete(export.file)
        db.session.delete(export)
    progress.forget([progress_key(export.id) for export in old])
    db.session.flush()
    return len(old)

