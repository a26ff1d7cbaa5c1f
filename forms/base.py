"""Base classes for every form: WTForms' built-in messages ("Not a valid choice.", "This field is
required.", …) come from WTForms' own Chinese catalogue, so a user never sees an English error.

Flask-WTF would ask Flask-Babel for translations; the app has no Babel, so `WTF_I18N_ENABLED` is
off (reviewer/config.py) and WTForms uses the `locales` below. Sub-forms (FormField) build their
own meta, hence `SubForm`.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form

LOCALES = ("zh",)


class BaseForm(FlaskForm):
    class Meta:
        locales = LOCALES


class SubForm(Form):
    class Meta:
        locales = LOCALES
