"""The note editor: a small dialog for the note of a highlight or of an article.

Save (or Ctrl+Return) keeps what is written, Cancel (or Escape) keeps what was
there; an empty note means no note. The dialog is opened with ``open()`` (not
modal to the whole application) and reports through ``saved(text)``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

QUOTE_CHARS = 160  # how much of the quote the dialog shows above the note


class NoteDialog(QDialog):
    """Edits one note. ``saved(text)`` (stripped; "" for no note) when saved."""

    saved = Signal(str)

    def __init__(self, title: str, quote: str, note: str, parent: QWidget | None = None) -> None:
        """``title``: the window title (translated); ``quote``: the passage the note is
        about ("" for an article's own note), shown shortened; ``note``: the note now."""
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if quote:
            shown = " ".join(quote.split())
            if len(shown) > QUOTE_CHARS:
                shown = shown[: QUOTE_CHARS - 1].rstrip() + "…"
            self.quote_label = QLabel(self.tr("“{}”").format(shown), self)
            self.quote_label.setObjectName("noteQuote")
            self.quote_label.setWordWrap(True)
            self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
            font = self.quote_label.font()
            font.setItalic(True)
            self.quote_label.setFont(font)
            layout.addWidget(self.quote_label)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setPlainText(note)
        self.editor.setPlaceholderText(self.tr("Write a note. Leave it empty for no note."))
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip(self.tr("Save the note (Ctrl+Return)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Ctrl+Return saves; read from the editor's own keys, so it works whether or
        # not the window system has made the dialog active yet.
        self.editor.installEventFilter(self)
        self.resize(440, 240)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        """The note as written, white space at either end left out."""
        return self.editor.toPlainText().strip()

    def accept(self) -> None:
        self.saved.emit(self.text())
        super().accept()
