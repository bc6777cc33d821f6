"""Issue 14, item 1: highlights and notes in the reader, driven as a person would.

Real window over a real library in a temp folder (tests/test_window.py's harness),
real reader on the offscreen platform: text is selected with a QTextCursor or the
mouse, keys are pressed, notes typed, the window started again on the same library.
"""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from newsreader.library.library import Library
from newsreader.ui import highlight_colors, theme
from newsreader.ui.main_window import MainWindow
from newsreader.ui.menus import show_reader_context_menu
from newsreader.ui.reader_highlights import COLOR_SETTING
from tests.test_library import content
from tests.test_window import Harness, harness  # noqa: F401 - the fixture

PARAGRAPHS = (
    "Det var en kald morgen i Tromsø da ferja la til kai.",
    "Kapteinen sa at været ville bli bedre utover dagen, men ingen trodde ham.",
    "På kaia sto en gutt og solgte blåbær i små kurver.",
    "Han sa at været ville bli bedre, og denne gangen trodde alle ham.",
)


def save(library: Library, paragraphs=PARAGRAPHS, n: int = 1, title: str | None = None) -> int:
    """Save an article whose body is ``paragraphs``; its id."""
    text = "\n\n".join(paragraphs)
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    made = replace(content(n, text=text, title=title), content_html=html)
    return library.save(made).article_id


@pytest.fixture(autouse=True)
def _light_theme_after() -> Iterator[None]:
    yield
    theme.manager().apply("system")


def open_article(harness: Harness, article_id: int) -> None:
    window = harness.window
    window.show_article_id(article_id)
    assert window.reader.article is not None and window.reader.article.id == article_id
    window.reader.setFocus()


def select(window: MainWindow, passage: str, occurrence: int = 1, from_body: bool = True) -> None:
    """Select the ``occurrence``-th ``passage`` in the reader's document (after the
    header unless ``from_body`` is False), as a person dragging over it would."""
    reader = window.reader
    start = reader._body_start() if from_body else 0
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    for _ in range(occurrence):
        cursor = reader.document().find(passage, cursor)
        assert not cursor.isNull(), passage
    reader.setTextCursor(cursor)


def select_span(window: MainWindow, start: int, end: int) -> None:
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)


def press(harness: Harness, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    harness.qtbot.keyClick(harness.window.reader, key, modifier)


def drawn(window: MainWindow) -> list[tuple[int, int, str]]:
    """The reader's highlight marks as the document paints them: (start, end,
    background colour name) of each run of one background, the selected highlight's
    stronger shade (an extra selection) over its run."""
    runs: list[list] = []
    block = window.reader.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            brush = fragment.charFormat().background()
            if brush.style() != Qt.BrushStyle.NoBrush:
                start, end = fragment.position(), fragment.position() + fragment.length()
                color = brush.color().name()
                gap = between(window, runs[-1][1], start) if runs else ""
                if runs and runs[-1][2] == color and not gap.strip("\u2029"):
                    runs[-1][1] = end
                else:
                    runs.append([start, end, color])
            fragments += 1
        block = block.next()
    for mark in window.reader.extraSelections():
        if mark.format.background().style() == Qt.BrushStyle.NoBrush:
            continue
        span = [mark.cursor.selectionStart(), mark.cursor.selectionEnd()]
        for run in runs:
            if run[:2] == span:
                run[2] = mark.format.background().color().name()
    return [tuple(run) for run in runs]


def between(window: MainWindow, start: int, end: int) -> str:
    """The document's text from Qt position ``start`` to ``end``."""
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def drawn_text(window: MainWindow) -> list[str]:
    return [between(window, start, end) for start, end, _ in drawn(window)]


def note_marked(window: MainWindow, start: int) -> bool:
    """Whether the passage at ``start`` is underlined as one with a note."""
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start + 1)
    return cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline


def wait_count(harness: Harness, article_id: int, count: int) -> None:
    harness.qtbot.waitUntil(
        lambda: len(harness.library.notebook.of_article(article_id)) == count, timeout=10_000
    )
    harness.settle()


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def note_dialog(harness: Harness):
    harness.qtbot.waitUntil(lambda: harness.window.highlights.note_dialog is not None)
    dialog = harness.window.highlights.note_dialog
    harness.qtbot.waitExposed(dialog)
    return dialog


