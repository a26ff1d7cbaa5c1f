"""Objection pages: a judge's own evaluations and objections; the office's list and answer."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forms.objection import AnswerForm, ObjectionForm
from models import Judgment
from models.objection import Objection, ObjectionStatus
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.web.unit_of_work import attempt
from reviewer.exemplars.services import review_detail
from reviewer.extensions import db
from reviewer.objections import services

bp = Blueprint("objections", __name__, url_prefix="/objections")


@bp.route("/mine")
@login_required
def mine():
    require(p.can_view_own_evaluations(current_user))
    page = db.paginate(services.own_judgments_query(current_user))
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
                           evaluation=services.evaluation_of(objection.judgment))
