"""Run the format checks on stored judgments, keep their findings, dismiss them, map them to items.

Services flush, never commit. `run_prechecks` is registered as an intake hook, so every uploaded
judgment is checked when it arrives.
"""
from __future__ import annotations

from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import (Assignment, Court, Judgment, PrecheckDeduction, PrecheckDismissal, PrecheckFinding,
                    PrecheckMapping)
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.judgments.parser import parse_paragraphs
from reviewer.prechecks.engine import run_checks
from reviewer.prechecks.findings import CODE_LABELS, CODES
from reviewer.reviews.services import evaluation_locked

# Default code → score-sheet item key (keys of reviewer/scoresheets/defaults.py); the office may
# change any of them on the mapping page.
DEFAULT_ITEM_MAPPING: dict[str, str] = {
    "case_number.format": "format.case_number",
    "case_number.court_mismatch": "format.case_number",
    "structure.missing_section": "format.elements",
    "signature.missing_clerk": "format.signature",
    "signature.date_format": "format.signature",
    "citation.format": "law.citation",
    "citation.repealed": "law.validity",
    "party.name_inconsistent": "format.elements",
    "text.halfwidth_punctuation": "language.punctuation",
    "text.repeated_char": "language.typos",
    "civil.missing_costs": "ruling.costs",
    "date.order": "language.numbers_dates",
    "text.repeated_word": "language.typos",
    "signature.role_title": "format.signature",
    "text.confusable": "language.typos",
}


def court_code_table() -> dict[str, str]:
    """Court full name → case-number code, from the reference data (the courts table)."""
    return {name: code for name, code in db.session.execute(select(Court.full_name, Court.code))
            if name and code}


def run_prechecks(judgment: Judgment) -> list[PrecheckFinding]:
    """(Re)check a judgment's stored text and replace its findings; earlier dismissals of the same
    finding (code, paragraph, message) are carried over."""
    parsed = parse_paragraphs(list(judgment.paragraphs or []))
    court = judgment.court
    results = run_checks(parsed, court_code_table(), submitting=(court.full_name, court.code) if court else None)
    old = db.session.scalars(select(PrecheckFinding).where(PrecheckFinding.judgment_id == judgment.id)
                             .options(selectinload(PrecheckFinding.dismissals)))
    for row in old:
        db.session.delete(row)      # its dismissals stay, detached (finding_id NULL), with their code
    db.session.flush()
    rows = [PrecheckFinding(judgment_id=judgment.id, code=f.code, severity=f.severity, message=f.message,
                            paragraph=f.paragraph, excerpt=f.excerpt) for f in results]
    db.session.add_all(rows)
    db.session.flush()
    by_key = {(r.code, r.paragraph, r.message): r for r in rows}
    for dismissal in db.session.scalars(select(PrecheckDismissal).where(
            PrecheckDismissal.judgment_id == judgment.id, PrecheckDismissal.finding_id.is_(None))):
        match = by_key.get((dismissal.code, dismissal.paragraph, dismissal.message))
        if match is not None:
            dismissal.finding_id = match.id
    db.session.flush()
    return rows


def precheck_after_intake(judgment: Judgment) -> None:
    """Intake hook: the checks are advice, so a failure in them is logged and never blocks an upload
    (they run in a savepoint, so nothing half-written stays behind)."""
    try:
        with db.session.begin_nested():
            run_prechecks(judgment)
    except Exception:  # noqa: BLE001 — any bug in a rule must not refuse a valid judgment
        current_app.logger.exception("format checks failed for judgment %s", judgment.id)



def findings_for(judgment_id: int) -> list[PrecheckFinding]:
    return list(db.session.scalars(
        select(PrecheckFinding).where(PrecheckFinding.judgment_id == judgment_id)
        .order_by(PrecheckFinding.paragraph.nulls_first(), PrecheckFinding.id)))


def dismissed_ids(user, finding_ids) -> set[int]:
    """The findings among `finding_ids` that `user` has dismissed."""
    if not finding_ids or user is None:
        return set()
    return set(db.session.scalars(select(PrecheckDismissal.finding_id).where(
        PrecheckDismissal.user_id == user.id, PrecheckDismissal.finding_id.in_(list(finding_ids)))))


def dismiss(finding: PrecheckFinding, actor, reason: str | None = None) -> PrecheckDismissal:
    """Record that `actor` judged the finding not to be a flaw (idempotent per person).

    Raises DomainError once the judgment's evaluation is published and locked: the findings then
    stand as they were when the result was published.
    """
    if evaluation_locked("judgment", finding.judgment_id):
        raise DomainError("该文书的评查结果已公布并锁定，不能再驳回预检提示。")
    existing = db.session.scalar(select(PrecheckDismissal).where(
        PrecheckDismissal.finding_id == finding.id, PrecheckDismissal.user_id == actor.id))
    if existing is not None:
        return existing
    reason = (reason or "").strip()[:500] or None
    row = PrecheckDismissal(finding=finding, judgment_id=finding.judgment_id, user_id=actor.id,
                            code=finding.code, message=finding.message, paragraph=finding.paragraph,
                            reason=reason)
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "precheck.dismiss", finding.judgment,
                 after={"code": finding.code, "paragraph": finding.paragraph, "reason": reason},
                 summary=f"驳回预检提示：{CODE_LABELS.get(finding.code, finding.code)}")
    return row


