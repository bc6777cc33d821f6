"""The Highlights view (Ctrl+6): every highlight of the library, newest first, filtered
by colour and tag, searched with the toolbar's field, each opening its article at the
passage. Real library, real window, keys and clicks as a person uses them.
"""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

from PySide6.QtCore import Qt

from newsreader.ui.highlight_delegate import LibraryHighlightRole
from tests.test_notebook_panel import PARAGRAPHS, save_article, selected_text
from tests.test_window import WAIT_MS, harness, press  # noqa: F401 - the fixture

CTRL = Qt.KeyboardModifier.ControlModifier


def rows(view) -> list[str]:
    """The quotes of the view's rows, top to bottom."""
    model = view.model
    return [
        model.index(r).data(LibraryHighlightRole).highlight.quote for r in range(model.rowCount())
    ]


def make_library(library):
    """Three articles with highlights made at known times (as an import keeps them)."""
    school = save_article(library, 1, PARAGRAPHS, "Bær og skole", tags=("skole",))
    north = save_article(
        library,
        2,
        ["Nordlyset over Tromsø var sterkt i natt.", "Mange sto ute i kulda og så på det."],
        "Nordlys i Tromsø",
        tags=("natur",),
    )
    plain = save_article(library, 3, ["Et stykke om sjøørret i Østfold."], "Sjøørret")
    book = library.notebook
    book.add_quote(
        school, "Blåbærene i Trøndelag", color="green", created_at="2026-01-01T10:00:00+00:00"
    )
    book.add_quote(
        north,
        "Nordlyset over Tromsø",
        color="blue",
        note="Se bildet",
        created_at="2026-02-01T10:00:00+00:00",
    )
    book.add_quote(
        school,
        "skriver rektor i et brev",
        color="red",
        note="Om mobbingen på skolen",
        created_at="2026-03-01T10:00:00+00:00",
    )
    book.add_quote(plain, "sjøørret i Østfold", created_at="2026-04-01T10:00:00+00:00")
    return school, north, plain


def test_ctrl_6_shows_every_highlight_newest_first_and_ctrl_4_goes_back(harness, library):
    make_library(library)
    window = harness.window
    articles = window.articles
    press(harness.qtbot, window, Qt.Key.Key_6, CTRL)
    assert articles.view_id() == "highlights"
    assert articles.pages.currentWidget() is articles.highlights
    assert articles.highlights.list.isVisible() and not window.list.isVisible()
    assert window.view_combo.currentText() == "Highlights"
    assert rows(articles.highlights) == [
        "sjøørret i Østfold",
        "skriver rektor i et brev",
        "Nordlyset over Tromsø",
        "Blåbærene i Trøndelag",
    ]
    assert window.count_label.text() == "4 highlights"
    assert not window.order_combo.isEnabled()  # always newest first
    # Each row carries its article's title and site for the delegate to paint.
    item = articles.highlights.model.index(2).data(LibraryHighlightRole)
    assert (item.title, item.site, item.highlight.note) == (
        "Nordlys i Tromsø",
        "Eksempel",
        "Se bildet",
    )

    press(harness.qtbot, window, Qt.Key.Key_4, CTRL)
    assert articles.view_id() == "all"
    assert window.list.isVisible() and not articles.highlights.isVisible()
    assert sorted(harness.row_titles()) == ["Bær og skole", "Nordlys i Tromsø", "Sjøørret"]
    assert window.count_label.text() == "3 articles"
    assert window.order_combo.isEnabled()

    # Remembered as an identifier across a restart.
    harness.show_view("highlights")
    window.close()
    window = harness.window = harness.new_window()
    assert window.articles.view_id() == "highlights"
    assert window.articles.highlights.isVisible()
    assert window.count_label.text() == "4 highlights"


