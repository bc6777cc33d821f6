"""The main window: address and search fields, the library list, the reader.

It presents and delegates: saving goes to ``SaveQueue`` (the core's ``Saver``),
reading articles to ``Library``, changing them to the ``LibraryWriter`` (so the GUI
thread never waits for the database). What the user should know goes through
``Messenger``.

This module builds the window and keeps the list and the reader in step (views,
search, selection, opening); the rest is by concern, mixed in: ``saving``
(address, imports, drops, the clipboard, the save queue's reports),
``pending_saves`` (the pending rows: retry, cancel),
``article_actions`` (archive, favourite, tags, delete, read state, progress),
``reader_controls`` (find, zoom, theme, help) and ``menus``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace

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
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsreader import APP_NAME
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.library.models import ArticleSummary
from newsreader.ui.actions import build_actions
from newsreader.ui.article_actions import ArticleActions
from newsreader.ui.library_writer import LibraryWriter
from newsreader.ui.link_files import LinkFileReader
from newsreader.ui.list_delegate import ArticleDelegate
from newsreader.ui.list_model import ArticleListModel, ListQuery, View
from newsreader.ui.menus import build_menus, show_context_menu, show_reader_context_menu
from newsreader.ui.messages import Level, MessageBanner, Messenger
from newsreader.ui.pending_saves import PendingSaves
from newsreader.ui.reader import ReaderView
from newsreader.ui.reader_controls import ReaderControls
from newsreader.ui.reader_links import ReaderLinks
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.saves_place import SavesPlace
from newsreader.ui.saving import SavingControls
from newsreader.ui.search_help import SearchHelpPopup

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 180  # typing pauses shorter than this do not start a search
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


class MainWindow(SavingControls, PendingSaves, ArticleActions, ReaderControls, QMainWindow):
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
        self.writer = LibraryWriter(library, self)
        self.link_files = LinkFileReader(self)
        self.link_files.read.connect(self._links_read)
        self.link_files.failed.connect(self._links_not_read)
        self._pending_deletes: dict[int, tuple[list[int], QTimer]] = {}
        self._deleted_titles: dict[int, str] = {}  # of deletes waiting for Undo
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
        build_menus(self, VIEWS)
        self._connect()
        self.saves_place = SavesPlace(self)  # the Saves view: in flight, then failed
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
        self.address.setPlaceholderText(self.tr("Paste links to save, then press Enter  (Ctrl+L)"))
        self.address.setClearButtonEnabled(True)
        self.address.setAccessibleName(self.tr("Links to save"))
        self.search = QLineEdit(bar)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search your library  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setMaximumWidth(360)
        bar.addWidget(self.address)
        save_button = QToolButton(bar)
        save_button.setObjectName("saveButton")
        save_button.setText(self.tr("Save"))
        save_button.clicked.connect(self.save_from_address)
        bar.addWidget(save_button)
        bar.addSeparator()
        bar.addWidget(self.search)
        help_button = QToolButton(bar)
        help_button.setObjectName("searchHelpButton")
        help_button.setDefaultAction(self.actions_["search_help"])
        help_button.setText("?")
        help_button.setAccessibleName(self.tr("How to search"))
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
        self.view_combo.setAccessibleName(self.tr("Show"))
        self.order_combo = QComboBox(list_panel)
        self.order_combo.setObjectName("orderCombo")
        self.order_combo.setAccessibleName(self.tr("Sort by"))
        for text, order in ORDERS:
            self.order_combo.addItem(self.tr(text), order)
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
        self.list.setAccessibleName(self.tr("Articles"))
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
        self.find_field.setPlaceholderText(self.tr("Find in article"))
        self.find_field.setClearButtonEnabled(True)
        self.find_status = QLabel(self.find_bar)
        self.find_status.setObjectName("findStatus")
        close_find = QToolButton(self.find_bar)
        close_find.setText("✕")
        close_find.setToolTip(self.tr("Close (Escape)"))
        close_find.clicked.connect(self.close_find)
        find_layout.addWidget(QLabel(self.tr("Find:"), self.find_bar))
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
        a["toggle_read"].triggered.connect(self.toggle_read)
        a["tags"].triggered.connect(self.edit_tags)
        a["delete"].triggered.connect(self.delete_selected)
        a["undo"].triggered.connect(lambda: self.undo_delete())
        a["refetch"].triggered.connect(self.refetch)
        a["retry"].triggered.connect(self.retry)
        a["cancel_save"].triggered.connect(self.cancel_selected)
        a["cancel_all"].triggered.connect(self.cancel_all)
        self.delegate.cancelRequested.connect(self.cancel_url)
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
        self.list.customContextMenuRequested.connect(lambda p: show_context_menu(self, p))
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        # Every external open goes through the links part, which says when it fails.
        self.links = ReaderLinks(self, self.open_external)
        self.open_external = self.links.open
        self.reader.linkActivated.connect(self.links.activated)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(lambda p: show_reader_context_menu(self, p))
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
        self.view_combo.setCurrentIndex(max(0, self.saves_place.view_index(view)))
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
        s.setValue("list/view", self.saves_place.view_setting() or self.view_combo.currentText())
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
            self.view_combo.addItem(self.tr(text), (view, None))
        tags = self.library.all_tags()
        if tags:
            self.view_combo.insertSeparator(self.view_combo.count())
            for tag in tags:
                self.view_combo.addItem(f"#{tag}", (View.ALL, tag))
        if hasattr(self, "saves_place"):
            self.saves_place.add_view_entry()
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
            self.messages.show(
                self.tr("Could not read the library: {}").format(exc.message), Level.ERROR
            )
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
        row = self.model.first_article_row
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

    def show_article_id(self, article_id: int, select: bool = False) -> None:
        """Open an article in the reader, marking it read."""
        pattern = self._search_pattern if self.model.searching else None
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.set_search_pattern(pattern, jump=bool(pattern))
            return
        self.reader.flush_progress()
        try:
            article = self.library.get(article_id)  # a read: never waits for a writer
        except NewsreaderError as exc:
            self.messages.show(
                self.tr("Could not open the article: {}").format(exc.message), Level.ERROR
            )
            return
        if article.read_at is None and not self._shown_read(article_id):
            self._mark_read(article)
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
        # As the list shows them: with changes the library has not stored yet.
        return self.model.summaries_of(self.selected_ids())

    def _shown_read(self, article_id: int) -> bool:
        found = self.model.summaries_of([article_id])
        return bool(found) and found[0].read_at is not None

    def _update_actions(self) -> None:
        summaries = self._selected_summaries()
        has = bool(summaries)
        single = len(summaries) == 1
        a = self.actions_
        for name in (
            "archive",
            "favorite",
            "toggle_read",
            "tags",
            "delete",
            "refetch",
            "copy_link",
        ):
            a[name].setEnabled(
                has if name in ("archive", "favorite", "toggle_read", "delete") else single
            )
        unread = has and all(s.read_at is None for s in summaries)
        a["toggle_read"].setText(self.tr("Mark as &read") if unread else self.tr("Mark as &unread"))
        a["open_original"].setEnabled(single)
        a["archive"].setChecked(has and all(s.state == "archived" for s in summaries))
        a["favorite"].setChecked(has and all(s.favorite for s in summaries))
        self._update_pending_actions()
        a["delete"].setEnabled(has or bool(self._selected_pending_urls()))

    # --- closing --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.offer_clipboard()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reader.flush_progress()
        self.commit_pending_deletes()
        self.save_settings()
        # The changes still on their way are written before the window goes, for at
        # most CLOSE_WAIT_SECONDS (another program may hold the library); the window
        # is hidden meanwhile rather than seen frozen.
        self.hide()
        self.writer.close()
        super().closeEvent(event)


def _truthy(value: object) -> bool:
    return str(value).lower() in ("1", "true", "yes")


def window_icon() -> QIcon:
    from newsreader.paths import resources_dir

    return QIcon(str(resources_dir() / "newsreader.svg"))
