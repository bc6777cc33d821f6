"""Saved searches in the window (issue 16, item 6): Save search… keeps the search
field's query under a name; the view chooser lists it under "Saved searches" with its
count, read off the GUI thread and read again when the library changes; its view is
the search, ranked as the search is, read off the GUI thread; Rename…, Edit search…
and Delete (with Undo); the view chosen is remembered by its id.

The real window over a real library (tests/test_window.py's harness).
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings, Qt

from newsreader.library.library import Library
from tests.test_library import content
from tests.test_window import WAIT_MS, Harness, harness  # noqa: F401  (the fixture)

ARTICLES = (
    (1, "Nordlys i natt", "Nordlys over Tromsø i natt, sterkt nordlys."),
    (2, "Nordlys igjen", "Mer nordlys i går."),
    (3, "Fotballkamp", "Fotball på Lerkendal."),
    (4, "Fotball og nordlys", "Fotball i regnet, og litt nordlys etterpå."),
    (5, "Ingenting", "Om noe helt annet."),
)


@pytest.fixture
def h(harness):  # noqa: F811
    for n, title, text in ARTICLES:
        harness.library.save(content(n, title=title, text=text))
    harness.window.model.reload()
    return harness


def _entry(window, search_id: int) -> str:
    combo = window.view_combo
    index = combo.findData(f"saved:{search_id}")
    return combo.itemText(index) if index >= 0 else ""


def _save(h, typed: str, name: str | None = None) -> int:
    """Type ``typed`` in the search field, Save search…, name it, OK; the new saved
    search's id, once stored and shown."""
    window = h.window
    h.search(typed)
    assert window.actions_["save_search"].isEnabled()
    window.actions_["save_search"].trigger()
    dialog = window.saved.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.name_field.text() == typed and dialog.query_field.text() == typed
    if name is not None:
        dialog.name_field.setText(name)
    dialog.accept()
    h.settle()
    found = [s for s in h.library.saved_searches.all() if s.name == (name or typed)]
    assert len(found) == 1
    h.qtbot.waitUntil(lambda: window.articles.view_id() == f"saved:{found[0].id}", timeout=WAIT_MS)
    h.wait_searched()
    return found[0].id


def _wait_count(h, search_id: int, count: int) -> None:
    window = h.window
    h.qtbot.waitUntil(
        lambda: window.articles.views.saved_count(search_id) == count, timeout=WAIT_MS
    )


def test_save_search_keeps_the_query_as_a_view_with_its_count(h):
    window = h.window
    h.search("nordlys")
    ranked = h.row_titles()
    assert len(ranked) == 3
    search_id = _save(h, "nordlys", "Nordlyset")
    # Its view: the search, ranked as the search ranks it; the field is free again.
    assert window.search.text() == ""
    assert window.search.placeholderText() == "Search in “Nordlyset”"
    assert h.row_titles() == ranked
    assert window.count_label.text() == "3 matching articles"
    assert window.model.searching  # snippets under the titles, as a search has
    # Listed under its heading, with its count, between the fixed views and the tags.
    _wait_count(h, search_id, 3)
    combo = window.view_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts.index("Saved searches") < texts.index("Nordlyset  (3)") < texts.index("Saves")
    heading = combo.model().item(texts.index("Saved searches"))
    assert not heading.isEnabled() and not heading.isSelectable()
    stored = h.library.saved_searches.get(search_id)
    assert (stored.name, stored.query) == ("Nordlyset", "nordlys")


def test_a_saved_view_is_searched_off_the_gui_thread(h):
    window = h.window
    search_id = h.library.saved_searches.add("Fotball", "fotball").id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    # The list is not read here: the search thread reads it, and the count says so.
    assert window.articles.search_under_way
    assert window.count_label.text() == "Searching…"
    h.wait_searched()
    assert sorted(h.row_titles()) == ["Fotball og nordlys", "Fotballkamp"]


