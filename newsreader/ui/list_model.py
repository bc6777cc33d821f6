"""The library list: the articles of the current view, or, in the Saves view, the
saves in flight and then those that failed (never both: a save is not an article).

The model holds the ordered ids of the whole view (a few hundred kilobytes for
100,000 articles) and loads summaries only for the rows it has exposed, a batch
at a time through ``canFetchMore``/``fetchMore``. Search results are ranked the
same way, with snippets loaded per batch. A search is read off the GUI thread
(``read_search``, by ``ArticleList``), first batch and snippets included, and shown
with ``set_query(query, found)``.

A change the window made but the library has not stored yet (see
``library_writer``) is shown at once: ``change`` records it over what the library
says until ``settle`` drops it and reads the article again.

The model presents and emits Qt's row signals; the parts it owns know nothing of
Qt: the query (``list_query``), the pending rows and their order
(``pending_rows``), the changes not yet stored (``unstored_changes``) and the
diff ``refresh`` applies (``list_diff``). The Title order is ``title_order``'s.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from newsreader.errors import NewsreaderError
from newsreader.library import failed_saves
from newsreader.library.library import Library
from newsreader.library.models import ArticleSummary
from newsreader.library.suggest import FEW, Suggestion
from newsreader.saver import SaveState
from newsreader.ui.list_diff import diff_ids, runs
from newsreader.ui.list_query import ListQuery
from newsreader.ui.list_query import View as View  # re-exported: many import it from here
from newsreader.ui.pending_rows import PendingRows, PendingSave
from newsreader.ui.title_order import TitleOrder
from newsreader.ui.unstored_changes import UnstoredChanges

log = logging.getLogger(__name__)

BATCH = 100

ArticleRole = Qt.ItemDataRole.UserRole + 1  # ArticleSummary, or None on a pending row
PendingRole = Qt.ItemDataRole.UserRole + 2  # PendingSave, or None on an article row
SnippetRole = Qt.ItemDataRole.UserRole + 3  # marked snippet text in search results
IdRole = Qt.ItemDataRole.UserRole + 4  # article id, or None

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SearchFound:
    """A search read for the list (``ArticleListModel.read_search``): every id it
    lists, best first; the summaries and snippets of the first ``BATCH`` of them; and
    the reader's highlight pattern (``Library.highlight_pattern``; None when the query
    marks nothing or it could not be made); and the query to offer when it found little
    (``Library.suggest``: "Did you mean…?"; None for none)."""

    query: ListQuery
    ids: list[int]
    summaries: list[ArticleSummary]
    snippets: dict[int, str]
    pattern: str | None
    suggestion: Suggestion | None = None


class ArticleListModel(QAbstractListModel):
    """``pendingChanged`` is emitted whenever a pending save comes, changes or goes,
    whether the Saves view is shown or not."""

    pendingChanged = Signal()
    pendingRemoved = Signal(str)  # the URL of a pending row that is gone

    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.query = ListQuery()
        self._pending = PendingRows()
        self._ids: list[int] = []
        self._exposed = 0
        self._summaries: dict[int, ArticleSummary] = {}
        self._snippets: dict[int, str] = {}
        self._hidden: set[int] = set()  # deleted, but still undoable
        # Fields changed by the window and not yet stored.
        self._changes = UnstoredChanges()
        self._resetting = False
        self._fetching = False
        # Qt's collation of the titles, computed off the GUI thread (title_order).
        self.title_order = TitleOrder(library, self)
        self.title_order.changed.connect(self._title_order_changed)
        self._load_ids()

    # --- the query ------------------------------------------------------------------------
    def stored_ids(self, query: ListQuery) -> list[int]:
        """The ids ``query`` lists in the library, in SQLite's order, before the
        window's own state (Undo, unstored changes, the collated Title order) is put
        over them. Safe on any thread (the library gives each its own connection):
        ``LibraryWatch`` reads them off the GUI thread."""
        if query.saves:
            return []
        if query.search.strip():
            return [i for i, _ in self.library.search_ids(query.search)]
        return self.library.list_ids(**query.filters(), order=query.order)

    def read_search(self, query: ListQuery) -> SearchFound:
        """What ``set_query(query, found)`` shows for a search, read on the calling
        thread with that thread's connection (``ArticleList`` calls it on a thread of
        its own). Raises NewsreaderError (SearchIndexDamaged, LibraryError) as the
        library's search does; a pattern that cannot be made is None."""
        ids = self.stored_ids(query)
        first = ids[:BATCH]
        summaries = self.library.summaries(first)
        snippets = self.library.snippets(query.search, first) if first else {}
        try:
            pattern = self.library.highlight_pattern(query.search)
        except NewsreaderError:  # the reader then just marks nothing
            pattern = None
        suggestion = None
        if len(ids) < FEW:
            try:
                suggestion = self.library.suggest(query.search, found=len(ids))
            except NewsreaderError as exc:  # the search's result stands; no offer
                log.info("no suggestion for %r: %s", query.search, exc.message)
        return SearchFound(query, ids, summaries, snippets, pattern, suggestion)

    def _view_ids(self, stored: list[int] | None = None) -> list[int]:
        """The ids the query lists now, in order, as the window shows them: without
        deletes waiting for Undo, and with the changes not yet stored applied.
        ``stored``: ``stored_ids(self.query)`` already read (else read here)."""
        q = self.query
        ids = self._ordered(self.stored_ids(q) if stored is None else stored)
        ids = [i for i in ids if i not in self._hidden] if self._hidden else ids
        if self._changes and not q.search.strip():
            # Left out at once, not when the library has stored the change.
            gone = {i for i in self._changes if not self._admitted_with_changes(i)}
            ids = [i for i in ids if i not in gone]
        return ids

    def _load_ids(self, found: SearchFound | None = None) -> None:
        self._ids = self._view_ids(None if found is None else found.ids)
        self._summaries = {}
        self._snippets = {}
        self._exposed = 0
        if found is not None:
            self._summaries = {s.id: self._changed(s) for s in found.summaries}
            self._snippets = dict(found.snippets)
        self._load(0, min(BATCH, len(self._ids)), given=found is not None)
        self._exposed = min(BATCH, len(self._ids))

    def set_query(self, query: ListQuery, found: SearchFound | None = None) -> None:
        """Show ``query``, read here (on the GUI thread), or, for a search read
        already (``read_search(query)``), as ``found``. Raises NewsreaderError when the
        library cannot be read."""
        # Listeners of modelReset may ask to fetch more before every listener has
        # seen the reset (Qt's model tester does); inserting rows then would nest
        # two structural changes. The first batch is loaded by the reset itself.
        self._resetting = True
        try:
            self.beginResetModel()
            self.query = query
            self._load_ids(found)
            self.endResetModel()
        finally:
            self._resetting = False

    def view_ids(self) -> list[int]:
        """The ids of the view's articles, in its order (all, not only those loaded)."""
        return list(self._ids)

    def reload(self) -> None:
        """Read the view again from the library (keeps the query and pending rows)."""
        self.set_query(self.query)

    @property
    def searching(self) -> bool:
        return bool(self.query.search.strip())

    @property
    def total(self) -> int:
        """Articles in the view, exposed or not."""
        return len(self._ids)

    def _load(self, start: int, stop: int, given: bool = False) -> None:
        """Read the summaries (and snippets) of positions ``start:stop``; with
        ``given``, only of those not read already (off the GUI thread)."""
        ids = self._ids[start:stop]
        if given:
            ids = [i for i in ids if i not in self._summaries]
            if not ids:
                return
        for summary in self.library.summaries(ids):
            self._summaries[summary.id] = self._changed(summary)
        if self.searching:
            self._snippets.update(self.library.snippets(self.query.search, ids))

    # --- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._base + self._exposed

    @property
    def _base(self) -> int:
        """Rows of pending saves before the articles: all of them in the Saves view."""
        return len(self._pending) if self.query.saves else 0

    @property
    def first_article_row(self) -> int:
        return self._base

    def canFetchMore(self, parent: AnyIndex) -> bool:
        busy = self._resetting or self._fetching
        return not parent.isValid() and not busy and self._exposed < len(self._ids)

    def fetchMore(self, parent: AnyIndex) -> None:
        # Listeners of the insert signals may call back into fetchMore (Qt's model
        # tester does); a nested insert would corrupt both.
        if parent.isValid() or self._resetting or self._fetching:
            return
        start = self._exposed
        stop = min(start + BATCH, len(self._ids))
        if stop <= start:
            return
        self._load(start, stop)
        base = self._base
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), base + start, base + stop - 1)
            self._exposed = stop
            self.endInsertRows()
        finally:
            self._fetching = False

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.column() != 0:
            return None
        row = index.row()
        if row < 0 or row >= self.rowCount():
            return None
        if row < self._base:
            pending = self._pending[row]
            if role == PendingRole:
                return pending
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return pending.address
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{pending.address}: {pending.state.value} {pending.detail}".strip()
            return None
        summary = self._summary_at(row - self._base)
        if summary is None:
            return None
        if role == ArticleRole:
            return summary
        if role == IdRole:
            return summary.id
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{summary.title}\n{summary.url}"
        if role == SnippetRole:
            return self._snippets.get(summary.id, "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            unread = "unread, " if summary.read_at is None else ""
            return f"{unread}{summary.title}, {summary.site or ''}"
        return None

    def _summary_at(self, position: int) -> ArticleSummary | None:
        article_id = self._ids[position]
        summary = self._summaries.get(article_id)
        if summary is None:
            self._load(position, min(position + BATCH, len(self._ids)))
            summary = self._summaries.get(article_id)
        return summary

    # --- lookups --------------------------------------------------------------------------
    def pending_at(self, row: int) -> PendingSave | None:
        return self._pending[row] if 0 <= row < self._base else None

    def article_id_at(self, row: int) -> int | None:
        position = row - self._base
        return self._ids[position] if 0 <= position < self._exposed else None

    def row_of(self, article_id: int, expose: bool = True) -> int | None:
        """The row showing ``article_id``; with ``expose``, fetches batches up to it.
        Without, only the rows already shown are searched (a few hundred, where the
        whole view may hold 100,000 ids)."""
        try:
            if expose:
                position = self._ids.index(article_id)
            else:
                position = self._ids.index(article_id, 0, self._exposed)
        except ValueError:
            return None
        while expose and position >= self._exposed and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return self._base + position if position < self._exposed else None

    def pending_row(self, url: str) -> int | None:
        """The position of the save of ``url`` among the pending saves (its row in the
        Saves view), or None."""
        return self._pending.row_of(url)

    def pending_of(self, url: str) -> PendingSave | None:
        return self._pending.of(url)

    @property
    def pending(self) -> tuple[PendingSave, ...]:
        return tuple(self._pending)

    # --- pending saves --------------------------------------------------------------------
    def add_pending(self, url: str, article_id: int | None = None) -> bool:
        """Show a save as queued. False if the same URL is already on its way."""
        row = self.pending_row(url)
        if row is not None:
            if self._pending[row].active:
                return False
            self.update_pending(url, SaveState.QUEUED, "")
            return True
        self._insert_pending(PendingSave(url, article_id=article_id))
        return True

    def _insert_pending(self, pending: PendingSave) -> None:
        position = self._pending.place_of(pending)
        shown = self.query.saves
        if shown:
            self.beginInsertRows(QModelIndex(), position, position)
        self._pending.insert(position, pending)
        if shown:
            self.endInsertRows()
        self.pendingChanged.emit()

    def update_pending(self, url: str, state: SaveState, detail: str, **fields: object) -> None:
        """Show the save of ``url`` in ``state``; ``fields`` are more of PendingSave's
        (kind, attempts, failed_at, recorded). A row that fails or is tried again moves
        to its place (in flight, then failed)."""
        row = self.pending_row(url)
        if row is None:
            return
        old = self._pending[row]
        new = replace(old, state=state, detail=detail, **fields)
        if self._pending.moves(old, new):
            self._move_pending(row, new)
            return
        self._pending.put(row, new)
        if self.query.saves:
            index = self.index(row)
            self.dataChanged.emit(index, index)
        self.pendingChanged.emit()

    def _move_pending(self, row: int, new: PendingSave) -> None:
        """Put ``new`` (the row at ``row``, changed) in its place, as one move: the
        selection and the current row go with it (a removal and an insertion would
        drop them, and R or Delete would then act on another row or on none)."""
        old = self._pending.take(row)
        position = self._pending.place_of(new)
        self._pending.insert(row, old)
        shown = self.query.saves and position != row
        if shown:
            # Qt counts the destination in the rows as they are before the move.
            destination = position + 1 if position > row else position
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._pending.take(row)
        self._pending.insert(position, new)
        if shown:
            self.endMoveRows()
        elif self.query.saves:
            index = self.index(position)
            self.dataChanged.emit(index, index)
        self.pendingChanged.emit()

    def _take_pending(self, row: int) -> PendingSave:
        shown = self.query.saves
        if shown:
            self.beginRemoveRows(QModelIndex(), row, row)
        taken = self._pending.take(row)
        if shown:
            self.endRemoveRows()
        self.pendingChanged.emit()
        self.pendingRemoved.emit(taken.url)
        return taken

    def restore_failed(self, records: list[failed_saves.FailedSave]) -> None:
        """Show the failures the library has recorded (read at start, or again) that no
        row shows yet; a row of the same address already there is marked recorded."""
        for record in records:
            known = self._pending.of_key(record.url_key)
            if known is not None:
                if known.failed and not known.recorded:
                    self.update_pending(known.url, known.state, known.detail, recorded=True)
                continue
            self._insert_pending(PendingSave.of_record(record))

    def mark_cancelling(self, url: str) -> bool:
        """Show the save of ``url`` as being cancelled; False if it cannot be."""
        row = self.pending_row(url)
        if row is None or not self._pending[row].cancellable:
            return False
        self._pending.put(row, replace(self._pending[row], cancelling=True))
        if self.query.saves:
            index = self.index(row)
            self.dataChanged.emit(index, index)
        return True

    def remove_pending(self, url: str) -> None:
        row = self.pending_row(url)
        if row is not None:
            self._take_pending(row)

    def summaries_of(self, article_ids: list[int]) -> list[ArticleSummary]:
        """Summaries as the list shows them (with changes not yet stored), in order;
        read from the library only for rows not loaded."""
        missing = [i for i in article_ids if i not in self._summaries]
        loaded = {s.id: self._changed(s) for s in self.library.summaries(missing)}
        found = (self._summaries.get(i) or loaded.get(i) for i in article_ids)
        return [s for s in found if s is not None]

    # --- changes not yet stored -----------------------------------------------------------
    def _changed(self, summary: ArticleSummary) -> ArticleSummary:
        return self._changes.over(summary)

    def _admitted_with_changes(self, article_id: int) -> bool:
        summary = self._summaries.get(article_id)
        if summary is None:
            found = self.library.summaries([article_id])
            if not found:
                return False
            summary = self._changed(found[0])
        return self.query.admits(summary)

    def change(self, article_id: int, **fields: object) -> None:
        """Show ``fields`` (of ArticleSummary: state, favorite, read_at, tags) as the
        article's at once, ahead of the library; the row leaves a view it no longer
        belongs in. Kept over what the library says until ``settle``."""
        self._changes.add(article_id, fields)
        if article_id not in self._ids:
            return
        summary = self._summaries.get(article_id)
        if summary is not None:
            self._summaries[article_id] = replace(summary, **fields)
        if not self._admitted_with_changes(article_id):
            self.remove_articles([article_id])
            return
        row = self.row_of(article_id, expose=False)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def settle(self, article_ids: list[int]) -> None:
        """Forget the changes shown for these articles and show what the library now
        holds: the change itself once stored, the article as it was if refused."""
        for article_id in article_ids:
            self._changes.drop(article_id)
            self.article_changed(article_id)

    # --- articles changing ----------------------------------------------------------------
    def article_changed(self, article_id: int) -> None:
        """Re-read one article; drop it from the view if it no longer belongs there."""
        found = self.library.summaries([article_id])
        if not found:
            self.remove_articles([article_id])
            return
        summary = self._changed(found[0])
        if article_id not in self._ids:
            self.article_added(article_id, newly_saved=False)
            return
        if article_id in self._changes:
            belongs = self.query.admits(summary)
        else:
            belongs = self.searching or self.library.in_view(article_id, **self.query.filters())
        if not belongs:
            self.remove_articles([article_id])
            return
        self._summaries[article_id] = summary
        row = self.row_of(article_id, expose=False)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def article_added(self, article_id: int, newly_saved: bool = True) -> None:
        """Show an article where the view's order puts it: a newly saved one on top of
        a list by date saved, any other (one coming back) by reading the order."""
        if article_id in self._ids:
            self.article_changed(article_id)
            return
        if self.searching or self.query.saves or article_id in self._hidden:
            return
        found = self.library.summaries([article_id])
        if not found:
            return
        if article_id in self._changes:
            if not self.query.admits(self._changed(found[0])):
                return
        elif not self.library.in_view(article_id, **self.query.filters()):
            return
        if self.query.order == "saved" and newly_saved:
            position = 0
        else:
            order = [i for i in self._ordered(self.stored_ids(self.query)) if i not in self._hidden]
            position = order.index(article_id) if article_id in order else len(self._ids)
        self._insert_quietly(position, article_id, self._changed(found[0]))

    def _ordered(self, stored: list[int]) -> list[int]:
        """``stored`` (SQLite's order) in the order the window shows: the collated
        Title order where it is known (see TitleOrder), else as given."""
        q = self.query
        if q.saves or q.search.strip() or q.order != "title":
            return stored
        self.title_order.request()  # titles may have changed: checked off this thread
        return self.title_order.order(stored)

    def _title_order_changed(self) -> None:
        if self.query.order != "title" or self.searching or self._resetting:
            return
        order = self.title_order.order(self._ids)
        if order != self._ids:
            self._reorder(order)

    # --- the library changed elsewhere ----------------------------------------------------
    def refresh(self, stored: list[int] | None = None) -> bool:
        """Read the view again and change only what differs, in place: rows that left
        the view are removed, new ones inserted where the order puts them, a changed
        order is one layout change, and rows whose article changed are repainted. The
        selection and the current row stay on their articles (Qt's persistent indexes
        follow them); pending rows are not touched; nothing else is emitted when the
        library shows what the list already shows (the window's own writes). Returns
        whether anything shown changed. ``stored``: ``stored_ids(self.query)`` read
        elsewhere (off the GUI thread). Raises NewsreaderError when the library cannot
        be read (the list is then left as it was)."""
        diff = diff_ids(self._ids, self._view_ids(stored))
        if diff.gone:
            self.remove_articles(diff.gone)
        if diff.moved:
            self._reorder(diff.kept)
        if diff.added:
            added = [i for _, i in diff.added]
            fresh = {s.id: self._changed(s) for s in self.library.summaries(added)}
            for position, article_id in diff.added:
                self._insert_quietly(position, article_id, fresh.get(article_id))
        return self._repaint_changed() or not diff.empty

    def _insert_quietly(
        self, position: int, article_id: int, summary: ArticleSummary | None
    ) -> None:
        if summary is not None:
            self._summaries[article_id] = summary
        if position <= self._exposed:
            row = self._base + position
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(position, article_id)
            self._exposed += 1
            self.endInsertRows()
            if self.searching:
                self._snippets.update(self.library.snippets(self.query.search, [article_id]))
        else:
            self._ids.insert(position, article_id)

    def _reorder(self, order: list[int]) -> None:
        """Show the same articles in ``order``; persistent indexes (selection, current
        row) move with their articles, or become invalid when theirs is moved past the
        rows exposed so far."""
        base = self._base
        where = {article_id: position for position, article_id in enumerate(order)}
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        after = []
        for index in before:
            position = index.row() - base
            if position < 0:
                after.append(index)
                continue
            moved = where.get(self._ids[position]) if position < len(self._ids) else None
            valid = moved is not None and moved < self._exposed
            after.append(self.index(base + moved) if valid else QModelIndex())
        self._ids = order
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _repaint_changed(self) -> bool:
        shown = self._ids[: self._exposed]
        fresh = {s.id: self._changed(s) for s in self.library.summaries(shown)}
        base = self._base
        changed = False
        for position, article_id in enumerate(shown):
            summary = fresh.get(article_id)
            if summary is None or summary == self._summaries.get(article_id):
                continue
            self._summaries[article_id] = summary
            index = self.index(base + position)
            self.dataChanged.emit(index, index)
            changed = True
        return changed

    def remove_articles(self, article_ids: list[int]) -> None:
        # One pass to find them, then one removal per run of adjacent rows: deleting a
        # thousand selected rows one at a time would be quadratic.
        doomed = set(article_ids)
        positions = [p for p, article_id in enumerate(self._ids) if article_id in doomed]
        base = self._base
        for first, last in reversed(runs(positions)):
            shown_last = min(last, self._exposed - 1)
            if first <= shown_last:
                self.beginRemoveRows(QModelIndex(), base + first, base + shown_last)
                del self._ids[first : last + 1]
                self._exposed -= shown_last - first + 1
                self.endRemoveRows()
            else:
                del self._ids[first : last + 1]
        for article_id in doomed:
            self._summaries.pop(article_id, None)

    def hide(self, article_ids: list[int]) -> None:
        """Take articles out of every view until ``unhide`` (a delete waiting for Undo)."""
        self._hidden.update(article_ids)
        self.remove_articles(article_ids)

    def unhide(self, article_ids: list[int]) -> None:
        self._hidden.difference_update(article_ids)

    @property
    def hidden(self) -> frozenset[int]:
        return frozenset(self._hidden)
