"""The performance-points ledger: rules with effective dates, posting, counter-entries, totals.

Rules of the ledger in points.py (pure). Entries are added, never edited or deleted: a
correction is an audited counter-entry (and, if the amount was wrong, a new entry). Totals are
SQL aggregates per judge or division and year.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import and_, func, select
from models import Court, Division, User
from models.points import PointsEntry, PointsRule, PointsSubject
from models.reversal import ReversalCase
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reversals import points as pts


def _pure(rule: PointsRule) -> pts.Rule:
    return pts.Rule(rule.code, rule.points, rule.effective_from, rule.effective_until, rule.id)


def all_rules() -> list[PointsRule]:
    return list(db.session.scalars(select(PointsRule).order_by(PointsRule.code, PointsRule.effective_from)))


def ensure_rules() -> list[PointsRule]:
    """The rules, installing the plan's defaults (from 2021-03-15) the first time."""
    rules = all_rules()
    if rules:
        return rules
    for code, label, points, subject in pts.DEFAULT_RULES:
        db.session.add(PointsRule(code=code, label=label, points=points, subject=PointsSubject(subject),
                                  effective_from=pts.PLAN_START))
    db.session.flush()
    return all_rules()


def add_rule(actor, code: str, label: str, points: Decimal, subject: PointsSubject,
             effective_from: date, effective_until: date | None) -> PointsRule:
    """A new rule (or a new rate of an existing code from a date); refuses overlapping dates."""
    code = (code or "").strip()
    if not code or not (label or "").strip():
        raise DomainError("请填写规则代码和名称。")
    candidate = pts.Rule(code, Decimal(points), effective_from, effective_until)
    try:
        pts.check_no_overlap([_pure(r) for r in all_rules()], candidate)
    except pts.PointsError as error:
        raise DomainError(str(error)) from None
    rule = PointsRule(code=code, label=label.strip(), points=Decimal(points), subject=subject,
                      effective_from=effective_from, effective_until=effective_until, created_by_id=actor.id)
    db.session.add(rule)
    db.session.flush()
    audit.record(actor, "points.rule", rule, after={"code": code, "points": str(points),
                                                    "from": effective_from.isoformat()},
                 summary=f"新增计分规则 {label}（{points} 分，{effective_from} 起）")
    return rule


def _rule_on(code: str, on: date) -> PointsRule:
    try:
        found = pts.rule_on([_pure(r) for r in ensure_rules()], code, on)
    except pts.PointsError as error:
        raise DomainError(str(error)) from None
    return db.session.get(PointsRule, found.rule_id)


def post(actor, *, code: str, on: date, source, note: str, judge_id: int | None = None,
         division_id: int | None = None, points: Decimal | None = None) -> PointsEntry:
    """One entry under the rule `code` in force on `on` (its points unless `points` is given)."""
    rule = _rule_on(code, on)
    subject = rule.subject
    if (subject == PointsSubject.JUDGE and judge_id is None) or (
            subject == PointsSubject.DIVISION and division_id is None):
        raise DomainError(f"计分规则“{rule.label}”需要指定{subject.label}。")
    entry = PointsEntry(subject=subject, judge_id=judge_id if subject == PointsSubject.JUDGE else None,
                        division_id=division_id if subject == PointsSubject.DIVISION else None,
                        rule_id=rule.id, points=rule.points if points is None else points, occurred_on=on,
                        source_type=getattr(source, "__tablename__", "manual"),
                        source_id=getattr(source, "id", None), note=note[:300], created_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "points.post", entry, after={"rule": code, "points": str(entry.points)},
                 summary=f"计分：{note}（{entry.points} 分）"[:500])
    return entry


def post_case(actor, case: ReversalCase) -> PointsEntry | None:
    """The deduction for a closed case with a confirmed problem that counts against the judge."""
    evaluation = case.evaluation
    if evaluation is None or case.excluded or case.judge_id is None or not evaluation.final_confirmed:
        return None
    evaluated = evaluation.decision_points if evaluation.decision_confirmed is not None else evaluation.points
    try:
        amount = pts.deduction([_pure(r) for r in ensure_rules()], case.decided_on,
                               evaluated if evaluated else None)
    except pts.PointsError as error:
        raise DomainError(str(error)) from None
    return post(actor, code=pts.REVERSAL_CONFIRMED, on=case.decided_on, source=case, judge_id=case.judge_id,
                points=amount, note=f"发改案件 {case.case_number} 经评查确有问题")


