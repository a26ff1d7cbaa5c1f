"""Form of a new personal API token."""
from wtforms import IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange

from forms.base import BaseForm
from models import TokenScope


class TokenForm(BaseForm):
    name = StringField("名称", validators=[DataRequired("请为令牌命名。"), Length(max=100)],
                       description="用途，例如“审判流程系统对接”。")
    scope = SelectField("权限", choices=TokenScope.choices(), default=TokenScope.READ.value)
    days = IntegerField("有效期（天）", default=90,
                        validators=[DataRequired("请填写有效期。"), NumberRange(min=1, max=366, message="有效期应为 1–366 天。")])
    submit = SubmitField("创建令牌")


class RevokeForm(BaseForm):
    submit = SubmitField("撤销")
