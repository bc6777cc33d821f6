"""Taking turns at a host: at most ``per_host`` requests to one host at once, granted in
the order they were asked for.

A plain semaphore lets whichever thread wakes first take a freed slot, so a request
could wait behind others that asked later, for as long as they take: on a site whose
pages drip slowly, an import's quick pages could wait for minutes and then fail as if
their server were slow. Here a freed slot goes to the longest waiter (first in, first
out), and a waiter that gives up (its deadline passed, or it was cancelled) leaves
the queue.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

# How often a waiter looks at its cancel switch (seconds).
POLL_SECONDS = 0.1


class _Host:
    __slots__ = ("in_use", "waiting")

    def __init__(self) -> None:
        self.in_use = 0
        self.waiting: deque[threading.Event] = deque()


class HostSlots:
    """``per_host`` slots for each host name, handed out first come, first served."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    def acquire(self, host: str, remaining: Callable[[], float], stop: Callable[[], bool]) -> bool:
        """Wait for a slot at ``host``. ``remaining()`` is the time left to wait
        (seconds); ``stop()`` answers True to give up at once. True when a slot was
        taken (``release`` it), False when the wait ended without one."""
        turn = threading.Event()
        with self._lock:
            state = self._hosts.setdefault(host, _Host())
            if state.in_use < self.per_host and not state.waiting:
                state.in_use += 1
                return True
            state.waiting.append(turn)
        while True:
            left = remaining()
            if turn.wait(min(POLL_SECONDS, max(left, 0.0))):
                return True  # release() handed its slot to this waiter
            if left <= 0 or stop():
                with self._lock:
                    if turn.is_set():  # handed over just now: keep it
                        return True
                    state.waiting.remove(turn)
                    self._forget(host, state)
                return False

    def release(self, host: str) -> None:
        """Give back a slot at ``host``: to the longest waiter, if any."""
        with self._lock:
            state = self._hosts[host]
            if state.waiting:
                state.waiting.popleft().set()  # the slot passes on, still in use
                return
            state.in_use -= 1
            self._forget(host, state)

    def _forget(self, host: str, state: _Host) -> None:
        if not state.in_use and not state.waiting:
            del self._hosts[host]  # a long import meets many hosts once
