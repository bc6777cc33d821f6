"""Reading the library on a thread of one's own, answered on the GUI thread.

The library gives every thread its own SQLite connection (``Database.connection``),
so a read on this thread never waits for the GUI thread's connection, nor the GUI
thread for it. Used by ``LibraryWatch`` (a view's ids read again after another
program changed the library) and by the list's search (``ArticleList.run_search``):
at 100,000 articles either read can take 100-300 ms, which the window does not
spend frozen.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from newsreader.errors import NewsreaderError

log = logging.getLogger(__name__)

_STOP = object()

# While a thread of the window's works in Python, the GUI thread gets the GIL back
# after at most this long (Python's default is 5 ms, and the GUI thread needs the GIL
# at every turn of its event loop that runs Python; title_order.py measured the effect).
SWITCH_SECONDS = 0.0002
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextmanager
def short_switches() -> Iterator[None]:
    """Python's thread switch interval at SWITCH_SECONDS while the block runs (on any
    thread; the interval is the process's: the first to enter sets it, the last to
    leave puts back what it was)."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_SECONDS)
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


class ThreadReader(QObject):
    """Runs ``read(request)`` on one thread of its own (started at the first request)
    and reports ``done(request, result)`` on the GUI thread; ``result`` is what ``read``
    returned, or the NewsreaderError it raised.

    Requests waiting while a read runs are not all read: the thread takes the newest
    one and the older ones get no answer (a person typing a search wants its last
    text's result, and a read under way is not interrupted). Any other exception (the
    library closed under the read as the window went) is logged and not answered.
    """

    done = Signal(object, object)

    def __init__(self, read: Callable[[object], object], name: str, parent: QObject) -> None:
        super().__init__(parent)
        self._read = read
        self._name = name
        self._requests: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None

    def request(self, request: object) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()
        self._requests.put(request)

    def stop(self) -> None:
        """End the thread after the read under way (its connection closes with the
        library, as a finished thread's does)."""
        self._requests.put(_STOP)

    def _newest(self) -> object:
        """The newest request waiting (blocking for one), or _STOP."""
        request = self._requests.get()
        while request is not _STOP:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                break
        return request

    def _run(self) -> None:
        while (request := self._newest()) is not _STOP:
            try:
                with short_switches():
                    result: object = self._read(request)
            except NewsreaderError as exc:
                result = exc
            except Exception as exc:  # the library closed under it as the window went
                log.info("%s: not read: %s", self._name, exc)
                continue
            try:
                self.done.emit(request, result)
            except RuntimeError:  # the window is gone
                return
