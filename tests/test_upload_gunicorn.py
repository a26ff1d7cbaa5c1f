"""Recording uploads through the real application under gunicorn (the production server): chunks
read straight from the client's socket, keep-alive between chunks, a dropped and a stalled
connection, and the stored file's bytes and hash."""
from __future__ import annotations

import hashlib
import os
import time

import pytest

from scripts import live_app


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    env = live_app.app_env(work, UPLOAD_READ_TIMEOUT="1")
    court_id = live_app.setup_database(env)
    port = live_app.free_port()
    server = live_app.start_gunicorn(env, port)
    try:
        session = live_app.Session("127.0.0.1", port)
        session.login()
        yield session, court_id, work
    finally:
        live_app.stop(server)


def send(session, conn, url, offset, data: bytes):
    session.begin_chunk(conn, url, offset, len(data))
    conn.sock.sendall(data)
    response = conn.getresponse()
    return response.status, response.getheader("Upload-Offset"), response.read()


def head_offset(session, url) -> int:
    conn = session.connection(timeout=10)
    conn.request("HEAD", url, headers={"Cookie": session.chunk_headers(0, 0)["Cookie"]})
    response = conn.getresponse()
    response.read()
    conn.close()
    return int(response.getheader("Upload-Offset"))


def stored_files(work):
    return [p for p in (work / "uploads" / "hearings").rglob("*") if p.is_file()]


def test_chunks_on_one_keep_alive_connection_make_the_exact_file(live):
    session, court_id, work = live
    payload = os.urandom(9 * 1024 * 1024 + 4321)  # unaligned end, several buffers per chunk
    url = session.new_hearing(court_id, len(payload), "（2021）豫0802民初101号")
    conn = session.connection()
    chunk, offset = 4 * 1024 * 1024 + 100, 0
    while offset < len(payload):
        status, new_offset, _ = send(session, conn, url, offset, payload[offset:offset + chunk])
        assert status == 200
        offset = int(new_offset)
    conn.close()
    assert offset == len(payload)
    digest = hashlib.sha256(payload).hexdigest()
    matching = [p for p in stored_files(work) if p.stat().st_size == len(payload)]
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in matching] == [digest]


def test_a_dropped_connection_keeps_what_arrived_and_the_upload_resumes(live):
    session, court_id, work = live
    payload = os.urandom(3 * 1024 * 1024)
    url = session.new_hearing(court_id, len(payload), "（2021）豫0802民初102号")
    conn = session.connection()
    session.begin_chunk(conn, url, 0, len(payload))
    conn.sock.sendall(payload[:1_000_000])
    conn.close()  # the browser's connection breaks mid-chunk
    deadline = time.monotonic() + 10
    while (held := head_offset(session, url)) != 1_000_000 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert held == 1_000_000  # every byte that arrived is kept, none beyond
    conn = session.connection()
    status, offset, _ = send(session, conn, url, held, payload[held:])
    conn.close()
    assert status == 200 and int(offset) == len(payload)
    assert any(p.read_bytes() == payload for p in stored_files(work) if p.stat().st_size == len(payload))


def test_a_stalled_client_frees_the_worker_and_keeps_what_arrived(live):
    session, court_id, _work = live
    payload = os.urandom(2 * 1024 * 1024)
    url = session.new_hearing(court_id, len(payload), "（2021）豫0802民初103号")
    stalled = session.connection(timeout=20)  # fails rather than hangs if the timeout is gone
    session.begin_chunk(stalled, url, 0, len(payload))
    stalled.sock.sendall(payload[:500_000])  # then nothing: UPLOAD_READ_TIMEOUT is 1 s here
    deadline = time.monotonic() + 15   # the server gives up on the body after 1 s: wait for that, not a time
    while (held := head_offset(session, url)) != 500_000 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert held == 500_000
    response = stalled.getresponse()  # the server answered: the chunk ended short, nothing hangs
    assert response.status == 200 and response.getheader("Upload-Offset") == "500000"
    response.read()
    stalled.sock.settimeout(5)
    assert stalled.sock.recv(1) == b""  # then closes: the rest of that body is not awaited
    stalled.close()
    conn = session.connection()
    status, offset, _ = send(session, conn, url, 500_000, payload[500_000:])
    conn.close()
    assert status == 200 and int(offset) == len(payload)
