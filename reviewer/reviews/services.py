"""Reviewing services: start a sheet, save a draft (暂存), submit (提交), reopen, precheck deductions.

Assignment services live in `reviewer.reviews.assigning`, combining and confirming in
`reviewer.reviews.evaluations`, the typed input (`ReviewInput` …) in `reviewer.reviews.inputs`.
"""
from __future__ import annotations

import math

from sqlalchemy import select

from models import Assignment, Evaluation, Review, ReviewItemScore, ReviewRemark, ReviewStatus, ScoreSheet, utcnow
from models.notification import NotificationKind
from models.timecode import format_timecode
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.notifications.services import local_url, notify
from reviewer import subjects
from reviewer.reviews.evaluations import refresh_evaluation
from reviewer.reviews.inputs import ItemEntry, RemarkEntry, ReviewInput, ReviewInvalid
from reviewer.scoresheets.scoring import ScoringError, score_item
from reviewer.scoresheets.services import active_sheet, freeze, load_sheet, rule_of

LOCKED_MESSAGE = "评查表已提交并锁定；如需修改，请联系审管办退回。"
STALE_MESSAGE = ("该评查表已在其他窗口保存过。为避免覆盖，本次保存未生效；"
                 "您填写的内容仍保留在下方，请核对后刷新页面再保存。")


def is_editable(review: Review | None) -> bool:
    return review is None or review.status in (ReviewStatus.DRAFT, ReviewStatus.REOPENED)


def evaluation_locked(kind: str, subject_id: int) -> bool:
    return bool(db.session.scalar(select(Evaluation.locked).where(
        Evaluation.subject_kind == kind, Evaluation.subject_id == subject_id)))


def sheet_for(kind: str, subject_id: int) -> ScoreSheet:
    """The sheet a new review of this subject uses: the one its other reviews use, else the active one."""
    spec = subjects.get(kind)
    if spec is None:
        raise DomainError("未知的评查对象类型。")
    used = db.session.scalar(select(Review.sheet_id).where(
        Review.subject_kind == kind, Review.subject_id == subject_id).limit(1))
    sheet = load_sheet(used) if used else active_sheet(spec.sheet_kind)
    if sheet is None:
        raise DomainError(f"尚未启用{spec.label}评查表，请联系审管办。")
    return load_sheet(sheet.id)


def start_review(assignment: Assignment, actor) -> Review:
    """The assignment's review, created (and its sheet frozen) on first use."""
    if assignment.review is not None:
        return assignment.review
    sheet = sheet_for(assignment.subject_kind, assignment.subject_id)
    review = Review(assignment=assignment, subject_kind=assignment.subject_kind,
                    subject_id=assignment.subject_id, sheet=sheet, reviewer_id=assignment.reviewer_id)
    db.session.add(review)
    freeze(sheet)
    db.session.flush()
    audit.record(actor, "review.start", review, after={"sheet": sheet.label},
                 summary=f"开始评查（{sheet.label}）")
    return review


def _validate(review: Review, data: ReviewInput, *, submit: bool, subject) -> list:
    """Check every entry; return [(item, ItemScore)]; raise ReviewInvalid with all problems at once."""
    item_errors: dict[int, str] = {}
    remark_errors: dict[int, str] = {}
    scored = []
    for item in review.sheet.items:
        entry = data.entries.get(item.id, ItemEntry())
        try:
            scored.append((item, score_item(
                rule_of(item), deduction=entry.deduction, occurrences=entry.occurrences,
                veto_hit=entry.veto_hit, reason=entry.reason, require_reason=submit)))
        except ScoringError as error:
            item_errors[item.id] = error.message
    spec = subjects.get(review.subject_kind)
    limit = spec.anchor_limit(subject) if spec and subject is not None else None
    item_ids = {item.id for item in review.sheet.items}
    for number, remark in enumerate(data.remarks):
        problem = _remark_problem(remark, spec, limit, item_ids)
        if problem:
            remark_errors[number] = problem
    if item_errors or remark_errors:
        raise ReviewInvalid(item_errors, remark_errors)
    if submit and data.proposed_grade is None:
        raise ReviewInvalid({}, {}, "提交前请选择建议等级。")
    return scored


