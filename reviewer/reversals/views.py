"""The register of 发改 cases and each case's page: self-check, evaluation, objection, decision."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forms.reversal import (CaseForm, DecisionForm, EvaluationForm, LeaderForm, ObjectionForm,
                            SelfCheckForm)
from models import CourtLevel, Evaluation, StoredFile, User
from models.reversal import (DecisionBody, HigherLevel, ReversalCase, ReversalResult, ReversalStatus)
from reviewer import clock, permissions as p
from reviewer import storage
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.reversals import choices, ledger, register, workflow
from reviewer.reversals.blueprint import bp
from reviewer.reversals.subject import REVERSAL
from reviewer.reviews import assigning
from reviewer.web.unit_of_work import attempt, on_error_redirect

PAGE = 50


@bp.route("/")
@login_required
def index():
    require(p.can_list_reversals(current_user))
    year = request.args.get("year", type=int) or clock.today().year
    status = request.args.get("status", "")
    query = (register.visible_cases(current_user)
             .options(joinedload(ReversalCase.court), joinedload(ReversalCase.division),
                      joinedload(ReversalCase.judge), joinedload(ReversalCase.reason))
             .where(ReversalCase.decided_on >= date(year, 1, 1), ReversalCase.decided_on < date(year + 1, 1, 1)))
    if status in {s.value for s in ReversalStatus}:
        query = query.where(ReversalCase.status == ReversalStatus(status))
    before = request.args.get("before", type=int)
    if before:
        query = query.where(ReversalCase.id < before)
    rows = list(db.session.scalars(query.order_by(ReversalCase.id.desc()).limit(PAGE + 1)))
    more = rows[PAGE - 1].id if len(rows) > PAGE else None
    return render_template("reversals/index.html", cases=rows[:PAGE], year=year, status=status,
                           statuses=ReversalStatus, more=more, today=clock.today())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require(p.can_manage_reversals(current_user))
    form = CaseForm()
    form.court_id.choices = choices.courts()
    form.division_id.choices = choices.divisions()
    form.higher_division_id.choices = choices.divisions(CourtLevel.INTERMEDIATE)
    form.judge_id.choices = choices.judges()
    form.reason_id.choices = [(r.id, r.name) for r in register.ensure_reasons() if r.active]
    if form.validate_on_submit():
        data = register.CaseInput(
            case_number=form.case_number.data, court_id=form.court_id.data, division_id=form.division_id.data,
            judge_id=form.judge_id.data, higher_case_number=form.higher_case_number.data,
            higher_level=HigherLevel(form.higher_level.data), higher_division_id=form.higher_division_id.data,
            result=ReversalResult(form.result.data), decided_on=form.decided_on.data,
            reason_id=form.reason_id.data, excluded=form.excluded.data, excluded_note=form.excluded_note.data,
            major_impact=form.major_impact.data)
        with attempt(form.case_number) as outcome:
            case = register.record_case(current_user, data, clock.today())
        if not outcome.failed:
            flash("已登记，并已通知承办法官提交自查报告。", "success")
            return redirect(url_for("reversals.detail", case_id=case.id))
    return render_template("reversals/new.html", form=form)


def _case(case_id: int) -> ReversalCase:
    case = db.session.get(ReversalCase, case_id, options=[
        joinedload(ReversalCase.court), joinedload(ReversalCase.judge), joinedload(ReversalCase.reason),
        selectinload(ReversalCase.evaluation)])
    if case is None:
        abort(404)
    require(p.can_view_reversal(current_user, case))
    return case


@bp.route("/<int:case_id>")
@login_required
def detail(case_id):
    case = _case(case_id)
    reasons = {r.code: r.name for r in register.ensure_reasons()}
    forms = {}
    if case.status == ReversalStatus.SELF_CHECK and p.can_write_self_check(current_user, case):
        forms["self_check"] = SelfCheckForm()
    if p.can_evaluate_reversal(current_user, case) and case.evaluation is None and (
            case.status != ReversalStatus.SELF_CHECK or case.self_check_overdue(clock.today())):
        forms["evaluate"] = EvaluationForm()
        forms["evaluate"].categories.choices = list(reasons.items())
    if p.can_manage_reversals(current_user):
        if case.status == ReversalStatus.DISPUTED:
            forms["decide"] = DecisionForm(body=DecisionBody.COMMITTEE.value
                                           if case.higher_level == HigherLevel.PROVINCIAL else None)
        leader = LeaderForm(leader_id=case.leader_id)
        leader.leader_id.choices = choices.court_users(case.court_id)
        forms["leader"] = leader
    if (case.status == ReversalStatus.EVALUATED and case.evaluation and case.evaluation.objected_at is None
            and p.can_object_reversal(current_user, case)):
        forms["object"] = ObjectionForm()
    entries = ledger.entries_for(case) if p.can_view_points(current_user) else []
    sheet_reviews = _sheet_reviews(case) if p.can_evaluate_reversal(current_user, case) else None
    return render_template("reversals/detail.html", case=case, forms=forms, reasons=reasons,
                           entries=entries, today=clock.today(), statuses=ReversalStatus,
                           sheet_reviews=sheet_reviews)


def _sheet_reviews(case: ReversalCase):
    """(assignments, combined evaluation or None) of the case's review with the 发改 score sheet."""
    assignments = assigning.assignments_for(REVERSAL.kind, [case.id])[case.id]
    evaluation = db.session.scalar(select(Evaluation).where(
        Evaluation.subject_kind == REVERSAL.kind, Evaluation.subject_id == case.id))
    return assignments, evaluation


