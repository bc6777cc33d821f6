"""The notebook panel beside the reader (Ctrl+Shift+N), driven as a person would, over a
real library: highlights added as the command line or an import adds them
(``library.notebook``), the reader scrolled to one by a click, notes typed in place,
a window restart, the clipboard.
"""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from newsreader.library.library import Library
from newsreader.ui.highlight_delegate import HeaderRole, HighlightRole
from tests.test_library import content
from tests.test_window import WAIT_MS, harness, press  # noqa: F401 - the fixture

FILLER = (
    "Dette er et avsnitt som bare fyller plass, slik at artikkelen blir lang nok til å "
    "rulle i leseren, med ord om vær, fjell og fjorder."
)
PARAGRAPHS = [
    "Blåbærene i Trøndelag modnes sent i år, sier forskerne ved NTNU.",
    *[f"{FILLER} ({i})" for i in range(12)],
    "Mobbingen i skolen må tas på alvor, skriver rektor i et brev til foreldrene.",
    *[f"{FILLER} ({i})" for i in range(12, 30)],
    "Til slutt: blåbærene i Trøndelag modnes sent i år, og bærplukkerne må vente.",
]


def save_article(
    library: Library, n: int, paragraphs: list[str], title: str, tags: tuple[str, ...] = ()
) -> int:
    """An article of ``paragraphs`` saved as a capture saves it; its id."""
    base = content(n, text="\n\n".join(paragraphs), title=title)
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    outcome = library.save(replace(base, content_html=html), tags=tags)
    return outcome.article_id


def open_with_panel(harness_, article_id: int):
    """Show the article, and the notebook panel with Ctrl+Shift+N if it is hidden."""
    window = harness_.window
    window.show_article_id(article_id)
    if not window.notebook.isVisible():
        keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        press(harness_.qtbot, window, Qt.Key.Key_N, keys)
    assert window.notebook.isVisible()
    return window.notebook


def panel_rows(panel) -> list[tuple[str, str, str]]:
    """(kind, quote or heading, note) of every row of the panel's list."""
    rows = []
    for row in range(panel.model.rowCount()):
        index = panel.model.index(row)
        heading = index.data(HeaderRole)
        if heading:
            rows.append(("heading", heading, ""))
        else:
            h = index.data(HighlightRole)
            rows.append(("found" if h.found else "lost", h.quote, h.note))
    return rows


def selected_text(reader) -> str:
    """The passage of the highlight selected in the reader (drawn stronger there),
    white space as one space; '' when none is."""
    highlights = reader.window().highlights
    span = highlights.spans.get(highlights.current_highlight_id or -1)
    if span is None:
        return ""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(span[0])
    cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
    return " ".join(cursor.selectedText().replace("\u2029", " ").split())


def test_highlights_from_the_library_show_in_reading_order_with_their_notes(harness, library):
    article_id = save_article(library, 1, PARAGRAPHS, "Bær og skole")
    other = save_article(library, 2, ["Ingen merker her, bare tekst om Tromsø."], "Uten merker")
    book = library.notebook
    # Added out of reading order, as an import might.
    book.add_quote(article_id, "bærplukkerne må vente", note="Sjekk om det stemmer")
    book.add_quote(article_id, "Mobbingen i skolen må tas på alvor", color="red", note="Viktig!")
    first = PARAGRAPHS[0].index("Blåbærene")
    book.add(article_id, first, first + len("Blåbærene i Trøndelag"), color="green")

    panel = open_with_panel(harness, other)
    # An article without highlights says how to make one.
    assert panel.empty_label.isVisible() and "press H" in panel.empty_label.text()
    assert not panel.list.isVisible()

    harness.window.show_article_id(article_id)
    assert panel_rows(panel) == [
        ("found", "Blåbærene i Trøndelag", ""),
        ("found", "Mobbingen i skolen må tas på alvor", "Viktig!"),
        ("found", "bærplukkerne må vente", "Sjekk om det stemmer"),
    ]
    assert panel.count_label.text() == "3 highlights"
    assert not panel.empty_label.isVisible()

    # One added elsewhere while the article is open (``newsreader highlight``) appears.
    book.add_quote(article_id, "skriver rektor", note="Hvem er rektor?")
    harness.qtbot.waitUntil(lambda: len(panel_rows(panel)) == 4, timeout=WAIT_MS)
    assert panel_rows(panel)[2] == ("found", "skriver rektor", "Hvem er rektor?")


