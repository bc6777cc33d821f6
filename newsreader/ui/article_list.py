"""The list panel: the view chooser (fixed views and one per tag), the order, the
search field's wiring, the count, the list itself and its selection.

It says what the person chose (``articleChosen``, ``pendingChosen``) and never opens
anything itself; the window shows the chosen article (``CurrentArticle``) and tells
the list which article is shown (``show_current``), which the list then selects if it
holds it, or else selects nothing: a row selected in the list is never another
article than the one in the reader, unless the person selected several.

Views are stored as identifiers (``VIEW_IDS``, or ``tag:NAME``), never as the text
shown, which is translated (``view_id``/``set_view_id``; ``migrate_view`` reads the
shown text older versions stored). The last entry, after the tags, is the Saves view
(``SAVES_VIEW``: saves in flight and failed, no articles; see ``saves_place``), its
text counting the failed ones. Saved searches (``saved:ID``, library/saved_searches)
come after the fixed views under a heading, each with its count (``set_saved_counts``,
read off the GUI thread by ``saved_views``): their view is the search of their query,
which words typed in the search field narrow. After the fixed views comes the Highlights view
(``HIGHLIGHTS_VIEW``, Ctrl+6, highlights_view): it shows every highlight in place of
the article list, which keeps its own view and is not read meanwhile.

A search is read off the GUI thread (``run_search``: a ``ThreadReader`` with its
own connection ranks every match and reads the first batch's summaries and
snippets); the list keeps what it shows, the count line says "Searching…", and a
result that arrives after the text changed again is dropped (``_generation``).
Enter waits for the result of the text it was pressed on. A search that finds little
brings its "Did you mean …?" (``Library.suggest``, read on the same thread), shown
above the list as a link that searches for it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
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
from newsreader.ui.list_model import ArticleListModel, ListQuery, SearchFound, View
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.thread_reader import ThreadReader

SEARCH_DELAY_MS = 180  # typing pauses shorter than this do not start a search
CONTEXT = "ArticleList"
# (identifier stored in settings, the view, the text shown: translated when shown)
VIEWS = (
    ("unread", View.UNREAD, QT_TRANSLATE_NOOP("ArticleList", "Unread")),
    ("favorites", View.FAVORITES, QT_TRANSLATE_NOOP("ArticleList", "Favourites")),
    ("archive", View.ARCHIVE, QT_TRANSLATE_NOOP("ArticleList", "Archive")),
    ("all", View.ALL, QT_TRANSLATE_NOOP("ArticleList", "All")),
)
SAVES_VIEW = "saves"  # saves in flight and failed (saves_place), after the tags
HIGHLIGHTS_VIEW = "highlights"  # every highlight (highlights_view), after the fixed views
HIGHLIGHTS_TEXT = QT_TRANSLATE_NOOP("ArticleList", "Highlights")
HIGHLIGHTS_SHORTCUT = "Ctrl+6"  # Ctrl+5 is the Saves view (actions.py)
VIEW_IDS = (*(v[0] for v in VIEWS), HIGHLIGHTS_VIEW, SAVES_VIEW)
TAG_PREFIX = "tag:"
SAVED_PREFIX = "saved:"  # saved:ID, a saved search by its id (never its name)
SAVED_HEADING = QT_TRANSLATE_NOOP("ArticleList", "Saved searches")
ORDERS = (
    ("saved", QT_TRANSLATE_NOOP("ArticleList", "Newest saved")),
    ("published", QT_TRANSLATE_NOOP("ArticleList", "Newest published")),
    ("title", QT_TRANSLATE_NOOP("ArticleList", "Title")),
    ("site", QT_TRANSLATE_NOOP("ArticleList", "Site")),
)


def migrate_view(value: object) -> str:
    """The view identifier for a stored ``list/view`` value: an identifier as it is,
    the English text versions before issue 13 stored ("Favourites", "#skole") as its
    identifier, anything else as "unread"."""
    text = str(value or "")
    if text in VIEW_IDS or (text.startswith(TAG_PREFIX) and len(text) > len(TAG_PREFIX)):
        return text
    if saved_id_of(text) is not None:
        return text
    for identifier, _, shown in VIEWS:
        if text == shown:
            return identifier
    if text.startswith("#") and len(text) > 1:
        return TAG_PREFIX + text[1:]
    return VIEW_IDS[0]


def saved_view(search_id: int) -> str:
    """The view identifier of saved search ``search_id``."""
    return f"{SAVED_PREFIX}{search_id}"


def saved_id_of(identifier: object) -> int | None:
    """The saved search's id in a view identifier ``saved:ID``, else None."""
    text = str(identifier or "")
    number = text[len(SAVED_PREFIX) :]
    if text.startswith(SAVED_PREFIX) and number.isascii() and number.isdigit():
        return int(number)
    return None


