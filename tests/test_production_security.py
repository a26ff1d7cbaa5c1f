"""A production app (REVIEWER_ENV=production) sets safe cookie flags and security headers.

Also: templates carry no inline script, handler or style (the Content-Security-Policy allows only
the site's own files), and a weak SECRET_KEY refuses to start.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer import create_app
from reviewer.config import DEV_SECRET
from reviewer.web.security import CONTENT_SECURITY_POLICY
from tests.factories import make_court, make_user

STRONG = "k3y-" + "9f2c61d0b7a54e1e8d3b" * 3
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def prod_client(app):
    production = create_app({
        "ENV_NAME": "production", "SECRET_KEY": STRONG, "TESTING": True, "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "UPLOAD_ROOT": app.config["UPLOAD_ROOT"], "SERVER_NAME": "localhost", "PROXY_COUNT": 1,
    })
    return production.test_client()


def _cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def test_production_session_and_remember_cookies_are_secure_httponly_lax(prod_client, db):
    user = make_user(court=make_court())
    db.session.commit()
    response = prod_client.post("https://localhost/auth/login", data={
        "username": user.username, "password": "secret-pass", "remember": "y"})
    assert response.status_code == 302
    cookies = _cookie_headers(response)
    assert set(cookies) >= {"session", "remember_token"}
    for name in ("session", "remember_token"):
        flags = [part.strip().lower() for part in cookies[name].split(";")]
        assert "secure" in flags, cookies[name]
        assert "httponly" in flags, cookies[name]
        assert "samesite=lax" in flags, cookies[name]


def test_production_responses_carry_csp_and_hsts_behind_tls(prod_client):
    over_tls = prod_client.get("/auth/login", headers={"X-Forwarded-Proto": "https"})
    csp = over_tls.headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert over_tls.headers["Strict-Transport-Security"].startswith("max-age=")
    assert over_tls.headers["X-Content-Type-Options"] == "nosniff"
    plain = prod_client.get("/auth/login")
    assert "Strict-Transport-Security" not in plain.headers
    assert plain.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_development_app_sends_csp_too_so_tests_see_violations(client):
    response = client.get("/auth/login")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET, "changeme", "CHANGE-ME", "short-but-random-3f9a",
                                    "x" * 31, "你好" * 5])
def test_production_refuses_weak_secret_key(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": secret, "TESTING": True,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_starts_with_a_32_byte_secret():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"(\sstyle\s*=|<style\b|\bstyle=\")", re.I)
STYLE_EXEMPT: tuple[str, ...] = ()   # none: every template is CSP-clean


@pytest.mark.parametrize("path", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")))
def test_template_has_no_inline_script_handler_or_style(path):
    text = (TEMPLATES / path).read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to reviewer/static/js/"
    assert not HANDLER.search(text), "on*= handler: use a data- attribute and reviewer/static/js/app.js"
    if not path.startswith(STYLE_EXEMPT):
        assert not STYLE.search(text), "style attribute or <style>: use a class in reviewer/static/css/"
