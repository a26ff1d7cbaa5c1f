"""API: a court's monthly closed-case list (结案清单), by the same preview-then-apply rule as the
site: `POST` reads and checks the file and returns the preview with each row's problems; nothing in
the case list changes until `POST …/apply`, which replaces the month's list as one unit."""
from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from models import CaseListImport, Court
from reviewer import permissions as p
from reviewer.api.schemas import CaseListImportSchema, CaseListUploadSchema, UploadFileSchema
from reviewer.caselists import services
from reviewer.errors import get_or_404, require

bp = Blueprint("api_caselists", __name__, url_prefix="/api/v1/caselists", description="结案清单导入：预览后确认")


@bp.route("/imports")
class Imports(MethodView):
    @bp.arguments(CaseListUploadSchema, location="form")
    @bp.arguments(UploadFileSchema, location="files")
    @bp.response(201, CaseListImportSchema)
    @bp.alt_response(409, description="文件无法读取或没有案件，detail 说明原因")
    def post(self, form, files):
        """上传结案清单（.xlsx 或 .csv，UTF-8/GBK）并预览：返回每行的问题，尚未导入"""
        court = get_or_404(Court, form.get("court_id") or current_user.court_id or 0)
        require(p.can_import_caselist(current_user, court.id))
        upload = files["file"]
        return services.upload(current_user, court, form["month"], upload.stream, upload.filename)


@bp.route("/imports/<int:import_id>")
class Import(MethodView):
    @bp.response(200, CaseListImportSchema)
    def get(self, import_id):
        """一次导入的预览"""
        item = get_or_404(CaseListImport, import_id)
        require(p.can_import_caselist(current_user, item.court_id))
        return item


@bp.route("/imports/<int:import_id>/apply")
class Apply(MethodView):
    @bp.response(200, CaseListImportSchema)
    @bp.alt_response(409, description="仍有问题行、已处理过，或本月已抽取（名单冻结）")
    def post(self, import_id):
        """确认导入：以本次文件替换该院该月的结案清单（全部或全不）"""
        item = get_or_404(CaseListImport, import_id)
        require(p.can_import_caselist(current_user, item.court_id))
        services.apply(current_user, item)
        return item
