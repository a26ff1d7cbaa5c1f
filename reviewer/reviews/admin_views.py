"""The office's review pages: the month's assignment board, side-by-side comparison, confirming grades."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from forms.review import AssignForm, AutoAssignForm, ConfirmGradeForm, MonthForm, ReopenForm
from models import Assignment, Evaluation, Grade, User
from reviewer import permissions as p
from reviewer.agreement import fairness
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import attempt
from reviewer import subjects
from reviewer.reviews import assigning, confirming, evaluations, progress
from reviewer.reviews.blueprint import bp
from reviewer.reviews.board import (choices as board_choices, rows as board_rows,
                                    unread_columns as board_unread_columns)


def _kind_and_month():
    kind = request.args.get("kind") or "judgment"
    spec = subjects.get(kind) or abort(404)
    month = request.args.get("month") or ""
    if not month and spec.month_filter is not None:
        latest = db.session.scalar(select(func.max(spec.model.month))) if hasattr(spec.model, "month") else None
        month = latest or ""
    return spec, month


@bp.route("/assign")
@login_required
def board():
    """A month's subjects with their reviewers, sheet status and combined result; assign here."""
    require(p.can_manage_assignments(current_user))
    spec, month = _kind_and_month()
    query = (select(spec.model).where(spec.on_board(month))
             .options(*spec.load_options, *board_unread_columns(spec.model))
             .order_by(spec.model.court_id, spec.model.id))
    progress_rows = progress.month_progress(month) if month else []
    # the progress panel has counted the month's subjects of this kind already (the same filter)
    total = next((kp.totals.total for kp in progress_rows if kp.kind == spec.kind), None)
    page = db.paginate(query, per_page=20, count=total is None)
    if total is not None:
        page.total = total
    people = board_choices()
    auto_form = AutoAssignForm()
    if auto_form.due_date.data is None:
        auto_form.due_date.data = assigning.default_due_date()
    return render_template(
        "reviews/board.html", spec=spec, kinds=subjects.kinds(), month=month, page=page,
        rows=board_rows(spec, page.items, people), people=people, loads=assigning.open_loads(),
        auto_form=auto_form, filter_form=MonthForm(request.args), default_due=assigning.default_due_date(),
        progress=progress_rows, ranking_status=progress.ranking_status(month) if month else None,
        severities=_severities(spec.kind, month),
    )


def _severities(kind: str, month: str) -> dict:
    """reviewer id → severity for the office (empty without a month or for anyone else)."""
    return fairness.reviewer_severities(kind, month) if month and p.can_view_severity(current_user) else {}


@bp.route("/assign/<kind>/<int:subject_id>")
@login_required
def assign_one(kind, subject_id):
    """One subject's hand-assignment form with its reviewers' list: the board's rows link here for
    browsers without script (the board fills its rows' lists by script); posts to `assign`."""
    require(p.can_manage_assignments(current_user))
    spec = subjects.get(kind) or abort(404)
    subject = subjects.load(kind, subject_id) or abort(404)
    month = spec.month(subject) or ""
    people = board_choices()
    row = board_rows(spec, [subject], people)[0]
    return render_template("reviews/assign_one.html", spec=spec, month=month, row=row,
                           people={u.id: u for u in people}, loads=assigning.open_loads(),
                           severities=_severities(kind, month), default_due=assigning.default_due_date())


def _back(spec_kind: str, month: str):
    return redirect(url_for("reviews.board", kind=spec_kind, month=month, page=request.args.get("page")))


