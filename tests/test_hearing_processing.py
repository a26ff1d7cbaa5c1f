"""The processing job's failure paths: whatever step fails, no half-made file and no stray row remain."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Hearing, HearingStatus, StoredFile
from reviewer import storage
from reviewer.recordings import media, processing
from tests.factories import make_court
from tests.media_clips import make_clip
from tests.test_hearings import make_hearing


def _files_under(root: Path, *kinds: str) -> list[Path]:
    return [p for kind in kinds if (root / kind).exists() for p in (root / kind).rglob("*") if p.is_file()]


def _assert_nothing_half_made(app, hearing_id):
    from reviewer.extensions import db

    db.session.expire_all()
    hearing = db.session.get(Hearing, hearing_id)
    assert hearing.status == HearingStatus.FAILED and hearing.processing_error
    assert hearing.poster_file is None and hearing.playback_file is None and hearing.progress == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1  # the upload itself
    root = Path(app.config["UPLOAD_ROOT"])
    assert _files_under(root, "hearing-posters", "hearing-playback") == []
    assert [p for p in (root / "tmp").iterdir() if p.name.startswith("hearing-")] == []
    return hearing


def test_failure_after_the_poster_was_stored_removes_it_again(app, db, tmp_path, monkeypatch):
    hearing = make_hearing(make_court("豫0802"), tmp_path, status=HearingStatus.QUEUED, kind="avi")
    real = storage.store_path

    def store_path(path, kind, *args, **kwargs):
        if kind == "hearing-playback":
            raise OSError("disk full")
        return real(path, kind, *args, **kwargs)

    monkeypatch.setattr(storage, "store_path", store_path)
    assert processing.process_hearing(hearing.id) == HearingStatus.FAILED
    failed = _assert_nothing_half_made(app, hearing.id)
    assert failed.processing_error == processing.INTERNAL_ERROR


def test_transcode_stopped_midway_leaves_no_partial_output(app, db, tmp_path, monkeypatch):
    hearing = make_hearing(make_court("豫0802"), tmp_path, status=HearingStatus.QUEUED, kind="avi")
    seen = []

    def saver(_hearing):
        def save(fraction):
            seen.append(fraction)
            if fraction >= 0.3:
                raise media.MediaError("录像转码失败，文件可能已损坏。")
        return save

    monkeypatch.setattr(processing, "_progress_saver", saver)
    assert processing.process_hearing(hearing.id) == HearingStatus.FAILED
    assert seen and max(seen) >= 0.3  # the transcode really was under way
    failed = _assert_nothing_half_made(app, hearing.id)
    assert failed.processing_error == "录像转码失败，文件可能已损坏。"


def test_a_failed_recording_reprocessed_after_repair_becomes_ready(app, db, tmp_path):
    hearing = make_hearing(make_court("豫0802"), tmp_path, status=HearingStatus.QUEUED, kind="flv")
    path = storage.path_of(hearing.file)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    assert processing.process_hearing(hearing.id) == HearingStatus.FAILED
    _assert_nothing_half_made(app, hearing.id)
    path.write_bytes(good)
    assert processing.process_hearing(hearing.id) == HearingStatus.READY


@pytest.mark.parametrize("kind", ["mp4", "mkv", "webm", "avi"])
def test_recording_whose_end_does_not_decode_is_refused_though_sizes_fit(tmp_path, kind):
    """Sizes intact, the last 40 % zeroed: only decoding the end can tell (containers check passes)."""
    from reviewer.recordings.containers import declared_sizes_fit

    clip = make_clip(tmp_path, kind, seconds=8, faststart=(kind == "mp4"))
    data = bytearray(clip.read_bytes())
    end = len(data) - (400 if kind in ("mkv", "webm") else 0)  # keep Matroska's cues
    start = int(len(data) * 0.6)
    data[start:end] = bytes(end - start)
    broken = tmp_path / f"zeroed.{clip.suffix.lstrip('.')}"
    broken.write_bytes(bytes(data))
    assert declared_sizes_fit(broken, {"mp4": "mp4", "mkv": "mkv", "webm": "webm", "avi": "avi"}[kind])
    with pytest.raises(media.MediaError) as err:
        media.probe(broken)
    assert "不完整" in err.value.message or "结尾部分无法解码" in err.value.message


def test_transcode_progress_is_committed_as_it_goes_and_shown(app, db, client, login, tmp_path, monkeypatch):
    from sqlalchemy import text

    from models import Role
    from reviewer.extensions import db as _db
    from tests.factories import make_user

    court = make_court("豫0802")
    hearing = make_hearing(court, tmp_path, status=HearingStatus.QUEUED, kind="avi")
    seen = []
    real = processing._progress_saver

    def watching_saver(h):
        save = real(h)

        def wrapped(fraction):
            save(fraction)  # commits
            with _db.engine.connect() as other:  # what another connection (the status page) sees
                seen.append(other.execute(text("SELECT progress FROM hearings WHERE id = :id"),
                                          {"id": hearing.id}).scalar())
        return wrapped

    monkeypatch.setattr(processing, "_progress_saver", watching_saver)
    assert processing.process_hearing(hearing.id) == HearingStatus.READY
    assert len(set(seen)) > 3 and seen == sorted(seen) and 0 < seen[len(seen) // 2] < 100

    liaison = make_user(roles=(Role.LIAISON,), court=court)
    hearing = make_hearing(court, tmp_path, status=HearingStatus.PROCESSING, case_number="（2021）豫0802民初8号")
    hearing.progress = 42
    _db.session.commit()
    login(liaison)
    assert client.get(f"/hearings/{hearing.id}/status").get_json()["progress"] == 42
    assert "42%" in client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
