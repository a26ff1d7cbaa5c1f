"""Browser-facing hardening of every response: cookie flags, Content-Security-Policy, HSTS.

`install(app)` (called once in `create_app`):

- in production (`ENV_NAME == "production"`) forces the session and remember-me cookies to
  `Secure`, `HttpOnly`, `SameSite=Lax` (assigned, not `setdefault`: Flask's own defaults are
  already in the config, so a `setdefault` would never apply);
- trusts `PROXY_COUNT` reverse proxies for the client address and scheme (werkzeug's `ProxyFix`),
  so behind nginx `request.is_secure` tells whether the browser used TLS;
- adds to every response `CONTENT_SECURITY_POLICY` (only this site's own scripts, styles, images,
  media and connections; no inline script, no inline style attribute, no framing by other sites)
  plus `X-Content-Type-Options`, `X-Frame-Options`, `Referrer-Policy`;
- in production, on a request that arrived over TLS, adds `Strict-Transport-Security`
  (RFC 6797: a browser ignores it over plain HTTP, and sending it there would be misleading).

Templates therefore carry no `<script>` body, no `on*=` handler and no `style=` attribute: page
behaviour lives in `reviewer/static/js/`, looks in `reviewer/static/css/`.
"""
from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",  # data: for Bootstrap's inline SVG icons (form-select arrows)
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
HSTS = "max-age=31536000"  # one year; no includeSubDomains: other court hosts may still be HTTP

__all__ = ["install", "CONTENT_SECURITY_POLICY", "HSTS"]


def install(app: Flask) -> None:
    """Apply the production cookie flags, the proxy trust and the response headers to `app`."""
    if app.config["ENV_NAME"] == "production":
        app.config.update(
            SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
            REMEMBER_COOKIE_SECURE=True, REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax",
        )
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)
    production = app.config["ENV_NAME"] == "production"

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("Referrer-Policy", "same-origin")
        if production and request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
