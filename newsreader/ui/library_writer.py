"""The window's one writer: every change the window makes to the library is applied
here, in order, on a thread of its own, so the GUI thread never waits for the
database's write lock (another process, an import or ``reindex``, may hold it).

The window shows a change at once and submits it; ``Write.on_landed`` or
``Write.on_failed`` then runs on the GUI thread when the library has taken it or
refused it. The library is shared safely between threads (one SQLite connection
per thread, see ``library.db``); this thread uses its own connection and waits for
the lock as long as the library does. Reads stay on the GUI thread: the database
is in WAL mode, where readers never wait for a writer (sqlite.org/wal.html).

The writer's connection is also the window's probe for changes made elsewhere: its
``PRAGMA data_version`` changes only when another connection commits, and every
change of the window's own is committed on this connection, so a change of that
number is a commit by another program (or by the save queue's own connection). The
thread asks at most once a second (``WATCH_SECONDS``), when it is between writes,
and emits ``changedElsewhere``; the GUI thread never asks and never waits.
"""

from __future__ import annotations

import itertools
import logging
import queue
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from newsreader.errors import NewsreaderError
from newsreader.library.library import Library

log = logging.getLogger(__name__)

# How long closing the window waits for changes not yet written (seconds): on the GUI
# thread, with the window hidden, so short; what is left then is dropped (logged).
CLOSE_WAIT_SECONDS = 3.0
# How often the writer thread looks for commits made elsewhere (seconds).
WATCH_SECONDS = 1.0


def _nothing(*_: object) -> None:
    return None


@dataclass(eq=False)
class Write:
    """One change to the library, applied as ``apply(library)`` on the writer thread.

    ``article_ids`` are the articles it changes (the window keeps their optimistic
    look until every write naming them has settled). ``on_landed(result)`` and
    ``on_failed(message)`` run on the GUI thread; ``message`` is the library's one
    line (``NewsreaderError.message``).
    """

    what: str
    apply: Callable[[Library], object]
    article_ids: tuple[int, ...] = ()
    on_landed: Callable[[object], None] = _nothing
    on_failed: Callable[[str], None] = _nothing
    serial: int = field(default=0)