def query_of(identifier: str) -> tuple[View, str | None]:
    """(view, tag) for a view identifier (see ``migrate_view``); a saved search's
    view is All, searched (``ArticleList.query``)."""
    if identifier.startswith(TAG_PREFIX):
        return View.ALL, identifier[len(TAG_PREFIX) :]
    if identifier == SAVES_VIEW:
        return View.SAVES, None
    for name, view, _ in VIEWS:
        if name == identifier:
            return view, None
    return View.UNREAD, None


class ArticleList(QWidget):
    """The list panel. ``search`` is the search field (it lives in the toolbar)."""

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
        self.saved: dict[int, SavedSearch] = {}  # the saved searches listed, by id
        self._saved_counts: dict[int, int] = {}  # their counts, as last read
        self._search_placeholder = search.placeholderText()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        filters = QHBoxLayout()
        self.view_combo = QComboBox(self)
        self.view_combo.setObjectName("viewCombo")
        self.view_combo.setAccessibleName(self.tr("Show"))
        self.order_combo = QComboBox(self)
        self.order_combo.setObjectName("orderCombo")
        self.order_combo.setAccessibleName(self.tr("Sort by"))
        for order, text in ORDERS:
            self.order_combo.addItem(QCoreApplication.translate(CONTEXT, text), order)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        # "Did you mean …?" when a search finds little: a link that searches for it.
        self.suggestion_label = QLabel(self)
        self.suggestion_label.setObjectName("didYouMean")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.hide()
        self.suggestion_label.linkActivated.connect(lambda _: self.search_suggestion())
        self.suggested: str | None = None  # the query the label offers
        filters.addWidget(self.view_combo, 1)
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

        # Ctrl+1… choose the fixed views; the menu bar lists them (menus.build_menus).
        self.view_group = QActionGroup(self)
        for i, (identifier, _, text) in enumerate(VIEWS):
            action = QAction(QCoreApplication.translate(CONTEXT, text), self.view_group)
            action.setCheckable(True)
            action.setData(identifier)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, v=identifier: self.set_view_id(v))
        action = QAction(QCoreApplication.translate(CONTEXT, HIGHLIGHTS_TEXT), self.view_group)
        action.setCheckable(True)
        action.setData(HIGHLIGHTS_VIEW)
        action.setShortcut(QKeySequence(HIGHLIGHTS_SHORTCUT))
        action.triggered.connect(lambda _=False: self.set_view_id(HIGHLIGHTS_VIEW))

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        # Searches read on a thread of their own; each request is (generation, query),
        # and only the answer to the newest generation is shown.
        self._searcher = ThreadReader(self._read_search, "list-search", self)
        self._searcher.done.connect(self._search_read)
        self._generation = 0
        self._in_flight: int | None = None  # the generation being read, if any
        self._open_when_found: int | None = None  # Enter pressed for this generation
        self.refresh_views()
        search.textChanged.connect(lambda _: self._search_timer.start())
        search.returnPressed.connect(self.search_now)
        self.view_combo.currentIndexChanged.connect(self._filters_changed)
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
        """The view shown, as stored: "unread", "favorites", "archive", "all",
        "highlights", "tag:NAME", "saved:ID", "saves"."""
        return str(self.view_combo.currentData() or VIEW_IDS[0])

    def saved_search(self) -> SavedSearch | None:
        """The saved search whose view is shown, or None."""
        search_id = saved_id_of(self.view_id())
        return None if search_id is None else self.saved.get(search_id)

    def set_view_id(self, identifier: str) -> None:
        """Show view ``identifier`` (see ``migrate_view``; an unknown one shows Unread)."""
        self.view_combo.setCurrentIndex(max(0, self.view_combo.findData(migrate_view(identifier))))

    def order(self) -> str:
        """The sort shown, as stored: "saved", "published", "title" or "site"."""
        return str(self.order_combo.currentData() or ORDERS[0][0])

    def restore(self, view: object, order: object) -> None:
        """Set the stored view and order without reading the list twice."""
        for combo in (self.order_combo, self.view_combo):
            combo.blockSignals(True)
        self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(str(order))))
        self.view_combo.setCurrentIndex(max(0, self.view_combo.findData(migrate_view(view))))
        for combo in (self.order_combo, self.view_combo):
            combo.blockSignals(False)
        # The model already shows the default view; read the ids again only if the
        # restored one differs (at 100,000 articles that read costs 20-60 ms).
        if self.showing_highlights or self.query() != self.model.query:
            self._filters_changed()
        else:
            self._check_view_action()

    def refresh_views(self) -> None:
        """Fill the view chooser: the fixed views, the saved searches, one entry per
        tag, then Saves. Left as it is (an open popup stays open) when the tags and
        saved searches are the ones it lists. A saved search shown whose query changed
        is searched again."""
        tags = self.library.all_tags()
        saved = {s.id: s for s in self.library.saved_searches.all()}
        listed = [
            str(self.view_combo.itemData(i))[len(TAG_PREFIX) :]
            for i in range(self.view_combo.count())
            if str(self.view_combo.itemData(i)).startswith(TAG_PREFIX)
        ]
        if (
            self.view_combo.count()
            and listed == tags
            and list(saved.values()) == list(self.saved.values())
        ):
            return
        shown = self.saved_search()
        self.saved = saved
        current = self.view_combo.currentData()
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        for identifier, _, text in VIEWS:
            self.view_combo.addItem(QCoreApplication.translate(CONTEXT, text), identifier)
        self.view_combo.addItem(
            QCoreApplication.translate(CONTEXT, HIGHLIGHTS_TEXT), HIGHLIGHTS_VIEW
        )
        if saved:
            self.view_combo.insertSeparator(self.view_combo.count())
            self.view_combo.addItem(QCoreApplication.translate(CONTEXT, SAVED_HEADING))
            heading = self.view_combo.model().item(self.view_combo.count() - 1)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a view
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for search in saved.values():
                self.view_combo.addItem(self._saved_text(search), saved_view(search.id))
                index = self.view_combo.count() - 1
                self.view_combo.setItemData(index, search.query, Qt.ItemDataRole.ToolTipRole)
        if tags:
            self.view_combo.insertSeparator(self.view_combo.count())
            for tag in tags:
                self.view_combo.addItem(f"#{tag}", TAG_PREFIX + tag)
        self.view_combo.insertSeparator(self.view_combo.count())
        self.view_combo.addItem(self._saves_text(), SAVES_VIEW)
        index = self.view_combo.findData(current) if current else -1
        self.view_combo.setCurrentIndex(max(0, index))
        self.view_combo.blockSignals(False)
        now = self.saved_search()
        gone = bool(current) and index < 0  # the tag or saved search shown is gone
        if gone or (shown is not None and now is not None and now.query != shown.query):
            self._filters_changed()
        elif now is not None:  # perhaps renamed
            self._show_narrowing()

    def show_saved(self, search_id: int) -> None:
        """Show saved search ``search_id``'s view with the search field emptied (what
        it held is the saved search now): one search, not one for the field too."""
        self.search.clear()
        self._search_timer.stop()  # the field's change: the view's search is enough
        self.set_view_id(saved_view(search_id))

    def _saved_text(self, search: SavedSearch) -> str:
        """A saved search's entry: its name, and its count once read."""
        count = self._saved_counts.get(search.id)
        if count is None:
            return search.name
        return self.tr("{0}  ({1})").format(search.name, self.locale().toString(count))

    def set_saved_counts(self, counts: dict[int, int]) -> None:
        """Show these counts (saved search id → articles its query lists) beside the
        saved searches' names."""
        self._saved_counts = dict(counts)
        for search in self.saved.values():
            index = self.view_combo.findData(saved_view(search.id))
            if index >= 0:
                self.view_combo.setItemText(index, self._saved_text(search))

    def saved_count(self, search_id: int) -> int | None:
        """The count shown for saved search ``search_id`` (None: not read yet)."""
        return self._saved_counts.get(search_id)

    def _saves_text(self) -> str:
        failed = sum(p.failed for p in self.model.pending)
        return self.tr("Saves (%n failed)", "", failed) if failed else self.tr("Saves")

    def _update_saves_entry(self) -> None:
        """The Saves entry counts the failed saves."""
        index = self.view_combo.findData(SAVES_VIEW)
        if index >= 0:
            self.view_combo.setItemText(index, self._saves_text())
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
                self._start_search(query)
            else:
                self.apply_query(query)
        self._check_view_action()

    def _show_narrowing(self) -> None:
        """In a saved search's view the search field narrows it, and says so."""
        saved = self.saved_search()
        if saved is None:
            self.search.setPlaceholderText(self._search_placeholder)
        else:
            self.search.setPlaceholderText(self.tr("Search in “{}”").format(saved.name))

    def _check_view_action(self) -> None:
        for action in self.view_group.actions():
            action.setChecked(action.data() == self.view_id())

    def apply_query(self, query: ListQuery, found: SearchFound | None = None) -> None:
        """Show ``query`` (read here, on the GUI thread, unless ``found`` is its search
        read already); the shown article stays selected if the new list holds it. A
        search under way is forgotten (its answer is dropped)."""
        if found is None:
            self._forget_search()
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
        """Show "Did you mean …?" for ``suggestion`` (the search found little), or
        nothing. In a saved search's view the offer is for the words typed to narrow
        it (the saved query stays as saved: Edit search… changes that)."""
        self.suggested = suggestion.query if suggestion is not None else None
        saved = self.saved_search()
        if self.suggested is not None and saved is not None:
            prefix = narrowed(saved.query, "-")[:-1]  # the saved query, then a space
            typed = self.suggested[len(prefix) :]
            fits = self.suggested.startswith(prefix) and typed.strip()
            self.suggested = typed.strip() if fits else None
        if self.suggested is None:
            self.suggestion_label.hide()
            self.suggestion_label.clear()
            return
        link = f'<a href="search">{escape(self.suggested)}</a>'
        self.suggestion_label.setText(self.tr("Did you mean {}?").format(link))
        self.suggestion_label.show()

    def search_suggestion(self) -> None:
        """The offered query (the link of "Did you mean …?") into the search field,
        searched at once."""
        if self.suggested is not None:
            self.search.setText(self.suggested)
            self.run_search()

    def run_search(self) -> None:
        """Search for the field's text now (what the typing pause starts). In the
        article list the search is read off the GUI thread and shown when it arrives;
        an empty field shows the view at once."""
        text = self.search.text().strip()
        self._search_timer.stop()
        if self.showing_highlights:
            self._forget_search()
            self.highlights.set_search(text)
            try:
                pattern = self.library.highlight_pattern(text) if text else None
            except NewsreaderError:  # the view said so already; the reader marks nothing
                pattern = None
            self._set_pattern(pattern)
        elif self.query().search:
            self._start_search(self.query())  # a saved search's view is one, narrowed
        else:
            self.apply_query(self.query())
            self._set_pattern(None)

    def _set_pattern(self, pattern: str | None) -> None:
        self.search_pattern = pattern
        self.searchPatternChanged.emit(pattern)

    def _start_search(self, query: ListQuery) -> None:
        """Read ``query`` (a search) on the search thread; the list stays as it is and
        the count line says so until the answer comes (``_search_read``)."""
        self._generation += 1
        self._in_flight = self._generation
        self._searcher.request((self._generation, query))
        self.update_count()

    def _forget_search(self) -> None:
        """Drop the answer of the search under way, if any (another query is shown)."""
        self._generation += 1
        self._open_when_found = None
        if self._in_flight is not None:
            self._in_flight = None
            self.update_count()

    def _read_search(self, request: object) -> SearchFound:
        _, query = request  # type: ignore[misc]
        return self.model.read_search(query)

    def _search_read(self, request: object, result: object) -> None:
        """The search thread's answer (on the GUI thread): shown if it answers the
        newest search, else dropped."""
        generation, query = request  # type: ignore[misc]
        if generation != self._generation:
            return
        self._in_flight = None
        open_it = self._open_when_found == generation
        self._open_when_found = None
        if isinstance(result, NewsreaderError):
            self._say_unread(result)
            self.update_count()
            return
        assert isinstance(result, SearchFound)
        self.apply_query(query, result)
        self._set_pattern(result.pattern)
        if open_it:
            self._open_best_match()

    def _say_unread(self, exc: NewsreaderError) -> None:
        self.messages.show(
            self.tr("Could not read the library: {}").format(exc.message), Level.ERROR
        )

    @property
    def search_under_way(self) -> bool:
        """Whether a search is being read (its result not shown yet)."""
        return self._in_flight is not None

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
        if self._search_timer.isActive() or not (shown or self.search_under_way):
            self.run_search()
        if self.search_under_way:
            self._open_when_found = self._generation
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
        self._forget_search()
        self._searcher.stop()

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
