"""Forms of the quality indicators: register upload, header mapping, office settings and targets."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, FloatField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from forms.base import BaseForm
from forms.fields import MonthField
from models.month import court_today


class RegisterUploadForm(BaseForm):
    court_id = SelectField("法院", coerce=int)
    as_of = DateField("导出日期", default=court_today, validators=[DataRequired("请填写导出日期。")],
                      description="案件管理系统导出数据的日期；统计截至该月。")
    file = FileField("案件台账（.xlsx 或 .csv）", validators=[FileRequired("请选择文件。")],
                     description="至少包含案号、立案日期两列；列的顺序不限，表头可在“表头对应”中设定。"
                                 "CSV 可为 UTF-8 或 GBK 编码。")
    submit = SubmitField("上传并预览")

    def validate_as_of(self, field):
        if field.data and field.data > court_today():
            raise ValidationError("导出日期不能晚于今天。")


def mapping_form(labels: dict[str, str], saved: dict[str, str]):
    """A form with one optional text field per register field, prefilled with the saved header."""
    class MappingForm(BaseForm):
        submit = SubmitField("保存表头对应")

    for field, label in labels.items():
        setattr(MappingForm, field, StringField(label, default=saved.get(field, ""),
                                                validators=[Optional()], render_kw={"placeholder": label}))
    return MappingForm()


class SettingsForm(BaseForm):
    retrial_counts_against_acceptance = BooleanField("一审服判息诉率扣除申请再审案件")
    mediation_variant = SelectField("民事案件调解率口径", choices=[("调解", "调解率"), ("调撤", "调撤率（调解 + 撤诉）")])
    balance_variant = SelectField("收结案数均衡度口径", choices=[
        ("closures", "1 − 月度结案数标准差 ÷ 平均值"), ("ratio", "1 − 月度结收比标准差 ÷ 平均值")])
    restored_by = SelectField("恢复案件实际执行到位率口径", choices=[("amount", "按金额"), ("count", "按件数")])
    ranking_enabled = BooleanField("显示法院之间的排名（最高法院 2024 年起不提倡通报排名，默认关闭）")
    submit = SubmitField("保存口径设置")


class TargetForm(BaseForm):
    """One target: year × level × indicator; an empty value removes it."""

    year = StringField("年度", validators=[DataRequired("请填写年度。")])
    level = SelectField("层级", choices=[("中院", "中院"), ("基层", "基层"), ("全市", "全市")])
    key = SelectField("指标")
    op = SelectField("比较", choices=[(">=", "≥"), ("<=", "≤")])
    value = FloatField("目标值", validators=[Optional(), NumberRange(min=0, max=100000, message="目标值超出范围。")])
    submit = SubmitField("保存目标")

    def validate_year(self, field):
        if not (field.data or "").isdigit() or not 2000 <= int(field.data) <= 2100:
            raise ValidationError("年度应为四位数字。")


def province_rank_form(court_ids: list[int], keys: list[str], formdata=None, **kwargs) -> BaseForm:
    """The month's 全省排名 table: for each basic court and key, `rank_<court>_<key>` (≥ 1),
    `total_<court>_<key>` (≥ 1) and `value_<court>_<key>` (≥ 0), all optional; plus the month and the
    version token of what the form was opened on (the service refuses a stale save)."""
    class ProvinceRankForm(BaseForm):
        month = MonthField("月份", required=True)
        version = HiddenField()
        submit = SubmitField("保存")

    for court_id in court_ids:
        for key in keys:
            suffix = f"{court_id}_{key}"
            setattr(ProvinceRankForm, f"rank_{suffix}", IntegerField(
                "名次", [Optional(), NumberRange(min=1, message="名次应为从 1 开始的整数。")]))
            setattr(ProvinceRankForm, f"total_{suffix}", IntegerField(
                "参评法院数", [Optional(), NumberRange(min=1, message="参评法院数应为正整数。")]))
            setattr(ProvinceRankForm, f"value_{suffix}", FloatField(
                "数值", [Optional(), NumberRange(min=0, message="数值不能为负。")]))
    return ProvinceRankForm(formdata=formdata, **kwargs)
