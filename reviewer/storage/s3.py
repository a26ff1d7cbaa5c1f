"""The S3-compatible object-store backend (MinIO or Ceph in a court's data centre), through boto3.

Keys are the same relative names the local backend uses (`<kind>/<yyyy>/<mm>/<uuid><ext>`), so a
row's `storage_path` means the same on both. Uploads of large files go as multipart uploads
(boto3's transfer manager); reads can ask for a byte range. A store that cannot be reached raises
`StoreUnavailable`; the callers turn it into the user's Chinese message.
Why boto3 and how it is configured: docs/deploy.md ("对象存储").
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# boto3 is imported where it is used (about 0.28 s): a start-up with the local backend, e.g. a
# command-line call, does not pay for it.

CHUNK = 1024 * 1024
TRANSFER_PART = 64 * 1024 * 1024
_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


class StoreUnavailable(Exception):
    """The object store refused or could not be reached (network, credentials, missing bucket)."""


@contextmanager
def store_errors():
    """boto3's errors as ours: a missing key or upload → FileNotFoundError, anything else the store
    answered or could not answer → StoreUnavailable."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as error:
        if missing(error):
            raise FileNotFoundError(str(error)) from error
        raise StoreUnavailable(str(error)) from error
    except BotoCoreError as error:
        raise StoreUnavailable(str(error)) from error


def _transfer():
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(multipart_threshold=TRANSFER_PART, multipart_chunksize=TRANSFER_PART, max_concurrency=4)


def client_for(endpoint: str | None, access_key: str | None, secret_key: str | None, region: str):
    """One boto3 S3 client per set of settings, shared by the process (boto3 clients are
    thread-safe). Path-style addressing (MinIO/Ceph behind one host name), SigV4, checksums only
    when the operation requires them (older MinIO/Ceph reject the newer default trailers)."""
    import boto3
    from botocore.config import Config as BotoConfig

    key = (endpoint, access_key, secret_key, region)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = boto3.session.Session().client(
                "s3", endpoint_url=endpoint, aws_access_key_id=access_key,
                aws_secret_access_key=secret_key, region_name=region,
                config=BotoConfig(signature_version="s3v4", s3={"addressing_style": "path"},
                                  retries={"max_attempts": 4, "mode": "standard"},
                                  connect_timeout=5, read_timeout=60,
                                  request_checksum_calculation="when_required",
                                  response_checksum_validation="when_required"))
        return _clients[key]


def missing(error) -> bool:
    """Does a botocore ClientError say the key (or multipart upload) does not exist?"""
    return error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound", "NoSuchUpload")


class S3Backend:
    """Objects in `bucket` through `client` (a boto3 S3 client)."""

    name = "s3"

    def __init__(self, client, bucket: str):
        self.client, self.bucket = client, bucket

    def put(self, source: Path, key: str, mime_type: str | None = None) -> None:
        """Upload the local file `source` to `key`, then remove `source`. Raises StoreUnavailable."""
        extra = {"ContentType": mime_type} if mime_type else {}
        try:
            with store_errors():
                self.client.upload_file(str(source), self.bucket, key, ExtraArgs=extra, Config=_transfer())
        except FileNotFoundError as error:  # the bucket is missing
            raise StoreUnavailable(str(error)) from error
        Path(source).unlink(missing_ok=True)

    def delete(self, key: str) -> None:
        """Remove `key`; a missing one is not an error (S3 DELETE is idempotent)."""
        try:
            with store_errors():
                self.client.delete_object(Bucket=self.bucket, Key=key)
        except FileNotFoundError:
            pass

    def size(self, key: str) -> int | None:
        """The object's size in bytes, or None when it does not exist."""
        try:
            with store_errors():
                return self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"]
        except FileNotFoundError:
            return None

    def read(self, key: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        """The bytes of `key` from `start` (`length` of them, or to the end), in chunks; one GET
        with a `Range` header. Raises FileNotFoundError for a missing key, StoreUnavailable."""
        if length == 0:
            return iter(())
        span = f"bytes={start}-" if length is None else f"bytes={start}-{start + length - 1}"
        with store_errors():
            body = self.client.get_object(Bucket=self.bucket, Key=key, Range=span)["Body"]

        def chunks():
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()
        return chunks()

    def download(self, key: str, target: Path) -> None:
        """Copy `key` into the local file `target`. Raises FileNotFoundError, StoreUnavailable."""
        try:
            with store_errors():
                self.client.download_file(self.bucket, key, str(target), Config=_transfer())
        except BaseException:
            Path(target).unlink(missing_ok=True)
            raise

    @contextmanager
    def local_path(self, key: str, scratch: Path) -> Iterator[Path]:
        """A local copy of `key` in `scratch` (named `<32 hex><ext>`, so readers that go by the
        extension still work and the housekeeping removes a copy a killed process left), removed
        afterwards."""
        scratch.mkdir(parents=True, exist_ok=True)
        target = scratch / (uuid.uuid4().hex + Path(key).suffix)
        self.download(key, target)
        try:
            yield target
        finally:
            target.unlink(missing_ok=True)

    def keys(self, prefix: str) -> Iterator[tuple[str, float]]:
        """(key, last-modified POSIX timestamp) of every object under `prefix`."""
        with store_errors():
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
            for page in pages:
                for item in page.get("Contents", ()):
                    yield item["Key"], item["LastModified"].timestamp()
