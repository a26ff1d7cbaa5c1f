"""Form of the case-list upload."""
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField

from forms.base import BaseForm
from forms.fields import MonthField


class CaseListUploadForm(BaseForm):
    court_id = SelectField("法院", coerce=int)
    month = MonthField("结案月份", required=True, required_message="请输入月份。")
    file = FileField("结案清单（.xlsx 或 .csv）", validators=[FileRequired("请选择文件。")],
                     description="表头需包含：案号、案由、承办部门、承办人、结案日期、结案方式。"
                                 "CSV 可为 UTF-8 或 GBK 编码。")
    submit = SubmitField("上传并预览")


class CaseListFromRegisterForm(BaseForm):
    court_id = SelectField("法院", coerce=int)
    month = MonthField("结案月份", required=True, required_message="请输入月份。")
    submit = SubmitField("从案件台账生成并预览")
