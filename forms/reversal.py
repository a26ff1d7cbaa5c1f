"""Forms of the 发改 programme: register, self-check, evaluation, objection, decision, talks,
meetings, guidance, points rules and corrections. Choices are filled in by the views."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, DecimalField, IntegerField, SelectField, SelectMultipleField,
                     StringField, SubmitField, TextAreaField, ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forms.base import BaseForm
from forms.fields import LongSelect, MonthField
from models.points import PointsSubject
from models.reversal import DecisionBody, GuidanceKind, HigherLevel, ReversalResult

DOCX = FileAllowed(["docx"], "只能上传 .docx 文件。")
_DATE = {"format": "%Y-%m-%d", "render_kw": {"type": "date"}}


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def _text(label, required: str | None = None, limit: int = 20000, rows: int = 5):
    checks = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(label, validators=checks + [Length(max=limit, message=f"不能超过 {limit} 字。")],
                         render_kw={"rows": rows})


class CaseForm(BaseForm):
    court_id = SelectField("原审法院", coerce=int)
    case_number = StringField("原审案号", validators=[DataRequired("请填写原审案号。"), Length(max=80)])
    division_id = SelectField("承办部门", coerce=optional_int, validators=[Optional()])
    judge_id = SelectField("承办法官", coerce=optional_int, validators=[Optional()], widget=LongSelect())
    higher_case_number = StringField("上级法院案号", validators=[DataRequired("请填写上级法院案号。"), Length(max=80)])
    higher_level = SelectField("上级法院", choices=HigherLevel.choices())
    higher_division_id = SelectField("中院发改部门（可不选）", coerce=optional_int, validators=[Optional()])
    result = SelectField("发改类型", choices=ReversalResult.choices())
    decided_on = DateField("发改日期", validators=[DataRequired("请填写发改日期。")], **_DATE)
    reason_id = SelectField("发改原因", coerce=int)
    excluded = BooleanField("不计入承办人（如二审新证据等除外情形）")
    excluded_note = StringField("除外说明", validators=[Optional(), Length(max=200)])
    major_impact = BooleanField("因案件质量造成重大负面影响")
    submit = SubmitField("登记")


class SelfCheckForm(BaseForm):
    text = _text("自查报告", rows=8)
    file = FileField("或上传自查报告（.docx）", validators=[DOCX])
    submit = SubmitField("提交自查报告")


class EvaluationForm(BaseForm):
    confirmed = SelectField("评查结论", choices=[("1", "确有问题"), ("0", "不存在问题")])
    categories = SelectMultipleField("问题类别", validators=[Optional()])
    points = DecimalField("扣分（零或负数；留空或 0 按规则）", places=2, default=0,
                          validators=[Optional(), NumberRange(max=0, message="扣分应为零或负数。")])
    opinion = _text("评查意见", required="请填写评查意见。")
    basic_view = _text("基层法院意见（双向评析）", rows=3)
    intermediate_view = _text("中院意见（双向评析）", rows=3)
    submit = SubmitField("提交评查意见")


class ObjectionForm(BaseForm):
    reasons = _text("申辩理由", required="请填写申辩理由。")
    submit = SubmitField("提出申辩（仅一次）")


class DecisionForm(BaseForm):
    body = SelectField("讨论会议", choices=DecisionBody.choices())
    confirmed = SelectField("决定", choices=[("1", "确有问题"), ("0", "不存在问题")])
    points = DecimalField("扣分（零或负数）", places=2, default=0,
                          validators=[Optional(), NumberRange(max=0, message="扣分应为零或负数。")])
    decided_on = DateField("会议日期", validators=[DataRequired("请填写会议日期。")], **_DATE)
    text = _text("会议决定", required="请填写会议决定。")
    minutes = FileField("会议纪要（.docx）", validators=[DOCX])
    submit = SubmitField("录入决定并办结")


class LeaderForm(BaseForm):
    leader_id = SelectField("办案院领导", coerce=optional_int, validators=[Optional()])
    submit = SubmitField("保存")


class TalkForm(BaseForm):
    held_on = DateField("谈话日期", validators=[DataRequired("请填写谈话日期。")], **_DATE)
    note = _text("备注", limit=2000, rows=2)
    submit = SubmitField("记录已谈话")


class MeetingForm(BaseForm):
    division_id = SelectField("部门", coerce=int)
    month = MonthField("评析月份", required=True)
    held_on = DateField("会议日期", validators=[DataRequired("请填写会议日期。")], **_DATE)
    case_ids = SelectMultipleField("评析的发改案件（登记簿中的案件）", coerce=int, validators=[Optional()])
    problems = _text("存在的问题", required="请填写存在的问题。", limit=10000)
    measures = _text("整改措施", required="请填写整改措施。", limit=10000)
    minutes = FileField("会议记录（.docx，庭长签字后确认）", validators=[DOCX])
    submit = SubmitField("登记评析会")


class GuidanceForm(BaseForm):
    division_id = SelectField("发布部门", coerce=int)
    kind = SelectField("类型", choices=GuidanceKind.choices())
    title = StringField("标题", validators=[DataRequired("请填写标题。"), Length(max=200)])
    published_on = DateField("发布（召开）日期", validators=[DataRequired("请填写日期。")], **_DATE)
    body = _text("正文 / 会议内容", required="请填写正文。", limit=50000, rows=10)
    file = FileField("附件（.docx，可不传）", validators=[DOCX])
    submit = SubmitField("发布")


class RuleForm(BaseForm):
    code = StringField("规则代码（同一代码不同期间即为调整分值）", validators=[DataRequired("请填写代码。"), Length(max=40)])
    label = StringField("名称", validators=[DataRequired("请填写名称。"), Length(max=100)])
    points = DecimalField("分值（扣分为负）", places=2, validators=[InputRequired("请填写分值。")])
    subject = SelectField("计分对象", choices=PointsSubject.choices())
    effective_from = DateField("生效日期", validators=[DataRequired("请填写生效日期。")], **_DATE)
    effective_until = DateField("失效日期（可空）", validators=[Optional()], **_DATE)
    submit = SubmitField("新增规则")


class ManualEntryForm(BaseForm):
    """An entry under a rule, for a judge (typed: username or 姓名, resolved by the view) or a
    division (chosen: a city's ~80). The judge is typed, not chosen: a menu of every judge (700+ at
    ten years) was most of the ledger page's HTML and rendering time. Exactly one of the two."""

    rule_code = SelectField("计分规则")
    judge = StringField("计分法官（用户名或姓名）", validators=[Optional(), Length(max=80)],
                        render_kw={"placeholder": "计分对象为法官时填写"})
    division_id = SelectField("或计分部门", coerce=optional_int, widget=LongSelect())   # checked with the judge below
    occurred_on = DateField("事项日期", validators=[DataRequired("请填写日期。")], **_DATE)
    note = StringField("事由", validators=[DataRequired("请填写事由。"), Length(max=300)])
    submit = SubmitField("登记计分")

    def validate_division_id(self, field):
        typed = (self.judge.data or "").strip()
        if typed and field.data:
            raise ValidationError("计分对象只能填写一个：法官或部门。")
        if not typed and not field.data:
            raise ValidationError("请填写计分法官或选择计分部门。")


class CorrectionForm(BaseForm):
    """A counter-entry for ledger entry `entry_id` (the row's 冲正 button carries the id)."""

    entry_id = IntegerField("冲正记录", validators=[InputRequired("请选择要冲正的记录。")])
    reason = StringField("冲正理由", validators=[DataRequired("请填写冲正理由。"), Length(max=250)])
    submit = SubmitField("冲正")


class ImportForm(BaseForm):
    file = FileField("发改案件清单（.xlsx 或 .csv）", validators=[FileRequired("请选择文件。"),
                                                       FileAllowed(["xlsx", "csv"], "只支持 .xlsx 或 .csv。")])
    submit = SubmitField("上传并预览")


class NoticeForm(BaseForm):
    month = MonthField("通报月份", required=True)
    submit = SubmitField("查看")
