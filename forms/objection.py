"""Forms of objections (异议): lodge, answer."""
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forms.base import BaseForm
from models.objection import ObjectionStatus


class ObjectionForm(BaseForm):
    text = TextAreaField("异议的事实和理由", validators=[DataRequired("请填写异议的事实和理由。"),
                                                     Length(max=2000, message="异议内容不能超过 2000 字。")])
    submit = SubmitField("提出异议")


class AnswerForm(BaseForm):
    outcome = RadioField("处理结果", choices=[(ObjectionStatus.UPHELD.value, ObjectionStatus.UPHELD.label),
                                          (ObjectionStatus.REJECTED.value, ObjectionStatus.REJECTED.label)],
                         validators=[DataRequired("请选择处理结果。")])
    answer = TextAreaField("答复意见", validators=[DataRequired("请填写答复意见。"),
                                                 Length(max=2000, message="答复意见不能超过 2000 字。")])
    submit = SubmitField("答复")


class FollowUpReasonForm(BaseForm):
    """The reason of a follow-up step of an upheld objection (withdraw an entry: shown publicly)."""
    reason = TextAreaField("理由", validators=[DataRequired("请填写理由。"),
                                             Length(max=500, message="理由不能超过 500 字。")])
