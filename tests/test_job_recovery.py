"""Nothing gets stuck after a crash: a real worker process killed mid-transcode, a new one
finishes the recording; leases, retries, the office's and the liaison's way out of a stall."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from huey import SqliteHuey
from sqlalchemy import func, select

from models import Hearing, HearingNomination, HearingStatus, JobLease, Role
from reviewer import job_leases, jobs, storage
from reviewer.extensions import db as _db
from tests.factories import make_court, make_user
from tests.recording_kinds import make_recording

ROOT = Path(__file__).resolve().parent.parent
WORKER = """
import json, sys
from reviewer import create_app
app = create_app(json.loads(sys.argv[1]))
app.test_cli_runner().invoke(args=["worker"], catch_exceptions=False)
"""


def _hearing(tmp_path, clip: Path, status=HearingStatus.QUEUED) -> int:
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    stored = storage.store(storage.TempUpload(clip, clip.stat().st_size, "0" * 64, clip.name),
                           "hearings", "video/x-msvideo")
    hearing = Hearing(court=court, month="2021-04", case_number="（2021）豫0802民初5号",
                      presiding_judge_name="王五", nomination=HearingNomination.EXCELLENT,
                      status=status, file=stored, uploaded_by_id=liaison.id)
    _db.session.add(hearing)
    _db.session.commit()
    return hearing.id


def _worker(app, queue_file: Path, name: str) -> subprocess.Popen:
    config = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
              "UPLOAD_ROOT": app.config["UPLOAD_ROOT"], "HUEY_IMMEDIATE": False,
              "HUEY_SQLITE_PATH": str(queue_file), "HUEY_NAME": name, "SECRET_KEY": "x" * 40,
              "JOB_LEASE_SECONDS": 3, "JOB_SWEEP_SECONDS": 0.5}
    return subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(config)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(condition, timeout: float, what: str):
    """Poll the database until `condition(hearing)` holds (each look is a fresh read)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _db.session.rollback()
        hearing = _db.session.get(Hearing, condition.hearing_id)
        if condition(hearing):
            return hearing
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_worker_killed_mid_transcode_is_replaced_and_the_hearing_becomes_ready(app, db, tmp_path):
    clip = make_recording(tmp_path, "avi", seconds=40, fps=25, width=320, height=240, name="long.avi")
    hearing_id = _hearing(tmp_path, clip)
    queue_file, name = tmp_path / "queue.sqlite", f"t-{uuid.uuid4().hex[:8]}"
    saved = app.extensions.get("huey"), app.extensions.get("huey_tasks")
    jobs.use_huey(app, SqliteHuey(name, filename=str(queue_file)))
    try:
        jobs.enqueue("hearings.process", hearing_id)
    finally:
        for key, value in zip(("huey", "huey_tasks"), saved):
            if value is None:
                app.extensions.pop(key, None)
            else:
                app.extensions[key] = value

    first = _worker(app, queue_file, name)
    try:
        def transcoding(h):
            return h.status == HearingStatus.PROCESSING and h.progress >= 5
        transcoding.hearing_id = hearing_id
        _wait_for(transcoding, 120, "the first worker to be transcoding")
        work_dirs = list((storage.root() / "tmp").glob(f"hearing-{hearing_id}-*"))
        assert work_dirs  # its half-done work is on disk
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()

    _db.session.rollback()
    stuck = _db.session.get(Hearing, hearing_id)
    assert stuck.status == HearingStatus.PROCESSING  # nobody will finish it: the worker is gone
    second = _worker(app, queue_file, name)
    try:
        def ready(h):
            return h.status in (HearingStatus.READY, HearingStatus.FAILED)
        ready.hearing_id = hearing_id
        hearing = _wait_for(ready, 240, "a new worker to finish the recording")
    finally:
        _stop(second)
    assert hearing.status == HearingStatus.READY, hearing.processing_error
    assert storage.path_of(hearing.playback_file).is_file() and hearing.progress == 100
    assert not any(d.exists() for d in work_dirs)  # the killed run's temporary files are gone
    assert _db.session.scalar(select(func.count(JobLease.id))) == 0  # done: the lease went
    assert not list((storage.root() / "tmp").glob(f"hearing-{hearing_id}-*"))


