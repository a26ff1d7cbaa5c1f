"""Form of the monthly filing (每月报备案)."""
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length
from forms.base import BaseForm


class FilingForm(BaseForm):
    comments = TextAreaField("本院意见", validators=[Length(max=5000, message="不能超过 5000 字。")],
                             description="对本月评查结果的说明、整改措施等。", render_kw={"rows": 6})
    submit = SubmitField("报备")
