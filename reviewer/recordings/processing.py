"""Processing an uploaded recording in the job queue (`hearings.process`): `pipeline.process_file`
(probe, poster, playback transcode) on the stored file, then the results are stored.

The work directory is on the worker's own disk (`storage.scratch()`): nothing is shared with the
web nodes but the store and the database, so workers can run on other machines.

Runs in the job queue. It commits its own work: progress as it goes, the
result at the end. Any failure rolls back, so files already moved into storage are deleted again
(see `reviewer.storage`), the temporary work directory is removed, and the hearing is left
`FAILED` with the Chinese message the liaison sees.
"""
from __future__ import annotations

import logging
import shutil
import uuid

from models import Hearing, HearingStatus
from reviewer import storage
from reviewer.extensions import db
from reviewer.recordings import media
from reviewer.recordings.pipeline import process_file

log = logging.getLogger(__name__)

MIME_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
              "mkv": "video/x-matroska", "avi": "video/x-msvideo", "flv": "video/x-flv",
              "wmv": "video/x-ms-wmv", "ts": "video/mp2t"}
INTERNAL_ERROR = "处理录像时发生内部错误，请稍后重试或联系审管办。"


def process_hearing(hearing_id: int) -> HearingStatus | None:
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or hearing.file is None:
        return None
    hearing.status, hearing.progress, hearing.processing_error = HearingStatus.PROCESSING, 0, None
    db.session.commit()
    _remove_leftovers(hearing_id)
    work = storage.scratch() / f"hearing-{hearing_id}-{uuid.uuid4().hex}"
    work.mkdir(parents=True, exist_ok=True)
    try:
        # On S3 the recording is fetched into the work directory first (PyAV reads a real file);
        # the poster and playback file are written there and stored back by `_apply`.
        with storage.local_path(hearing.file, into=work / "source") as source:
            processed = process_file(source, work, _progress_saver(hearing))
            _apply(hearing, processed)
        db.session.commit()
    except media.MediaError as error:
        _fail(hearing_id, error.message)
    except Exception:  # the job must leave the row in a stated condition
        log.exception("processing hearing %s failed", hearing_id)
        _fail(hearing_id, INTERNAL_ERROR)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return db.session.get(Hearing, hearing_id).status


def _remove_leftovers(hearing_id: int) -> None:
    """Work directories of an earlier run of this hearing that was killed (one run at a time)."""
    for leftover in storage.scratch().glob(f"hearing-{hearing_id}-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _progress_saver(hearing):
    def save(fraction: float) -> None:
        hearing.progress = min(99, int(fraction * 100))
        db.session.commit()
    return save


def _apply(hearing, processed) -> None:
    info, result = processed.info, processed.transcode
    title = hearing.case_number or f"庭审{hearing.id}"
    hearing.duration_seconds = result.duration_seconds if result else info.duration_seconds
    hearing.container, hearing.width, hearing.height = info.container, info.width, info.height
    hearing.video_codec, hearing.audio_codec = info.video_codec, info.audio_codec
    hearing.rotation = result.rotation_applied if result else 0
    hearing.audio_note = processed.audio_note
    hearing.file.mime_type = MIME_TYPES.get(info.container, "application/octet-stream")
    hearing.poster_file = storage.store_path(processed.poster, "hearing-posters", f"{title}封面.jpg",
                                             "image/jpeg", ext=".jpg")
    if processed.playback is not None:
        hearing.playback_file = storage.store_path(processed.playback, "hearing-playback",
                                                   f"{title}.mp4", "video/mp4", ext=".mp4")
        hearing.playable_in_browser = result.playable_in_browser
    else:
        hearing.playable_in_browser = True
    hearing.status, hearing.progress = HearingStatus.READY, 100


def give_up(hearing_id: int, message: str) -> None:
    """The job was given up (its worker was killed again and again): the hearing is FAILED."""
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is not None and hearing.status in (HearingStatus.QUEUED, HearingStatus.PROCESSING):
        _remove_leftovers(hearing_id)
        hearing.status, hearing.progress, hearing.processing_error = HearingStatus.FAILED, 0, message


def _fail(hearing_id: int, message: str) -> None:
    db.session.rollback()
    hearing = db.session.get(Hearing, hearing_id)
    hearing.status, hearing.progress, hearing.processing_error = HearingStatus.FAILED, 0, message
    db.session.commit()
