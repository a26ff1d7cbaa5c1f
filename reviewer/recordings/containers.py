"""Container structure checks: do the sizes a file's header declares fit the file? (pure)

A copy cut short keeps a header that still looks complete; these checks compare what the header
declares with the bytes present: MP4/MOV top-level boxes, AVI RIFF chunks, the Matroska/WebM
Segment size (unless 'unknown', as in live recordings), and FLV's trailing PreviousTagSize.
"""
from __future__ import annotations

import os
from pathlib import Path


def declared_sizes_fit(path: Path, container_name: str) -> bool:
    """Check the top-level chunk sizes of MP4/MOV boxes and AVI RIFF chunks against the file size."""
    size = path.stat().st_size
    if container_name in ("mkv", "webm"):
        return _matroska_segment_fits(path, size)
    if container_name == "flv":
        return _flv_tail_consistent(path, size)
    if container_name not in ("mp4", "mov", "avi"):
        return True
    little = container_name == "avi"
    offset = 0
    with open(path, "rb") as fh:
        while offset < size:
            fh.seek(offset)
            head = fh.read(16)
            if len(head) < 8:
                return False
            if little:  # RIFF: fourcc, 32-bit little-endian size, padded to even
                length = 8 + int.from_bytes(head[4:8], "little")
                length += length % 2
            else:  # ISO BMFF box: 32-bit big-endian size (1 → 64-bit size follows, 0 → to end of file)
                length = int.from_bytes(head[0:4], "big")
                if length == 1:
                    if len(head) < 16:
                        return False
                    length = int.from_bytes(head[8:16], "big")
                elif length == 0:
                    return True
                if length < 8:
                    return False
            if offset + length > size + (1 if little else 0):
                return False
            offset += length
    return True


def _read_vint(fh, keep_marker: bool) -> tuple[int, int] | None:
    """Read an EBML variable-length integer; returns (value, length) or None at end of file."""
    first = fh.read(1)
    if not first:
        return None
    b = first[0]
    length = next((i + 1 for i in range(8) if b & (0x80 >> i)), 0)
    if length == 0:
        return None
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = b if keep_marker else b & (0xFF >> length)
    for byte in rest:
        value = (value << 8) | byte
    return value, length


def _flv_tail_consistent(path: Path, size: int) -> bool:
    """An FLV file ends with PreviousTagSize of its last tag: that tag's header must agree."""
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 4))
        last_size = int.from_bytes(fh.read(4), "big")
        start = size - 4 - last_size
        if last_size < 11 or start < 9:
            return False
        fh.seek(start)
        header = fh.read(11)
    return header[0] in (8, 9, 18) and int.from_bytes(header[1:4], "big") + 11 == last_size


def _matroska_segment_fits(path: Path, size: int) -> bool:
    """The Segment element's declared size (unless 'unknown', as in live recordings) fits the file."""
    with open(path, "rb") as fh:
        header_id = _read_vint(fh, keep_marker=True)
        header_size = _read_vint(fh, keep_marker=False)
        if not header_id or not header_size:
            return False
        fh.seek(header_size[0], os.SEEK_CUR)
        segment_id = _read_vint(fh, keep_marker=True)
        segment_size = _read_vint(fh, keep_marker=False)
        if not segment_id or not segment_size or segment_id[0] != 0x18538067:
            return False
        value, length = segment_size
        if value == (1 << (7 * length)) - 1:  # all ones: size unknown
            return True
        return fh.tell() + value <= size
