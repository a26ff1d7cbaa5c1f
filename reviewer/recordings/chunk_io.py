"""Moving one chunk of a recording from the request to the partial file on disk.

`copy_chunk` gathers the bytes in page-aligned buffers and writes them with O_DIRECT where the
file system allows it (`DiskWriter`): straight from the buffer to the disk, without a second copy
into the page cache, which on a virtual machine costs more CPU than receiving the bytes (a
buffered 2 GiB write measured 0.7–6.3 s of CPU here, O_DIRECT 0.05 s). `DEPTH` buffers take
turns: while one is being received, a helper thread hashes the ones before it and writes them
(both release the GIL), so the network, the hash and the disk overlap — with O_DIRECT a
sequential loop would add the disk's latency to the network's for every buffer.

Only bytes that are hashed *and* on disk count. After a failed write nothing later counts (the
bytes after it would not be contiguous) and the stores still queued do nothing. If the client goes
away, what arrived before is written and counted.
"""
from __future__ import annotations

import errno
import mmap
import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress

from werkzeug.exceptions import ClientDisconnected

from reviewer.errors import DomainError

BUFFER = 4 * 1024 * 1024
DEPTH = 3  # buffers per chunk: one being received, the others being stored
DIRECT_ALIGN = 4096  # O_DIRECT needs offsets, lengths and memory aligned to the disk's blocks
DISK_FULL_MESSAGE = "服务器存储空间不足，录像暂时无法继续上传，请联系审管办。"
WRITE_FAILED_MESSAGE = "服务器写入录像文件失败，请稍后重试或联系审管办。"


class StoreFailed(DomainError):
    """Writing to the server's disk failed; `written` bytes before the failure are stored."""

    def __init__(self, message: str, written: int):
        super().__init__(message)
        self.written = written


def copy_chunk(stream, fh, position: int, length: int, digest) -> int:
    """Copy up to `length` bytes from `stream` into the file `fh` at `position`, updating `digest`
    (a running SHA-256, or None) in order; returns the bytes stored — fewer than `length` when the
    client went away. Raises StoreFailed (with the bytes stored before it) when the disk fails."""
    buffers = BUFFERS.take(DEPTH)
    written = received = 0
    pending: deque = deque()  # stores submitted to the helper, oldest first
    failed = []  # set by the first store that fails: the ones after it do nothing
    with DiskWriter(fh) as disk, ThreadPoolExecutor(1, thread_name_prefix="upload") as helper:

        def store(view: memoryview, at: int) -> int:
            if failed:
                return 0
            try:
                disk.write(view, at)
            except BaseException:
                failed.append(True)
                raise
            if digest is not None:
                digest.update(view)
            return len(view)

        try:
            turn = 0
            while received < length:
                while pending and (len(pending) >= DEPTH or pending[0].done()):
                    written += pending.popleft().result()  # frees its buffer; re-raises its error
                want = min(BUFFER, length - received)
                view = buffers[turn % DEPTH][:want]
                turn += 1
                n, broken = fill(stream, view)  # meanwhile the helper stores the buffers before
                if n:
                    pending.append(helper.submit(store, view[:n], position + received))
                    received += n
                if broken or n < want:
                    break  # keep what arrived; the client resumes from the offset it reads with HEAD
            while pending:
                written += pending.popleft().result()
        except DomainError as error:
            _drain(pending)
            raise StoreFailed(error.message, written) from error
        except BaseException:
            _drain(pending)
            raise
        finally:
            BUFFERS.give_back(buffers)
    return written


def _drain(pending: deque) -> None:
    """Wait for the stores still submitted (they do nothing after a failure); count none."""
    for later in pending:
        with suppress(Exception):
            later.result()
    pending.clear()


class BufferPool:
    """Page-aligned buffers of `BUFFER` bytes, kept for the next chunk: mapping fresh memory for
    every chunk costs a page fault per 4 KiB, which on a virtual machine is most of a small
    chunk's CPU. Keeps at most `keep` buffers."""

    def __init__(self, keep: int):
        self.keep = keep
        self.free: list[memoryview] = []
        self.lock = threading.Lock()

    def take(self, n: int) -> list[memoryview]:
        with self.lock:
            taken = [self.free.pop() for _ in range(min(n, len(self.free)))]
        flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
        return taken + [memoryview(mmap.mmap(-1, BUFFER, flags=flags)) for _ in range(n - len(taken))]

    def give_back(self, buffers: list[memoryview]) -> None:
        with self.lock:
            self.free.extend(buffers[: max(0, self.keep - len(self.free))])


BUFFERS = BufferPool(keep=3 * DEPTH)


class DiskWriter:
    """Writes into the partial file: the block-aligned part through an O_DIRECT descriptor when
    the file system has one (ext4, xfs; not tmpfs), the rest (an unaligned start or tail) through
    `fh`. A failed write raises DomainError saying it is the server's disk, not the client (the
    browser would otherwise resend the chunk forever)."""

    def __init__(self, fh):
        self.fh = fh
        self.direct = None

    def __enter__(self) -> DiskWriter:
        try:
            self.direct = os.open(f"/proc/self/fd/{self.fh.fileno()}", os.O_WRONLY | os.O_DIRECT)
        except (OSError, AttributeError):  # no O_DIRECT here: buffered writes only
            self.direct = None
        return self

    def __exit__(self, *exc) -> None:
        if self.direct is not None:
            os.close(self.direct)

    def write(self, view: memoryview, position: int) -> None:
        with disk_errors():
            aligned = len(view) - len(view) % DIRECT_ALIGN
            if self.direct is not None and aligned and position % DIRECT_ALIGN == 0:
                pwrite_all(self.direct, view[:aligned], position)
                view, position = view[aligned:], position + aligned
            if len(view):
                pwrite_all(self.fh.fileno(), view, position)


def pwrite_all(fd: int, view: memoryview, position: int) -> None:
    """Write every byte of `view` at `position` (a write may take fewer bytes than asked)."""
    while len(view):
        n = os.pwrite(fd, view, position)
        view, position = view[n:], position + n


@contextmanager
def disk_errors():
    """A failed write is the server's disk, not the client: say so, so the client doesn't loop."""
    try:
        yield
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise DomainError(DISK_FULL_MESSAGE if full else WRITE_FAILED_MESSAGE) from exc


def fill(stream, view: memoryview) -> tuple[int, bool]:
    """Read from `stream` until `view` is full or the stream ends; returns the bytes read and
    whether the connection broke (what was read before that is still in `view`)."""
    got = 0
    while got < len(view):
        try:
            n = _read_into(stream, view[got:])
        except (ClientDisconnected, OSError):  # ConnectionError and timeouts are OSErrors
            return got, True
        if not n:
            break
        got += n
    return got, False


def _read_into(stream, view: memoryview) -> int:
    readinto = getattr(stream, "readinto", None)
    if readinto is not None:
        return readinto(view) or 0
    data = stream.read(len(view))
    view[: len(data)] = data
    return len(data)
