"""Saves running in the background, reported back to the GUI thread as signals.

``Saver`` calls back on its own threads; those callbacks do nothing but emit
signals, which Qt delivers to the receivers in the GUI thread (queued). No
worker code ever touches a widget or a model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal

from newsreader.errors import CaptureError
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

    def _report(self, url: str, state: SaveState, detail: str) -> None:
        # Called on a saver thread (or in save() for QUEUED).
        self.stateChanged.emit(url, state, detail)

    def _on_done(self, url: str, future: Future[SaveResult]) -> None:
        self._in_flight.pop(url, None)
        try:
            result = future.result()
        except Exception as exc:  # submit's futures carry errors; this is a bug
            log.exception("save of %s ended abnormally", url)
            result = SaveResult(url=url, error=CaptureError(f"internal error: {exc}"))
        self.inFlightChanged.emit(len(self._in_flight))
        self.finished.emit(result)

    def close(self) -> None:
        """Cancel what is queued, stop what runs, and wait for the saver's threads."""
        self._closed = True
        self.saver.close()