def test_counts_are_read_off_the_gui_thread_and_follow_the_library(h, monkeypatch):
    window = h.window
    library = h.library
    threads: list[str] = []
    counted = library.saved_searches.with_counts

    def recorded():
        threads.append(threading.current_thread().name)
        return counted()

    monkeypatch.setattr(library.saved_searches, "with_counts", recorded)
    unread = library.saved_searches.add("Uleste nordlys", "nordlys is:unread").id
    window.articles.refresh_views()
    window.saved.count_now()
    _wait_count(h, unread, 3)
    assert _entry(window, unread) == "Uleste nordlys  (3)"
    # A change of the window's own: archiving one of them.
    h.show_view("all")
    h.select("Nordlys igjen")
    window.actions_["archive"].trigger()
    h.settle()
    _wait_count(h, unread, 2)
    # A change made elsewhere (another connection: the command line, another window).
    with Library(library.paths.root) as other:
        other.save(content(6, title="Nordlys i sør", text="Nordlys sett fra Oslo."))
    _wait_count(h, unread, 3)
    assert _entry(window, unread) == "Uleste nordlys  (3)"
    assert threads and set(threads) == {"saved-counts"}


def test_words_typed_in_a_saved_view_narrow_it(h):
    window = h.window
    search_id = h.library.saved_searches.add("Nordlys", "nordlys").id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    h.wait_searched()
    assert len(h.row_titles()) == 3
    h.search("fotball")
    assert h.row_titles() == ["Fotball og nordlys"]
    assert window.articles.view_id() == f"saved:{search_id}"
    # Saving that makes a new saved search of both.
    window.actions_["save_search"].trigger()
    assert window.saved.dialog.query_field.text() == "nordlys fotball"
    window.saved.dialog.reject()
    # Escape empties the field: the saved search's whole view again.
    window.articles.clear_search()
    h.wait_searched()
    assert len(h.row_titles()) == 3


def test_a_quote_left_open_in_the_saved_query_does_not_swallow_the_typed_words(h):
    window = h.window
    search_id = h.library.saved_searches.add("Sitat", '"nordlys').id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    h.wait_searched()
    assert len(h.row_titles()) == 3
    h.search('-"sterkt nordlys"')  # not: a phrase from the saved query's open quote
    assert sorted(h.row_titles()) == ["Fotball og nordlys", "Nordlys igjen"]


def test_the_view_is_remembered_by_its_id(h, tmp_path):
    window = h.window
    search_id = h.library.saved_searches.add("Fotball", "fotball").id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    h.wait_searched()
    window.close()
    settings = QSettings(str(h.settings_path), QSettings.Format.IniFormat)
    assert settings.value("list/view") == f"saved:{search_id}"
    h.window = h.new_window()
    assert h.window.articles.view_id() == f"saved:{search_id}"
    h.wait_searched()
    assert sorted(h.row_titles()) == ["Fotball og nordlys", "Fotballkamp"]


def test_a_remembered_saved_search_that_is_gone_opens_unread(h):
    window = h.window
    search = h.library.saved_searches.add("Fotball", "fotball")
    window.articles.refresh_views()
    h.show_view(f"saved:{search.id}")
    h.wait_searched()
    window.close()
    h.library.saved_searches.remove(search.id)
    h.window = h.new_window()
    assert h.window.articles.view_id() == "unread"