@bp.route("/<int:case_id>/self-check", methods=["POST"])
@login_required
def self_check(case_id):
    case = _case(case_id)
    require(p.can_write_self_check(current_user, case))
    form = SelfCheckForm()
    on_error_redirect(url_for("reversals.detail", case_id=case.id))
    if form.validate_on_submit():
        workflow.submit_self_check(current_user, case, form.text.data, form.file.data)
        flash("自查报告已提交。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.detail", case_id=case.id))


@bp.route("/<int:case_id>/evaluate", methods=["POST"])
@login_required
def evaluate(case_id):
    case = _case(case_id)
    require(p.can_evaluate_reversal(current_user, case))
    form = EvaluationForm()
    form.categories.choices = [(r.code, r.name) for r in register.ensure_reasons()]
    on_error_redirect(url_for("reversals.detail", case_id=case.id))
    if form.validate_on_submit():
        workflow.evaluate(current_user, case, confirmed=form.confirmed.data == "1",
                          categories=form.categories.data, points=form.points.data, opinion=form.opinion.data,
                          basic_view=form.basic_view.data, intermediate_view=form.intermediate_view.data,
                          today=clock.today())
        flash("评查意见已保存，已通知承办法官。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.detail", case_id=case.id))


@bp.route("/<int:case_id>/close", methods=["POST"])
@login_required
def close(case_id):
    case = _case(case_id)
    require(p.can_manage_reversals(current_user))
    on_error_redirect(url_for("reversals.detail", case_id=case.id))
    workflow.close_uncontested(current_user, case)
    flash("已办结。", "success")
    return redirect(url_for("reversals.detail", case_id=case.id))


@bp.route("/<int:case_id>/object", methods=["POST"])
@login_required
def object_(case_id):
    case = _case(case_id)
    require(p.can_object_reversal(current_user, case))
    form = ObjectionForm()
    on_error_redirect(url_for("reversals.detail", case_id=case.id))
    if form.validate_on_submit():
        workflow.object_once(current_user, case, form.reasons.data)
        flash("申辩已提交，将提交会议讨论决定。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.detail", case_id=case.id))


@bp.route("/<int:case_id>/decide", methods=["POST"])
@login_required
def decide(case_id):
    case = _case(case_id)
    require(p.can_manage_reversals(current_user))
    form = DecisionForm()
    on_error_redirect(url_for("reversals.detail", case_id=case.id))
    if form.validate_on_submit():
        workflow.decide(current_user, case, body=DecisionBody(form.body.data), confirmed=form.confirmed.data == "1",
                        points=form.points.data, text=form.text.data, decided_on=form.decided_on.data,
                        minutes=form.minutes.data)
        flash("会议决定已录入，案件办结。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.detail", case_id=case.id))


@bp.route("/<int:case_id>/leader", methods=["POST"])
@login_required
def leader(case_id):
    case = _case(case_id)
    require(p.can_manage_reversals(current_user))
    form = LeaderForm()
    form.leader_id.choices = choices.court_users(case.court_id)
    on_error_redirect(url_for("reversals.detail", case_id=case.id))
    if form.validate_on_submit():
        person = db.session.get(User, form.leader_id.data) if form.leader_id.data else None
        register.assign_leader(current_user, case, person)
        flash("已保存办案院领导。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.detail", case_id=case.id))


@bp.route("/<int:case_id>/files/<int:file_id>")
@login_required
def file(case_id, file_id):
    case = _case(case_id)
    evaluation = case.evaluation
    allowed = {case.self_check_file_id, evaluation.decision_minutes_id if evaluation else None} - {None}
    require(file_id in allowed)
    return send_stored(get_or_404(StoredFile, file_id))


def send_stored(stored: StoredFile | None):
    """A stored file as a download (404 when there is none)."""
    if stored is None:
        abort(404)
    return storage.send_stored(stored, mimetype=stored.mime_type, as_attachment=True,
                               download_name=stored.original_name)


def _flash_errors(form) -> None:
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}：{error}", "danger")
