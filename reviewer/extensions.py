"""Flask extension instances, created once and bound in the factory."""
from flask import abort, has_request_context, request
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from models import Base

MAX_PAGE = 1_000_000  # × at most a few hundred rows a page: an OFFSET every database holds


def page_number(raw: str | None) -> int:
    """The 1-based page asked for in `?page=`; aborts with 404 unless it is 1…MAX_PAGE."""
    try:
        page = int(raw if raw not in (None, "") else 1)
    except (TypeError, ValueError):
        abort(404)
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    return page


class _SQLAlchemy(SQLAlchemy):
    """Flask-SQLAlchemy whose `paginate` reads `?page=` through `page_number` (1…MAX_PAGE, else
    404), so a huge page number is a 404 rather than an OFFSET the database cannot hold."""

    def paginate(self, select, *, page=None, **kwargs):
        if page is None and has_request_context():
            page = page_number(request.args.get("page"))
        return super().paginate(select, page=page, **kwargs)


db = _SQLAlchemy(model_class=Base)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录。"
login_manager.login_message_category = "warning"
csrf = CSRFProtect()
migrate = Migrate()
