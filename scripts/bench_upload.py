"""Benchmark the resumable hearing upload against a plain disk copy.

Generates a random file (default 2 GiB) in a temporary directory, starts the real app under
gunicorn on 127.0.0.1 (its own SQLite database, upload root and job-queue file in that directory),
logs in as a liaison, uploads the file through the chunk protocol (PATCH + Upload-Offset, CSRF
token in a header) and prints:

- upload throughput (MB/s, including the final SHA-256, the server's fsync and the move into
  storage),
- a plain disk copy of the same file on the same disk: `cp` from a source evicted from the page
  cache, then fsync of the copy — the same work the upload does (read the file from disk, make
  the stored file durable) without the network and the application. The goal compares with it.
  A page-cache `cp` (warm source, no fsync: a memory copy) is printed too, for information,
- the gunicorn worker's memory: RSS before the upload and peak RSS (VmHWM) after it.

Everything it creates is deleted at the end. Usage:

    .venv/bin/python scripts/bench_upload.py [--size-gb 2] [--chunk-mb 64] [--keep-dir DIR]
"""
from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def evict(path: Path) -> None:
    """Flush `path` and drop it from the page cache, so the next reader reads the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    client_max_body_size 0;
    proxy_read_timeout 900s;
    server {{
        listen 127.0.0.1:{port};
        location ~ ^/hearings/uploads/[0-9a-f]+$ {{
            client_body_in_file_only clean;
            client_body_buffer_size 128k;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Upload-Body-File $request_body_file;
            proxy_set_header Host $host;
            proxy_pass http://127.0.0.1:{app_port};
        }}
        location / {{
            proxy_set_header Host $host;
            proxy_pass http://127.0.0.1:{app_port};
        }}
    }}
}}
"""


