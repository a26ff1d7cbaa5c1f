"""Objection pages: a judge's own evaluations and objections; the office's list and answer."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forms.objection import AnswerForm, FollowUpReasonForm, ObjectionForm
from models import Judgment
from models.objection import Objection, ObjectionStatus
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.web.unit_of_work import attempt, on_error_redirect
from reviewer.exemplars.services import review_detail
from reviewer.extensions import db
from reviewer.objections import followup, services

bp = Blueprint("objections", __name__, url_prefix="/objections")


@bp.route("/mine")
@login_required
def mine():
    require(p.can_view_own_evaluations(current_user))
    page = services.own_judgments_page(current_user, request.args)
    return render_template("objections/mine.html", page=page,
                           evaluations=services.evaluations_for(page.items),
                           counts=services.objection_counts(page.items))


@bp.route("/judgment/<int:judgment_id>", methods=["GET", "POST"])
@login_required
def judgment(judgment_id):
    item = get_or_404(Judgment, judgment_id)
    require(p.is_judge(current_user) and item.judge_id == current_user.id)
    evaluation = services.evaluation_of(item)
    require(evaluation is not None and evaluation.final_grade is not None)
    form = ObjectionForm()
    if form.validate_on_submit():
        require(p.can_object(current_user, item, evaluation))
        with attempt(form.text) as outcome:
            services.lodge(current_user, item, evaluation, form.text.data)
        if not outcome.failed:
            flash("异议已提交，审管办答复后将通知您。", "success")
            return redirect(url_for("objections.judgment", judgment_id=item.id))
    objections = db.session.scalars(select(Objection).where(Objection.judgment_id == item.id,
                                                            Objection.raised_by_id == current_user.id)
                                    .order_by(Objection.created_at.desc())).all()
    return render_template("objections/judgment.html", judgment=item, evaluation=evaluation, form=form,
                           d=review_detail(item, anonymised=False), objections=objections)


@bp.route("/")
@login_required
def index():
    require(p.can_answer_objections(current_user))
    status = request.args.get("status", "open")
    query = (select(Objection).options(joinedload(Objection.judgment).joinedload(Judgment.court),
                                       joinedload(Objection.raised_by))
             .order_by(Objection.created_at.desc()))
    if status in {s.value for s in ObjectionStatus}:
        query = query.where(Objection.status == ObjectionStatus(status))
    return render_template("objections/index.html", page=db.paginate(query), status=status,
                           statuses=list(ObjectionStatus))


@bp.route("/<int:objection_id>", methods=["GET", "POST"])
@login_required
def detail(objection_id):
    objection = get_or_404(Objection, objection_id)
    require(p.can_view_objection(current_user, objection))
    form = AnswerForm()
    if request.method == "POST":
        require(p.can_answer_objections(current_user))
        if form.validate_on_submit():
            with attempt(form.answer) as outcome:
                services.answer(current_user, objection, ObjectionStatus(form.outcome.data), form.answer.data)
            if not outcome.failed:
                flash("已答复。", "success")
                return redirect(url_for("objections.detail", objection_id=objection.id))
    return render_template("objections/detail.html", objection=objection, form=form,
                           evaluation=services.evaluation_of(objection.judgment),
                           steps=followup.steps(objection) if p.can_follow_up_objection(current_user, objection) else None,
                           reason_form=FollowUpReasonForm())


def _follow_up(objection_id: int, step, done: str, with_reason: bool = True):
    """Run one follow-up step of an upheld objection and go back to its page."""
    objection = get_or_404(Objection, objection_id)
    require(p.can_follow_up_objection(current_user, objection))
    back = url_for("objections.detail", objection_id=objection.id)
    form = FollowUpReasonForm()
    if with_reason and not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(back)
    on_error_redirect(back)
    step(objection, current_user, *((form.reason.data,) if with_reason else ()))
    flash(done, "success")
    return redirect(back)


@bp.route("/<int:objection_id>/withdraw-entry", methods=["POST"])
@login_required
def withdraw_entry(objection_id):
    return _follow_up(objection_id, followup.withdraw_entry, "已撤回该榜单条目，公示页显示撤回理由。")


@bp.route("/<int:objection_id>/reopen", methods=["POST"])
@login_required
def reopen(objection_id):
    return _follow_up(objection_id, followup.reopen_sheets, "已重新打开评查表，评查员修改提交后请重新确认等级。")


@bp.route("/<int:objection_id>/republish-entry", methods=["POST"])
@login_required
def republish_entry(objection_id):
    return _follow_up(objection_id, followup.republish_entry, "已重新公布该条目。", with_reason=False)
