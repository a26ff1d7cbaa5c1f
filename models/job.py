"""Leases of background jobs: a job that a worker died running is found and run again."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class JobLease(Base):
    """One queued or running job (`name` with its JSON `args`); the row goes when the job succeeds.

    `state`: 'queued' (waiting for a worker, not before `run_after`), 'running' (a worker holds it
    until `lease_until` and keeps extending that while alive) or 'failed' (gave up after the
    allowed attempts; `last_error` says why).
    """

    __tablename__ = "job_leases"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # name + args: one row per job
    name: Mapped[str] = mapped_column(String(80), index=True)
    args: Mapped[str] = mapped_column(Text, default="[]")
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<JobLease {self.key} {self.state} attempts={self.attempts}>"
