"""Cutting off an HTTP request from another thread.

A socket timeout bounds each silence, not a whole response: a server that sends a
header byte every few seconds is never timed out by it. So every connection tells
the ``Watch`` of the request running on the current thread which socket it uses,
and the watch shuts that socket down (``shutdown(2)``, which wakes a thread blocked
reading it, TLS or not) when the request's deadline passes or it is cancelled. The
reading thread then sees the connection end and stops.

The socket is watched from before it connects, so a connection attempt to a host
that never answers is cut off too. Not covered: the name lookup (``getaddrinfo``
cannot be interrupted; it has the resolver's own timeouts).

``WatchedAdapter`` is a ``requests`` transport adapter whose urllib3 pools make such
connections (urllib3 2.x: ``HTTPConnection._new_conn`` opens the socket, ``request``
starts each request on a new or kept-alive connection).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager, ProxyManager
from urllib3.util.connection import allowed_gai_family
from urllib3.util.timeout import _DEFAULT_TIMEOUT

_current = threading.local()


def _shut(handle: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or never connected
        handle.shutdown(socket.SHUT_RDWR)


class Watch:
    """The sockets one request (and its redirects) uses on this thread; ``fire`` shuts
    them, and any it meets later, down. ``reason`` says why (None until fired)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handles: list[socket.socket] = []
        self.reason: str | None = None

    def attach(self, handle: socket.socket) -> None:
        with self._lock:
            if self.reason is None:
                self._handles.append(handle)
                return
        _shut(handle)

    def fire(self, reason: str) -> None:
        with self._lock:
            if self.reason is not None:
                return
            self.reason = reason
            handles, self._handles = self._handles, []
        for handle in handles:
            _shut(handle)

    @contextlib.contextmanager
    def active(self) -> Iterator[Watch]:
        """Watch the requests this thread makes inside the ``with`` block."""
        _current.watch = self
        try:
            yield self
        finally:
            _current.watch = None


class _Watched:
    """Mixin for urllib3 connections: report the socket to the thread's watch.

    The watch holds the socket objects themselves, never a descriptor number: a
    socket object closed for good has no descriptor (shutting it down fails
    harmlessly), while one http.client has closed but whose response is still being
    read keeps its descriptor until the response is done, and can still be cut off.
    """

    def _attach(self, sock: socket.socket | None) -> None:
        watch = getattr(_current, "watch", None)
        if watch is not None and sock is not None:
            watch.attach(sock)

    def _new_conn(self) -> socket.socket:
        """urllib3's ``_new_conn`` (same errors), with the socket handed to the watch
        before it connects: shutting a connecting socket down ends the wait (Linux)."""
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
        return sock  # plain, until TLS wraps it (then see connect)

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._attach(self.sock)  # the TLS socket, for https

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self._attach(self.sock)  # a kept-alive connection used again
        return super().request(*args, **kwargs)  # type: ignore[misc]


def _connect(conn: HTTPConnection, watch: Watch) -> socket.socket:
    """``urllib3.util.connection.create_connection`` for ``conn``, every socket watched."""
    host = conn._dns_host.strip("[]")
    error: OSError | None = None
    for family, kind, proto, _, address in socket.getaddrinfo(
        host, conn.port, allowed_gai_family(), socket.SOCK_STREAM
    ):
        sock = socket.socket(family, kind, proto)
        try:
            for option in conn.socket_options or ():
                sock.setsockopt(*option)
            if conn.timeout is not _DEFAULT_TIMEOUT:
                sock.settimeout(conn.timeout)
            if conn.source_address:
                sock.bind(conn.source_address)
            watch.attach(sock)
            sock.connect(address)
            return sock
        except OSError as exc:
            error = exc
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
