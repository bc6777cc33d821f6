"""The list panel: the view chooser (view_chooser) and the order, the search field's
wiring (its searches read off the GUI thread by list_search, "Did you mean …?" by
search_offer), the count, the list itself and its selection.

It says what the person chose (``articleChosen``, ``pendingChosen``) and never opens
anything itself; the window shows the chosen article (``CurrentArticle``) and tells
the list which article is shown (``show_current``), which the list then selects if it
holds it, or else selects nothing: a row selected in the list is never another
article than the one in the reader, unless the person selected several.

A saved search's view (``saved:ID``) is the search of its query, which words typed in
the search field narrow (``query``). The Highlights view (``HIGHLIGHTS_VIEW``) shows
every highlight in place of the article list, which keeps its own view and is not
read meanwhile. While a search is read the list keeps what it shows and the count
line says "Searching…"; Enter waits for the result of the text it was pressed on.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.library.saved_searches import SavedSearch, narrowed
from newsreader.library.suggest import Suggestion
from newsreader.ui.highlights_view import HighlightsView
from newsreader.ui.list_delegate import ArticleDelegate
from newsreader.ui.list_model import ArticleListModel, ListQuery, SearchFound
from newsreader.ui.list_search import ListSearch
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.search_offer import SearchOffer
from newsreader.ui.view_chooser import (
    CONTEXT,
    HIGHLIGHTS_VIEW,
    Refill,
    ViewChooser,
    query_of,
    saved_view,
)

ORDERS = (
    ("saved", QT_TRANSLATE_NOOP("ArticleList", "Newest saved")),
    ("published", QT_TRANSLATE_NOOP("ArticleList", "Newest published")),
    ("title", QT_TRANSLATE_NOOP("ArticleList", "Title")),
    ("site", QT_TRANSLATE_NOOP("ArticleList", "Site")),
)


class ArticleList(QWidget):
    """The list panel. ``search`` is the search field (it lives in the toolbar),
    ``views`` the view chooser, ``searches`` the searches read for the list."""

    articleChosen = Signal(int)  # the person chose a row holding this article
    pendingChosen = Signal(str)  # ... a pending save's row (its URL as given)
    selectionChanged = Signal()  # what is selected, or the rows, changed
    searchPatternChanged = Signal(object)  # str | None, a Library.highlight_pattern
    searchOpened = Signal(int)  # Enter in the search field chose this best match

    def __init__(
        self, library: Library, search: QLineEdit, messages: Messenger, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.search = search
        self.messages = messages
        self.search_pattern: str | None = None
        self._shown: int | None = None  # the article in the reader (show_current)
        self._search_placeholder = search.placeholderText()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        filters = QHBoxLayout()
        self.views = ViewChooser(self)
        self.order_combo = QComboBox(self)
        self.order_combo.setObjectName("orderCombo")
        self.order_combo.setAccessibleName(self.tr("Sort by"))
        for order, text in ORDERS:
            self.order_combo.addItem(QCoreApplication.translate(CONTEXT, text), order)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.suggestion_label = SearchOffer(self)
        self.suggestion_label.linkActivated.connect(lambda _: self.search_suggestion())
        filters.addWidget(self.views, 1)
        filters.addWidget(self.order_combo, 1)
        layout.addLayout(filters)

        self.model = ArticleListModel(library, self)
        self.delegate = ArticleDelegate(self)
        self.list = QListView(self)
        self.list.setObjectName("articleList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setAccessibleName(self.tr("Articles"))
        # The Highlights view shows in place of the article list.
        self.highlights = HighlightsView(library, messages, self, lambda: self.model.hidden)
        self.highlights.countChanged.connect(self.update_count)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.highlights)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count_label)

        self.searches = ListSearch(self.model.read_search, self)
        self.searches.typing_pause.timeout.connect(self.run_search)
        self.searches.underWayChanged.connect(self.update_count)
        self.searches.found.connect(self._search_found)
        self.searches.failed.connect(self._search_failed)
        self.views.set_saves_text(self._saves_text())
        self.refresh_views()
        search.textChanged.connect(lambda _: self.searches.typing_pause.start())
        search.returnPressed.connect(self.search_now)
        self.views.currentIndexChanged.connect(self._filters_changed)
        self.order_combo.currentIndexChanged.connect(self._filters_changed)
        selection = self.list.selectionModel()
        # A row the person chooses is always selected (a click, the keyboard), so the
        # selection's change opens it, once; a move of the current row alone (Qt's own,
        # when rows go or the list takes focus) only updates the actions.
        selection.currentChanged.connect(lambda *_: self.selectionChanged.emit())
        selection.selectionChanged.connect(
            lambda *_: self._current_changed(self.list.currentIndex(), QModelIndex())
        )
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self.update_count)
        self.model.pendingChanged.connect(self._update_saves_entry)
        self.update_count()

    # --- views and order ----------------------------------------------------------------------
    def view_id(self) -> str:
        """The view shown, as stored (``ViewChooser.view_id``)."""
        return self.views.view_id()

    def set_view_id(self, identifier: str) -> None:
        """Show view ``identifier`` (see ``migrate_view``; an unknown one shows Unread)."""
        self.views.set_view_id(identifier)

    def saved_search(self) -> SavedSearch | None:
        """The saved search whose view is shown, or None."""
        return self.views.saved_search()

    def order(self) -> str:
        """The sort shown, as stored: "saved", "published", "title" or "site"."""
        return str(self.order_combo.currentData() or ORDERS[0][0])

    def restore(self, view: object, order: object) -> None:
        """Set the stored view and order without reading the list twice."""
        for combo in (self.order_combo, self.views):
            combo.blockSignals(True)
        self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(str(order))))
        self.views.set_view_id(str(view or ""))
        for combo in (self.order_combo, self.views):
            combo.blockSignals(False)
        # The model already shows the default view; read the ids again only if the
        # restored one differs (at 100,000 articles that read costs 20-60 ms).
        if self.showing_highlights or self.query() != self.model.query:
            self._filters_changed()
        else:
            self.views.check_action()

    def refresh_views(self) -> None:
        """List the tags and saved searches in the view chooser again (left as it is
        when they are the ones it lists). A saved search shown whose query changed is
        searched again; the view shown gone, Unread is shown."""
        refill = self.views.refill(self.library.all_tags(), self.library.saved_searches.all())
        if refill is Refill.CHANGED:
            self._filters_changed()
        elif refill is Refill.LISTED and self.saved_search() is not None:
            self._show_narrowing()  # perhaps renamed

    def show_saved(self, search_id: int) -> None:
        """Show saved search ``search_id``'s view with the search field emptied (what
        it held is the saved search now): one search, not one for the field too."""
        self.search.clear()
        self.searches.typing_pause.stop()  # the field's change: the view's search is enough
        self.set_view_id(saved_view(search_id))

    def _saves_text(self) -> str:
        failed = sum(p.failed for p in self.model.pending)
        return self.tr("Saves (%n failed)", "", failed) if failed else self.tr("Saves")

    def _update_saves_entry(self) -> None:
        """The Saves entry counts the failed saves."""
        self.views.set_saves_text(self._saves_text())
        self.update_count()  # the Saves view counts its rows

    def query(self) -> ListQuery:
        """What the list shows: the view, the order and the search field's text; in a
        saved search's view, its query narrowed by that text (``narrowed``)."""
        view, tag = query_of(self.view_id())
        text = self.search.text().strip()
        saved = self.saved_search()
        if saved is not None:
            text = narrowed(saved.query, text)
        return ListQuery(view=view, tag=tag, order=self.order(), search=text)

    @property
    def showing_highlights(self) -> bool:
        """Whether the Highlights view is chosen (the article list is then hidden)."""
        return self.view_id() == HIGHLIGHTS_VIEW

    def _filters_changed(self) -> None:
        if self.showing_highlights:
            # The article list keeps its view and is not read again meanwhile.
            self._offer(None)
            self.highlights.set_search(self.search.text())
            self.pages.setCurrentWidget(self.highlights)
            self.order_combo.setEnabled(False)  # always newest first
            self.update_count()
            self.selectionChanged.emit()
        else:
            self.pages.setCurrentWidget(self.list)
            self.order_combo.setEnabled(True)
            self._show_narrowing()
            query = self.query()
            if query.search:
                self.searches.start(query)
            else:
                self.apply_query(query)
        self.views.check_action()

    def _show_narrowing(self) -> None:
        """In a saved search's view the search field narrows it, and says so."""
        saved = self.saved_search()
        if saved is None:
            self.search.setPlaceholderText(self._search_placeholder)
        else:
            self.search.setPlaceholderText(self.tr("Search in “{}”").format(saved.name))

    def apply_query(self, query: ListQuery, found: SearchFound | None = None) -> None:
        """Show ``query`` (read here, on the GUI thread, unless ``found`` is its search
        read already); the shown article stays selected if the new list holds it. A
        search under way is forgotten (its answer is dropped)."""
        if found is None:
            self.searches.forget()
        self._offer(found.suggestion if found is not None else None)
        self.delegate.show_snippets = bool(query.search)
        try:
            self.model.set_query(query, found)
        except NewsreaderError as exc:
            self._say_unread(exc)
            return
        # Rows changed height when snippets came or went.
        self.list.doItemsLayout()
        if self._shown is not None:
            self.show_current(self._shown)
        self.selectionChanged.emit()

    # --- search -------------------------------------------------------------------------------
    def _offer(self, suggestion: Suggestion | None) -> None:
        saved = self.saved_search()
        self.suggestion_label.offer(suggestion, saved.query if saved is not None else None)

    def search_suggestion(self) -> None:
        """The offered query (the link of "Did you mean …?") into the search field,
        searched at once."""
        suggested = self.suggestion_label.suggested
        if suggested is not None:
            self.search.setText(suggested)
            self.run_search()

    def run_search(self) -> None:
        """Search for the field's text now (what the typing pause starts). In the
        article list the search is read off the GUI thread (``searches``) and shown
        when it arrives; an empty field shows the view at once."""
        text = self.search.text().strip()
        self.searches.typing_pause.stop()
        if self.showing_highlights:
            self.searches.forget()
            self.highlights.set_search(text)
            try:
                pattern = self.library.highlight_pattern(text) if text else None
            except NewsreaderError:  # the view said so already; the reader marks nothing
                pattern = None
            self._set_pattern(pattern)
        elif self.query().search:
            self.searches.start(self.query())  # a saved search's view is one, narrowed
        else:
            self.apply_query(self.query())
            self._set_pattern(None)

    def _set_pattern(self, pattern: str | None) -> None:
        self.search_pattern = pattern
        self.searchPatternChanged.emit(pattern)

    def _search_found(self, query: ListQuery, found: SearchFound, open_best: bool) -> None:
        self.apply_query(query, found)
        self._set_pattern(found.pattern)
        if open_best:
            self._open_best_match()

    def _search_failed(self, exc: NewsreaderError) -> None:
        self._say_unread(exc)
        self.update_count()

    def _say_unread(self, exc: NewsreaderError) -> None:
        self.messages.show(
            self.tr("Could not read the library: {}").format(exc.message), Level.ERROR
        )

    @property
    def search_under_way(self) -> bool:
        """Whether a search is being read (its result not shown yet)."""
        return self.searches.under_way

    def search_now(self) -> None:
        """Enter in the search field: search at once and open the best match (in the
        Highlights view, the newest highlight found). The match opened is that of the
        text Enter was pressed on: if its search is still being read, it opens when the
        result comes (unless the text changes first); the GUI thread never waits."""
        if self.showing_highlights:
            self.run_search()
            self.highlights.open_current()
            return
        text = self.query().search.strip()  # in a saved search's view, its query too
        if not text:
            self.run_search()
            return
        shown = self.model.query.search.strip() == text
        if self.searches.typing_pause.isActive() or not (shown or self.search_under_way):
            self.run_search()
        if self.search_under_way:
            self.searches.open_when_found()
            return
        self._open_best_match()

    def _open_best_match(self) -> None:
        if not self.model.searching:
            return
        row = self.model.first_article_row
        article_id = self.model.article_id_at(row)
        if article_id is not None:
            self.select_row(row, open_it=False)
            self.searchOpened.emit(article_id)

    def stop(self) -> None:
        """End the search thread (the window is closing); an answer under way is
        dropped."""
        self.searches.stop()

    def clear_search(self) -> bool:
        """Empty the search field and show the whole view; False if it was empty."""
        if not self.search.text():
            return False
        self.search.clear()
        self.run_search()
        return True

    def update_count(self, *_: object) -> None:
        """The count under the list: the view's articles, the matches of a search, or
        in the Saves view (which lists no articles) its failed saves and those under
        way."""
        n = self.model.total
        if self.showing_highlights:
            text = self.highlights.count_text()
        elif self.search_under_way:
            text = self.tr("Searching…")
        elif self.model.query.saves:
            pending = self.model.pending
            failed = sum(p.failed for p in pending)
            active = sum(p.active for p in pending)
            parts = [
                self.tr("%Ln failed", "", failed) if failed else "",
                self.tr("%Ln in progress", "", active) if active else "",
            ]
            text = ", ".join(p for p in parts if p) or self.tr("No failed saves")
        elif self.saved_search() is not None and self.model.searching:
            text = self.tr("%Ln matching articles", "", n)
        elif self.model.searching:
            text = self.tr("%Ln matches in all articles", "", n)
        else:
            text = self.tr("%Ln articles", "", n)
        self.count_label.setText(text)

    # --- selection ----------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selectionChanged.emit()
        # Only a row the user chose (a click or the keyboard selects it) is opened: Qt
        # also moves the current row by itself, when rows are removed or the list
        # takes focus, and opening those would mark articles read nobody looked at.
        if not current.isValid() or not self.list.selectionModel().isSelected(current):
            return
        article_id = self.model.article_id_at(current.row())
        if article_id is not None:
            if article_id != self._shown:
                self.articleChosen.emit(article_id)
            return
        pending = self.model.pending_at(current.row())
        if pending is not None:
            self.pendingChosen.emit(pending.url)

    def show_current(self, article_id: int | None) -> None:
        """The reader now shows ``article_id`` (None: no article): select its row if the
        list holds it, else select nothing. Rows not loaded yet (deep in a long list)
        are not loaded for it: that could mean reading 100,000 of them. A pending row
        the person chose stays selected."""
        self._shown = article_id
        row = self.model.row_of(article_id, expose=False) if article_id is not None else None
        if row is not None:
            # Already selected (alone, or among rows the person selected): kept as is.
            if not self.list.selectionModel().isSelected(self.model.index(row)):
                self.select_row(row, open_it=False)
            return
        if article_id is None and self.current_pending_url() is not None:
            return
        selection = self.list.selectionModel()
        if selection.hasSelection():
            selection.blockSignals(True)
            selection.clearSelection()
            selection.blockSignals(False)
            self.list.viewport().update()
            self.selectionChanged.emit()

    def select_row(self, row: int, open_it: bool) -> None:
        """Make ``row`` the only selected row; ``open_it`` says so (``articleChosen``)."""
        index = self.model.index(row)
        selection = self.list.selectionModel()
        if not open_it:
            selection.blockSignals(True)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not open_it:
            selection.blockSignals(False)
            self.list.viewport().update()
        self.list.scrollTo(index)
        self.selectionChanged.emit()

    def move_selection(self, step: int) -> None:
        """J/K: choose the next (``step`` 1) or previous (-1) row."""
        if self.showing_highlights:
            self.highlights.move_selection(step)
            return
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list.currentIndex()
        if not current.isValid():
            row = 0
        elif not self.list.selectionModel().isSelected(current):
            # Focus put the cursor on a row nobody chose yet: start there.
            row = current.row()
        else:
            row = current.row() + step
        if row >= rows and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
            rows = self.model.rowCount()
        row = max(0, min(rows - 1, row))
        self.select_row(row, open_it=True)

    def open_current(self) -> bool:
        """Enter in the list: open the current row (the first if none). False if empty."""
        if self.showing_highlights:
            return self.highlights.open_current()
        index = self.list.currentIndex()
        if not index.isValid():
            self.move_selection(0)
            index = self.list.currentIndex()
        if not index.isValid():
            return False
        self._current_changed(index, QModelIndex())
        return True

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.list.selectionModel().selectedRows())

    def selected_ids(self) -> list[int]:
        """The articles of the selected rows, top to bottom (pending rows left out)."""
        ids = [self.model.article_id_at(row) for row in self.selected_rows()]
        return [i for i in ids if i is not None]

    def selected_pending_urls(self) -> list[str]:
        pending = (self.model.pending_at(r) for r in self.selected_rows())
        return [p.url for p in pending if p is not None]

    def first_selected_row(self) -> int | None:
        rows = self.selected_rows()
        return rows[0] if rows else None

    def current_pending_url(self) -> str | None:
        """The URL of the pending row the cursor is on, or None."""
        current = self.list.currentIndex()
        pending = self.model.pending_at(current.row()) if current.isValid() else None
        return pending.url if pending else None
