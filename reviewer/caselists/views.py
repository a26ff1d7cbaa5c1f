"""Case-list pages: upload, preview with every row's problems, apply or discard, browse."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forms.caselist import CaseListFromRegisterForm, CaseListUploadForm
from models import Court
from models.caselist import CaseListImport, ClosedCase, ImportStatus
from reviewer.admin.reference import courts_visible_to
from reviewer import permissions as p
from reviewer.caselists import services
from reviewer.caselists.from_register import from_register
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import attempt, on_error_redirect

bp = Blueprint("caselists", __name__, url_prefix="/caselists")
PREVIEW_PAGE = 100



@bp.route("/")
@login_required
def index():
    require(p.can_list_caselists(current_user))
    query = (select(CaseListImport).options(joinedload(CaseListImport.court),
                                            joinedload(CaseListImport.file),
                                            joinedload(CaseListImport.uploaded_by))
             .order_by(CaseListImport.created_at.desc(), CaseListImport.id.desc()))
    lists = (select(ClosedCase.court_id, ClosedCase.month, func.count(ClosedCase.id))
             .group_by(ClosedCase.court_id, ClosedCase.month)
             .order_by(ClosedCase.month.desc(), ClosedCase.court_id))
    if not p.is_admin(current_user):
        query = query.where(CaseListImport.court_id == current_user.court_id)
        lists = lists.where(ClosedCase.court_id == current_user.court_id)
    courts = {c.id: c for c in db.session.scalars(select(Court))}
    return render_template("caselists/index.html", page=db.paginate(query),
                           lists=db.session.execute(lists).all(), courts=courts)


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload():
    require(p.can_list_caselists(current_user))
    form = CaseListUploadForm()
    form.court_id.choices = [(c.id, c.name) for c in courts_visible_to(current_user)]
    if form.validate_on_submit():
        court = get_or_404(Court, form.court_id.data)
        require(p.can_import_caselist(current_user, court.id))
        upload_file = form.file.data
        with attempt(form.file) as outcome:
            item = services.upload(current_user, court, form.month.data, upload_file.stream,
                                   upload_file.filename)
        if not outcome.failed:
            flash(f"已读取 {item.row_count} 行，其中 {item.error_count} 行有问题；确认无误后再导入。",
                  "warning" if item.error_count else "success")
            return redirect(url_for("caselists.preview", import_id=item.id))
    register_form = CaseListFromRegisterForm(formdata=None)
    register_form.court_id.choices = form.court_id.choices
    return render_template("caselists/upload.html", form=form, register_form=register_form)


@bp.route("/from-register", methods=["POST"])
@login_required
def from_case_register():
    require(p.can_list_caselists(current_user))
    on_error_redirect(url_for("caselists.upload"))
    form = CaseListFromRegisterForm()
    form.court_id.choices = [(c.id, c.name) for c in courts_visible_to(current_user)]
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("caselists.upload"))
    court = get_or_404(Court, form.court_id.data)
    require(p.can_import_caselist(current_user, court.id))
    item = from_register(current_user, court, form.month.data)
    flash(f"已从案件台账取得 {item.row_count} 件，其中 {item.error_count} 行有问题；确认无误后再导入。",
          "warning" if item.error_count else "success")
    return redirect(url_for("caselists.preview", import_id=item.id))


@bp.route("/imports/<int:import_id>")
@login_required
def preview(import_id):
    item = get_or_404(CaseListImport, import_id)
    require(p.can_import_caselist(current_user, item.court_id))
    only_problems = request.args.get("problems") == "1"
    rows = [r for r in item.rows if r["problems"]] if only_problems else item.rows
    page = max(request.args.get("page", 1, type=int), 1)
    pages = max((len(rows) + PREVIEW_PAGE - 1) // PREVIEW_PAGE, 1)
    shown = rows[(page - 1) * PREVIEW_PAGE: page * PREVIEW_PAGE]
    return render_template("caselists/preview.html", item=item, rows=shown, page=page, pages=pages,
                           only_problems=only_problems, pending=item.status == ImportStatus.PENDING,
                           frozen=services.draw_exists(item.court_id, item.month))


@bp.route("/imports/<int:import_id>/apply", methods=["POST"])
@login_required
def apply(import_id):
    item = get_or_404(CaseListImport, import_id)
    require(p.can_import_caselist(current_user, item.court_id))
    on_error_redirect(url_for("caselists.preview", import_id=import_id))
    count = services.apply(current_user, item)
    flash(f"已导入 {count} 件结案案件。", "success")
    return redirect(url_for("caselists.month", court_id=item.court_id, month=item.month))


@bp.route("/imports/<int:import_id>/discard", methods=["POST"])
@login_required
def discard(import_id):
    item = get_or_404(CaseListImport, import_id)
    require(p.can_import_caselist(current_user, item.court_id))
    on_error_redirect(url_for("caselists.index"))
    services.discard(current_user, item)
    flash("已放弃本次导入。", "info")
    return redirect(url_for("caselists.index"))


@bp.route("/<int:court_id>/<month:month>")
@login_required
def month(court_id, month):
    court = get_or_404(Court, court_id)
    require(p.can_import_caselist(current_user, court.id))
    query = (select(ClosedCase).options(joinedload(ClosedCase.division), joinedload(ClosedCase.judge))
             .where(ClosedCase.court_id == court.id, ClosedCase.month == month)
             .order_by(ClosedCase.closed_on, ClosedCase.case_number))
    page = db.paginate(query, per_page=current_app.config.get("PER_PAGE", 20) * 5)
    return render_template("caselists/month.html", court=court, month=month, page=page)
