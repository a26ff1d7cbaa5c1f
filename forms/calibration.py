"""Forms of the fairness features: reference judgments (标准样卷), calibration sets and sheets, settings."""
from __future__ import annotations

from wtforms import (BooleanField, DecimalField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from forms.base import BaseForm
from forms.review import add_item_fields

KIND_CHOICES = [("judgment", "裁判文书"), ("hearing", "庭审录像")]
BASIS_CHOICES = [("raw", "原始综合得分（默认）"), ("adjusted", "宽严度调整分")]


class MarkReferenceForm(BaseForm):
    kind = SelectField("评查对象", choices=KIND_CHOICES)
    subject_id = IntegerField("对象编号", validators=[DataRequired("请填写已评查对象的编号。")],
                              invalid_value_message="对象编号必须是整数。")
    note = TextAreaField("说明", validators=[Optional(), Length(max=2000, message="说明不能超过 2000 字。")])
    submit = SubmitField("设为标准样卷")


class CalibrationSetForm(BaseForm):
    name = StringField("校准组名称", validators=[DataRequired("请填写校准组名称。"),
                                              Length(max=100, message="名称不能超过 100 字。")])
    references = SelectMultipleField("标准样卷", coerce=int, validate_choice=False)
    submit = SubmitField("新建校准组")


class FairnessSettingsForm(BaseForm):
    lock_version = HiddenField()
    ranking_basis = SelectField("月度榜单使用的分数", choices=BASIS_CHOICES)
    require_calibration = BooleanField("分配评查任务前须通过标准样卷校准")
    tolerance = DecimalField("校准合格线（各项扣分偏差之和不超过，分）", places=2,
                             validators=[DataRequired("请填写校准合格线。"), NumberRange(0, 100, "合格线应在 0–100 分之间。")],
                             invalid_value_message="合格线必须是数字。")
    valid_days = IntegerField("校准有效期（天）", validators=[DataRequired("请填写有效期。"),
                                                       NumberRange(1, 730, "有效期应在 1–730 天之间。")],
                              invalid_value_message="有效期必须是整数。")
    submit = SubmitField("保存设置")


class ItemSheetBase(BaseForm):
    note = TextAreaField("说明", validators=[Optional(), Length(max=2000, message="说明不能超过 2000 字。")])
    save = SubmitField("暂存")
    submit = SubmitField("提交")


def item_sheet_form_class(items):
    """A form with the review form's item fields (`forms.review.add_item_fields`), a note, 暂存/提交."""

    class ItemSheetForm(ItemSheetBase):
        pass

    add_item_fields(ItemSheetForm, items)
    return ItemSheetForm


def item_values(form, items) -> dict:
    """{item id: (deduction, occurrences, veto, reason)} from a submitted item-sheet form."""
    values = {}
    for item in items:
        values[item.id] = (
            None if item.per_occurrence else getattr(form, f"d_{item.id}").data,
            getattr(form, f"n_{item.id}").data if item.per_occurrence else None,
            bool(getattr(form, f"v_{item.id}").data) if item.veto else False,
            getattr(form, f"r_{item.id}").data or "",
        )
    return values
