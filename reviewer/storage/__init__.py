"""File storage: streamed writes, generated names, SHA-256, no orphans, on one of two backends.

`STORAGE_BACKEND=local` (the embedded default): files under UPLOAD_ROOT (`local.py`).
`STORAGE_BACKEND=s3`: objects in an S3-compatible store, e.g. MinIO (`s3.py`; settings in
reviewer/config.py, set-up in docs/deploy.md). UPLOAD_ROOT then holds only each node's own
scratch files (`tmp/`), never shared between nodes.

A file is first received into `<UPLOAD_ROOT>/tmp/` (streamed, hashed, size-capped), validated by
the caller, then stored as `<kind>/<yyyy>/<mm>/<uuid><ext>`. Objects stored in a transaction that
rolls back are deleted again, so a failure leaves neither a row nor a file (`tracking.py`). Code
that needs a real file (python-docx, openpyxl, PyAV) opens `local_path(stored)`.
"""
from __future__ import annotations

import errno
import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file

from models import StoredFile, utcnow
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.storage import tracking
from reviewer.storage.local import LocalBackend
from reviewer.storage.names import (DOWNLOAD_EXTENSIONS, SAFE_DOWNLOAD_MIME,  # noqa: F401  public names
                                    clean_display_name, download_mime, download_name)
from reviewer.storage.s3 import S3Backend, StoreUnavailable, client_for
from reviewer.storage.serving import stream_object

CHUNK = 1024 * 1024
DISK_FULL = "服务器存储空间不足，文件未能保存，请稍后重试或联系审管办。"
STORE_DOWN = "文件存储服务暂时无法访问，文件未能保存，请稍后重试或联系审管办。"


@dataclass
class TempUpload:
    path: Path
    size: int
    sha256: str
    original_name: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def root() -> Path:
    """The local folder: the store itself on the local backend, each node's scratch on S3."""
    return Path(current_app.config["UPLOAD_ROOT"])


def scratch() -> Path:
    """Where this node keeps temporary files (`<UPLOAD_ROOT>/tmp`), whatever the backend."""
    return root() / "tmp"


def backend(config=None):
    """The configured backend (`STORAGE_BACKEND`: "local" or "s3"); cheap to call."""
    config = config if config is not None else current_app.config
    if config.get("STORAGE_BACKEND", "local") == "s3":
        client = client_for(config.get("S3_ENDPOINT_URL"), config.get("S3_ACCESS_KEY"),
                            config.get("S3_SECRET_KEY"), config.get("S3_REGION") or "us-east-1")
        return S3Backend(client, config["S3_BUCKET"])
    return LocalBackend(Path(config["UPLOAD_ROOT"]))


def is_local() -> bool:
    return backend().name == "local"


def path_of(stored: StoredFile) -> Path:
    """The stored file's path on the local backend. On S3 there is none: use `local_path`."""
    found = backend()
    if found.name != "local":
        raise RuntimeError("path_of() is for the local backend; use storage.local_path()")
    return found.path(stored.storage_path)


@contextmanager
def local_path(stored: StoredFile, into: Path | None = None) -> Iterator[Path]:
    """A real path to the stored file's bytes for the block: the file itself on the local backend,
    a temporary copy in `into` (default `scratch()`) on S3, removed afterwards. Raises
    FileNotFoundError; StoreUnavailable is turned into the Chinese DomainError."""
    try:
        with backend().local_path(stored.storage_path, into or scratch()) as path:
            yield path
    except StoreUnavailable as error:
        raise DomainError(STORE_DOWN) from error


def read(stored: StoredFile, start: int = 0, length: int | None = None) -> Iterator[bytes]:
    """The stored bytes from `start` (`length` of them, or to the end), in chunks of ≤ 1 MiB."""
    return backend().read(stored.storage_path, start, length)


def send_stored(stored: StoredFile, **kwargs):
    """The download response of a stored file (with range requests). A row deleted by a request
    that committed after this one loaded it has its file removed: that download is a 404, not a
    500. Local: `send_file` (an open file stays readable even if removed meanwhile, POSIX). S3:
    streamed from the store (`serving.py` says why not a presigned redirect)."""
    found = backend()
    if found.name != "local":
        return stream_object(found, stored, **kwargs)
    try:
        return send_file(found.path(stored.storage_path), **kwargs)
    except FileNotFoundError:
        abort(404)


def _refuse_if_disk_full(error: OSError) -> None:
    """Turn "no space left" / "quota exceeded" into the user's message (DomainError)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        raise DomainError(DISK_FULL) from error


def receive(stream, original_name: str | None, max_bytes: int) -> TempUpload:
    """Stream `stream` into a temp file, hashing as it goes; refuse more than `max_bytes`."""
    tmp_dir = scratch()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path = tmp_dir / uuid.uuid4().hex
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "wb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise DomainError(f"文件超过大小上限（{max_bytes // (1024 * 1024)} MB）。")
                digest.update(chunk)
                out.write(chunk)
    except OSError as error:
        path.unlink(missing_ok=True)
        _refuse_if_disk_full(error)
        raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if size == 0:
        path.unlink(missing_ok=True)
        raise DomainError("文件为空。")
    return TempUpload(path, size, digest.hexdigest(), clean_display_name(original_name))


def new_key(kind: str, ext: str = "") -> str:
    """A generated storage name: `<kind>/<yyyy>/<mm>/<uuid><ext>`."""
    now = utcnow()
    return f"{kind}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{ext}"


def store(temp: TempUpload, kind: str, mime_type: str, uploaded_by=None, ext: str = "") -> StoredFile:
    """Move a received temp file into the store and add its row (flushes). Raises DomainError
    when the disk is full or the object store cannot be reached (the temp file is then kept for
    the caller to discard)."""
    key = new_key(kind, ext)
    found = backend()
    try:
        found.put(temp.path, key, mime_type)
    except OSError as error:
        _refuse_if_disk_full(error)
        raise
    except StoreUnavailable as error:
        raise DomainError(STORE_DOWN) from error
    return adopt(found, key, temp.original_name, temp.size, temp.sha256, kind, mime_type, uploaded_by)


def adopt(found, key: str, original_name: str, size: int, sha256: str, kind: str, mime_type: str,
          uploaded_by=None) -> StoredFile:
    """Add the row of an object already written to `key` in backend `found` (flushes); it is
    deleted again if the transaction rolls back (e.g. a completed multipart upload)."""
    tracking.track_new(db.session, found, key)
    stored = StoredFile(
        kind=kind, storage_path=key, original_name=original_name, size=size,
        mime_type=mime_type, sha256=sha256, uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def store_path(path: Path, kind: str, original_name: str, mime_type: str, uploaded_by=None,
               ext: str = "") -> StoredFile:
    """Store a file already on disk (made by the server, e.g. a transcode); the source is moved."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    temp = TempUpload(Path(path), os.path.getsize(path), digest.hexdigest(), original_name)
    return store(temp, kind, mime_type, uploaded_by, ext)


def delete_after_commit(target: StoredFile | str) -> None:
    """Remove a stored file (a StoredFile or its key) once the transaction that dropped its row
    has committed."""
    key = target.storage_path if isinstance(target, StoredFile) else str(target)
    tracking.delete_after_commit(db.session, backend(), key)


def delete_now(target: StoredFile | str) -> None:
    """Remove a stored file at once (one whose row is being rolled back to a savepoint)."""
    key = target.storage_path if isinstance(target, StoredFile) else str(target)
    try:
        backend().delete(key)
    except StoreUnavailable:  # left to the clean-up; the caller is already failing
        pass