def _remark_problem(remark: RemarkEntry, spec, limit, item_ids) -> str | None:
    if not (remark.text or "").strip():
        return "批注内容不能为空。"
    if len(remark.text) > 2000:
        return "批注不能超过 2000 字。"
    if remark.item_id is not None and remark.item_id not in item_ids:
        return "批注关联的评查项不属于本评分表。"
    if spec is not None and spec.anchor == subjects.ANCHOR_PARAGRAPH:
        if remark.paragraph_index is not None and (
                remark.paragraph_index < 0 or (limit is not None and remark.paragraph_index >= limit)):
            return f"段落编号超出范围（共 {limit} 段）。"
    if spec is not None and spec.anchor == subjects.ANCHOR_TIME:
        start, end = remark.start_seconds, remark.end_seconds
        if start is None:
            return "请填写批注对应的时间点。"
        if not math.isfinite(start) or (end is not None and not math.isfinite(end)) or start < 0:
            return "时间点无效。"
        if end is not None and end < start:
            return "时间段无效：结束时间不能早于开始时间。"
        if limit is not None and (start > limit or (end is not None and end > limit)):
            return f"时间点超出录像时长（{format_timecode(limit)}）。"
    return None


def save_review(review: Review, data: ReviewInput, actor, *, submit: bool = False,
                lock_version: int | None = None, subject=None) -> Review:
    """Save the reviewer's sheet as a draft, or submit it (then it is locked).

    Refused when the sheet is locked, when the result is published, when someone saved in
    between (`lock_version` stale) or when an entry breaks a rule (all problems reported at once).
    """
    if not is_editable(review):
        raise DomainError(LOCKED_MESSAGE)
    if evaluation_locked(review.subject_kind, review.subject_id):
        raise DomainError("评查结果已公布并锁定，不能修改。")
    if lock_version is not None and int(lock_version) != review.lock_version:
        raise DomainError(STALE_MESSAGE)
    if subject is None:
        subject = subjects.load(review.subject_kind, review.subject_id)
    scored = _validate(review, data, submit=submit, subject=subject)
    existing = {s.item_id: s for s in review.item_scores}
    for item, result in scored:
        row = existing.get(item.id)
        empty = result.deduction == 0 and not result.veto_hit and not result.reason and not result.occurrences
        if empty:
            if row is not None:
                review.item_scores.remove(row)
            continue
        if row is None:
            row = ReviewItemScore(item=item)
            review.item_scores.append(row)
        elif (row.deduction, row.occurrences, row.veto_hit, row.reason) != (
                result.deduction, result.occurrences, result.veto_hit, result.reason or None):
            row.source = "reviewer"
        row.deduction = result.deduction
        row.occurrences = result.occurrences
        row.veto_hit = result.veto_hit
        row.reason = result.reason or None
    review.remarks = [
        ReviewRemark(text=r.text.strip(), item_id=r.item_id, paragraph_index=r.paragraph_index,
                     start_seconds=r.start_seconds, end_seconds=r.end_seconds)
        for r in data.remarks
    ]
    review.overall_comment = (data.overall_comment or "").strip() or None
    review.proposed_grade = data.proposed_grade
    review.updated_at = utcnow()
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = utcnow()
    db.session.flush()
    audit.record(actor, "review.submit" if submit else "review.save_draft", review,
                 after={"deduction": review.total_deduction, "items": len(review.item_scores),
                        "remarks": len(review.remarks), "proposed_grade": data.proposed_grade},
                 summary=("提交评查表" if submit else "暂存评查表") + f"，共扣 {review.total_deduction} 分")
    if submit:
        evaluation = refresh_evaluation(review.subject_kind, review.subject_id)
        if evaluation is not None and evaluation.computed_grade is not None and evaluation.final_grade is None:
            _ask_leaders_to_confirm(review)
    return review


def _ask_leaders_to_confirm(review: Review) -> None:
    """All sheets are in: the panel leader (组长), if the subject has one, is asked to compare them
    and confirm the grade (once per subject; the office sees the same on its board)."""
    leaders = db.session.scalars(select(Assignment).where(
        Assignment.subject_kind == review.subject_kind, Assignment.subject_id == review.subject_id,
        Assignment.is_leader.is_(True))).all()
    if not leaders:
        return
    spec = subjects.get(review.subject_kind)
    subject = subjects.load(review.subject_kind, review.subject_id)
    title = f"{spec.label} {spec.title(subject)}" if spec and subject is not None else "评查对象"
    url = local_url("reviews.compare", kind=review.subject_kind, subject_id=review.subject_id)
    for leader in leaders:
        notify(leader.reviewer, NotificationKind.GENERAL,
               f"{title}的评查表已全部提交，请作为组长对比各评查表并确认等级。", url=url,
               dedupe_key=f"confirm:{review.subject_kind}:{review.subject_id}")


