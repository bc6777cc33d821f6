"""The note editor never drops typed text silently (issue 16, "tails" 1): Escape, Cancel
or the close button with a changed note asks (Save / Discard / Cancel, Save the
default); with nothing changed they just close. Real dialog on the offscreen platform,
keys pressed as a person would; then the window, over a real library."""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton

from newsreader.ui.note_dialog import NoteDialog
from tests.test_reader_highlights import note_dialog, open_article, press, save, select
from tests.test_window import harness  # noqa: F401 - the fixture

Button = QMessageBox.StandardButton


@pytest.fixture
def dialog(qtbot):
    made = NoteDialog("Note on the highlight", "en gutt", "Hvem var han?")
    qtbot.addWidget(made)
    made.stored = []
    made.saved.connect(made.stored.append)
    made.open()
    qtbot.waitExposed(made)
    return made


def type_more(qtbot, dialog: NoteDialog, text: str = " Og hvorfor?") -> None:
    qtbot.keyClicks(dialog.editor, text)


def test_escape_with_nothing_changed_just_closes(qtbot, dialog):
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.question is None and dialog.stored == []


def test_escape_with_only_white_space_added_just_closes(qtbot, dialog):
    # The note is stored stripped: a line break more changes nothing stored.
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.question is None and dialog.stored == []


def test_escape_with_a_changed_note_asks_and_save_is_the_default(qtbot, dialog):
    type_more(qtbot, dialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    question = dialog.question
    assert question is not None and question.isVisible()
    assert dialog.isVisible() and dialog.stored == []
    assert question.defaultButton() is question.button(Button.Save)
    assert question.escapeButton() is question.button(Button.Cancel)
    assert question.button(Button.Discard) is not None
    # Enter, by reflex, keeps the text.
    qtbot.keyClick(question, Qt.Key.Key_Return)
    assert dialog.stored == ["Hvem var han? Og hvorfor?"]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted


def test_cancel_on_the_question_goes_back_to_writing_and_discard_drops(qtbot, dialog):
    type_more(qtbot, dialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    qtbot.keyClick(dialog.question, Qt.Key.Key_Escape)  # the question's Cancel
    assert dialog.question is None and dialog.isVisible()
    assert dialog.editor.toPlainText() == "Hvem var han? Og hvorfor?"
    type_more(qtbot, dialog, " Spør læreren.")
    # The Cancel button of the note editor asks too.
    qtbot.mouseClick(_cancel(dialog), Qt.MouseButton.LeftButton)
    question = dialog.question
    assert question is not None
    qtbot.mouseClick(question.button(Button.Discard), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.stored == []


def _cancel(dialog: NoteDialog) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Cancel)


def test_the_close_button_with_a_changed_note_asks_and_stays_open(qtbot, dialog):
    type_more(qtbot, dialog)
    assert not dialog.close()  # as the window's close button does: refused for now
    assert dialog.isVisible() and dialog.question is not None
    dialog.close()  # asked once only
    assert len(dialog.findChildren(QMessageBox)) == 1
    qtbot.mouseClick(dialog.question.button(Button.Save), Qt.MouseButton.LeftButton)
    assert dialog.stored == ["Hvem var han? Og hvorfor?"] and not dialog.isVisible()


def test_in_the_window_escape_then_save_keeps_the_typed_note(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "en gutt")
    press(harness, Qt.Key.Key_N)
    editor = note_dialog(harness)
    harness.qtbot.keyClicks(editor.editor, "Hvem var han?")
    harness.qtbot.keyClick(editor.editor, Qt.Key.Key_Escape)
    assert editor.question is not None
    # Another note asked for meanwhile (N, the Notebook's Edit note…) does not close
    # this one behind the question's back.
    window.highlights.note()
    assert window.highlights.note_dialog is editor and editor.isVisible()
    assert [d for d in window.findChildren(NoteDialog) if d.isVisible()] == [editor]
    harness.qtbot.keyClick(editor.question, Qt.Key.Key_Return)
    harness.qtbot.waitUntil(
        lambda: (
            [h.note for h in harness.library.notebook.of_article(article_id)] == ["Hvem var han?"]
        )
    )
    assert harness.window.highlights.note_dialog is None