class LibraryWriter(QObject):
    """Applies ``Write``s one after another on its own thread.

    ``settled(write)`` is emitted on the GUI thread after a write's own callback ran;
    ``changedElsewhere()`` when another connection committed to the library (see the
    module's docstring), at most once per ``watch_seconds``.
    """

    settled = Signal(object)
    changedElsewhere = Signal()
    _finished = Signal(object, bool, object)  # write, ok, result or message

    def __init__(
        self,
        library: Library,
        parent: QObject | None = None,
        watch_seconds: float = WATCH_SECONDS,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._watch_seconds = watch_seconds
        self._queue: queue.Queue[Write | None] = queue.Queue()
        self._serials = itertools.count(1)
        self._waiting: Counter[int] = Counter()  # article id -> writes not yet settled
        self._unsettled = 0  # GUI-thread count: submitted, callback not yet run
        self._unapplied = 0  # submitted, not yet applied (guarded by _done)
        self._done = threading.Condition()
        self._closed = False
        self._abandoned = False  # close() stopped waiting: apply nothing more
        # Emitted on the writer thread; queued to this object's (the GUI) thread.
        self._finished.connect(self._settle)
        self._thread = threading.Thread(target=self._run, name="library-writer", daemon=True)
        self._thread.start()

    # --- the GUI thread ---------------------------------------------------------------------
    def submit(self, write: Write) -> Write:
        """Queue ``write``; returns it with its serial number. After ``close`` nothing
        is queued and ``on_failed`` runs at once."""
        if self._closed:
            write.on_failed("the window is closing")
            return write
        write.serial = next(self._serials)
        for article_id in write.article_ids:
            self._waiting[article_id] += 1
        self._unsettled += 1
        with self._done:
            self._unapplied += 1
        self._queue.put(write)
        return write

    def waiting_for(self, article_id: int) -> bool:
        """Whether a write naming ``article_id`` has not settled yet."""
        return self._waiting[article_id] > 0

    @property
    def busy(self) -> bool:
        """Whether any write has not settled yet (its callback has not run)."""
        return self._unsettled > 0

    def wait(self, timeout: float) -> bool:
        """Block until every write submitted so far was applied or refused (callbacks
        may still be queued for the event loop); False if ``timeout`` seconds passed
        first. Only for closing and tests: the window itself never waits."""
        with self._done:
            return self._done.wait_for(lambda: self._unapplied == 0, timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Take no more writes, wait up to ``timeout`` seconds (CLOSE_WAIT_SECONDS if
        None) for those queued, stop the thread. False (and logged) if some were
        still waiting for the library: those not yet begun are then dropped, never
        applied later (the one waiting for the lock ends with the library)."""
        if self._closed:
            return not self._thread.is_alive()
        self._closed = True
        self._queue.put(None)
        self._thread.join(CLOSE_WAIT_SECONDS if timeout is None else timeout)
        if self._thread.is_alive():
            with self._done:
                left = self._unapplied
                self._abandoned = True
            log.warning(
                "closing with %d changes not yet written to the library (dropped): %s",
                left,
                "; ".join(self._queued_whats()) or "one waiting for the library",
            )
            return False
        return True

    def _queued_whats(self) -> list[str]:
        """What the writes not yet begun would have done (for the log)."""
        with self._queue.mutex:
            return [w.what for w in self._queue.queue if w is not None]

    def _settle(self, write: Write, ok: bool, payload: object) -> None:
        for article_id in write.article_ids:
            self._waiting[article_id] -= 1
            if self._waiting[article_id] <= 0:
                del self._waiting[article_id]
        self._unsettled -= 1
        if self._closed:  # the window is going: nothing left to show
            return
        try:
            if ok:
                write.on_landed(payload)
            else:
                write.on_failed(str(payload))
        finally:
            self.settled.emit(write)

    # --- the writer thread ------------------------------------------------------------------
    def _data_version(self) -> int | None:
        try:
            return self.library.data_version()
        except (NewsreaderError, sqlite3.Error) as exc:  # closed or gone: ask again later
            log.info("cannot ask the library for changes: %s", exc)
            return None

    def _run(self) -> None:
        version = self._data_version()
        asked = time.monotonic()
        while True:
            try:
                write = self._queue.get(timeout=self._watch_seconds)
            except queue.Empty:
                write = False
            if time.monotonic() - asked >= self._watch_seconds and not self._closed:
                now, asked = self._data_version(), time.monotonic()
                if now is not None and version is not None and now != version:
                    try:
                        self.changedElsewhere.emit()
                    except RuntimeError:  # the window is gone
                        return
                version = now if now is not None else version
            if write is False:
                continue
            if write is None:
                return
            with self._done:
                if self._abandoned:
                    log.warning("not written (the window closed first): %s", write.what)
                    self._unapplied -= 1
                    self._done.notify_all()
                    continue
            try:
                result: object = write.apply(self.library)
                ok = True
            except NewsreaderError as exc:
                log.warning("could not %s: %s", write.what, exc.message)
                result, ok = exc.message, False
            except Exception as exc:
                if self._abandoned:  # the library was closed under it as the app ended
                    log.warning("not written (the window closed first): %s", write.what)
                else:  # a bug: the log has the traceback
                    log.exception("could not %s", write.what)
                result, ok = f"internal error ({exc.__class__.__name__}); see the log", False
            with self._done:
                self._unapplied -= 1
                self._done.notify_all()
            try:
                self._finished.emit(write, ok, result)
            except RuntimeError:  # the window is gone (close() gave up waiting)
                log.info("%s settled after the window closed", write.what)