# --- making, noting, keeping ---------------------------------------------------------------
def test_h_then_n_with_a_note_is_kept_and_drawn_after_a_restart(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    passage = "solgte blåbær i små kurver"
    select(window, passage)
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert stored.quote == passage and stored.color == "yellow" and stored.note == ""
    text = window.reader.article.text
    assert (stored.start, stored.end) == (text.index(passage), text.index(passage) + len(passage))
    # The selection went, so the highlight shows in its colour.
    assert not window.reader.textCursor().hasSelection()
    assert drawn_text(window) == [passage]

    # N with the cursor in the highlight: its note.
    press(harness, Qt.Key.Key_N)
    dialog = note_dialog(harness)
    assert passage in dialog.quote_label.text()
    harness.qtbot.keyClicks(dialog.editor, "Husk å kjøpe blåbær")
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.get(stored.id).note == "Husk å kjøpe blåbær"
    )
    harness.settle()
    assert window.highlights.items[0].note == "Husk å kjøpe blåbær"
    # A note is marked: the passage is underlined.
    ((start, _, _),) = drawn(window)
    assert note_marked(window, start)

    # Another window on the same library draws it again, in its colour.
    window.close()
    harness.window = window = harness.new_window()
    open_article(harness, article_id)
    ((start, end, color),) = drawn(window)
    assert window.reader.document().toRawText()[start:end] == passage
    assert color == highlight_colors.shade("yellow", False).name()
    assert window.highlights.items[0].note == "Husk å kjøpe blåbær"
    # The stored article was never changed.
    assert harness.library.get(article_id).text == "\n\n".join(PARAGRAPHS)


def test_the_last_colour_chosen_is_the_one_h_uses(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "ferja la til kai")
    window.highlights.highlight("green")
    wait_count(harness, article_id, 1)
    assert window.settings.value(COLOR_SETTING) == "green"
    select(window, "ingen trodde ham")
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 2)
    assert [h.color for h in harness.library.notebook.of_article(article_id)] == ["green"] * 2
    shade = highlight_colors.shade("green", False).name()
    assert sorted(drawn_text(window)) == ["ferja la til kai", "ingen trodde ham"]
    assert {c for _, _, c in drawn(window)} == {shade}


def test_the_same_passage_again_is_recoloured_not_stored_twice(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "Kapteinen sa at været")
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    select(window, "Kapteinen sa at været")
    window.highlights.highlight("blue")
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.of_article(article_id)[0].color == "blue"
    )
    # A part of it acts on it too.
    select(window, "sa at")
    window.highlights.highlight("red")
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.of_article(article_id)[0].color == "red"
    )
    harness.settle()
    assert len(harness.library.notebook.of_article(article_id)) == 1
    assert drawn(window)[0][2] == highlight_colors.shade("red", False).name()


@pytest.mark.parametrize(
    "where",
    ["title", "byline", "empty", "white space"],
)
def test_a_selection_that_is_not_the_articles_text_says_so_once_and_stores_nothing(harness, where):
    window = harness.window
    article_id = save(harness.library, title="Ferja til Tromsø")
    open_article(harness, article_id)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda m: m and messages.append(m))
    if where == "title":
        select(window, "Ferja til Tromsø", from_body=False)
    elif where == "byline":
        select(window, "Eksempel", from_body=False)
    elif where == "white space":
        body = window.reader._body_start()
        raw = window.reader.document().toRawText()
        gap = raw.index("kai.") + len("kai.")
        assert gap > body
        select_span(window, gap, gap + 1)
    press(harness, Qt.Key.Key_H)
    harness.settle()
    assert harness.library.notebook.of_article(article_id) == []
    assert len(messages) == 1
    if where == "empty":
        assert "Select some text" in messages[0]
    else:
        assert "not its title" in messages[0]
    assert not window.banner.isVisible()
    assert drawn(window) == []


def test_norwegian_letters_and_an_emoji_before_the_passage(harness):
    # An emoji is two UTF-16 units in Qt's document and one code point in Python.
    window = harness.window
    paragraphs = (
        "Blåbærsyltetøy 🫐 på brødskiva, sa bestemor 😊 og lo.",
        "Ærlig talt: én skive med brunost 🧀 smaker også godt på ferja.",
    )
    article_id = save(harness.library, paragraphs)
    open_article(harness, article_id)
    passage = "smaker også godt"
    select(window, passage)
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    text = harness.library.get(article_id).text
    assert text[stored.start : stored.end] == passage
    assert drawn_text(window) == [passage]
    # And the passage with the emoji in it.
    select(window, "bestemor 😊 og lo")
    window.highlights.highlight("blue")
    wait_count(harness, article_id, 2)
    quotes = [h.quote for h in harness.library.notebook.of_article(article_id)]
    assert quotes == ["bestemor 😊 og lo", passage]
    assert sorted(drawn_text(window)) == sorted(quotes)


