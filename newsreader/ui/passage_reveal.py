"""Scrolling the reader to a highlight's passage and selecting it: the one place the
notebook panel and the Highlights view reach into the reader.

While the reader's own highlight component (``window.highlights``, a
ReaderHighlights, with ``show_highlight(id)``) is not there, the passage is found
here with ``DocumentPassages`` on the document the reader shows; once it is, this
function is where the window routes to it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor

from newsreader.library.highlights import Highlight
from newsreader.ui.reader_passages import DocumentPassages

# A re-render of the document right after (the pane settling its size when a shorter
# or longer article brings or takes its scroll bar, ReaderView._relayout) clears the
# selection: for this long after going to a passage, it is selected again.
KEEP_SECONDS = 1.5


class _Keeper(QObject):
    """Selects the passage gone to last again when the reader re-renders the same
    article within KEEP_SECONDS."""

    def __init__(self, reader) -> None:
        super().__init__(reader)
        self.setObjectName("passageKeeper")
        self.reader = reader
        self.highlight: Highlight | None = None
        self.until = 0.0
        reader.textChanged.connect(self._rendered)

    def keep(self, highlight: Highlight) -> None:
        self.highlight, self.until = highlight, time.monotonic() + KEEP_SECONDS

    def _rendered(self) -> None:
        if self.highlight is not None and time.monotonic() < self.until:
            QTimer.singleShot(0, self._again)

    def _again(self) -> None:
        article = self.reader.article
        highlight = self.highlight
        if highlight is None or article is None or article.id != highlight.article_id:
            return
        if not self.reader.textCursor().hasSelection():
            _select(self.reader, highlight)


def reveal_passage(window, highlight: Highlight) -> bool:
    """Select ``highlight``'s passage in ``window.reader`` (a MainWindow's) and scroll
    it into view. False, nothing changed, when the reader does not show the
    highlight's article or the passage is not in its document (a highlight no longer
    found)."""
    shown = getattr(window, "highlights", None)
    if shown is not None and hasattr(shown, "show_highlight"):
        return bool(shown.show_highlight(highlight.id))
    reader = window.reader
    if not _select(reader, highlight):
        return False
    keeper = reader.findChild(_Keeper, "passageKeeper") or _Keeper(reader)
    keeper.keep(highlight)
    return True


def _select(reader, highlight: Highlight) -> bool:
    article = reader.article
    if article is None or article.id != highlight.article_id or not highlight.found:
        return False
    passages = DocumentPassages(reader.document(), reader._body_start())
    span = passages.span_of(highlight, len(article.text))
    if span is None:
        return False
    cursor = QTextCursor(reader.document())
    cursor.setPosition(span[1])
    cursor.setPosition(span[0], QTextCursor.MoveMode.KeepAnchor)
    # The stored reading position is put back on layout changes until the reader
    # scrolls (ReaderView._range_changed): going to a passage is the reader's choice.
    reader._restore_fraction = None
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    # ensureCursorVisible shows the cursor's end (the passage's start here); the end
    # of a long passage follows it into view when there is room.
    end = QTextCursor(cursor)
    end.setPosition(span[1])
    rect, start_rect = reader.cursorRect(end), reader.cursorRect(cursor)
    below = rect.bottom() - reader.viewport().height() + 20
    if below > 20 and start_rect.top() > rect.height():
        bar = reader.verticalScrollBar()
        bar.setValue(bar.value() + min(start_rect.top() - 20, below))
    return True
