"""Form fields shared by several features."""
from __future__ import annotations

from markupsafe import escape
from wtforms import StringField, widgets
from wtforms.validators import DataRequired, Optional, Regexp

from models.month import MONTH_PATTERN, current_evaluation_month
from models.timecode import format_timecode, parse_timecode

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


class TimecodeField(StringField):
    """A moment in a recording, typed and shown as hh:mm:ss or mm:ss (`models.timecode`);
    `data` is the seconds (float) or None when blank. A malformed time is a Chinese field error."""

    raw = None  # what was typed, shown again when it is not a time

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        if valuelist:
            try:
                self.data = parse_timecode(valuelist[0])
            except ValueError as error:
                raise ValueError(str(error)) from None

    def process_data(self, value):
        self.raw = None
        self.data = float(value) if value is not None else None

    def _value(self):
        if self.raw is not None and (self.data is None or self.process_errors):
            return self.raw  # what was typed, to be corrected
        return format_timecode(self.data)


class LongSelect(widgets.Select):
    """The select widget for long lists (a city's 700 judges): the same HTML as WTForms' `Select`,
    written by one format per plain option instead of `html_params` over a dict per option, which
    cost a page about 30 ms of CPU for 800 options. Options with extra attributes go the usual way."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        return f'<option {selected}value="{escape(choice.value)}">{escape(choice.label or choice.value)}</option>'
