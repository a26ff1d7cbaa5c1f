"""The API's plumbing: the flask-smorest `Api`, token authentication, problem details, rate limits.

`install(app, blueprints)` (called from `reviewer.wiring.connect`):

- configures flask-smorest for OpenAPI 3.1 at `/api/v1/openapi.json` and a browsable page at
  `/api/v1/docs` (Swagger UI, vendored in `reviewer/static/vendor/swagger-ui/`, no CDN);
- authenticates every `/api/v1` request (the spec and docs page excepted) by its
  `Authorization: Bearer <token>` header only — a browser session cookie never authorises an API
  call, so CSRF does not apply to the API (the API blueprints are exempt) and still applies to the
  site; a read-only token may only read (GET/HEAD);
- turns every error of an API request into RFC 9457 problem details (`reviewer.errors.problem`),
  including the refusals of the request's unit of work (409 with the rule's Chinese sentence);
- limits requests (Flask-Limiter): `API_RATE_LIMIT` per token (default 300/minute) and
  `LOGIN_RATE_LIMIT` per address on the site's log-in form (default 10/minute); storage is Redis
  when `REDIS_URL` is set (limits shared by every worker), else memory.
"""
from __future__ import annotations

import http

from flask import Flask, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from reviewer import permissions as p
from models.month import MONTH_PATTERN
from reviewer.auth import tokens
from reviewer.api.schemas import ProblemSchema
from reviewer.errors import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from reviewer.errors import is_api_request, problem, problem_from, render_error_page

from reviewer.extensions import csrf
from reviewer.web.converters import MonthConverter

API_PREFIX = "/api/v1"
OPEN_PATHS = (f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs")
UNAUTHENTICATED = {"WWW-Authenticate": 'Bearer realm="api"'}


class CourtApi(Api):
    """flask-smorest's Api whose HTTP errors are problem details on API paths and the site's own
    error pages elsewhere (flask-smorest registers its handler for the whole app), and whose
    OpenAPI document describes every error response as `application/problem+json`."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "错误（RFC 9457 problem details）", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error):
        if is_api_request():
            return problem_from(error)
        return render_error_page(error)




def _rate_key() -> str:
    token = g.get("api_token")
    return f"token:{token.id}" if token is not None else f"ip:{get_remote_address()}"


def install(app: Flask, blueprints) -> None:
    app.config.setdefault("API_TITLE", "焦作法院案件评查平台 API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": "案件评查平台的 JSON 接口：报送与查询裁判文书、评查结果、通知。认证：个人 API 令牌"
                                "（Authorization: Bearer <令牌>），在网站“API 令牌”页面创建。错误按 RFC 9457 返回。"},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    })
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "reviewer-rate")
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)  # tests log in hundreds of times a minute
    api = CourtApi(app)
    app.extensions["reviewer_api"] = api
    api.register_converter(MonthConverter, lambda _converter: {
        "type": "string", "pattern": rf"^{MONTH_PATTERN}$", "description": "月份 YYYY-MM"})
    app.before_request(_authenticate)  # before the limiter's own hook: limits count per token
    limiter = Limiter(key_func=get_remote_address, app=app, default_limits=[], headers_enabled=True)
    app.extensions["reviewer_limiter"] = limiter
    api_limit = app.config.get("API_RATE_LIMIT", "300/minute")
    for blueprint in blueprints:
        limiter.limit(api_limit, key_func=_rate_key)(blueprint)
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    login = app.view_functions.get("auth.login")
    if login is not None:
        app.view_functions["auth.login"] = limiter.limit(app.config.get("LOGIN_RATE_LIMIT", "10/minute"),
                                                         methods=["POST"])(login)


def _authenticate():
    if not request.path.startswith(API_PREFIX + "/") or request.path in OPEN_PATHS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    token = tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        return problem(401, headers=UNAUTHENTICATED)
    g.api_token = token
    g._login_user = token.user  # Flask-Login's current user for this request only (no session)
    g.uow_refusal = lambda message: problem(409, message)
    if request.method not in ("GET", "HEAD", "OPTIONS") and token.scope.value != "write":
        return problem(403, "该令牌为只读令牌，不能修改数据。")
    if not current_user.is_authenticated:
        return problem(401, headers=UNAUTHENTICATED)
    if not p.can_hold_api_tokens(current_user):  # e.g. the user's liaison role was removed
        return problem(403, "该用户已无权使用 API 令牌。")
    return None


__all__ = ["CourtApi", "install", "API_PREFIX"]
