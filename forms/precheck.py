"""Forms of the format checks: dismiss a finding, deduct from it, map codes to score-sheet items."""
from wtforms import DecimalField, SelectField, StringField, SubmitField
from wtforms.validators import Length, NumberRange, Optional

from forms.base import BaseForm


class DismissForm(BaseForm):
    reason = StringField("驳回理由（可选）", validators=[Optional(), Length(max=500, message="理由不超过 500 字。")])


class DeductForm(BaseForm):
    deduction = DecimalField("扣分", places=2, validators=[
        Optional(), NumberRange(min=0, message="扣分不能为负数。")])


def mapping_form_class(codes: dict[str, str], item_choices: list[tuple[str, str]]):
    """A form with one select per finding code (`codes`: code → Chinese label, the checks'
    catalogue, passed in by the view); choices are the item keys of the judgment sheets."""
    choices = [("", "（不对应评查项）")] + item_choices
    valid = {key for key, _ in choices}

    class MappingForm(BaseForm):
        submit = SubmitField("保存对应关系")

        def mapping(self) -> dict[str, str | None]:
            return {code: (self[_field(code)].data or None) for code in codes}

    for code, label in codes.items():
        setattr(MappingForm, _field(code), SelectField(f"{label}（{code}）", choices=choices,
                                                       validate_choice=True))
    MappingForm.valid_keys = valid
    return MappingForm


def _field(code: str) -> str:
    return "map_" + code.replace(".", "__")
