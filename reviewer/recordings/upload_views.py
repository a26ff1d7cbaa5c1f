"""The resumable upload protocol endpoints (see `reviewer.recordings.uploads` for the protocol)."""
from __future__ import annotations

import logging

from flask import abort, current_app, jsonify, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from models import HearingUpload
from reviewer import permissions as p
from reviewer.errors import DomainError, require
from reviewer.extensions import db
from reviewer.recordings import socket_body, uploads
from reviewer.recordings.blueprint import bp
from reviewer.jobs import enqueue

log = logging.getLogger(__name__)


def _load(token: str) -> HearingUpload:
    upload = db.session.scalar(select(HearingUpload).where(HearingUpload.token == token))
    if upload is None:
        abort(404)
    require(p.can_write_hearing_upload(current_user, upload))
    return upload


def _reply(upload: HearingUpload, status: int = 200, message: str | None = None):
    body = {"offset": upload.offset, "size": upload.size, "complete": upload.complete,
            "detail_url": url_for("hearings.detail", hearing_id=upload.hearing_id)}
    if message:
        body["message"] = message
    response = jsonify(body)
    response.status_code = status
    response.headers["Upload-Offset"] = str(upload.offset)
    response.headers["Upload-Length"] = str(upload.size)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/uploads/<token>", methods=["GET", "HEAD"])
@login_required
def upload_status(token):
    return _reply(_load(token))


def _turn_of(upload: HearingUpload, offset: int):
    """Whether the chunk at `offset` may be stored now: the bytes before it are (or it is behind,
    or the upload is complete, and the caller answers 409)."""
    def turn_has_come() -> bool:
        db.session.rollback()  # end the snapshot read: see the offset as committed now
        db.session.refresh(upload)
        return upload.complete or offset <= upload.offset
    return turn_has_come


def _store_chunk(upload: HearingUpload, offset: int, partial) -> None:
    spooled = uploads.spooled_body(request.headers.get(uploads.SPOOLED_BODY_HEADER))
    if spooled is not None:  # the front server wrote the body to disk and passes its name
        with open(spooled, "rb") as body:
            uploads.append(upload, offset, body, spooled.stat().st_size, partial)
    else:
        direct = socket_body.direct_body(request.environ, request.content_length,
                                         current_app.config["UPLOAD_READ_TIMEOUT"])
        if direct is not None:  # under gunicorn: straight from the socket, no WSGI copies
            with direct:
                uploads.append(upload, offset, direct, request.content_length, partial)
        else:
            uploads.append(upload, offset, request.stream, request.content_length, partial)
    if upload.offset == upload.size:
        uploads.finish(current_user, upload)


@bp.route("/uploads/<token>", methods=["PATCH", "POST"])
@login_required
def upload_chunk(token):
    upload = _load(token)
    offset = request.headers.get("Upload-Offset", type=int)
    if offset is None:
        return _reply(upload, 400, "请求缺少 Upload-Offset。")
    try:
        with uploads.exclusive(upload, _turn_of(upload, offset)) as partial:
            try:
                _store_chunk(upload, offset, partial)
            except uploads.UploadConflict as error:
                db.session.commit()
                return _reply(upload, 409, error.message)
            except DomainError as error:
                db.session.rollback()
                return _reply(upload, 400, error.message)
            db.session.commit()  # before the lock goes: the next chunk's request reads this offset
    except uploads.UploadBusy as error:
        db.session.rollback()
        return _reply(upload, 423, error.message)
    if upload.complete:
        try:
            enqueue("hearings.process", upload.hearing_id)
        except Exception:  # noqa: BLE001 - the file is safe; the office can requeue it
            log.exception("could not queue processing of hearing %s", upload.hearing_id)
            return _reply(upload, 200, "录像已上传，但暂时无法加入处理队列，请联系审管办重新处理。")
    return _reply(upload)
