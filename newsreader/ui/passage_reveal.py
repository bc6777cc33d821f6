"""Scrolling the reader to a highlight's passage and selecting it: the one place the
notebook panel and the Highlights view reach into the reader.

While the reader's own highlight component (``window.highlights``, a
ReaderHighlights, with ``show_highlight(id)``) is not there, the passage is found
here with ``DocumentPassages`` on the document the reader shows; once it is, this
function is where the window routes to it.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from newsreader.library.highlights import Highlight
from newsreader.ui.reader_passages import DocumentPassages


def reveal_passage(window, highlight: Highlight) -> bool:
    """Select ``highlight``'s passage in ``window.reader`` (a MainWindow's) and scroll
    it into view. False, nothing changed, when the reader does not show the
    highlight's article or the passage is not in its document (a highlight no longer
    found)."""
    shown = getattr(window, "highlights", None)
    if shown is not None and hasattr(shown, "show_highlight"):
        return bool(shown.show_highlight(highlight.id))
    reader = window.reader
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
