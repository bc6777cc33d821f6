"""Highlights through the window's own paths: a re-fetch from the toolbar that changes
the page, and deleting an article (its highlights wait for the Undo window)."""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

from PySide6.QtCore import Qt

from newsreader.ui.note_dialog import NoteDialog
from tests.test_highlights_library import PARAGRAPHS, PASSAGE, page, span
from tests.test_window import WAIT_MS, harness, press  # noqa: F401 - the fixture

OTHER = PARAGRAPHS[2][:60].strip()


def saved_with_highlights(harness, server):
    url = server.page("/nyheter/mobbing", page(PARAGRAPHS))
    harness.type_and_save(url)
    harness.wait_saved()
    window = harness.window
    article_id = harness.library.ids()[0]
    text = harness.library.get(article_id).text
    book = harness.library.notebook
    first = book.add(article_id, *span(text, PASSAGE), note="Kilde?")
    second = book.add(article_id, *span(text, OTHER), color="green")
    window.show_article_id(article_id)
    harness.qtbot.waitUntil(lambda: len(window.highlights.spans) == 2, timeout=WAIT_MS)
    return url, article_id, first, second


def passage_shown(window, highlight_id: int) -> str:
    start, end = window.highlights.spans[highlight_id]
    raw = window.reader.document().toRawText()
    return raw[start:end]  # these pages have no characters outside the BMP


def test_a_refetch_from_the_window_places_the_highlights_in_the_new_text(harness, server):
    _, article_id, first, second = saved_with_highlights(harness, server)
    window = harness.window
    window.actions_["notebook"].setChecked(True)
    # The page now starts with an update note, and the first passage is gone.
    changed = ["Oppdatert: saken er endret.", PARAGRAPHS[0], *PARAGRAPHS[2:]]
    server.page("/nyheter/mobbing", page(changed))
    press(harness.qtbot, window.reader, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.get(first.id).anchoring == "lost", timeout=WAIT_MS
    )
    harness.qtbot.waitUntil(
        lambda: window.reader.article.text.startswith("Oppdatert"), timeout=WAIT_MS
    )
    moved = harness.library.notebook.get(second.id)
    new_text = harness.library.get(article_id).text
    assert moved.start != second.start and moved.anchoring == "quote"
    assert new_text[moved.start : moved.end] == OTHER
    harness.qtbot.waitUntil(lambda: set(window.highlights.spans) == {second.id}, timeout=WAIT_MS)
    assert passage_shown(window, second.id) == OTHER
    # The lost one is kept, listed in the notebook with its note.
    harness.qtbot.waitUntil(
        lambda: any(
            not item.found and item.note == "Kilde?" for item in window.notebook.model.highlights
        ),
        timeout=WAIT_MS,
    )


def test_an_articles_highlights_wait_for_its_undo_window(harness, server):
    _, article_id, first, second = saved_with_highlights(harness, server)
    window = harness.window
    window.list.setFocus()
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    assert window.banner.isVisible()
    assert "and its 2 highlights" in window.banner.label.text()  # they go with it
    assert harness.library.notebook.count() == 2  # nothing gone yet
    harness.qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
    harness.settle()
    assert [h.id for h in harness.library.notebook.of_article(article_id)] == [
        first.id,
        second.id,
    ]
    window.list.setFocus()
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    window.undo.commit_all()  # what the timer (or closing the window) does
    harness.settle()
    assert harness.library.notebook.count() == 0
    assert harness.library.search_ids("kilde") == []


def test_delete_in_the_notebook_removes_the_highlight_not_the_article(harness, server):
    _, article_id, first, second = saved_with_highlights(harness, server)
    window = harness.window
    window.actions_["notebook"].setChecked(True)
    panel = window.notebook
    harness.qtbot.waitUntil(lambda: panel.model.row_of(first.id) is not None, timeout=WAIT_MS)
    index = panel.model.index(panel.model.row_of(first.id))
    panel.list.setFocus()  # as the click gives it (offscreen, a click does not)
    harness.qtbot.mouseClick(
        panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(index).center()
    )
    harness.qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    harness.settle()
    assert article_id not in window.model.hidden
    assert [h.id for h in harness.library.notebook.of_article(article_id)] == [second.id]
    window.actions_["undo"].trigger()
    harness.settle()
    assert {h.id for h in harness.library.notebook.of_article(article_id)} == {first.id, second.id}


