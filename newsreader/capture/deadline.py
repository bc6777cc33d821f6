"""Deadlines and cancellation for capture work, as one token passed down.

A ``Deadline`` is a point in time by which some work must end (or none) and a switch
that cancels it early. Deadlines nest: ``child(seconds)`` ends at the earlier of its
own time and its parent's, and cancelling a parent cancels every child. The saver
holds one root (cancelled by ``Saver.close``), each save a child of it with the
save's time limit, and each network request a watch that closes its socket when the
save's time runs out or the save is cancelled (see ``fetch``).

Times are seconds on ``time.monotonic``'s clock.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable

from newsreader.errors import Cancelled, DeadlineExceeded

CANCELLED = "cancelled: newsreader is shutting down"


class Deadline:
    """An end time (``seconds`` from now, None for none) and a cancel switch.

    ``what`` names the limit in the error raised when it passes, e.g. "the save".
    Callbacks registered with ``on_cancel`` run once, on the thread that cancels;
    once the unregister ``on_cancel`` returns has returned, its callback neither runs
    nor is still running (see ``Hook``).
    """

    def __init__(
        self,
        seconds: float | None = None,
        *,
        what: str = "the download",
        parent: Deadline | None = None,
    ) -> None:
        self.seconds = seconds
        self.what = what
        own = math.inf if seconds is None else time.monotonic() + max(seconds, 0.0)
        self._parent = parent
        self.expires = min(own, parent.expires) if parent is not None else own
        # Whose limit ends first, so the error names it: ours, or the parent's.
        self._limit = self if parent is None or own <= parent.expires else parent._limit
        self._lock = threading.Lock()
        self._reason: str | None = None
        self._hooks: dict[int, Hook] = {}
        self._ids = itertools.count()
        self._unhook = parent.on_cancel(lambda: self.cancel(parent.reason)) if parent else None

    # --- state ----------------------------------------------------------------------
    @property
    def reason(self) -> str | None:
        """Why it was cancelled, or None."""
        return self._reason

    @property
    def cancelled(self) -> bool:
        return self._reason is not None

    def remaining(self) -> float:
        """Seconds left (``math.inf`` when there is no end time; never below 0)."""
        return max(self.expires - time.monotonic(), 0.0)

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.expires

    def error(self) -> Cancelled | DeadlineExceeded:
        """The error to raise now that the work must stop."""
        if self._reason is not None:
            return Cancelled(self._reason)
        limit = self._limit
        return DeadlineExceeded(f"{limit.what} took longer than {limit.seconds:g} s")

    def check(self) -> None:
        """Raise ``Cancelled`` or ``DeadlineExceeded`` if the work must stop."""
        if self._reason is not None or self.expired:
            raise self.error()

    def bound(self, seconds: float) -> float:
        """``seconds``, or the time left if that is shorter (for a socket timeout)."""
        return min(seconds, self.remaining())

    # --- cancelling -----------------------------------------------------------------
    def cancel(self, reason: str | None = None) -> None:
        """Stop the work: run every ``on_cancel`` callback (once) and those of children."""
        with self._lock:
            if self._reason is not None:
                return
            self._reason = reason or CANCELLED
            hooks = list(self._hooks.values())
            self._hooks.clear()
        for hook in hooks:  # outside the lock: a callback may cancel other deadlines
            hook.run()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` when cancelled (at once, on this thread, if already).

        Returns an unregister: once it returns, ``callback`` will not run, and is not
        running on another thread either (the unregister waits for a run in progress,
        which ends quickly: callbacks only shut sockets down, kill or cancel).
        """
        hook = Hook(callback)
        with self._lock:
            if self._reason is None:
                key = next(self._ids)
                self._hooks[key] = hook
                return lambda: self._forget(key, hook)
        callback()
        return lambda: None

    def _forget(self, key: int, hook: Hook) -> None:
        with self._lock:
            self._hooks.pop(key, None)
        hook.remove()  # not under our lock: it may wait for the callback to finish

    def child(self, seconds: float | None = None, what: str | None = None) -> Deadline:
        """A deadline inside this one; ``release()`` it when its work is done."""
        return Deadline(seconds, what=what or self.what, parent=self)

    def release(self) -> None:
        """Detach from the parent, so a long-lived parent does not keep finished children."""
        if self._unhook is not None:
            self._unhook()
            self._unhook = None

    def __enter__(self) -> Deadline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Hook:
    """A callback run at most once, that can be removed for good.

    ``run`` calls it (unless already run or removed) holding the hook's lock;
    ``remove`` takes the same lock, so when ``remove`` returns the callback is not
    running and never will. Without that, a callback picked up by another thread a
    moment before its removal could still act on something its owner has moved on
    to: a kept-alive socket handed to the next request, a worker lent to another
    save. The lock is re-entrant, so a callback may remove its own hook.
    """

    __slots__ = ("_callback", "_lock")

    def __init__(self, callback: Callable[..., None]) -> None:
        self._callback: Callable[..., None] | None = callback
        self._lock = threading.RLock()

    def run(self, *args: object) -> None:
        with self._lock:
            callback, self._callback = self._callback, None
            if callback is not None:
                callback(*args)

    def remove(self) -> None:
        """Make sure the callback does not run from now on; waits while it runs."""
        with self._lock:
            self._callback = None


class Alarm:
    """Calls ``fire(reason)`` once: with "deadline" when ``deadline`` (or ``seconds``,
    if sooner) runs out, or with "cancelled" at once when the deadline is cancelled.
    ``stop()`` ends the watch; once it returns, ``fire`` is neither called nor still
    running (``threading.Timer.cancel`` alone does not wait for a timer already firing).

    One timer thread per alarm (``threading.Timer``): a request lives far longer than
    starting a thread takes.
    """

    def __init__(self, deadline: Deadline, seconds: float, fire: Callable[[str], None]) -> None:
        self._hook = Hook(fire)
        self._timer = threading.Timer(deadline.bound(seconds), self._hook.run, args=("deadline",))
        self._timer.daemon = True
        self._timer.start()
        self._unhook = deadline.on_cancel(lambda: self._hook.run("cancelled"))

    def stop(self) -> None:
        self._timer.cancel()
        self._unhook()
        self._hook.remove()
