"""Every form speaks Chinese, including WTForms' own messages (invalid choice, not a number, …)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from werkzeug.datastructures import MultiDict

import forms
from forms.base import BaseForm, SubForm
from forms.hearing import HearingForm

LATIN_WORDS = re.compile(r"[A-Za-z]{3,}")


def test_every_form_class_uses_the_chinese_bases():
    from flask_wtf import FlaskForm
    from wtforms import Form

    strays = []
    for module_info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"forms.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, Form) and cls not in (BaseForm, SubForm):
                if not issubclass(cls, (BaseForm, SubForm)) or (issubclass(cls, FlaskForm)
                                                                  and not issubclass(cls, BaseForm)):
                    strays.append(f"{module.__name__}.{name}")
    assert strays == []


def test_built_in_messages_of_a_real_form_are_chinese(app):
    with app.test_request_context(method="POST"):
        form = HearingForm(formdata=MultiDict({
            "court_id": "1", "month": "2021-04", "nomination": "bogus", "case_number": "（2021）豫0802民初1号",
            "procedure": "不存在的程序", "hearing_date": "not-a-date", "presiding_judge_name": "王五",
            "file_name": "a.mp4", "file_size": "many"}))
        form.court_id.choices = [(1, "解放区法院")]
        form.judge_id.choices = [(None, "—")]
        assert not form.validate()
    messages = [m for errors in form.errors.values() for m in errors]
    assert {"nomination", "procedure", "hearing_date", "file_size"} <= set(form.errors)
    assert "不是有效的选择。" in form.errors["nomination"]
    assert all(not LATIN_WORDS.search(message) for message in messages), messages