def test_clicking_a_highlight_scrolls_the_reader_to_it_and_selects_it(harness, library):
    article_id = save_article(library, 1, PARAGRAPHS, "Bær og skole")
    book = library.notebook
    text = library.get(article_id).text
    # The same words twice: the second time, at the very end of the article.
    second = text.rindex("blåbærene i Trøndelag modnes sent i år")
    late = book.add(article_id, second, second + len("blåbærene i Trøndelag modnes sent i år"))
    # Across two paragraphs.
    start = text.index("NTNU.")
    across = book.add(article_id, start, text.index("som bare fyller", start), note="To avsnitt")
    panel = open_with_panel(harness, article_id)
    reader = harness.window.reader
    assert reader.verticalScrollBar().value() == 0

    row = panel.model.row_of(late.id)
    harness.qtbot.mouseClick(
        panel.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.list.visualRect(panel.model.index(row)).center(),
    )
    assert selected_text(reader) == "blåbærene i Trøndelag modnes sent i år"
    # The second occurrence, near the end, scrolled into view.
    document_text = reader.document().toRawText()
    assert reader.textCursor().selectionStart() > document_text.index("Mobbingen")
    assert reader.verticalScrollBar().value() > 0
    assert reader.cursorRect().top() >= 0
    assert reader.cursorRect().bottom() <= reader.viewport().height()

    row = panel.model.row_of(across.id)
    harness.qtbot.mouseClick(
        panel.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.list.visualRect(panel.model.index(row)).center(),
    )
    assert selected_text(reader) == "NTNU. Dette er et avsnitt"
    cursor = QTextCursor(reader.textCursor())
    assert cursor.selectionStart() < document_text.index("Mobbingen")


def test_a_highlight_no_longer_found_is_listed_under_its_own_heading(harness, library):
    article_id = save_article(library, 1, PARAGRAPHS, "Bær og skole")
    book = library.notebook
    book.add_quote(article_id, "Mobbingen i skolen må tas på alvor", note="Viktig!")
    book.add_quote(article_id, "modnes sent i år, sier forskerne", note="Kilde?")
    panel = open_with_panel(harness, article_id)
    assert [r[0] for r in panel_rows(panel)] == ["found", "found"]

    # A re-fetch brings a text without the passage about school.
    changed = [p for p in PARAGRAPHS if not p.startswith("Mobbingen")]
    save_article(library, 1, changed, "Bær og skole")
    assert not book.get(book.of_article(article_id)[-1].id).found
    harness.qtbot.waitUntil(lambda: len(panel_rows(panel)) == 3, timeout=WAIT_MS)
    assert panel_rows(panel) == [
        ("found", "modnes sent i år, sier forskerne", "Kilde?"),
        ("heading", "No longer found in the article", ""),
        ("lost", "Mobbingen i skolen må tas på alvor", "Viktig!"),
    ]
    assert panel.count_label.text() == "2 highlights · 1 no longer found"
    heading = panel.model.index(1)
    assert not panel.model.flags(heading) & Qt.ItemFlag.ItemIsSelectable

    # Clicking the lost one says so in one line and leaves the reader where it was.
    reader = harness.window.reader
    before = reader.verticalScrollBar().value()
    harness.qtbot.mouseClick(
        panel.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.list.visualRect(panel.model.index(2)).center(),
    )
    assert harness.window.statusBar().currentMessage() == (
        "This passage is no longer found in the article."
    )
    assert reader.verticalScrollBar().value() == before
    assert not reader.textCursor().hasSelection()


def test_the_article_note_typed_in_the_panel_survives_a_restart(harness, library):
    first = save_article(library, 1, PARAGRAPHS, "Bær og skole")
    second = save_article(library, 2, ["Et kort stykke om Tromsø og nordlys."], "Nordlys")
    panel = open_with_panel(harness, first)
    panel.note.setFocus()
    harness.qtbot.keyClicks(panel.note, "Husk å lese dette igjen før møtet")
    # Editing ends when focus leaves the field: stored, no button needed.
    harness.window.reader.setFocus()
    harness.settle()
    assert library.notebook.article_note(first) == "Husk å lese dette igjen før møtet"

    # Typed, and another article shown at once: the note goes to the first article.
    panel.note.setFocus()
    harness.qtbot.keyClicks(panel.note, " (æøå)")
    harness.window.show_article_id(second)
    assert panel.note.toPlainText() == ""
    panel.note.setFocus()
    harness.qtbot.keyClicks(panel.note, "Nordlys i mars")
    # The window closes while the field still has focus.
    harness.window.close()
    assert library.notebook.article_note(first) == "Husk å lese dette igjen før møtet (æøå)"
    assert library.notebook.article_note(second) == "Nordlys i mars"

    window = harness.window = harness.new_window()
    assert window.notebook.isVisible()  # remembered
    assert window.current.id == second
    assert window.notebook.note.toPlainText() == "Nordlys i mars"
    window.show_article_id(first)
    assert window.notebook.note.toPlainText() == "Husk å lese dette igjen før møtet (æøå)"

    # Emptied: the note is removed.
    window.activateWindow()
    harness.qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.notebook.note.setFocus()
    window.notebook.note.selectAll()
    press(harness.qtbot, window.notebook.note, Qt.Key.Key_Delete)
    window.reader.setFocus()
    harness.settle()
    assert library.notebook.article_note(first) == ""


