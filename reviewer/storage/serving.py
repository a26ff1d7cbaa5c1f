"""Serving a stored object from the S3 backend: streamed through the app with HTTP range requests.

Why streamed and not a redirect to a presigned URL: the object store stays inside the data
centre (browsers never need to reach it, no CORS, no second host name in the court network),
the permission check runs on every request, including each range a `<video>` asks for while
seeking (a presigned URL works for anyone who holds it until it expires), and the caching rules
of the views (`private, no-store` for unpublished recordings) hold. The cost is that the web node
carries the bytes (docs/deploy.md). Ranges are fetched from the store as ranges, never whole.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response, abort, request
from werkzeug.http import is_resource_modified


def stream_object(backend, stored, mimetype: str | None = None, as_attachment: bool = False,
                  download_name: str | None = None, conditional: bool = True,
                  max_age: int | None = None) -> Response:
    """The response for `stored` (a StoredFile) held in `backend`: 200, 206 for a satisfiable
    `Range`, 416 for one that is not, 304 for a matching `If-None-Match`/`If-Modified-Since`.
    The ETag is the content's SHA-256. Aborts 404 when the object is missing."""
    size, etag = stored.size, stored.sha256
    headers = {"Accept-Ranges": "bytes", "ETag": f'"{etag}"'}
    if max_age is not None:
        headers["Cache-Control"] = f"public, max-age={max_age}"  # as `send_file` does
    if conditional and not is_resource_modified(request.environ, etag=etag,
                                                last_modified=stored.uploaded_at):
        return Response(status=304, headers=headers)
    span = None
    if conditional and request.range is not None and _if_range_holds(etag):
        span = request.range.range_for_length(size)
        if span is None:
            return Response(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    start, stop = span if span else (0, size)
    try:
        body = backend.read(stored.storage_path, start, stop - start)
    except FileNotFoundError:
        abort(404)
    response = Response(body, status=206 if span else 200, mimetype=mimetype or stored.mime_type,
                        headers=headers, direct_passthrough=True)
    response.content_length = stop - start
    response.last_modified = stored.uploaded_at
    if span:
        response.headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    if download_name is not None or as_attachment:
        _disposition(response, download_name or stored.original_name, as_attachment)
    return response


def _if_range_holds(etag: str) -> bool:
    """`If-Range` absent, or naming this content: the range applies (else the whole file)."""
    if_range = request.if_range
    if not if_range.etag and not if_range.date:
        return True
    return if_range.etag == etag


def _disposition(response: Response, name: str, as_attachment: bool) -> None:
    """Content-Disposition as Flask's `send_file` writes it (RFC 6266/5987 for Chinese names)."""
    try:
        name.encode("ascii")
        names = {"filename": name}
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        names = {"filename": simple, "filename*": f"UTF-8''{quote(name, safe='!#$&+-.^_`|~')}"}
    response.headers.set("Content-Disposition", "attachment" if as_attachment else "inline", **names)
