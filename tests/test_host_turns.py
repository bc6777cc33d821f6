"""Taking turns at a host: granted in the order asked for, and the wait for a turn is
not counted against a download's own time limit (only against the caller's deadline).
Real threads, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time

import pytest

from newsreader.capture.deadline import Deadline
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.capture.host_slots import HostSlots
from newsreader.errors import Cancelled, DeadlineExceeded, FetchError

FOREVER = float("inf")


def _never() -> bool:
    return False


def test_a_freed_turn_goes_to_the_one_who_asked_first():
    slots = HostSlots(per_host=1)
    assert slots.acquire("a.no", lambda: FOREVER, _never)
    order: list[str] = []

    def wait_for_turn(name: str) -> None:
        assert slots.acquire("a.no", lambda: FOREVER, _never)
        order.append(name)
        slots.release("a.no")

    threads = []
    for name in ("first", "second", "third"):
        thread = threading.Thread(target=wait_for_turn, args=(name,))
        thread.start()
        threads.append(thread)
        # The next one asks only once this one is in the queue.
        deadline = time.monotonic() + 10
        while len(slots._hosts["a.no"].waiting) < len(threads):
            assert time.monotonic() < deadline
            time.sleep(0.005)
    # Another host is not held up by this one's queue.
    assert slots.acquire("b.no", lambda: 0.0, _never)
    slots.release("b.no")
    slots.release("a.no")
    for thread in threads:
        thread.join(10)
    assert order == ["first", "second", "third"]
    assert slots._hosts == {}  # nothing kept once every turn is given back


def test_a_waiter_that_gives_up_leaves_the_queue_and_the_next_is_served():
    slots = HostSlots(per_host=1)
    assert slots.acquire("a.no", lambda: FOREVER, _never)
    ends = time.monotonic() + 0.2
    assert not slots.acquire("a.no", lambda: max(ends - time.monotonic(), 0.0), _never)
    assert not slots.acquire("a.no", lambda: FOREVER, lambda: True)  # cancelled
    assert len(slots._hosts["a.no"].waiting) == 0
    slots.release("a.no")
    assert slots.acquire("a.no", lambda: 0.0, _never)  # free again at once


def _slow(server, path: str, seconds: float) -> str:
    body = b"<html><head><title>t</title></head><body><p>Sakte side.</p></body></html>"

    def route(handler) -> None:
        time.sleep(seconds)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes[path] = route
    return server.url(path)


def test_waiting_for_a_turn_does_not_count_against_the_download_limit(server):
    # One request at a time to the host; each slow page takes 0.8 s of a 1.5 s limit.
    fetcher = Fetcher(FetchLimits(per_host=1, total_timeout=1.5, connect_timeout=1))
    urls = [_slow(server, f"/slow/{n}", 0.8) for n in range(3)]
    results: dict[str, object] = {}

    def fetch(url: str) -> None:
        try:
            results[url] = fetcher.download(url, max_bytes=10_000).status
        except Exception as exc:
            results[url] = exc

    try:
        threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    finally:
        fetcher.close()
    # The last waited about 1.6 s for its turn, more than its own limit, and is fine.
    assert results == {url: 200 for url in urls}


@pytest.mark.parametrize("how", ["deadline", "cancel"])
def test_the_callers_deadline_and_cancel_reach_a_request_waiting_for_its_turn(server, how):
    fetcher = Fetcher(FetchLimits(per_host=1, total_timeout=30, connect_timeout=1))
    busy = server.hang("/busy", seconds=10)
    outcome: list[object] = []
    held = Deadline()

    def hold_the_turn() -> None:
        try:
            outcome.append(fetcher.download(busy, max_bytes=10, deadline=held))
        except (FetchError, Cancelled) as exc:  # cancelled when the test is done
            outcome.append(exc)

    holder = threading.Thread(target=hold_the_turn)
    holder.start()
    while not server.requested("/busy"):
        time.sleep(0.01)
    caller = Deadline(0.5, what="the save") if how == "deadline" else Deadline()
    if how == "cancel":
        threading.Timer(0.3, caller.cancel, args=("stopped",)).start()
    started = time.monotonic()
    with pytest.raises((DeadlineExceeded, Cancelled)) as stopped:
        fetcher.download(server.url("/quick"), max_bytes=10, deadline=caller)
    assert time.monotonic() - started < 2.0
    assert isinstance(stopped.value, DeadlineExceeded if how == "deadline" else Cancelled)
    assert not server.requested("/quick")  # it never got a turn
    held.cancel("done")
    holder.join(15)
    assert isinstance(outcome[0], Cancelled)
    fetcher.close()
