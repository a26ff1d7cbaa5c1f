"""The real application under gunicorn on a loopback port, with its own SQLite database, upload
folder and job-queue file in a working folder, and a logged-in liaison talking to it over HTTP.

Used by `scripts/bench_upload.py`, `scripts/bench_pages.py` and the tus tests against gunicorn
(tests/test_tus_live.py).
"""
from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "bench", "bench-pass-123"

_SETUP = """
from reviewer import create_app
from reviewer.extensions import db
from reviewer.extensions_setup import after_create_all
from models import Court, CourtLevel, Role, User
app = create_app()
with app.app_context():
    db.create_all(); after_create_all(app)
    court = Court(name="解放区法院", full_name="河南省焦作市解放区人民法院", code="豫0802", level=CourtLevel.BASIC)
    user = User(username=%r, display_name="压测联络员", court=court)
    user.set_password(%r); user.set_roles([Role.LIAISON])
    db.session.add_all([court, user]); db.session.commit()
    print(court.id)
""" % (USERNAME, PASSWORD)


def app_env(work: Path, **extra: str) -> dict:
    """Environment for an app whose database, uploads and queue all live in `work`."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{work / 'app.sqlite'}",
               UPLOAD_ROOT=str(work / "uploads"), HUEY_SQLITE_PATH=str(work / "huey.sqlite"),
               REVIEWER_ENV="development", **extra)
    env.pop("REDIS_URL", None)
    return env


def setup_database(env: dict) -> int:
    """Create the schema, a court and the liaison with the app's own code, in a child process;
    returns the court's id."""
    out = subprocess.run([sys.executable, "-c", _SETUP], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, threads: int = 2) -> subprocess.Popen:
    """gunicorn with one gthread worker, as production runs it (scripts/serve.sh)."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [str(gunicorn), "-w", "1", "-k", "gthread", "--threads", str(threads), "--timeout", "900",
         "-b", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(server: subprocess.Popen | None) -> None:
    if server is None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn worker did not start")


class Session:
    """A browser-like client: cookies, the CSRF token, and the liaison logged in."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.base = f"http://{host}:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as r:
            return r.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode(),
                                     headers={"X-CSRFToken": self.csrf}, method="POST")
        try:
            with self.opener.open(req) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def login(self, wait_seconds: float = 30) -> None:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                page = self.get("/auth/login")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        found = (re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
                 or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page))
        self.csrf = found.group(1)
        status, _ = self.post("/auth/login", {"csrf_token": self.csrf, "username": USERNAME,
                                              "password": PASSWORD})
        if status not in (200, 302):
            raise RuntimeError(f"login failed: {status}")

    def tus_headers(self) -> dict:
        """What a tus client sends besides the protocol's own headers: this session's cookie and
        CSRF token (a court's system would send `Authorization: Bearer <API token>` instead)."""
        return {"X-CSRFToken": self.csrf, "Cookie": "; ".join(f"{c.name}={c.value}" for c in self.jar)}

    def tus_metadata(self, court_id: int, case_number: str, file_name: str = "bench.mp4") -> dict:
        """The hearing's details as tus `Upload-Metadata` (creation extension)."""
        return {"court_id": str(court_id), "month": "2021-04", "nomination": "sample",
                "case_number": case_number, "cause": "压测", "procedure": "一审普通程序",
                "hearing_date": "2021-04-01", "presiding_judge_name": "压测", "filename": file_name}
