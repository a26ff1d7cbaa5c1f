"""The tus 1.0 resumable upload protocol (https://tus.io/protocols/resumable-upload): what the
server announces and answers, and how it reads the client's headers. No database here.

Served: the core protocol (HEAD → `Upload-Offset`; PATCH with `Upload-Offset` and
`Content-Type: application/offset+octet-stream` appends; 409 on a wrong offset), and the
extensions `creation` (POST with `Upload-Length` and `Upload-Metadata` → 201 + `Location`),
`termination` (DELETE → 204), `checksum` (`Upload-Checksum: <algorithm> <base64>` on a PATCH; 460
when the body does not match; algorithms in `Tus-Checksum-Algorithm`) and `expiration`
(`Upload-Expires`: when the periodic clean-up may delete an upload that gets no more bytes).
Every request but OPTIONS must say `Tus-Resumable: 1.0.0` (else 412). Refusals carry a Chinese
sentence as a plain-text body.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from email.utils import format_datetime

from flask import Response, request

VERSION = "1.0.0"
EXTENSIONS = "creation,termination,checksum,expiration"
OFFSET_TYPE = "application/offset+octet-stream"
CHECKSUMS = {"sha1": hashlib.sha1, "md5": hashlib.md5, "sha256": hashlib.sha256}


class Refusal(Exception):
    """The protocol's answer to a request that cannot be carried out: an HTTP status and the
    Chinese sentence for the person (not a broken business rule: nothing needs rolling back)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Checksum:
    """An `Upload-Checksum` header: the algorithm and the digest the PATCH body must have."""

    algorithm: str
    expected: bytes

    def hasher(self):
        return CHECKSUMS[self.algorithm]()

    def matches(self, hasher) -> bool:
        return hmac.compare_digest(hasher.digest(), self.expected)


def answer(status: int = 204, message: str | None = None, headers: dict | None = None) -> Response:
    """A tus response: `Tus-Resumable`, never cached, a plain-text sentence when given."""
    response = Response(message or "", status=status, mimetype="text/plain")
    response.headers["Tus-Resumable"] = VERSION
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = str(value)
    return response


def capabilities(max_size: int) -> Response:
    """The answer to OPTIONS: what this server speaks."""
    return answer(204, headers={"Tus-Version": VERSION, "Tus-Extension": EXTENSIONS,
                                "Tus-Max-Size": max_size,
                                "Tus-Checksum-Algorithm": ",".join(CHECKSUMS)})


def check_version() -> None:
    if request.headers.get("Tus-Resumable") != VERSION:
        raise Refusal(412, f"不支持的上传协议版本，请使用 tus {VERSION}。")


def header_int(name: str, required: bool = True) -> int | None:
    """A non-negative integer header (`Upload-Offset`, `Upload-Length`)."""
    value = request.headers.get(name)
    if value is None and not required:
        return None
    if value is None or not value.isdigit() or len(value) > 18:
        raise Refusal(400, f"请求头 {name} 缺失或不是非负整数。")
    return int(value)


def metadata(value: str | None) -> dict[str, str]:
    """`Upload-Metadata`: comma-separated `key base64(value)` pairs (the value may be absent)."""
    pairs: dict[str, str] = {}
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        key, _, encoded = item.partition(" ")
        try:
            pairs[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise Refusal(400, f"Upload-Metadata 中 {key[:40]} 的值不是有效的 Base64 UTF-8 文本。") from None
    return pairs


def checksum(value: str | None) -> Checksum | None:
    """`Upload-Checksum`, or None when absent; 400 for an algorithm this server does not know."""
    if not value:
        return None
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm.lower() not in CHECKSUMS:
        raise Refusal(400, f"不支持的校验算法 {algorithm[:20]}，可用：{'、'.join(CHECKSUMS)}。")
    try:
        expected = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        raise Refusal(400, "Upload-Checksum 的校验值不是有效的 Base64。") from None
    return Checksum(algorithm.lower(), expected)


def http_date(moment) -> str:
    """`Upload-Expires` format (RFC 9110 HTTP-date) of an aware or UTC-naive datetime."""
    from datetime import timezone

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)
