"""The Title order of the list, collated off the GUI thread.

Qt's collation (``title_collation.title_collator``: the user's locale, case and leading
punctuation ignored) has no SQLite counterpart, and sorting 100,000 titles with it
takes about 0.7 s. So the places of all titles are computed on a thread of this
object's own (its own SQLite connection, its own QCollator), and the GUI thread only
sorts ids by those integers. Until the places are known (the first time the Title
order is shown, or for articles saved since), SQLite's order (``title COLLATE
NOCASE``, which differs only for leading punctuation and letters beyond z) stands
in; ``changed`` then tells the list to re-sort in place.

Why a thread of ours and not a collation in SQLite: SQLite calls a collation on the
connection that runs the query, which is the GUI thread's for the list, so the
0.7 s would stay there; and a stored sort key column would be written by every
save, in every process, with the collation of whoever saved.
"""

from __future__ import annotations

import logging
import queue
import threading

from PySide6.QtCore import QObject, Signal

from newsreader.library.library import Library
from newsreader.ui import title_collation
from newsreader.ui.thread_reader import short_switches

log = logging.getLogger(__name__)


class TitleOrder(QObject):
    """Each article's place in Qt's collation of all titles; ``changed`` when new
    places arrived (emitted on the GUI thread)."""

    changed = Signal()
    _computed = Signal(object, object)  # titles, places (None: titles unchanged)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._titles: dict[int, str] = {}
        self._places: dict[int, int] = {}
        self._busy = False
        self._again = False
        self._requests: queue.Queue[bool] = queue.Queue()
        self._computed.connect(self._take)
        self._thread: threading.Thread | None = None

    @property
    def known(self) -> bool:
        """Whether places were computed at least once."""
        return bool(self._places)

    def request(self) -> None:
        """Compare the titles with those last collated, on the thread, and collate
        again if they differ. Calls while one runs make one more run after it."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="title-order", daemon=True)
            self._thread.start()
        self._requests.put(True)

    def stop(self) -> None:
        """End the thread (after the run under way, if any), so that closing the
        library closes its connection too (``Database.close`` leaves live threads'
        connections open)."""
        self._requests.put(False)

    def order(self, ids: list[int]) -> list[int]:
        """``ids`` (given in SQLite's title order) in the collation's order: ids with a
        known place sorted by it; each one without (saved since) right after the id
        that came before it in ``ids``."""
        places = self._places
        if not places:
            return list(ids)
        known = sorted((i for i in ids if i in places), key=places.__getitem__)
        if len(known) == len(ids):
            return known
        after: dict[int | None, list[int]] = {}
        previous: int | None = None
        for article_id in ids:
            if article_id in places:
                previous = article_id
            else:
                after.setdefault(previous, []).append(article_id)
        result = list(after.get(None, ()))
        for article_id in known:
            result.append(article_id)
            result.extend(after.get(article_id, ()))
        return result

    # --- the thread -------------------------------------------------------------------------
    def _run(self) -> None:
        version = None
        while self._requests.get():
            # Collating holds the GIL in long stretches (1.7 million comparisons of
            # sort keys at 100,000 titles); a short switch interval lets the GUI thread
            # in between them (measured: the first Title view shown in ~150 ms instead
            # of ~1,100 ms, see docs/benchmarks.md).
            with short_switches():
                try:
                    now = self.library.titles_version()
                    if now == version:  # nothing to read: no title changed since
                        titles, places = {}, None
                    else:
                        titles = self.library.titles()
                        changed = titles != self._titles
                        places = title_collation.title_ranks(titles) if changed else None
                        version = now
                except Exception as exc:  # the library closed under it as the window went
                    log.info("title order not computed: %s", exc)
                    titles, places = {}, None
            try:
                self._computed.emit(titles, places)
            except RuntimeError:  # this object is gone
                return

    def _take(self, titles: dict[int, str], places: dict[int, int] | None) -> None:
        self._busy = False
        if places is not None:
            self._titles, self._places = titles, places
            self.changed.emit()
        if self._again:
            self._again = False
            self.request()
