"""The local-folder backend: objects are files under UPLOAD_ROOT (the embedded default).

Keys are relative paths (`<kind>/<yyyy>/<mm>/<uuid><ext>`). Several web nodes can use it only
with a shared file system; the S3 backend (`reviewer.storage.s3`) needs none.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHUNK = 1024 * 1024


class LocalBackend:
    """Files under `root`. Every method takes the key relative to `root`."""

    name = "local"

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key

    def put(self, source: Path, key: str, mime_type: str | None = None) -> None:
        """Move the local file `source` to `key` (the source is consumed). Raises OSError."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.move(str(source), target)
        except OSError:
            target.unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        """Remove `key`; a missing one is not an error."""
        self.path(key).unlink(missing_ok=True)

    def size(self, key: str) -> int | None:
        """The object's size in bytes, or None when it does not exist."""
        try:
            return self.path(key).stat().st_size
        except FileNotFoundError:
            return None

    def read(self, key: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        """The bytes of `key` from `start` (`length` of them, or to the end), in chunks.
        Raises FileNotFoundError."""
        fh = open(self.path(key), "rb")

        def chunks():
            with fh:
                fh.seek(start)
                left = length
                while left is None or left > 0:
                    data = fh.read(CHUNK if left is None else min(CHUNK, left))
                    if not data:
                        return
                    if left is not None:
                        left -= len(data)
                    yield data
        return chunks()

    @contextmanager
    def local_path(self, key: str, scratch: Path) -> Iterator[Path]:
        """The object's own path (nothing is copied). Raises FileNotFoundError."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(path)
        yield path

    def keys(self, prefix: str) -> Iterator[tuple[str, float]]:
        """(key, modification time as a POSIX timestamp) of every object under `prefix`."""
        base = self.path(prefix)
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file():
                    yield path.relative_to(self.root).as_posix(), path.stat().st_mtime
