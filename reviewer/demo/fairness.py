"""Demo step: reviewer agreement and calibration (issue #18).

The reviews step gives every demo judgment `REVIEWERS_PER_SUBJECT` reviewers (overlapping panels)
and makes one reviewer deliberately severe (`SEVERITY`: points added to the deductions they aim
at), so every statistic of the agreement page has a meaningful value. This step then marks the
first confirmed judgments as reference judgments (标准样卷), puts them in a calibration set, and
has the reviewers calibrate on them: the severe reviewer's deductions miss the tolerance, the
others pass.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models import Evaluation, ReferenceSubject, Role, User, UserRole
from models.base import clock_at
from reviewer.agreement import calibration
from reviewer.extensions import db

REVIEWERS_PER_SUBJECT = 3
SEVERE_REVIEWER = "reviewer3"
SEVERITY = {SEVERE_REVIEWER: 7.0}
CALIBRATION_EXCESS = 12   # points the severe reviewer deducts above the reference
SET_NAME = "{label}标准样卷校准"   # the demo's first month, e.g. 2026年8月标准样卷校准


def seed_fairness(ctx) -> str | None:
    if db.session.scalar(select(ReferenceSubject.id).limit(1)) is not None:
        return None
    admin = ctx.users.get("admin")
    evaluations = db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == "judgment", Evaluation.final_grade.is_not(None))
        .order_by(Evaluation.subject_id).limit(2)).all()
    if admin is None or not evaluations:
        return "评查一致性：没有已确认的评查结果，已跳过"
    first = ctx.calendar.months[0]
    year, month = (int(x) for x in first.split("-"))
    with clock_at(ctx.calendar.at(first, 13, 9)):
        references = [calibration.mark_reference(admin, "judgment", e.subject_id, "演示标准样卷") for e in evaluations]
        calibration_set = calibration.create_set(admin, SET_NAME.format(label=f"{year}年{month}月"),
                                                 [r.id for r in references])
    reviewers = db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                   .where(UserRole.role == Role.REVIEWER).order_by(User.id)).all()
    results = []
    for reviewer in reviewers:
        for reference in references:
            extra = Decimal(str(CALIBRATION_EXCESS if reviewer.username == SEVERE_REVIEWER else 0))
            values = {}
            for item in calibration.sheet_items(reference.sheet_id):
                agreed = next((i for i in reference.items if i.item_id == item.id), None)
                value = agreed.deduction if agreed else Decimal("0")
                if not item.per_occurrence and not item.veto and extra > 0:
                    added = min(item.points - value, extra)
                    value, extra = value + added, extra - added
                reason = (agreed.reason if agreed and agreed.reason else "") or ("扣分偏严" if value else "")
                occurrences = str(int(value / item.step)) if item.per_occurrence and item.step else None
                values[item.id] = (str(value), occurrences, bool(agreed and agreed.veto_hit), reason)
            with clock_at(ctx.calendar.at(first, 15, 10)):
                attempt = calibration.attempt_for(reviewer, calibration_set, reference)
                results.append(calibration.save_attempt(reviewer, attempt, values, submit=True).passed)
    return (f"评查一致性：标准样卷 {len(references)} 份，校准组 1 个，校准评查 {len(results)} 份"
            f"（合格 {sum(results)} 份）；偏严评查员：{SEVERE_REVIEWER}")
