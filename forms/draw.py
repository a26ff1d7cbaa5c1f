"""Forms of the monthly draw: announce (freeze lists), enter the public value and draw."""
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from forms.base import BaseForm
from forms.fields import MonthField


class AnnounceForm(BaseForm):
    month = MonthField("月份", required=True, required_message="请输入月份。",
                        description="例如 2021-03，抽取该月结案的案件。")
    court_ids = SelectMultipleField("法院", coerce=int,
                                    validators=[DataRequired("请至少选择一个法院。")])
    value_source = StringField(
        "公开随机值来源", validators=[DataRequired("请说明公开随机值的来源。"), Length(max=200)],
        description="公告时尚不可知、之后公开的数值，例如“2021年4月6日福彩3D开奖号码”。")
    submit = SubmitField("冻结名单并公告")


class PerformForm(BaseForm):
    public_value = StringField(
        "公开随机值", validators=[DataRequired("请输入公开随机值。"), Length(max=200)],
        description="按公告的来源如实录入，例如开奖号码“3 0 9”。")
    submit = SubmitField("录入并抽取")


class DrawnUploadForm(BaseForm):
    """The drawn case's judgment, uploaded from the draw entry's page (purpose 随机抽取公示)."""
    file = FileField("抽中案件的裁判文书（.docx）", validators=[FileRequired("请选择要上传的文件。")])
    submit = SubmitField("上传抽中文书")