def correct(actor, entry: PointsEntry, reason: str) -> PointsEntry:
    """Cancel `entry` by a counter-entry of the opposite amount, dated like it (audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写冲正理由。")
    existing = db.session.scalars(select(PointsEntry).where(PointsEntry.corrects_id == entry.id)).all()
    pure = pts.Entry(entry.id, (entry.subject.value, entry.judge_id or entry.division_id), entry.points,
                     entry.occurred_on, entry.corrects_id)
    try:
        amount = pts.counter_points(pure, [pts.Entry(e.id, pure.subject, e.points, e.occurred_on, e.corrects_id)
                                           for e in existing])
    except pts.PointsError as error:
        raise DomainError(str(error)) from None
    counter = PointsEntry(subject=entry.subject, judge_id=entry.judge_id, division_id=entry.division_id,
                          rule_id=entry.rule_id, points=amount, occurred_on=entry.occurred_on,
                          source_type=entry.source_type, source_id=entry.source_id,
                          note=f"冲正：{reason}"[:300], corrects_id=entry.id, created_by_id=actor.id)
    db.session.add(counter)
    db.session.flush()
    audit.record(actor, "points.correct", counter, before={"entry": entry.id, "points": str(entry.points)},
                 after={"points": str(amount)}, summary=f"冲正计分记录 #{entry.id}：{reason}"[:500])
    return counter


def _in_year(year: int):
    """Entries dated in `year`, as a range on `ix_points_entries_occurred_on` (an EXTRACT on the
    column cannot use the index)."""
    return and_(PointsEntry.occurred_on >= date(year, 1, 1), PointsEntry.occurred_on < date(year + 1, 1, 1))


class EntryRow(NamedTuple):
    """A ledger line as the page and the export show it: the entry's own columns, whom it scores
    (the judge's or the division's name) and its rule's label. Plain values, not ORM entries."""
    id: int
    occurred_on: date
    subject: PointsSubject
    points: Decimal
    note: str
    corrects_id: int | None
    name: str
    rule: str


class JudgeTotal(NamedTuple):
    id: int
    name: str
    court: str
    division: str
    total: Decimal


class DivisionTotal(NamedTuple):
    id: int
    court: str
    name: str
    total: Decimal


def entries(year: int, limit: int = 500) -> list[EntryRow]:
    """The year's newest entries (at most `limit`), newest first, with the names shown beside them:
    one statement of eight columns (the judges as ORM users cost the page a statement each for
    their roles, courts and divisions; the entries as ORM objects a third of the rows' time)."""
    rows = db.session.execute(
        select(PointsEntry.id, PointsEntry.occurred_on, PointsEntry.subject, PointsEntry.points, PointsEntry.note,
               PointsEntry.corrects_id, func.coalesce(User.display_name, Division.name, ""),
               func.coalesce(PointsRule.label, ""))
        .outerjoin(User, User.id == PointsEntry.judge_id).outerjoin(Division, Division.id == PointsEntry.division_id)
        .outerjoin(PointsRule, PointsRule.id == PointsEntry.rule_id)
        .where(_in_year(year)).order_by(PointsEntry.occurred_on.desc(), PointsEntry.id.desc()).limit(limit))
    return [EntryRow(*row) for row in rows]


def totals(year: int) -> tuple[list[JudgeTotal], list[DivisionTotal]]:
    """Yearly totals per judge (lowest first) and per division (highest first), with the names
    shown: two statements, each an aggregate of the year's entries joined to the names."""
    in_year = _in_year(year)
    judge_sums = (select(PointsEntry.judge_id.label("id"), func.sum(PointsEntry.points).label("total"))
                  .where(in_year, PointsEntry.judge_id.is_not(None)).group_by(PointsEntry.judge_id).subquery())
    judges = db.session.execute(
        select(User.id, User.display_name, func.coalesce(Court.name, ""), func.coalesce(Division.name, ""),
               judge_sums.c.total)
        .join(judge_sums, judge_sums.c.id == User.id).outerjoin(Court, Court.id == User.court_id)
        .outerjoin(Division, Division.id == User.division_id).order_by(judge_sums.c.total, User.id))
    division_sums = (select(PointsEntry.division_id.label("id"), func.sum(PointsEntry.points).label("total"))
                     .where(in_year, PointsEntry.division_id.is_not(None)).group_by(PointsEntry.division_id)
                     .subquery())
    divisions = db.session.execute(
        select(Division.id, Court.name, Division.name, division_sums.c.total)
        .join(division_sums, division_sums.c.id == Division.id).join(Court, Court.id == Division.court_id)
        .order_by(division_sums.c.total.desc(), Division.id))
    return ([JudgeTotal(*row[:4], Decimal(row[4])) for row in judges],
            [DivisionTotal(*row[:3], Decimal(row[3])) for row in divisions])


def entries_for(case: ReversalCase) -> list[PointsEntry]:
    return list(db.session.scalars(select(PointsEntry).where(
        PointsEntry.source_type == ReversalCase.__tablename__, PointsEntry.source_id == case.id)
        .order_by(PointsEntry.id)))
