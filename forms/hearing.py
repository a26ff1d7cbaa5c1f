"""Forms of hearing recordings: the metadata declared with an upload, the list filters."""
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from forms.base import BaseForm
from forms.fields import MonthField
from models import HearingNomination, HearingStatus

PROCEDURES = ["一审普通程序", "一审简易程序", "二审", "再审", "执行异议", "其他"]


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class HearingForm(BaseForm):
    court_id = SelectField("法院", coerce=_optional_int)
    month = MonthField("报送月份", required=True, required_message="请填写报送月份。")
    nomination = SelectField("报送类型", choices=HearingNomination.choices())
    case_number = StringField("案号", validators=[DataRequired("请填写案号。"), Length(max=80)])
    cause = StringField("案由", validators=[Optional(), Length(max=100)])
    procedure = SelectField("审理程序", choices=[(p, p) for p in PROCEDURES])
    hearing_date = DateField("开庭日期", validators=[DataRequired("请填写开庭日期。")], format="%Y-%m-%d")
    presiding_judge_name = StringField("审判长/独任审判员", validators=[DataRequired("请填写审判长或独任审判员。"),
                                                               Length(max=50)])
    judge_id = SelectField("承办法官（平台用户，可不选）", coerce=_optional_int)
    file_name = HiddenField(validators=[DataRequired("请选择录像文件。"), Length(max=300)])
    file_size = IntegerField("文件大小", validators=[DataRequired("请选择录像文件。"),
                                                  NumberRange(min=1, message="录像文件是空的。")])
    submit = SubmitField("开始上传")

    def validate_court_id(self, field):
        if field.data is None:
            raise ValidationError("请选择法院。")


class HearingFilterForm(BaseForm):
    class Meta:
        csrf = False

    court = SelectField("法院", coerce=_optional_int, validators=[Optional()])
    month = MonthField("月份")
    nomination = SelectField("报送类型", choices=[("", "全部类型")] + HearingNomination.choices(),
                             validators=[Optional()])
    status = SelectField("状态", choices=[("", "全部状态")] + HearingStatus.choices(), validators=[Optional()])
