"""API: judgments — the list (the site's filters, keyset cursor), submit a .docx, correct its
metadata, submit it for evaluation, one judgment with its format-check findings and evaluation
status, and its confirmed evaluation. The same services and predicates as the site's pages."""
from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from models import Court, Evaluation, Judgment, JudgmentStatus, PrecheckFinding, Purpose
from reviewer import permissions as p
from reviewer.api.schemas import (EvaluationSchema, JudgmentDetailSchema, JudgmentFilterSchema, JudgmentPageSchema,
                                  MetadataPatchSchema, SubmitSchema, UploadFileSchema, UploadFormSchema, With)
from reviewer.errors import get_or_404, require
from reviewer.exemplars.services import review_detail
from reviewer.extensions import db
from reviewer.judgments import services
from reviewer.judgments.queries import judgment_list_query

bp = Blueprint("api_judgments", __name__, url_prefix="/api/v1/judgments",
               description="裁判文书：列表、详情、评查结果")


@bp.route("/")
class Judgments(MethodView):
    @bp.arguments(JudgmentFilterSchema, location="query")
    @bp.response(200, JudgmentPageSchema)
    def get(self, args):
        """文书列表（与网站相同的筛选；按 id 倒序，用 next_cursor 翻页）"""
        require(p.can_list_judgments(current_user))
        query = judgment_list_query(current_user, args).order_by(None).order_by(Judgment.id.desc())
        if args.get("cursor"):
            query = query.where(Judgment.id < args["cursor"])
        rows = list(db.session.scalars(query.limit(args["limit"] + 1)).unique())
        more = len(rows) > args["limit"]
        rows = rows[:args["limit"]]
        return {"items": rows, "next_cursor": rows[-1].id if more else None}

    @bp.arguments(UploadFormSchema, location="form")
    @bp.arguments(UploadFileSchema, location="files")
    @bp.response(201, JudgmentDetailSchema)
    @bp.alt_response(409, description="文书被拒收（不是可读的 .docx、重复上传、没有文字等），detail 说明原因")
    def post(self, form, files):
        """报送一份裁判文书（.docx）：与网站相同的校验与解析，生成待确认的文书"""
        court = get_or_404(Court, form.get("court_id") or current_user.court_id or 0)
        require(p.can_upload_for_court(current_user, court.id))
        upload = files["file"]
        judgment = services.ingest(current_user, court, form["month"], Purpose(form["purpose"]), upload.stream,
                                   upload.filename)
        return _detail(judgment)


def _evaluation(judgment_id: int) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.subject_kind == "judgment",
                                                      Evaluation.subject_id == judgment_id))


def evaluation_status(evaluation: Evaluation | None) -> str:
    if evaluation is None or evaluation.computed_score is None:
        return "评查中" if evaluation is not None else "未评查"
    if evaluation.final_grade is None:
        return "待确认"
    return "已公布" if evaluation.locked else "已确认"


@bp.route("/<int:judgment_id>")
class JudgmentDetail(MethodView):
    @bp.response(200, JudgmentDetailSchema)
    def get(self, judgment_id):
        """一份文书：元数据、结构、预检提示、评查状态"""
        judgment = get_or_404(Judgment, judgment_id)
        require(p.can_view_judgment_original(current_user, judgment))
        return _detail(judgment)

    @bp.arguments(MetadataPatchSchema)
    @bp.response(200, JudgmentDetailSchema)
    @bp.alt_response(409, description="更正被拒绝（如案号格式不正确），detail 说明原因")
    def patch(self, changes, judgment_id):
        """更正提取的元数据（只改所给字段；与网站的核对页相同的规则）"""
        judgment = get_or_404(Judgment, judgment_id)
        require(p.can_edit_judgment(current_user, judgment))
        data = {field: getattr(judgment, field) for field in services.META_FIELDS}
        data["purpose"] = judgment.purpose.value
        data.update(changes)
        services.update_metadata(current_user, judgment, data)
        return _detail(judgment)


@bp.route("/<int:judgment_id>/submit")
class JudgmentSubmit(MethodView):
    @bp.arguments(SubmitSchema)
    @bp.response(200, JudgmentDetailSchema)
    @bp.alt_response(409, description="不能报送（已报送、缺案号，或文书似乎属于其他法院而未说明理由）")
    def post(self, args, judgment_id):
        """报送评查（文书似乎属于其他法院时须说明理由，理由留存并记入审计）"""
        judgment = get_or_404(Judgment, judgment_id)
        require(p.can_submit_judgment(current_user, judgment))
        services.submit(current_user, judgment, reason=args.get("court_mismatch_reason"))
        return _detail(judgment)


def _detail(judgment: Judgment):
    findings = list(db.session.scalars(select(PrecheckFinding).where(PrecheckFinding.judgment_id == judgment.id)
                                       .order_by(PrecheckFinding.paragraph, PrecheckFinding.id)))
    draft = judgment.status == JudgmentStatus.DRAFT
    return With(judgment, findings=findings if p.can_view_findings(current_user, judgment) else [],
                evaluation_status=evaluation_status(_evaluation(judgment.id)),
                court_problems=services.court_problems(judgment) if draft else [])


@bp.route("/<int:judgment_id>/evaluation")
class JudgmentEvaluation(MethodView):
    @bp.response(200, EvaluationSchema)
    @bp.alt_response(404, description="文书不存在，或评查结果尚未确认")
    def get(self, judgment_id):
        """已确认的评查结果：得分、等级、逐项扣分及理由（评查员以序号表示）"""
        judgment = get_or_404(Judgment, judgment_id)
        require(p.can_read_evaluation(current_user, judgment))
        evaluation = _evaluation(judgment.id)
        if evaluation is None or evaluation.final_grade is None:
            abort(404, message="该文书的评查结果尚未确认。")
        detail = review_detail(judgment, anonymised=False)
        return {"judgment_id": judgment.id, "score": evaluation.computed_score,
                "grade": evaluation.final_grade.name, "grade_label": evaluation.final_grade.label,
                "confirmed_at": evaluation.confirmed_at, "published": evaluation.locked,
                "review_count": evaluation.review_count, "deductions": [d for d in detail.deductions]}
