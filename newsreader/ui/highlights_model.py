"""The models behind the two lists of highlights.

``LibraryHighlightsModel``: the Highlights view, every highlight of the library
newest first (``Notebook.everything_rows``, one query), filtered by colour and tag
in that query and by words in Python over the rows it gave. The rows are kept as the
database gave them; a LibraryHighlight is made only of a row asked for (painted,
chosen), and the delegate paints only the rows in sight.

``ArticleHighlightsModel``: the notebook panel, one article's highlights in reading
order (``Notebook.of_article``), those no longer found after a heading row.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from newsreader.library.highlights import Highlight, LibraryHighlight
from newsreader.library.notebook import library_highlight
from newsreader.ui.highlight_delegate import (
    HeaderRole,
    HighlightRole,
    LibraryHighlightRole,
    LostTextRole,
)

Index = QModelIndex | QPersistentModelIndex


def word_patterns(library, query: str) -> list[re.Pattern[str]]:
    """One regular expression per plain word of ``query``, with its inflections
    (``Library.highlight_pattern``, the search's own rule: "mobbing" finds "mobbingen").
    Words with an operator (``-word``, ``tag:x``, ``OR``) are left out. Raises what
    ``highlight_pattern`` raises (NewsreaderError for a query it cannot read)."""
    patterns = []
    for word in query.replace('"', " ").split():
        if word == "OR" or word.startswith("-") or ":" in word:
            continue
        pattern = library.highlight_pattern(word)
        if pattern:
            patterns.append(re.compile(pattern, re.IGNORECASE))
    return patterns


def matches(row: sqlite3.Row, patterns: Sequence[re.Pattern[str]]) -> bool:
    """Whether every pattern is found in the quote, the note or the article's title of
    ``row`` (a row of ``Notebook.everything_rows``)."""
    quote, note, title = row["quote"], row["note"], row["title"]
    return all(p.search(quote) or p.search(note) or p.search(title) for p in patterns)


class LibraryHighlightsModel(QAbstractListModel):
    """Rows of ``Notebook.everything_rows``, as ``set_rows`` gave them."""

    def __init__(self, lost_text: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[sqlite3.Row] = []
        self._made: dict[int, LibraryHighlight] = {}  # row -> its LibraryHighlight
        self.lost_text = lost_text

    def set_rows(self, rows: list[sqlite3.Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._made = {}
        self.endResetModel()

    def item(self, row: int) -> LibraryHighlight:
        made = self._made.get(row)
        if made is None:
            made = self._made[row] = library_highlight(self.rows[row])
        return made

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        item = self.item(index.row())
        if role == LibraryHighlightRole:
            return item
        if role == HighlightRole:
            return item.highlight
        if role == LostTextRole:
            return self.lost_text
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            h = item.highlight
            return "\n".join(p for p in (h.quote, h.note, item.title) if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            h = item.highlight
            return "\n\n".join(p for p in (h.quote, h.note) if p)
        return None

    def row_of(self, highlight_id: int) -> int | None:
        for row, found in enumerate(self.rows):
            if found["id"] == highlight_id:
                return row
        return None


class ArticleHighlightsModel(QAbstractListModel):
    """One article's highlights: the placed ones in reading order, then (if any) a
    heading row ``lost_heading`` and the ones no longer found."""

    def __init__(self, lost_heading: str, lost_text: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lost_heading = lost_heading
        self.lost_text = lost_text
        self.rows: list[Highlight | str] = []

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        placed = [h for h in highlights if h.found]
        lost = [h for h in highlights if not h.found]
        self.beginResetModel()
        self.rows = [*placed, *([self.lost_heading, *lost] if lost else [])]
        self.endResetModel()

    @property
    def highlights(self) -> list[Highlight]:
        return [r for r in self.rows if isinstance(r, Highlight)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and isinstance(self.rows[index.row()], str):
            return Qt.ItemFlag.ItemIsEnabled  # a heading: not selectable
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if isinstance(row, str):
            return row if role in (HeaderRole, Qt.ItemDataRole.DisplayRole) else None
        if role == HighlightRole:
            return row
        if role == LostTextRole:
            return self.lost_text
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "\n".join(p for p in (row.quote, row.note) if p)
        return None

    def row_of(self, highlight_id: int) -> int | None:
        for row, item in enumerate(self.rows):
            if isinstance(item, Highlight) and item.id == highlight_id:
                return row
        return None
