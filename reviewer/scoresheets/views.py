"""The score-sheet manager (admin): list, versions, edit sections/items and grade bands, activate."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.scoresheet import NewSheetForm, ScoreSheetForm
from models import ScoreSheet, SheetKind
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import attempt, on_error_redirect
from reviewer.scoresheets import services
from reviewer.scoresheets.formdata import data_from_form, fill_form

bp = Blueprint("scoresheets", __name__, url_prefix="/scoresheets")


@bp.route("/")
@login_required
def index():
    require(p.can_manage_score_sheets(current_user))
    sheets = db.session.scalars(
        select(ScoreSheet).order_by(ScoreSheet.kind, ScoreSheet.code, ScoreSheet.version.desc())
    ).all()
    families: dict[str, list[ScoreSheet]] = {}
    for sheet in sheets:
        families.setdefault(sheet.code, []).append(sheet)
    form = NewSheetForm()
    form.kind.choices = SheetKind.choices()
    return render_template("scoresheets/index.html", families=families, form=form)


@bp.route("/install", methods=["POST"])
@login_required
def install():
    require(p.can_manage_score_sheets(current_user))
    created = services.install_default_sheets(current_user)
    flash(f"已安装 {len(created)} 张默认评查表。" if created else "默认评查表已存在，未作改动。", "success")
    return redirect(url_for("scoresheets.index"))


@bp.route("/new", methods=["POST"])
@login_required
def new():
    require(p.can_manage_score_sheets(current_user))
    form = NewSheetForm()
    form.kind.choices = SheetKind.choices()
    if form.validate_on_submit():
        kind = SheetKind(form.kind.data)
        template = services.active_sheet(kind)
        data = services.data_of(services.load_sheet(template.id)) if template else services.SheetData(
            name="", sections=[services.SectionData("评查项目", [services.ItemData("custom.s1_1", "评查内容", 100)])])
        data.name = form.name.data
        with attempt() as outcome:
            sheet = services.create_sheet(kind, form.code.data.strip(), data, current_user)
        if not outcome.failed:
            flash(f"已新建{sheet.label}，请编辑评查项后启用。", "success")
            return redirect(url_for("scoresheets.edit", sheet_id=sheet.id))
    for errors in form.errors.values():
        for message in errors:
            flash(message, "danger")
    return redirect(url_for("scoresheets.index"))


@bp.route("/<int:sheet_id>")
@login_required
def detail(sheet_id):
    require(p.can_manage_score_sheets(current_user))
    sheet = services.load_sheet(sheet_id) or get_or_404(ScoreSheet, sheet_id)
    versions = db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.code == sheet.code).order_by(ScoreSheet.version.desc())
    ).all()
    return render_template("scoresheets/detail.html", sheet=sheet, versions=versions)


@bp.route("/<int:sheet_id>/edit", methods=["GET", "POST"])
@login_required
def edit(sheet_id):
    require(p.can_manage_score_sheets(current_user))
    sheet = services.load_sheet(sheet_id) or get_or_404(ScoreSheet, sheet_id)
    form = ScoreSheetForm()
    if form.validate_on_submit():
        with attempt(conflict=services.STALE_MESSAGE) as outcome:
            saved = services.save_sheet(sheet, data_from_form(form), form.lock_version.data or 0, current_user)
            db.session.flush()  # a concurrent save shows here, while the typed form can still be shown
        if not outcome.failed:
            if saved.id != sheet.id:
                flash(f"该评分表已被使用，修改已保存为新版本：{saved.label}。已提交的评查仍按原版本计分。", "success")
            else:
                flash("评分表已保存。", "success")
            total = saved.total_points
            if total != 100:
                flash(f"提示：当前评分表满分为 {total:g} 分，等级分数线按绝对分数计算。", "warning")
            return redirect(url_for("scoresheets.detail", sheet_id=saved.id))
    elif not form.is_submitted():
        fill_form(form, services.data_of(sheet), sheet.lock_version)
    return render_template("scoresheets/edit.html", sheet=sheet, form=form)


@bp.route("/<int:sheet_id>/activate", methods=["POST"])
@login_required
def activate(sheet_id):
    require(p.can_manage_score_sheets(current_user))
    sheet = services.load_sheet(sheet_id) or get_or_404(ScoreSheet, sheet_id)
    on_error_redirect(url_for("scoresheets.detail", sheet_id=sheet.id))
    services.activate_sheet(sheet, current_user)
    flash(f"已启用{sheet.label}，新的评查将使用此版本。", "success")
    return redirect(url_for("scoresheets.detail", sheet_id=sheet.id))
