"""Write operations on hearings: declare a recording (and open its upload), withdraw, reprocess."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Court, Hearing, HearingNomination, HearingStatus, HearingUpload, User
from reviewer import audit, storage
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.recordings import uploads


def create_hearing(actor, court: Court, data: dict) -> tuple[Hearing, HearingUpload]:
    """Record a hearing's details and open the resumable upload of its recording (flushes)."""
    judge = None
    if data.get("judge_id"):
        judge = db.session.get(User, data["judge_id"])
        if judge is None or judge.court_id != court.id:
            raise DomainError("承办法官必须是本院的平台用户。")
    hearing = Hearing(
        court=court, month=data["month"], case_number=data["case_number"].strip(),
        cause=(data.get("cause") or "").strip() or None, procedure=data.get("procedure"),
        hearing_date=data["hearing_date"], presiding_judge_name=data["presiding_judge_name"].strip(),
        judge=judge, nomination=HearingNomination(data["nomination"]),
        status=HearingStatus.UPLOADING, uploaded_by_id=actor.id,
    )
    db.session.add(hearing)
    upload = uploads.start(actor, hearing, data["file_name"], data["file_size"])
    audit.record(actor, "hearing.created", hearing,
                 after={"case_number": hearing.case_number, "nomination": hearing.nomination,
                        "month": hearing.month, "size": data["file_size"]},
                 summary=f"登记庭审录像 {hearing.case_number}（{hearing.nomination.label}）")
    return hearing, upload


def delete_hearing(actor, hearing: Hearing, stalled: bool = False) -> None:
    """Withdraw an unfinished, failed or stalled recording: its row, upload and files go (flushes)."""
    if hearing.status not in (HearingStatus.UPLOADING, HearingStatus.FAILED) and not stalled:
        raise DomainError("只能撤回上传中或处理失败的录像。")
    if hearing.upload is not None:
        uploads.discard_after_commit(hearing.upload)
        db.session.delete(hearing.upload)
    audit.record(actor, "hearing.deleted", hearing, before={"case_number": hearing.case_number},
                 summary=f"撤回庭审录像 {hearing.case_number}")
    files = [f for f in (hearing.file, hearing.playback_file, hearing.poster_file) if f]
    db.session.delete(hearing)
    db.session.flush()
    for f in files:
        db.session.delete(f)
        storage.delete_after_commit(f)  # removed only once the deletion of the rows is committed
    db.session.flush()


def is_stalled(hearing: Hearing) -> bool:
    """Queued or processing, but no worker holds or awaits its processing job (a worker was
    killed and the job was lost, or it is past its retries): see `reviewer.job_leases.alive`."""
    from reviewer import job_leases

    return (hearing.status in (HearingStatus.QUEUED, HearingStatus.PROCESSING)
            and not job_leases.alive("hearings.process", [hearing.id]))


def requeue(actor, hearing: Hearing) -> None:
    hearing.status, hearing.progress, hearing.processing_error = HearingStatus.QUEUED, 0, None
    audit.record(actor, "hearing.reprocess", hearing, summary=f"重新处理庭审录像 {hearing.case_number}")
    db.session.flush()


def hearing_list_query(user, filters: dict):
    """Hearings the user may see in the list, newest first, with what the rows display loaded."""
    from reviewer import permissions as p

    query = (select(Hearing).options(selectinload(Hearing.court), selectinload(Hearing.poster_file))
             .order_by(Hearing.created_at.desc(), Hearing.id.desc()))
    visible = p.visible_hearings_clause(user)
    if visible is not None:
        query = query.where(visible)
    if filters.get("court"):
        query = query.where(Hearing.court_id == filters["court"])
    if filters.get("month"):
        query = query.where(Hearing.month == filters["month"])
    if filters.get("nomination"):
        query = query.where(Hearing.nomination == HearingNomination(filters["nomination"]))
    if filters.get("status"):
        query = query.where(Hearing.status == HearingStatus(filters["status"]))
    return query
