"""A cancel or a deadline reaches every step of making a connection: the TLS handshake
with a server that accepts TCP and then says nothing (or drips), and a name lookup
that never returns.

The handshake servers are raw TCP listeners on 127.0.0.1. The system's resolver
cannot be made to hang here, so the lookups go through ``lookups.getaddrinfo`` (the
resolver the lookup threads call), replaced by one that never answers for a few
made-up names and asks the real resolver for every other.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsreader.capture import lookups
from newsreader.capture.deadline import Deadline
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.errors import Cancelled, DeadlineExceeded, FetchError
from newsreader.saver import Saver
from tests.test_saver import article_page

CANCEL_BOUND = 2.0  # a cancel must end a download within this many seconds
MARGIN = 2.5  # over a deadline, for a busy machine


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and then, per ``mode``: "silent" never
    sends a byte; "drip" sends a TLS record header announcing 16 KiB of handshake,
    then one byte every 0.1 s, so no silence is ever long."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.stop = threading.Event()
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)
            self.accepted.set()
            if self.mode == "drip":
                threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.recv(4096)  # the ClientHello
            conn.sendall(b"\x16\x03\x03\x40\x00")
            while not self.stop.wait(0.1):
                conn.sendall(b"\x02")
        except OSError:
            pass

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture(params=["silent", "drip"])
def tls_silent(request) -> Iterator[SilentServer]:
    server = SilentServer(request.param)
    yield server
    server.close()


def _in_thread(call: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def _cancel_and_time(deadline: Deadline, thread: threading.Thread) -> float:
    started = time.monotonic()
    deadline.cancel("cancelled")
    thread.join(30)
    assert not thread.is_alive()
    return time.monotonic() - started


# --- the TLS handshake --------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_cancel_reaches_a_tls_handshake_the_server_never_answers(tls_silent, host):
    fetcher = Fetcher(FetchLimits())  # the defaults: 10 s to connect, 30 s of silence
    deadline = Deadline(what="the save")
    try:
        url = f"https://{host}:{tls_silent.port}/article"
        thread, errors = _in_thread(lambda: fetcher.fetch_page(url, deadline=deadline))
        assert tls_silent.accepted.wait(10)
        time.sleep(0.5)  # inside the handshake
        assert thread.is_alive()
        assert _cancel_and_time(deadline, thread) < CANCEL_BOUND
        assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    finally:
        fetcher.close()


@pytest.mark.parametrize("total", [1.0, 1.5])
def test_a_tls_handshake_that_never_ends_is_cut_off_at_the_total_deadline(tls_silent, total):
    fetcher = Fetcher(FetchLimits(connect_timeout=30, read_timeout=30, total_timeout=total))
    try:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match=r"^download from 127.0.0.1 took longer than"):
            fetcher.fetch_page(f"https://127.0.0.1:{tls_silent.port}/")
        assert time.monotonic() - started < total + MARGIN
    finally:
        fetcher.close()


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_a_finished_download_leaves_no_descriptor_of_its_watch_behind(server):
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5))
    url = server.page("/a", article_page())
    redirect = server.redirect("/r", "/a")
    try:
        fetcher.fetch_page(url)  # the kept-alive connection now exists
        before = _open_descriptors()
        for _ in range(10):
            fetcher.fetch_page(url)
            fetcher.fetch_page(redirect)
        # A watch that kept its descriptor would leave 30 behind (three requests a
        # round); other tests' threads may hold one or two open at this moment.
        assert _open_descriptors() - before <= 3
    finally:
        fetcher.close()


# --- name lookups -------------------------------------------------------------------------------
@dataclass
class Resolver:
    hanging: tuple[str, str]  # names whose lookups never return (until the test ends)
    asked: list[str]  # every name looked up so far


@pytest.fixture
def resolver(monkeypatch) -> Iterator[Resolver]:
    """Lookups that hang for two names of this test's own (a lookup of the same name
    left hanging by another test would be shared: see ``lookups.start_lookup``)."""
    release = threading.Event()
    tag = uuid.uuid4().hex[:8]
    state = Resolver((f"slow-{tag}.example", f"hanging-resolver-{tag}.test"), [])
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        state.asked.append(host)
        if host in state.hanging:
            release.wait(60)
            raise socket.gaierror(socket.EAI_AGAIN, "released by the test")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(lookups, "getaddrinfo", getaddrinfo)
    yield state
    release.set()


def _wait_for_lookup(resolver: Resolver, host: str) -> None:
    end = time.monotonic() + 10
    while host not in resolver.asked:
        assert time.monotonic() < end, f"{host} was never looked up"
        time.sleep(0.02)


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("which", [0, 1])
def test_a_cancel_reaches_a_name_lookup_that_never_returns(resolver, which, scheme):
    fetcher = Fetcher(FetchLimits())
    deadline = Deadline(what="the save")
    host = resolver.hanging[which]
    try:
        url = f"{scheme}://{host}/article"
        thread, errors = _in_thread(lambda: fetcher.fetch_page(url, deadline=deadline))
        _wait_for_lookup(resolver, host)
        assert _cancel_and_time(deadline, thread) < CANCEL_BOUND
        assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    finally:
        fetcher.close()


@pytest.mark.parametrize("connect", [0.5, 1.0])
def test_a_name_lookup_longer_than_the_connect_timeout_fails_in_one_line(resolver, connect):
    fetcher = Fetcher(FetchLimits(connect_timeout=connect, read_timeout=30, total_timeout=30))
    host = resolver.hanging[0]
    try:
        started = time.monotonic()
        with pytest.raises(FetchError) as raised:
            fetcher.fetch_page(f"https://{host}/a")
        assert raised.value.message == f"looking up {host} took longer than {connect:g} s"
        assert time.monotonic() - started < connect + MARGIN
    finally:
        fetcher.close()


def test_a_name_lookup_that_never_returns_ends_at_the_deadline(resolver):
    fetcher = Fetcher(FetchLimits(connect_timeout=30, read_timeout=30, total_timeout=60))
    url = f"http://{resolver.hanging[1]}/a"
    try:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match=r"^the save took longer than 1 s$"):
            fetcher.fetch_page(url, deadline=Deadline(1.0, what="the save"))
        assert time.monotonic() - started < 1.0 + MARGIN
    finally:
        fetcher.close()


def test_lookups_left_hanging_do_not_hold_other_hosts_lookups(resolver, server):
    fetcher = Fetcher(FetchLimits(connect_timeout=0.5, read_timeout=5, total_timeout=10))
    url = server.page("/a", article_page())
    try:
        # More requests than there are lookup threads: those for one name share one.
        for attempt in range(lookups.LOOKUP_THREADS + 2):
            host = resolver.hanging[attempt % 2]
            with pytest.raises(FetchError, match=f"^looking up {host} took longer"):
                fetcher.fetch_page(f"http://{host}/a")
        page = fetcher.fetch_page(url.replace("127.0.0.1", "localhost"))
        assert "localhost" in resolver.asked and page.html
    finally:
        fetcher.close()


def test_closing_the_saver_ends_a_save_stuck_in_a_name_lookup(resolver, library, worker_pool):
    fetcher = Fetcher(FetchLimits())
    saver = Saver(library, pool=worker_pool, fetcher=fetcher)
    try:
        futures = [saver.submit(f"https://{host}/article") for host in resolver.hanging]
        for host in resolver.hanging:
            _wait_for_lookup(resolver, host)
        started = time.monotonic()
        saver.close()
        assert time.monotonic() - started < CANCEL_BOUND + MARGIN
        results = [future.result(timeout=0) for future in futures]
        assert all(isinstance(result.error, Cancelled) for result in results)
        assert library.count() == 0
    finally:
        saver.close()
        fetcher.close()
