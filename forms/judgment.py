"""Forms of judgment intake: the upload batch, the metadata check, the list filters."""
import re
from collections.abc import Callable

from flask_wtf.file import FileRequired, MultipleFileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forms.base import BaseForm
from forms.fields import MonthField
from models import Purpose


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UploadForm(BaseForm):
    court_id = SelectField("法院", coerce=_optional_int)
    month = MonthField("评查月份", required=True, required_message="请填写评查月份。")
    purpose = SelectField("报送类型", choices=[(p.value, p.label) for p in Purpose if p != Purpose.DRAWN]
                          + [(Purpose.DRAWN.value, Purpose.DRAWN.label)], default=Purpose.ROUTINE.value)
    files = MultipleFileField("裁判文书（.docx，可多选）", validators=[FileRequired("请选择要上传的文件。")])
    submit = SubmitField("上传")

    def validate_court_id(self, field):
        if field.data is None:
            raise ValidationError("请选择法院。")


class JudgmentMetaForm(BaseForm):
    lock_version = HiddenField()  # the version the editor loaded (reviewer/edits.py)
    case_number = StringField("案号", validators=[DataRequired("请填写案号。"), Length(max=80)])
    court_name_text = StringField("文书所载法院", validators=[Optional(), Length(max=100)])
    doc_type = StringField("文书类型", validators=[Optional(), Length(max=30)])
    procedure = StringField("审级/程序", validators=[Optional(), Length(max=30)])
    trial_procedure = StringField("审理程序", validators=[Optional(), Length(max=30)])
    cause = StringField("案由", validators=[Optional(), Length(max=100)])
    judgment_date = DateField("落款日期", validators=[Optional()], format="%Y-%m-%d")
    presiding_judge_name = StringField("审判长/独任审判员", validators=[Optional(), Length(max=50)])
    clerk_name = StringField("书记员", validators=[Optional(), Length(max=50)])
    parties_text = TextAreaField("当事人（每行一个，格式“诉讼地位：姓名”）", validators=[Optional(), Length(max=5000)],
                                 render_kw={"rows": 5})
    signatories_text = TextAreaField("审判组织与书记员（每行“职务：姓名”）", validators=[Optional(), Length(max=2000)],
                                     render_kw={"rows": 4})
    judge_id = SelectField("承办法官（平台用户）", coerce=_optional_int)
    month = MonthField("评查月份", required=True, required_message="请填写评查月份。")
    purpose = SelectField("报送类型", choices=Purpose.choices())
    note = TextAreaField("备注", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("保存")

    def __init__(self, *args, case_number_parser: Callable[[str], object | None], **kwargs):
        """`case_number_parser(text)` → a parsed number or None (the judgments feature's rule,
        passed in by the view: forms sit below the application and do not import it)."""
        super().__init__(*args, **kwargs)
        self._parse_case_number = case_number_parser

    def validate_case_number(self, field):
        if self._parse_case_number(field.data or "") is None:
            raise ValidationError("案号格式不正确，应如“（2021）豫08民终123号”。")


    def validate_parties_text(self, field):
        for line in (field.data or "").splitlines():
            if line.strip() and role_and_name(line) is None:
                raise ValidationError(f"无法识别“{line.strip()}”，请写成“原告：张三”。")

    def validate_signatories_text(self, field):
        self.validate_parties_text(field)


def role_and_name(line: str) -> tuple[str, str] | None:
    """'原告：张三' / '审判长 李四' → (role, name); None when the line has no separator."""
    match = re.match(r"^\s*([^：:\s]{1,20})\s*[：:\s]\s*(\S.{0,99}?)\s*$", line)
    return (match.group(1), match.group(2)) if match else None


def lines_to_people(text: str) -> list[dict]:
    people = []
    for line in (text or "").splitlines():
        pair = role_and_name(line) if line.strip() else None
        if pair:
            people.append({"role": pair[0], "name": pair[1]})
    return people


def people_to_lines(people: list[dict]) -> str:
    return "\n".join(f"{p['role']}：{p['name']}" for p in people or [])


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    court = SelectField("法院", coerce=_optional_int, validators=[Optional()])
    month = MonthField("月份")
    doc_type = StringField("文书类型", validators=[Optional()])
    status = SelectField("状态", validators=[Optional()])
    purpose = SelectField("报送类型", validators=[Optional()])
    q = StringField("案号、案由、当事人或法官", validators=[Optional()])
    fulltext = BooleanField("检索全文", false_values=("", "0", "false"))


