"""Marshmallow schemas of the API: they validate requests and generate the OpenAPI document."""
from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from models import JudgmentStatus, Purpose
from models.month import MONTH_PATTERN

class With:
    """An object seen with a few extra attributes (for a response schema), without touching it."""

    def __init__(self, obj, **extra):
        self._obj, self._extra = obj, extra

    def __getattr__(self, name):
        return self._extra[name] if name in self._extra else getattr(self._obj, name)


MONTH = validate.Regexp(rf"^{MONTH_PATTERN}$", error="月份格式为 YYYY-MM。")


class Points(fields.Decimal):
    """Points and scores as exact decimal strings ("86.50"), documented as such."""

    def __init__(self, **kwargs):
        super().__init__(as_string=True, metadata={"type": "string", "pattern": r"^-?\d+(\.\d+)?$",
                                                   "description": "分值（十进制字符串，保留两位小数）"}, **kwargs)


class ProblemSchema(Schema):
    """RFC 9457 problem details, as every API error is answered (`application/problem+json`)."""

    type = fields.String(metadata={"description": "about:blank"})
    title = fields.String(metadata={"description": "简短的中文标题"})
    status = fields.Integer()
    detail = fields.String(metadata={"description": "中文说明"})
    errors = fields.Dict(keys=fields.String(), values=fields.Raw(), metadata={"description": "字段错误（422）"})


class JudgmentFilterSchema(Schema):
    """The judgment list's filters (the site's filters) and its cursor pagination."""

    court = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "法院 id"})
    month = fields.String(validate=MONTH, metadata={"description": "评查月份 YYYY-MM"})
    status = fields.String(validate=validate.OneOf([s.value for s in JudgmentStatus]))
    purpose = fields.String(validate=validate.OneOf([p.value for p in Purpose]))
    q = fields.String(validate=validate.Length(max=80), metadata={"description": "案号或案由包含的文字"})
    fulltext = fields.String(validate=validate.OneOf(["1"]), metadata={"description": "1：q 检索文书全文（各词均须包含）"})
    cursor = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1),  # ids are 32-bit integers
                            metadata={"description": "上一页返回的 next_cursor"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class CourtRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    code = fields.String()


class JudgmentSummarySchema(Schema):
    id = fields.Integer()
    case_number = fields.String(allow_none=True)
    title = fields.String()
    court = fields.Nested(CourtRefSchema)
    month = fields.String()
    status = fields.Function(lambda j: j.status.value)
    status_label = fields.Function(lambda j: j.status.label)
    purpose = fields.Function(lambda j: j.purpose.value)
    doc_type = fields.String(allow_none=True)
    cause = fields.String(allow_none=True)
    judgment_date = fields.Date(allow_none=True)
    presiding_judge_name = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)


class JudgmentPageSchema(Schema):
    items = fields.List(fields.Nested(JudgmentSummarySchema))
    next_cursor = fields.Integer(allow_none=True, metadata={"description": "下一页的 cursor；没有更多时为 null"})


class FindingSchema(Schema):
    code = fields.String()
    severity = fields.String()
    message = fields.String()
    paragraph = fields.Integer(allow_none=True)
    excerpt = fields.String()


class PersonSchema(Schema):
    role = fields.String()
    name = fields.String()


class JudgmentDetailSchema(JudgmentSummarySchema):
    clerk_name = fields.String(allow_none=True)
    procedure = fields.String(allow_none=True)
    parties = fields.List(fields.Nested(PersonSchema))
    signatories = fields.List(fields.Nested(PersonSchema))
    sections = fields.Dict(keys=fields.String(), values=fields.List(fields.Integer()),
                           attribute="section_ranges", metadata={"description": "段落区间（从 0 起，含首不含尾）"})
    paragraph_count = fields.Function(lambda j: len(j.paragraphs or []))
    findings = fields.List(fields.Nested(FindingSchema))
    court_problems = fields.List(fields.String(), metadata={"description": "文书与报送法院不一致之处（报送时须说明理由）"})
    evaluation_status = fields.String(metadata={"description": "未评查 / 评查中 / 待确认 / 已确认 / 已公布"})


class DeductionSchema(Schema):
    reviewer = fields.Integer(metadata={"description": "评查员序号（不公开姓名）"})
    section = fields.String()
    item = fields.String()
    points = Points(allow_none=True)
    deduction = Points(allow_none=True)
    veto_hit = fields.Boolean()
    reason = fields.String()


class EvaluationSchema(Schema):
    judgment_id = fields.Integer()
    score = Points(allow_none=True)
    grade = fields.String(allow_none=True)
    grade_label = fields.String(allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)
    published = fields.Boolean()
    review_count = fields.Integer()
    deductions = fields.List(fields.Nested(DeductionSchema))


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    court = fields.Nested(CourtRefSchema, allow_none=True)
    roles = fields.Function(lambda u: sorted(r.value for r in u.roles))
    token_name = fields.String()
    token_scope = fields.String()


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.Function(lambda n: n.kind.value)
    text = fields.String()
    url = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Function(lambda n: n.read_at is not None)


class UploadFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "裁判文书 .docx"})


class UploadFormSchema(Schema):
    """Where a new judgment goes: the court (default: the token user's court), the month, the purpose."""

    court_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    month = fields.String(required=True, validate=MONTH)
    purpose = fields.String(load_default=Purpose.ROUTINE.value, validate=validate.OneOf([p.value for p in Purpose]))


