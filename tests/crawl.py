"""Follow every internal link from the home page with a logged-in test client (a few URLs per URL
shape), as the smoke crawl and the accessibility test do."""
from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

ROLES = ["admin", "reviewer1", "reviewer4", "liaison_jf", "liaison_zy", "judge_wang", "judge_zhang"]
DEMO_PASSWORD = "demo1234"
HREF = re.compile(r'href="([^"#]+)')
PER_SHAPE = 2
MAX_PAGES = 400


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def log_in(client, username: str) -> None:
    client.post("/auth/logout")
    response = client.post("/auth/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username


def crawl(client, per_shape: int = PER_SHAPE) -> dict[str, tuple[int, str]]:
    """Every URL reached, with its status code and MIME type."""
    seen: dict[str, tuple[int, str]] = {}
    shapes: Counter = Counter()
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, response.mimetype)
        body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        response.close()
        if response.status_code != 200 or not body:
            continue
        for href in HREF.findall(body):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "localhost":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/static/") or path in seen:
                continue
            key = shape(parts.path)
            if shapes[key] >= per_shape:
                continue
            shapes[key] += 1
            queue.append(path)
    return seen


def html_pages(seen: dict[str, tuple[int, str]]) -> list[str]:
    return [url for url, (code, mimetype) in seen.items() if code == 200 and mimetype == "text/html"]
