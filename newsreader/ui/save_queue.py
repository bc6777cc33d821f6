"""Saves running in the background, reported back to the GUI thread as signals.

``Saver`` calls back on its own threads; those callbacks do nothing but emit
signals, which Qt delivers to the receivers in the GUI thread (queued). No
worker code ever touches a widget or a model.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import CancelledError, Future

from PySide6.QtCore import QObject, Signal

from newsreader.capture.urls import shown
from newsreader.errors import Cancelled, CaptureError
from newsreader.saver import Saver, SaveResult, SaveState

log = logging.getLogger(__name__)


class SaveQueue(QObject):
    """Starts saves and tells the window how each goes.

    ``stateChanged(url, state, detail)`` for every step, ``finished(result)`` once per
    save, ``inFlightChanged(count)`` when the number of running saves changes.
    """

    stateChanged = Signal(str, object, str)
    finished = Signal(object)
    inFlightChanged = Signal(int)

    def __init__(self, saver: Saver, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.saver = saver
        self._in_flight: dict[str, Future[SaveResult]] = {}
        # Saves cancelled before the saver had them in hand (read on saver threads).
        self._cancelled: set[str] = set()
        self._cancelled_lock = threading.Lock()
        self._closed = False
        # Emitted from saver threads; the connection to our own slot is queued because
        # this object lives in the GUI thread.
        self._done.connect(self._on_done)

    _done = Signal(str, object)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def is_saving(self, url: str) -> bool:
        return url in self._in_flight

    def save(self, url: str, tags: Sequence[str] = ()) -> bool:
        """Start saving ``url``; False if it is already being saved."""
        if self._closed or url in self._in_flight:
            return False
        future = self.saver.submit(url, tags, self._report)
        self._in_flight[url] = future
        self.inFlightChanged.emit(len(self._in_flight))
        future.add_done_callback(lambda f, url=url: self._done.emit(url, f))
        return True

    def cancel(self, url: str) -> bool:
        """Stop the save of ``url`` (as given to ``save``): one still queued never
        starts, a running one is cut off within a moment (``Saver.cancel``); either
        way it stores nothing and ends in ``finished`` with a ``Cancelled`` error.
        False if ``url`` is not being saved. Never waits."""
        future = self._in_flight.get(url)
        if future is None:
            return False
        if future.cancel():  # still queued: it never runs (``_on_done`` follows)
            return True
        with self._cancelled_lock:
            self._cancelled.add(url)
        # Running: if the saver has not registered it yet, ``_report`` cancels it
        # when it does (its first report comes once it can be cancelled).
        self.saver.cancel(url)
        return True

    def cancel_all(self) -> list[str]:
        """Cancel every save under way (see ``cancel``); the URLs cancelled."""
        urls = list(self._in_flight)
        return [url for url in urls if self.cancel(url)]

    def _report(self, url: str, state: SaveState, detail: str) -> None:
        # Called on a saver thread (or in save() for QUEUED).
        if state is SaveState.FETCHING:
            with self._cancelled_lock:
                cancelled = url in self._cancelled
            if cancelled:
                self.saver.cancel(url)
        self.stateChanged.emit(url, state, detail)

    def _on_done(self, url: str, future: Future[SaveResult]) -> None:
        self._in_flight.pop(url, None)
        with self._cancelled_lock:
            self._cancelled.discard(url)
        try:
            result = future.result()
        except CancelledError:  # cancelled before it started
            result = SaveResult(url=url, error=Cancelled("cancelled"))
        except Exception as exc:  # submit's futures carry errors; this is a bug
            log.exception("save of %s ended abnormally", shown(url))
            result = SaveResult(url=url, error=CaptureError(f"internal error: {exc}"))
        self.inFlightChanged.emit(len(self._in_flight))
        self.finished.emit(result)

    def close(self) -> None:
        """Cancel what is queued, stop what runs, and wait for the saver's threads."""
        self._closed = True
        self.saver.close()
