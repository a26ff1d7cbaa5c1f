"""Every page reachable by links, for every demo role, renders without a server error.

The session's demo dataset (tests/conftest.py) is the database; each role's user follows every internal
link from the home page (a few URLs per URL shape), and no page may answer 5xx. Pages a role is
not allowed to open may answer 403/404, never 500.
"""
from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest


ROLES = ["admin", "reviewer1", "reviewer4", "liaison_jf", "liaison_zy", "judge_wang", "judge_zhang"]
HREF = re.compile(r'href="([^"#]+)')
PER_SHAPE = 2
MAX_PAGES = 400


@pytest.fixture
def app(demo_app):
    """The session's demo dataset (tests/conftest.py), built once and shared: read, do not change."""
    return demo_app


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client) -> tuple[dict[str, int], list[str]]:
    seen: dict[str, int] = {}
    shapes: Counter = Counter()
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "localhost":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/static/") or path in seen:
                continue
            key = shape(parts.path)
            if shapes[key] >= PER_SHAPE:
                continue
            shapes[key] += 1
            queue.append(path)
    return seen, [u for u, code in seen.items() if code >= 500]


def test_every_linked_page_renders_for_every_role(app, client):
    failures, visited = {}, {}
    for username in ROLES:
        client.post("/auth/logout")
        response = client.post("/auth/login", data={"username": username, "password": "demo1234"})
        assert response.status_code == 302, username
        seen, errors = crawl(client)
        visited[username] = len(seen)
        if errors:
            failures[username] = errors
    assert failures == {}
    assert min(visited.values()) > 5, visited
    print("pages visited per role:", visited)
