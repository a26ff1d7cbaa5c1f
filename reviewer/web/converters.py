"""URL converters: `<month:month>` matches only an evaluation month 'YYYY-MM' (else 404)."""
from __future__ import annotations

from werkzeug.routing import BaseConverter

from models.month import MONTH_PATTERN


class MonthConverter(BaseConverter):
    regex = MONTH_PATTERN


def install(app) -> None:
    """Make `<month:...>` available to every blueprint (call before registering them)."""
    app.url_map.converters["month"] = MonthConverter