def test_rename_edit_and_delete_with_undo_from_the_context_menu(h):
    window = h.window
    library = h.library
    first = library.saved_searches.add("Først", "ingenting").id
    search_id = library.saved_searches.add("Fotball", "fotball").id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    h.wait_searched()
    combo = window.view_combo
    # Right-click on the chooser showing it: Rename…, Edit search…, Delete.
    combo.customContextMenuRequested.emit(combo.rect().center())
    menu = window.saved.menu
    named = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert named == ["Rename…", "Edit search…", "Delete", "Move up", "Move down"]
    assert [a.isEnabled() for a in menu.actions() if not a.isSeparator()][3:] == [True, False]
    menu.actions()[0].trigger()
    window.saved.dialog.name_field.setText("Fotballen")
    window.saved.dialog.accept()
    h.settle()
    h.qtbot.waitUntil(lambda: _entry(window, search_id).startswith("Fotballen"), timeout=WAIT_MS)
    assert window.articles.view_id() == f"saved:{search_id}"
    assert window.search.placeholderText() == "Search in “Fotballen”"

    window.actions_["edit_saved"].trigger()
    dialog = window.saved.dialog
    assert dialog.name_field.isHidden() and dialog.query_field.text() == "fotball"
    dialog.query_field.setText("fotball -nordlys")
    dialog.accept()
    h.settle()
    h.qtbot.waitUntil(lambda: h.row_titles() == ["Fotballkamp"], timeout=WAIT_MS)
    _wait_count(h, search_id, 1)
    assert library.saved_searches.get(search_id).query == "fotball -nordlys"

    window.actions_["delete_saved"].trigger()
    h.settle()
    assert library.saved_searches.all()[0].id == first and len(library.saved_searches.all()) == 1
    assert window.articles.view_id() == "unread"
    assert _entry(window, search_id) == ""
    assert window.banner.label.text() == "Deleted the saved search “Fotballen”."
    assert len(library.ids()) == len(ARTICLES)  # no article went with it
    window.banner.action_button.click()  # Undo: back, in its place
    h.settle()
    assert [(s.name, s.query) for s in library.saved_searches.all()] == [
        ("Først", "ingenting"),
        ("Fotballen", "fotball -nordlys"),
    ]


def test_the_open_chooser_has_the_menu_on_the_saved_search_under_the_pointer(h):
    window = h.window
    search_id = h.library.saved_searches.add("Fotball", "fotball").id
    window.articles.refresh_views()
    combo = window.view_combo
    combo.showPopup()
    view = combo.view()
    row = combo.findData(f"saved:{search_id}")
    view.customContextMenuRequested.emit(view.visualRect(view.model().index(row, 0)).center())
    assert window.saved.menu is not None
    window.saved.menu.actions()[0].trigger()  # Rename…
    assert not view.isVisible()  # the chooser's list closed
    assert window.saved.dialog.name_field.text() == "Fotball"
    window.saved.dialog.reject()
    # On a view that is not a saved search, no menu.
    window.saved.menu = None
    view.customContextMenuRequested.emit(view.visualRect(view.model().index(0, 0)).center())
    assert window.saved.menu is None


@pytest.mark.parametrize(
    ("name", "query", "said"),
    [
        ("", "nordlys", "A saved search needs a name."),
        ("NORDLYS", "nordlys", "There is a saved search named “Nordlys” already."),
        ("Nytt", '"', "A saved search needs something to search for."),
    ],
)
def test_the_dialog_says_what_is_wrong_in_one_line_and_stays_open(h, name, query, said):
    window = h.window
    h.library.saved_searches.add("Nordlys", "nordlys")
    window.articles.refresh_views()
    h.search("fotball")
    window.actions_["save_search"].trigger()
    dialog = window.saved.dialog
    dialog.name_field.setText(name)
    dialog.query_field.setText(query)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == said
    dialog.reject()
    h.settle()
    assert [s.name for s in h.library.saved_searches.all()] == ["Nordlys"]


def test_save_search_needs_a_query_in_the_field(h):
    window = h.window
    action = window.actions_["save_search"]
    assert not action.isEnabled()
    assert window.toolbar.save_search_button.defaultAction() is action
    window.search.setText("nordlys")
    assert action.isEnabled() and window.toolbar.save_search_button.isEnabled()
    window.search.clear()
    assert not action.isEnabled()
    assert not window.actions_["rename_saved"].isEnabled()