class MetadataPatchSchema(Schema):
    """Corrections to the extracted metadata (only the fields sent change)."""

    case_number = fields.String(validate=validate.Length(min=1, max=80))
    court_name_text = fields.String(validate=validate.Length(max=100), allow_none=True)
    doc_type = fields.String(validate=validate.Length(max=30), allow_none=True)
    procedure = fields.String(validate=validate.Length(max=30), allow_none=True)
    cause = fields.String(validate=validate.Length(max=100), allow_none=True)
    judgment_date = fields.Date(allow_none=True)
    presiding_judge_name = fields.String(validate=validate.Length(max=50), allow_none=True)
    clerk_name = fields.String(validate=validate.Length(max=50), allow_none=True)
    judge_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), allow_none=True)
    month = fields.String(validate=MONTH)
    purpose = fields.String(validate=validate.OneOf([p.value for p in Purpose]))
    note = fields.String(validate=validate.Length(max=2000), allow_none=True)


class SubmitSchema(Schema):
    court_mismatch_reason = fields.String(validate=validate.Length(max=1000), allow_none=True,
                                          metadata={"description": "文书似乎不属于报送法院时，报送的理由"})


class RankingEntrySchema(Schema):
    kind = fields.Function(lambda e: e.kind.value)
    kind_label = fields.Function(lambda e: e.kind.label)
    position = fields.Integer()
    judgment_id = fields.Integer()
    case_number = fields.Function(lambda e: e.judgment.case_number)
    court = fields.Function(lambda e: e.judgment.court.name)
    month = fields.Function(lambda e: e.ranking.month)
    score = Points(allow_none=True)
    grade = fields.String(allow_none=True)
    reason = fields.String()
    withdrawn = fields.Function(lambda e: e.withdrawn_at is not None, metadata={
        "description": "因异议成立撤回复核中（公示页划去并说明理由）"})
    public_note = fields.String(allow_none=True, metadata={"description": "撤回与重新公布的公开说明"})


class RankingSchema(Schema):
    month = fields.String()
    published_at = fields.DateTime(allow_none=True)
    entries = fields.List(fields.Nested(RankingEntrySchema))


class ExemplarSearchSchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=100), metadata={"description": "全文检索词"})
    month = fields.String(validate=MONTH)
    court_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    kind = fields.String(validate=validate.OneOf(["excellent", "flawed"]))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class DrawEntrySchema(Schema):
    division_name = fields.String()
    head_name = fields.String()
    status = fields.Function(lambda e: e.status.value)
    candidates = fields.List(fields.String(), metadata={"description": "冻结的候选案号（规范排序）"})
    list_hash = fields.String(allow_none=True, metadata={"description": "候选名单的 SHA-256"})
    seed = fields.String(allow_none=True)
    result_index = fields.Integer(allow_none=True)
    result_case_number = fields.String(allow_none=True)


class DrawSchema(Schema):
    id = fields.Integer()
    court = fields.Function(lambda d: d.court.name)
    month = fields.String()
    algorithm = fields.String()
    status = fields.Function(lambda d: d.status.value)
    value_source = fields.String()
    public_value = fields.String(allow_none=True)
    announced_at = fields.DateTime()
    drawn_at = fields.DateTime(allow_none=True)
    entries = fields.List(fields.Nested(DrawEntrySchema))
    problems = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                           metadata={"description": "重算核验发现的问题（按条目 id；空表示核验通过）"})


class DrawFilterSchema(Schema):
    month = fields.String(validate=MONTH)
    court_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    # Every listed draw is re-run and its lists sent whole (≈1 ms each): a month's draws of the
    # ten basic courts are ten, so the default is two months; older months with `month=`.
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200),
                           metadata={"description": "最多返回的抽取记录数（默认 20，最新月份在前；更早的月份用 month 查询）"})


class CaseListUploadSchema(Schema):
    court_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1),
                              metadata={"description": "法院 id（默认令牌用户所在法院）"})
    month = fields.String(required=True, validate=MONTH, metadata={"description": "结案月份 YYYY-MM"})


class CaseListRowSchema(Schema):
    line = fields.Integer(allow_none=True)
    values = fields.Dict(keys=fields.String(), values=fields.Raw())
    problems = fields.List(fields.String())


class CaseListImportSchema(Schema):
    id = fields.Integer()
    court_id = fields.Integer()
    month = fields.String()
    status = fields.Function(lambda i: i.status.value)
    row_count = fields.Integer()
    error_count = fields.Integer()
    rows = fields.List(fields.Nested(CaseListRowSchema), metadata={"description": "每行的读取结果与问题"})
    applied_at = fields.DateTime(allow_none=True)


class TopTenEntrySchema(Schema):
    rank = fields.Integer()
    hearing_id = fields.Integer()
    case_number = fields.Function(lambda e: e.hearing.case_number)
    court = fields.Function(lambda e: e.hearing.court.name if e.hearing.court else None)
    score = fields.Function(lambda e: None if e.score is None else float(e.score), allow_none=True,
                            metadata={"type": "number"})
    grade_label = fields.String(allow_none=True)
    provincial_showcase = fields.Boolean(metadata={"description": "已推荐参加全省展示"})


class TopTenListSchema(Schema):
    year = fields.Integer()
    kind = fields.Function(lambda t: t.kind.value, metadata={"enum": ["best", "flawed"]})
    kind_label = fields.Function(lambda t: t.kind.label)
    status = fields.Function(lambda t: t.status.value, metadata={"enum": ["proposed", "comment", "published"]})
    comment_until = fields.Date(allow_none=True, metadata={"description": "公示期截止日"})
    published_at = fields.DateTime(allow_none=True)
    entries = fields.List(fields.Nested(TopTenEntrySchema))