def test_lease_is_taken_once_and_retaken_only_after_it_expires(app, db):
    job_leases.record_queued("hearings.process", [7])
    assert job_leases.claim("hearings.process", [7], 60) == 1
    assert job_leases.claim("hearings.process", [7], 60) is None  # a second delivery waits
    assert job_leases.alive("hearings.process", [7])
    _db.session.execute(JobLease.__table__.update().values(
        lease_until=job_leases.utcnow() - job_leases.timedelta(seconds=1)))
    _db.session.commit()
    assert not job_leases.alive("hearings.process", [7])
    assert job_leases.due() == [("hearings.process", [7], 1)]
    assert job_leases.claim("hearings.process", [7], 60) == 2  # the dead worker's attempt counted
    job_leases.done("hearings.process", [7])
    assert _db.session.scalar(select(func.count(JobLease.id))) == 0


def test_failed_attempts_back_off_then_give_up(app, db):
    config = {"JOB_MAX_ATTEMPTS": 3, "JOB_RETRY_BASE_SECONDS": 10, "JOB_RETRY_MAX_SECONDS": 15}
    job_leases.record_queued("x", [1])
    assert job_leases.failed(config, "x", [1], 1, "boom") == 10
    assert job_leases.failed(config, "x", [1], 2, "boom") == 15  # 20, capped
    assert job_leases.failed(config, "x", [1], 3, "boom") is None
    _db.session.rollback()
    lease = _db.session.scalar(select(JobLease))
    assert lease.state == "failed" and lease.last_error == "boom"


@pytest.fixture
def stalled(db, tmp_path):
    clip = make_recording(tmp_path, "avi", seconds=1, name="short.avi")
    return _db.session.get(Hearing, _hearing(tmp_path, clip, status=HearingStatus.PROCESSING))


def test_a_stalled_recording_can_be_withdrawn_by_its_liaison(client, login, stalled):
    liaison = stalled.uploaded_by
    login(liaison)
    page = client.get(f"/hearings/{stalled.id}").get_data(as_text=True)
    assert "撤回录像" in page
    assert client.post(f"/hearings/{stalled.id}/delete").status_code == 302
    assert _db.session.scalar(select(func.count(Hearing.id))) == 0


def test_a_recording_a_worker_is_processing_cannot_be_withdrawn(client, login, stalled):
    job_leases.record_queued("hearings.process", [stalled.id])
    job_leases.claim("hearings.process", [stalled.id], 60)
    login(stalled.uploaded_by)
    assert "撤回录像" not in client.get(f"/hearings/{stalled.id}").get_data(as_text=True)
    assert client.post(f"/hearings/{stalled.id}/delete").status_code == 403


def test_the_office_reprocesses_a_stalled_recording(client, login, stalled):
    admin = make_user(roles=(Role.ADMIN,))
    login(admin)
    assert "重新处理" in client.get(f"/hearings/{stalled.id}").get_data(as_text=True)
    assert client.post(f"/hearings/{stalled.id}/reprocess").status_code == 302
    _db.session.rollback()
    assert _db.session.get(Hearing, stalled.id).status == HearingStatus.READY  # immediate mode ran it


def test_periodic_clean_up_removes_leftovers_of_crashed_requests(app, db):
    from datetime import timedelta

    from reviewer.recordings.housekeeping import remove_stale_temp

    tmp = storage.root() / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    stray = tmp / uuid.uuid4().hex
    stray.write_bytes(b"half a request body")
    work = tmp / f"hearing-99-{uuid.uuid4().hex}"
    work.mkdir()
    fresh = tmp / uuid.uuid4().hex
    fresh.write_bytes(b"a request still receiving")
    old = time.time() - 7 * 3600
    os.utime(stray, (old, old))
    os.utime(work, (old, old))
    assert remove_stale_temp(timedelta(hours=6)) == 2
    assert not stray.exists() and not work.exists() and fresh.exists()
