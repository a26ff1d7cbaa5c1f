"""Domain errors, permission checks and the error pages."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request

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


MAX_ID = 2**31 - 1  # primary keys are INTEGER (32-bit on PostgreSQL): larger ids cannot exist


def get_or_404(model, ident):
    """The row with primary key `ident`, or abort with 404 (also for ids no database can hold)."""
    if isinstance(ident, int) and not 0 < ident <= MAX_ID:
        abort(404)
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


MESSAGES = {
    400: "请求有误。",
    403: "您没有权限访问此页面。",
    404: "页面或记录不存在。",
    405: "不支持的请求方式。",
    409: "操作与当前状态冲突，未生效。",
    413: "上传的文件太大。",
    422: "提交的内容有误。",
    429: "请求过于频繁，请稍后再试。",
    500: "系统内部错误，请稍后重试或联系审管办。",
}


# --- problem details for the JSON API (RFC 9457), shared by the site's handlers and the API ------
TITLES = {
    400: "请求有误", 401: "未认证", 403: "无权访问", 404: "未找到", 405: "不支持的请求方式",
    409: "操作未生效", 413: "内容过大", 415: "不支持的内容类型", 422: "输入有误", 429: "请求过于频繁",
    500: "系统内部错误",
}
DETAILS = {
    401: "请在请求头中提供有效的 API 令牌：Authorization: Bearer <令牌>。",
    403: "该令牌的用户没有执行此操作的权限。",
    404: "请求的记录或地址不存在。",
    405: "该地址不支持此请求方式。",
    413: "上传的内容超过了允许的大小。",
    429: "请求过于频繁，请稍后再试。",
    500: "系统内部错误，请稍后重试或联系审管办。",
}
MEDIA_TYPE = "application/problem+json"


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def _string_keys(value):
    """Field errors with every key a string: marshmallow reports unknown fields under the sent
    name, which may be empty or None (a multipart part without a name), and JSON needs text keys."""
    if isinstance(value, dict):
        return {("" if key is None else str(key)): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def problem(status: int, detail: str | None = None, errors: dict | None = None, headers: dict | None = None):
    body = {"type": "about:blank", "title": TITLES.get(status, "错误"), "status": status,
            "detail": detail or DETAILS.get(status) or TITLES.get(status, "错误")}
    if errors:
        body["errors"] = _string_keys(errors)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem_from(error):
    """Problem details for a werkzeug/webargs HTTPException raised in an API view."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in ("json", "query", "form", "files"):
        errors = next(iter(errors.values()))  # webargs nests field errors under the location
    detail = data.get("message")
    if status == 422 and not detail:
        detail = "请求中的字段有误，详见 errors。"
    if status == 429:
        detail = DETAILS[429]
    headers = dict(data.get("headers") or {})
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return problem(status, detail, errors if isinstance(errors, dict) else None, headers)


def render_error_page(error):
    """The response for an HTTP error: problem details on API paths, the error page elsewhere."""
    code = getattr(error, "code", 500) or 500
    if code >= 500:
        db.session.rollback()
    if is_api_request():
        return problem_from(error)
    return render_template("errors/error.html", code=code, message=MESSAGES.get(code, str(error))), code


def register_error_handlers(app) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, render_error_page)