@bp.route("/assign/<kind>/<int:subject_id>", methods=["POST"])
@login_required
def assign(kind, subject_id):
    require(p.can_manage_assignments(current_user))
    spec = subjects.get(kind) or abort(404)
    subject = subjects.load(kind, subject_id) or abort(404)
    form = AssignForm()
    form.reviewer_id.choices = []
    if form.validate_on_submit():
        reviewer = get_or_404(User, form.reviewer_id.data)
        with attempt(conflict=f"{reviewer.display_name} 已被他人同时分配评查此项，本次分配未生效。") as outcome:
            assigning.assign(kind, subject_id, reviewer, current_user, due_date=form.due_date.data,
                             is_leader=form.is_leader.data, withdraw_confirmed=form.withdraw_confirmed.data)
            db.session.flush()  # two offices assigning the same reviewer at once meet here
        if not outcome.failed:
            flash(f"已分配 {reviewer.display_name} 评查 {spec.title(subject)}。", "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
    return _back(kind, spec.month(subject) or "")


@bp.route("/assign/auto", methods=["POST"])
@login_required
def auto_assign():
    require(p.can_manage_assignments(current_user))
    spec, month = _kind_and_month()
    form = AutoAssignForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return _back(spec.kind, month)
    with attempt() as outcome:
        plan = assigning.auto_assign(spec.kind, assigning.month_subjects(spec.kind, month), current_user,
                                     per_subject=form.per_subject.data, due_date=form.due_date.data,
                                     all_or_nothing=not form.partial.data)
    if outcome.failed:
        reports = getattr(outcome.error, "reports", [])
    else:
        reports = plan.report
        flash(f"自动分配完成：新增 {len(plan.pairs)} 项分配" + (f"，{len(plan.problems)} 件未能配齐。" if plan.problems
                                                       else "。"), "success" if not plan.problems else "warning")
    return render_template("reviews/auto_assign_result.html", spec=spec, month=month, reports=reports,
                           failed=outcome.failed)


@bp.route("/assignments/<int:assignment_id>/delete", methods=["POST"])
@login_required
def unassign(assignment_id):
    require(p.can_manage_assignments(current_user))
    assignment = get_or_404(Assignment, assignment_id)
    spec = subjects.get(assignment.subject_kind) or abort(404)
    subject = subjects.load(assignment.subject_kind, assignment.subject_id)
    with attempt() as outcome:
        assigning.unassign(assignment, current_user)
    if not outcome.failed:
        flash("已取消分配。", "success")
    return _back(spec.kind, spec.month(subject) if subject is not None else "")


def _render_compare(spec, subject, form=None):
    result = evaluations.compute(spec.kind, subject.id)
    evaluation = result.evaluation
    if form is None:
        form = ConfirmGradeForm()
        if evaluation is not None and evaluation.grade is not None:
            form.grade.data = evaluation.grade.value
    scores = {r.id: {s.item_id: s for s in r.item_scores} for r in result.reviews}
    month = spec.month(subject)
    fair = fairness.for_subject(spec.kind, subject.id, month, result.reviews) \
        if month and p.can_view_severity(current_user) else None
    return render_template("reviews/compare.html", spec=spec, subject=subject, result=result, form=form,
                           scores=scores, reopen_form=ReopenForm(), fairness=fair)


@bp.route("/<kind>/<int:subject_id>/compare")
@login_required
def compare(kind, subject_id):
    """All sheets of a subject side by side, the combined result, the spread flag, confirm form."""
    require(p.can_compare_reviews(current_user, kind, subject_id))
    spec = subjects.get(kind) or abort(404)
    subject = subjects.load(kind, subject_id) or abort(404)
    return _render_compare(spec, subject)


@bp.route("/<kind>/<int:subject_id>/confirm", methods=["POST"])
@login_required
def confirm(kind, subject_id):
    """Confirm the final grade; on a refused override the form is shown again with what was typed."""
    require(p.can_compare_reviews(current_user, kind, subject_id))
    spec = subjects.get(kind) or abort(404)
    subject = subjects.load(kind, subject_id) or abort(404)
    evaluation = db.session.scalar(select(Evaluation).where(
        Evaluation.subject_kind == kind, Evaluation.subject_id == subject_id))
    form = ConfirmGradeForm()
    if evaluation is None:
        flash("全部评查表提交并汇总后才能确认等级。", "danger")
        return _render_compare(spec, subject, form)
    if form.validate_on_submit():
        with attempt() as outcome:
            evaluations.confirm_grade(evaluation, Grade(form.grade.data), form.reason.data, current_user)
        if outcome.failed:
            return _render_compare(spec, subject, form)
        flash(f"已确认最终等级：{evaluation.final_grade.label}。", "success")
        return redirect(url_for("reviews.compare", kind=kind, subject_id=subject_id))
    for errors in form.errors.values():
        for message in errors:
            flash(message, "danger")
    return _render_compare(spec, subject, form)


@bp.route("/confirm-batch", methods=["GET", "POST"])
@login_required
def confirm_batch():
    """A month's grades without a spread or veto flag: the list first, then one step for all."""
    require(p.can_confirm_in_batch(current_user))
    spec, month = _kind_and_month()
    if request.method == "POST":
        ids = [int(v) for v in request.form.getlist("evaluation_ids") if v.isdigit() and len(v) < 12]
        with attempt() as outcome:
            reports = confirming.confirm_all(spec, ids, current_user)
        if outcome.failed:
            reports = getattr(outcome.error, "reports", [])
        else:
            flash(f"已确认 {len(reports)} 件的等级。", "success")
        return render_template("reviews/confirm_batch_result.html", spec=spec, month=month, reports=reports,
                               failed=outcome.failed)
    return render_template("reviews/confirm_batch.html", spec=spec, month=month,
                           rows=confirming.candidates(spec, month) if month else [])
