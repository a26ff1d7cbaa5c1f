"""Forms of reviewing: the score sheet (fields built per sheet), assignment, reopen, confirm grade."""
from wtforms import (BooleanField, DateField, FieldList, FormField, HiddenField,
                     IntegerField, SelectField, StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from forms.base import BaseForm, SubForm
from forms.fields import TimecodeField
from models import Grade


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


GRADE_CHOICES = [("", "请选择")] + Grade.choices()


class RemarkForm(SubForm):
    """A remark anchored to a paragraph (judgments) or a moment/range in seconds (hearings)."""

    text = TextAreaField("批注", validators=[Optional(), Length(max=2000, message="批注不能超过 2000 字。")])
    item_id = SelectField("关联评查项", coerce=optional_int, validate_choice=False, choices=[("", "（不关联）")])
    paragraph_index = IntegerField("段落", validators=[Optional()], invalid_value_message="段落编号必须是整数。")
    start_seconds = TimecodeField("开始", validators=[Optional()])
    end_seconds = TimecodeField("结束", validators=[Optional()])


class ReviewFormBase(BaseForm):
    lock_version = HiddenField()
    overall_comment = TextAreaField("总体评价", validators=[Optional(), Length(max=5000, message="总体评价不能超过 5000 字。")])
    proposed_grade = SelectField("建议等级", choices=GRADE_CHOICES)
    remarks = FieldList(FormField(RemarkForm))
    save = SubmitField("暂存")
    submit = SubmitField("提交")


def add_item_fields(form_class, items) -> None:
    """Per item: deduction (or occurrences), veto hit when a veto item, reason — on `form_class`.

    Field names: `d_<item id>` deduction, `n_<item id>` occurrences, `v_<item id>` veto, `r_<item id>`
    reason. Numbers are kept as text so the scoring rules parse them and word the errors. Shared
    by the review form and the calibration sheets (forms/calibration.py).
    """
    for item in items:
        if item.per_occurrence:
            setattr(form_class, f"n_{item.id}", StringField("处数", validators=[Optional(), Length(max=10, message="处数过长。")]))
        else:
            setattr(form_class, f"d_{item.id}", StringField("扣分", validators=[Optional(), Length(max=10, message="扣分过长。")]))
        if item.veto:
            setattr(form_class, f"v_{item.id}", BooleanField("命中"))
        setattr(form_class, f"r_{item.id}", TextAreaField("扣分理由", validators=[
            Optional(), Length(max=2000, message="扣分理由不能超过 2000 字。")]))


def review_form_class(sheet):
    """A form class with the item fields of `sheet` (`add_item_fields`) and the review's own fields."""

    class ReviewForm(ReviewFormBase):
        pass

    add_item_fields(ReviewForm, sheet.items)
    return ReviewForm


class AssignForm(BaseForm):
    reviewer_id = SelectField("评查员", coerce=optional_int, validate_choice=False)
    due_date = DateField("截止日期", validators=[Optional()], format="%Y-%m-%d")
    is_leader = BooleanField("组长")
    withdraw_confirmed = BooleanField("撤回已确认的等级")
    submit = SubmitField("分配")

    def validate_reviewer_id(self, field):
        if field.data is None:
            raise ValidationError("请选择评查员。")


class AutoAssignForm(BaseForm):
    per_subject = IntegerField("每件评查员人数", default=2,
                               validators=[DataRequired("请填写人数。"), NumberRange(1, 7, "人数应在 1–7 之间。")],
                               invalid_value_message="人数必须是整数。")
    due_date = DateField("截止日期", validators=[Optional()], format="%Y-%m-%d")
    partial = BooleanField("有无法配齐的也分配其余各件")
    submit = SubmitField("自动分配")


class ReopenForm(BaseForm):
    reason = TextAreaField("退回理由", validators=[DataRequired("退回评查表必须填写理由。"),
                                                Length(max=2000, message="退回理由不能超过 2000 字。")])
    submit = SubmitField("退回修改")


class ConfirmGradeForm(BaseForm):
    grade = SelectField("最终等级", choices=Grade.choices())
    reason = TextAreaField("调整理由", validators=[Optional(), Length(max=2000, message="调整理由不能超过 2000 字。")],
                           description="最终等级与汇总等级不同时必须填写。")
    submit = SubmitField("确认等级")


class MonthForm(BaseForm):
    class Meta:
        csrf = False

    month = StringField("月份", render_kw={"type": "month"})
    kind = HiddenField()
