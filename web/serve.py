"""Serve the web chat page: web/static/ at `/` and a generated `/config.js`.

Standard library only, so `make run` needs nothing beyond Python. The page talks to Rasa's
socket.io channel directly; this server only hands out files and tells the widget where
Rasa listens (RASA_PORT, on the host the page was loaded from).

It also opens the links to summaries for the doctor (`/summary/<token>`, and `.pdf`), reading
the token table, the stored conversation and the knowledge files (symptom_checker.summary).

Environment: WEB_HOST (default 127.0.0.1), WEB_PORT (8080), RASA_PORT (5005),
RASA_SOCKET_URL (optional full URL of Rasa's socket.io server, for a reverse proxy),
WEB_FRAME_ANCESTORS (optional CSP frame-ancestors value, to allow embedding the page).

A slow client cannot hold a connection: each read waits at most READ_TIMEOUT_SECONDS (an idle
keep-alive connection is closed after that), and a request's line and headers must arrive
within REQUEST_DEADLINE_SECONDS however slowly the bytes trickle in.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import json
import os
import re
import socket
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

STATIC_ROOT = Path(__file__).resolve().parent / "static"
REQUIRED_VENDOR_FILES = ("vendor/socket.io.min.js",)
SOCKETIO_PATH = "/socket.io"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}

READ_TIMEOUT_SECONDS = 10.0
REQUEST_DEADLINE_SECONDS = 15.0

# A host name, IPv4 address or bracketed IPv6 address, with an optional port.
_HOST_HEADER = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$")
# /summary/<token> (the page) and /summary/<token>.pdf: a summary for the doctor.
_SUMMARY_PATH = re.compile(r"^/summary/(?P<token>[A-Za-z0-9_-]{20,128})(?P<pdf>\.pdf)?$")


def resolve_static_file(url_path: str, root: Path = STATIC_ROOT) -> Path | None:
    """Map a request path to a file under `root`, or None (404).

    Directories are never listed, hidden files are never served and nothing outside
    `root` is reachable, however the path is encoded.
    """
    path = urllib.parse.urlsplit(url_path).path
    try:
        path = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in path or "\\" in path:
        return None
    if path == "/":
        path = "/index.html"
    if path.endswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if not parts or any(part.startswith(".") for part in parts):
        return None
    root = root.resolve()
    candidate = root.joinpath(*parts).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def host_from_header(host_header: str | None) -> str:
    """The host name the page was loaded from, without the port; 127.0.0.1 if unusable."""
    match = _HOST_HEADER.match((host_header or "").strip())
    return match.group(1) if match else "127.0.0.1"


class ChatPageHandler(BaseHTTPRequestHandler):
    """GET and HEAD only; static files plus the generated config.js."""

    server_version = "SymptomCheckerWeb/1.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    rasa_port: int = 5005
    rasa_socket_url: str | None = None
    frame_ancestors: str = "'none'"
    static_root: Path = STATIC_ROOT
    # StreamRequestHandler puts this timeout on the connection's socket: every read.
    timeout: ClassVar[float | None] = READ_TIMEOUT_SECONDS
    request_deadline: float = REQUEST_DEADLINE_SECONDS

    # --- slow clients -----------------------------------------------------------------
    def handle_one_request(self) -> None:
        # Reading one byte every few seconds would never hit the per-read timeout; the
        # timer cuts the connection once the request line and headers take too long.
        self._request_timer = threading.Timer(self.request_deadline, self._too_slow)
        self._request_timer.daemon = True
        self._request_timer.start()
        try:
            super().handle_one_request()
        finally:
            self._request_timer.cancel()

    def parse_request(self) -> bool:
        parsed = super().parse_request()  # reads the headers
        self._request_timer.cancel()  # they are in: answering is not limited
        return parsed

    def _too_slow(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # --- request entry points -------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._serve()

    do_HEAD = do_GET  # noqa: N815 (_send leaves the body out for HEAD)

    def version_string(self) -> str:
        return self.server_version

    def _method_not_allowed(self) -> None:
        # Read a small body so closing the connection does not reset it under the reply;
        # the connection is closed anyway, as a chunked body is not read.
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) <= 1_000_000:
            self.rfile.read(int(length))
        self.close_connection = True
        self._send_text(
            HTTPStatus.METHOD_NOT_ALLOWED,
            "Method not allowed\n",
            extra={"Allow": "GET, HEAD", "Connection": "close"},
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _method_not_allowed  # noqa: N815

    # --- responses -------------------------------------------------------------------
    def _serve(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/config.js":
            self._send_config()
            return
        if path.startswith("/summary/"):
            self._send_summary(path)
            return
        file_path = resolve_static_file(self.path, self.static_root)
        if file_path is None:
            self._send_text(HTTPStatus.NOT_FOUND, "Not found\n")
            return
        self._send_file(file_path)

    def _send_config(self) -> None:
        from symptom_checker.knowledge import URGENCY_LEVELS

        config = {
            "rasaPort": self.rasa_port,
            "socketPath": SOCKETIO_PATH,
            "socketUrl": self.rasa_socket_url,
            "urgencyLevels": list(URGENCY_LEVELS),
            **emergency_services(),
        }
        body = (
            "// Generated by web/serve.py for each request: where Rasa's socket.io channel is.\n"
            f"window.SYMPTOM_CHAT_CONFIG = Object.freeze({json.dumps(config)});\n"
        ).encode()
        self._send(
            HTTPStatus.OK, body, "text/javascript; charset=utf-8", {"Cache-Control": "no-store"}
        )

    def _send_summary(self, path: str) -> None:
        """The summary behind a link, as a page or a PDF; 404 for anything not valid now."""
        match = _SUMMARY_PATH.match(path)
        from symptom_checker.summary import summaries

        summary = summaries().load(match.group("token")) if match else None
        if match is None or summary is None:
            self._send_text(HTTPStatus.NOT_FOUND, "This summary link is not valid.\n")
            return
        private = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
        if match.group("pdf"):
            from symptom_checker.summary_pdf import render_pdf

            headers = {**private, "Content-Disposition": 'inline; filename="symptom-summary.pdf"'}
            self._send(HTTPStatus.OK, render_pdf(summary), "application/pdf", headers)
            return
        from symptom_checker.summary import render_html

        page = render_html(summary, pdf_href=f"{path}.pdf")
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8", private)

    def _send_file(self, file_path: Path) -> None:
        stat = file_path.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        # Not fingerprinted file names, so browsers revalidate every time (cheap 304s)
        # and a new build is picked up at once.
        headers = {"Cache-Control": "no-cache", "ETag": etag, "Last-Modified": last_modified}
        if self._not_modified(etag, stat.st_mtime):
            self._send(HTTPStatus.NOT_MODIFIED, b"", None, headers)
            return
        content_type = CONTENT_TYPES.get(file_path.suffix.lower(), "application/octet-stream")
        self._send(HTTPStatus.OK, file_path.read_bytes(), content_type, headers)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
            return etag in tags or "*" in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = email.utils.parsedate_to_datetime(str(if_modified_since)).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return int(mtime) <= since
        return False

    def _send_text(self, status: HTTPStatus, text: str, extra: dict | None = None) -> None:
        headers = {"Cache-Control": "no-store", **(extra or {})}
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _send(
        self, status: HTTPStatus, body: bytes, content_type: str | None, headers: dict
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        for name, value in {**self._security_headers(), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)

    def _security_headers(self) -> dict:
        host = host_from_header(self.headers.get("Host") if self.headers else None)
        rasa_origins = [
            f"{scheme}://{host}:{self.rasa_port}" for scheme in ("http", "ws", "https", "wss")
        ]
        if self.rasa_socket_url:
            parts = urllib.parse.urlsplit(self.rasa_socket_url)
            ws_scheme = "wss" if parts.scheme == "https" else "ws"
            rasa_origins += [f"{parts.scheme}://{parts.netloc}", f"{ws_scheme}://{parts.netloc}"]
        csp = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src 'self' " + " ".join(rasa_origins),
                "base-uri 'none'",
                "form-action 'none'",
                "object-src 'none'",
                f"frame-ancestors {self.frame_ancestors}",
            ]
        )
        headers = {
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        }
        if self.frame_ancestors == "'none'":
            headers["X-Frame-Options"] = "DENY"
        return headers

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        sys.stderr.write(f"web: {self.address_string()} {format % args}\n")


def emergency_services() -> dict:
    """Who to call in an emergency, from data/services (issue 13): never a literal here."""
    try:
        from symptom_checker.services import load_services
    except ImportError:  # served without the project on the path: stay neutral
        return {"emergency": "your local emergency number", "emergencyExamples": ""}
    services = load_services()
    return {"emergency": services.emergency, "emergencyExamples": services.emergency_examples}


def build_handler(rasa_port: int, rasa_socket_url: str | None, frame_ancestors: str) -> type:
    """A handler class bound to this server's settings."""
    return type(
        "ConfiguredChatPageHandler",
        (ChatPageHandler,),
        {
            "rasa_port": rasa_port,
            "rasa_socket_url": rasa_socket_url or None,
            "frame_ancestors": frame_ancestors,
        },
    )


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the symptom-checker web chat page.")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    args = parser.parse_args(argv)

    missing = [name for name in REQUIRED_VENDOR_FILES if not (STATIC_ROOT / name).is_file()]
    if missing:
        print(
            f"web: missing {', '.join(missing)} under {STATIC_ROOT}; "
            "run `npm --prefix web ci && npm --prefix web run build` first",
            file=sys.stderr,
        )
        return 2

    handler = build_handler(
        args.rasa_port,
        os.environ.get("RASA_SOCKET_URL"),
        os.environ.get("WEB_FRAME_ANCESTORS", "'none'"),
    )
    server = ThreadingHTTPServer((args.host, args.port), handler)
    server.daemon_threads = True
    print(
        f"web: chat page on http://{args.host}:{args.port}/ "
        f"(Rasa socket.io on port {args.rasa_port})",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
