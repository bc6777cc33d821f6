"""A real HTTP server on 127.0.0.1 for the tests: fixture files plus scripted routes.

Besides the files under ``FIXTURES``, every server answers ``GET /gen/<name>_<W>x<H>.png``
(and ``.jpg``) with a generated image: see ``generated_png``.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "site"

Route = Callable[[BaseHTTPRequestHandler], None]

GENERATED_MAX_SIDE = 4000
# /gen/<name>_<W>x<H>.png: the name may hold letters, digits, "-" and "_" (the last
# "_<W>x<H>" is the size); ".jpg" serves the same PNG bytes labelled image/jpeg.
_GENERATED = re.compile(
    r"/gen/(?P<name>[A-Za-z0-9_-]+)_(?P<w>[1-9]\d{0,3})x(?P<h>[1-9]\d{0,3})\.(?P<ext>png|jpg)"
)
_GENERATED_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


@functools.lru_cache(maxsize=128)
def generated_png(name: str, width: int, height: int) -> bytes:
    """A valid ``width``x``height`` RGB PNG, one solid colour derived from ``name``.

    The name is also stored in a ``tEXt`` chunk, so different names always give
    different bytes even when their colours happen to match.
    """
    if not (0 < width <= GENERATED_MAX_SIDE and 0 < height <= GENERATED_MAX_SIDE):
        raise ValueError(f"image size out of range: {width}x{height}")

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    colour = hashlib.sha256(name.encode("utf-8")).digest()[:3]
    rows = (b"\x00" + colour * width) * height  # filter byte 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Title\x00" + name.encode("utf-8"))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _serve_generated(handler: BaseHTTPRequestHandler, path: str) -> None:
    match = _GENERATED.fullmatch(path)
    width, height = (int(match["w"]), int(match["h"])) if match else (0, 0)
    if match is None or width > GENERATED_MAX_SIDE or height > GENERATED_MAX_SIDE:
        respond(handler, b"<h1>Not found</h1>", status=404)
        return
    body = generated_png(match["name"], width, height)
    respond(handler, body, content_type=_GENERATED_TYPES[match["ext"]])


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float = 0.0  # time.monotonic() when it arrived: for the order and gaps of requests


def respond(
    handler: BaseHTTPRequestHandler,
    body: bytes = b"",
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


class FixtureServer:
    def __init__(self, root: Path = FIXTURES) -> None:
        self.root = root
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.release = threading.Event()  # ends handlers that hang on purpose
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle's algorithm on,
            # the client's delayed ACK then stalls every keep-alive response ~40 ms.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                server.requests.append(
                    Request(self.path, dict(self.headers.items()), time.monotonic())
                )
                route = server.routes.get(path)
                if route is not None:
                    route(self)
                    return
                if path.startswith("/gen/"):
                    _serve_generated(self, path)
                    return
                file = (server.root / path.lstrip("/")).resolve()
                if not file.is_relative_to(server.root.resolve()) or not file.is_file():
                    respond(self, b"<h1>Not found</h1>", status=404)
                    return
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                if kind == "text/html":
                    kind += "; charset=utf-8"
                respond(self, file.read_bytes(), content_type=kind)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                # A client hanging up on a keep-alive connection is normal; keep the
                # traceback for inspection instead of printing it into captured output.
                import sys

                server.errors.append(sys.exc_info()[1])

        self.errors: list[BaseException | None] = []
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def requested(self, path_prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    # Scripted behaviours -------------------------------------------------------
    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str | None = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda h: respond(h, data, status, content_type, headers)
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        self.routes[path] = lambda h: respond(h, b"", status, None, {"Location": target})
        return self.url(path)

    def hang(self, path: str, seconds: float = 30) -> str:
        """Accept the request and answer nothing until released."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            self.release.wait(seconds)

        self.routes[path] = route
        return self.url(path)

    def drip(self, path: str, interval: float = 0.2, seconds: float = 30) -> str:
        """Send headers, then one byte at a time, never finishing in time."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            deadline = time.monotonic() + seconds
            try:
                while time.monotonic() < deadline and not self.release.is_set():
                    handler.wfile.write(b"<")
                    handler.wfile.flush()
                    time.sleep(interval)
            except OSError:
                pass

        self.routes[path] = route
        return self.url(path)

    def chunked(
        self, path: str, chunk: bytes, count: int, content_type: str = "text/html; charset=utf-8"
    ) -> str:
        """A body of ``count`` chunks with no Content-Length."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            try:
                for _ in range(count):
                    handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                handler.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client hung up once it had seen enough

        self.routes[path] = route
        return self.url(path)

    def header_drip(self, path: str, interval: float = 0.1, seconds: float = 30) -> str:
        """Send a status line, then one header byte every ``interval`` s, so that no
        silence is ever long and the headers never end."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.close_connection = True
            deadline = time.monotonic() + seconds
            try:
                handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
                handler.wfile.flush()
                while time.monotonic() < deadline and not self.release.is_set():
                    time.sleep(interval)
                    handler.wfile.write(b"a")
                    handler.wfile.flush()
            except OSError:
                pass

        self.routes[path] = route
        return self.url(path)

    def answers(self, path: str, responses: list[tuple[int, dict[str, str], bytes | str]]) -> str:
        """Answer each request to ``path`` with the next of ``responses`` (status,
        headers, body), the last one again once they are used up: a 429 or 503 with
        ``Retry-After`` and then the page, for instance."""
        given = [0]
        lock = threading.Lock()

        def route(handler: BaseHTTPRequestHandler) -> None:
            with lock:
                status, headers, body = responses[min(given[0], len(responses) - 1)]
                given[0] += 1
            data = body.encode("utf-8") if isinstance(body, str) else body
            respond(handler, data, status, "text/html; charset=utf-8", headers)

        self.routes[path] = route
        return self.url(path)

    def raw(self, path: str, response: bytes) -> str:
        """Answer with exactly these bytes (status line, headers, body), then close:
        for headers ``send_header`` would refuse, such as non-UTF-8 ``Location``."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.close_connection = True
            handler.wfile.write(response)
            handler.wfile.flush()

        self.routes[path] = route
        return self.url(path)
