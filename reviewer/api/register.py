"""API: the case register (案件台账) of the quality indicators, by the site's rule: `POST` stores the
export and checks every row in the background (202); `GET` shows its status, counts and the first
rows with problems; `POST …/apply` makes it the court's current register, all or nothing (202, in
the background). Same services, jobs and permissions as 质效指标 › 案件台账."""
from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from models import Court
from models.case_register import CaseImport
from reviewer import clock, permissions as p
from reviewer.api.register_schemas import RegisterImportSchema, RegisterUploadSchema
from reviewer.api.schemas import UploadFileSchema
from reviewer.errors import get_or_404, require
from reviewer.indicators import imports
from reviewer.jobs import enqueue_after_commit

bp = Blueprint("api_register", __name__, url_prefix="/api/v1/register", description="案件台账导入：检查后确认")


@bp.route("/imports")
class Imports(MethodView):
    @bp.arguments(RegisterUploadSchema, location="form")
    @bp.arguments(UploadFileSchema, location="files")
    @bp.response(202, RegisterImportSchema)
    @bp.alt_response(409, description="文件无法接收（格式、大小），detail 说明原因")
    def post(self, form, files):
        """上传审判流程管理系统导出的案件台账（.xlsx/.csv），后台逐行检查；用 GET 查看检查结果"""
        court = get_or_404(Court, form.get("court_id") or current_user.court_id or 0)
        require(p.can_import_register(current_user, court.id))
        as_of = form.get("as_of") or clock.today()
        if as_of > clock.today():
            abort(422, message="导出日期不能晚于今天。", errors={"as_of": ["导出日期不能晚于今天。"]})
        upload = files["file"]
        item = imports.receive(current_user, court, upload.stream, upload.filename, as_of)
        enqueue_after_commit("indicators.check_import", item.id)
        return item


@bp.route("/imports/<int:import_id>")
class Import(MethodView):
    @bp.response(200, RegisterImportSchema)
    def get(self, import_id):
        """一次台账导入的状态、行数、问题行数与前若干个问题行"""
        item = get_or_404(CaseImport, import_id)
        require(p.can_import_register(current_user, item.court_id))
        return item


@bp.route("/imports/<int:import_id>/apply")
class Apply(MethodView):
    @bp.response(202, RegisterImportSchema)
    @bp.alt_response(409, description="尚在检查、有问题行或已处理过")
    def post(self, import_id):
        """确认导入：后台以本次文件替换该院的当前案件台账（全部或全不）"""
        item = get_or_404(CaseImport, import_id)
        require(p.can_import_register(current_user, item.court_id))
        imports.start_apply(current_user, item)
        enqueue_after_commit("indicators.apply_import", item.id, current_user.id)
        return item
