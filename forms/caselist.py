"""Form of the case-list upload."""
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Regexp
from forms.base import BaseForm


class CaseListUploadForm(BaseForm):
    court_id = SelectField("法院", coerce=int)
    month = StringField("结案月份", validators=[
        DataRequired("请输入月份。"), Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message="月份格式应为 YYYY-MM。")])
    file = FileField("结案清单（.xlsx 或 .csv）", validators=[FileRequired("请选择文件。")],
                     description="表头需包含：案号、案由、承办部门、承办人、结案日期、结案方式。"
                                 "CSV 可为 UTF-8 或 GBK 编码。")
    submit = SubmitField("上传并预览")
