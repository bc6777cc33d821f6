"""Cutting off an HTTP request from another thread.

A socket timeout bounds each silence, not a whole response: a server that sends a
header byte every few seconds is never timed out by it. So every connection tells
the ``Watch`` of the request running on the current thread which socket it uses,
and the watch shuts that socket down (``shutdown(2)``, which wakes a thread blocked
connecting, in a TLS handshake or reading, see shutdown(2) and connect(2)) when the
request's deadline passes or it is cancelled. The reading thread then sees the
connection end and stops.

The watch holds its own duplicate of each socket's descriptor (``socket.fromfd``),
taken before the socket connects: when TLS wraps a socket, the descriptor moves to
the new ``SSLSocket`` and the old object is detached, so shutting the old object
down would do nothing, while a duplicate still reaches the same connection, through
the handshake and after. The duplicates are closed by ``Watch.close`` when the
download ends; from then on the watch shuts nothing down, so a late cancel cannot
reach a kept-alive connection another request is using.

The name lookup runs on a lookup thread (``lookups``) and is waited for only until
the connect timeout, the deadline or a cancel, whichever comes first.

``WatchedAdapter`` is a ``requests`` transport adapter whose urllib3 pools make such
connections (urllib3 2.x: ``HTTPConnection._new_conn`` opens the socket, ``request``
starts each request on a new or kept-alive connection).
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager, ProxyManager
from urllib3.util.connection import allowed_gai_family
from urllib3.util.timeout import _DEFAULT_TIMEOUT

from newsreader.capture.lookups import start_lookup
from newsreader.errors import FetchError

_current = threading.local()


def _shut(handle: socket.socket) -> None:
    with contextlib.suppress(OSError):  # never connected, or the peer is gone
        handle.shutdown(socket.SHUT_RDWR)


def _duplicate(sock: Any) -> socket.socket | None:
    """A socket object of our own on ``sock``'s connection (a new descriptor for the
    same socket), or None if ``sock`` is closed. urllib3's ``SSLTransport`` (TLS
    inside a TLS proxy tunnel) keeps the real socket as ``.socket``."""
    base = sock if isinstance(sock, socket.socket) else getattr(sock, "socket", None)
    if not isinstance(base, socket.socket):
        return None
    try:
        return socket.fromfd(base.fileno(), base.family, base.type, base.proto)
    except (OSError, ValueError):
        return None


class Watch:
    """The connections one download (and its redirects) uses on this thread; ``fire``
    shuts them, and any it meets later, down. ``reason`` says why (None until fired).
    ``close()`` ends the watch: nothing is shut down after it returns."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handles: dict[int, socket.socket] = {}  # our duplicates, by key
        self._keys = itertools.count()
        self._wakers: set[threading.Event] = set()
        self._closed = False
        self.reason: str | None = None

    def attach(self, sock: Any) -> int | None:
        """Watch ``sock``'s connection; returns a key for ``forget`` (None: nothing
        to watch, or already fired, in which case the connection was shut down)."""
        handle = _duplicate(sock)
        if handle is None:
            return None
        with self._lock:
            if self.reason is None and not self._closed:
                key = next(self._keys)
                self._handles[key] = handle
                return key
            if not self._closed:
                _shut(handle)
        handle.close()
        return None

    def forget(self, key: int | None) -> None:
        """Stop watching the connection ``attach`` returned ``key`` for."""
        with self._lock:
            handle = self._handles.pop(key, None) if key is not None else None
        if handle is not None:
            handle.close()

    def fire(self, reason: str) -> None:
        """Shut every watched connection down (once; never after ``close``)."""
        with self._lock:
            if self.reason is not None or self._closed:
                return
            self.reason = reason
            for handle in self._handles.values():  # under the lock: see close()
                _shut(handle)
            wakers = list(self._wakers)
        for waker in wakers:
            waker.set()

    def wait_for(self, future: Future, timeout: float | None) -> bool:
        """Wait until ``future`` is done (True), or the watch fires or ``timeout``
        seconds pass (False)."""
        wake = threading.Event()
        future.add_done_callback(lambda _: wake.set())
        with self._lock:
            if self.reason is not None:
                return False
            self._wakers.add(wake)
        try:
            wake.wait(timeout)
        finally:
            with self._lock:
                self._wakers.discard(wake)
        return future.done()

    def close(self) -> None:
        """End the watch: its duplicates are closed, and once this returns nothing is
        shut down any more (``fire`` shuts down only under the same lock)."""
        with self._lock:
            self._closed = True
            handles = list(self._handles.values())
            self._handles.clear()
        for handle in handles:
            handle.close()

    @contextlib.contextmanager
    def active(self) -> Iterator[Watch]:
        """Watch the requests this thread makes inside the ``with`` block."""
        _current.watch = self
        try:
            yield self
        finally:
            _current.watch = None


