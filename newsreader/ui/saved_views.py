"""Saved searches in the window: saving the search field's query under a name, the
counts beside their names in the view chooser, and renaming, editing and deleting
them (View menu, the chooser's context menu, and its popup's).

The view chooser lists them and shows their views (``ArticleList``: ``saved:ID``,
a search of the query, off the GUI thread like every search). Their counts are read
here on a thread of their own (``ThreadReader``; ``SavedSearches.with_counts``,
which counts without ranking), after every change of the library, the window's own
(``LibraryWriter.settled``) or another program's (``LibraryWatch.refreshed``),
at most one read at a time and the newest request answered. Changes go through the
window's writer, so the GUI thread never waits for the library's write lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from newsreader.errors import NewsreaderError, SavedSearchInvalid
from newsreader.library.library import Library
from newsreader.library.saved_searches import SavedSearch, clean_name, clean_query
from newsreader.ui.article_list import ArticleList
from newsreader.ui.article_writes import ArticleWrites
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.thread_reader import ThreadReader
from newsreader.ui.view_chooser import saved_id_of

log = logging.getLogger(__name__)

COUNT_DELAY_MS = 300  # changes closer together than this are counted once
UNDO_MS = 10_000  # how long Undo is offered after a saved search is deleted


class SavedSearchDialog(QDialog):
    """Asks a saved search's name, its query, or both (None: not asked).
    ``check(name, query)`` (None for what is not asked) says what is wrong with them in
    one line, shown under the fields (OK then does not close the dialog), or None."""

    def __init__(
        self,
        title: str,
        name: str | None,
        query: str | None,
        check: Callable[[str | None, str | None], str | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearchDialog")
        self.setWindowTitle(title)
        self._check = check
        self._asks = (name is not None, query is not None)
        form = QFormLayout()
        self.name_field = QLineEdit(name or "", self)
        self.name_field.setObjectName("savedNameField")
        self.query_field = QLineEdit(query or "", self)
        self.query_field.setObjectName("savedQueryField")
        self.query_field.setMinimumWidth(360)
        if name is not None:
            form.addRow(self.tr("Name:"), self.name_field)
        else:
            self.name_field.hide()
        if query is not None:
            form.addRow(self.tr("Search for:"), self.query_field)
        else:
            self.query_field.hide()
        self.error = QLabel(self)
        self.error.setObjectName("savedSearchError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.name_field if name is not None else self.query_field).selectAll()
        (self.name_field if name is not None else self.query_field).setFocus()

    def name(self) -> str:
        return self.name_field.text()

    def query(self) -> str:
        return self.query_field.text()

    def accept(self) -> None:
        asks_name, asks_query = self._asks
        problem = self._check(
            self.name() if asks_name else None, self.query() if asks_query else None
        )
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class SavedViews(QObject):
    """The window's saved searches. ``actions``: the window's, of which "save_search",
    "rename_saved", "edit_saved" and "delete_saved" are carried out and enabled here."""

    def __init__(
        self,
        library: Library,
        articles: ArticleList,
        writes: ArticleWrites,
        messages: Messenger,
        actions: dict[str, QAction],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.articles = articles
        self.writes = writes
        self.messages = messages
        self.actions = actions
        self.window = parent
        self.dialog: SavedSearchDialog | None = None  # the one open, for tests
        self.menu: QMenu | None = None  # the context menu shown last, for tests
        self._counter = ThreadReader(self._read_counts, "saved-counts", self)
        self._counter.done.connect(self._counts_read)
        self._asked = 0  # count requests made, so that an older answer is not shown
        self._timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._timer.timeout.connect(self.count_now)
        combo = articles.views
        combo.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        combo.customContextMenuRequested.connect(self._combo_menu)
        popup = combo.view()
        popup.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        popup.customContextMenuRequested.connect(self._popup_menu)
        articles.search.textChanged.connect(lambda _: self.update_actions())
        combo.currentIndexChanged.connect(lambda _: self.update_actions())
        self.count_now()
        self.update_actions()

    # --- counts -------------------------------------------------------------------------
    def refresh(self) -> None:
        """The library changed: list the saved searches again (a tiny read) and count
        them soon, off the GUI thread."""
        self._timer.start()

    def count_now(self) -> None:
        self._timer.stop()
        self._asked += 1
        self._counter.request(self._asked)

    def _read_counts(self, _request: object) -> dict[int, int]:
        return {search.id: count for search, count in self.library.saved_searches.with_counts()}

    def _counts_read(self, request: object, result: object) -> None:
        if request != self._asked:
            return  # a newer count is on its way
        if isinstance(result, NewsreaderError):
            log.warning("could not count the saved searches: %s", result.message)
            return
        assert isinstance(result, dict)
        self.articles.views.set_saved_counts(result)

    def stop(self) -> None:
        self._timer.stop()
        self._counter.stop()

    # --- the commands -------------------------------------------------------------------
    def update_actions(self) -> None:
        shown = self.articles.saved_search() is not None
        self.actions["save_search"].setEnabled(bool(self._query_to_save()))
        for name in ("rename_saved", "edit_saved", "delete_saved"):
            self.actions[name].setEnabled(shown)

    def _query_to_save(self) -> str:
        """What Save search… saves: the search field's query (in a saved search's view,
        that search narrowed by it), or '' when the field is empty."""
        if not self.articles.search.text().strip() or self.articles.showing_highlights:
            return ""
        return self.articles.query().search

    def _taken(self, name: str, other_than: int | None = None) -> str | None:
        key = " ".join(name.split()).casefold()
        for search in self.articles.views.saved.values():
            if search.id != other_than and search.name.casefold() == key:
                return search.name
        return None

    def _check(
        self, other_than: int | None = None
    ) -> Callable[[str | None, str | None], str | None]:
        """What the dialog's OK asks (see SavedSearchDialog): the core's own rules,
        and the names the chooser lists (the write refuses a name taken meanwhile)."""

        def check(name: str | None, query: str | None) -> str | None:
            try:
                if name is not None:
                    clean_name(name)
                    taken = self._taken(name, other_than)
                    if taken is not None:
                        return self.tr("There is a saved search named “{}” already.").format(taken)
                if query is not None:
                    clean_query(query)
            except SavedSearchInvalid as exc:
                return self._said(exc)
            return None

        return check

    def _said(self, exc: SavedSearchInvalid) -> str:
        """The core's refusal in the window's language (by its ``reason``)."""
        said = {
            "empty_name": self.tr("A saved search needs a name."),
            "empty_query": self.tr("A saved search needs something to search for."),
            "long_name": self.tr("The name is too long."),
            "long_query": self.tr("The search is too long."),
        }
        return said.get(exc.reason, exc.message)

    def _open(self, dialog: SavedSearchDialog, accepted: Callable[[], None]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: SavedSearchDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def save_search(self) -> None:
        """Save search…: ask a name for the search field's query (both can be changed
        in the dialog), save it, and show its view."""
        query = self._query_to_save()
        if not query:
            self.messages.show(self.tr("Type a search first, then save it."))
            return
        name = " ".join(self.articles.search.text().split())[:60]
        dialog = SavedSearchDialog(self.tr("Save search"), name, query, self._check(), self.window)
        self._open(dialog, lambda: self._add(dialog.name(), dialog.query()))

    def _add(self, name: str, query: str, position: int | None = None) -> None:
        def add(library: Library) -> SavedSearch:
            search = library.saved_searches.add(name, query)
            if position is not None:
                library.saved_searches.move(search.id, position)
            return search

        def landed(search: object) -> None:
            assert isinstance(search, SavedSearch)
            self.articles.refresh_views()
            self.articles.show_saved(search.id)
            self.count_now()
            self.messages.show(self.tr("Saved the search as “{}”.").format(search.name))

        self.writes.write(
            self.tr("save the search “{}”").format(" ".join(name.split())),
            add,
            [],
            on_landed=landed,
        )

    def _target(self, search_id: int | None) -> SavedSearch | None:
        if search_id is None:
            return self.articles.saved_search()
        return self.articles.views.saved.get(search_id)

    def rename(self, search_id: int | None = None) -> None:
        """Rename…: the saved search ``search_id`` (the one shown by default)."""
        search = self._target(search_id)
        if search is not None:
            self._ask(
                search,
                self.tr("Rename saved search"),
                asks_name=True,
                what=self.tr("rename the saved search “{}”").format(search.name),
                apply=lambda library, name, _: library.saved_searches.rename(search.id, name),
            )

    def edit_query(self, search_id: int | None = None) -> None:
        """Edit search…: what the saved search ``search_id`` finds."""
        search = self._target(search_id)
        if search is not None:
            self._ask(
                search,
                self.tr("Edit saved search “{}”").format(search.name),
                asks_name=False,
                what=self.tr("change the saved search “{}”").format(search.name),
                apply=lambda library, _, query: library.saved_searches.set_query(search.id, query),
            )

    def _ask(
        self,
        search: SavedSearch,
        title: str,
        asks_name: bool,
        what: str,
        apply: Callable[[Library, str, str], object],
    ) -> None:
        """Ask ``search``'s new name (``asks_name``) or query, then ``apply(library,
        name, query)`` through the writer."""
        dialog = SavedSearchDialog(
            title,
            search.name if asks_name else None,
            None if asks_name else search.query,
            self._check(search.id),
            self.window,
        )

        def accepted() -> None:
            # Read here: the writer's thread must not touch widgets (gone by then).
            name, query = dialog.name(), dialog.query()
            self._change(what, lambda library: apply(library, name, query))

        self._open(dialog, accepted)

    def _change(self, what: str, apply: Callable[[Library], object]) -> None:
        def landed(_: object) -> None:
            self.articles.refresh_views()  # a changed query is searched again
            self.count_now()

        self.writes.write(what, apply, [], on_landed=landed)

    def delete(self, search_id: int | None = None) -> None:
        """Delete the saved search (no article is touched), with Undo for UNDO_MS."""
        search = self._target(search_id)
        if search is None:
            return
        position = list(self.articles.views.saved).index(search.id)

        def landed(_: object) -> None:
            self.articles.refresh_views()
            self.messages.show(
                self.tr("Deleted the saved search “{}”.").format(search.name),
                Level.INFO,
                action=(self.tr("Undo"), lambda: self._add(search.name, search.query, position)),
                timeout_ms=UNDO_MS,
            )

        self.writes.write(
            self.tr("delete the saved search “{}”").format(search.name),
            lambda library: library.saved_searches.remove(search.id),
            [],
            on_landed=landed,
        )

    # --- context menus ------------------------------------------------------------------
    def move(self, search_id: int, step: int) -> None:
        """Move the saved search ``step`` places down the list (up when negative)."""
        order = list(self.articles.views.saved)
        if search_id not in order:
            return
        position = max(0, order.index(search_id) + step)
        self._change(
            self.tr("move the saved search “{}”").format(self.articles.views.saved[search_id].name),
            lambda library: library.saved_searches.move(search_id, position),
        )

    def _menu_for(self, search_id: int) -> QMenu:
        menu = QMenu(self.window)
        menu.setObjectName("savedSearchMenu")
        for text, call in (
            (self.tr("Rename…"), self.rename),
            (self.tr("Edit search…"), self.edit_query),
            (self.tr("Delete"), self.delete),
        ):
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, call=call: call(search_id))
        menu.addSeparator()
        order = list(self.articles.views.saved)
        for text, step, possible in (
            (self.tr("Move up"), -1, order.index(search_id) > 0),
            (self.tr("Move down"), 1, order.index(search_id) < len(order) - 1),
        ):
            action = menu.addAction(text)
            action.setEnabled(possible)
            action.triggered.connect(lambda _=False, step=step: self.move(search_id, step))
        self.menu = menu
        return menu

    def _combo_menu(self, position: QPoint) -> None:
        """The chooser's context menu, on the saved search it shows."""
        search = self.articles.saved_search()
        if search is not None:
            combo = self.articles.views
            self._menu_for(search.id).popup(combo.mapToGlobal(position))

    def _popup_menu(self, position: QPoint) -> None:
        """The chooser's open list's context menu, on the saved search under the
        pointer (the list closes when one of its commands is chosen)."""
        view = self.articles.views.view()
        search_id = saved_id_of(view.indexAt(position).data(Qt.ItemDataRole.UserRole))
        if search_id is None:
            return
        menu = self._menu_for(search_id)
        menu.triggered.connect(lambda _: self.articles.views.hidePopup())
        menu.popup(view.viewport().mapToGlobal(position))
