"""The main window: it builds the toolbar, the banner, the list panel and the reader,
and composes the parts that own each concern, wiring their signals and the actions:

- ``CurrentArticle`` (current_article): what the current article is, the reader's;
- ``ArticleList`` (article_list): views (view_chooser), order, search wiring
  (list_search, search_offer), count, list, selection;
- ``SaveControls`` (saving): address, imports, drops, clipboard, the queue's reports;
- ``PendingSaves`` (pending_saves): the pending rows, retry and cancel;
- ``SavesPlace`` (saves_place): failed saves kept in the library, Retry all, Edit,
  Clear, the status bar's count;
- ``ArticleCommands`` (article_actions): archive, favourite, read, tags, delete…;
- ``PendingUndo`` (pending_undo): deletes and archives waiting for Undo;
- ``ReadMarker`` (read_marker): when an article counts as read, reading positions;
- ``ReaderControls`` (reader_controls): find, zoom, theme, help;
- ``ReaderLinks`` (reader_links): links in the reader;
- ``ReaderHighlights`` (reader_highlights): highlights and notes in the reader.
- ``ImportJobs`` (import_jobs) and ``ImportPanel`` (import_panel): imports as
  background jobs, their progress under the banner; ``Exporter`` (export_dialog):
  File ▸ Export…;
- ``NotebookPanel`` (notebook_panel): the article's highlights and notes, beside the
  reader; the Highlights view is part of ``ArticleList`` (highlights_view).
- ``SavedViews`` (saved_views): saved searches, their counts, Save search…, Rename…,
  Edit search…, Delete; their views are ``ArticleList``'s.

Saving goes to ``SaveQueue``, reading to ``Library``, changing to ``LibraryWriter``
(through ``ArticleWrites``), so the GUI thread never waits for the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSettings, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from newsreader import APP_NAME
from newsreader.library.highlights import Highlight
from newsreader.library.library import Library
from newsreader.ui.actions import build_actions, connect_actions
from newsreader.ui.article_actions import ArticleCommands
from newsreader.ui.article_list import ArticleList
from newsreader.ui.article_writes import ArticleWrites
from newsreader.ui.current_article import CurrentArticle
from newsreader.ui.export_dialog import Exporter
from newsreader.ui.highlight_edits import HighlightEdits
from newsreader.ui.import_jobs import ImportJobs
from newsreader.ui.import_panel import ImportPanel
from newsreader.ui.library_watch import LibraryWatch
from newsreader.ui.library_writer import LibraryWriter
from newsreader.ui.menus import build_menus, show_context_menu, show_reader_context_menu
from newsreader.ui.messages import Level, MessageBanner, Messenger
from newsreader.ui.notebook_panel import PANEL_WIDTH, NotebookPanel
from newsreader.ui.pending_saves import PendingSaves
from newsreader.ui.pending_undo import PendingUndo
from newsreader.ui.read_marker import ReadMarker
from newsreader.ui.reader import ReaderView
from newsreader.ui.reader_controls import ReaderControls
from newsreader.ui.reader_highlights import ReaderHighlights
from newsreader.ui.reader_links import ReaderLinks
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.saved_views import SavedViews
from newsreader.ui.saves_place import SavesPlace
from newsreader.ui.saving import SaveControls
from newsreader.ui.toolbar import MainToolbar
from newsreader.ui.window_settings import restore_settings, save_settings


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library,
        queue: SaveQueue,
        settings: QSettings,
        open_external: Callable[[QUrl], object] = QDesktopServices.openUrl,
        library_overridden: bool = False,
    ) -> None:
        """``library_overridden``: this run's library was given by ``--library`` or the
        environment, so the Settings dialog says its own choice waits."""
        super().__init__()
        self.library = library
        self.library_overridden = library_overridden
        self.queue = queue
        self.settings = settings
        self.writer = LibraryWriter(library, self)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.actions_ = build_actions(self)
        self._build_widgets()
        self._build_parts(open_external)
        build_menus(self)
        self._connect()
        restore_settings(self)
        self.update_actions()

    # --- building -------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.toolbar = MainToolbar(self.actions_, self)
        self.addToolBar(self.toolbar)
        self.address, self.search = self.toolbar.address, self.toolbar.search
        self.save_button = self.toolbar.save_button
        self.search_help_button = self.toolbar.search_help_button
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = MessageBanner(central)
        outer.addWidget(self.banner)
        self.import_row_place = outer  # the import rows go under the banner (_build_parts)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("splitter")
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.in_flight_label = QLabel(self)
        self.in_flight_label.setObjectName("inFlight")
        self.statusBar().addPermanentWidget(self.in_flight_label)
        self.in_flight_label.hide()
        self.messages = Messenger(self.banner, self.statusBar())

    def _build_parts(self, open_external: Callable[[QUrl], object]) -> None:
        self.articles = ArticleList(self.library, self.search, self.messages, self.splitter)
        self.list, self.model = self.articles.list, self.articles.model
        self.delegate = self.articles.delegate
        self.view_combo, self.order_combo = self.articles.views, self.articles.order_combo
        self.count_label = self.articles.count_label
        reader_panel = QWidget(self.splitter)
        layout = QVBoxLayout(reader_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.reader = ReaderView(self.library.paths, reader_panel)
        self.current = CurrentArticle(self.library, self.reader, self.messages, self)
        self.controls = ReaderControls(
            window=self,
            reader=self.reader,
            library=self.library,
            messages=self.messages,
            search=self.search,
            try_search=self._try_search,
        )
        self.find_bar, self.find_field = self.controls.find_bar, self.controls.find_field
        self.find_status = self.controls.find_status
        # The reader and, at its right, the notebook panel (made below, with the writes).
        self.reader_splitter = QSplitter(Qt.Orientation.Horizontal, reader_panel)
        self.reader_splitter.setObjectName("readerSplitter")
        self.reader_splitter.setChildrenCollapsible(False)
        self.reader_splitter.addWidget(self.reader)
        layout.addWidget(self.reader_splitter, 1)
        layout.addWidget(self.find_bar)
        self.splitter.addWidget(self.articles)
        self.splitter.addWidget(reader_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 820])

        self.writes = ArticleWrites(self.writer, self.model, self.messages, self)
        self.saved = SavedViews(
            self.library, self.articles, self.writes, self.messages, self.actions_, self
        )
        self.notebook = NotebookPanel(
            self.library,
            self.writes,
            self.messages,
            lambda h: self.highlights.show_highlight(h.id),
            edit_note=lambda h: self.highlights.edit_note(h),
        )
        self.reader_splitter.addWidget(self.notebook)
        self.reader_splitter.setStretchFactor(0, 1)
        self.reader_splitter.setStretchFactor(1, 0)
        self.reader_splitter.setSizes([820 - PANEL_WIDTH, PANEL_WIDTH])
        self.notebook.hide()  # View ▸ Notebook (window_settings restores it)
        self.marker = ReadMarker(self.current, self.model, self.writes, self.settings, self)
        self.undo = PendingUndo(self.messages, self.banner, self)
        self.pending = PendingSaves(self.queue, self.articles, self.current, self.messages, self)
        # Failed saves: recorded, restored at start, retried, corrected, cleared.
        self.saves = SavesPlace(
            window=self,
            library=self.library,
            writer=self.writer,
            queue=self.queue,
            articles=self.articles,
            pending=self.pending,
            messages=self.messages,
            in_flight_label=self.in_flight_label,
            save_urls=self.save_urls,
        )
        # Imports run as background jobs; their rows sit under the banner.
        self.imports = ImportJobs(self.library, self.queue.saver, self)
        self.import_panel = ImportPanel(self.imports, lambda url: self.links.open(url), self)
        self.import_row_place.insertWidget(1, self.import_panel)
        self.saving = SaveControls(
            window=self,
            library=self.library,
            queue=self.queue,
            address=self.address,
            articles=self.articles,
            current=self.current,
            pending=self.pending,
            saves=self.saves,
            undo=self.undo,
            messages=self.messages,
            show_article=self.show_article_id,
            imports=self.imports,
        )
        # Every external open goes through the links part, which says when it fails.
        self.links = ReaderLinks(self, open_external)
        self.open_external = self.links.open
        self.commands = ArticleCommands(
            window=self,
            library=self.library,
            queue=self.queue,
            articles=self.articles,
            current=self.current,
            writes=self.writes,
            undo=self.undo,
            marker=self.marker,
            pending=self.pending,
            messages=self.messages,
            open_external=self.links.open,
            note_copied=self.saving.note_copied,
        )
        self.exporter = Exporter(
            window=self,
            library=self.library,
            settings=self.settings,
            messages=self.messages,
            selected_ids=self.commands.target_ids,
            view_ids=self.model.view_ids,
            open_file=self.links.open,
        )
        # Highlights and notes in the reader (H, N, Delete on a selected highlight).
        self.highlights = ReaderHighlights(
            reader=self.reader,
            library=self.library,
            edits_for=lambda landed: HighlightEdits(self.writes, self.undo, landed, self),
            messages=self.messages,
            settings=self.settings,
            open_article=self.show_article_id,
            parent=self,
            show_again=self.show_again,
        )
        # Changes made elsewhere (the command line, another window) show up here.
        self.watch = LibraryWatch(
            self.library,
            self.model,
            self.list,
            changed_elsewhere=self.writer.changedElsewhere,
            writer_busy=lambda: self.writer.busy,
            shown_article=lambda: self.current.id,
            refresh_tags=self.articles.refresh_views,
            say=lambda text: self.messages.show(text, Level.WARNING),
            parent=self,
        )
        self.watch.refreshed.connect(
            lambda _: (self.articles.update_count(), self.update_actions())
        )
        # Entries an import wrote (through its own connection) show up in the list.
        self.imports.entriesChanged.connect(self.watch.noticed)
        # A failed address saved elsewhere (``newsreader add``, another window) goes.
        self.watch.refreshed.connect(self.saves.sync)
        # Saved searches count again after any change, here or elsewhere.
        self.watch.refreshed.connect(lambda _: self.saved.refresh())
        self.writer.settled.connect(lambda _: self.saved.refresh())
        # So does a highlight added elsewhere (``newsreader highlight``) to the article shown.
        self.watch.refreshed.connect(lambda _: self.highlights.reload())
        # Highlights and notes changed elsewhere (the command line, an import).
        self.watch.refreshed.connect(self.notebook.refresh)
        self.watch.refreshed.connect(self.articles.highlights.refresh)
        # A change to highlights or notes made in one place shows in the others.
        self.highlights.changed.connect(lambda _: self.notebook.refresh())
        self.highlights.changed.connect(lambda _: self.articles.highlights.refresh())
        self.notebook.changed.connect(lambda _: self.highlights.reload())
        # An article deleted (or its delete undone) leaves (or comes back to) the view.
        self.undo.changed.connect(self.articles.highlights.reshow)

    def _connect(self) -> None:
        connect_actions(self)
        self.save_button.clicked.connect(self.saving.save_from_address)
        self.delegate.cancelRequested.connect(self.pending.cancel_url)
        # A banner about a save goes with the save's row (saved, corrected, cleared).
        self.model.pendingRemoved.connect(self.messages.withdraw)
        self.articles.articleChosen.connect(self.show_article_id)
        self.articles.searchOpened.connect(self.show_article_id)
        self.articles.pendingChosen.connect(self.pending.show)
        self.articles.searchPatternChanged.connect(self.reader.set_search_pattern)
        self.current.changed.connect(self._current_changed)
        self.current.changed.connect(self.notebook.set_article)
        self.notebook.changed.connect(self.articles.highlights.refresh)
        self.articles.highlights.highlightChosen.connect(self.open_highlight)
        for signal in (
            self.articles.selectionChanged,
            self.pending.changed,
            self.saves.changed,
            self.saving.changed,
        ):
            signal.connect(self.update_actions)
        self.writes.settled.connect(self.update_actions)
        self.undo.changed.connect(self.update_actions)
        # What the commands act on depends on whether the list has focus.
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.list.customContextMenuRequested.connect(lambda p: show_context_menu(self, p))
        self.reader.linkActivated.connect(self.links.activated)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(lambda p: show_reader_context_menu(self, p))
        self.reader.progressChanged.connect(self.marker.progress_changed)
        QGuiApplication.instance().applicationStateChanged.connect(self.saving.application_state)

    # --- the current article --------------------------------------------------------------
    def show_article_id(self, article_id: int, restored: bool = False) -> None:
        """Show an article: it becomes the current article, the one every command acts
        on, and the list selects it if it holds it (see ``ArticleList.show_current``).
        ``restored``: reopened by the window at start (see ``CurrentArticle.show``)."""
        pattern = self.articles.search_pattern if self.model.searching else None
        already = self.current.id == article_id
        if self.current.show(article_id, pattern, restored=restored) and already:
            # A newly shown article updates the list and the actions through
            # ``current.changed``; one already shown may still need its row chosen.
            self.articles.show_current(article_id)
            self.update_actions()

    def _current_changed(self, article_id: int | None) -> None:
        article = self.current.article
        self.setWindowTitle(f"{article.title} — {APP_NAME}" if article else APP_NAME)
        if article_id is not None:
            # Remembered at once, so that a crash or a killed session still reopens it.
            self.settings.setValue("reader/lastArticle", article_id)
        self.articles.show_current(article_id)
        self.update_actions()

    def open_highlight(self, item) -> None:
        """Open the article of ``item`` (a LibraryHighlight, chosen in the Highlights
        view) at its passage, selected; one no longer found in the article opens the
        article with the notebook panel shown, where it is listed."""
        highlight = item.highlight
        self.show_article_id(highlight.article_id)
        if self.current.id != highlight.article_id:
            return  # the library could not give it: CurrentArticle said so
        if self.highlights.show_highlight(highlight.id):
            if self.notebook.isVisible():
                self.notebook.select(highlight.id)
        else:
            self.actions_["notebook"].setChecked(True)
            self.notebook.select(highlight.id)
            self.messages.show(
                self.tr("This passage is no longer found in the article."), Level.INFO
            )

    def save_urls(self, urls) -> int:
        """Save links (see ``SaveControls.save_urls``); how many saves started."""
        return self.saving.save_urls(urls)

    def update_actions(self) -> None:
        """Enable each command as what it would act on allows."""
        self.commands.update_actions(self.actions_)
        self.pending.update_actions(self.actions_)
        self.saves.update_actions(self.actions_)
        self.highlights.update_actions(self.actions_)
        if self.articles.selected_pending_urls():
            self.actions_["delete"].setEnabled(True)
        self.actions_["undo"].setEnabled(self.undo.can_undo)

    def _focus_changed(self, *_: object) -> None:
        if self.isVisible():
            self.update_actions()

    # --- keys -----------------------------------------------------------------------------
    def focus_field(self, field: QLineEdit) -> None:
        field.setFocus()
        field.selectAll()

    def open_from_list(self) -> None:
        if self.articles.open_current():
            self.reader.setFocus()

    def _try_search(self, example: str) -> None:
        self.search.setText(example)
        self.search.setFocus()
        self.articles.search_now()

    def show_again(self, article_id: int) -> None:
        """Show the current article anew: another program saved a new version of it."""
        if self.current.id == article_id:
            pattern = self.articles.search_pattern if self.model.searching else None
            self.current.show(article_id, pattern, again=True, restored=True)

    def _highlight_listed(self) -> tuple[bool, Highlight | None]:
        """Whether the focus is in the Notebook's or the Highlights view's list, and
        the highlight chosen there (None for none)."""
        focused = QApplication.focusWidget()
        if focused in (self.notebook.list, self.notebook.list.viewport()):
            return True, self.notebook.selected()
        view = self.articles.highlights
        if focused in (view.list, view.list.viewport()):
            return True, getattr(view.current(), "highlight", None)
        return False, None

    def delete_focused(self) -> None:
        """Delete: in the Notebook or the Highlights view, the highlight chosen there
        (never the article); in the reader, the highlight selected there; else the
        article (ArticleCommands.delete). A highlight goes with Undo."""
        listed, highlight = self._highlight_listed()
        if listed:
            if highlight is not None:
                self.highlights.remove(highlight)
            return
        if not self.highlights.remove_current():
            self.commands.delete()

    def note_focused(self) -> None:
        """N: in the Notebook or the Highlights view, the note of the highlight chosen
        there; elsewhere the reader's (ReaderHighlights.note)."""
        listed, highlight = self._highlight_listed()
        if listed:
            if highlight is not None:
                self.highlights.edit_note(highlight)
            return
        self.highlights.note()

    def escape(self) -> None:
        """Escape: hide the bar over a selection or unselect a highlight; else close
        find; else cancel the save under way selected in the list; else dismiss the
        banner, clear the search and go to the list (the highlights' in the Highlights
        view)."""
        in_reader = QApplication.focusWidget() in (self.reader, self.reader.viewport())
        if in_reader and self.highlights.dismiss():
            return
        if self.controls.close_find():
            return
        if self.list.hasFocus() and self.pending.cancel_selected():
            return
        if self.banner.isVisible():
            self.banner.dismiss()
        self.articles.clear_search()
        shown = self.articles.highlights.list if self.articles.showing_highlights else self.list
        shown.setFocus()

    # --- the window -----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if self.saving.accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.saving.drop(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.saving.offer_clipboard()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watch.stop()
        self.articles.stop()
        self.saved.stop()
        self.model.title_order.stop()
        # The last position first, under the read rule as it stands (an article the
        # person marked unread stays so), then no timer may mark anything.
        self.reader.flush_progress()
        self.marker.close()
        self.undo.commit_all()
        self.notebook.commit_note()  # a note being typed is stored, not lost
        save_settings(self)
        # The changes still on their way are written before the window goes, for at
        # most CLOSE_WAIT_SECONDS (another program may hold the library); the window
        # is hidden meanwhile rather than seen frozen.
        self.hide()
        # Imports under way stop their threads; the next start resumes them.
        self.imports.close()
        self.writer.close()
        super().closeEvent(event)


def window_icon() -> QIcon:
    from newsreader.paths import resources_dir

    return QIcon(str(resources_dir() / "newsreader.svg"))
