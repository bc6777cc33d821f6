"""A cancel callback that has been unregistered never runs afterwards.

A cancel runs its callbacks on the cancelling thread; the thread whose work is done
unregisters them. Without care the two race: a callback picked up by the cancel a
moment before it was unregistered runs after, against whatever its owner has moved
on to (a kept-alive socket handed to the next request, a worker lent to another
save). These tests hold the cancelling thread inside a callback (an Event) while the
other thread unregisters, so the order is fixed, not left to timing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest

from newsreader.capture import fetch as fetch_module
from newsreader.capture.deadline import Alarm, Deadline
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.capture.http_watch import Watch
from newsreader.capture.workers import WorkerPool
from newsreader.errors import Cancelled
from tests import worker_jobs
from tests.server import respond
from tests.test_saver import article_page

WAIT = 10  # seconds any step may take before the test calls it stuck


class Blocker:
    """A callback that says when it has started, then waits until released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()

    def __call__(self, *args: object) -> None:
        self.entered.set()
        assert self.release.wait(WAIT)
        self.finished.set()


def _start(call: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    return thread


# --- the deadline's own registrations ----------------------------------------------------------
@pytest.mark.parametrize("cancel_from", ["itself", "its parent"])
def test_a_callback_unregistered_while_the_cancel_is_running_never_runs(cancel_from):
    parent = Deadline()
    deadline = parent.child() if cancel_from == "its parent" else parent
    blocker = Blocker()
    deadline.on_cancel(blocker)  # runs first, and holds the cancel there
    ran: list[str] = []
    unregister = deadline.on_cancel(lambda: ran.append("late"))
    cancelling = _start(parent.cancel)
    assert blocker.entered.wait(WAIT)
    unregister()  # the cancel has picked the callback up, and not run it yet
    blocker.release.set()
    cancelling.join(WAIT)
    assert not cancelling.is_alive() and deadline.cancelled
    assert ran == []


@pytest.mark.parametrize("registered", [1, 3])
def test_unregistering_a_running_callback_waits_until_it_has_finished(registered):
    deadline = Deadline()
    blockers = [Blocker() for _ in range(registered)]
    unregisters = [deadline.on_cancel(blocker) for blocker in blockers]
    cancelling = _start(deadline.cancel)
    assert blockers[0].entered.wait(WAIT)
    unregistering = _start(unregisters[0])
    unregistering.join(0.3)
    assert unregistering.is_alive()  # the callback is still running: so is unregister
    for blocker in blockers:
        blocker.release.set()
    unregistering.join(WAIT)
    assert not unregistering.is_alive() and blockers[0].finished.is_set()
    cancelling.join(WAIT)
    assert all(blocker.finished.is_set() for blocker in blockers)


def test_a_callback_may_unregister_itself_while_it_runs():
    deadline = Deadline()
    unregister: list[Callable[[], None]] = []
    ran: list[bool] = []
    unregister.append(deadline.on_cancel(lambda: (unregister[0](), ran.append(True))))
    deadline.cancel()
    assert ran == [True]


# --- the alarm ------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["deadline", "cancelled"])
def test_stopping_an_alarm_that_is_firing_waits_for_it_and_it_fires_no_more(how):
    deadline = Deadline(60)
    blocker = Blocker()
    calls: list[str] = []

    def fire(reason: str) -> None:
        calls.append(reason)
        blocker(reason)

    alarm = Alarm(deadline, 0.0 if how == "deadline" else 60, fire)
    if how == "cancelled":
        _start(deadline.cancel)
    assert blocker.entered.wait(WAIT)
    stopping = _start(alarm.stop)
    stopping.join(0.3)
    assert stopping.is_alive()  # the alarm is firing: stop() waits for it
    blocker.release.set()
    stopping.join(WAIT)
    assert not stopping.is_alive() and blocker.finished.is_set()
    deadline.cancel()  # after stop(): reaches nothing
    assert calls == [how]


def test_an_alarm_stopped_while_the_cancel_is_held_up_never_fires():
    deadline = Deadline(60)
    blocker = Blocker()
    deadline.on_cancel(blocker)
    calls: list[str] = []
    alarm = Alarm(deadline, 60, calls.append)
    cancelling = _start(deadline.cancel)
    assert blocker.entered.wait(WAIT)
    alarm.stop()
    blocker.release.set()
    cancelling.join(WAIT)
    assert calls == []


# --- the watch over a request's sockets ---------------------------------------------------------
@pytest.fixture
def connected() -> Iterator[tuple[socket.socket, socket.socket]]:
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    peer, _ = listener.accept()
    listener.close()
    yield client, peer
    client.close()
    peer.close()


def test_a_watch_fired_after_it_was_closed_shuts_nothing_down(connected):
    client, peer = connected
    watch = Watch()
    watch.attach(client)
    watch.close()
    watch.fire("deadline")
    client.sendall(b"still here")
    assert peer.recv(100) == b"still here"
    peer.sendall(b"and back")
    assert client.recv(100) == b"and back"


def test_a_watch_fired_before_it_was_closed_ends_the_connection(connected):
    client, _ = connected
    watch = Watch()
    watch.attach(client)
    watch.fire("cancelled")
    watch.close()
    assert client.recv(100) == b""  # shut down: the end of the stream, at once
    assert watch.reason == "cancelled"


class _Recording(Watch):
    made: ClassVar[list[Watch]] = []

    def __init__(self) -> None:
        super().__init__()
        self.made.append(self)


@pytest.mark.parametrize("reason", ["deadline", "cancelled"])
def test_a_late_alarm_of_a_finished_download_does_not_break_the_next_one(
    server, monkeypatch, reason
):
    """The next request on this thread reuses the kept-alive connection; the server
    fires the first download's watch (as its alarm could, late) while answering."""
    made: ClassVar[list[Watch]] = []
    monkeypatch.setattr(_Recording, "made", made)
    monkeypatch.setattr(fetch_module, "Watch", _Recording)
    clients: list[tuple[str, int]] = []
    page = article_page().encode()

    def first(handler) -> None:
        clients.append(handler.client_address)
        respond(handler, page)

    def second(handler) -> None:
        clients.append(handler.client_address)
        made[0].fire(reason)  # the first download's, long finished
        respond(handler, page)

    server.routes["/first"] = first
    server.routes["/second"] = second
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=5, total_timeout=10))
    try:
        fetcher.fetch_page(server.url("/first"))
        second_page = fetcher.fetch_page(server.url("/second"))
        assert second_page.html and len(made) == 2
        assert clients[0] == clients[1]  # the same connection, kept alive
    finally:
        fetcher.close()


