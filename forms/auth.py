"""Log-in and password forms."""
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError
from forms.base import BaseForm
from forms.passwords import StrongPassword


class LoginForm(BaseForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=50)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。")])
    remember = BooleanField("记住我")
    submit = SubmitField("登录")


class ChangePasswordForm(BaseForm):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码。")])
    new = PasswordField("新密码", validators=[DataRequired("请输入新密码。"), StrongPassword()])
    confirm = PasswordField("确认新密码", validators=[EqualTo("new", message="两次输入的新密码不一致。")])
    submit = SubmitField("修改密码")

    def validate_new(self, field):
        if field.data and field.data == self.current.data:
            raise ValidationError("新密码不能与当前密码相同。")
