"""The job queue: backend choice, and real consumers (SQLite and Redis) running the processing job."""
from __future__ import annotations

import uuid

import pytest
import redis
from huey import RedisHuey, SqliteHuey

from models import Hearing, HearingStatus, Role
from reviewer import jobs, storage
from reviewer.extensions import db as _db
from tests.factories import make_court, make_user
from tests.media_clips import make_clip
from tests.job_helpers import consumer_for

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_backend_is_sqlite_by_default_in_the_instance_folder(tmp_path):
    huey = jobs.make_huey({}, str(tmp_path))
    assert isinstance(huey, SqliteHuey) and not huey.immediate
    assert (tmp_path / "huey.sqlite").exists()


def test_backend_is_redis_when_redis_url_is_set(tmp_path):
    huey = jobs.make_huey({"REDIS_URL": REDIS_URL, "HUEY_NAME": "t-choice"}, str(tmp_path))
    assert isinstance(huey, RedisHuey)


def test_testing_apps_run_jobs_immediately(app):
    assert jobs.get_huey(app).immediate is True


def _uploaded_hearing(tmp_path, kind="flv"):
    """A hearing whose recording is in storage, committed so another thread's session sees it."""
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    clip = make_clip(tmp_path, kind, seconds=2)
    temp = storage.TempUpload(clip, clip.stat().st_size, "0" * 64, clip.name)
    stored = storage.store(temp, "hearings", "video/x-flv", uploaded_by=liaison)
    hearing = Hearing(court=court, month="2021-04", case_number="（2021）豫0802民初9号",
                      presiding_judge_name="王五", status=HearingStatus.QUEUED, file=stored)
    _db.session.add(hearing)
    _db.session.commit()
    return hearing.id


def _run_processing_through(app, huey, hearing_id):
    with consumer_for(app, huey):
        result = jobs.enqueue("hearings.process", hearing_id)
        assert result.get(blocking=True, timeout=60) == "ready"
    _db.session.expire_all()
    hearing = _db.session.get(Hearing, hearing_id)
    assert hearing.status == HearingStatus.READY and hearing.progress == 100
    assert hearing.playback_file is not None and storage.path_of(hearing.playback_file).exists()
    return hearing


def test_sqlite_queue_consumer_processes_a_recording(app, db, tmp_path):
    hearing_id = _uploaded_hearing(tmp_path)
    huey = SqliteHuey(f"t-{uuid.uuid4().hex[:8]}", filename=str(tmp_path / "queue.sqlite"))
    hearing = _run_processing_through(app, huey, hearing_id)
    assert hearing.video_codec == "flv1"


@pytest.fixture
def redis_huey():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    huey = RedisHuey(f"t-{uuid.uuid4().hex[:8]}", url=REDIS_URL)
    yield huey
    huey.flush()


def test_redis_queue_consumer_processes_a_recording(app, db, tmp_path, redis_huey):
    hearing_id = _uploaded_hearing(tmp_path, kind="avi")
    hearing = _run_processing_through(app, redis_huey, hearing_id)
    assert hearing.container == "avi" and hearing.poster_file is not None


def test_redis_queue_failure_leaves_message_and_no_derived_files(app, db, tmp_path, redis_huey):
    hearing_id = _uploaded_hearing(tmp_path)
    hearing = _db.session.get(Hearing, hearing_id)
    path = storage.path_of(hearing.file)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # the copy was cut short
    with consumer_for(app, redis_huey):
        assert jobs.enqueue("hearings.process", hearing_id).get(blocking=True, timeout=60) == "failed"
    _db.session.expire_all()
    hearing = _db.session.get(Hearing, hearing_id)
    assert hearing.status == HearingStatus.FAILED and "不完整" in hearing.processing_error
    assert hearing.poster_file is None and hearing.playback_file is None
    root = storage.root()
    assert not any((root / d).exists() and any((root / d).rglob("*.*"))
                   for d in ("hearing-posters", "hearing-playback"))


def test_periodic_cleanup_is_registered(app):
    huey = jobs.get_huey(app)
    names = {task.__name__ for task in huey._registry._periodic_tasks}
    assert "hearings.cleanup_uploads" in names


def test_worker_refuses_to_start_in_immediate_mode(app):
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code != 0 and "即时执行模式" in result.output
