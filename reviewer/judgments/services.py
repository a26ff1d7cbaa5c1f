"""Judgment intake: receive, validate, parse, store, correct, submit. Services flush, never commit."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from models import (Court, CourtLevel, Judgment, JudgmentStatus, Purpose, Role, StoredFile, User, UserRole,
                    utcnow)
from reviewer import audit, batch, permissions, signals, storage
from reviewer.edits import claim_version
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.judgments.case_number import parse_case_number, procedure_for
from reviewer.judgments.court_consistency import SubmittingCourt, court_mismatches
from reviewer.judgments.document import DocumentError, ParsedJudgment
from reviewer.judgments.parser import parse_docx

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Fields a person may correct after parsing (also the audited snapshot).
META_FIELDS = ("case_number", "court_name_text", "doc_type", "procedure", "trial_procedure", "cause",
               "judgment_date", "presiding_judge_name", "clerk_name", "judge_id", "month", "purpose", "note",
               "parties", "signatories")

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    accepted: list[Judgment]
    rejected: list[tuple[str, str]]  # (original name, Chinese reason)


def ingest(actor: User | None, court: Court, month: str, purpose: Purpose, stream,
           original_name: str | None) -> Judgment:
    """Stream one upload to disk, refuse anything but a safe, readable .docx, and add a DRAFT judgment.

    Validation happens before the file is moved into storage, so a refusal leaves nothing behind.
    """
    temp = storage.receive(stream, original_name, current_app.config["JUDGMENT_MAX_BYTES"])
    try:
        try:
            parsed = parse_docx(temp.path, max_bytes=current_app.config["JUDGMENT_MAX_BYTES"])
        except DocumentError as error:
            raise DomainError(error.message) from None
        _refuse_duplicate(temp.sha256, court)
        if not parsed.paragraphs:
            raise DomainError("文档中没有文字内容。")
        stored = storage.store(temp, "judgments", DOCX_MIME, uploaded_by=actor, ext=".docx")
    except BaseException:
        temp.discard()
        raise
    try:
        judgment = Judgment(court=court, month=month, purpose=purpose, status=JudgmentStatus.DRAFT,
                            file=stored, uploaded_by_id=getattr(actor, "id", None))
        apply_parsed(judgment, parsed)
        judgment.judge_id = match_judge(court.id, parsed)
        db.session.add(judgment)
        db.session.flush()
        audit.record(actor, "judgment.uploaded", judgment, after={
            "file": stored.original_name, "sha256": stored.sha256, "court": court.name, "month": month,
            "purpose": purpose.value, "case_number": judgment.case_number})
        _after_intake(judgment)
    except BaseException:
        storage.delete_now(stored)
        raise
    return judgment


def ingest_batch(actor, court: Court, month: str, purpose: Purpose, files) -> BatchResult:
    """Ingest many files; each good file is kept, each bad one is reported by name with its reason.

    Each file is its own savepoint: a failure of any kind (a refusal, a reader crash on a strange
    document, a full disk, a duplicate uploaded by someone else at the same moment) rolls back
    only that file, which is reported with a Chinese reason; the others stay accepted and are
    committed with the request.
    """
    result = BatchResult([], [])
    for name, stream in files:
        savepoint = db.session.begin_nested()
        try:
            judgment = ingest(actor, court, month, purpose, stream, name)
        except Exception as error:  # noqa: BLE001  one file's failure is that file's rejection
            savepoint.rollback()
            result.rejected.append((storage.clean_display_name(name), _batch_reason(error)))
            if not isinstance(error, (DomainError, IntegrityError)):
                log.exception("judgment upload %r failed", name)
        else:
            savepoint.commit()
            result.accepted.append(judgment)
    return result


def _batch_reason(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, IntegrityError):
        return "该文件与他人同时上传的文件冲突（可能重复），未接收，请刷新后查看。"
    return "读取该文件时发生错误（文件结构异常），未接收；请用 Word 另存为 .docx 后重新上传。"


def _refuse_duplicate(sha256: str, court: Court) -> None:
    """Refuse a file already uploaded. Only an upload of the same court is named (by its case
    number): another court's case number or name is not shown to this court's liaison."""
    existing = db.session.execute(
        select(Judgment.case_number, Judgment.court_id).join(StoredFile, Judgment.file_id == StoredFile.id)
        .where(StoredFile.sha256 == sha256).limit(1)
    ).first()
    if existing is None:
        return
    if existing[1] == court.id:
        raise DomainError(f"该文件此前已上传（本院，案号 {existing[0] or '未识别'}），不再重复接收。")
    raise DomainError("该文件此前已上传（由其他法院），不再重复接收；如有疑问请联系评查办公室。")


def apply_parsed(judgment: Judgment, parsed: ParsedJudgment) -> None:
    number = parsed.case_number
    judgment.case_number = number.normalized if number else None
    judgment.case_year = number.year if number else None
    judgment.case_court_code = number.court_code if number else None
    judgment.case_type_code = number.type_code if number else None
    judgment.case_sequence = number.sequence if number else None
    judgment.court_name_text = parsed.court_name
    judgment.doc_type = parsed.doc_type
    judgment.procedure = parsed.procedure
    judgment.trial_procedure = parsed.trial_procedure
    judgment.cause = parsed.cause
    judgment.judgment_date = parsed.judgment_date
    judgment.presiding_judge_name = parsed.presiding_judge
    judgment.clerk_name = parsed.clerk
    judgment.party_list = parsed.parties
    judgment.signatory_list = parsed.signatories
    judgment.paragraphs = list(parsed.paragraphs)
    judgment.sections = parsed.section_ranges


def match_judge(court_id: int, parsed: ParsedJudgment) -> int | None:
    """The platform user who is the judge in charge: a judge of the same court whose name is the
    presiding judge's, else the first signing judge's that matches; None when nobody matches."""
    names = [parsed.presiding_judge] + [s.name for s in parsed.judges]
    names = [n for n in names if n]
    if not names:
        return None
    rows = db.session.execute(
        select(User.id, User.display_name).join(UserRole)
        .where(User.court_id == court_id, User.active.is_(True), UserRole.role == Role.JUDGE,
               User.display_name.in_(names))
    ).all()
    by_name = {name: uid for uid, name in rows}
    return next((by_name[n] for n in names if n in by_name), None)


def snapshot(judgment: Judgment) -> dict:
    data = {field: getattr(judgment, field) for field in META_FIELDS}
    data["judgment_date"] = judgment.judgment_date.isoformat() if judgment.judgment_date else None
    data["purpose"] = judgment.purpose.value
    data["parties"] = [f"{p['role']}：{p['name']}" for p in judgment.parties or []]
    data["signatories"] = [f"{p['role']}：{p['name']}" for p in judgment.signatories or []]
    return data


def update_metadata(actor: User, judgment: Judgment, data: dict) -> None:
    """Apply a person's corrections; the case number is re-split into its parts.

    Refused (StaleEdit) when the judgment was saved since the editor loaded `data["lock_version"]`;
    a caller without a loaded version (the API's PATCH of the current state) still bumps it, so
    pages opened before this change are refused in turn.
    """
    claim_version(judgment, data.get("lock_version", judgment.lock_version), "该文书的信息")
    number = parse_case_number(data["case_number"])
    if number is None:
        raise DomainError("案号格式不正确。")
    judge_id = data.get("judge_id")
    if judge_id is not None:
        judge = db.session.get(User, judge_id)
        if judge is None or judge.court_id != judgment.court_id or not judge.has_role(Role.JUDGE):
            raise DomainError("承办法官必须是本院的法官用户。")
    before = snapshot(judgment)
    for field in META_FIELDS:
        if field in data and field not in ("parties", "signatories"):
            setattr(judgment, field, data[field])
    for field in ("parties", "signatories"):
        if field in data and _people_changed(getattr(judgment, field), data[field]):
            setattr(judgment, field, data[field])
    judgment.purpose = Purpose(data["purpose"]) if isinstance(data.get("purpose"), str) else judgment.purpose
    judgment.case_number = number.normalized
    judgment.case_year, judgment.case_court_code = number.year, number.court_code
    judgment.case_type_code, judgment.case_sequence = number.type_code, number.sequence
    if not data.get("procedure"):
        judgment.procedure = procedure_for(number.type_code)
    db.session.flush()
    changed_before, changed_after = audit.diff(before, snapshot(judgment))
    if changed_after:
        audit.record(actor, "judgment.metadata_edited", judgment, before=changed_before, after=changed_after)
        signals.judgment_metadata_changed.send(judgment)


def _people_changed(current: list[dict], new: list[dict]) -> bool:
    """Edited lists lose the paragraph anchors; keep the stored list when nothing really changed."""
    return [(p["role"], p["name"]) for p in current or []] != [(p["role"], p["name"]) for p in new]


def court_problems(judgment: Judgment) -> list[str]:
    """Why the judgment seems to belong to another court than the one submitting it (Chinese
    sentences; [] when it fits): see `court_consistency.court_mismatches`."""
    court = judgment.court
    submitting = SubmittingCourt(full_name=court.full_name, code=court.code,
                                 basic=court.level == CourtLevel.BASIC)
    return court_mismatches(submitting, judgment.court_name_text, judgment.case_court_code,
                            judgment.case_type_code)


def submit(actor: User, judgment: Judgment, reason: str | None = None) -> None:
    """Submit a draft for evaluation. A judgment that seems to belong to another court is submitted
    only with the liaison's `reason`, which is kept on the judgment and audited."""
    if judgment.status != JudgmentStatus.DRAFT:
        raise DomainError("只有待确认的文书可以报送。")
    if not judgment.case_number:
        raise DomainError("请先填写案号再报送。")
    problems = court_problems(judgment)
    reason = (reason or "").strip()
    if problems and not reason:
        raise DomainError("该文书似乎不属于报送法院：" + "".join(problems)
                          + "请核对；如确需报送，请填写理由后再报送。")
    _lock_draft(judgment)
    judgment.court_mismatch_reason = reason[:1000] if problems else None
    judgment.status = JudgmentStatus.SUBMITTED
    judgment.submitted_at = utcnow()
    db.session.flush()
    after = {"status": "submitted"}
    if problems:
        after.update(court_problems=problems, court_mismatch_reason=judgment.court_mismatch_reason)
    audit.record(actor, "judgment.submitted", judgment, before={"status": "draft"}, after=after)


def _lock_draft(judgment: Judgment) -> None:
    """Lock the judgment's row while it is still a draft (a no-op UPDATE, so the row lock is taken
    on PostgreSQL and the write lock on SQLite): a submit and a delete of the same draft at once
    run one after the other, and the later finds the row gone or submitted and is refused."""
    locked = db.session.execute(update(Judgment).where(
        Judgment.id == judgment.id, Judgment.status == JudgmentStatus.DRAFT)
        .values(status=JudgmentStatus.DRAFT).execution_options(synchronize_session=False))
    if locked.rowcount != 1:
        raise DomainError("该文书已被他人同时报送或删除，本次操作未生效。请刷新页面查看。")


def delete_draft(actor: User, judgment: Judgment) -> None:
    """A liaison withdraws an unsubmitted upload: the row goes, and its file once the commit holds."""
    if judgment.status != JudgmentStatus.DRAFT:
        raise DomainError("已报送的文书不能删除。")
    _lock_draft(judgment)
    stored = judgment.file
    audit.record(actor, "judgment.deleted", judgment, before={
        "case_number": judgment.case_number, "file": stored.original_name, "sha256": stored.sha256})
    db.session.delete(judgment)
    db.session.delete(stored)
    db.session.flush()
    storage.delete_after_commit(stored)


def _after_intake(judgment: Judgment) -> None:
    """Other features react to a new judgment (e.g. linking a drawn judgment): `reviewer.wiring`."""
    signals.judgment_ingested.send(judgment)


def submit_many(actor: User, judgment_ids: list[int]) -> list:
    """全部报送: submit every chosen draft, or none (`reviewer.batch`); a judgment the actor may not
    submit, or that another court seems to own (it needs its own reason), refuses the batch."""
    judgments = list(db.session.scalars(select(Judgment).where(Judgment.id.in_(judgment_ids))
                                        .order_by(Judgment.id))) if judgment_ids else []

    def one(judgment):
        if not permissions.can_submit_judgment(actor, judgment):
            raise DomainError("您不能报送这份文书（已报送或不属于您的法院）。")
        submit(actor, judgment)

    reports = batch.run_all(judgments, one, lambda j: j.title, "已报送")
    audit.record(actor, "judgment.batch_submitted", None, after={"judgments": [j.id for j in judgments]},
                 summary=f"全部报送 {len(judgments)} 份文书")
    return reports