def test_delete_in_the_highlights_view_removes_the_highlight_not_the_article(harness, server):
    _, article_id, first, second = saved_with_highlights(harness, server)
    window = harness.window
    harness.show_view("highlights")
    view = window.articles.highlights
    harness.qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    view.list.setFocus()
    harness.qtbot.keyClick(view.list, Qt.Key.Key_J)  # opens a row's article
    chosen = view.current().highlight
    assert window.reader.article.id == article_id
    harness.qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    harness.settle()
    assert article_id not in window.model.hidden
    left = {first.id, second.id} - {chosen.id}
    assert {h.id for h in harness.library.notebook.of_article(article_id)} == left
    harness.qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT_MS)


def test_an_article_waiting_for_undo_leaves_the_highlights_view_and_comes_back(harness, server):
    _, article_id, _first, _second = saved_with_highlights(harness, server)
    window = harness.window
    harness.show_view("highlights")
    view = window.articles.highlights
    harness.qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    window.commands.delete()  # the article in the reader, as Delete there does
    assert article_id in window.model.hidden
    harness.qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=WAIT_MS)
    window.actions_["undo"].trigger()
    harness.qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)


def test_a_new_version_saved_elsewhere_is_shown_before_its_highlights(harness, server):
    _, article_id, first, second = saved_with_highlights(harness, server)
    window = harness.window
    old = harness.library.get(article_id)
    # Another program (here: another connection) saves a version with a line before.
    changed = ["Oppdatert: saken er endret.", *PARAGRAPHS]
    server.page("/nyheter/mobbing", page(changed))
    from newsreader.saver import Saver

    with Saver(harness.library, workers=1) as other:
        assert other.save(old.url).ok
    harness.qtbot.waitUntil(
        lambda: window.reader.article.text.startswith("Oppdatert"), timeout=WAIT_MS
    )
    harness.qtbot.waitUntil(lambda: len(window.highlights.spans) == 2, timeout=WAIT_MS)
    for highlight in (first, second):
        assert passage_shown(window, highlight.id).replace("\u2029", "\n\n") == highlight.quote


def test_a_highlight_placed_approximately_says_so_and_n_in_the_notebook_edits_its_note(
    harness, server
):
    _, _, first, _second = saved_with_highlights(harness, server)
    window = harness.window
    window.actions_["notebook"].setChecked(True)
    edited = [p.replace("nesten seks prosent", "rundt sju prosent") for p in PARAGRAPHS]
    server.page("/nyheter/mobbing", page(edited))
    press(harness.qtbot, window.reader, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.get(first.id).anchoring == "fuzzy", timeout=WAIT_MS
    )
    panel = window.notebook
    harness.qtbot.waitUntil(
        lambda: any(h.anchoring == "fuzzy" for h in panel.model.highlights), timeout=WAIT_MS
    )
    row = panel.model.index(panel.model.row_of(first.id))
    assert panel.list.itemDelegate().detail(row) == "placed approximately"
    # N with the highlight chosen in the Notebook edits its note (the list has focus).
    panel.list.setFocus()
    panel.list.setCurrentIndex(row)
    harness.qtbot.keyClick(panel.list, Qt.Key.Key_N)
    dialog = next(d for d in window.findChildren(NoteDialog) if d.isVisible())
    dialog.editor.setPlainText("Kilden er Elevundersøkelsen")
    harness.qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(
        lambda: harness.library.notebook.get(first.id).note == "Kilden er Elevundersøkelsen",
        timeout=WAIT_MS,
    )
