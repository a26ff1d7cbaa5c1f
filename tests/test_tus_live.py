"""The standard tus client `tuspy` against the real application under gunicorn (real HTTP): creation
with the hearing's details, PATCHes with checksums, and `kill -9` of the server mid-upload, after
which the client resumes from the server's offset and the stored file is byte for byte the source."""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import threading
import time

import pytest
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError

from scripts import live_app

MB = 1024 * 1024


@pytest.fixture
def live(tmp_path):
    env = live_app.app_env(tmp_path)
    court_id = live_app.setup_database(env)
    port = live_app.free_port()
    server = {"process": live_app.start_gunicorn(env, port)}
    session = live_app.Session("127.0.0.1", port)
    session.login()
    try:
        yield session, court_id, tmp_path, lambda: server.update(process=live_app.start_gunicorn(env, port)), server
    finally:
        live_app.stop(server["process"])


def tus(session) -> tus_client.TusClient:
    return tus_client.TusClient(session.base + "/hearings/uploads", headers=session.tus_headers())


def stored(work, case_number: str) -> tuple[str, str, str]:
    """(status, sha256, path) of the hearing's stored recording, read from the app's database."""
    with sqlite3.connect(work / "app.sqlite") as db:
        return db.execute(
            "SELECT h.status, f.sha256, f.storage_path FROM hearings h JOIN stored_files f ON f.id = h.file_id"
            " WHERE h.case_number = ?", (case_number,)).fetchone()


def source_file(work, size: int):
    path = work / f"source-{size}.bin"
    with open(path, "wb") as fh:
        for _ in range(size // MB):
            fh.write(os.urandom(MB))
        fh.write(os.urandom(size % MB))
    return path


def test_tuspy_creates_and_uploads_in_checksummed_chunks(live):
    session, court_id, work, _restart, _server = live
    source = source_file(work, 3 * MB + 12345)
    case = "（2021）豫0802民初301号"
    uploader = tus(session).uploader(str(source), chunk_size=MB, upload_checksum=True,
                                     metadata=session.tus_metadata(court_id, case, "庭审.mp4"))
    uploader.upload()
    assert uploader.offset == source.stat().st_size
    status, sha256, path = stored(work, case)
    assert status.lower() == "queued"  # no job consumer runs here: the hearing waits in the queue
    assert sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (work / "uploads" / path).read_bytes() == source.read_bytes()


def test_a_resumed_upload_after_kill_9_of_the_server_is_the_exact_file(live):
    session, court_id, work, restart, server = live
    size = 96 * MB + 777
    source = source_file(work, size)
    case = "（2021）豫0802民初302号"
    uploader = tus(session).uploader(str(source), chunk_size=16 * MB,
                                     metadata=session.tus_metadata(court_id, case))
    failures = []

    def send():
        try:
            uploader.upload()
        except TusCommunicationError as error:  # the server is gone
            failures.append(error)

    sender = threading.Thread(target=send)
    sender.start()
    partials = work / "uploads" / "tmp" / "hearing-uploads"
    deadline = time.monotonic() + 60
    while not (partials.is_dir() and any(p.stat().st_size >= 16 * MB for p in partials.iterdir())):
        assert time.monotonic() < deadline and sender.is_alive(), "the upload did not get going"
        time.sleep(0.002)
    master = server["process"]
    worker = live_app.worker_pid(master.pid)
    os.kill(worker, signal.SIGKILL)
    os.kill(master.pid, signal.SIGKILL)
    master.wait()
    sender.join(timeout=60)
    assert failures and not sender.is_alive()
    held = next(partials.iterdir()).stat().st_size
    assert 0 < held < size

    restart()
    session.login()  # waits until the restarted server answers
    again = tus(session).uploader(str(source), chunk_size=16 * MB, url=uploader.url)
    assert again.get_offset() == held  # HEAD: where the killed server stopped writing
    again.upload()
    assert again.offset == size
    status, sha256, path = stored(work, case)
    assert sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert hashlib.sha256((work / "uploads" / path).read_bytes()).hexdigest() == sha256
