"""A small editor for one highlight's note, opened from the notebook panel: the quote
above (elided), the note below, Save (also Ctrl+Return) and Cancel.

It only edits text; the panel stores it (through the window's LibraryWriter).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from newsreader.library.highlights import Highlight
from newsreader.ui.highlight_delegate import wrapped_lines

QUOTE_LINES = 3


class HighlightNoteEditor(QDialog):
    """Edits ``highlight``'s note; ``note()`` is the text once accepted."""

    def __init__(self, highlight: Highlight, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.highlight = highlight
        self.setObjectName("highlightNoteEditor")
        self.setWindowTitle(self.tr("Note on the highlight"))
        layout = QVBoxLayout(self)
        self.quote = QLabel(self)
        self.quote.setObjectName("noteEditorQuote")
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        font = self.quote.font()
        font.setItalic(True)
        self.quote.setFont(font)
        self.quote.setText("\n".join(wrapped_lines(highlight.quote, font, 420, QUOTE_LINES)))
        layout.addWidget(self.quote)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditorText")
        self.editor.setPlaceholderText(self.tr("Your note on this passage"))
        self.editor.setPlainText(highlight.note)
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.installEventFilter(self)  # Ctrl+Return saves
        self.resize(460, 260)
        self.editor.setFocus()
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
