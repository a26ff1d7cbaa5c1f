"""One object received in pieces, across requests and machines, on the S3 backend (the design
of tusd's s3store, https://github.com/tus/tusd/tree/main/pkg/s3store).

- The object is an S3 multipart upload to its final key. Bytes go up as parts of at least 5 MiB
  (S3's minimum for all but the last part; `part_size` keeps under S3's 10,000 parts).
- Fewer bytes than that, not yet the end of the object, wait in a separate small object, the
  "incomplete part" (`tail_key`), until more bytes come; the next piece is sent after them.
- The bytes held = the sizes of the parts (ListParts) + the incomplete part's size. The store is
  the truth, not a row: a request that died after a part went up still counts it.
- Order of an append: the incomplete part is read, then deleted, then parts go up, then the new
  incomplete part. A failure in between can lose bytes already sent (the client resends them
  from the offset it is told) but never count a byte twice.
- Completing asks S3 to join the parts (CompleteMultipartUpload); the object then exists whole.

No hashing here: Python's hashlib cannot save a running SHA-256 between requests, so the
digest is computed once at completion by streaming the object (`sha256_of`).
"""
from __future__ import annotations

import hashlib
import math
import shutil
from collections.abc import Callable
from pathlib import Path

from reviewer.storage.s3 import S3Backend, StoreUnavailable, store_errors

MIN_PART = 5 * 1024 * 1024
PART = 8 * 1024 * 1024
MAX_PARTS = 9000  # S3 allows 10,000; some room for short parts after a resumed upload


def part_size(total: int) -> int:
    """Bytes per part for an object of `total` bytes: 8 MiB, more for objects above ~70 GiB."""
    return max(PART, math.ceil(total / MAX_PARTS))


def _calling(fn, *args, **kwargs):
    """`fn(...)` with every store error as StoreUnavailable (a missing upload included)."""
    try:
        with store_errors():
            return fn(*args, **kwargs)
    except FileNotFoundError as error:
        raise StoreUnavailable(str(error)) from error


class Resumable:
    """The multipart upload `upload_id` (None before the first bytes) of `key`, `total` bytes
    long, with its incomplete part at `tail_key`, in `backend`'s bucket."""

    def __init__(self, backend: S3Backend, key: str, tail_key: str, upload_id: str | None, total: int):
        self.backend, self.key, self.tail_key = backend, key, tail_key
        self.upload_id, self.total = upload_id, total
        self.client, self.bucket = backend.client, backend.bucket

    def parts(self) -> list[dict]:
        """The parts S3 holds ({PartNumber, ETag, Size}), in order; [] for an unknown upload."""
        if not self.upload_id:
            return []
        found = []
        try:
            with store_errors():
                pages = self.client.get_paginator("list_parts").paginate(
                    Bucket=self.bucket, Key=self.key, UploadId=self.upload_id)
                for page in pages:
                    found.extend(page.get("Parts", ()))
        except FileNotFoundError:
            return []
        return sorted(found, key=lambda p: p["PartNumber"])

    def held(self) -> int:
        """Bytes received so far: the parts plus the incomplete part; all of them once the parts
        were joined (a server that stopped between joining and its commit). Raises StoreUnavailable."""
        parts = self.parts()
        if not parts and self.joined():
            return self.total
        return sum(p["Size"] for p in parts) + (self.backend.size(self.tail_key) or 0)

    def joined(self) -> bool:
        """Is the whole object already at `key` (the multipart upload was completed)?"""
        return self.upload_id is not None and self.backend.size(self.key) == self.total

    def append(self, source: Path, remember_id: Callable[[str], None]) -> int:
        """Add the bytes of the local file `source` after those held; returns the bytes held
        afterwards. `remember_id(upload_id)` is called when a multipart upload is started, so
        the caller keeps its id. Raises StoreUnavailable (some bytes may then be lost: ask
        `held()`)."""
        parts = self.parts()
        if self.upload_id is None or (not parts and not self._exists()):
            created = _calling(self.client.create_multipart_upload, Bucket=self.bucket, Key=self.key)
            self.upload_id = created["UploadId"]
            remember_id(self.upload_id)
        base = sum(p["Size"] for p in parts)
        joined = self._after_tail(Path(source))
        size = joined.stat().st_size
        completes = base + size == self.total
        number = (parts[-1]["PartNumber"] if parts else 0) + 1
        step, sent = part_size(self.total), 0
        try:
            with open(joined, "rb") as fh:
                while sent < size and (size - sent >= MIN_PART or completes):
                    data = fh.read(min(step, size - sent))
                    _calling(self.client.upload_part, Bucket=self.bucket, Key=self.key,
                             UploadId=self.upload_id, PartNumber=number, Body=data)
                    number, sent = number + 1, sent + len(data)
                if sent < size:
                    _calling(self.client.put_object, Bucket=self.bucket, Key=self.tail_key, Body=fh.read())
        finally:
            if joined != Path(source):
                joined.unlink(missing_ok=True)
        return base + size

    def _exists(self) -> bool:
        """Does the multipart upload still exist (not aborted, e.g. by a bucket lifecycle rule)?"""
        try:
            with store_errors():
                self.client.list_parts(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id, MaxParts=1)
            return True
        except FileNotFoundError:
            return False

    def _after_tail(self, source: Path) -> Path:
        """`source`, or a local file of the incomplete part followed by `source` (the incomplete
        part is deleted from the store once read)."""
        if not self.backend.size(self.tail_key):
            return source
        joined = source.with_name(source.name + ".joined")
        self.backend.download(self.tail_key, joined)
        with open(joined, "ab") as out, open(source, "rb") as fh:
            shutil.copyfileobj(fh, out, 1024 * 1024)
        self.backend.delete(self.tail_key)
        return joined

    def complete(self) -> None:
        """Join the parts into the object at `key` (nothing to do if that was done already).
        Raises StoreUnavailable."""
        parts = [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in self.parts()]
        if not parts and self.joined():
            return
        _calling(self.client.complete_multipart_upload, Bucket=self.bucket, Key=self.key,
                 UploadId=self.upload_id, MultipartUpload={"Parts": parts})

    def abort(self) -> None:
        """Drop every byte received: the multipart upload and the incomplete part."""
        if self.upload_id:
            try:
                with store_errors():
                    self.client.abort_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self.upload_id)
            except FileNotFoundError:
                pass
        self.backend.delete(self.tail_key)

    def delete(self, _key: str) -> None:
        """`abort`, under the name the after-commit clean-up calls (reviewer/storage/tracking.py)."""
        self.abort()


def sha256_of(backend, key: str) -> str:
    """The SHA-256 (hex) of a stored object, streamed once through 1 MiB chunks."""
    digest = hashlib.sha256()
    for chunk in backend.read(key):
        digest.update(chunk)
    return digest.hexdigest()
