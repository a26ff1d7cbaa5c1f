"""Nothing gets stuck after a crash: leases, retries with back-off, and the sweep (used by `jobs`).

A queue hands a job to a worker once; if that worker is killed mid-job (OOM, deploy, power) the
job is gone from the queue while its work is half done. So every job queued with `jobs.enqueue`
also has a `JobLease` row (models/job.py), written in its own short transaction:

- `claim` (worker, before running): the row becomes 'running' with `lease_until = now + lease`
  (`JOB_LEASE_SECONDS`, default 120), only if it is 'queued' or its lease has expired — so a job
  re-queued twice still runs once at a time. While the job runs a heartbeat thread extends the
  lease every lease/3 seconds; a killed worker stops extending it.
- success: the row is deleted. An exception: the row goes back to 'queued' with
  `run_after = now + back-off` (`JOB_RETRY_BASE_SECONDS` × 2^(attempts−1), at most
  `JOB_RETRY_MAX_SECONDS`) and the job is queued again with that delay; after `JOB_MAX_ATTEMPTS`
  (default 5) attempts the row is 'failed' and the job's `on_give_up(*args, message)` runs.
- `sweep` (every `JOB_SWEEP_SECONDS`, default 60, in each worker, and once when a worker starts):
  re-queues running jobs whose lease expired (their worker died; each such death counts as an
  attempt) and queued jobs whose time came long ago (lost before reaching the queue).

Times are timezone-aware UTC; rows are written through their own session, never the caller's.
"""
from __future__ import annotations

import json
import logging
import threading
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models import JobLease, utcnow
from reviewer.extensions import db

log = logging.getLogger(__name__)

DEFAULTS = {"JOB_LEASE_SECONDS": 120, "JOB_RETRY_BASE_SECONDS": 10, "JOB_RETRY_MAX_SECONDS": 900,
            "JOB_MAX_ATTEMPTS": 5, "JOB_SWEEP_SECONDS": 60}
QUEUED_GRACE = timedelta(minutes=10)  # a queued job not started this long after its time is lost


def setting(config, name: str) -> float:
    return config.get(name, DEFAULTS[name])


def key_of(name: str, args) -> str:
    return f"{name}:{json.dumps(list(args), separators=(',', ':'))}"[:200]


def _session() -> Session:
    return Session(db.engine, expire_on_commit=False)


def record_queued(name: str, args) -> None:
    """Note that job `name(*args)` is queued (again); keeps its attempt count."""
    key = key_of(name, args)
    with _session() as session, session.begin():
        lease = session.scalar(select(JobLease).where(JobLease.key == key))
        if lease is None:
            session.add(JobLease(key=key, name=name, args=json.dumps(list(args)), state="queued",
                                 run_after=utcnow()))
        elif lease.state != "running" or (lease.lease_until and lease.lease_until < utcnow()):
            if lease.state == "failed":  # queued again by a person: a fresh set of attempts
                lease.attempts = 0
            lease.state, lease.run_after, lease.updated_at = "queued", utcnow(), utcnow()


def claim(name: str, args, lease_seconds: float) -> int | None:
    """Take the job for this worker; returns its attempt number, or None if another holds it."""
    key = key_of(name, args)
    now = utcnow()
    with _session() as session, session.begin():
        lease = session.scalar(select(JobLease).where(JobLease.key == key))
        if lease is None:
            session.add(JobLease(key=key, name=name, args=json.dumps(list(args)), state="running",
                                 attempts=1, lease_until=now + timedelta(seconds=lease_seconds)))
            return 1
        attempts = lease.attempts
        taken = session.execute(
            update(JobLease).where(JobLease.id == lease.id, JobLease.attempts == attempts, or_(
                JobLease.state == "queued", JobLease.lease_until < now))
            .values(state="running", attempts=attempts + 1, updated_at=now,
                    lease_until=now + timedelta(seconds=lease_seconds)),
            execution_options={"synchronize_session": False}).rowcount
        return attempts + 1 if taken else None


def extend(name: str, args, lease_seconds: float) -> None:
    with _session() as session, session.begin():
        session.execute(update(JobLease).where(JobLease.key == key_of(name, args),
                                               JobLease.state == "running")
                        .values(lease_until=utcnow() + timedelta(seconds=lease_seconds)))


def heartbeat(app, name: str, args, lease_seconds: float):
    """Start extending the lease every lease/3 s; returns the function that stops it."""
    return beating(app, lease_seconds, lambda: extend(name, args, lease_seconds), key_of(name, args),
                   f"lease-{name}")


def beating(app, lease_seconds: float, extend_once, what: str, thread_name: str):
    """Call `extend_once()` every lease/3 s in a daemon thread inside `app`'s context until the
    returned function is called (it stops and joins the thread, at most 5 s). A failed call is
    logged and only shortens the lease: the holder loses it if several beats fail in a row.
    Used by job leases here and by the recording uploads' leases (`recordings.upload_lock`)."""
    stop = threading.Event()

    def beat():
        with app.app_context():
            while not stop.wait(lease_seconds / 3):
                try:
                    extend_once()
                except Exception:  # a missed beat only shortens the lease
                    log.exception("could not extend the lease of %s", what)

    thread = threading.Thread(target=beat, name=thread_name, daemon=True)
    thread.start()
    return lambda: (stop.set(), thread.join(timeout=5))


def done(name: str, args) -> None:
    with _session() as session, session.begin():
        lease = session.scalar(select(JobLease).where(JobLease.key == key_of(name, args)))
        if lease is not None:
            session.delete(lease)


def failed(config, name: str, args, attempt: int, error: str) -> float | None:
    """Record a failed attempt; returns the delay before the retry, or None when giving up."""
    with _session() as session, session.begin():
        lease = session.scalar(select(JobLease).where(JobLease.key == key_of(name, args)))
        if lease is None:
            return None
        lease.last_error, lease.updated_at, lease.lease_until = error[:2000], utcnow(), None
        if attempt >= setting(config, "JOB_MAX_ATTEMPTS"):
            lease.state = "failed"
            return None
        delay = min(setting(config, "JOB_RETRY_BASE_SECONDS") * 2 ** (attempt - 1),
                    setting(config, "JOB_RETRY_MAX_SECONDS"))
        lease.state, lease.run_after = "queued", utcnow() + timedelta(seconds=delay)
        return delay


def due() -> list[tuple[str, list, int]]:
    """Jobs to queue again: (name, args, attempts) of expired leases and lost queued jobs.

    They are marked queued now, so the next sweep leaves them to the queue for `QUEUED_GRACE`.
    """
    now = utcnow()
    with _session() as session, session.begin():
        rows = session.scalars(select(JobLease).where(or_(
            (JobLease.state == "running") & (JobLease.lease_until < now),
            (JobLease.state == "queued") & (JobLease.run_after < now - QUEUED_GRACE),
        ))).all()
        for row in rows:
            row.state, row.run_after, row.updated_at = "queued", now, now
        return [(row.name, json.loads(row.args), row.attempts) for row in rows]


def alive(name: str, args) -> bool:
    """Is a worker running this job now, or is it waiting in the queue (not yet lost)?"""
    now = utcnow()
    with _session() as session:
        lease = session.scalar(select(JobLease).where(JobLease.key == key_of(name, args)))
    if lease is None:
        return False
    if lease.state == "running":
        return lease.lease_until is not None and lease.lease_until > now
    return lease.state == "queued" and lease.run_after > now - QUEUED_GRACE
