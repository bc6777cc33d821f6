"""Issue 13, item 2: the article in the reader is the current article everywhere.

Whatever way an article came into the reader, the keys (S, E, U, Delete…) act on it,
not on a row the list kept selected; the list selects the shown article when it holds
it, and nothing else. A selection the person made in the list acts as a whole while
the list has focus. Real library, real window, real keys.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl

from newsreader.ui import app as app_module
from newsreader.ui.main_window import MainWindow
from tests.test_library import content
from tests.test_window import harness, press  # noqa: F401  (the fixture)

SHOWN_WORD = "kvitfisk"  # only in the article the test shows


def _fill(h) -> dict[str, int]:
    """Four articles, newest first in the list: Tittel 3 (the one first clicked, A),
    Tittel 2, Tittel 1 (the one then shown, B, archived unless in_view), Tittel 0."""
    library = h.library
    ids = [
        library.save(
            content(i, text=f"Artikkel {i} om {SHOWN_WORD} og Tromsø." if i == 1 else None)
        ).article_id
        for i in range(4)
    ]
    return {"A": ids[3], "B": ids[1], "other": ids[2]}


def _url(n: int) -> str:
    return f"https://example.no/a/{n}"


def _choose_view(window, text: str) -> None:
    window.view_combo.setCurrentIndex(window.view_combo.findText(text))


def _click(h, article_id: int) -> None:
    row = h.window.model.row_of(article_id)
    h.window.list.setFocus()
    h.click_row(row)


def _restart(h, last: int) -> MainWindow:
    """Quit, and start again with ``last`` as the article open when the app quit."""
    h.window.close()
    h.settle()
    settings = QSettings(str(h.settings_path), QSettings.Format.IniFormat)
    settings.setValue("reader/lastArticle", last)
    again = MainWindow(h.library, h.queue, settings, open_external=lambda u: None)
    h.qtbot.addWidget(again)
    h.window = again
    again.resize(1100, 700)
    again.show()
    h.qtbot.waitExposed(again)
    again.activateWindow()  # keys go to the active window, as for a person
    h.qtbot.waitUntil(again.isActiveWindow)
    return again


# Each way of showing article B. B is archived (not in the Unread view) for the ways
# that work from anywhere, and in view for the ways that go through the list.
def paste_link(h, ids):
    h.type_and_save(_url(1))


def search_enter_escape(h, ids):
    window = h.window
    window.search.setFocus()
    h.qtbot.keyClicks(window.search, SHOWN_WORD)
    press(h.qtbot, window.search, Qt.Key.Key_Return)
    h.wait_searched()
    assert window.reader.article.id == ids["B"]
    press(h.qtbot, window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""


def restore_at_start(h, ids):
    _restart(h, ids["B"])


def save_link_from_reader(h, ids):
    h.window.links.save(QUrl(_url(1)))


def hand_over(h, ids):
    app_module._receive(h.window, [_url(1)])


def click_row(h, ids):
    _click(h, ids["B"])


def key_j(h, ids):
    _click(h, ids["other"])  # the row above B
    press(h.qtbot, h.window.list, Qt.Key.Key_J)


WAYS = [
    (paste_link, False),
    (search_enter_escape, False),
    (restore_at_start, False),
    (save_link_from_reader, False),
    (hand_over, False),
    (paste_link, True),
    (search_enter_escape, True),
    (click_row, True),
    (key_j, True),
]


def _state(h, article_id):
    return h.library.summaries([article_id])[0]


@pytest.mark.parametrize(("way", "in_view"), WAYS, ids=lambda w: getattr(w, "__name__", str(w)))
def test_after_every_way_of_showing_an_article_the_actions_hit_it(harness, way, in_view):  # noqa: F811
    h = harness
    ids = _fill(h)
    window = h.window
    if in_view:
        _choose_view(window, "All")
    else:
        h.library.set_state_many([ids["B"]], "archived")
    window.model.reload()
    _click(h, ids["A"])  # the list has a row selected: A, open
    assert window.reader.article.id == ids["A"]

    way(h, ids)
    window = h.window
    assert window.reader.article is not None and window.reader.article.id == ids["B"]
    # The list selects the shown article if it holds it, else nothing at all.
    model = window.model
    selected = [model.article_id_at(i.row()) for i in window.list.selectionModel().selectedRows()]
    assert selected == ([ids["B"]] if in_view else [])

    # S with the list focused, then S again and E from the reader: all on B.
    window.list.setFocus()
    press(h.qtbot, window.list, Qt.Key.Key_S)
    h.settle()
    assert _state(h, ids["B"]).favorite and not _state(h, ids["A"]).favorite
    window.reader.setFocus()
    press(h.qtbot, window.reader, Qt.Key.Key_S)
    h.settle()
    assert not _state(h, ids["B"]).favorite
    before = _state(h, ids["B"]).state
    press(h.qtbot, window.reader, Qt.Key.Key_E)
    h.settle()
    assert _state(h, ids["B"]).state == ("unread" if before == "archived" else "archived")
    assert _state(h, ids["A"]).state == "unread" and not _state(h, ids["A"]).favorite
    assert all(_state(h, ids[k]).state == "unread" for k in ("A", "other"))


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_U])
def test_delete_and_mark_unread_after_a_pasted_link_hit_the_shown_article(harness, key):  # noqa: F811
    h = harness
    ids = _fill(h)
    h.library.set_state_many([ids["B"]], "archived")
    h.library.mark_read(ids["B"])
    window = h.window
    window.model.reload()
    _click(h, ids["A"])
    h.type_and_save(_url(1))
    window.list.setFocus()
    press(h.qtbot, window.list, key)
    if key == Qt.Key.Key_Delete:
        # B is gone from the reader; A is still in the list.
        assert window.reader.article is None or window.reader.article.id != ids["B"]
        assert window.model.row_of(ids["A"]) is not None
        window.undo.commit_all()  # what the undo time running out does
    h.settle()
    if key == Qt.Key.Key_Delete:
        assert h.library.summaries([ids["B"]]) == []
        assert len(h.library.summaries([ids["A"]])) == 1
    else:
        assert _state(h, ids["B"]).read_at is None
        assert _state(h, ids["A"]).read_at is None  # opened for less than 3 s: untouched


def test_a_selection_made_in_the_list_acts_whole_only_while_the_list_has_focus(harness):  # noqa: F811
    h = harness
    ids = _fill(h)
    window = h.window
    window.model.reload()
    _click(h, ids["A"])
    second = window.model.row_of(ids["other"])
    h.qtbot.mouseClick(
        window.list.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        window.list.visualRect(window.model.index(second)).center(),
    )
    shown = window.reader.article.id
    press(h.qtbot, window.list, Qt.Key.Key_S)
    h.settle()
    assert _state(h, ids["A"]).favorite and _state(h, ids["other"]).favorite
    # From the reader, S is about the article in it only.
    window.reader.setFocus()
    press(h.qtbot, window.reader, Qt.Key.Key_S)
    h.settle()
    assert not _state(h, shown).favorite
    others = [i for i in (ids["A"], ids["other"]) if i != shown]
    assert all(_state(h, i).favorite for i in others)


def test_with_no_article_shown_the_commands_are_off_and_say_why(harness):  # noqa: F811
    h = harness
    ids = _fill(h)
    window = h.window
    window.model.reload()
    _click(h, ids["A"])
    press(h.qtbot, window.list, Qt.Key.Key_Delete)  # the next article opens
    window.reader.setFocus()
    window.reader.show_placeholder("nothing")
    window.current.clear("Nothing open.")
    for name in ("archive", "favorite", "toggle_read", "tags", "delete", "copy_link"):
        assert not window.actions_[name].isEnabled(), name
    window.commands.toggle_favorite()
    assert window.statusBar().currentMessage() == (
        "No article is open: choose one in the list first."
    )
    h.settle()
    assert not any(s.favorite for s in h.library.summaries(list(ids.values())))


# --- a selection that is not the article on screen (review of issue 13) ----------------------
def _click_row(h, article_id: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    w = h.window
    index = w.model.index(w.model.row_of(article_id))
    w.list.setFocus()
    h.qtbot.mouseClick(
        w.list.viewport(), Qt.MouseButton.LeftButton, modifier, w.list.visualRect(index).center()
    )


@pytest.mark.parametrize("key, field", [(Qt.Key.Key_S, "favorite"), (Qt.Key.Key_E, "state")])
def test_a_lone_selected_row_that_is_not_on_screen_is_not_acted_on(harness, key, field):  # noqa: F811
    """Click A, Ctrl+click B (B opens), Ctrl+click B again (only A stays selected, B
    stays in the reader): a key acts on B, the article the person sees."""
    h = harness
    a, b, other = (h.library.save(content(i, title=f"Sak {i}")).article_id for i in range(3))
    h.window.model.reload()
    _click_row(h, a)
    _click_row(h, b, Qt.KeyboardModifier.ControlModifier)
    h.qtbot.waitUntil(lambda: h.window.current.id == b)
    _click_row(h, b, Qt.KeyboardModifier.ControlModifier)
    assert h.window.articles.selected_ids() == [a] and h.window.current.id == b
    press(h.qtbot, h.window.list, key)
    h.settle()
    changed = {
        i: getattr(h.library.summaries([i])[0], field) not in (False, "unread") for i in (a, b)
    }
    assert changed == {a: False, b: True}
    assert not getattr(h.library.summaries([other])[0], field) not in (False, "unread")


def test_several_selected_rows_are_still_acted_on_together(harness):  # noqa: F811
    h = harness
    a, b, c = (h.library.save(content(i, title=f"Sak {i}")).article_id for i in range(3))
    h.window.model.reload()
    _click_row(h, a)
    _click_row(h, c, Qt.KeyboardModifier.ControlModifier)
    assert sorted(h.window.articles.selected_ids()) == sorted([a, c])
    press(h.qtbot, h.window.list, Qt.Key.Key_S)
    h.settle()
    assert {i: h.library.summaries([i])[0].favorite for i in (a, b, c)} == {
        a: True,
        b: False,
        c: True,
    }


def test_one_click_on_a_row_opens_it_once(harness):  # noqa: F811
    """A click changes both the current row and the selection: the row is shown once
    (one error message, not two, if it could not be)."""
    h = harness
    urls = ["ftp://example.no/sak.html", "ftp://example.no/annen.html"]
    h.window.save_urls(urls)  # both fail at once, with a reason
    h.qtbot.waitUntil(
        lambda: all(p.failed for p in h.window.model.pending) and len(h.window.model.pending) == 2
    )
    article = h.library.save(content(1, title="Sak")).article_id
    chosen: list[object] = []
    h.window.articles.pendingChosen.connect(chosen.append)
    h.window.articles.articleChosen.connect(chosen.append)
    h.show_saves()
    for row in (0, 1, 0):
        h.click_row(row)
    assert chosen == [h.window.model.pending_at(r).url for r in (0, 1, 0)]
    h.show_view("unread")
    chosen.clear()
    _click_row(h, article)
    assert chosen == [article]
