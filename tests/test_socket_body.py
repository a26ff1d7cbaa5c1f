"""Reading a recording chunk straight from gunicorn's client socket (reviewer.recordings.socket_body),
with gunicorn's own body classes over a real socket pair."""
from __future__ import annotations

import io
import os
import socket
import threading

import pytest
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader

from reviewer.recordings import chunk_io
from reviewer.recordings.socket_body import direct_body


@pytest.fixture
def pair():
    server, client = socket.socketpair()
    yield server, client
    server.close()
    client.close()


def gunicorn_environ(sock, length: int, held: bytes = b"") -> dict:
    """What gunicorn's worker hands the application: its body reader over the client socket,
    holding `held` bytes it read together with the headers."""
    unreader = SocketUnreader(sock)
    unreader.buf.write(held)
    return {"gunicorn.socket": sock, "wsgi.input": Body(LengthReader(unreader, length))}


def send_later(sock, data: bytes) -> threading.Thread:
    thread = threading.Thread(target=sock.sendall, args=(data,))
    thread.start()
    return thread


def read_all(body, size: int = 64 * 1024) -> bytes:
    out = bytearray()
    view = memoryview(bytearray(size))
    while n := body.readinto(view):
        out += view[:n]
    return bytes(out)


def test_the_body_comes_from_the_read_ahead_then_the_socket(pair):
    server, client = pair
    payload = os.urandom(300_000)
    environ = gunicorn_environ(server, len(payload), held=payload[:5000])
    sender = send_later(client, payload[5000:])
    body = direct_body(environ, len(payload), timeout=5)
    assert body is not None
    with body:
        assert read_all(body) == payload
    sender.join()
    assert environ["wsgi.input"].reader.length == 0  # gunicorn sees the body as read: keep-alive
    assert server.gettimeout() is None  # blocking again, as gunicorn left it


def test_a_pipelined_next_request_is_given_back_to_gunicorn(pair):
    server, _client = pair
    payload, following = b"x" * 100, b"GET /next HTTP/1.1\r\n\r\n"
    environ = gunicorn_environ(server, len(payload), held=payload + following)
    with direct_body(environ, len(payload), timeout=5) as body:
        assert read_all(body) == payload
    assert environ["wsgi.input"].reader.unreader.buf.getvalue() == following


def test_a_stalled_client_times_out_and_the_connection_is_not_reused(pair):
    server, client = pair
    environ = gunicorn_environ(server, 1000)
    client.sendall(b"y" * 10)
    with direct_body(environ, 1000, timeout=0.2) as body:
        view = memoryview(bytearray(1000))
        assert body.readinto(view) == 10  # what arrived before the stall
        with pytest.raises(TimeoutError):
            body.readinto(view)
    assert environ["wsgi.input"].failed is True


def test_a_client_that_closes_early_ends_the_body_short(pair):
    server, client = pair
    environ = gunicorn_environ(server, 1000)
    client.sendall(b"z" * 300)
    client.shutdown(socket.SHUT_WR)
    with direct_body(environ, 1000, timeout=5) as body:
        assert read_all(body) == b"z" * 300


@pytest.mark.parametrize("case", ["no socket", "other server", "length differs", "already read"])
def test_anything_unexpected_falls_back_to_the_wsgi_input(pair, case):
    server, client = pair
    environ = gunicorn_environ(server, 100)
    length = 100
    if case == "no socket":
        del environ["gunicorn.socket"]
    elif case == "other server":
        environ["wsgi.input"] = io.BytesIO(b"a" * 100)
    elif case == "length differs":
        length = 99
    else:
        client.sendall(b"a" * 100)
        environ["wsgi.input"].read(10)  # the rest now sits in the body's own buffer
        environ["wsgi.input"].buf.write(b"a")
    assert direct_body(environ, length, timeout=5) is None


def test_fill_keeps_what_arrived_before_the_connection_broke(pair):
    server, client = pair
    environ = gunicorn_environ(server, 10_000)
    client.sendall(b"q" * 4000)
    with direct_body(environ, 10_000, timeout=0.2) as body:
        view = memoryview(bytearray(10_000))
        got, broken = chunk_io.fill(body, view)
    assert (got, broken) == (4000, True)  # the bytes before the stall are kept
    assert bytes(view[:got]) == b"q" * 4000
