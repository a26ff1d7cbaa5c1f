"""The tus 1.0 endpoints of recording uploads (protocol: `tus.py`; storing: `uploads.py`).

`/hearings/uploads` (OPTIONS, POST = creation with the hearing's details in `Upload-Metadata`) and
`/hearings/uploads/<token>` (OPTIONS, HEAD, PATCH, DELETE = termination). Who is asking: the site's
session (the browser; CSRF token in `X-CSRFToken`) or a personal API token with write scope
(`Authorization: Bearer …`, e.g. a court's case-management system with `tuspy`); then the usual
permission predicates. The request's unit of work commits what the services flushed.
"""
from __future__ import annotations

from flask import abort, current_app, g, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from models import Court, HearingUpload
from reviewer import permissions as p
from reviewer.auth import tokens
from reviewer.errors import require
from reviewer.extensions import csrf, db
from reviewer.jobs import enqueue_after_commit
from reviewer.recordings import services, tus, uploads
from reviewer.recordings.blueprint import bp
from reviewer.recordings.tus import Refusal
from reviewer.recordings.views import hearing_form
from reviewer.web.unit_of_work import attempt

FORM_FIELDS = ("court_id", "month", "nomination", "case_number", "cause", "procedure", "hearing_date",
               "presiding_judge_name", "judge_id")


def _speaking_tus(view):
    """Refusals become tus answers; bodies are streamed, so Flask's body limit (judgment batches)
    gives way to the recordings' (and `receive` holds each body to its upload's declared size)."""
    from functools import wraps

    @wraps(view)
    def handle(*args, **kwargs):
        request.max_content_length = current_app.config["HEARING_MAX_BYTES"]
        try:
            _authenticate()
            if request.method != "OPTIONS":
                tus.check_version()
            return view(*args, **kwargs)
        except Refusal as refusal:
            return tus.answer(refusal.status, refusal.message)
    return csrf.exempt(handle)  # checked in `_authenticate`: a token request has no session


def _authenticate() -> None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        token = tokens.authenticate(secret.strip())
        if token is None:
            raise Refusal(401, "API 令牌无效或已过期。")
        if token.scope.value != "write" or not p.can_hold_api_tokens(token.user):
            raise Refusal(403, "该令牌不能上传录像（需要可写令牌）。")
        g._login_user = token.user  # Flask-Login's current user for this request only
        return
    if not current_user.is_authenticated:
        raise Refusal(401, "请先登录。")
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def _load(token: str) -> HearingUpload:
    upload = db.session.scalar(select(HearingUpload).where(HearingUpload.token == token))
    if upload is None:
        abort(404)
    require(p.can_write_hearing_upload(current_user, upload))
    return upload


def _state(upload: HearingUpload, status: int = 204, offset: int | None = None):
    headers = {"Upload-Offset": uploads.held(upload) if offset is None else offset,
               "Upload-Length": upload.size}
    if not upload.complete:
        headers["Upload-Expires"] = tus.http_date(uploads.expires_at(upload))
    return tus.answer(status, headers=headers)


def _complete(upload: HearingUpload) -> None:
    """All bytes are there: into storage, and the hearing to the processing queue after the commit."""
    uploads.finish(current_user, upload)
    enqueue_after_commit("hearings.process", upload.hearing_id)


@bp.route("/uploads", methods=["OPTIONS", "POST"])
@_speaking_tus
def tus_create():
    if request.method == "OPTIONS":
        return tus.capabilities(current_app.config["HEARING_MAX_BYTES"])
    require(p.can_upload_hearings(current_user))
    size = tus.header_int("Upload-Length", required=False)
    if size is None:
        raise Refusal(400, "请求缺少 Upload-Length（本服务器不支持延后声明文件大小）。")
    limit = current_app.config["HEARING_MAX_BYTES"]
    if size > limit:
        raise Refusal(413, f"录像文件 {uploads.human_size(size)}，超过了大小上限 {uploads.human_size(limit)}。")
    meta = tus.metadata(request.headers.get("Upload-Metadata"))
    court_id = meta.get("court_id", "")
    court = db.session.get(Court, int(court_id)) if court_id.isdigit() and len(court_id) < 10 else None
    if court is None:
        raise Refusal(400, "Upload-Metadata 中缺少有效的法院（court_id）。")
    require(p.can_upload_hearing_for_court(current_user, court.id))
    data = MultiDict({name: meta.get(name, "") for name in FORM_FIELDS})
    data["file_name"] = meta.get("filename") or meta.get("file_name") or ""
    data["file_size"] = str(size)
    form = hearing_form(data, meta={"csrf": False})
    if not form.validate():
        raise Refusal(400, "；".join(m for errors in form.errors.values() for m in errors))
    with attempt(form.file_name) as outcome:
        hearing, upload = services.create_hearing(current_user, court, form.data)
    if outcome.failed:
        raise Refusal(400, outcome.message)
    return tus.answer(201, headers={
        "Location": url_for("hearings.tus_upload", token=upload.token, _external=True),
        "Upload-Expires": tus.http_date(uploads.expires_at(upload)),
        "Hearing-Location": url_for("hearings.detail", hearing_id=hearing.id, _external=True)})


@bp.route("/uploads/<token>", methods=["OPTIONS", "HEAD", "PATCH", "DELETE"])
@_speaking_tus
def tus_upload(token):
    if request.method == "OPTIONS":
        return tus.capabilities(current_app.config["HEARING_MAX_BYTES"])
    if request.method == "PATCH":
        return _patch(token)
    upload = _load(token)
    if request.method == "HEAD":
        if not upload.complete and uploads.held(upload) == upload.size:
            _complete(upload)  # the server stopped between the last byte and "complete"
        return _state(upload, 200)
    if request.method == "DELETE":
        require(p.can_delete_hearing(current_user, upload.hearing))
        services.delete_hearing(current_user, upload.hearing)
        return tus.answer(204)
    raise Refusal(405, "不支持的请求方法。")


def _patch(token: str):
    with db.session.no_autoflush:  # nothing is written before the upload's lease is taken (upload_lock)
        upload = _load(token)
        if request.mimetype != tus.OFFSET_TYPE:
            raise Refusal(415, f"上传数据的 Content-Type 应为 {tus.OFFSET_TYPE}。")
        offset = tus.header_int("Upload-Offset")
        check = tus.checksum(request.headers.get("Upload-Checksum"))
        held = uploads.receive(upload, offset, request.stream, request.content_length, check)
    if held == upload.size:  # what the request found held plus what it added (no second look at S3)
        _complete(upload)
    return _state(upload, offset=held)
