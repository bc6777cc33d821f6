"""The article list's searches, read off the GUI thread and answered only when they
are still wanted.

A search is read on a ``ThreadReader`` of its own ("list-search", with its own
connection): ``read`` (``ArticleListModel.read_search``) ranks every match and reads
the first batch's summaries and snippets, and the "Did you mean …?" offer when it
finds little. Each search started gets a new generation, as does each search
forgotten (another query shown, the field emptied); an answer is shown only if it
answers the newest generation, so a result that arrives after the text changed again
is dropped and the GUI thread never waits for one. ``typing_pause`` is the pause in
typing after which the list searches (``ArticleList.run_search``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from newsreader.errors import NewsreaderError
from newsreader.ui.list_model import ListQuery, SearchFound
from newsreader.ui.thread_reader import ThreadReader

SEARCH_DELAY_MS = 180  # typing pauses shorter than this do not start a search


class ListSearch(QObject):
    """Reads searches for the list on a thread of their own: ``start(query)``, and
    ``found(query, result, open_best)`` or ``failed(error)`` for the newest only."""

    # The answer of the newest search: (ListQuery, SearchFound, whether Enter waits to
    # open its best match)
    found = Signal(object, object, bool)
    failed = Signal(object)  # the newest search could not be read: its NewsreaderError
    underWayChanged = Signal()  # a search started, or the one under way was dropped

    def __init__(self, read: Callable[[ListQuery], SearchFound], parent: QObject) -> None:
        super().__init__(parent)
        self.typing_pause = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._read_query = read
        # Each request is (generation, query); only the newest generation's answer counts.
        self.reader = ThreadReader(self._read, "list-search", self)
        self.reader.done.connect(self._answered)
        self._generation = 0
        self._in_flight: int | None = None  # the generation being read, if any
        self._open_when_found: int | None = None  # Enter pressed for this generation

    @property
    def under_way(self) -> bool:
        """Whether a search is being read (its result not shown yet)."""
        return self._in_flight is not None

    def start(self, query: ListQuery) -> None:
        """Read ``query`` (a search) on the search thread; any earlier answer is
        dropped."""
        self._generation += 1
        self._in_flight = self._generation
        self.reader.request((self._generation, query))
        self.underWayChanged.emit()

    def open_when_found(self) -> None:
        """Enter was pressed on the search under way: its ``found`` says to open the
        best match (unless another search starts or it is forgotten first)."""
        self._open_when_found = self._generation

    def forget(self) -> None:
        """Drop the answer of the search under way, if any (another query is shown)."""
        self._generation += 1
        self._open_when_found = None
        if self._in_flight is not None:
            self._in_flight = None
            self.underWayChanged.emit()

    def stop(self) -> None:
        """End the search thread (the window is closing); an answer under way is
        dropped."""
        self.forget()
        self.reader.stop()

    def _read(self, request: object) -> SearchFound:
        _, query = request  # type: ignore[misc]
        return self._read_query(query)

    def _answered(self, request: object, result: object) -> None:
        """The search thread's answer (on the GUI thread): passed on if it answers the
        newest search, else dropped."""
        generation, query = request  # type: ignore[misc]
        if generation != self._generation:
            return
        self._in_flight = None
        open_best = self._open_when_found == generation
        self._open_when_found = None
        if isinstance(result, NewsreaderError):
            self.failed.emit(result)
            return
        assert isinstance(result, SearchFound)
        self.found.emit(query, result, open_best)
