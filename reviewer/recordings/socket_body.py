"""A request body read straight from the client's socket, when the app runs under gunicorn.

Reading a recording chunk through the WSGI input (gunicorn's body reader, then werkzeug's
limited stream) copies every byte several times in Python and tops out near 250 MB/s on this
class of machine, using most of a core. Under gunicorn the client's socket is in the environ
(`gunicorn.socket`) and its body reader (`wsgi.input.reader`, a `LengthReader`) holds only a
small read-ahead buffer; `SocketBody` hands out that buffer first, then `recv_into`s the caller's
buffer directly, and keeps gunicorn's count of the body's unread bytes true after each read, so
the connection stays usable for the next request (keep-alive).

`direct_body` returns None — and the caller uses `request.stream` as before — whenever anything
is not exactly as expected (another server, a chunked body, a body that was already read, an
unknown gunicorn version), so a change in gunicorn costs speed, never correctness.
"""
from __future__ import annotations

import io
import socket


class SocketBody:
    """File-like `readinto` over the `length` body bytes left on gunicorn's client socket.

    Used as a context manager: while open, a read waits at most `timeout` seconds for the client
    (a stalled upload then ends like a dropped one and frees the worker thread); on leaving, the
    socket is blocking again, as gunicorn left it.
    """

    def __init__(self, sock: socket.socket, body, prefix: bytes, timeout: float):
        self.sock = sock
        self.body = body  # gunicorn's Body: `failed` tells it not to reuse the connection
        self.reader = body.reader  # gunicorn's LengthReader: `length` = body bytes not yet read
        self.prefix = memoryview(prefix)
        self.timeout = timeout
        self.error: OSError | None = None  # raised by the next read, after the bytes before it

    def __enter__(self) -> SocketBody:
        self.sock.settimeout(self.timeout)
        return self

    def __exit__(self, *exc) -> None:
        self.sock.settimeout(None)

    def readinto(self, view: memoryview) -> int:
        """Fill `view` as far as the body allows; 0 at its end. A peer that goes away or stalls
        raises an OSError — after the bytes that arrived before it have been returned; one that
        closes cleanly ends the body early."""
        if self.error is not None:
            raise self.error
        want = min(len(view), self.reader.length)
        got = 0
        if self.prefix and want:
            got = min(want, len(self.prefix))
            view[:got] = self.prefix[:got]
            self.prefix = self.prefix[got:]
        try:
            while got < want:
                n = self.sock.recv_into(view[got:want], want - got)
                if n == 0:
                    break
                got += n
        except OSError as error:  # where this body ends on the connection is unknown: close it
            self.body.failed = True
            if not got:
                raise
            self.error = error
        finally:
            self.reader.length -= got
        return got


def direct_body(environ: dict, content_length: int | None, timeout: float) -> SocketBody | None:
    """A `SocketBody` for this request's body, or None to read it through `wsgi.input`."""
    sock = environ.get("gunicorn.socket")
    body = environ.get("wsgi.input")
    reader = getattr(body, "reader", None)
    unreader = getattr(reader, "unreader", None)
    if (not isinstance(sock, socket.socket) or content_length is None
            or type(reader).__name__ != "LengthReader"
            or not isinstance(getattr(body, "buf", None), io.BytesIO)
            or not isinstance(getattr(unreader, "buf", None), io.BytesIO)
            or getattr(reader, "length", None) != content_length
            or body.buf.getbuffer().nbytes):
        return None
    held = unreader.buf.getvalue()  # read ahead with the headers: the start of the body
    unreader.buf = io.BytesIO()
    if len(held) > content_length:  # a pipelined next request: give its bytes back
        unreader.buf.write(held[content_length:])
        held = held[:content_length]
    return SocketBody(sock, body, held, timeout)
