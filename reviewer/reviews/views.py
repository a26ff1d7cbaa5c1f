"""Reviewer pages: the queue, the review screen (subject beside the score sheet), a sheet's detail."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.review import RemarkForm, ReopenForm, review_form_class
from models import Assignment, Review
from reviewer import clock, permissions as p
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import attempt, on_error_redirect
from reviewer import subjects
from reviewer.reviews import services
from reviewer.reviews.blueprint import bp
from reviewer.reviews.formdata import fill_form, form_errors, input_from_form, item_choices
from reviewer.scoresheets.services import load_sheet

__all__ = ["bp"]


@bp.route("/")
@login_required
def index():
    """The reviewer's queue: open assignments first, by due date; overdue ones highlighted."""
    require(p.can_view_review_queue(current_user))
    # An assignment's `submitted_at` is set while its sheet is submitted (reviewer/reviews/open_state.py),
    # so the order is that of `ix_assignments_queue` (the same expressions): a page reads its 20 index
    # entries, with no join to and no sort of every sheet the reviewer ever wrote.
    query = (
        select(Assignment)
        .where(Assignment.reviewer_id == current_user.id)
        .options(selectinload(Assignment.review))
        .order_by(Assignment.submitted_at.is_not(None), Assignment.due_date.is_(None), Assignment.due_date,
                  Assignment.id)
    )
    page = db.paginate(query, per_page=20)
    by_kind: dict[str, list[int]] = {}
    for a in page.items:
        by_kind.setdefault(a.subject_kind, []).append(a.subject_id)
    loaded = {kind: subjects.load_many(kind, ids) for kind, ids in by_kind.items()}
    rows = [(a, subjects.get(a.subject_kind), loaded.get(a.subject_kind, {}).get(a.subject_id))
            for a in page.items]
    return render_template("reviews/index.html", page=page, rows=rows, today=clock.today())


def _my_assignment(kind: str, subject_id: int) -> Assignment:
    assignment = db.session.scalar(select(Assignment).where(
        Assignment.subject_kind == kind, Assignment.subject_id == subject_id,
        Assignment.reviewer_id == current_user.id))
    require(p.can_score(current_user, assignment))
    return assignment


@bp.route("/<kind>/<int:subject_id>/review", methods=["GET", "POST"])
@login_required
def review(kind, subject_id):
    """THE review screen. GET shows it (no writes); POST 暂存 or 提交."""
    spec = subjects.get(kind) or abort(404)
    subject = subjects.load(kind, subject_id) or abort(404)
    assignment = _my_assignment(kind, subject_id)
    current = assignment.review
    if current is not None and not services.is_editable(current):
        flash("评查表已提交并锁定。", "info")
        return redirect(url_for("reviews.detail", review_id=current.id))
    on_error_redirect(url_for("reviews.index"))  # e.g. no active score sheet for this kind
    sheet = load_sheet(current.sheet_id) if current else services.sheet_for(kind, subject_id)
    form = review_form_class(sheet)()
    choices = item_choices(sheet)
    item_errors, remark_errors = {}, {}
    if form.validate_on_submit():
        data, rows = input_from_form(form, sheet)
        submit = bool(form.submit.data)
        opened = int(form.lock_version.data) if (form.lock_version.data or "").isdigit() else None
        with attempt(conflict=services.STALE_MESSAGE) as outcome:
            target = services.save_assignment_review(assignment, data, current_user, submit=submit,
                                                     opened_version=opened, subject=subject)
            db.session.flush()  # a save from another window shows here, while the typed sheet can be shown
        if isinstance(outcome.error, services.ReviewInvalid):
            item_errors = outcome.error.item_errors
            remark_errors = {rows[i]: message for i, message in outcome.error.remark_errors.items()}
        elif not outcome.failed:
            if submit:
                flash("评查表已提交，已锁定。", "success")
                return redirect(url_for("reviews.detail", review_id=target.id))
            flash("已暂存。", "success")
            return redirect(url_for("reviews.review", kind=kind, subject_id=subject_id))
    elif form.is_submitted():
        flash("有内容需要修改，请查看标红的字段。", "danger")
        item_errors, remark_errors, other = form_errors(form)
        for message in other:
            flash(message, "danger")
    else:
        fill_form(form, current, sheet)
    for entry in form.remarks:
        entry.form.item_id.choices = choices
    blank = RemarkForm(prefix="remarks-__index__-")
    blank.item_id.choices = choices
    return render_template(
        "reviews/review.html", spec=spec, subject=subject, assignment=assignment, review=current,
        sheet=sheet, form=form, item_errors=item_errors, remark_errors=remark_errors, blank_remark=blank,
    )


@bp.route("/<int:review_id>")
@login_required
def detail(review_id):
    """One sheet, read-only: its reviewer and the office see it (others never see drafts)."""
    review_row = db.session.scalar(
        select(Review).where(Review.id == review_id)
        .options(selectinload(Review.item_scores), selectinload(Review.remarks), selectinload(Review.reviewer))
    ) or abort(404)
    require(p.can_view_review(current_user, review_row))
    spec = subjects.get(review_row.subject_kind) or abort(404)
    subject = subjects.load(review_row.subject_kind, review_row.subject_id)
    sheet = load_sheet(review_row.sheet_id)
    return render_template("reviews/detail.html", review=review_row, spec=spec, subject=subject, sheet=sheet,
                           scores={s.item_id: s for s in review_row.item_scores}, reopen_form=ReopenForm())


@bp.route("/<int:review_id>/reopen", methods=["POST"])
@login_required
def reopen(review_id):
    review_row = get_or_404(Review, review_id)
    require(p.can_reopen_review(current_user, review_row))
    form = ReopenForm()
    if not form.validate_on_submit():
        flash("退回评查表必须填写理由。", "danger")
        return redirect(url_for("reviews.detail", review_id=review_id))
    with attempt() as outcome:
        services.reopen_review(review_row, form.reason.data, current_user)
    if not outcome.failed:
        flash("评查表已退回评查员修改，原因已记录。", "success")
    return redirect(url_for("reviews.detail", review_id=review_id))