def test_filters_by_colour_and_by_tag(harness, library):
    make_library(library)
    window = harness.window
    harness.show_view("highlights")
    view = window.articles.highlights
    colors = view.color_combo
    assert [colors.itemText(i) for i in range(colors.count())] == [
        "All colours", "Yellow", "Green", "Blue", "Red",
    ]  # fmt: skip
    colors.setCurrentIndex(colors.findData("red"))
    assert rows(view) == ["skriver rektor i et brev"]
    assert window.count_label.text() == "1 highlight"
    colors.setCurrentIndex(colors.findData("yellow"))
    assert rows(view) == ["sjøørret i Østfold"]
    colors.setCurrentIndex(colors.findData("blue"))
    tags = view.tag_combo
    tags.setCurrentIndex(tags.findData("skole"))
    assert rows(view) == []
    assert view.empty_label.isVisible() and view.empty_label.text() == "No highlights match."
    assert window.count_label.text() == "0 highlights"
    colors.setCurrentIndex(0)
    assert rows(view) == ["skriver rektor i et brev", "Blåbærene i Trøndelag"]
    assert [tags.itemText(i) for i in range(tags.count())] == ["All tags", "#natur", "#skole"]

    # A tag added elsewhere appears in the chooser; a highlight added elsewhere in the list.
    north = library.search_ids("Nordlyset")[0][0]
    library.set_tags(north, ["natur", "skole"])
    library.notebook.add_quote(north, "så på det", color="green")
    harness.qtbot.waitUntil(lambda: len(rows(view)) == 4, timeout=WAIT_MS)
    assert rows(view)[0] == "så på det"


def test_the_search_field_finds_an_inflected_word_in_a_note_and_in_a_title(harness, library):
    make_library(library)
    window = harness.window
    harness.show_view("highlights")
    view = window.articles.highlights
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "mobbing")
    harness.qtbot.waitUntil(lambda: len(rows(view)) == 1, timeout=WAIT_MS)
    # Only the note says "mobbingen".
    assert rows(view) == ["skriver rektor i et brev"]
    assert window.count_label.text() == "1 highlight"
    # A word of an article's title finds its highlights; every word must be there.
    window.search.setText("nordlys tromsø")
    window.articles.run_search()
    assert rows(view) == ["Nordlyset over Tromsø"]
    window.search.setText("nordlys skolen")
    window.articles.run_search()
    assert rows(view) == []
    # Escape clears the search: every highlight again, and the keys go to its list.
    window.activateWindow()
    harness.qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.search.setFocus()
    press(harness.qtbot, window.search, Qt.Key.Key_Escape)
    assert len(rows(view)) == 4
    assert view.list.hasFocus()
    # The article list searches as before once another view is chosen.
    window.search.setText("sjøørret")
    window.articles.run_search()
    press(harness.qtbot, window, Qt.Key.Key_4, CTRL)
    harness.wait_searched()
    assert harness.row_titles() == ["Sjøørret"]


def test_opening_a_row_shows_its_article_with_the_passage_selected(harness, library):
    school, north, _ = make_library(library)
    window = harness.window
    harness.show_view("highlights")
    view = window.articles.highlights
    view.list.setFocus()
    # Enter on the second row: the passage near the middle of a long article.
    view.list.setCurrentIndex(view.model.index(1))
    press(harness.qtbot, view.list, Qt.Key.Key_Return)
    assert window.current.id == school
    assert selected_text(window.reader) == "skriver rektor i et brev"
    assert window.reader.verticalScrollBar().value() > 0
    assert window.articles.view_id() == "highlights"  # the view stays

    # A double-click on another opens that one.
    index = view.model.index(2)
    where = view.list.visualRect(index).center()
    harness.qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    harness.qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.current.id == north
    assert selected_text(window.reader) == "Nordlyset over Tromsø"
    # J moves to the next highlight and opens it.
    press(harness.qtbot, view.list, Qt.Key.Key_J)
    assert window.current.id == school
    assert selected_text(window.reader) == "Blåbærene i Trøndelag"
    # From a short article to a long one the reader lays out again once its scroll bar
    # comes: the passage stays selected.
    harness.qtbot.wait(400)
    assert selected_text(window.reader) == "Blåbærene i Trøndelag"


def test_a_lost_highlight_opens_its_article_with_the_notebook_shown(harness, library):
    school, _, _ = make_library(library)
    lost = library.notebook.add_quote(
        school, "et sitat som aldri sto der", note="Fra boka", keep_lost=True
    )
    window = harness.window
    assert not window.notebook.isVisible()
    harness.show_view("highlights")
    view = window.articles.highlights
    row = view.model.row_of(lost.id)
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(row))
    press(harness.qtbot, view.list, Qt.Key.Key_Return)
    assert window.current.id == school
    assert window.notebook.isVisible() and window.actions_["notebook"].isChecked()
    assert window.notebook.selected().id == lost.id
    assert not window.reader.textCursor().hasSelection()
    assert window.statusBar().currentMessage() == "This passage is no longer found in the article."
