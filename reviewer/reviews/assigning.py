"""Assignment services: by hand and automatically, with recusal enforced on every path."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from models import Assignment, Evaluation, ReviewStatus, Role, User, UserRole
from models.notification import NotificationKind
from reviewer.agreement import calibration
from reviewer import audit, batch, clock
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.notifications.services import local_url, notify
from reviewer import subjects
from reviewer.subjects.recusal import recusal_problem, reviewer_info, subject_info
from reviewer.reviews import open_state
from reviewer.reviews.assignment import DEFAULT_REVIEWERS_PER_SUBJECT, AssignmentPlan, plan_assignments

DEFAULT_DUE_DAYS = 14


def default_due_date(today: date | None = None) -> date:
    return (today or clock.today()) + timedelta(days=DEFAULT_DUE_DAYS)


def spec_or_error(kind: str) -> subjects.SubjectKind:
    spec = subjects.get(kind)
    if spec is None:
        raise DomainError("未知的评查对象类型。")
    return spec


def reviewers() -> list[User]:
    """Active users holding the reviewer role, with their courts (one query plus eager loads);
    only the calibrated ones when the office requires calibration (reviewer/agreement/calibration.py)."""
    return calibration.only_calibrated(list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.REVIEWER, User.active.is_(True))
        .options(selectinload(User.court)).order_by(User.court_id, User.id)
    ).unique()))


def open_loads(reviewer_ids=None) -> dict[int, int]:
    """Open assignments per reviewer (those whose sheet is not submitted yet): {reviewer id: count},
    reviewers without open work left out. Read from the partial index `ix_assignments_open`, so the
    cost follows the open work, not the years stored (`reviewer.reviews.open_state`)."""
    query = (
        select(Assignment.reviewer_id, func.count(Assignment.id))
        .where(open_state.open_assignment)
        .group_by(Assignment.reviewer_id)
    )
    if reviewer_ids is not None:
        query = query.where(Assignment.reviewer_id.in_(list(reviewer_ids)))
    return dict(db.session.execute(query).all())


def _evaluation(kind: str, subject_id: int) -> Evaluation | None:
    return db.session.scalar(
        select(Evaluation).where(Evaluation.subject_kind == kind, Evaluation.subject_id == subject_id)
    )


def _check_open(kind: str, subject_id: int) -> None:
    evaluation = _evaluation(kind, subject_id)
    if evaluation is not None and evaluation.locked:
        raise DomainError("评查结果已公布并锁定，不能再调整评查员。")


def assign(kind: str, subject_id: int, reviewer: User, actor, *, due_date: date | None = None,
           round_id: int | None = None, is_leader: bool = False, withdraw_confirmed: bool = False) -> Assignment:
    """Assign one reviewer by hand; refused (with the reason) when recusal forbids it. On a subject
    whose grade is confirmed, another reviewer withdraws that grade (the sheets must be combined
    and confirmed again), so it is refused unless the office says so (`withdraw_confirmed`)."""
    spec = spec_or_error(kind)
    obj = subjects.load(kind, subject_id)
    if obj is None:
        raise DomainError("评查对象不存在。")
    if not spec.reviewable(obj):
        raise DomainError(f"该{spec.label}尚未提交或已不在评查范围内，不能分配。")
    problem = recusal_problem(reviewer, kind, obj) or calibration.calibration_problem(reviewer)
    if problem:
        raise DomainError(f"不能分配给{reviewer.display_name}：{problem}")
    _check_open(kind, subject_id)
    evaluation = _evaluation(kind, subject_id)
    confirmed = evaluation.final_grade if evaluation is not None else None
    if confirmed is not None and not withdraw_confirmed:
        raise DomainError(f"该{spec.label}的等级已确认为{confirmed.label}。增加评查员将撤回已确认的等级，"
                          "待全部评查表提交后须重新汇总和确认；如确需增加，请勾选“撤回已确认的等级”后再分配。")
    exists = db.session.scalar(select(Assignment.id).where(
        Assignment.subject_kind == kind, Assignment.subject_id == subject_id,
        Assignment.reviewer_id == reviewer.id))
    if exists:
        raise DomainError(f"{reviewer.display_name}已分配评查该{spec.label}。")
    assignment = _create(spec, obj, reviewer, actor, due_date, round_id, is_leader)
    audit.record(actor, "review.assign", assignment,
                 after={"subject": f"{kind}:{subject_id}", "reviewer": reviewer.id,
                        "due_date": due_date.isoformat() if due_date else None,
                        "withdrawn_grade": confirmed.value if confirmed is not None else None},
                 summary=f"分配 {reviewer.display_name} 评查 {spec.title(obj)}"
                 + (f"（撤回已确认的等级：{confirmed.label}）" if confirmed is not None else ""))
    _refresh(kind, subject_id)
    return assignment


def _create(spec, obj, reviewer: User, actor, due_date, round_id=None, is_leader=False) -> Assignment:
    assignment = Assignment(subject_kind=spec.kind, subject_id=obj.id, reviewer_id=reviewer.id,
                            due_date=due_date, assigned_by_id=getattr(actor, "id", None),
                            round_id=round_id, is_leader=is_leader)
    db.session.add(assignment)
    if spec.on_assigned:
        spec.on_assigned(obj)
    db.session.flush()
    due = f"，请于 {due_date.isoformat()} 前完成" if due_date else ""
    notify(reviewer, NotificationKind.ASSIGNMENT, f"您有新的评查任务：{spec.label} {spec.title(obj)}{due}。",
           url=local_url("reviews.review", kind=spec.kind, subject_id=obj.id),
           dedupe_key=f"assignment:{assignment.id}")
    return assignment


def _refresh(kind: str, subject_id: int) -> None:
    from reviewer.reviews.evaluations import refresh_evaluation

    refresh_evaluation(kind, subject_id)


def unassign(assignment: Assignment, actor) -> None:
    """Withdraw an assignment; refused once the reviewer has submitted (reopen it first)."""
    _check_open(assignment.subject_kind, assignment.subject_id)
    review = assignment.review
    if review is not None and review.status == ReviewStatus.SUBMITTED:
        raise DomainError("该评查员已提交评查表，不能取消分配。")
    kind, subject_id = assignment.subject_kind, assignment.subject_id
    audit.record(actor, "review.unassign", assignment,
                 before={"subject": f"{kind}:{subject_id}", "reviewer": assignment.reviewer_id,
                         "draft": review is not None},
                 summary=f"取消分配 {assignment.reviewer.display_name}")
    if review is not None:
        db.session.delete(review)
    db.session.delete(assignment)
    db.session.flush()
    _refresh(kind, subject_id)


def month_subjects(kind: str, month: str) -> list:
    """A month's reviewable subjects of a kind, with their eager loads, in a stable order."""
    spec = spec_or_error(kind)
    if spec.month_filter is None:
        return []
    return list(db.session.scalars(
        select(spec.model).where(spec.month_filter(month)).options(*spec.load_options)
        .order_by(spec.model.court_id, spec.model.id)
    ))


