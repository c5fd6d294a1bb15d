"""The socket side of `fzcheck serve`: ``Handler`` only moves bytes between the socket and
``checker.serve.app.App``; all decisions are the app's.

Standard library only (``http.server.ThreadingHTTPServer``): one thread per request, so a slow
PDF never holds up the page or another file.
"""
from __future__ import annotations

import socket
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import urlsplit

from checker.serve.app import MAX_UPLOAD_BYTES, App
from checker.serve.guard import TOKEN_HEADER
from checker.serve.load import BACKLOG
from checker.serve.response import Response, _say, error_response

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


class Handler(BaseHTTPRequestHandler):
    """Moves bytes between the socket and ``App``; all decisions are the app's."""

    server_version = "fzcheck"
    protocol_version = "HTTP/1.1"
    timeout = 120  # a client that stops sending is dropped
    app: App  # set on the subclass made by make_server

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the base class's name
        if self.app.debug:  # a request line is the client's text: no escape sequences to the terminal
            from checker.render.terminal import clean_line

            super().log_message("%s", clean_line(format % args))

    def _headers(self) -> dict[str, str] | None:
        for name in ("Host", "Origin", TOKEN_HEADER, "Content-Length"):
            if len(self.headers.get_all(name) or []) > 1:
                return None
        return {key.lower(): value for key, value in self.headers.items()}

    def do_GET(self) -> None:  # noqa: N802 — http.server's naming
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def _serve(self, method: str) -> None:
        self._ticket = None
        try:
            try:
                response = self._respond(method)
            except Exception as exc:  # noqa: BLE001 — the page gets one line, never a traceback
                if self.app.debug:
                    traceback.print_exc()
                response = error_response(500, _say(self.app.lang, f"内部错误：{type(exc).__name__}: {exc}",
                                                    f"internal error: {type(exc).__name__}: {exc}"), close=True)
            self._send(response)
        finally:
            if self._ticket is not None:  # the body and the check are done with: room for the next
                self._ticket.release()

    def _respond(self, method: str) -> Response:
        headers = self._headers()
        if headers is None:
            return error_response(400, _say(self.app.lang, "请求头重复", "duplicate request headers"), close=True)
        refused = self.app.guard(method, headers)
        if refused is not None:
            return refused
        if method == "GET":
            return self.app.get(self.path)
        length_text = headers.get("content-length")
        if length_text is None or not length_text.strip().isdigit():
            return error_response(411, _say(self.app.lang, "请求缺少 Content-Length", "Content-Length required"),
                                  close=True)
        length = int(length_text)
        if length > self.app.body_limit(urlsplit(self.path).path):
            response = self.app.too_large(self.path, headers, length)
            if not response.close:
                self._drain(length)
            return response
        # Admitted before the body is read (checker/serve/load.py): past the bounds the body is
        # read and dropped in small chunks and the answer is a 503 with Retry-After, never a reset.
        self._ticket = self.app.admission.reserve(length)
        if self._ticket is None:
            self._drain(length)
            return self.app.busy(self.path)
        data = self.rfile.read(length)
        if len(data) < length:
            return error_response(400, _say(self.app.lang, "上传未完成", "the upload was cut off"), close=True)
        return self.app.post(self.path, headers, data)

    def _drain(self, length: int) -> None:
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in SECURITY_HEADERS + response.headers:
                self.send_header(name, value)
            if response.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, unsupported method) as JSON with the same headers."""
        self._send(error_response(code, message or HTTPStatus(code).phrase, close=True))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = BACKLOG  # socketserver's 5 reset connections under a burst of uploads


def make_server(host: str, port: int, lang: str = "zh", debug: bool = False,
                max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[Server, App]:
    """Bind the server (``port`` 0: any free port) and the app that answers it."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    server_class = type("BoundServer", (Server,), {"address_family": family})
    app = App(host=host.strip("[]"), port=0, lang=lang, debug=debug, max_bytes=max_bytes)
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = server_class((host.strip("[]"), port), handler)
    app.port = server.server_address[1]
    return server, app


def url_of(app: App) -> str:
    host = app.host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{app.port}/"


def serve(server: Server, on_ready: Callable[[], None] | None = None) -> None:
    if on_ready is not None:
        on_ready()
    server.serve_forever(poll_interval=0.25)
