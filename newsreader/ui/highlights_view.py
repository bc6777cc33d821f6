"""The Highlights view (view chooser ▸ Highlights, Ctrl+6): every highlight in the
library, newest first, with its colour, quote, note and its article's title and
site; in the list panel, in place of the article list.

Filtered by colour and by tag (in the one query, ``Notebook.everything``) and by the
toolbar's search field (``set_search``: every word must be in the quote, the note or
the article's title, with its inflections as the library search finds them).
Choosing a row (a click, Enter, J/K) emits ``highlightChosen``; the window opens
the article at that passage.

It reads the library each time it is shown and when ``refresh`` is called (changes
made here or elsewhere); 10,000 highlights take about 60 ms to show
(benchmarks/highlights_view.py, docs/benchmarks.md).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Collection

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from newsreader.errors import NewsreaderError
from newsreader.library.highlights import COLORS, LibraryHighlight
from newsreader.library.library import Library
from newsreader.ui import highlight_colors
from newsreader.ui.highlight_delegate import HighlightDelegate, LibraryHighlightRole
from newsreader.ui.highlights_model import LibraryHighlightsModel, matches, word_patterns
from newsreader.ui.messages import Level, Messenger


class HighlightsView(QWidget):
    """The view's page: the two filters and the list. ``countChanged`` after every
    read or filter (the list panel's count line says ``count_text()``)."""

    highlightChosen = Signal(object)  # LibraryHighlight
    countChanged = Signal()

    def __init__(
        self,
        library: Library,
        messages: Messenger,
        parent: QWidget | None = None,
        hidden: Callable[[], Collection[int]] = frozenset,
    ):
        """``hidden()``: the ids of articles not to list (deleted, waiting for Undo)."""
        super().__init__(parent)
        self.library = library
        self.hidden = hidden
        self.messages = messages
        self.search_text = ""
        self._patterns: list[re.Pattern[str]] = []
        self._loaded: list[sqlite3.Row] = []
        self._state: tuple | None = None  # Notebook.state() when last read
        self._stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        filters = QHBoxLayout()
        self.color_combo = QComboBox(self)
        self.color_combo.setObjectName("highlightColorCombo")
        self.color_combo.setAccessibleName(self.tr("Colour"))
        self.color_combo.addItem(self.tr("All colours"), "")
        for color in COLORS:
            self.color_combo.addItem(highlight_colors.name(color), color)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("highlightTagCombo")
        self.tag_combo.setAccessibleName(self.tr("Tag"))
        filters.addWidget(self.color_combo, 1)
        filters.addWidget(self.tag_combo, 1)
        layout.addLayout(filters)
        self.model = LibraryHighlightsModel(self.tr("no longer found"), self)
        self.list = QListView(self)
        self.list.setObjectName("highlightsList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HighlightDelegate(compact=True, parent=self.list))
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName(self.tr("Highlights"))
        # A click opens, as in the article list; so do Enter and a double-click.
        self.list.clicked.connect(self._activated)
        self.list.activated.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("highlightsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty_label, 1)
        self.empty_label.hide()
        self._fill_tags()
        self.color_combo.currentIndexChanged.connect(lambda _: self.load())
        self.tag_combo.currentIndexChanged.connect(lambda _: self.load())

    # --- reading ---------------------------------------------------------------------------
    def color(self) -> str | None:
        return self.color_combo.currentData() or None

    def tag(self) -> str | None:
        return self.tag_combo.currentData() or None

    def _fill_tags(self) -> None:
        try:
            tags = self.library.all_tags()
        except NewsreaderError:
            tags = []
        listed = [self.tag_combo.itemData(i) for i in range(1, self.tag_combo.count())]
        if self.tag_combo.count() and listed == tags:
            return
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem(self.tr("All tags"), "")
        for tag in tags:
            self.tag_combo.addItem(f"#{tag}", tag)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(current or "")))
        self.tag_combo.blockSignals(False)

    def load(self) -> None:
        """Read the highlights again (one query), keeping the row shown at the top and
        the one selected where they still are. The tag chooser follows the library's
        tags (a tag chosen that is gone shows all)."""
        self._stale = False
        self._fill_tags()
        try:
            self._state = self.library.notebook.state()
            self._loaded = self.library.notebook.everything_rows(self.color(), self.tag())
        except NewsreaderError as exc:
            self.messages.show(
                self.tr("Could not read the highlights: {}").format(exc.message), Level.ERROR
            )
            return
        self._show()

    def refresh(self, *_: object) -> None:
        """The library changed (here or elsewhere): read again now if shown, else when
        next shown."""
        if not self.isVisible():
            self._stale = True
            return
        try:
            unchanged = self.library.notebook.state() == self._state
        except NewsreaderError:
            unchanged = False  # load() says what is wrong
        # A save or a state change elsewhere leaves the highlights as they were: reading
        # 10,000 of them again would hold the window for ~50 ms each time.
        if not unchanged:
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._stale = True  # read again when shown: the library may change meanwhile

    def reshow(self) -> None:
        """Show the rows read already again (an article was deleted or its delete
        undone: see ``hidden``)."""
        if not self._stale:
            self._show()

    def set_search(self, text: str) -> None:
        """Show only the highlights whose quote, note or article title has every word
        of ``text`` (see highlights_model.word_patterns); "" shows all."""
        text = text.strip()
        try:
            patterns = word_patterns(self.library, text) if text else []
        except NewsreaderError as exc:
            self.messages.show(self.tr("Could not search: {}").format(exc.message), Level.ERROR)
            patterns = []
        self.search_text, self._patterns = text, patterns
        if not self._stale:
            self._show()

    def _show(self) -> None:
        top, chosen = self._top_id(), self.current()
        hidden = self.hidden()
        rows = [row for row in self._loaded if row["article_id"] not in hidden]
        if self._patterns:
            rows = [row for row in rows if matches(row, self._patterns)]
        self.model.set_rows(rows)
        filtered = bool(self._patterns or self.color() or self.tag())
        self.empty_label.setText(
            self.tr("No highlights match.")
            if filtered
            else self.tr("No highlights yet: select text in an article and press H.")
        )
        self.list.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        if chosen is not None and (row := self.model.row_of(chosen.highlight.id)) is not None:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        if top is not None and (row := self.model.row_of(top)) is not None:
            self.list.scrollTo(self.model.index(row), QAbstractItemView.ScrollHint.PositionAtTop)
        self.countChanged.emit()

    def _top_id(self) -> int | None:
        if self.list.verticalScrollBar().value() == 0:
            return None
        index = self.list.indexAt(QPoint(1, 1))
        item = index.data(LibraryHighlightRole) if index.isValid() else None
        return item.highlight.id if item is not None else None

    def count_text(self) -> str:
        """The list panel's count line in this view: "%n highlight(s)"."""
        return self.tr("%n highlight(s)", "", self.model.rowCount())

    # --- choosing ---------------------------------------------------------------------------
    def current(self) -> LibraryHighlight | None:
        index = self.list.currentIndex()
        return index.data(LibraryHighlightRole) if index.isValid() else None

    def _activated(self, index) -> None:
        item = index.data(LibraryHighlightRole)
        if item is not None:
            self.highlightChosen.emit(item)

    def move_selection(self, step: int) -> None:
        """J/K: select the next (``step`` 1) or previous (-1) highlight and open it."""
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list.currentIndex()
        row = 0 if not current.isValid() else max(0, min(rows - 1, current.row() + step))
        index = self.model.index(row)
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list.scrollTo(index)
        self._activated(index)

    def open_current(self) -> bool:
        """Open the selected highlight (the first if none); False if the list is empty."""
        if not self.model.rowCount():
            return False
        index = self.list.currentIndex()
        if not index.isValid():
            self.move_selection(0)
        else:
            self._activated(index)
        return True
