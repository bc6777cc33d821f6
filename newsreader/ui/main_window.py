"""The main window: address and search fields, the library list, the reader.

It presents and delegates: saving goes to ``SaveQueue`` (the core's ``Saver``),
reading and changing articles to ``Library``. What the user should know goes
through ``Messenger``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsreader import APP_NAME, __version__
from newsreader.capture.url_lists import read_url_list, urls_in_text
from newsreader.capture.urls import url_key
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.library.models import ArticleSummary
from newsreader.saver import SaveResult, SaveState
from newsreader.ui.actions import build_actions
from newsreader.ui.dialogs import ShortcutsDialog, TagsDialog
from newsreader.ui.list_delegate import ArticleDelegate
from newsreader.ui.list_model import ArticleListModel, ListQuery, View
from newsreader.ui.messages import Level, MessageBanner, Messenger
from newsreader.ui.reader import ReaderView
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.search_help import SearchHelpPopup

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 180  # typing pauses shorter than this do not start a search
UNDO_MS = 10_000  # how long a delete can be undone
VIEWS = (
    ("Unread", View.UNREAD),
    ("Favourites", View.FAVORITES),
    ("Archive", View.ARCHIVE),
    ("All", View.ALL),
)
ORDERS = (
    ("Newest saved", "saved"),
    ("Newest published", "published"),
    ("Title", "title"),
    ("Site", "site"),
)
_LINK_SCHEMES = ("http", "https")


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library,
        queue: SaveQueue,
        settings: QSettings,
        open_external: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__()
        self.library = library
        self.queue = queue
        self.settings = settings
        self.open_external = open_external
        self._pending_deletes: dict[int, tuple[list[int], QTimer]] = {}
        self._delete_serial = 0
        self._offered_clipboard = ""
        self._search_pattern: str | None = None
        self.search_help: SearchHelpPopup | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)

        self.actions_ = build_actions(self)
        self._build_toolbar()
        self._build_body()
        self._build_menus()
        self._connect()
        self._restore_settings()
        self._update_actions()
        self._update_count()

    # --- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(18, 18))
        self.addToolBar(bar)
        self.address = QLineEdit(bar)
        self.address.setObjectName("address")
        self.address.setPlaceholderText("Paste links to save, then press Enter  (Ctrl+L)")
        self.address.setClearButtonEnabled(True)
        self.address.setAccessibleName("Links to save")
        self.search = QLineEdit(bar)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search your library  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.setMaximumWidth(360)
        bar.addWidget(self.address)
        save_button = QToolButton(bar)
        save_button.setObjectName("saveButton")
        save_button.setText("Save")
        save_button.clicked.connect(self.save_from_address)
        bar.addWidget(save_button)
        bar.addSeparator()
        bar.addWidget(self.search)
        help_button = QToolButton(bar)
        help_button.setObjectName("searchHelpButton")
        help_button.setDefaultAction(self.actions_["search_help"])
        help_button.setText("?")
        help_button.setAccessibleName("How to search")
        bar.addWidget(help_button)
        self.search_help_button = help_button
        bar.addSeparator()
        for name in ("archive", "favorite", "delete"):
            bar.addAction(self.actions_[name])
        self.toolbar = bar

    def _build_body(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = MessageBanner(central)
        outer.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("splitter")
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        list_panel = QWidget(self.splitter)
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(6, 6, 0, 0)
        list_layout.setSpacing(4)
        filters = QHBoxLayout()
        self.view_combo = QComboBox(list_panel)
        self.view_combo.setObjectName("viewCombo")
        self.view_combo.setAccessibleName("Show")
        self.order_combo = QComboBox(list_panel)
        self.order_combo.setObjectName("orderCombo")
        self.order_combo.setAccessibleName("Sort by")
        for text, order in ORDERS:
            self.order_combo.addItem(text, order)
        self.count_label = QLabel(list_panel)
        self.count_label.setObjectName("countLabel")
        filters.addWidget(self.view_combo, 1)
        filters.addWidget(self.order_combo, 1)
        list_layout.addLayout(filters)

        self.model = ArticleListModel(self.library, self)
        self.delegate = ArticleDelegate(self)
        self.list = QListView(list_panel)
        self.list.setObjectName("articleList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setAccessibleName("Articles")
        list_layout.addWidget(self.list, 1)
        list_layout.addWidget(self.count_label)

        reader_panel = QWidget(self.splitter)
        reader_layout = QVBoxLayout(reader_panel)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        self.reader = ReaderView(self.library.paths, reader_panel)
        self.find_bar = QWidget(reader_panel)
        self.find_bar.setObjectName("findBar")
        find_layout = QHBoxLayout(self.find_bar)
        find_layout.setContentsMargins(8, 4, 8, 4)
        self.find_field = QLineEdit(self.find_bar)
        self.find_field.setObjectName("findField")
        self.find_field.setPlaceholderText("Find in article")
        self.find_field.setClearButtonEnabled(True)
        self.find_status = QLabel(self.find_bar)
        self.find_status.setObjectName("findStatus")
        close_find = QToolButton(self.find_bar)
        close_find.setText("✕")
        close_find.setToolTip("Close (Escape)")
        close_find.clicked.connect(self.close_find)
        find_layout.addWidget(QLabel("Find:", self.find_bar))
        find_layout.addWidget(self.find_field, 1)
        find_layout.addWidget(self.find_status)
        find_layout.addWidget(close_find)
        self.find_bar.hide()
        reader_layout.addWidget(self.reader, 1)
        reader_layout.addWidget(self.find_bar)

        self.splitter.addWidget(list_panel)
        self.splitter.addWidget(reader_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 820])
        self.setCentralWidget(central)

        self.in_flight_label = QLabel(self)
        self.in_flight_label.setObjectName("inFlight")
        self.statusBar().addPermanentWidget(self.in_flight_label)
        self.in_flight_label.hide()
        self.messages = Messenger(self.banner, self.statusBar())

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._refresh_views()

    def _build_menus(self) -> None:
        a = self.actions_
        menu = self.menuBar().addMenu("&File")
        menu.addActions([a["focus_address"], a["import"]])
        menu.addSeparator()
        menu.addAction(a["quit"])

        menu = self.menuBar().addMenu("&Edit")
        menu.addAction(a["undo"])
        menu.addActions([a["copy_link"], a["focus_search"], a["find_in_article"]])
        menu.addActions([a["find_next"], a["find_previous"]])

        menu = self.menuBar().addMenu("&View")
        self.view_group = QActionGroup(self)
        for i, (text, _) in enumerate(VIEWS):
            action = QAction(text, self.view_group, checkable=True)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, i=i: self.view_combo.setCurrentIndex(i))
            menu.addAction(action)
            self.addAction(action)
        menu.addSeparator()
        theme_menu = menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        for name in ("system", "light", "sepia", "dark"):
            action = QAction(name.capitalize(), self.theme_group, checkable=True)
            action.setData(name)
            action.triggered.connect(lambda _=False, name=name: self.set_theme(name))
            theme_menu.addAction(action)
        menu.addAction(a["serif"])
        menu.addSeparator()
        menu.addActions([a["zoom_in"], a["zoom_out"], a["zoom_reset"]])

        menu = self.menuBar().addMenu("&Article")
        menu.addActions([a["next"], a["previous"], a["open"]])
        menu.addSeparator()
        menu.addActions([a["archive"], a["favorite"], a["tags"]])
        menu.addSeparator()
        menu.addActions([a["open_original"], a["copy_link"], a["refetch"], a["retry"]])
        menu.addSeparator()
        menu.addAction(a["delete"])

        menu = self.menuBar().addMenu("&Help")
        menu.addActions([a["search_help"], a["shortcuts"], a["about"]])

    def _connect(self) -> None:
        a = self.actions_
        a["focus_address"].triggered.connect(self.focus_address)
        a["import"].triggered.connect(self.import_links)
        a["focus_search"].triggered.connect(self.focus_search)
        a["clear_search"].triggered.connect(self.escape)
        a["find_in_article"].triggered.connect(self.open_find)
        a["find_next"].triggered.connect(lambda: self.find_step(backward=False))
        a["find_previous"].triggered.connect(lambda: self.find_step(backward=True))
        a["next"].triggered.connect(lambda: self.move_selection(1))
        a["previous"].triggered.connect(lambda: self.move_selection(-1))
        # Enter opens the current article only from the list: elsewhere Enter belongs
        # to the field or dialog that has focus.
        self.removeAction(a["open"])
        a["open"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list.addAction(a["open"])
        a["open"].triggered.connect(self.open_current)
        a["archive"].triggered.connect(self.toggle_archive)
        a["favorite"].triggered.connect(self.toggle_favorite)
        a["tags"].triggered.connect(self.edit_tags)
        a["delete"].triggered.connect(self.delete_selected)
        a["undo"].triggered.connect(lambda: self.undo_delete())
        a["refetch"].triggered.connect(self.refetch)
        a["retry"].triggered.connect(self.retry)
        a["open_original"].triggered.connect(self.open_original)
        a["copy_link"].triggered.connect(self.copy_link)
        a["zoom_in"].triggered.connect(lambda: self.zoom(1))
        a["zoom_out"].triggered.connect(lambda: self.zoom(-1))
        a["zoom_reset"].triggered.connect(lambda: self.zoom(0))
        a["serif"].toggled.connect(self.set_serif)
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["search_help"].triggered.connect(self.show_search_help)
        a["about"].triggered.connect(self.show_about)
        a["quit"].triggered.connect(self.close)

        self.address.returnPressed.connect(self.save_from_address)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.find_field.textChanged.connect(lambda text: self._find(text, restart=True))
        self.find_field.returnPressed.connect(lambda: self.find_step(backward=False))
        self.view_combo.currentIndexChanged.connect(self._filters_changed)
        self.order_combo.currentIndexChanged.connect(self._filters_changed)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        # Clicking the row Qt already made current changes only the selection.
        self.list.selectionModel().selectionChanged.connect(
            lambda *_: self._current_changed(self.list.currentIndex(), QModelIndex())
        )
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.reader.linkActivated.connect(self._link_activated)
        self.reader.progressChanged.connect(self._progress_changed)
        self.queue.stateChanged.connect(self._save_state_changed)
        self.queue.finished.connect(self._save_finished)
        self.queue.inFlightChanged.connect(self._in_flight_changed)
        QGuiApplication.instance().applicationStateChanged.connect(self._application_state)

    # --- settings -------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        self.reader.point_size = float(s.value("reader/pointSize", self.reader.point_size))
        self.set_theme(str(s.value("reader/theme", "system")))
        self.actions_["serif"].setChecked(_truthy(s.value("reader/serif", True)))
        self.reader.set_serif(self.actions_["serif"].isChecked())
        order = str(s.value("list/order", "saved"))
        view = str(s.value("list/view", "Unread"))
        for combo in (self.order_combo, self.view_combo):
            combo.blockSignals(True)
        self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(order)))
        self.view_combo.setCurrentIndex(max(0, self.view_combo.findText(view)))
        for combo in (self.order_combo, self.view_combo):
            combo.blockSignals(False)
        # The model already shows the default view; read the ids again only if the
        # restored one differs (at 100,000 articles that read costs 20-60 ms).
        if self._query() != self.model.query:
            self._filters_changed()
        else:
            self._check_view_action()
        last = s.value("reader/lastArticle")
        if last not in (None, ""):
            with contextlib.suppress(TypeError, ValueError):
                self.show_article_id(int(last), select=True)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("reader/pointSize", self.reader.point_size)
        s.setValue("reader/theme", self.reader.theme.name)
        s.setValue("reader/serif", self.reader.serif)
        s.setValue("list/order", self.order_combo.currentData())
        s.setValue("list/view", self.view_combo.currentText())
        article = self.reader.article
        s.setValue("reader/lastArticle", article.id if article else "")
        s.sync()

    # --- the list's filters and search ------------------------------------------------------
    def _refresh_views(self) -> None:
        """Fill the view chooser: the fixed views, then one entry per tag."""
        current = self.view_combo.currentText()
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        for text, view in VIEWS:
            self.view_combo.addItem(text, (view, None))
        tags = self.library.all_tags()
        if tags:
            self.view_combo.insertSeparator(self.view_combo.count())
            for tag in tags:
                self.view_combo.addItem(f"#{tag}", (View.ALL, tag))
        index = self.view_combo.findText(current)
        self.view_combo.setCurrentIndex(max(0, index))
        self.view_combo.blockSignals(False)
        if current and index < 0:  # the tag shown is gone
            self._filters_changed()

    def _query(self) -> ListQuery:
        view, tag = self.view_combo.currentData() or (View.UNREAD, None)
        return ListQuery(
            view=view,
            tag=tag,
            order=self.order_combo.currentData() or "saved",
            search=self.search.text().strip(),
        )

    def _filters_changed(self) -> None:
        self._apply_query(self._query())
        self._check_view_action()

    def _check_view_action(self) -> None:
        for action, (_, view) in zip(self.view_group.actions(), VIEWS, strict=True):
            action.setChecked(self.model.query.view is view and not self.model.query.tag)

    def _apply_query(self, query: ListQuery) -> None:
        current = self.reader.article.id if self.reader.article else None
        self.delegate.show_snippets = bool(query.search)
        try:
            self.model.set_query(query)
        except NewsreaderError as exc:
            self.messages.show(f"Could not read the library: {exc.message}", Level.ERROR)
            return
        # Rows changed height when snippets came or went.
        self.list.doItemsLayout()
        if current is not None:
            row = self.model.row_of(current, expose=False)
            if row is not None:
                self._select_row(row, open_it=False)

    def _run_search(self) -> None:
        text = self.search.text().strip()
        self._apply_query(replace(self._query(), search=text))
        try:
            self._search_pattern = self.library.highlight_pattern(text) if text else None
        except NewsreaderError:  # the list said so already; the reader just marks nothing
            self._search_pattern = None
        self.reader.set_search_pattern(self._search_pattern)

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if not self.model.searching:
            return
        row = len(self.model.pending)
        article_id = self.model.article_id_at(row)
        if article_id is not None:
            self._select_row(row, open_it=False)
            # Opens it, or, if it is already open, moves to its first match.
            self.show_article_id(article_id)

    def _update_count(self, *_: object) -> None:
        total = self.model.total
        if self.model.searching:
            text = f"{total:,} match" + ("" if total == 1 else "es") + " in all articles"
        else:
            text = f"{total:,} article" + ("" if total == 1 else "s")
        self.count_label.setText(text)

    # --- selection and opening ------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        # Only a row the user chose (a click or the keyboard selects it) is opened: Qt
        # also moves the current row by itself, when rows are removed or the list
        # takes focus, and opening those would mark articles read nobody looked at.
        if not current.isValid() or not self.list.selectionModel().isSelected(current):
            return
        article_id = self.model.article_id_at(current.row())
        if article_id is not None:
            if self.reader.article is None or self.reader.article.id != article_id:
                self.show_article_id(article_id)
            return
        pending = self.model.pending_at(current.row())
        if pending is not None:
            self._show_pending(pending.url)

    def _show_pending(self, url: str) -> None:
        pending = next((p for p in self.model.pending if p.url == url), None)
        if pending is None:
            return
        self.reader.flush_progress()
        if pending.failed:
            text = f"Could not save {url}\n\n{pending.detail}\n\nPress R to try again."
        else:
            text = f"Saving {url}…"
        self.reader.show_placeholder(text)
        self.setWindowTitle(APP_NAME)

    def show_article_id(self, article_id: int, select: bool = False) -> None:
        """Open an article in the reader, marking it read."""
        pattern = self._search_pattern if self.model.searching else None
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.set_search_pattern(pattern, jump=bool(pattern))
            return
        self.reader.flush_progress()
        try:
            article = self.library.get(article_id)
            if article.read_at is None:
                self.library.mark_read(article_id)
                self.model.article_changed(article_id)
        except NewsreaderError as exc:
            self.messages.show(f"Could not open the article: {exc.message}", Level.ERROR)
            return
        self.reader.show_article(article, pattern)
        self.setWindowTitle(f"{article.title} — {APP_NAME}")
        # Remembered at once, so that a crash or a killed session still reopens it.
        self.settings.setValue("reader/lastArticle", article_id)
        if select:
            # Not exposed yet (deep in a long list): shown, but not scrolled to, since
            # exposing every row above it could mean loading 100,000 of them.
            row = self.model.row_of(article_id, expose=False)
            if row is not None:
                self._select_row(row, open_it=False)
        self._update_actions()

    def _select_row(self, row: int, open_it: bool) -> None:
        index = self.model.index(row)
        selection = self.list.selectionModel()
        if not open_it:
            selection.blockSignals(True)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not open_it:
            selection.blockSignals(False)
            self.list.viewport().update()
        self.list.scrollTo(index)
        self._update_actions()

    def move_selection(self, step: int) -> None:
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
        self._select_row(row, open_it=True)

    def open_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            self.move_selection(0)
            index = self.list.currentIndex()
        if index.isValid():
            self._current_changed(index, QModelIndex())
            self.reader.setFocus()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        ids = [self.model.article_id_at(row) for row in rows]
        found = [i for i in ids if i is not None]
        if not found:
            current = self.list.currentIndex()
            if current.isValid() and self.list.selectionModel().isSelected(current):
                article_id = self.model.article_id_at(current.row())
                found = [article_id] if article_id is not None else []
        nothing_chosen = not rows and not self.list.selectionModel().hasSelection()
        if nothing_chosen and self.reader.article is not None and not self.list.hasFocus():
            found = [self.reader.article.id]
        return found

    def _selected_summaries(self) -> list[ArticleSummary]:
        return self.library.summaries(self.selected_ids())

    def _selected_pending_urls(self) -> list[str]:
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        return [p.url for p in (self.model.pending_at(r) for r in rows) if p is not None]

    def _update_actions(self) -> None:
        summaries = self._selected_summaries()
        has = bool(summaries)
        single = len(summaries) == 1
        a = self.actions_
        for name in ("archive", "favorite", "tags", "delete", "refetch", "copy_link"):
            a[name].setEnabled(has if name in ("archive", "favorite", "delete") else single)
        a["open_original"].setEnabled(single)
        a["archive"].setChecked(has and all(s.state == "archived" for s in summaries))
        a["favorite"].setChecked(has and all(s.favorite for s in summaries))
        a["retry"].setEnabled(
            any(p.failed for p in self.model.pending if p.url in self._selected_pending_urls())
        )
        a["delete"].setEnabled(has or bool(self._selected_pending_urls()))

    # --- saving ---------------------------------------------------------------------------
    def save_from_address(self) -> None:
        text = self.address.text()
        if not text.strip():
            self.address.setFocus()
            return
        urls, _ = urls_in_text(text)
        if not urls:
            # Left in the field, to be corrected.
            self.messages.show(f"No link found in “{text.strip()[:80]}”", Level.WARNING)
            return
        self.address.clear()
        self.save_urls(urls)

    def import_links(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import links",
            str(Path.home()),
            "Link lists (*.txt *.csv *.html *.htm);;All files (*)",
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> int:
        """Save every link in a text, CSV or bookmarks file; returns how many started."""
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                urls, _ = read_url_list(handle)
        except OSError as exc:
            self.messages.show(f"Cannot read {path}: {exc.strerror}", Level.ERROR)
            return 0
        except NewsreaderError as exc:
            self.messages.show(f"Cannot import {path.name}: {exc.message}", Level.ERROR)
            return 0
        if not urls:
            self.messages.show(f"No links found in {path.name}", Level.WARNING)
            return 0
        started = self.save_urls(urls)
        self.messages.show(f"Importing {started} link{'s' if started != 1 else ''}")
        return started

    def save_urls(self, urls: Iterable[str]) -> int:
        """Start saving each URL; returns how many saves started. Links already in the
        library are not fetched again (Re-fetch does that): a single one is opened,
        several are counted."""
        urls = list(urls)
        started = 0
        known: list[ArticleSummary] = []
        for url in urls:
            existing = self._known_article(url)
            if existing is not None:
                known.append(existing)
            elif self.model.add_pending(url) and self.queue.save(url):
                started += 1
        if started:
            self.list.scrollToTop()
        if len(urls) == 1 and known:
            self.messages.show(f"Already in your library: {known[0].title}")
            self.show_article_id(known[0].id, select=True)
        elif known:
            self.messages.show(f"{len(known)} of the links are already in your library")
        return started

    def _known_article(self, url: str) -> ArticleSummary | None:
        try:
            article_id = self.library.find_by_url_keys([url_key(url)])
        except (NewsreaderError, ValueError):
            return None
        if article_id is None or article_id in self.model.hidden:
            return None
        found = self.library.summaries([article_id])
        return found[0] if found else None

    def _save_state_changed(self, url: str, state: SaveState, detail: str) -> None:
        self.model.update_pending(url, state, detail)
        current = self.list.currentIndex()
        pending = self.model.pending_at(current.row()) if current.isValid() else None
        if pending is not None and pending.url == url:
            self._show_pending(url)
        self._update_actions()

    def _save_finished(self, result: SaveResult) -> None:
        if not result.ok:
            message = result.error.message if result.error else "unknown error"
            self.model.update_pending(result.url, SaveState.FAILED, message)
            self.messages.show(
                f"Could not save {result.url}: {message}",
                Level.WARNING,
                action=("Retry", lambda url=result.url: self.retry_url(url)),
            )
            self._update_actions()
            return
        was_current = self._current_pending_url() == result.url
        self.model.remove_pending(result.url)
        if result.article_id is not None and result.article_id in self.model.hidden:
            self._cancel_delete_of(result.article_id)
            self._offer_undo()
        if result.article_id is not None:
            if self.reader.article is not None and self.reader.article.id == result.article_id:
                self.reader.article = None  # show the re-fetched version
                self.show_article_id(result.article_id)
            self.model.article_added(result.article_id)
            if was_current:
                self.show_article_id(result.article_id, select=True)
        self._refresh_views()
        extra = f" ({result.images_failed} images missing)" if result.images_failed else ""
        self.messages.show(f"Saved: {result.title}{extra}")

    def _current_pending_url(self) -> str | None:
        current = self.list.currentIndex()
        pending = self.model.pending_at(current.row()) if current.isValid() else None
        return pending.url if pending else None

    def retry(self) -> None:
        for url in self._selected_pending_urls():
            self.retry_url(url)

    def retry_url(self, url: str) -> None:
        pending = next((p for p in self.model.pending if p.url == url), None)
        if pending is not None and pending.failed:
            self.model.add_pending(url)
            self.queue.save(url)

    def _in_flight_changed(self, count: int) -> None:
        if count:
            self.in_flight_label.setText(f"Saving {count} article{'s' if count != 1 else ''}…")
            self.in_flight_label.show()
        else:
            self.in_flight_label.hide()

    # --- drops and the clipboard ----------------------------------------------------------
    @staticmethod
    def _dropped_urls(event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if mime.hasUrls():
            return [u.toString() for u in mime.urls() if u.scheme() in _LINK_SCHEMES]
        if mime.hasText():
            return urls_in_text(mime.text())[0]
        return []

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_urls(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = self._dropped_urls(event)
        if urls:
            event.acceptProposedAction()
            self.save_urls(urls)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.offer_clipboard()

    def offer_clipboard(self) -> None:
        """Offer to save a link the user just copied, once per link."""
        text = QGuiApplication.clipboard().text().strip()
        if not text or text == self._offered_clipboard or len(text) > 2000:
            return
        words = text.split()
        if len(words) != 1 or not re.match(r"https?://", words[0]):
            return
        self._offered_clipboard = text
        url = words[0]
        if self._known_article(url) is not None or self.model.pending_row(url) is not None:
            return
        self.messages.show(
            f"Save the link on your clipboard? {url}",
            Level.INFO,
            action=("Save", lambda: self.save_urls([url])),
        )

    # --- actions on articles ----------------------------------------------------------------
    def toggle_archive(self) -> None:
        summaries = self._selected_summaries()
        if not summaries:
            return
        archive = not all(s.state == "archived" for s in summaries)
        self._change(
            summaries,
            lambda i: self.library.set_state(i, "archived" if archive else "unread"),
            ("Archived" if archive else "Moved back to Unread"),
        )

    def toggle_favorite(self) -> None:
        summaries = self._selected_summaries()
        if not summaries:
            return
        favorite = not all(s.favorite for s in summaries)
        self._change(
            summaries,
            lambda i: self.library.set_favorite(i, favorite),
            "Marked as favourite" if favorite else "No longer a favourite",
        )

    def _change(
        self, summaries: list[ArticleSummary], change: Callable[[int], None], done: str
    ) -> None:
        try:
            for summary in summaries:
                change(summary.id)
        except NewsreaderError as exc:
            self.messages.show(f"Could not change the article: {exc.message}", Level.ERROR)
        row = self._first_selected_row()
        for summary in summaries:
            self.model.article_changed(summary.id)
        what = summaries[0].title if len(summaries) == 1 else f"{len(summaries)} articles"
        self.messages.show(f"{done}: {what}")
        self._after_rows_changed(row)

    def _first_selected_row(self) -> int | None:
        rows = [index.row() for index in self.list.selectionModel().selectedRows()]
        return min(rows) if rows else None

    def _after_rows_changed(self, row: int | None) -> None:
        """If the open article left the list, open the one that took its place (the
        next one, as in a mail client), so archiving through a list is e, e, e."""
        if self.reader.article is not None and (
            self.model.row_of(self.reader.article.id, expose=False) is not None
        ):
            self._update_actions()
            return
        rows = self.model.rowCount()
        if row is not None and rows:
            self._select_row(min(row, rows - 1), open_it=True)
        self._update_actions()

    def edit_tags(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) != 1:
            return
        summary = summaries[0]
        dialog = TagsDialog(summary.title, summary.tags, self.library.all_tags(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_tags(summary.id, dialog.tags()))
        dialog.open()
        self.tags_dialog = dialog

    def _set_tags(self, article_id: int, tags: list[str]) -> None:
        try:
            self.library.set_tags(article_id, tags)
        except NewsreaderError as exc:
            self.messages.show(f"Could not change the tags: {exc.message}", Level.ERROR)
            return
        self.model.article_changed(article_id)
        self._refresh_views()
        shown = ", ".join(f"#{t}" for t in tags) or "none"
        self.messages.show(f"Tags: {shown}")

    def delete_selected(self) -> None:
        # Decide what is deleted before any row moves: removing a row moves the
        # current row, and with it what "selected" means.
        pending = self._selected_pending_urls()
        summaries = self._selected_summaries()
        row = self._first_selected_row()
        for url in pending:
            if not self.queue.is_saving(url):
                self.model.remove_pending(url)
        if not summaries:
            self._update_actions()
            return
        ids = [s.id for s in summaries]
        self.model.hide(ids)
        if self.reader.article is not None and self.reader.article.id in ids:
            self.reader.show_placeholder("Deleted.")
            self.setWindowTitle(APP_NAME)
        self._delete_serial += 1
        serial = self._delete_serial
        timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        timer.timeout.connect(lambda: self._commit_delete(serial))
        timer.start()
        self._pending_deletes[serial] = (ids, timer)
        self._offer_undo()
        self._after_rows_changed(row)

    def _offer_undo(self) -> None:
        """One banner for every delete still undoable; Undo takes back the latest."""
        waiting = [i for ids, _ in self._pending_deletes.values() for i in ids]
        if not waiting:
            if self.banner.action_button.text() == "Undo":
                self.banner.dismiss()
            return
        latest = self._pending_deletes[max(self._pending_deletes)][0]
        if len(waiting) == 1:
            found = self.library.summaries(latest)
            what = f"“{found[0].title}”" if found else "1 article"
        else:
            what = f"{len(waiting)} articles"
        self.messages.show(
            f"Deleted {what}.  (Ctrl+Z)",
            Level.INFO,
            action=("Undo", self.undo_delete),
            timeout_ms=UNDO_MS,
        )

    def _cancel_delete_of(self, article_id: int) -> None:
        """An article saved again while its delete waits for Undo is kept."""
        for serial, (ids, timer) in list(self._pending_deletes.items()):
            if article_id in ids:
                ids.remove(article_id)
                if not ids:
                    timer.stop()
                    del self._pending_deletes[serial]
        self.model.unhide([article_id])

    def undo_delete(self, serial: int | None = None) -> None:
        if serial is None:
            if not self._pending_deletes:
                return
            serial = max(self._pending_deletes)
        entry = self._pending_deletes.pop(serial, None)
        if entry is None:
            return
        ids, timer = entry
        timer.stop()
        self.model.unhide(ids)
        self._apply_query(self.model.query)
        self._offer_undo()
        row = self.model.row_of(ids[0])
        if row is not None:
            self._select_row(row, open_it=True)
        if not self._pending_deletes:
            self.messages.show("Delete undone.")

    def _commit_delete(self, serial: int) -> None:
        entry = self._pending_deletes.pop(serial, None)
        if entry is None:
            return
        ids, _ = entry
        try:
            self.library.delete(ids)
        except NewsreaderError as exc:
            self.model.unhide(ids)
            self.messages.show(f"Could not delete: {exc.message}", Level.ERROR)
            self._apply_query(self.model.query)
            return
        self.model.unhide(ids)
        self._refresh_views()

    def commit_pending_deletes(self) -> None:
        for serial in list(self._pending_deletes):
            self._commit_delete(serial)

    def refetch(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) != 1:
            return
        summary = summaries[0]
        if self.model.add_pending(summary.url, summary.id) and self.queue.save(summary.url):
            self.messages.show(f"Downloading again: {summary.title}")

    def open_original(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) == 1:
            self.open_external(QUrl(summaries[0].url))

    def copy_link(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) == 1:
            QGuiApplication.clipboard().setText(summaries[0].url)
            # Copying our own link must not bring up the "save this link?" offer.
            self._offered_clipboard = summaries[0].url
            self.messages.show("Link copied.")

    def _link_activated(self, url: QUrl) -> None:
        if url.scheme() in (*_LINK_SCHEMES, "mailto"):
            self.open_external(url)
        else:
            self.messages.show(f"Not opened: {url.toString()}", Level.WARNING)

    def _progress_changed(self, article_id: int, fraction: float) -> None:
        try:
            self.library.set_progress(article_id, fraction)
        except NewsreaderError as exc:  # the article may have just been deleted
            log.info("reading position not stored: %s", exc.message)

    def _context_menu(self, position) -> None:
        index = self.list.indexAt(position)
        if not index.isValid():
            return
        a = self.actions_
        menu = QMenu(self)
        pending = self.model.pending_at(index.row())
        if pending is not None:
            menu.addAction(a["retry"])
            menu.addAction(a["delete"])
        else:
            menu.addActions([a["open_original"], a["copy_link"]])
            menu.addSeparator()
            menu.addActions([a["archive"], a["favorite"], a["tags"], a["refetch"]])
            menu.addSeparator()
            menu.addAction(a["delete"])
        menu.popup(self.list.viewport().mapToGlobal(position))
        self.context_menu = menu

    # --- focus, find, reading settings ------------------------------------------------------
    def focus_address(self) -> None:
        self.address.setFocus()
        self.address.selectAll()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def escape(self) -> None:
        if self.find_bar.isVisible():
            self.close_find()
            return
        if self.banner.isVisible():
            self.banner.dismiss()
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()
            self._run_search()
        self.list.setFocus()

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.reader.end_find()
        self.reader.setFocus()

    def _find(self, text: str, backward: bool = False, restart: bool = False) -> None:
        count = self.reader.find_in_article(text, backward=backward, restart=restart)
        if not text:
            self.find_status.setText("")
        else:
            self.find_status.setText(f"{count} found" if count else "not found")

    def find_step(self, backward: bool) -> None:
        if not self.find_bar.isVisible():
            self.open_find()
            return
        self._find(self.find_field.text(), backward=backward)

    def zoom(self, steps: int) -> None:
        self.reader.zoom(steps)

    def set_theme(self, name: str) -> None:
        self.reader.set_theme(name)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == self.reader.theme.name)

    def set_serif(self, serif: bool) -> None:
        self.reader.set_serif(serif)

    def show_search_help(self) -> None:
        if self.search_help is None:
            self.search_help = SearchHelpPopup(self)
            self.search_help.example_chosen.connect(self._try_search_example)
        self.search_help.show_below(self.search)

    def _try_search_example(self, example: str) -> None:
        self.search.setText(example)
        self.search.setFocus()
        self._search_now()

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        self.messages.show(
            f"newsreader {__version__}: library at {self.library.paths.root}",
            Level.INFO,
            action=("OK", lambda: None),
        )

    # --- closing --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.offer_clipboard()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reader.flush_progress()
        self.commit_pending_deletes()
        self.save_settings()
        super().closeEvent(event)


def _truthy(value: object) -> bool:
    return str(value).lower() in ("1", "true", "yes")


def window_icon() -> QIcon:
    from newsreader.paths import resources_dir

    return QIcon(str(resources_dir() / "newsreader.svg"))
