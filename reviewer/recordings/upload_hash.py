"""The running SHA-256 of each upload's partial file, kept by the process that wrote its bytes.

A recording's hash is computed while its bytes arrive, so completing a 2 GiB upload does not read
2 GiB again. The state is per process (gunicorn runs several) and is trusted only while the
partial file is exactly as this process left it (same file, size and modification time); whenever
that is not certain — another worker wrote a PATCH, the server restarted, the file was cut back —
`final` reads the whole file instead.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict

BUFFER = 1024 * 1024
MAX_KEPT = 64  # uploads whose running hash a process keeps (least recently used go)

_kept: OrderedDict[str, tuple[tuple, object]] = OrderedDict()
_lock = threading.Lock()


def _state(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def take(token: str, fh, offset: int):
    """The hash of the file's first `offset` bytes to continue with, or None when `final` must
    read the file (a fresh hash at offset 0)."""
    with _lock:
        kept = _kept.pop(token, None)
    if offset == 0:
        return hashlib.sha256()
    if kept is not None and kept[0] == _state(os.fstat(fh.fileno())):
        return kept[1]
    return None


def keep(token: str, fh, digest) -> None:
    """Remember `digest` as the hash of the whole file `fh` as it is now."""
    state = _state(os.fstat(fh.fileno()))
    with _lock:
        _kept[token] = (state, digest)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)


def forget(token: str) -> None:
    with _lock:
        _kept.pop(token, None)


def final(token: str, path) -> str:
    """The SHA-256 (hex) of the complete file at `path`: the running one when it fits, else read."""
    with _lock:
        kept = _kept.pop(token, None)
    if kept is not None and kept[0] == _state(os.stat(path)):
        return kept[1].hexdigest()
    return hash_file(path)


def hash_file(path) -> str:
    """SHA-256 of a whole file, read through one fixed buffer."""
    digest = hashlib.sha256()
    buffer = bytearray(BUFFER)
    view = memoryview(buffer)
    with open(path, "rb") as fh:
        while n := fh.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()
