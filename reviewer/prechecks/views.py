"""Format-check findings in the site: dismiss, turn into a deduction, the office's statistics page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.precheck import DeductForm, DismissForm, mapping_form_class
from reviewer.prechecks.findings import CODE_LABELS
from models import PrecheckFinding, ScoreItem, ScoreSheet, SheetKind
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import on_error_redirect
from reviewer.prechecks import services
from reviewer.prechecks.panel import panel_for, review_panel_for

bp = Blueprint("prechecks", __name__, url_prefix="/prechecks")
bp.add_app_template_global(panel_for, "precheck_panel")
bp.add_app_template_global(review_panel_for, "precheck_review_panel")


def _back(default: str) -> str:
    target = request.args.get("next") or request.form.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/findings/<int:finding_id>/dismiss", methods=["POST"])
@login_required
def dismiss(finding_id):
    finding = get_or_404(PrecheckFinding, finding_id)
    require(p.can_dismiss_finding(current_user, finding.judgment))
    form = DismissForm(prefix="precheck")
    if form.validate_on_submit():
        services.dismiss(finding, current_user, form.reason.data)
        flash("已驳回该预检提示。", "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors) or "请求无效。", "danger")
    return redirect(_back(url_for("judgments.detail", judgment_id=finding.judgment_id)))


def _own_finding(finding_id: int):
    """The finding and the signed-in reviewer's assignment on its judgment (403 otherwise)."""
    finding = get_or_404(PrecheckFinding, finding_id)
    assignment = services.assignment_for(current_user, finding.judgment_id)
    require(p.can_deduct_finding(current_user, assignment))
    return finding, assignment


@bp.route("/findings/<int:finding_id>/deduct", methods=["POST"])
@login_required
def deduct(finding_id):
    finding, assignment = _own_finding(finding_id)
    form = DeductForm(prefix="precheck")
    back = url_for("reviews.review", kind="judgment", subject_id=finding.judgment_id)
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors) or "请求无效。", "danger")
        return redirect(back)
    on_error_redirect(back)
    row = services.deduct_from_finding(finding, assignment, current_user, form.deduction.data)
    flash(f"已在“{row.item.description}”扣 {row.deduction} 分（可在评查表中修改）。", "success")
    return redirect(back)


@bp.route("/findings/<int:finding_id>/undo-deduct", methods=["POST"])
@login_required
def undo_deduct(finding_id):
    finding, assignment = _own_finding(finding_id)
    back = url_for("reviews.review", kind="judgment", subject_id=finding.judgment_id)
    on_error_redirect(back)
    services.undo_deduction(finding, assignment, current_user)
    flash("已撤销该预检问题的扣分。", "success")
    return redirect(back)


def _item_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(ScoreItem.key, ScoreItem.description).join(ScoreSheet, ScoreItem.sheet_id == ScoreSheet.id)
        .where(ScoreSheet.kind == SheetKind.JUDGMENT).order_by(ScoreItem.key)).all()
    labels: dict[str, str] = {}
    for key, description in rows:
        labels.setdefault(key, f"{key} · {description}")
    for key in services.DEFAULT_ITEM_MAPPING.values():
        labels.setdefault(key, key)
    return sorted(labels.items())


@bp.route("/admin", methods=["GET", "POST"])
@login_required
def admin():
    require(p.can_manage_prechecks(current_user))
    form = mapping_form_class(CODE_LABELS, _item_choices())()
    if form.validate_on_submit():
        services.set_item_mapping(current_user, form.mapping())
        flash("对应关系已保存。", "success")
        return redirect(url_for("prechecks.admin"))
    if not form.is_submitted():
        for code, key in services.item_mapping().items():
            field = getattr(form, "map_" + code.replace(".", "__"), None)
            if field is not None:
                field.data = key or ""
    return render_template("prechecks/admin.html", form=form, counts=services.dismissal_counts())