class _Watched:
    """Mixin for urllib3 connections: report the socket to the thread's watch."""

    def _new_conn(self) -> socket.socket:
        """urllib3's ``_new_conn`` (same errors), with the socket handed to the watch
        before it connects: shutting a connecting socket down ends the wait (Linux),
        and the name lookup is waited for within the connect timeout. Raises
        ``FetchError`` when the lookup takes longer than that."""
        watch = getattr(_current, "watch", None)
        if watch is None:
            return super()._new_conn()  # type: ignore[misc]
        host = self.host  # type: ignore[attr-defined]
        try:
            sock = _connect(self, watch)
        except socket.gaierror as exc:
            raise NameResolutionError(host, self, exc) from exc
        except TimeoutError as exc:
            raise ConnectTimeoutError(
                self, f"Connection to {host} timed out. (connect timeout={self.timeout})"
            ) from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc
        sys.audit("http.client.connect", self, host, self.port)  # type: ignore[attr-defined]
        return sock  # watched through TLS too: the watch holds a duplicate

    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch = getattr(_current, "watch", None)
        if watch is not None and self.sock is not None:  # type: ignore[attr-defined]
            watch.attach(self.sock)  # type: ignore[attr-defined]  # kept alive, used again
        return super().request(*args, **kwargs)  # type: ignore[misc]


def _timeout(conn: HTTPConnection) -> float | None:
    timeout = conn.timeout
    return None if timeout is _DEFAULT_TIMEOUT else timeout  # type: ignore[return-value]


def _addresses(conn: HTTPConnection, host: str, watch: Watch) -> list[Any]:
    """``getaddrinfo`` for ``conn``, waited for until the connect timeout, the watch
    firing (the deadline or a cancel: ``TimeoutError``), whichever comes first."""
    timeout = _timeout(conn)
    lookup = start_lookup(host, conn.port, allowed_gai_family(), socket.SOCK_STREAM)
    if watch.wait_for(lookup, timeout):
        return lookup.result()  # or its socket.gaierror
    # Not waited for any more: a lookup that hangs is left behind on its thread.
    if watch.reason is not None:
        raise TimeoutError(f"looking up {host} was cut off ({watch.reason})")
    raise FetchError(f"looking up {host} took longer than {round(timeout or 0, 1):g} s")


def _connect(conn: HTTPConnection, watch: Watch) -> socket.socket:
    """``urllib3.util.connection.create_connection`` for ``conn``, every socket watched."""
    host = conn._dns_host.strip("[]")
    error: OSError | None = None
    for family, kind, proto, _, address in _addresses(conn, host, watch):
        sock = socket.socket(family, kind, proto)
        key = None
        try:
            for option in conn.socket_options or ():
                sock.setsockopt(*option)
            if conn.timeout is not _DEFAULT_TIMEOUT:
                sock.settimeout(conn.timeout)
            if conn.source_address:
                sock.bind(conn.source_address)
            key = watch.attach(sock)
            sock.connect(address)
            if watch.reason is not None:  # fired before the socket was watched
                raise TimeoutError(f"connecting was cut off ({watch.reason})")
            return sock
        except OSError as exc:
            error = exc
            watch.forget(key)
            sock.close()
    raise error or OSError("getaddrinfo returns an empty list")


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' adapter, with connections a ``Watch`` can cut off."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> PoolManager:
        manager = super().proxy_manager_for(proxy, **kwargs)
        if type(manager) is ProxyManager:  # a SOCKS manager keeps its own pools
            manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
