"""Name lookups that a deadline or a cancel can walk away from.

``socket.getaddrinfo`` cannot be interrupted or given a timeout: a resolver that
never answers holds the calling thread for as long as its own retries last (minutes,
or for good). So each lookup runs on one of a few daemon threads here, and the
request waits for its result only as long as it may (``http_watch``); a lookup that
never returns is left behind on its thread, which never keeps the program from
exiting (``concurrent.futures.ThreadPoolExecutor`` joins its threads at exit, so it
is not used).
"""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

LOOKUP_THREADS = 8  # lookups running at once; more wait their turn (within their time)

# The resolver the lookup threads call. A seam for the tests, which cannot make the
# system's resolver hang: they put a slow one here.
getaddrinfo: Callable[..., list[Any]] = socket.getaddrinfo

Job = tuple[Future, Callable[..., Any], tuple[Any, ...]]


class _LookupThreads:
    """Up to ``size`` daemon threads, started as lookups need them."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0  # threads waiting for a job
        self._queued = 0  # jobs no thread has taken yet

    def submit(self, func: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        with self._lock:
            self._queued += 1
            self._jobs.put((future, func, args))
            if self._queued > self._idle and self._threads < self._size:
                self._threads += 1
                threading.Thread(target=self._work, name="name-lookup", daemon=True).start()
        return future

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            future, func, args = self._jobs.get()
            with self._lock:
                self._idle -= 1
                self._queued -= 1
            if not future.set_running_or_notify_cancel():
                continue  # cancelled before it started
            try:
                result = func(*args)
            except BaseException as exc:  # handed to the waiting request, if any
                future.set_exception(exc)
            else:
                future.set_result(result)


_threads = _LookupThreads(LOOKUP_THREADS)
# Lookups asked for and not answered yet, by their arguments: a request for the same
# name waits for the same lookup, so a name whose lookup hangs holds one thread only,
# however many requests (say, a page's images) ask for it.
_running: dict[tuple[str, int, int, int], Future] = {}
_running_lock = threading.Lock()


def _lookup(host: str, port: int, family: int, kind: int) -> list[Any]:
    return getaddrinfo(host, port, family, kind)  # read at call time: the seam


def start_lookup(host: str, port: int, family: int, kind: int = socket.SOCK_STREAM) -> Future:
    """``getaddrinfo(host, port, family, kind)`` on a lookup thread (or the same
    lookup already under way); its ``Future`` gives the address list or raises what
    the lookup raised (``socket.gaierror``). Waiting for it is the caller's business:
    the future is shared, so never cancel it."""
    key = (host, port, family, kind)
    with _running_lock:
        future = _running.get(key)
        started = future is None
        if future is None:
            future = _running[key] = _threads.submit(_lookup, *key)
    if started:  # outside the lock: a lookup done already calls this at once, here
        future.add_done_callback(lambda done: _forget(key, done))
    return future


def _forget(key: tuple[str, int, int, int], future: Future) -> None:
    with _running_lock:
        if _running.get(key) is future:
            del _running[key]