def save_assignment_review(assignment: Assignment, data: ReviewInput, actor, *, submit: bool = False,
                           opened_version: int | None = None, subject=None) -> Review:
    """Save the assignment's sheet from the review screen, creating it on the first save.

    `opened_version` is the sheet version the form was opened with, None when the form was opened
    before the sheet existed; if the sheet was saved in between (e.g. from another window), the
    save is refused instead of overwriting it.
    """
    review = assignment.review
    if review is None:
        review = start_review(assignment, actor)
        return save_review(review, data, actor, submit=submit, subject=subject)
    return save_review(review, data, actor, submit=submit, lock_version=opened_version or 0, subject=subject)


def reopen_review(review: Review, reason: str, actor) -> Review:
    """The office sends a submitted sheet back to its reviewer; the reason is recorded."""
    reason = (reason or "").strip()
    if review.status != ReviewStatus.SUBMITTED:
        raise DomainError("只有已提交的评查表才能退回。")
    if not reason:
        raise DomainError("退回评查表必须填写理由。")
    if evaluation_locked(review.subject_kind, review.subject_id):
        raise DomainError("评查结果已公布并锁定，不能退回；如确需修改，请先撤销公布。")
    review.status = ReviewStatus.REOPENED
    review.reopen_reason = reason
    review.submitted_at = None
    review.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "review.reopen", review, before={"status": "submitted"},
                 after={"status": "reopened", "reason": reason}, summary=f"退回评查表：{reason}")
    refresh_evaluation(review.subject_kind, review.subject_id)
    _notify_reopened(review, reason)
    return review


def _notify_reopened(review: Review, reason: str) -> None:
    spec = subjects.get(review.subject_kind)
    subject = subjects.load(review.subject_kind, review.subject_id)
    title = f"{spec.label} {spec.title(subject)}" if spec and subject is not None else "评查任务"
    notify(review.reviewer, NotificationKind.GENERAL,
           f"审管办退回了您对{title}的评查表，请修改后重新提交。退回理由：{reason}",
           url=local_url("reviews.review", kind=review.subject_kind, subject_id=review.subject_id))


def set_item_deduction(review: Review, item_key: str, deduction, reason: str, actor, *,
                       occurrences: int | None = None, source: str = "precheck") -> ReviewItemScore:
    """Put a deduction on one item of a draft (used to turn an automatic finding into a deduction).

    Same rules as the form: never above the item's points, a reason is required. For a
    per-occurrence item pass `occurrences` (if omitted, it is derived from the deduction ÷ step).
    """
    if not is_editable(review):
        raise DomainError(LOCKED_MESSAGE)
    if evaluation_locked(review.subject_kind, review.subject_id):
        raise DomainError("评查结果已公布并锁定，不能修改。")
    item = next((i for i in review.sheet.items if i.key == item_key), None)
    if item is None:
        raise DomainError(f"评分表中没有评查项“{item_key}”。")
    rule = rule_of(item)
    if item.per_occurrence and occurrences is None:
        occurrences = int(round(float(deduction or 0) / float(item.step))) if item.step else 0
    try:
        result = score_item(rule, deduction=deduction, occurrences=occurrences, reason=reason)
    except ScoringError as error:
        raise DomainError(error.message) from None
    row = review.score_for(item.id)
    before = {"deduction": row.deduction, "reason": row.reason} if row else None
    if row is None:
        row = ReviewItemScore(item=item)
        review.item_scores.append(row)
    row.deduction, row.occurrences, row.reason, row.source = (
        result.deduction, result.occurrences, result.reason, source)
    review.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "review.set_item", review, before=before,
                 after={"item": item_key, "deduction": result.deduction, "reason": result.reason, "source": source},
                 summary=f"{item.description}：扣 {result.deduction} 分")
    return row
