"""Form fields shared by several features."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Optional, Regexp

from models.month import MONTH_PATTERN, current_evaluation_month

MONTH_MESSAGE = "月份格式为 YYYY-MM，如 2021-04。"


class MonthField(StringField):
    """An evaluation month 'YYYY-MM', shown as the browser's month picker.

    `required=True` adds a Chinese "please fill in" message and, unless another default is given,
    defaults to the current evaluation month (last month); an optional field (a list filter) starts
    empty, meaning every month. The format check always applies.
    """

    def __init__(self, label="月份", validators=None, *, required: bool = False,
                 required_message: str = "请填写月份。", message: str = MONTH_MESSAGE, **kwargs):
        checks = [DataRequired(required_message) if required else Optional(),
                  Regexp(rf"^{MONTH_PATTERN}$", message=message)]
        render_kw = {"type": "month", **(kwargs.pop("render_kw", None) or {})}
        if required:
            kwargs.setdefault("default", current_evaluation_month)
        super().__init__(label, checks + list(validators or []), render_kw=render_kw, **kwargs)
