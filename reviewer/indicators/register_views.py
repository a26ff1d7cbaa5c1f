"""Register pages: imports (upload, preview, apply, discard), header mappings, office settings."""
from __future__ import annotations

import logging

from flask import after_this_request, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forms.indicators import RegisterUploadForm, SettingsForm, TargetForm, mapping_form
from models import Court
from models.case_register import CaseImport, RegisterImportStatus
from reviewer import permissions as p
from reviewer.admin.reference import courts_visible_to
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.indicators import figures, imports, progress
from reviewer.indicators import settings as settings_service
from reviewer.indicators.blueprint import bp
from reviewer.indicators.formulas import INDICATORS
from reviewer.indicators.period_data import Options
from reviewer.indicators.rows import LABELS
from reviewer.indicators.targets import LEVELS
from reviewer.jobs import enqueue
from reviewer.web.unit_of_work import attempt, on_error_redirect

log = logging.getLogger(__name__)


def _after_commit(job: str, *args) -> None:
    """Queue `job` once the request has committed (the job reads what this request wrote)."""
    @after_this_request
    def queue(response):
        try:
            enqueue(job, *args)
        except Exception:  # noqa: BLE001 - the import stays visible; the office can upload again
            log.exception("could not queue %s%r", job, args)
        return response


def _may_import_any(user) -> bool:
    return p.is_admin(user) or (p.is_liaison(user) and user.court_id is not None)


@bp.route("/imports")
@login_required
def imports_index():
    require(_may_import_any(current_user))
    query = (select(CaseImport).options(joinedload(CaseImport.court), joinedload(CaseImport.file),
                                        joinedload(CaseImport.uploaded_by))
             .order_by(CaseImport.created_at.desc(), CaseImport.id.desc()))
    if not p.is_admin(current_user):
        query = query.where(CaseImport.court_id == current_user.court_id)
    return render_template("indicators/imports.html", page=db.paginate(query),
                           courts=courts_visible_to(current_user))


@bp.route("/imports/new", methods=["GET", "POST"])
@login_required
def upload():
    require(_may_import_any(current_user))
    form = RegisterUploadForm()
    form.court_id.choices = [(c.id, c.name) for c in courts_visible_to(current_user)]
    if form.validate_on_submit():
        court = get_or_404(Court, form.court_id.data)
        require(p.can_import_register(current_user, court.id))
        with attempt(form.file) as outcome:
            item = imports.receive(current_user, court, form.file.data.stream, form.file.data.filename,
                                   form.as_of.data)
        if not outcome.failed:
            _after_commit("indicators.check_import", item.id)
            flash("文件已上传，正在逐行检查；检查完成后请核对问题再确认导入。", "info")
            return redirect(url_for("indicators.preview", import_id=item.id))
    return render_template("indicators/upload.html", form=form)


@bp.route("/imports/<int:import_id>")
@login_required
def preview(import_id):
    item = get_or_404(CaseImport, import_id)
    require(p.can_import_register(current_user, item.court_id))
    running = item.status in (RegisterImportStatus.CHECKING, RegisterImportStatus.APPLYING)
    return render_template("indicators/preview.html", item=item, running=running,
                           pending=item.status == RegisterImportStatus.PENDING)


@bp.route("/imports/<int:import_id>/progress")
@login_required
def import_progress(import_id):
    item = get_or_404(CaseImport, import_id)
    require(p.can_import_register(current_user, item.court_id))
    state = progress.read(item.id)
    return jsonify(status=item.status.value, label=item.status.label, done=state["done"], total=state["total"])


@bp.route("/imports/<int:import_id>/apply", methods=["POST"])
@login_required
def apply(import_id):
    item = get_or_404(CaseImport, import_id)
    require(p.can_import_register(current_user, item.court_id))
    on_error_redirect(url_for("indicators.preview", import_id=import_id))
    imports.start_apply(current_user, item)
    _after_commit("indicators.apply_import", item.id, current_user.id)
    flash(f"正在导入 {item.row_count} 件，完成后成为{item.court.name}的当前案件台账。", "info")
    return redirect(url_for("indicators.preview", import_id=import_id))


@bp.route("/imports/<int:import_id>/discard", methods=["POST"])
@login_required
def discard(import_id):
    item = get_or_404(CaseImport, import_id)
    require(p.can_import_register(current_user, item.court_id))
    on_error_redirect(url_for("indicators.preview", import_id=import_id))
    imports.discard(current_user, item)
    flash("已放弃本次导入。", "info")
    return redirect(url_for("indicators.imports_index"))


@bp.route("/mapping/<int:court_id>", methods=["GET", "POST"])
@login_required
def mapping(court_id):
    court = get_or_404(Court, court_id)
    require(p.can_manage_indicators(current_user))
    form = mapping_form(LABELS, imports.saved_mapping(court.id))
    if form.validate_on_submit():
        imports.save_mapping(current_user, court, {f: getattr(form, f).data or "" for f in LABELS})
        flash("表头对应关系已保存。", "success")
        return redirect(url_for("indicators.mapping", court_id=court.id))
    return render_template("indicators/mapping.html", form=form, court=court, fields=list(LABELS))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    require(p.can_manage_indicators(current_user))
    current = figures.settings()
    options = figures.options()
    form = SettingsForm(data={**{k: getattr(options, k) for k in Options.__dataclass_fields__},
                              "ranking_enabled": current.ranking_enabled})
    if form.validate_on_submit():
        settings_service.save_settings(current_user, {k: getattr(form, k).data for k in Options.__dataclass_fields__},
                                       form.ranking_enabled.data)
        flash("口径设置已保存。", "success")
        return redirect(url_for("indicators.settings"))
    year = request.args.get("year", type=int) or figures.default_year()
    target_form = TargetForm(year=str(year))
    target_form.key.choices = [(i.key, f"{i.number}. {i.name}") for i in INDICATORS]
    return render_template("indicators/settings.html", form=form, target_form=target_form, year=year,
                           targets=figures.targets_for(year), levels=LEVELS, indicators=INDICATORS)


@bp.route("/targets", methods=["POST"])
@login_required
def save_target():
    require(p.can_manage_indicators(current_user))
    form = TargetForm()
    form.key.choices = [(i.key, i.name) for i in INDICATORS]
    on_error_redirect(url_for("indicators.settings"))
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("indicators.settings", year=form.year.data if (form.year.data or "").isdigit() else None))
    settings_service.save_target(current_user, int(form.year.data), form.level.data, form.key.data,
                                 form.op.data, form.value.data)
    flash("目标已保存。", "success")
    return redirect(url_for("indicators.settings", year=int(form.year.data)))
