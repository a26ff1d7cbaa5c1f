"""The processing worker, downloads and withdrawals with the S3 backend (moto's S3 server on
loopback): the recording is fetched to the worker's own disk, poster and playback file go back
to the store, the video is served with range requests after the permission check, and the
judgments' readers (python-docx) get a local copy."""
from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from models import Hearing, HearingStatus, Purpose, Role, StoredFile
from reviewer import storage
from reviewer.judgments import services as judgments
from reviewer.judgments.reparse import reparse_judgment
from tests.factories import make_court, make_hearing, make_user
from tests.judgment_helpers import docx_bytes
from tests.media_clips import make_clip
from tests.s3_store import s3, s3_server  # noqa: F401  (fixtures)
from tests.tus_helpers import court, create, liaison, the_hearing  # noqa: F401


def nothing_left_on_this_node() -> bool:
    return not [p for p in storage.scratch().rglob("*") if p.is_file()]


def test_an_upload_to_s3_is_processed_and_its_poster_and_playback_go_to_the_store(db, client, login, court,
                                                                                  liaison, s3, tmp_path):
    clip = make_clip(tmp_path, "avi", seconds=3).read_bytes()
    login(liaison)
    url = create(client, court, len(clip), filename="庭审.avi")
    from tests.tus_helpers import upload_all

    upload_all(client, url, clip, chunk=7000)
    hearing = the_hearing(db)
    assert hearing.status == HearingStatus.READY, hearing.processing_error  # the queue runs at once in tests
    assert s3.body(hearing.file.storage_path) == clip and hearing.file.mime_type == "video/x-msvideo"
    assert s3.keys("hearing-playback/") == [hearing.playback_file.storage_path]
    assert s3.keys("hearing-posters/") == [hearing.poster_file.storage_path]
    playback = s3.body(hearing.playback_file.storage_path)
    assert hearing.playback_file.sha256 == hashlib.sha256(playback).hexdigest() and playback[4:8] == b"ftyp"
    assert s3.body(hearing.poster_file.storage_path)[:2] == b"\xff\xd8"  # a JPEG
    assert nothing_left_on_this_node()  # the work directory and the fetched copy are gone


def test_the_video_on_s3_answers_range_requests_after_the_permission_check(db, client, login, s3, tmp_path):
    home = make_court("豫0802")
    own, other = make_user(roles=(Role.LIAISON,), court=home), make_user(roles=(Role.LIAISON,), court=make_court("豫0883"))
    hearing = make_hearing(home, tmp_path, kind="avi")
    body = s3.body(hearing.playback_file.storage_path)
    login(other)
    assert client.get(f"/hearings/{hearing.id}/video", headers={"Range": "bytes=0-99"}).status_code == 403
    login(own)
    full = client.get(f"/hearings/{hearing.id}/video")
    assert full.status_code == 200 and full.data == body and full.headers["Accept-Ranges"] == "bytes"
    assert full.headers["Cache-Control"] == "private, no-store"  # not published: no shared caches
    part = client.get(f"/hearings/{hearing.id}/video", headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.data == body[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(body)}"
    tail = client.get(f"/hearings/{hearing.id}/video", headers={"Range": f"bytes={len(body) - 10}-"})
    assert tail.status_code == 206 and tail.data == body[-10:]
    assert client.get(f"/hearings/{hearing.id}/video",
                      headers={"Range": f"bytes={len(body) + 5}-"}).status_code == 416
    again = client.get(f"/hearings/{hearing.id}/video", headers={"If-None-Match": full.headers["ETag"]})
    assert again.status_code == 304
    poster = client.get(f"/hearings/{hearing.id}/poster")
    assert poster.status_code == 200 and poster.mimetype == "image/jpeg" and poster.data[:2] == b"\xff\xd8"


def test_a_recording_that_fails_processing_on_s3_leaves_no_output_object(db, s3, tmp_path):
    from reviewer.recordings.processing import process_hearing

    home = make_court("豫0802")
    hearing = make_hearing(home, tmp_path, status=HearingStatus.QUEUED)
    storage.backend().client.put_object(Bucket=s3.name, Key=hearing.file.storage_path, Body=b"not a video")
    assert process_hearing(hearing.id) == HearingStatus.FAILED
    assert s3.keys("hearing-posters/") == [] and s3.keys("hearing-playback/") == []
    assert nothing_left_on_this_node()


def test_withdrawing_a_recording_on_s3_deletes_its_objects_after_the_commit(db, client, login, s3, tmp_path):
    home = make_court("豫0802")
    own = make_user(roles=(Role.LIAISON,), court=home)
    hearing = make_hearing(home, tmp_path, status=HearingStatus.FAILED)
    assert s3.keys("hearings/") == [hearing.file.storage_path]
    login(own)
    assert client.post(f"/hearings/{hearing.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Hearing.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0 and s3.keys() == []


def test_a_judgment_on_s3_is_parsed_from_the_upload_and_reparsed_from_a_local_copy(db, s3):
    court = make_court("豫0802")
    data = docx_bytes(["河南省焦作市解放区人民法院", "民事判决书", "（2021）豫0802民初55号", "原告张三。", "判决如下：",
                       "被告偿还借款。"])
    import io

    judgment = judgments.ingest(None, court, "2021-04", Purpose.ROUTINE, io.BytesIO(data), "判决书.docx")
    db.session.commit()
    assert s3.body(judgment.file.storage_path) == data and judgment.case_number == "（2021）豫0802民初55号"
    outcome = reparse_judgment(judgment)
    assert not outcome.changed and nothing_left_on_this_node()
