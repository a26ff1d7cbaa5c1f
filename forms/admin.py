"""Forms of the administration pages: users, courts, divisions."""
from sqlalchemy import select
from wtforms import (BooleanField, HiddenField, IntegerField, PasswordField, SelectField, SelectMultipleField,
                     StringField, SubmitField, widgets)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from forms.base import BaseForm
from forms.passwords import StrongPassword
from models import Court, CourtLevel, Division, Role, User


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _coerce_optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(BaseForm):
    lock_version = HiddenField()  # the version the editor loaded (reviewer/edits.py)
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=50),
                                              Regexp(r"^[A-Za-z0-9_.\-]+$", message="用户名只能包含字母、数字、下划线、点和连字符。")])
    display_name = StringField("姓名", validators=[DataRequired("请输入姓名。"), Length(max=50)])
    email = StringField("电子邮箱", validators=[Optional(), Email("邮箱格式不正确。"), Length(max=120)])
    password = PasswordField("密码", validators=[Optional(), StrongPassword()],
                             description="新建用户时必填；编辑时留空表示不修改。")
    roles = MultiCheckboxField("角色", choices=Role.choices())
    court_id = SelectField("所属法院", coerce=_coerce_optional_int)
    # Offered: the chosen court's divisions; checked by validate_division_id (a Chinese message).
    division_id = SelectField("所属部门", coerce=_coerce_optional_int, validate_choice=False)
    is_division_head = BooleanField("业务庭长")
    active = BooleanField("启用", default=True)
    submit = SubmitField("保存")

    def __init__(self, *args, db_session, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._session = db_session
        self._user = user
        courts = db_session.scalars(select(Court).order_by(Court.sort_order, Court.id)).all()
        self.court_id.choices = [("", "（无）")] + [(c.id, c.name) for c in courts]
        self.list_divisions_of(self.court_id.data)

    def list_divisions_of(self, court_id: int | None) -> None:
        """Offer only the chosen court's divisions (none before a court is chosen)."""
        divisions = self._session.scalars(select(Division).where(Division.court_id == court_id)
                                          .order_by(Division.sort_order, Division.id)).all() if court_id else []
        self.division_id.choices = [("", "（无）" if court_id else "（请先选择法院）")] + [(d.id, d.name) for d in divisions]

    def validate_username(self, field):
        existing = self._session.scalar(select(User).where(User.username == field.data.strip()))
        if existing is not None and existing is not self._user:
            raise ValidationError("该用户名已被使用。")

    def validate_password(self, field):
        if self._user is None and not field.data:
            raise ValidationError("新建用户必须设置密码。")

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError("请至少选择一个角色。")
        if Role.LIAISON.value in field.data and not self.court_id.data:
            raise ValidationError("法院联络员必须选择所属法院。")

    def validate_division_id(self, field):
        if field.data is None:
            if self.is_division_head.data:
                raise ValidationError("业务庭长必须选择所属部门。")
            return
        division = self._session.get(Division, field.data)
        if division is None or division.court_id != self.court_id.data:
            raise ValidationError("所选部门不属于所选法院。")


class CourtForm(BaseForm):
    lock_version = HiddenField()  # the version the editor loaded (reviewer/edits.py)
    name = StringField("简称", validators=[DataRequired("请输入简称。"), Length(max=50)])
    full_name = StringField("全称", validators=[DataRequired("请输入全称。"), Length(max=100)])
    code = StringField("法院代字", validators=[DataRequired("请输入法院代字。"), Length(max=20),
                                           Regexp(r"^[\u4e00-\u9fa5]\d{2,4}$|^[\u4e00-\u9fa5]{1,3}$",
                                                  message="法院代字格式如“豫0802”。")])
    level = SelectField("级别", choices=CourtLevel.choices())
    sort_order = IntegerField("排序", default=0, validators=[Optional()])
    active = BooleanField("启用", default=True)
    submit = SubmitField("保存")

    def __init__(self, *args, db_session, court: Court | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._session = db_session
        self._court = court

    def _unique(self, column, value, message):
        existing = self._session.scalar(select(Court).where(column == value))
        if existing is not None and existing is not self._court:
            raise ValidationError(message)

    def validate_name(self, field):
        self._unique(Court.name, field.data.strip(), "该简称已存在。")

    def validate_full_name(self, field):
        self._unique(Court.full_name, field.data.strip(), "该全称已存在。")

    def validate_code(self, field):
        self._unique(Court.code, field.data.strip(), "该法院代字已存在。")


class DivisionForm(BaseForm):
    lock_version = HiddenField()  # the version the editor loaded (reviewer/edits.py)
    name = StringField("部门名称", validators=[DataRequired("请输入部门名称。"), Length(max=50)])
    sort_order = IntegerField("排序", default=0, validators=[Optional()])
    active = BooleanField("启用", default=True)
    submit = SubmitField("保存")
