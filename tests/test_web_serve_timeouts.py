"""web/serve.py does not let a slow client hold a connection (a slowloris attack)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

from web.serve import ChatPageHandler, build_handler


@contextmanager
def page_server(read_timeout: float, deadline: float) -> Iterator[int]:
    handler = build_handler(5005, None, "'none'")
    handler.timeout = read_timeout
    handler.request_deadline = deadline
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def closed_after(connection: socket.socket, limit: float) -> float | None:
    """Seconds until the server closed the connection, None if still open after `limit`."""
    started = time.monotonic()
    connection.settimeout(limit)
    try:
        while connection.recv(1024):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_the_page_server_has_a_read_timeout_and_a_request_deadline():
    assert ChatPageHandler.timeout is not None and 0 < ChatPageHandler.timeout <= 30
    assert 0 < getattr(ChatPageHandler, "request_deadline", 0) <= 60


def test_a_client_that_sends_nothing_is_cut_off_after_the_read_timeout():
    with (
        page_server(read_timeout=0.5, deadline=5) as port,
        socket.create_connection(("127.0.0.1", port)) as connection,
    ):
        connection.sendall(b"GET / HTTP/1.1\r\n")
        waited = closed_after(connection, limit=3)
    assert waited is not None and waited < 2


def test_a_client_trickling_its_headers_is_cut_off_at_the_deadline():
    with (
        page_server(read_timeout=1, deadline=1.5) as port,
        socket.create_connection(("127.0.0.1", port)) as connection,
    ):
        started = time.monotonic()
        connection.sendall(b"GET / HTTP/1.1\r\n")
        closed = False
        for _ in range(12):  # one header byte every 0.4 s: never idle for a full second
            try:
                connection.sendall(b"X")
            except OSError:
                closed = True
                break
            time.sleep(0.4)
        if not closed:
            closed = closed_after(connection, limit=0.5) is not None
        elapsed = time.monotonic() - started
    assert closed and elapsed < 4
