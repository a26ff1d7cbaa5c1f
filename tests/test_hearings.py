"""Hearing pages: who may list, upload, watch, stream, withdraw and reprocess; range requests; CLI."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from models import Hearing, HearingNomination, HearingStatus, Role, StoredFile, utcnow
from models.review import Assignment
from reviewer import storage
from reviewer.recordings.processing import process_hearing
from tests.conftest import count_queries
from tests.factories import make_court, make_user
from tests.media_clips import make_clip, truncate


def make_hearing(court, tmp_path, status=HearingStatus.READY, judge=None, published=False,
                 case_number=None, kind="mp4"):
    """A hearing with a real recording in storage; READY ones are really processed."""
    from reviewer.extensions import db

    clip = make_clip(tmp_path, kind, seconds=2, name=f"c{utcnow().timestamp()}.{kind}")
    temp = storage.TempUpload(clip, clip.stat().st_size, "0" * 64, clip.name)
    stored = storage.store(temp, "hearings", "video/mp4")
    hearing = Hearing(court=court, month="2021-04", case_number=case_number or f"（2021）{court.code}民初1号",
                      presiding_judge_name="王五", judge=judge, nomination=HearingNomination.EXCELLENT,
                      status=HearingStatus.QUEUED, file=stored, submitted_at=utcnow(),
                      published_at=utcnow() if published else None)
    db.session.add(hearing)
    db.session.commit()
    if status == HearingStatus.READY:
        assert process_hearing(hearing.id) == HearingStatus.READY
    else:
        hearing.status = status
        db.session.commit()
    return hearing


@pytest.fixture
def people(db):
    court = make_court("豫0802")
    other_court = make_court("豫0883")
    return {
        "court": court,
        "admin": make_user(roles=(Role.ADMIN,)),
        "liaison": make_user(roles=(Role.LIAISON,), court=court),
        "other_liaison": make_user(roles=(Role.LIAISON,), court=other_court),
        "reviewer": make_user(roles=(Role.REVIEWER,), court=other_court),
        "assigned_reviewer": make_user(roles=(Role.REVIEWER,), court=other_court),
        "judge": make_user(roles=(Role.JUDGE,), court=court),
        "other_judge": make_user(roles=(Role.JUDGE,), court=court),
    }


@pytest.fixture
def hearing(db, people, tmp_path):
    h = make_hearing(people["court"], tmp_path, judge=people["judge"])
    db.session.add(Assignment(subject_kind="hearing", subject_id=h.id,
                              reviewer_id=people["assigned_reviewer"].id))
    db.session.commit()
    return h


VIEW_ACCESS = {
    "admin": 200, "liaison": 200, "other_liaison": 403, "reviewer": 403,
    "assigned_reviewer": 200, "judge": 200, "other_judge": 403,
}


@pytest.mark.parametrize("who, expected", VIEW_ACCESS.items())
@pytest.mark.parametrize("path", ["/hearings/{id}", "/hearings/{id}/status", "/hearings/{id}/video",
                                  "/hearings/{id}/poster"])
def test_viewing_a_hearing_per_role(client, login, people, hearing, who, expected, path):
    login(people[who])
    assert client.get(path.format(id=hearing.id)).status_code == expected


@pytest.mark.parametrize("who", ["other_liaison", "reviewer", "other_judge"])
def test_published_hearing_is_visible_to_everyone(db, client, login, people, hearing, who):
    hearing.published_at = utcnow()
    db.session.commit()
    login(people[who])
    assert client.get(f"/hearings/{hearing.id}/video").status_code == 200


@pytest.mark.parametrize("path", ["/hearings/", "/hearings/new", "/hearings/{id}", "/hearings/{id}/video"])
def test_anonymous_users_are_sent_to_login(client, hearing, path):
    response = client.get(path.format(id=hearing.id))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("who, expected", [("admin", 200), ("liaison", 200), ("reviewer", 403), ("judge", 403)])
def test_upload_page_per_role(client, login, people, who, expected):
    login(people[who])
    assert client.get("/hearings/new").status_code == expected


def test_liaison_cannot_declare_a_hearing_for_another_court(db, client, login, people):
    other = make_court("豫0883")
    login(people["liaison"])
    response = client.post("/hearings/new", data={
        "court_id": str(other.id), "month": "2021-04", "nomination": "excellent",
        "case_number": "（2021）豫0883民初1号", "procedure": "二审", "hearing_date": "2021-04-01",
        "presiding_judge_name": "王五", "judge_id": "", "file_name": "a.mp4", "file_size": "10"})
    assert response.status_code == 400  # not among the liaison's choices
    assert db.session.scalar(select(func.count(Hearing.id))) == 0


def test_list_shows_only_what_each_role_may_see(db, client, login, people, hearing, tmp_path):
    other = make_hearing(make_court("豫0883"), tmp_path, status=HearingStatus.FAILED,
                         case_number="（2021）豫0883民初7号")
    listed = {}
    for who in ("admin", "liaison", "other_liaison", "judge", "other_judge", "assigned_reviewer"):
        login(people[who])
        page = client.get("/hearings/").get_data(as_text=True)
        listed[who] = (hearing.case_number in page, other.case_number in page)
    assert listed == {
        "admin": (True, True), "liaison": (True, False), "other_liaison": (False, True),
        "judge": (True, False), "other_judge": (False, False), "assigned_reviewer": (True, False),
    }


def test_list_query_count_does_not_grow_with_rows(db, client, login, people, tmp_path):
    login(people["admin"])
    make_hearing(people["court"], tmp_path, status=HearingStatus.FAILED)
    client.get("/hearings/")
    with count_queries() as few:
        client.get("/hearings/")
    for n in range(2, 6):
        make_hearing(people["court"], tmp_path, status=HearingStatus.FAILED, case_number=f"（2021）豫0802民初{n}号")
    with count_queries() as many:
        client.get("/hearings/")
    assert many[0] == few[0]


def test_video_supports_range_requests(client, login, people, hearing):
    login(people["liaison"])
    full = client.get(f"/hearings/{hearing.id}/video")
    assert full.headers["Accept-Ranges"] == "bytes"
    part = client.get(f"/hearings/{hearing.id}/video", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(full.data)}"
    assert part.data == full.data[100:200]


def test_non_playable_original_is_streamed_as_its_transcode(db, client, login, people, tmp_path):
    h = make_hearing(people["court"], tmp_path, kind="avi")
    login(people["liaison"])
    response = client.get(f"/hearings/{h.id}/video")
    assert response.status_code == 200 and response.mimetype == "video/mp4"
    assert h.playback_file is not None and response.data == storage.path_of(h.playback_file).read_bytes()


def test_liaison_withdraws_a_failed_recording_and_its_files_go(db, client, login, people, tmp_path):
    h = make_hearing(people["court"], tmp_path, status=HearingStatus.FAILED)
    path = storage.path_of(h.file)
    login(people["other_liaison"])
    assert client.post(f"/hearings/{h.id}/delete").status_code == 403
    login(people["liaison"])
    assert client.post(f"/hearings/{h.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Hearing.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0
    assert not path.exists()


def test_ready_recording_cannot_be_withdrawn(client, login, people, hearing):
    login(people["liaison"])
    assert client.post(f"/hearings/{hearing.id}/delete").status_code == 403


@pytest.mark.parametrize("who, expected", [("admin", 302), ("liaison", 403), ("judge", 403)])
def test_only_the_admin_reprocesses(db, client, login, people, hearing, who, expected):
    login(people[who])
    assert client.post(f"/hearings/{hearing.id}/reprocess").status_code == expected
    db.session.refresh(hearing)
    assert hearing.status == HearingStatus.READY


def test_probe_video_cli_prints_json(app, tmp_path):
    clip = make_clip(tmp_path, "webm", seconds=2)
    result = app.test_cli_runner().invoke(args=["probe-video", str(clip), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["video_codec"] == "vp8" and data["audio_codec"] == "opus"
    assert data["playable_in_browser"] is True and data["width"] == 160
    assert data["duration_seconds"] == pytest.approx(2.0, abs=0.2)


@pytest.mark.parametrize("broken", ["truncated", "text"])
def test_probe_video_cli_fails_with_a_chinese_message(app, tmp_path, broken):
    if broken == "truncated":
        path = truncate(make_clip(tmp_path, "mkv", seconds=3), 0.9)
    else:
        path = tmp_path / "note.mp4"
        path.write_text("不是视频", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["probe-video", str(path), "--json"])
    assert result.exit_code == 1
    assert "错误：" in result.output


def test_a_recording_being_reprocessed_shows_its_progress_not_the_old_video(db, client, login, people, hearing):
    from models.hearing import HearingStatus

    hearing.status = HearingStatus.PROCESSING
    hearing.progress = 40
    db.session.commit()
    login(people["admin"])
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "<video" not in page and "40%" in page
