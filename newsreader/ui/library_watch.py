"""The window follows the library when something else changes it.

``newsreader add`` or ``read`` in a terminal, another window or an import elsewhere
commit to the same SQLite file. The window's writer thread notices (``LibraryWriter.
changedElsewhere``: its connection's ``PRAGMA data_version``, which the window's own
commits leave unchanged, asked once a second off the GUI thread).

Then the view's ids are read again on a thread of the watch's own (``ThreadReader``; at 100,000
articles that query takes 20-110 ms, which the GUI thread does not spend), and the
list changes only what differs
(``ArticleListModel.refresh``): the selection, the current article, the scroll
position and the reader stay as they are. The tag chooser is filled again. If the
article in the reader was deleted elsewhere, the window says so in one line and the
reader keeps the text until another article is opened.

The save queue stores on a connection of its own, so a save of the window's also
counts as elsewhere: the refresh then finds the list already showing it and emits
nothing (no flicker, tested). While the window's writer still has writes in flight,
the refresh waits (at most ``MAX_DEFERRED`` times ``POLL_MS``), so that it never
compares the library with a change the list shows but the library has not stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QListView

from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.ui.list_model import ArticleListModel, ListQuery
from newsreader.ui.thread_reader import ThreadReader

log = logging.getLogger(__name__)


POLL_MS = 1000
MAX_DEFERRED = 5  # ticks a refresh waits for the window's own writes to settle


class LibraryWatch(QObject):
    """Brings the list up to date when ``changed_elsewhere`` fires.

    ``library``: the window's (read on the GUI thread). ``model``: the list to refresh,
    shown in ``view`` (whose top row stays where it is when rows come or go above it).
    ``writer_busy``: whether the window's own writes are still in flight.
    ``shown_article``: the id in the reader, or None. ``refresh_tags``: fills the tag
    chooser again. ``say``: shows one line to the person.

    ``refreshed(bool)`` is emitted after every refresh (whether anything changed);
    ``shownArticleDeleted(int)`` when the article in the reader is gone.
    """

    refreshed = Signal(bool)
    shownArticleDeleted = Signal(int)

    def __init__(
        self,
        library: Library,
        model: ArticleListModel,
        view: QListView,
        *,
        changed_elsewhere: SignalInstance,
        writer_busy: Callable[[], bool],
        shown_article: Callable[[], int | None],
        refresh_tags: Callable[[], None],
        say: Callable[[str], None],
        parent: QObject | None = None,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.model = model
        self.view = view
        self._writer_busy = writer_busy
        self._shown_article = shown_article
        self._refresh_tags = refresh_tags
        self._say = say
        self._dirty = False
        self._deferred = 0
        self._told_deleted: int | None = None
        self._reading = False
        # The model's stored_ids as it is when read (a test records the threads).
        self._reader = ThreadReader(lambda q: self.model.stored_ids(q), "library-watch", self)
        self._reader.done.connect(self._read)
        self.timer = QTimer(self, singleShot=True, interval=interval_ms)
        self.timer.timeout.connect(self._try_refresh)
        changed_elsewhere.connect(self.noticed)

    def stop(self) -> None:
        self.timer.stop()
        self._dirty = False
        self._reader.stop()

    def noticed(self) -> None:
        """Another connection committed: refresh now, or once the window's own
        writes in flight have settled."""
        self._dirty = True
        if not self.timer.isActive():
            self._try_refresh()

    def _try_refresh(self) -> None:
        if not self._dirty or self._reading:  # a read under way comes back here
            return
        if self._writer_busy() and self._deferred < MAX_DEFERRED:
            self._deferred += 1
            self.timer.start()
            return
        self._dirty = False
        self._deferred = 0
        self.refresh()

    def refresh(self) -> None:
        """Read the view again (off the GUI thread) and bring the list up to date."""
        self._reading = True
        self._reader.request(self.model.query)

    def _read(self, query: ListQuery, result: object) -> None:
        self._reading = False
        if isinstance(result, NewsreaderError):
            log.warning("could not read the library's changes: %s", result.message)
            self._dirty = True  # try again a tick later
            self.timer.start()
            return
        if query != self.model.query:
            # Another view was chosen meanwhile, and read whole: read that one again.
            self._dirty = True
            self._try_refresh()
            return
        anchor = self._top_row()
        try:
            changed = self.model.refresh(stored=result)
            if changed and anchor is not None:
                self._keep_top_row(*anchor)
            self._refresh_tags()
        except NewsreaderError as exc:
            log.warning("could not read the library's changes: %s", exc.message)
            self._dirty = True
            self.timer.start()
            return
        self._check_shown()
        self.refreshed.emit(changed)
        if self._dirty:  # more changes came while this one was read
            self._try_refresh()

    def _top_row(self) -> tuple[int, int] | None:
        """The article at the top of the scrolled list and its row's top, in pixels;
        None at the very top (where new articles should come into view)."""
        if self.view.verticalScrollBar().value() == 0:
            return None
        index = self.view.indexAt(QPoint(1, 1))
        article_id = self.model.article_id_at(index.row()) if index.isValid() else None
        if article_id is None:
            return None
        return article_id, self.view.visualRect(index).top()

    def _keep_top_row(self, article_id: int, top: int) -> None:
        row = self.model.row_of(article_id, expose=False)
        if row is None:
            return
        self.view.doItemsLayout()
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + self.view.visualRect(self.model.index(row)).top() - top)

    def _check_shown(self) -> None:
        article_id = self._shown_article()
        if article_id is None or article_id in self.model.hidden:
            return  # nothing shown, or deleted here and waiting for Undo
        if article_id == self._told_deleted:
            return
        if self.library.summaries([article_id]):
            return
        self._told_deleted = article_id
        self._say(self.tr("This article was deleted in another window or program."))
        self.shownArticleDeleted.emit(article_id)
