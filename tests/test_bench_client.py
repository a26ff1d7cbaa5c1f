"""The page benchmark's client: by default it opens a new connection for every request, as nginx
does towards its upstream (HTTP/1.0, no upstream keepalive in docs/deploy-nginx.conf), so that the
benchmark's requests reach gunicorn's workers the way a deployment's do; `keep_alive` keeps one
persistent connection per user. Checked against a real HTTP/1.1 server on loopback, which records
the client port of every request."""
from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench_pages  # noqa: E402


class _Recorder(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keeps connections open unless the client closes them
    ports: list[int] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        type(self).ports.append(self.client_address[1])
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "session=abc; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Recorder.ports = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("keep_alive, connections", [(False, 3), (True, 1)])
def test_connections_per_request(server, monkeypatch, keep_alive, connections):
    monkeypatch.setattr(bench_pages.Client, "keep_alive", keep_alive)
    client = bench_pages.Client(server.server_address[1])
    answers = [client.request("GET", "/") for _ in range(3)]
    assert answers == [(200, "ok")] * 3
    assert client.cookies == {"session": "abc"}
    assert len(_Recorder.ports) == 3 and len(set(_Recorder.ports)) == connections
