"""Every page reachable by links, for every demo role, renders without a server error.

The session's demo dataset (tests/conftest.py) is the database; each role's user follows every internal
link from the home page (a few URLs per URL shape), and no page may answer 5xx. Pages a role is
not allowed to open may answer 403/404, never 500.
"""
from __future__ import annotations

import pytest

from tests.crawl import ROLES, crawl, log_in


@pytest.fixture
def app(demo_app):
    """The session's demo dataset (tests/conftest.py), built once and shared: read, do not change."""
    return demo_app


def test_every_linked_page_renders_for_every_role(app, client):
    failures, visited = {}, {}
    for username in ROLES:
        log_in(client, username)
        seen = crawl(client)
        errors = [url for url, (code, _) in seen.items() if code >= 500]
        visited[username] = len(seen)
        if errors:
            failures[username] = errors
    assert failures == {}
    assert min(visited.values()) > 5, visited
    print("pages visited per role:", visited)
