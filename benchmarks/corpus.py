"""Shared helpers for the benchmarks: the evaluation corpus, and a loopback HTTP
proxy that serves it under the pages' own addresses.

Every request the pipeline makes goes to the proxy on 127.0.0.1: plain-HTTP page
and image requests are answered from the corpus (images with a small generated PNG),
HTTPS tunnels are refused at once. Nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import threading
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


@dataclass(frozen=True)
class Page:
    key: str  # the annotation's key (usually the original URL)
    url: str  # the plain-HTTP address the proxy serves it under
    file: Path
    annotation: dict

    @property
    def half(self) -> str:
        """ "tune" or "holdout": the page's half of the corpus, from a hash of its URL.

        Rules are tuned while looking at the tune half only; the holdout half is scored
        at the end, and a rule that helps one half and hurts the other is overfitting.
        The split is fixed by the annotation's key, so it never changes between runs.
        """
        return split_half(self.key)


def split_half(key: str) -> str:
    """The half a corpus URL belongs to: the low bit of the first byte of its SHA-256."""
    digest = hashlib.sha256(key.strip().encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "holdout"


def load_corpus(folder: Path = DEFAULT_CORPUS, limit: int | None = None) -> list[Page]:
    """The pages of a corpus folder laid out as ../shared/corpus (see its README)."""
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for n, (key, annotation) in enumerate(sorted(data.items())):
        file = folder / "pages" / annotation["file"]
        if not file.is_file():
            continue
        parts = urlsplit(key.strip().replace(" ", "%20"))
        if parts.scheme in ("http", "https") and parts.hostname:
            url = f"http://{parts.netloc}{parts.path or '/'}" + (
                f"?{parts.query}" if parts.query else ""
            )
        else:
            url = f"http://corpus-{n}.invalid/{annotation['file']}"
        pages.append(Page(key, url, file, annotation))
    return pages[:limit] if limit else pages


def _png(width: int = 64, height: int = 48) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload))
            + kind
            + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x80\x80\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class CorpusProxy:
    def __init__(self, pages: list[Page]) -> None:
        # Compared unquoted: the client percent-encodes non-ASCII paths its own way.
        by_url = {unquote(page.url): page.file for page in pages}
        image = _png()
        self.page_requests = 0
        self.image_requests = 0
        self.refused = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle's algorithm on,
            # the client's delayed ACK then stalls every keep-alive response ~40 ms.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                file = by_url.get(unquote(self.path))
                if file is not None:
                    proxy.page_requests += 1
                    self._send(200, file.read_bytes(), "text/html")
                elif urlsplit(self.path).path.lower().endswith(IMAGE_SUFFIXES):
                    proxy.image_requests += 1
                    self._send(200, image, "image/png")
                else:
                    self._send(404, b"not in the corpus", "text/plain")

            def do_CONNECT(self) -> None:
                proxy.refused += 1
                self._send(403, b"no tunnels: this proxy never leaves the machine", "text/plain")

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients hanging up on keep-alive connections

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> CorpusProxy:
        self.thread.start()
        # requests honours these; every other host goes through the proxy.
        for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
            os.environ.pop(name, None)
        os.environ.update(HTTP_PROXY=self.address, HTTPS_PROXY=self.address, NO_PROXY="")
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
