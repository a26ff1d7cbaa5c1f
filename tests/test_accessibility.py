"""axe-core (WCAG 2.0/2.1 A and AA rules) on the smoke crawl's pages, for every demo role: no
critical and no serious violation, so a new page cannot regress.

The crawl (tests/crawl.py, one URL per URL shape) runs with the test client on the session's demo
dataset; each page is then opened in Chromium on a live server, axe (vendored, test-only:
tests/vendor/axe-core/) is evaluated in it and run. The page's own CSP stays on: the script is
evaluated through the DevTools protocol, not added as a <script>.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from tests.browser import browser_page, live_server, log_in
from tests.crawl import DEMO_PASSWORD, ROLES, crawl, html_pages, log_in as client_log_in

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
# The API's Swagger UI page is the vendored swagger-ui bundle's own markup (reviewer/static/vendor/),
# not the platform's templates; its nested-interactive and contrast findings are upstream's.
SKIPPED = ("/api/v1/docs",)
RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
    return result.violations.map(v => ({id: v.id, impact: v.impact,
        targets: v.nodes.map(n => n.target.join(" "))}));
}"""


@pytest.fixture
def app(demo_app):
    """The session's demo dataset (tests/conftest.py), built once and shared: read, do not change."""
    return demo_app


def pages_per_role(client) -> dict[str, list[str]]:
    pages = {}
    for username in ROLES:
        client_log_in(client, username)
        pages[username] = [url for url in html_pages(crawl(client, per_shape=1))
                           if not url.startswith(SKIPPED)]
    return pages


def audit(page, base_url: str, url: str) -> list[dict]:
    page.goto(base_url + url)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN, TAGS)


def test_no_serious_accessibility_violation_on_any_page_of_any_role(app, client, tmp_path):
    pages = pages_per_role(client)
    blocking: dict[tuple[str, str], list[str]] = {}
    nodes: Counter = Counter()
    with live_server(app, tmp_path) as base_url:
        for username, urls in pages.items():
            with browser_page() as page:
                log_in(page, base_url, username, DEMO_PASSWORD)
                for url in urls:
                    for violation in audit(page, base_url, url):
                        nodes[(violation["impact"], violation["id"])] += len(violation["targets"])
                        if violation["impact"] in BLOCKING:
                            key = (violation["id"], url)
                            blocking.setdefault(key, violation["targets"])
    print("pages audited per role:", {u: len(v) for u, v in pages.items()})
    print("violating elements by impact and rule:", dict(sorted(nodes.items())))
    if os.environ.get("A11Y_REPORT"):   # a JSON file with every blocking (rule, page) and its elements
        Path(os.environ["A11Y_REPORT"]).write_text(json.dumps(
            [[rule, url, targets] for (rule, url), targets in sorted(blocking.items())],
            ensure_ascii=False, indent=1), encoding="utf-8")
    assert sorted(blocking) == []