def start_nginx(work: Path, port: int, app_port: int):
    """The front server of docs/deploy-nginx.conf, on a loopback port, for this run only."""
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, port=port, app_port=app_port))
    os.chmod(work, 0o755)
    os.chmod(work / "nginx-body", 0o777)  # nginx's workers write there; the app reads
    subprocess.run(["nginx", "-c", str(conf)], check=True)
    return conf


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_random_file(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        left = size
        block = os.urandom(16 * MB)
        while left > 0:
            # vary the block cheaply so the file is not one repeated pattern
            block = os.urandom(64) + block[64:]
            n = min(left, len(block))
            fh.write(block[:n])
            left -= n


def setup_database(env: dict) -> None:
    """Create the schema and a liaison with the app's own code, in a child process."""
    code = """
from reviewer import create_app
from reviewer.extensions import db
from reviewer.extensions_setup import after_create_all
from models import Court, CourtLevel, Role, User
app = create_app()
with app.app_context():
    db.create_all(); after_create_all(app)
    court = Court(name="解放区法院", full_name="河南省焦作市解放区人民法院", code="豫0802", level=CourtLevel.BASIC)
    user = User(username="bench", display_name="压测联络员", court=court)
    user.set_password("bench-pass-123"); user.set_roles([Role.LIAISON])
    db.session.add_all([court, user]); db.session.commit()
    print(court.id)
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True)
    env["BENCH_COURT_ID"] = out.stdout.strip().splitlines()[-1]


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn worker did not start")


def memory_kb(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as r:
            return r.read().decode()

    def post(self, path: str, data: dict, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode(),
                                     headers=headers or {}, method="POST")
        try:
            with self.opener.open(req) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class Slice:
    """A file-like view of `length` bytes of `fh` from its current position."""

    def __init__(self, fh, length: int):
        self.fh, self.left = fh, length

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = self.left if n < 0 else min(n, self.left)
        data = self.fh.read(n)
        self.left -= len(data)
        return data


def upload(session: Session, host: str, port: int, source: Path, chunk: int, csrf: str) -> float:
    size = source.stat().st_size
    status, body = session.post("/hearings/new", {
        "csrf_token": csrf, "court_id": os.environ["BENCH_COURT_ID"], "month": "2021-04",
        "nomination": "sample", "case_number": "（2021）豫0802民初1号", "cause": "压测",
        "procedure": "一审普通程序", "hearing_date": "2021-04-01", "presiding_judge_name": "压测",
        "judge_id": "", "file_name": "bench.mp4", "file_size": str(size)},
        headers={"X-CSRFToken": csrf})
    if status != 201:
        raise RuntimeError(f"create failed: {status} {body[:300]}")
    url = json.loads(body)["upload_url"]
    # Two connections, one chunk in flight ahead, as the browser script does: the next chunk is
    # on its way while the server stores the previous one.
    conns = [http.client.HTTPConnection(host, port, timeout=600, blocksize=MB) for _ in range(2)]
    start = time.perf_counter()
    offset, turn, in_flight = 0, 0, []
    with open(source, "rb") as fh:
        while offset < size or in_flight:
            if offset < size and len(in_flight) < 2:
                conn = conns[turn % 2]
                turn += 1
                length = min(chunk, size - offset)
                _send_chunk(conn, url, fh, offset, length, csrf, session.cookie_header())
                in_flight.append(conn)
                offset += length
                continue
            response = in_flight.pop(0).getresponse()
            payload = response.read()
            if response.status != 200:
                raise RuntimeError(f"chunk refused: {response.status} {payload[:300]!r}")
    elapsed = time.perf_counter() - start
    for conn in conns:
        conn.close()
    return elapsed


def _send_chunk(conn, url, fh, offset, length, csrf, cookie):
    conn.putrequest("PATCH", url)
    for name, value in {"Content-Length": str(length), "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream", "X-CSRFToken": csrf,
                        "Cookie": cookie}.items():
        conn.putheader(name, value)
    conn.endheaders()
    # The body goes by sendfile(2), as a browser's native network stack would send it: the
    # benchmark measures the server, not a Python client copying bytes.
    conn.sock.sendfile(fh, offset, length)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=2.0)
    parser.add_argument("--chunk-mb", type=int, default=64)
    parser.add_argument("--dir", default=None, help="where to put the temporary files (same disk as uploads)")
    parser.add_argument("--front", choices=["none", "nginx"], default="none",
                        help="nginx: upload through nginx spooling chunks to disk (docs/deploy-nginx.conf)")
    args = parser.parse_args()
    size = int(args.size_gb * 1024 * MB)
    work = Path(tempfile.mkdtemp(prefix="bench-upload-", dir=args.dir))
    server = front = None
    try:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{work / 'bench.sqlite'}",
                   UPLOAD_ROOT=str(work / "uploads"), HUEY_SQLITE_PATH=str(work / "huey.sqlite"),
                   HEARING_MAX_BYTES=str(size * 2), REVIEWER_ENV="development")
        env.pop("REDIS_URL", None)
        if args.front == "nginx":
            (work / "nginx-body").mkdir()
            env["UPLOAD_OFFLOAD_DIR"] = str(work / "nginx-body")
        setup_database(env)
        os.environ["BENCH_COURT_ID"] = env["BENCH_COURT_ID"]
        source = work / "source.bin"
        print(f"生成 {size / MB:.0f} MB 随机文件……", flush=True)
        make_random_file(source, size)

        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "1", "-k", "gthread", "--threads", "2", "--timeout", "900",
             "-b", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        app_port = port
        if args.front == "nginx":
            port = free_port()
            front = start_nginx(work, port, app_port)
        base = f"http://127.0.0.1:{port}"
        session = Session(base)
        for _ in range(100):
            try:
                login_page = session.get("/auth/login")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not start")
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page)
        csrf = csrf or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', login_page)
        csrf = csrf.group(1)
        status, _ = session.post("/auth/login", {"csrf_token": csrf, "username": "bench",
                                                 "password": "bench-pass-123"})
        session.get("/hearings/new")  # warm up the pages the upload uses
        worker = worker_pid(server.pid)
        before = memory_kb(worker)

        evict(source)
        print("通过分片协议上传……", flush=True)
        elapsed = upload(session, "127.0.0.1", port, source, args.chunk_mb * MB, csrf)
        after = memory_kb(worker)
        stored = [p for p in (work / "uploads" / "hearings").rglob("*") if p.is_file()]
        assert len(stored) == 1 and stored[0].stat().st_size == size, "stored file missing or wrong size"

        copy_target = work / "copy.bin"
        evict(source)
        start = time.perf_counter()
        subprocess.run(["cp", str(source), str(copy_target)], check=True)
        fsync_path(copy_target)
        copy_elapsed = time.perf_counter() - start
        copy_target.unlink()
        start = time.perf_counter()
        subprocess.run(["cp", str(source), str(copy_target)], check=True)  # warm source, no fsync
        cached_copy_elapsed = time.perf_counter() - start

        upload_rate = size / MB / elapsed
        copy_rate = size / MB / copy_elapsed
        growth_mb = (after["VmHWM"] - before["VmRSS"]) / 1024
        results = {
            "front": args.front, "size_mb": round(size / MB), "chunk_mb": args.chunk_mb,
            "upload_seconds": round(elapsed, 2), "upload_mb_per_s": round(upload_rate, 1),
            "cp_seconds": round(copy_elapsed, 2), "cp_mb_per_s": round(copy_rate, 1),
            "upload_vs_cp": round(upload_rate / copy_rate, 2),
            "page_cache_cp_mb_per_s": round(size / MB / cached_copy_elapsed, 1),
            "upload_vs_page_cache_cp": round(upload_rate / (size / MB / cached_copy_elapsed), 2),
            "worker_rss_before_mb": round(before["VmRSS"] / 1024, 1),
            "worker_peak_rss_after_mb": round(after["VmHWM"] / 1024, 1),
            "worker_peak_growth_mb": round(growth_mb, 1),
        }
        print(json.dumps(results, ensure_ascii=False, indent=2))
        ok = growth_mb < 64 and upload_rate >= copy_rate / 2
        print("目标（内存增长 < 64 MB，吞吐 ≥ 复制的一半）：" + ("达到" if ok else "未达到"))
        return 0 if ok else 1
    finally:
        if front is not None:
            subprocess.run(["nginx", "-c", str(work / "nginx.conf"), "-s", "stop"], check=False)
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
