"""A live server and a Chromium page for browser-level tests (Debian's chromium, Playwright)."""
from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require_chromium():
    if not shutil.which("chromium") and not shutil.which("/usr/bin/chromium"):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); scripts/test.sh installs it")


@contextmanager
def live_server(test_app, tmp_path):
    """Serve a CSRF-enabled copy of the test app (same database) on a free loopback port."""
    from reviewer import create_app

    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": test_app.config["SQLALCHEMY_DATABASE_URI"],
        "UPLOAD_ROOT": test_app.config["UPLOAD_ROOT"],
        "WTF_CSRF_ENABLED": True,
        "SECRET_KEY": "browser-test-secret",
    })
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def browser_page():
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15000)
            yield page
        finally:
            browser.close()


def eventually(condition, timeout: float = 60.0, every: float = 0.1):
    """Wait until `condition()` is true (e.g. a background job's state in the database); fail
    after `timeout` seconds. For the page itself use Playwright's `expect(...)`, which waits too."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(every)


def log_in(page, base_url, username, password="secret-pass"):
    page.goto(f"{base_url}/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"{base_url}/")