def assignments_for(kind: str, subject_ids) -> dict[int, list[Assignment]]:
    """Assignments (with reviewer, court and review) grouped by subject id: one query joined to the
    reviewers and their courts (who are usually loaded already, by `reviewers()`), one for the sheets."""
    result: dict[int, list[Assignment]] = {sid: [] for sid in subject_ids}
    if not result:
        return result
    rows = db.session.scalars(
        select(Assignment).where(Assignment.subject_kind == kind, Assignment.subject_id.in_(list(result)))
        .options(joinedload(Assignment.reviewer).joinedload(User.court), selectinload(Assignment.review))
        .order_by(Assignment.id)
    )
    for row in rows:
        result[row.subject_id].append(row)
    return result


def auto_assign(kind: str, subject_list, actor, *, per_subject: int = DEFAULT_REVIEWERS_PER_SUBJECT,
                due_date: date | None = None, all_or_nothing: bool = False) -> AssignmentPlan:
    """Give every subject `per_subject` reviewers, balancing load and honouring recusal.

    Subjects whose result is locked or already confirmed are left alone. Returns the plan; its
    `problems` explain subjects that could not be fully staffed, and `report` has a line per
    subject. With `all_or_nothing` (the office's 自动分配本月全部) one subject that cannot be staffed
    refuses the whole batch (`batch.BatchRefused` with the report) and nothing is assigned.
    """
    spec = spec_or_error(kind)
    subject_list = [obj for obj in subject_list if spec.reviewable(obj)]
    ids = [obj.id for obj in subject_list]
    settled = set(db.session.scalars(select(Evaluation.subject_id).where(
        Evaluation.subject_kind == kind, Evaluation.subject_id.in_(ids),
        (Evaluation.locked.is_(True)) | (Evaluation.final_grade.is_not(None)))))
    subject_list = [obj for obj in subject_list if obj.id not in settled]
    existing = assignments_for(kind, [obj.id for obj in subject_list])
    people = reviewers()
    loads = open_loads()
    infos = [subject_info(spec, obj, {a.reviewer_id for a in existing[obj.id]}) for obj in subject_list]
    plan = plan_assignments(infos, [reviewer_info(u, loads.get(u.id, 0)) for u in people], per_subject)
    by_id = {obj.id: obj for obj in subject_list}
    people_by_id = {u.id: u for u in people}
    plan.report = _report(spec, subject_list, existing, plan, people_by_id)
    if all_or_nothing and plan.problems:
        raise batch.BatchRefused(plan.report)
    for subject_id, reviewer_id in plan.pairs:
        _create(spec, by_id[subject_id], people_by_id[reviewer_id], actor, due_date)
    for subject_id in {sid for sid, _ in plan.pairs}:
        _refresh(kind, subject_id)
    audit.record(actor, "review.auto_assign", None,
                 after={"kind": kind, "subjects": len(subject_list), "assigned": len(plan.pairs),
                        "problems": len(plan.problems), "per_subject": per_subject},
                 summary=f"自动分配：{len(plan.pairs)} 项分配，{len(plan.problems)} 项无法配齐")
    return plan


def _report(spec, subject_list, existing, plan: AssignmentPlan, people_by_id) -> list[batch.ItemReport]:
    """A line per subject: who is added (and who was there), or why it cannot be staffed."""
    problems = dict(plan.problems)
    lines = []
    for obj in subject_list:
        added = "、".join(people_by_id[r].display_name for r in plan.for_subject(obj.id))
        had = "、".join(a.reviewer.display_name for a in existing[obj.id])
        text = (f"新增：{added}" if added else "无需新增") + (f"（已有：{had}）" if had else "")
        if obj.id in problems:
            lines.append(batch.ItemReport(spec.title(obj), False, f"{problems[obj.id]}；{text}"))
        else:
            lines.append(batch.ItemReport(spec.title(obj), True, text))
    return lines
