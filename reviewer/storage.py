"""File storage under UPLOAD_ROOT: streamed writes, generated names, SHA-256, no orphans.

A file is first received into `tmp/` (streamed, hashed, size-capped), validated by the caller,
then moved to `<kind>/<yyyy>/<mm>/<uuid><ext>`. Files moved in a transaction that rolls back are
deleted again, so a failure leaves neither a row nor a file.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session

from models import StoredFile, utcnow
from reviewer.errors import DomainError
from reviewer.extensions import db

CHUNK = 1024 * 1024


@dataclass
class TempUpload:
    path: Path
    size: int
    sha256: str
    original_name: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def root() -> Path:
    return Path(current_app.config["UPLOAD_ROOT"])


def path_of(stored: StoredFile) -> Path:
    return root() / stored.storage_path


def send_stored(stored: StoredFile, **kwargs):
    """`send_file` for a stored file. A row deleted by a request that committed after this one
    loaded it has its file removed: that download is a 404, not a 500. Once opened, the file stays
    readable to the end of the response even if it is removed meanwhile (POSIX)."""
    try:
        return send_file(path_of(stored), **kwargs)
    except FileNotFoundError:
        abort(404)


def clean_display_name(name: str | None, fallback: str = "未命名文件") -> str:
    """The original name for display only: path parts and control characters removed, ≤ 200 chars."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".")
    return name[:200] or fallback


# The extension a download may carry, by the stored file's MIME type (set by the platform after
# validating or probing the content); any other type is served as `.bin`, so a download never
# carries an extension that runs (`.exe`, `.js`, `.html` …) whatever the uploader named it.
DOWNLOAD_EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/csv": ".csv", "image/jpeg": ".jpg",
    "video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm", "video/x-matroska": ".mkv",
    "video/x-msvideo": ".avi", "video/x-flv": ".flv", "video/x-ms-wmv": ".wmv", "video/mp2t": ".ts",
}
SAFE_DOWNLOAD_MIME = "application/octet-stream"


def download_name(stored: StoredFile) -> str:
    """The name a download carries: the original name's stem with the stored content's extension.

    `判决书.docx` → `判决书.docx`; `录像.exe` holding an AVI → `录像.avi`; unknown content → `….bin`.
    """
    ext = DOWNLOAD_EXTENSIONS.get(stored.mime_type, ".bin")
    name = clean_display_name(stored.original_name)
    stem, dot, _suffix = name.rpartition(".")
    stem = stem if dot and stem else name
    return stem if stem.lower().endswith(ext) else stem + ext


def download_mime(stored: StoredFile) -> str:
    """The MIME type a download is served with: the stored one if it is a known kind, else bytes."""
    return stored.mime_type if stored.mime_type in DOWNLOAD_EXTENSIONS else SAFE_DOWNLOAD_MIME


DISK_FULL = "服务器存储空间不足，文件未能保存，请稍后重试或联系审管办。"


def _refuse_if_disk_full(error: OSError) -> None:
    """Turn "no space left" / "quota exceeded" into the user's message (DomainError)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        raise DomainError(DISK_FULL) from error


def receive(stream, original_name: str | None, max_bytes: int) -> TempUpload:
    """Stream `stream` into a temp file, hashing as it goes; refuse more than `max_bytes`."""
    tmp_dir = root() / "tmp"
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


def store(temp: TempUpload, kind: str, mime_type: str, uploaded_by=None, ext: str = "") -> StoredFile:
    """Move a received temp file into permanent storage and add its row (flushes)."""
    now = utcnow()
    relative = f"{kind}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{ext}"
    target = root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.move(str(temp.path), target)
    except OSError as error:
        target.unlink(missing_ok=True)
        _refuse_if_disk_full(error)
        raise
    _track_new_file(target)
    stored = StoredFile(
        kind=kind, storage_path=relative, original_name=temp.original_name, size=temp.size,
        mime_type=mime_type, sha256=temp.sha256, uploaded_by_id=getattr(uploaded_by, "id", None),
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


def delete_after_commit(path: Path) -> None:
    """Remove a file once the transaction that dropped its row has committed."""
    db.session.info.setdefault("doomed_files", []).append(str(path))


def _track_new_file(path: Path) -> None:
    db.session.info.setdefault("new_files", []).append(str(path))


@event.listens_for(Session, "after_commit")
def _forget_new_files(session):
    session.info.pop("new_files", None)
    for path in session.info.pop("doomed_files", []):
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_soft_rollback")
def _delete_new_files(session, previous_transaction):
    if session.in_transaction():
        return
    session.info.pop("doomed_files", None)
    for path in session.info.pop("new_files", []):
        Path(path).unlink(missing_ok=True)
