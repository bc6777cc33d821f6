"""The popup beside the search field that explains the query language.

Its rows come from ``query.HELP``, the same table the CLI's ``search --help`` prints.
Clicking an example puts it into the search field, so the syntax can be tried, not
just read.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from newsreader.library.query import HELP

# The meanings in query.HELP (the core has no Qt, and the command line shows them in
# English), named here so that lupdate extracts them; tests check the two agree.
MEANINGS = (
    QT_TRANSLATE_NOOP("SearchHelpPopup", "articles with every word, in any form (mobbet, skolen)"),
    QT_TRANSLATE_NOOP(
        "SearchHelpPopup", "also compounds ending in the word (elbilen, lastebil), listed after it"
    ),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "these words in this order, as written"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "either word"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", 'leave out articles with this word (or -"phrase")'),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "words that start with mobb"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "the word in the title; also author: and site:"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "from this site, by address or name"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "a tag with this word, in any form"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "the word in an image's caption or alt text"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "the word in your notes and highlights"),
    QT_TRANSLATE_NOOP(
        "SearchHelpPopup", "in this language: en, de, nb, nn, no (both Norwegians), …"
    ),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "unread; also is:archived, is:favorite, is:read"),
    QT_TRANSLATE_NOOP("SearchHelpPopup", "with a note of yours; has:highlights, with highlights"),
    QT_TRANSLATE_NOOP(
        "SearchHelpPopup", "published (else saved) on or after; also before:, 2017, 2017-12"
    ),
)


class SearchHelpPopup(QFrame):
    example_chosen = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setHorizontalSpacing(14)
        layout.setVerticalSpacing(2)
        heading = QLabel(
            self.tr("<b>Search</b> — case and accents do not matter; æ, ø and å are letters")
        )
        layout.addWidget(heading, 0, 0, 1, 2)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.examples: list[QPushButton] = []
        for row, (example, meaning) in enumerate(HELP, start=1):
            button = QPushButton(example, self)
            button.setFlat(True)
            button.setFont(fixed)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(self.tr("Try it"))
            button.setStyleSheet("text-align: left; padding: 2px 4px;")
            button.clicked.connect(lambda _=False, text=example: self._choose(text))
            layout.addWidget(button, row, 0)
            layout.addWidget(QLabel(self.tr(meaning), self), row, 1)
            self.examples.append(button)
        hint = QLabel(self.tr("Click an example to try it. Enter opens the best match."), self)
        small = QFont(hint.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        hint.setFont(small)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(hint, len(HELP) + 1, 0, 1, 2)

    def show_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height() + 2))
        screen = anchor.screen().availableGeometry()
        # Keep it on screen when the search field sits at the right edge.
        x = max(screen.left(), min(below.x(), screen.right() - self.width()))
        self.move(x, below.y())
        self.show()

    def _choose(self, example: str) -> None:
        self.hide()
        self.example_chosen.emit(example)