def test_a_saved_search_changed_elsewhere_is_shown_changed(h):
    window = h.window
    search_id = h.library.saved_searches.add("Fotball", "fotball").id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    h.wait_searched()
    with Library(h.library.paths.root) as other:
        other.saved_searches.set_query(search_id, "nordlys")
        other.saved_searches.rename(search_id, "Nordlys")
    h.qtbot.waitUntil(lambda: len(h.row_titles()) == 3, timeout=WAIT_MS)
    h.qtbot.waitUntil(lambda: _entry(window, search_id).startswith("Nordlys"), timeout=WAIT_MS)
    with Library(h.library.paths.root) as other:
        other.saved_searches.remove(search_id)
    h.qtbot.waitUntil(lambda: window.articles.view_id() == "unread", timeout=WAIT_MS)


def test_the_shortcut_saves_the_search(h):
    window = h.window
    h.search("nordlys")
    window.search.setFocus()
    h.qtbot.keyClick(
        window.search,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.saved.dialog is not None and window.saved.dialog.query_field.text() == "nordlys"
    window.saved.dialog.reject()


def test_a_new_window_lists_the_saved_searches_in_their_order(h):
    library = h.library
    ids = [library.saved_searches.add(n, n.lower()).id for n in ("Nordlys", "Fotball", "Annet")]
    library.saved_searches.move(ids[2], 0)
    h.window.close()
    h.window = h.new_window()
    combo = h.window.view_combo
    listed = [combo.itemData(i) for i in range(combo.count())]
    saved = [d for d in listed if str(d).startswith("saved:")]
    assert saved == [f"saved:{ids[2]}", f"saved:{ids[0]}", f"saved:{ids[1]}"]
    assert isinstance(h, Harness)


def test_move_up_and_down_from_the_menu(h):
    window = h.window
    library = h.library
    ids = [library.saved_searches.add(n, n.lower()).id for n in ("A", "B", "C")]
    window.articles.refresh_views()
    combo = window.view_combo

    def listed() -> list[str]:
        return [
            str(combo.itemData(i))
            for i in range(combo.count())
            if str(combo.itemData(i)).startswith("saved:")
        ]

    window.saved._menu_for(ids[2])
    next(a for a in window.saved.menu.actions() if a.text() == "Move up").trigger()
    h.settle()
    assert [s.name for s in library.saved_searches.all()] == ["A", "C", "B"]
    assert listed() == [f"saved:{ids[0]}", f"saved:{ids[2]}", f"saved:{ids[1]}"]
    window.saved._menu_for(ids[0])
    next(a for a in window.saved.menu.actions() if a.text() == "Move down").trigger()
    h.settle()
    assert [s.name for s in library.saved_searches.all()] == ["C", "A", "B"]
    assert listed() == [f"saved:{ids[2]}", f"saved:{ids[0]}", f"saved:{ids[1]}"]


def test_did_you_mean_in_a_saved_view_offers_the_words_typed_to_narrow_it(h):
    window = h.window
    offer = window.articles.suggestion_label
    search_id = h.library.saved_searches.add("Nordlys", "nordlys").id
    window.articles.refresh_views()
    h.show_view(f"saved:{search_id}")
    h.wait_searched()
    h.search("fotbal")  # narrows it to nothing: the offer is for the word typed
    assert h.row_titles() == []
    assert not offer.isHidden()
    assert offer.text() == 'Did you mean <a href="search">fotball</a>?'
    window.articles.search_suggestion()
    assert window.search.text() == "fotball"
    h.wait_searched()
    assert h.row_titles() == ["Fotball og nordlys"] and offer.isHidden()
    # A saved search that itself finds little offers nothing here (Edit search… fixes it).
    typo = h.library.saved_searches.add("Skrivefeil", "nordlis").id
    window.articles.refresh_views()
    window.search.clear()
    h.show_view(f"saved:{typo}")
    h.wait_searched()
    assert h.row_titles() == [] and offer.isHidden()


def test_the_keyboard_passes_over_the_heading(h):
    window = h.window
    search_id = h.library.saved_searches.add("Nordlys", "nordlys").id
    window.articles.refresh_views()
    combo = window.view_combo
    h.show_view("highlights")
    combo.setFocus()
    h.qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == f"saved:{search_id}"
    h.wait_searched()
    h.qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentData() == "highlights"
