"""The office's calibration pages: reference judgments (标准样卷), calibration sets, overview, settings."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.calibration import (CalibrationSetForm, FairnessSettingsForm, MarkReferenceForm, item_sheet_form_class,
                               item_values)
from models import ReferenceSubject
from reviewer import permissions as p
from reviewer.agreement import calibration, settings
from reviewer.agreement.blueprint import bp
from reviewer.agreement.calibration_views import fill
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import on_error_redirect


def _refused(form):
    """Back to the references page with the form's messages (nothing was changed)."""
    for messages in form.errors.values():
        flash(messages[0], "danger")
    return redirect(url_for("agreement.references"))


def _references() -> list[ReferenceSubject]:
    return list(db.session.scalars(select(ReferenceSubject).options(selectinload(ReferenceSubject.items))
                                   .order_by(ReferenceSubject.created_at.desc(), ReferenceSubject.id.desc())))


@bp.route("/references/")
@login_required
def references():
    require(p.can_manage_references(current_user))
    current = settings.current_settings()
    settings_form = FairnessSettingsForm(data={
        "ranking_basis": current.ranking_basis, "require_calibration": current.require_calibration,
        "tolerance": current.tolerance, "valid_days": current.valid_days,
        "lock_version": current.lock_version or ""})
    refs = _references()
    set_form = CalibrationSetForm()
    set_form.references.choices = [(r.id, r.title) for r in refs if r.active]
    people = calibration.reviewer_users()
    return render_template("agreement/references.html", references=refs, mark_form=MarkReferenceForm(),
                           set_form=set_form, settings_form=settings_form, sets=calibration.sets_with_members(),
                           overview=calibration.overview(people), settings=current,
                           basis_labels=settings.BASIS_LABELS)


@bp.route("/references/mark", methods=["POST"])
@login_required
def mark_reference():
    require(p.can_manage_references(current_user))
    form = MarkReferenceForm()
    on_error_redirect(url_for("agreement.references"))
    if not form.validate_on_submit():
        return _refused(form)
    reference = calibration.mark_reference(current_user, form.kind.data, form.subject_id.data, form.note.data)
    flash("已设为标准样卷，请核对各项的标准扣分与理由。", "success")
    return redirect(url_for("agreement.reference", reference_id=reference.id))


@bp.route("/references/<int:reference_id>", methods=["GET", "POST"])
@login_required
def reference(reference_id):
    require(p.can_manage_references(current_user))
    ref = get_or_404(ReferenceSubject, reference_id)
    items = calibration.sheet_items(ref.sheet_id)
    form = item_sheet_form_class(items)()
    if form.validate_on_submit():
        on_error_redirect(url_for("agreement.reference", reference_id=ref.id))
        calibration.update_reference(current_user, ref, item_values(form, items), form.note.data)
        flash("标准扣分与理由已保存。", "success")
        return redirect(url_for("agreement.reference", reference_id=ref.id))
    for messages in form.errors.values():
        flash(messages[0], "danger")
    if request.method == "GET":
        fill(form, items, ref.items)
        form.note.data = ref.note or ""
    return render_template("agreement/reference.html", reference=ref, items=items, form=form)


@bp.route("/references/sets", methods=["POST"])
@login_required
def create_set():
    require(p.can_manage_references(current_user))
    form = CalibrationSetForm()
    on_error_redirect(url_for("agreement.references"))
    if not form.validate_on_submit():
        return _refused(form)
    calibration_set = calibration.create_set(current_user, form.name.data, form.references.data or [])
    flash(f"已新建校准组“{calibration_set.name}”。", "success")
    return redirect(url_for("agreement.references"))


@bp.route("/settings", methods=["POST"])
@login_required
def save_settings():
    require(p.can_manage_references(current_user))
    form = FairnessSettingsForm()
    on_error_redirect(url_for("agreement.references"))
    if not form.validate_on_submit():
        return _refused(form)
    version = int(form.lock_version.data) if (form.lock_version.data or "").isdigit() else None
    settings.update_settings(current_user, ranking_basis=form.ranking_basis.data,
                             require_calibration=bool(form.require_calibration.data),
                             tolerance=form.tolerance.data, valid_days=form.valid_days.data, lock_version=version)
    flash("评查公平性设置已保存。", "success")
    return redirect(url_for("agreement.references"))
