"""The storage contract, the same on both backends (reviewer/storage/): the local folder and an
S3 object store (moto's server on loopback, tests/s3_store.py): store, read, range read, a real
local path, delete after commit, and a rollback that leaves no orphan file or object."""
from __future__ import annotations

import hashlib
import io
import os

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from models import StoredFile
from reviewer import storage
from reviewer.config import storage_problem
from reviewer.errors import DomainError
from tests.s3_store import s3, s3_server  # noqa: F401  (fixtures)


@pytest.fixture(params=["local", "s3"])
def store(request, app):
    """A way to list what the configured backend holds under a prefix, for both backends."""
    if request.param == "s3":
        bucket = request.getfixturevalue("s3")
        return bucket.keys
    return lambda prefix="": sorted(key for key, _mtime in storage.backend().keys(prefix))


def put(data: bytes, kind: str = "contract", ext: str = ".bin") -> StoredFile:
    temp = storage.receive(io.BytesIO(data), "原件.bin", 10 * 1024 * 1024)
    return storage.store(temp, kind, "application/octet-stream", ext=ext)


def test_a_stored_file_reads_back_whole_and_by_range(db, store):
    data = os.urandom(3 * storage.CHUNK + 77)
    stored = put(data)
    db.session.commit()
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert store("contract/") == [stored.storage_path]
    assert b"".join(storage.read(stored)) == data
    assert b"".join(storage.read(stored, 5, 10)) == data[5:15]
    assert b"".join(storage.read(stored, len(data) - 3)) == data[-3:]
    assert not list(storage.scratch().iterdir())  # the received temp file went into the store


def test_local_path_gives_a_real_file_and_leaves_nothing_behind(db, store):
    data = os.urandom(10_000)
    stored = put(data, ext=".docx")
    with storage.local_path(stored) as path:
        assert path.is_file() and path.read_bytes() == data and path.suffix == ".docx"
    assert not [p for p in storage.scratch().iterdir() if p.is_file()]


def test_a_rollback_leaves_no_orphan(db, store):
    put(b"kept")
    db.session.commit()
    before = store("contract/")
    put(b"rolled back")
    assert len(store("contract/")) == 2
    db.session.rollback()
    assert store("contract/") == before
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1


def test_a_deleted_rows_file_goes_only_after_the_commit(db, store):
    stored = put(b"to delete")
    db.session.commit()
    storage.delete_after_commit(stored)
    db.session.delete(stored)
    db.session.flush()
    assert store("contract/") == [stored.storage_path]
    db.session.commit()
    assert store("contract/") == []


def test_a_rolled_back_delete_keeps_the_file(db, store):
    stored = put(b"kept")
    db.session.commit()
    key = stored.storage_path
    storage.delete_after_commit(stored)
    db.session.delete(stored)
    db.session.rollback()
    assert store("contract/") == [key]


def test_a_missing_object_reads_as_file_not_found(db, store):
    stored = put(b"gone")
    db.session.commit()
    storage.backend().delete(stored.storage_path)
    with pytest.raises(FileNotFoundError):
        b"".join(storage.read(stored))
    with pytest.raises(FileNotFoundError):
        with storage.local_path(stored):
            pass


@pytest.mark.parametrize("range_header, status, part", [
    (None, 200, slice(None)), ("bytes=10-19", 206, slice(10, 20)), ("bytes=-7", 206, slice(-7, None)),
    ("bytes=4990-", 206, slice(4990, None)),
])
def test_a_download_answers_range_requests(app, db, store, range_header, status, part):
    data = os.urandom(5000)
    stored = put(data)
    db.session.commit()
    headers = {"Range": range_header} if range_header else {}
    with app.test_request_context(headers=headers):
        response = storage.send_stored(stored, mimetype="application/octet-stream", conditional=True,
                                       as_attachment=True, download_name="判决书.bin")
        response.direct_passthrough = False
        assert response.status_code == status and response.get_data() == data[part]
        assert response.headers["Accept-Ranges"] == "bytes"
        assert "filename*=UTF-8''%E5%88%A4" in response.headers["Content-Disposition"]
        if status == 206:
            assert response.headers["Content-Range"].endswith("/5000")


def test_a_range_beyond_the_end_is_416(app, db, store):
    stored = put(b"x" * 100)
    db.session.commit()
    with app.test_request_context(headers={"Range": "bytes=500-600"}):
        try:
            status = storage.send_stored(stored, conditional=True).status_code
        except HTTPException as error:  # werkzeug's `send_file` raises it; the app answers it
            status = error.code
    assert status == 416


def test_an_unreachable_store_is_a_chinese_message_and_no_row(app, db, s3):
    app.config["S3_ENDPOINT_URL"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    temp = storage.receive(io.BytesIO(b"data"), "a.bin", 100)
    with pytest.raises(DomainError) as refusal:
        storage.store(temp, "contract", "application/octet-stream")
    assert "文件存储服务暂时无法访问" in refusal.value.message
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


@pytest.mark.parametrize("settings, problem", [
    ({}, None),
    ({"STORAGE_BACKEND": "local"}, None),
    ({"STORAGE_BACKEND": "nfs"}, "not one of local, s3"),
    ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b"}, "S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY"),
    ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_ENDPOINT_URL": "http://m:9000", "S3_ACCESS_KEY": "a",
      "S3_SECRET_KEY": "s"}, None),
])
def test_half_configured_storage_is_named_at_start(settings, problem):
    found = storage_problem(settings)
    assert (found is None) if problem is None else (problem in found)


def test_the_application_refuses_to_start_with_half_configured_storage(tmp_path):
    from reviewer import create_app

    with pytest.raises(RuntimeError, match="S3_SECRET_KEY"):
        create_app({"TESTING": True, "STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_ENDPOINT_URL": "http://m",
                    "S3_ACCESS_KEY": "a", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "UPLOAD_ROOT": str(tmp_path)})


def test_backup_and_restore_refuse_on_the_object_store_in_chinese_and_english(app, s3, tmp_path):
    runner = app.test_cli_runner()
    backup = runner.invoke(args=["backup", str(tmp_path / "backup")])
    restore = runner.invoke(args=["restore", str(tmp_path), "--yes"])
    for result in (backup, restore):
        assert result.exit_code != 0
        assert "对象存储" in result.output and "object store" in result.output and "docs/deploy.md" in result.output
    assert not (tmp_path / "backup").exists()