def test_a_highlights_note_is_edited_from_the_panel(harness, library):
    article_id = save_article(library, 1, PARAGRAPHS, "Bær og skole")
    made = library.notebook.add_quote(article_id, "skriver rektor i et brev", note="Gammel")
    panel = open_with_panel(harness, article_id)
    assert not panel.edit_button.isEnabled()
    index = panel.model.index(panel.model.row_of(made.id))
    where = panel.list.visualRect(index).center()
    # A double-click: a click, then the second press.
    harness.qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    harness.qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    editor = harness.window.highlights.note_dialog  # the window's one note editor
    assert editor is not None and editor.isVisible()
    assert editor.editor.toPlainText() == "Gammel"
    editor.editor.selectAll()
    harness.qtbot.keyClicks(editor.editor, "Rektor heter Åse Ødegård")
    press(harness.qtbot, editor.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    harness.settle()
    assert library.notebook.get(made.id).note == "Rektor heter Åse Ødegård"
    harness.qtbot.waitUntil(
        lambda: panel_rows(panel)[0][2] == "Rektor heter Åse Ødegård", timeout=WAIT_MS
    )

    # The Edit button, and Cancel changes nothing.
    assert panel.edit_button.isEnabled()
    harness.qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    editor = harness.window.highlights.note_dialog
    editor.editor.selectAll()
    harness.qtbot.keyClicks(editor.editor, "Ikke lagre dette")
    editor.reject()  # asks first: the note was changed
    editor.question.button(editor.question.StandardButton.Discard).click()
    harness.settle()
    assert library.notebook.get(made.id).note == "Rektor heter Åse Ødegård"


def test_copy_all_as_markdown_gives_quotes_notes_link_and_tags(harness, library):
    article_id = save_article(library, 1, PARAGRAPHS, "Bær og skole", tags=("skole", "natur liv"))
    book = library.notebook
    book.add_quote(article_id, "Mobbingen i skolen må tas på alvor", note="Viktig!")
    book.add_quote(article_id, "Blåbærene i Trøndelag", note="")
    book.add_quote(article_id, "et sitat som aldri sto der", note="Fra boka", keep_lost=True)
    book.set_article_note(article_id, "Les sammen med klassen")
    panel = open_with_panel(harness, article_id)
    QGuiApplication.clipboard().clear()
    harness.qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("## Bær og skole\n")
    assert "Source: [Eksempel](https://example.no/a/1)" in text
    assert "Tags: #natur-liv #skole" in text
    assert "Les sammen med klassen" in text
    assert "> Blåbærene i Trøndelag [↗](https://example.no/a/1#:~:text=" in text
    assert "> Mobbingen i skolen må tas på alvor [↗]" in text
    assert "Viktig!" in text
    assert "*(no longer found in the article)*" in text and "Fra boka" in text
    # Reading order: the passage first in the article comes first, the lost one last.
    assert text.index("Blåbærene") < text.index("Mobbingen") < text.index("aldri sto der")
    assert harness.window.statusBar().currentMessage() == "Copied 3 highlights as Markdown."


def test_ctrl_shift_n_toggles_the_panel_and_it_is_remembered(harness, library):
    article_id = save_article(library, 1, PARAGRAPHS, "Bær og skole")
    window = harness.window
    window.show_article_id(article_id)
    action = window.actions_["notebook"]
    assert not window.notebook.isVisible() and not action.isChecked()
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(harness.qtbot, window.reader, Qt.Key.Key_N, keys)
    assert window.notebook.isVisible() and action.isChecked()
    # The panel sits right of the reader.
    assert window.notebook.mapTo(window, window.notebook.rect().topLeft()).x() > (
        window.reader.mapTo(window, window.reader.rect().topLeft()).x()
    )
    press(harness.qtbot, window.reader, Qt.Key.Key_N, keys)
    assert not window.notebook.isVisible()
    window.close()
    window = harness.window = harness.new_window()
    assert not window.notebook.isVisible()
    window.actions_["notebook"].trigger()
    window.close()
    window = harness.window = harness.new_window()
    assert window.notebook.isVisible() and window.actions_["notebook"].isChecked()
