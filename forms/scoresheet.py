"""Forms of the score-sheet manager: the whole sheet (sections → items, grade bands) in one form."""
from wtforms import (BooleanField, DecimalField, FieldList, FormField, HiddenField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forms.base import BaseForm, SubForm
from models import DeductionMode

NUMBER_MESSAGE = "请填写数字。"


class ItemForm(SubForm):
    key = StringField("标识", validators=[Optional(), Length(max=60, message="标识不能超过 60 个字符。")])
    description = TextAreaField("评审内容", validators=[Optional(), Length(max=500, message="评审内容不能超过 500 字。")])
    standard = TextAreaField("评分标准", validators=[Optional(), Length(max=2000, message="评分标准不能超过 2000 字。")])
    points = DecimalField("分值", places=2, validators=[Optional(), NumberRange(min=0, max=1000, message="分值应在 0–1000 之间。")],
                          invalid_value_message=NUMBER_MESSAGE)
    mode = SelectField("扣分方式", choices=DeductionMode.choices(), default=DeductionMode.FREE.value)
    step = DecimalField("每处扣分", places=2, validators=[Optional()], invalid_value_message=NUMBER_MESSAGE)
    cap = DecimalField("扣分上限", places=2, validators=[Optional()], invalid_value_message=NUMBER_MESSAGE)
    veto = BooleanField("一票否决")
    remove = BooleanField("删除")


class SectionForm(SubForm):
    title = StringField("部分", validators=[Optional(), Length(max=100, message="部分名称不能超过 100 字。")])
    remove = BooleanField("删除本部分")
    items = FieldList(FormField(ItemForm))


class ScoreSheetForm(BaseForm):
    lock_version = HiddenField()
    name = StringField("评分表名称", validators=[DataRequired("请填写评分表名称。"),
                                                Length(max=100, message="评分表名称不能超过 100 字。")])
    description = TextAreaField("说明", validators=[Optional(), Length(max=2000, message="说明不能超过 2000 字。")])
    excellent_min = DecimalField("优秀最低分", places=2, validators=[InputRequired("请填写优秀的最低分。")],
                                 invalid_value_message=NUMBER_MESSAGE)
    pass_min = DecimalField("合格最低分", places=2, validators=[InputRequired("请填写合格的最低分。")],
                            invalid_value_message=NUMBER_MESSAGE)
    flawed_min = DecimalField("瑕疵最低分", places=2, validators=[InputRequired("请填写瑕疵的最低分。")],
                              invalid_value_message=NUMBER_MESSAGE)
    spread_threshold = DecimalField("评查员分差提示阈值", places=2,
                                    validators=[InputRequired("请填写分差阈值。"), NumberRange(min=0.01, message="分差阈值必须大于 0。")],
                                    invalid_value_message=NUMBER_MESSAGE)
    sections = FieldList(FormField(SectionForm))
    submit = SubmitField("保存评分表")


class NewSheetForm(BaseForm):
    kind = SelectField("适用对象", choices=[])
    code = StringField("代码", validators=[DataRequired("请填写代码。"), Length(max=50, message="代码不能超过 50 个字符。")],
                       description="小写字母、数字和连字符，如 judgment-criminal。")
    name = StringField("名称", validators=[DataRequired("请填写名称。"), Length(max=100, message="名称不能超过 100 字。")])
    submit = SubmitField("新建")
