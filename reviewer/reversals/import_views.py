"""Importing the 发改 register from the case-management system's export: upload, preview, apply."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.reversal import ImportForm
from models.caselist import ImportStatus
from models.reversal import ReversalImport
from reviewer import clock, permissions as p
from reviewer.errors import get_or_404, require
from reviewer.reversals import import_rows, imports
from reviewer.reversals.blueprint import bp
from reviewer.web.unit_of_work import attempt, on_error_redirect

PREVIEW_PAGE = 100


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_upload():
    require(p.can_manage_reversals(current_user))
    form = ImportForm()
    if form.validate_on_submit():
        with attempt(form.file) as outcome:
            item = imports.upload(current_user, form.file.data.stream, form.file.data.filename, clock.today())
        if not outcome.failed:
            flash(f"已读取 {item.row_count} 行，其中 {item.error_count} 行有问题；确认无误后再导入。",
                  "warning" if item.error_count else "success")
            return redirect(url_for("reversals.import_preview", import_id=item.id))
    return render_template("reversals/import.html", form=form, columns=import_rows.COLUMNS)


@bp.route("/imports/<int:import_id>")
@login_required
def import_preview(import_id):
    require(p.can_manage_reversals(current_user))
    item = get_or_404(ReversalImport, import_id)
    only_problems = request.args.get("problems") == "1"
    rows = [r for r in item.rows if r["problems"]] if only_problems else item.rows
    page = max(request.args.get("page", 1, type=int), 1)
    pages = max((len(rows) + PREVIEW_PAGE - 1) // PREVIEW_PAGE, 1)
    return render_template("reversals/import_preview.html", item=item,
                           rows=rows[(page - 1) * PREVIEW_PAGE: page * PREVIEW_PAGE], page=page, pages=pages,
                           only_problems=only_problems, pending=item.status == ImportStatus.PENDING)


@bp.route("/imports/<int:import_id>/apply", methods=["POST"])
@login_required
def import_apply(import_id):
    require(p.can_manage_reversals(current_user))
    item = get_or_404(ReversalImport, import_id)
    on_error_redirect(url_for("reversals.import_preview", import_id=import_id))
    count = imports.apply(current_user, item, clock.today())
    flash(f"已登记 {count} 件发改案件，并已通知承办法官。", "success")
    return redirect(url_for("reversals.index"))


@bp.route("/imports/<int:import_id>/discard", methods=["POST"])
@login_required
def import_discard(import_id):
    require(p.can_manage_reversals(current_user))
    item = get_or_404(ReversalImport, import_id)
    on_error_redirect(url_for("reversals.import_preview", import_id=import_id))
    imports.discard(current_user, item)
    flash("已放弃本次导入。", "info")
    return redirect(url_for("reversals.index"))
