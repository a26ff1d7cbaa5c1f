"""Every route refuses anonymous visitors, and every state change refuses GET.

Walks the whole URL map, so a new route is covered the day it is added.
"""
from __future__ import annotations

import re

import pytest

# The API's description is public by design (it holds no data; every API call needs a token).
PUBLIC = {"static", "auth.login", "main.healthz", "api-docs.openapi_json", "api_docs_page.docs"}


def _url(rule) -> str:
    path = rule.rule
    for name in rule.arguments:
        if name not in rule._converters:  # supplied by the rule's defaults
            continue
        converter = rule._converters[name].__class__.__name__
        value = "1" if converter in ("IntegerConverter", "NumberConverter") else "2021-04"
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, path)
    return path


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]


def test_every_route_needs_login(app, client):
    leaks = []
    for rule in _rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_url(rule), method=method)
            redirected_to_login = response.status_code == 302 and "/auth/login" in response.headers.get("Location", "")
            if not (redirected_to_login or response.status_code in (401, 403, 404, 405)):
                leaks.append((method, rule.rule, response.status_code))
    assert leaks == []


def test_state_changing_routes_are_post_only(app):
    """A route that accepts POST and GET must be a form page (GET renders, POST submits); pure
    actions (delete, submit, publish …) accept POST only."""
    action = re.compile(r"/(delete|submit|publish|unpublish|confirm|reopen|dismiss|deduct|apply|file|generate|mark[-_]read|answer|withdraw|draw|process|reprocess|cancel|activate)$")
    offenders = [r.rule for r in app.url_map.iter_rules()
                 if action.search(r.rule) and "GET" in r.methods]
    assert offenders == []


@pytest.mark.parametrize("path", ["/auth/login", "/healthz", "/api/v1/openapi.json", "/api/v1/docs"])
def test_public_pages_answer(client, path):
    assert client.get(path).status_code == 200