def test_a_quote_that_occurs_twice_highlights_the_one_selected(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    # "været ville bli bedre" is in paragraphs 2 and 4: take the second.
    select(window, "været ville bli bedre", occurrence=2)
    selected = window.reader.textCursor().selectionStart()
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    text = harness.library.get(article_id).text
    assert stored.start == text.rindex("været ville bli bedre")
    ((start, _end, _),) = drawn(window)
    assert start == selected
    # After a restart, still the second.
    window.close()
    harness.window = window = harness.new_window()
    open_article(harness, article_id)
    ((start, _end, _),) = drawn(window)
    assert start == selected


def test_a_selection_across_two_paragraphs(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    raw = window.reader.document().toRawText()
    start = raw.index("ingen trodde ham.")
    end = raw.index("På kaia sto") + len("På kaia sto")
    select_span(window, start, end)
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert stored.quote == "ingen trodde ham.\n\nPå kaia sto"
    ((a, b, _),) = drawn(window)
    assert (a, b) == (start, end)


# --- notes -----------------------------------------------------------------------------------
def test_n_on_a_selection_makes_the_highlight_with_its_note_and_cancel_makes_nothing(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "en gutt")
    press(harness, Qt.Key.Key_N)
    dialog = note_dialog(harness)
    harness.qtbot.keyClicks(dialog.editor, "Hvem var han?")
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    # Typed text is not dropped silently: Escape asks, and Discard drops it.
    dialog.question.button(dialog.question.StandardButton.Discard).click()
    assert window.highlights.note_dialog is None
    harness.settle()
    assert harness.library.notebook.of_article(article_id) == []

    select(window, "en gutt")
    press(harness, Qt.Key.Key_N)
    dialog = note_dialog(harness)
    harness.qtbot.keyClicks(dialog.editor, "Hvem var han?")
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert (stored.quote, stored.note) == ("en gutt", "Hvem var han?")
    # Hovering it shows the note.
    assert window.highlights.highlight_at(_point_in(window, stored.id)).note == "Hvem var han?"

    # An empty note is no note.
    window.highlights.select(stored.id)
    press(harness, Qt.Key.Key_N)
    dialog = note_dialog(harness)
    assert dialog.editor.toPlainText() == "Hvem var han?"
    dialog.editor.selectAll()
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Delete)
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(lambda: harness.library.notebook.get(stored.id).note == "")


def test_n_with_nothing_selected_edits_the_articles_own_note(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    cursor = window.reader.textCursor()
    cursor.clearSelection()
    window.reader.setTextCursor(cursor)
    press(harness, Qt.Key.Key_N)
    dialog = note_dialog(harness)
    assert dialog.editor.toPlainText() == ""
    harness.qtbot.keyClicks(dialog.editor, "Les igjen før turen nordover.")
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.article_note(article_id) == "Les igjen før turen nordover."
    )
    assert harness.library.notebook.of_article(article_id) == []


# --- selecting and removing --------------------------------------------------------------------
def _point_in(window: MainWindow, highlight_id: int) -> QPoint:
    start, end = window.highlights.spans[highlight_id]
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition((start + end) // 2)
    rect = window.reader.cursorRect(cursor)
    return QPoint(rect.center().x() + 2, rect.center().y())


def test_click_selects_a_highlight_delete_removes_it_and_undo_brings_it_back(harness):
    window = harness.window
    article_id = save(harness.library)
    other = save(harness.library, n=2)
    open_article(harness, article_id)
    select(window, "blåbær i små kurver")
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    viewport = window.reader.viewport()
    harness.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_point_in(window, stored.id))
    harness.qtbot.waitUntil(lambda: window.highlights.current_highlight_id == stored.id)
    # Drawn stronger than its colour.
    ((_, _, color),) = drawn(window)
    assert color != highlight_colors.shade("yellow", False).name()

    window.reader.setFocus()
    press(harness, Qt.Key.Key_Delete)
    wait_count(harness, article_id, 0)
    assert drawn(window) == []
    # The article is still there, and still shown.
    assert harness.library.count("all") == 2 and window.reader.article.id == article_id
    assert window.banner.isVisible() and "blåbær i små kurver" in window.banner.label.text()

    press(harness, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_count(harness, article_id, 1)
    assert harness.library.notebook.of_article(article_id) == [stored]
    assert drawn_text(window) == ["blåbær i små kurver"]
    assert [s.id for s in harness.library.summaries([article_id, other])] == [article_id, other]


def test_escape_unselects_and_delete_without_a_selected_highlight_is_the_articles(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "kald morgen")
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert window.highlights.show_highlight(stored.id)
    assert window.highlights.current_highlight_id == stored.id
    press(harness, Qt.Key.Key_Escape)
    assert window.highlights.current_highlight_id is None
    press(harness, Qt.Key.Key_Delete)
    # Delete now deletes the article (with Undo), and the highlight stays with it.
    assert window.reader.article is None
    assert len(harness.library.notebook.of_article(article_id)) == 1
    window.undo.undo()


# --- drawing in every theme, and changes from elsewhere --------------------------------------
def test_a_theme_switch_draws_them_in_the_dark_shade_and_zoom_keeps_them(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "ferja la til kai")
    window.highlights.highlight("blue")
    wait_count(harness, article_id, 1)
    window.reader.set_theme("dark")
    QApplication.processEvents()
    ((_, _, color),) = drawn(window)
    assert color == highlight_colors.shade("blue", True).name()
    assert drawn_text(window) == ["ferja la til kai"]
    window.reader.zoom(2)
    assert drawn_text(window) == ["ferja la til kai"]
    window.reader.set_theme("light")
    QApplication.processEvents()
    ((_, _, color),) = drawn(window)
    assert color == highlight_colors.shade("blue", False).name()


def test_highlights_go_under_the_find_marks(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "solgte blåbær")
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    window.reader.find_in_article("blåbær")
    # The highlight is the passage's own background; the find marks are drawn over
    # the document (extra selections), the one inside the highlight included.
    assert drawn_text(window) == ["solgte blåbær"]
    marks = [s.cursor.selectedText() for s in window.reader.extraSelections()]
    assert marks and set(marks) == {"blåbær"}
    highlight_start = drawn(window)[0][0]
    assert any(s.cursor.selectionStart() > highlight_start for s in window.reader.extraSelections())
    window.reader.end_find()
    assert drawn_text(window) == ["solgte blåbær"]
    assert window.reader.extraSelections() == []


def test_a_highlight_added_elsewhere_shows_in_the_open_article(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    changed: list[int] = []
    window.highlights.changed.connect(changed.append)
    # Another program (`newsreader highlight`) on its own connection.
    other = Library(harness.library.paths.root)
    try:
        other.notebook.add_quote(article_id, "gutt og solgte", color="red", note="Fra terminalen")
    finally:
        other.close()
    harness.qtbot.waitUntil(lambda: drawn_text(window) == ["gutt og solgte"], timeout=10_000)
    assert changed == [article_id]
    assert drawn(window)[0][2] == highlight_colors.shade("red", False).name()


def test_show_highlight_opens_its_article_and_scrolls_to_it(harness):
    window = harness.window
    long = (*(f"Avsnitt {i}: " + "ord " * 60 for i in range(40)), "Helt til slutt her.")
    article_id = save(harness.library, long)
    first = save(harness.library, n=2)
    stored = harness.library.notebook.add_quote(article_id, "Helt til slutt")
    open_article(harness, first)
    assert window.highlights.show_highlight(stored.id)
    assert window.reader.article.id == article_id
    assert window.highlights.current_highlight_id == stored.id
    assert window.reader.verticalScrollBar().value() > 0
    start, _ = window.highlights.spans[stored.id]
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start)
    assert window.reader.viewport().rect().contains(window.reader.cursorRect(cursor).center())
    assert not window.highlights.show_highlight(999_999)


# --- the bar over a selection -------------------------------------------------------------------
def test_the_bar_appears_over_a_mouse_selection_and_its_colours_work(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    reader, viewport = window.reader, window.reader.viewport()
    raw = reader.document().toRawText()
    start = raw.index("Kapteinen")
    end = start + len("Kapteinen sa")
    points = []
    for position in (start, end):
        cursor = QTextCursor(reader.document())
        cursor.setPosition(position)
        points.append(reader.cursorRect(cursor).center())
    qtbot = harness.qtbot
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=points[0])
    qtbot.mouseMove(viewport, points[1])
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=points[1])
    bar = window.highlights.bar
    qtbot.waitUntil(bar.isVisible)
    assert reader.textCursor().selectedText().startswith("Kapteinen")
    # Over the selection, inside the reader.
    assert bar.geometry().bottom() < reader.viewport().mapTo(reader, points[0]).y()
    assert reader.rect().contains(bar.geometry())
    qtbot.mouseClick(bar.color_buttons["green"], Qt.MouseButton.LeftButton)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert stored.color == "green" and stored.quote.startswith("Kapteinen")
    assert not bar.isVisible()
    assert window.settings.value(COLOR_SETTING) == "green"

    # Hidden on Escape, and when the selection goes.
    select(window, "På kaia")
    window.highlights.show_bar()
    assert bar.isVisible()
    press(harness, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    window.highlights.show_bar()
    cursor = reader.textCursor()
    cursor.clearSelection()
    reader.setTextCursor(cursor)
    assert not bar.isVisible()


def test_a_drag_that_ends_inside_a_word_highlights_the_whole_word(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    raw = window.reader.document().toRawText()
    start = raw.index("apteinen sa")  # from inside "Kapteinen"
    end = raw.index("været ville") + len("vær")  # to inside "været"
    select_span(window, start, end)
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    assert harness.library.notebook.of_article(article_id)[0].quote == "Kapteinen sa at været"


def test_the_context_menu_highlights_a_selection_and_recolours_a_highlight(harness):
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "en gutt")
    cursor = window.reader.textCursor()
    rect = window.reader.cursorRect(cursor)
    show_reader_context_menu(window, rect.center())
    (highlight_menu,) = [a.menu() for a in window.reader_menu.actions() if a.menu()]
    assert [a.text() for a in highlight_menu.actions()] == ["Yellow", "Green", "Blue", "Red"]
    highlight_menu.actions()[2].trigger()
    window.reader_menu.close()
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert stored.color == "blue"

    # On the highlight: its colour, checked, can be changed; it is selected.
    show_reader_context_menu(window, _point_in(window, stored.id))
    assert window.highlights.current_highlight_id == stored.id
    (colors,) = [a.menu() for a in window.reader_menu.actions() if a.menu()]
    assert [a.isChecked() for a in colors.actions()] == [False, False, True, False]
    colors.actions()[3].trigger()
    window.reader_menu.close()
    harness.qtbot.waitUntil(lambda: harness.library.notebook.get(stored.id).color == "red")
    harness.settle()
    texts = [a.text() for a in window.reader_menu.actions()]
    assert "Remove highlight" in texts
    (remove,) = [a for a in window.reader_menu.actions() if a.text() == "Remove highlight"]
    remove.trigger()
    wait_count(harness, article_id, 0)


def test_an_article_saved_again_does_not_take_a_removed_highlights_undo(harness):
    # PendingUndo.forget(article_id) runs when an article whose delete waits is saved
    # again; a removed highlight's entry holds highlight ids, which may equal it.
    window = harness.window
    article_id = save(harness.library)
    open_article(harness, article_id)
    select(window, "kald morgen")
    press(harness, Qt.Key.Key_H)
    wait_count(harness, article_id, 1)
    (stored,) = harness.library.notebook.of_article(article_id)
    assert stored.id == article_id == 1
    window.highlights.select(stored.id)
    press(harness, Qt.Key.Key_Delete)
    wait_count(harness, article_id, 0)
    window.undo.forget(article_id)
    assert window.undo.can_undo
    press(harness, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_count(harness, article_id, 1)


LONG = tuple(
    f"Avsnitt {i}: det var en kald morgen i Tromsø da ferja la til kai, og kapteinen sa at "
    f"været ville bli bedre. Slutt {i}."
    for i in range(80)
)


def _top_of(window: MainWindow, words: str) -> int:
    found = window.reader.document().find(words)
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart())
    return window.reader.cursorRect(cursor).top()


@pytest.mark.parametrize("change", ["remove", "recolour", "note"])
def test_changing_a_highlight_keeps_the_reader_where_it_was(harness, change):
    window = harness.window
    book = harness.library.notebook
    article_id = save(harness.library, paragraphs=LONG)
    text = harness.library.get(article_id).text
    for i in (40, 41, 60):
        start = text.index(f"Slutt {i}.")
        book.add(article_id, start, start + len(f"Slutt {i}."))
    open_article(harness, article_id)
    first = book.of_article(article_id)[0]
    assert window.highlights.show_highlight(first.id)
    window.reader.find_in_article("Tromsø")  # find's place: the text cursor
    harness.qtbot.wait(300)  # the pane settles its layout
    before, cursor = _top_of(window, "Slutt 41."), window.reader.textCursor().position()
    if change == "remove":
        window.highlights.remove(first)
    elif change == "recolour":
        window.highlights.set_color(first, "blue")
    else:
        window.highlights.edits.set_note(first, "Ny merknad")
    harness.settle()
    harness.qtbot.wait(200)
    assert abs(_top_of(window, "Slutt 41.") - before) <= 2
    assert window.reader.textCursor().position() == cursor
