"""The note editor: a small dialog for the note of a highlight or of an article.

Save (or Ctrl+Return) keeps what is written, Cancel (or Escape, or the window's
close button) keeps what was there; an empty note means no note. What was typed is
never dropped silently: leaving with a changed note asks first (Save, Discard, or
Cancel to go on writing; Save is the default). The dialog is opened with ``open()``
(not modal to the whole application) and reports through ``saved(text)``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
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
        self._opened_with = note.strip()
        self.question: QMessageBox | None = None  # "Save the note?" while it is asked
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

    def changed(self) -> bool:
        """Whether the note as written differs from the one the dialog opened with."""
        return self.text() != self._opened_with

    def accept(self) -> None:
        self.saved.emit(self.text())
        super().accept()

    def reject(self) -> None:
        """Leave without saving: Escape, Cancel and the close button all come here
        (QDialog's closeEvent calls reject, and the close is refused while the dialog
        stays open). With the note changed, asks first (``question``) and stays open."""
        # Typed text is never lost silently. Note apps without a Cancel (Apple Notes,
        # Obsidian, Bear) store as you type; an editor that has one, as this dialog
        # does (a note may be started by mistake), asks before throwing away a draft,
        # as GitHub's comment boxes do and as the GNOME and Apple interface guidelines
        # say for "save changes before closing?". Keeping a hidden draft instead would
        # leave the library and the window disagreeing about what the note is.
        if not self.changed():
            super().reject()
            return
        if self.question is not None:
            self.question.raise_()
            return
        question = QMessageBox(self)
        question.setObjectName("noteUnsavedQuestion")
        question.setIcon(QMessageBox.Icon.Question)
        question.setWindowTitle(self.tr("Unsaved note"))
        question.setText(self.tr("Save the note you wrote?"))
        question.setInformativeText(self.tr("If you discard it, what you wrote is lost."))
        question.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        # Enter pressed by reflex keeps the text; Escape goes back to writing.
        question.setDefaultButton(QMessageBox.StandardButton.Save)
        question.setEscapeButton(QMessageBox.StandardButton.Cancel)
        question.finished.connect(lambda _result: self._answered(question))
        self.question = question
        question.open()

    def _answered(self, question: QMessageBox) -> None:
        self.question = None
        clicked = question.clickedButton()
        answer = question.standardButton(clicked) if clicked is not None else None
        question.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            self.accept()
        elif answer == QMessageBox.StandardButton.Discard:
            super().reject()
        else:  # Cancel, Escape, or the question closed: go on writing
            self.editor.setFocus()
