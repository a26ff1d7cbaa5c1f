"""Calibration pages for reviewers: the sets to score, a reference beside the sheet, the comparison."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.calibration import item_sheet_form_class, item_values
from models import AttemptStatus, CalibrationAttempt, CalibrationSet, Judgment, ReferenceSubject
from reviewer import permissions as p
from reviewer.agreement import calibration
from reviewer.agreement.blueprint import bp
from reviewer.errors import get_or_404, require
from reviewer.exemplars.anonymize import anonymize_paragraphs
from reviewer.extensions import db
from reviewer.scoresheets.scoring import fmt
from reviewer.web.unit_of_work import on_error_redirect


def fill(form, items, entries) -> None:
    """Put saved entries (objects with item_id, deduction, veto_hit, reason) into an item-sheet form."""
    by_item = {e.item_id: e for e in entries}
    for item in items:
        entry = by_item.get(item.id)
        if entry is None:
            continue
        if item.per_occurrence:
            getattr(form, f"n_{item.id}").data = str(int(entry.deduction / item.step)) if item.step else ""
        else:
            getattr(form, f"d_{item.id}").data = fmt(entry.deduction) if entry.deduction else ""
        if item.veto:
            getattr(form, f"v_{item.id}").data = entry.veto_hit
        getattr(form, f"r_{item.id}").data = entry.reason or ""


@bp.route("/calibration/")
@login_required
def calibration_index():
    require(p.can_calibrate(current_user) or p.can_manage_references(current_user))
    sets = [s for s in calibration.sets_with_members() if s.active]
    attempts = {(a.set_id, a.reference_id): a for a in db.session.scalars(
        select(CalibrationAttempt).where(CalibrationAttempt.reviewer_id == current_user.id))}
    calibrated = bool(calibration.calibrated_ids([current_user.id]))
    return render_template("agreement/calibration_index.html", sets=sets, attempts=attempts, calibrated=calibrated)


@bp.route("/calibration/<int:set_id>/<int:reference_id>", methods=["GET", "POST"])
@login_required
def calibrate(set_id, reference_id):
    require(p.can_calibrate(current_user))
    calibration_set = get_or_404(CalibrationSet, set_id)
    reference = get_or_404(ReferenceSubject, reference_id)
    if not calibration_set.active or not reference.active:
        abort(404)
    attempt = calibration.find_attempt(current_user, calibration_set, reference)
    if attempt is not None and attempt.status == AttemptStatus.SUBMITTED:
        return redirect(url_for("agreement.attempt_result", attempt_id=attempt.id))
    items = calibration.sheet_items(reference.sheet_id)
    form = item_sheet_form_class(items)()
    if form.validate_on_submit():
        submit = bool(form.submit.data)
        on_error_redirect(url_for("agreement.calibrate", set_id=set_id, reference_id=reference_id))
        attempt = calibration.attempt_for(current_user, calibration_set, reference)
        calibration.save_attempt(current_user, attempt, item_values(form, items), submit=submit)
        if submit:
            flash("校准评查表已提交，下面是与标准样卷的逐项对比。", "success")
            return redirect(url_for("agreement.attempt_result", attempt_id=attempt.id))
        flash("已暂存。", "success")
        return redirect(url_for("agreement.calibrate", set_id=set_id, reference_id=reference_id))
    for messages in form.errors.values():
        for message in messages:
            flash(message, "danger")
    if request.method == "GET" and attempt is not None:
        fill(form, items, attempt.scores)
    paragraphs = []
    if reference.subject_kind == "judgment":
        judgment = db.session.get(Judgment, reference.subject_id)
        if judgment is not None:
            paragraphs = anonymize_paragraphs(list(judgment.paragraphs or []), judgment.parties or [])
    return render_template("agreement/calibrate.html", form=form, items=items, reference=reference,
                           calibration_set=calibration_set, paragraphs=paragraphs)


@bp.route("/calibration/attempts/<int:attempt_id>")
@login_required
def attempt_result(attempt_id):
    attempt = get_or_404(CalibrationAttempt, attempt_id)
    require(p.can_view_calibration_attempt(current_user, attempt))
    if attempt.status != AttemptStatus.SUBMITTED:
        abort(404)
    return render_template("agreement/attempt_result.html", attempt=attempt, outcome=calibration.outcome(attempt))