def dismissal_counts() -> list[dict]:
    """Per code: current findings, dismissals, and the share dismissed (noisy checks show up)."""
    findings = dict(db.session.execute(
        select(PrecheckFinding.code, func.count()).group_by(PrecheckFinding.code)).all())
    dismissals = dict(db.session.execute(
        select(PrecheckDismissal.code, func.count()).group_by(PrecheckDismissal.code)).all())
    rows = []
    for code in list(CODES) + sorted(set(findings) | set(dismissals) - set(CODES)):
        found, dismissed = findings.get(code, 0), dismissals.get(code, 0)
        rows.append({"code": code, "label": CODE_LABELS.get(code, code), "findings": found,
                     "dismissals": dismissed, "rate": (dismissed / found) if found else None})
    return rows


def item_mapping() -> dict[str, str | None]:
    """Code → item key: the defaults, overridden by what the office saved."""
    mapping: dict[str, str | None] = dict(DEFAULT_ITEM_MAPPING)
    for row in db.session.scalars(select(PrecheckMapping)):
        mapping[row.code] = row.item_key
    return mapping


def set_item_mapping(actor, data: dict[str, str | None]) -> None:
    """Save the office's code → item-key choices (blank = no item: the finding cannot be deducted)."""
    before = item_mapping()
    rows = {row.code: row for row in db.session.scalars(select(PrecheckMapping))}
    for code in CODES:
        if code not in data:
            continue
        key = (data[code] or "").strip() or None
        row = rows.get(code)
        if row is None:
            row = PrecheckMapping(code=code)
            db.session.add(row)
        row.item_key, row.updated_by_id = key, actor.id
    db.session.flush()
    after = item_mapping()
    changed = {code: after[code] for code in CODES if before.get(code) != after.get(code)}
    if changed:
        audit.record(actor, "precheck.mapping", None, before={c: before.get(c) for c in changed},
                     after=changed, summary="修改预检问题与评查项的对应关系")


def assignment_for(user, judgment_id: int) -> Assignment | None:
    return db.session.scalar(select(Assignment).where(
        Assignment.subject_kind == "judgment", Assignment.subject_id == judgment_id,
        Assignment.reviewer_id == user.id))


def deduct_from_finding(finding: PrecheckFinding, assignment: Assignment, actor, deduction=None):
    """Turn a finding into a deduction on the mapped item of the reviewer's own (draft) sheet, once
    per finding and sheet (`PrecheckDeduction`; the review screen then shows 已扣分 and offers undo).

    Per-occurrence items get one more occurrence; free items get `deduction` (default: the item's
    points when they are at most 2, else one point more than already deducted). The finding's message
    becomes (part of) the reason.
    """
    from reviewer.reviews import services as reviews

    key = item_mapping().get(finding.code)
    if not key:
        raise DomainError("该类预检问题尚未对应评查项，请联系审管办在“预检设置”中配置。")
    review = reviews.start_review(assignment, actor)
    if deduction_of(finding, review) is not None:
        raise DomainError("该预检问题已扣分；如需调整，请先撤销扣分或直接修改评查表。")
    item = review.sheet.item_by_key(key)
    if item is None:
        raise DomainError(f"当前评查表中没有评查项“{key}”，请联系审管办调整对应关系。")
    row = review.score_for(item.id)
    where = f"（第{finding.paragraph + 1}段）" if finding.paragraph is not None else ""
    note = f"【预检】{finding.message}{where}"
    reason = f"{row.reason}；{note}" if row is not None and row.reason and note not in row.reason else \
        (row.reason if row is not None and row.reason else note)
    occurrences = None
    before = row.deduction if row is not None else Decimal("0")
    if item.per_occurrence:
        occurrences = (row.occurrences or 0) + 1 if row is not None else 1
        deduction = Decimal(occurrences) * (item.step or Decimal("0"))
    elif deduction is None:
        deduction = item.points if item.points <= 2 else min(item.points, before + 1)
    result = reviews.set_item_deduction(review, key, deduction, reason, actor, occurrences=occurrences)
    db.session.add(PrecheckDeduction(finding_id=finding.id, review_id=review.id, item_key=key,
                                     amount=result.deduction - before, occurrence=item.per_occurrence, note=note))
    db.session.flush()
    return result


def deduction_of(finding: PrecheckFinding, review) -> PrecheckDeduction | None:
    if review is None or review.id is None:
        return None
    return db.session.scalar(select(PrecheckDeduction).where(
        PrecheckDeduction.finding_id == finding.id, PrecheckDeduction.review_id == review.id))


def deducted_finding_ids(review) -> set[int]:
    """The findings already turned into deductions on `review` (one query)."""
    if review is None or review.id is None:
        return set()
    return set(db.session.scalars(select(PrecheckDeduction.finding_id).where(PrecheckDeduction.review_id == review.id)))


def undo_deduction(finding: PrecheckFinding, assignment: Assignment, actor):
    """Take back exactly what the finding added to the reviewer's draft sheet (points, occurrence,
    the note in the reason); the finding can then be deducted again."""
    from reviewer.reviews import services as reviews

    review = assignment.review
    record = deduction_of(finding, review)
    if record is None:
        raise DomainError("该预检问题没有扣分，无需撤销。")
    item = review.sheet.item_by_key(record.item_key)
    row = review.score_for(item.id) if item is not None else None
    if row is not None:
        occurrences = max(0, (row.occurrences or 0) - 1) if record.occurrence else None
        deduction = max(Decimal("0"), row.deduction - record.amount)
        reason = "；".join(part for part in (row.reason or "").split("；") if part and part != record.note)
        if deduction > 0 and not reason:
            reason = "（撤销预检扣分后保留的扣分）"
        reviews.set_item_deduction(review, record.item_key, deduction, reason, actor, occurrences=occurrences)
    db.session.delete(record)
    db.session.flush()
    audit.record(actor, "precheck.undo_deduct", review, after={"finding": finding.code, "item": record.item_key,
                 "amount": record.amount}, summary=f"撤销预检扣分：{record.note}")
