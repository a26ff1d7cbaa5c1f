"""Numbers and text from the address bar are bounded before a view sees them, so none gives a 500.

The database stores integers up to 2^63 − 1 (SQLite INTEGER; PostgreSQL BIGINT, and an INTEGER
column compared with a larger value is simply not equal). A larger number would raise inside the
driver (SQLite: OverflowError), and PostgreSQL refuses text containing NUL. `install(app)` (called
in `create_app` before the blueprints are registered):

- `<int:...>` in a URL rule is `DbIntConverter`: a path id beyond DB_INT_MAX does not match → 404;
- `request.args` / `request.form` `.get(name, type=int)` read with `db_int`: a value out of range
  counts as malformed, so the caller's default is used (werkzeug's contract for `type=`);
- `?page=` of `db.paginate` is checked by `page_number()` in reviewer/extensions.py: 1…MAX_PAGE,
  else 404, as Flask-SQLAlchemy already does for a page that is not a number;
- a query string containing NUL is refused with 400 and a Chinese message.
"""
from __future__ import annotations

from flask import Flask, abort, request
from flask.wrappers import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2 ** 63 - 1

__all__ = ["DB_INT_MAX", "db_int", "DbIntConverter", "BoundedRequest", "install"]


def db_int(value) -> int:
    """`value` as an int the database can store; ValueError if it is not one (or out of range)."""
    number = int(value)
    if not -DB_INT_MAX <= number <= DB_INT_MAX:
        raise ValueError(f"integer out of range: {value!r}")
    return number


class DbIntConverter(IntegerConverter):
    """`<int:id>` limited to what the database stores (beyond it the URL does not match: 404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


class BoundedArgs(ImmutableMultiDict):
    """Query and form values whose `.get(name, type=int)` refuses integers beyond the database's."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, db_int if type is int else type)


class BoundedRequest(Request):
    parameter_storage_class = BoundedArgs


def _refuse_nul():
    if "\x00" in request.query_string.decode("latin-1") or "%00" in request.query_string.decode("latin-1"):
        abort(400, description="网址中含有无效字符，请检查后重试。")


def install(app: Flask) -> None:
    """Bound path ids, `type=int` reads and query text (call before registering blueprints)."""
    app.url_map.converters["int"] = DbIntConverter
    app.request_class = BoundedRequest
    app.before_request(_refuse_nul)
