"""The window's list while searching: a hit found only in the reader's own notes shows
where ("In your note:") before the snippet (ui/list_delegate.py)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from newsreader.library.search import matched_in
from newsreader.ui.list_model import SnippetRole
from tests.test_library import content
from tests.test_translations import speak  # noqa: F401  (a fixture)
from tests.test_window import harness  # noqa: F401  (a fixture)


def _painted_row(window, row: int) -> QImage:
    """The row as the list's delegate paints it, on white."""
    option = QStyleOptionViewItem()
    option.initFrom(window.list)
    option.rect = QRect(0, 0, 500, window.list.visualRect(window.model.index(row)).height())
    option.widget = window.list
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    window.list.itemDelegate().paint(painter, option, window.model.index(row))
    painter.end()
    return image


def test_a_search_hit_only_in_a_note_says_so_in_the_list(harness):  # noqa: F811
    library = harness.library
    library.save(content(1, text="Nordlys over Tromsø i natt, meldte forskerne."))
    library.save(content(2, text="Ingenting om himmelen her, bare fotball i Bodø."))
    library.notebook.set_article_note(2, "Vis dette til bestemor, hun liker nordlys.")
    library.notebook.add_quote(1, "meldte forskerne", note="Spør bestemor også")
    window = harness.window
    window.model.reload()
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "bestemor")
    harness.qtbot.waitUntil(lambda: window.model.searching, timeout=5000)
    harness.qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    delegate = window.list.itemDelegate()
    for row in range(2):
        source, snippet = matched_in(window.model.index(row).data(SnippetRole))
        assert source == "note"
        assert "\x02bestemor\x03" in snippet
    assert delegate.source_text("note") == "In your note:"
    assert delegate.source_text("highlight") == "In your highlight:"
    assert delegate.source_text("text") == ""
    # The words are drawn after the prefix: painting the same row without it differs.
    with_prefix = _painted_row(window, 0)
    delegate.source_text = lambda source: ""
    assert _painted_row(window, 0) != with_prefix
    # A word in the text: the snippet is the text's, with no prefix.
    window.search.clear()
    harness.qtbot.keyClicks(window.search, "fotball")
    harness.qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert matched_in(window.model.index(0).data(SnippetRole))[0] == "text"


def test_the_prefix_in_norwegian(qapp, speak):  # noqa: F811
    from newsreader.ui.list_delegate import ArticleDelegate

    speak("nb")
    delegate = ArticleDelegate()
    assert delegate.source_text("note") == "I notatet ditt:"
    assert delegate.source_text("highlight") == "I uthevingen din:"
