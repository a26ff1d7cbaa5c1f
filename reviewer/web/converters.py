"""URL converters: `<month:month>` matches only an evaluation month 'YYYY-MM' (else 404), and
`<int:...>` only ids a primary key can hold (1 … 2^31 − 1; PostgreSQL's INTEGER), so a larger number
in a path is a 404 at routing instead of an "integer out of range" error in the database."""
from __future__ import annotations

from werkzeug.routing import BaseConverter, IntegerConverter

from models.month import MONTH_PATTERN


class MonthConverter(BaseConverter):
    regex = MONTH_PATTERN


class IdConverter(IntegerConverter):
    """werkzeug's `int` bounded to the ids the database stores."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=2**31 - 1 if max is None else max,
                         signed=signed)


def install(app) -> None:
    """Make `<month:...>` and the bounded `<int:...>` available to every blueprint (call before
    registering them)."""
    app.url_map.converters["month"] = MonthConverter
    app.url_map.converters["int"] = IdConverter