# --- a worker lent to the next call ---------------------------------------------------------------
def test_a_cancel_held_up_until_its_call_returned_does_not_kill_the_worker_lent_again(tmp_path):
    go = tmp_path / "go"
    with WorkerPool(size=1) as pool:
        first = pool.run(worker_jobs.pid, timeout=60)
        deadline = Deadline()
        blocker = Blocker()
        deadline.on_cancel(blocker)  # registered before the call's kill: runs first
        results: list[object] = []

        def call() -> None:
            results.append(pool.run(worker_jobs.pid_when, str(go), timeout=60, cancel=deadline))

        # The call waits in the worker until told; meanwhile the cancel starts and is
        # held in the blocker, after it has picked up the call's kill.
        calling = _start(call)
        end = time.monotonic() + WAIT
        while len(deadline._hooks) < 2:  # the call has registered its kill
            assert time.monotonic() < end, "the call never registered its kill"
            time.sleep(0.01)
        cancelling = _start(deadline.cancel)
        assert blocker.entered.wait(WAIT)
        go.touch()  # the call returns; its worker goes back to the idle ones
        calling.join(WAIT)
        assert results == [first]
        blocker.release.set()
        cancelling.join(WAIT)
        assert not cancelling.is_alive()
        # The worker was not killed: the next call gets the same process, alive.
        assert pool.run(worker_jobs.pid, timeout=60) == first


def test_a_cancel_during_the_call_still_kills_the_worker_at_once():
    with WorkerPool(size=1) as pool:
        first = pool.run(worker_jobs.pid, timeout=60)
        deadline = Deadline()
        threading.Timer(0.3, deadline.cancel, args=("cancelled",)).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            pool.run(worker_jobs.sleep, 30, timeout=60, cancel=deadline)
        assert time.monotonic() - started < 5
        assert pool.run(worker_jobs.pid, timeout=60) != first
