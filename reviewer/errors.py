"""Domain errors, permission checks and the error pages."""
from __future__ import annotations

from flask import abort, render_template

from reviewer.extensions import db


class DomainError(Exception):
    """A rule was broken; `message` is the Chinese sentence the user sees."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def require(allowed: bool) -> None:
    """Abort with 403 unless the permission predicate allowed the action."""
    if not allowed:
        abort(403)


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


MESSAGES = {
    400: "请求有误。",
    403: "您没有权限访问此页面。",
    404: "页面或记录不存在。",
    405: "不支持的请求方式。",
    413: "上传的文件太大。",
    500: "系统内部错误，请稍后重试或联系审管办。",
}


def register_error_handlers(app) -> None:
    def handler(error):
        code = getattr(error, "code", 500) or 500
        if code >= 500:
            db.session.rollback()
        return render_template("errors/error.html", code=code, message=MESSAGES.get(code, str(error))), code

    for code in MESSAGES:
        app.register_error_handler(code, handler)
