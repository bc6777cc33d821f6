"""The main window, driven as a person would: typing, keys, clicks, drops.

Real library in a temp folder, real HTTP server on 127.0.0.1, real extraction
workers, real widgets on the offscreen platform.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFontMetricsF, QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication

from newsreader.library.library import Library
from newsreader.saver import Saver, SaveState
from newsreader.ui import pending_undo
from newsreader.ui.list_model import SnippetRole, View
from newsreader.ui.main_window import MainWindow
from newsreader.ui.messages import Level
from newsreader.ui.save_queue import SaveQueue
from tests.conftest import SEED_PAGE, seed_paragraphs
from tests.test_library import content

SEED_TITLE = "Kjendiser støtter mobbeofferet Keaton Jones"
WAIT_MS = 30_000


class Harness:
    """A window over a real library, with what it opened externally recorded."""

    def __init__(self, qtbot, library: Library, saver: Saver, settings_path: Path) -> None:
        self.qtbot = qtbot
        self.library = library
        self.queue = SaveQueue(saver)
        self.settings_path = settings_path
        self.opened: list[str] = []
        self.window = self.new_window()

    def new_window(self) -> MainWindow:
        settings = QSettings(str(self.settings_path), QSettings.Format.IniFormat)
        window = MainWindow(
            self.library,
            self.queue,
            settings,
            open_external=lambda u: self.opened.append(u.toString()),
        )
        self.qtbot.addWidget(window)
        window.resize(1100, 700)
        window.show()
        self.qtbot.waitExposed(window)
        return window

    def wait_saved(self, count: int = 1) -> None:
        self.qtbot.waitUntil(
            lambda: (
                self.queue.in_flight == 0
                and not any(p.active for p in self.window.model.pending)
                and self.library.count("all") >= count
            ),
            timeout=WAIT_MS,
        )

    def show_saves(self) -> None:
        """Go to the Saves view (saves in flight and failed), as Ctrl+5 does."""
        self.window.actions_["show_saves"].trigger()

    def show_view(self, identifier: str = "unread") -> None:
        """Choose view ``identifier`` ("unread", "tag:NAME"…) in the view chooser."""
        combo = self.window.view_combo
        combo.setCurrentIndex(combo.findData(identifier))

    def settle(self) -> None:
        """Wait until every change the window made has reached the library (they are
        written off the GUI thread, see library_writer)."""
        self.qtbot.waitUntil(lambda: not self.window.writer.busy, timeout=WAIT_MS)

    def type_and_save(self, text: str) -> None:
        self.window.address.setFocus()
        self.qtbot.keyClicks(self.window.address, text)
        self.qtbot.keyClick(self.window.address, Qt.Key.Key_Return)

    def search(self, text: str) -> None:
        """Type ``text`` into the search field as a paste would, press Enter and wait
        for its result (read off the GUI thread, see ArticleList.run_search)."""
        self.window.search.setText(text)
        self.window.articles.search_now()
        self.wait_searched()

    def wait_searched(self) -> None:
        """Wait until no search is being read (its result shown, Enter's match open)."""
        self.qtbot.waitUntil(lambda: not self.window.articles.search_under_way, timeout=WAIT_MS)

    def row_titles(self) -> list[str]:
        model = self.window.model
        return [model.index(r).data() for r in range(model.rowCount())]

    def select(self, title: str) -> None:
        row = self.row_titles().index(title)
        self.window.list.setFocus()
        self.click_row(row)

    def click_row(self, row: int) -> None:
        view = self.window.list
        index = self.window.model.index(row)
        view.scrollTo(index)
        self.qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )


@pytest.fixture
def harness(qtbot, library, saver, tmp_path) -> Iterator[Harness]:
    h = Harness(qtbot, library, saver, tmp_path / "settings.ini")
    yield h
    h.window.close()
    # Saves still running are cancelled and their threads joined; the shared worker
    # pool itself is closed at the end of the session.
    h.queue.close()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


# --- saving ------------------------------------------------------------------------------------
def test_typing_the_seed_url_saves_it_and_the_reader_shows_it_from_local_files(harness, server):
    window = harness.window
    url = server.url(SEED_PAGE)
    harness.type_and_save(url)
    # The pending row appears at once, before anything is fetched.
    assert window.model.pending and window.model.pending[0].url == url
    harness.wait_saved()
    assert harness.row_titles() == [SEED_TITLE]
    assert window.address.text() == ""

    requests_before_opening = len(server.requests)
    harness.select(SEED_TITLE)
    harness.qtbot.keyClick(window.list, Qt.Key.Key_Return)
    reader = window.reader
    assert reader.article is not None and reader.article.title == SEED_TITLE
    text = " ".join(reader.toPlainText().split())
    assert SEED_TITLE in text
    for paragraph in seed_paragraphs():
        assert " ".join(paragraph.split()) in text
    assert window.windowTitle().startswith(SEED_TITLE)

    # Every image is drawn from the library's own files.
    images = [i for i in reader.article.images if i.name]
    assert len(images) == 3
    for image in images:
        assert image.file is not None and image.file.is_relative_to(harness.library.paths.root)
        resource = reader.document().resource(
            QTextDocument.ResourceType.ImageResource.value, QUrl(image.name)
        )
        assert resource is not None and not resource.isNull(), image.name
    # Opening it asked nothing of the network.
    assert len(server.requests) == requests_before_opening
    # And it is read once it has been open a few seconds (read_marker.MARK_READ_MS).
    harness.qtbot.waitUntil(
        lambda: harness.library.get(reader.article.id).read_at is not None, timeout=WAIT_MS
    )


def test_several_urls_pasted_at_once_run_together_with_a_count(harness, server):
    window = harness.window
    urls = [server.page(f"/p{i}.html", _page(f"Sak nummer {i}")) for i in range(3)]
    in_flight: list[int] = []
    harness.queue.inFlightChanged.connect(in_flight.append)
    window.address.setText("\n".join(urls))
    harness.qtbot.keyClick(window.address, Qt.Key.Key_Return)
    assert [p.url for p in window.model.pending] == urls
    assert window.in_flight_label.isVisible() or harness.queue.in_flight == 0
    harness.wait_saved(3)
    assert max(in_flight) == 3 and in_flight[-1] == 0
    assert sorted(harness.row_titles()) == [f"Sak nummer {i}" for i in range(3)]
    assert not window.in_flight_label.isVisible()


def test_a_failing_url_shows_its_reason_and_retry_recovers(harness, server):
    window = harness.window
    url = server.url("/kommer-snart.html")  # 404 for now
    harness.type_and_save(url)
    harness.qtbot.waitUntil(
        lambda: window.model.pending and window.model.pending[0].failed, timeout=WAIT_MS
    )
    pending = window.model.pending[0]
    assert "404" in pending.detail
    harness.show_saves()
    harness.click_row(0)
    assert "404" in window.reader.toPlainText()
    # The row turns "failed" on the save's last report; the banner follows with its
    # result, a queued signal later.
    harness.qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert "404" in window.banner.label.text()
    assert window.actions_["retry"].isEnabled()

    server.page("/kommer-snart.html", _page("Nå er saken her"))
    press(harness.qtbot, window.list, Qt.Key.Key_R)
    harness.wait_saved()
    assert window.model.pending == ()
    harness.show_view("unread")
    assert harness.row_titles() == ["Nå er saken her"]


def test_a_dead_server_fails_without_freezing_the_window(harness):
    window = harness.window
    harness.type_and_save("http://127.0.0.1:9/ingen.html")
    # The event loop keeps turning while the save fails in the background.
    harness.qtbot.waitUntil(
        lambda: window.model.pending and window.model.pending[0].failed, timeout=WAIT_MS
    )
    assert "connect" in window.model.pending[0].detail.lower()


def test_text_without_a_link_stays_in_the_field_with_a_message(harness):
    window = harness.window
    harness.type_and_save("dette er ikke en lenke")
    assert window.model.pending == ()
    assert window.address.text() == "dette er ikke en lenke"
    assert "No link found" in window.banner.label.text()


def test_a_link_that_cannot_be_saved_fails_with_its_reason_and_can_be_dismissed(harness):
    harness.type_and_save("ftp://example.no/fil.html")
    window = harness.window
    harness.qtbot.waitUntil(
        lambda: window.model.pending and window.model.pending[0].failed, timeout=WAIT_MS
    )
    assert "http" in window.model.pending[0].detail
    # Delete on a failed row dismisses it.
    harness.show_saves()
    harness.click_row(0)
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    assert window.model.pending == ()


def test_dropped_links_are_saved(harness, server):
    window = harness.window
    url = server.page("/dropped.html", _page("Sluppet lenke"))
    mime = QMimeData()
    mime.setUrls([QUrl(url), QUrl("mailto:noen@example.no")])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert [p.url for p in window.model.pending] == [url]
    harness.wait_saved()
    assert harness.row_titles() == ["Sluppet lenke"]


def test_a_link_on_the_clipboard_is_offered_once(harness, server):
    window = harness.window
    url = server.page("/kopiert.html", _page("Kopiert lenke"))
    QGuiApplication.clipboard().setText(url)
    window.saving.offer_clipboard()
    assert window.banner.isVisible() and url in window.banner.label.text()
    harness.qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
    harness.wait_saved()
    assert harness.row_titles() == ["Kopiert lenke"]
    window.saving.offer_clipboard()  # the same link again: no second offer
    assert not window.banner.isVisible()


def test_a_url_already_saved_opens_the_article_instead(harness):
    harness.library.save(content(1))
    window = harness.window
    window.model.reload()
    harness.type_and_save("https://example.no/a/1")
    assert window.model.pending == ()
    assert window.reader.article is not None and window.reader.article.title == "Tittel 1"


# --- the list ---------------------------------------------------------------------------------
def _fill(library: Library, n: int) -> list[int]:
    return [library.save(content(i)).article_id for i in range(n)]


def test_filters_sorts_and_tags(harness):
    library = harness.library
    ids = _fill(library, 4)
    library.set_state(ids[0], "archived")
    library.set_favorite(ids[1], True)
    library.set_tags(ids[2], ["skole"])
    window = harness.window
    window.articles.refresh_views()
    window.view_combo.setCurrentIndex(window.view_combo.findText("Unread"))
    window.model.reload()
    assert window.model.total == 3
    window.view_combo.setCurrentIndex(window.view_combo.findText("Archive"))
    assert harness.row_titles() == ["Tittel 0"]
    window.view_combo.setCurrentIndex(window.view_combo.findText("Favourites"))
    assert harness.row_titles() == ["Tittel 1"]
    window.view_combo.setCurrentIndex(window.view_combo.findText("#skole"))
    assert harness.row_titles() == ["Tittel 2"]
    window.view_combo.setCurrentIndex(window.view_combo.findText("All"))
    assert window.model.total == 4
    window.order_combo.setCurrentIndex(window.order_combo.findData("title"))
    assert harness.row_titles() == ["Tittel 0", "Tittel 1", "Tittel 2", "Tittel 3"]
    window.order_combo.setCurrentIndex(window.order_combo.findData("saved"))
    assert harness.row_titles()[0] == "Tittel 3"
    assert window.count_label.text() == "4 articles"


def test_the_list_loads_lazily(harness):
    from newsreader.ui.list_model import BATCH

    _fill(harness.library, BATCH * 2 + 7)
    model = harness.window.model
    model.reload()
    assert model.total == BATCH * 2 + 7
    assert model.rowCount() == BATCH
    assert model.canFetchMore(model.index(-1))
    harness.window.list.scrollToBottom()
    harness.qtbot.waitUntil(lambda: model.rowCount() > BATCH)
    while model.canFetchMore(model.index(-1)):
        model.fetchMore(model.index(-1))
    assert model.rowCount() == model.total


def test_models_pass_the_model_tester(qtmodeltester, harness, server):
    from newsreader.ui.list_model import ArticleListModel, ListQuery

    ids = _fill(harness.library, 130)
    model = ArticleListModel(harness.library)
    model.add_pending(server.url("/a.html"))
    model.update_pending(server.url("/a.html"), SaveState.FAILED, "404")
    qtmodeltester.check(model)
    # The tester stays attached and checks every change that follows.
    model.set_query(ListQuery(view=View.ALL, search="blåbær"))
    model.fetchMore(model.index(-1))
    model.add_pending(server.url("/b.html"))
    model.remove_pending(server.url("/a.html"))
    harness.library.set_state(ids[5], "archived")
    model.set_query(ListQuery(view=View.UNREAD))
    model.article_changed(ids[-1])
    harness.library.set_state(ids[-1], "archived")
    model.article_changed(ids[-1])
    model.hide([ids[-2]])
    model.unhide([ids[-2]])
    # Several runs of adjacent rows, and one beyond the exposed rows.
    model.hide([ids[-3], ids[-4], ids[-5], ids[-40], ids[-41], ids[3]])
    assert model.total == 121  # 127 shown before: ids[-2] comes back on reload
    model.unhide([ids[-3], ids[-4], ids[-5], ids[-40], ids[-41], ids[3]])
    model.reload()
    assert model.total == 128


def test_search_as_you_type_ranks_and_shows_snippets(harness):
    library = harness.library
    library.save(content(1, text="Nordlys over Tromsø i natt, meldte forskerne."))
    library.save(content(2, text="Ingenting om himmelen her, bare fotball."))
    library.save(content(3, title="Nordlys", text="Nordlys og nordlys og mer nordlys."))
    window = harness.window
    window.model.reload()
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "nordlys")
    harness.qtbot.waitUntil(lambda: window.model.searching, timeout=5000)
    titles = harness.row_titles()
    assert titles[0] == "Nordlys" and set(titles) == {"Nordlys", "Tittel 1"}
    snippet = window.model.index(1).data(SnippetRole)
    assert "\x02Nordlys\x03" in snippet
    assert window.count_label.text() == "2 matches in all articles"
    # Opening a result highlights the matched words in the reader.
    harness.click_row(1)
    assert window.reader.search_match_count() >= 1
    # Escape clears the search and shows the whole list again.
    press(harness.qtbot, window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert not window.model.searching and window.model.total == 3


def test_search_handles_norwegian_letters(harness):
    harness.library.save(content(1, text="Blåbærsyltetøy på brødskiva."))
    window = harness.window
    harness.search("blåbærsyltetøy")
    assert harness.row_titles() == ["Tittel 1"]
    assert window.reader.article is not None  # Enter opened the best match


def test_search_finds_inflections_and_the_reader_marks_them(harness):
    harness.library.save(content(1, text="Han blir mobbet. Tusener mobbes hvert år. Mobil."))
    harness.library.save(content(2, text="Om noe helt annet."))
    window = harness.window
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "mobbing")
    harness.qtbot.keyClick(window.search, Qt.Key.Key_Return)
    harness.wait_searched()
    assert harness.row_titles() == ["Tittel 1"]
    assert "\x02mobbet\x03" in window.model.index(0).data(SnippetRole)
    assert window.reader.article is not None and window.reader.article.title == "Tittel 1"
    assert window.reader.search_match_count() == 2  # mobbet and mobbes, not Mobil


def test_search_help_lists_the_syntax_and_its_examples_can_be_tried(harness):
    ids = _fill(harness.library, 3)
    harness.library.set_state(ids[0], "archived")
    window = harness.window
    window.model.reload()
    harness.qtbot.mouseClick(window.search_help_button, Qt.MouseButton.LeftButton)
    popup = window.controls.search_help
    harness.qtbot.waitUntil(popup.isVisible)
    examples = [button.text() for button in popup.examples]
    assert {'"exact phrase"', "-trump", "mobb*", "is:unread", "after:2017-12-01"} <= set(examples)
    button = popup.examples[examples.index("is:unread")]
    harness.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not popup.isVisible()
    assert window.search.text() == "is:unread"
    harness.wait_searched()
    assert window.model.searching and window.model.total == 2  # filters alone list too
    assert window.reader.search_match_count() == 0  # a filter marks no words


# --- actions and shortcuts --------------------------------------------------------------------
def test_keyboard_actions_on_articles(harness):
    ids = _fill(harness.library, 3)
    window = harness.window
    window.model.reload()
    qtbot = harness.qtbot
    window.list.setFocus()
    press(qtbot, window.list, Qt.Key.Key_J)
    assert window.reader.article.id == ids[2]  # newest first
    press(qtbot, window.list, Qt.Key.Key_J)
    assert window.reader.article.id == ids[1]
    press(qtbot, window.list, Qt.Key.Key_K)
    assert window.reader.article.id == ids[2]

    press(qtbot, window.list, Qt.Key.Key_S)
    harness.settle()
    assert harness.library.get(ids[2]).favorite
    press(qtbot, window.list, Qt.Key.Key_S)
    harness.settle()
    assert not harness.library.get(ids[2]).favorite

    press(qtbot, window.list, Qt.Key.Key_E)
    harness.settle()
    assert harness.library.get(ids[2]).state == "archived"
    assert "Tittel 2" not in harness.row_titles()  # it left the Unread list
    assert window.reader.article.id == ids[1]  # and the next one opened

    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.address.hasFocus() or QApplication.focusWidget() is window.address
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    # Letters typed into a field are text, not shortcuts.
    qtbot.keyClicks(window.search, "es")
    assert window.search.text() == "es"
    assert harness.library.get(ids[1]).state == "unread"


def test_delete_can_be_undone_and_nothing_is_lost_before_the_undo_window_passes(harness):
    ids = _fill(harness.library, 2)
    window = harness.window
    window.model.reload()
    window.list.setFocus()
    harness.select("Tittel 1")
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    assert "Tittel 1" not in harness.row_titles()
    assert window.banner.isVisible() and window.banner.action_button.text() == "Undo"
    assert harness.library.count("all") == 2  # still there until the undo window passes
    harness.qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
    assert harness.row_titles() == ["Tittel 1", "Tittel 0"]
    assert harness.library.count("all") == 2

    harness.select("Tittel 1")
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    window.undo.commit_all()  # what the timer (or closing the window) does
    harness.settle()
    assert harness.library.ids() == [ids[0]]
    assert harness.row_titles() == ["Tittel 0"]


def test_delete_is_committed_when_the_undo_window_passes(harness, monkeypatch):
    monkeypatch.setattr(pending_undo, "UNDO_MS", 50)
    _fill(harness.library, 1)
    window = harness.window
    window.model.reload()
    harness.select("Tittel 0")
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    harness.qtbot.waitUntil(lambda: harness.library.count("all") == 0, timeout=5000)


def test_tags_dialog_sets_tags_and_adds_a_tag_view(harness):
    (article_id,) = _fill(harness.library, 1)
    window = harness.window
    window.model.reload()
    harness.select("Tittel 0")
    press(harness.qtbot, window.list, Qt.Key.Key_T)
    dialog = window.commands.tags_dialog
    dialog.field.setText("skole, #Mobbing, skole")
    dialog.accept()
    assert window.model.summaries_of([article_id])[0].tags == ("Mobbing", "skole")
    harness.settle()
    assert harness.library.get(article_id).tags == ("Mobbing", "skole")
    assert window.view_combo.findText("#Mobbing") >= 0


def test_open_original_copy_link_and_article_links_go_to_the_system(harness):
    _fill(harness.library, 1)
    window = harness.window
    window.model.reload()
    harness.select("Tittel 0")
    press(harness.qtbot, window.list, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert harness.opened == ["https://example.no/a/0"]
    window.actions_["copy_link"].trigger()
    assert QGuiApplication.clipboard().text() == "https://example.no/a/0"
    window.reader.linkActivated.emit(QUrl("https://www.vg.no/"))
    window.reader.linkActivated.emit(QUrl("javascript:alert(1)"))
    assert harness.opened == ["https://example.no/a/0", "https://www.vg.no/"]


def test_refetch_updates_the_article_in_place(harness, server):
    url = server.page("/endres.html", _page("Første versjon"))
    harness.type_and_save(url)
    harness.wait_saved()
    window = harness.window
    harness.select("Første versjon")
    article_id = window.reader.article.id
    server.page("/endres.html", _page("Andre versjon"))
    press(harness.qtbot, window.list, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(
        lambda: (
            harness.library.get(article_id).title == "Andre versjon"
            and harness.queue.in_flight == 0
        ),
        timeout=WAIT_MS,
    )
    harness.qtbot.waitUntil(lambda: harness.row_titles() == ["Andre versjon"])
    assert window.reader.article.title == "Andre versjon"


def test_shortcuts_dialog_lists_the_shortcuts(harness):
    window = harness.window
    press(harness.qtbot, window, Qt.Key.Key_F1)
    table = window.controls.shortcuts_dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Save links"] == "Ctrl+L"
    assert rows["Archive"] == "E" and rows["Favourite"] == "S"
    assert rows["Quit"] == "Ctrl+Q"
    window.controls.shortcuts_dialog.reject()


# --- the reader -------------------------------------------------------------------------------
def test_reader_typography_themes_zoom_and_find(harness):
    harness.library.save(content(1, text="Nordlys " * 400))
    window = harness.window
    window.model.reload()
    harness.select("Tittel 1")
    reader = window.reader
    size = reader.point_size
    press(harness.qtbot, window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert reader.point_size > size
    press(harness.qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert reader.point_size == size
    window.controls.set_theme("dark")
    assert reader.palette().base().color().name() == "#1e1f22"
    # A wide window keeps a 65-75 character column; a narrow one fits the pane.
    chars_per_px = 1 / QFontMetricsF(reader.reader_font()).averageCharWidth()
    for width, least, most in ((1800, 65, 75), (2400, 65, 75), (700, 20, 65)):
        window.resize(width, 700)
        harness.qtbot.waitUntil(lambda width=width: window.width() == width)
        margin = reader.document().rootFrame().frameFormat().leftMargin()
        chars = (reader.viewport().width() - 2 * margin) * chars_per_px
        assert least <= chars <= most, (width, chars)
    press(harness.qtbot, window, Qt.Key.Key_Slash)
    assert window.find_bar.isVisible()
    harness.qtbot.keyClicks(window.find_field, "nordlys")
    assert window.find_status.text() == "400 found"
    press(harness.qtbot, window.find_field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_opening_restores_the_reading_position(harness):
    ids = _fill(harness.library, 1)
    harness.library.set_progress(ids[0], 0.5)
    harness.library.save(content(0, text="Avsnitt. " * 3000))
    window = harness.window
    window.model.reload()
    harness.select("Tittel 0")
    bar = window.reader.verticalScrollBar()
    harness.qtbot.waitUntil(
        lambda: bar.maximum() > 0 and abs(bar.value() / bar.maximum() - 0.5) < 0.05
    )


def test_the_reader_loads_only_library_files(harness, server, tmp_path):
    png = (Path(__file__).parent / "fixtures" / "site" / "vg" / "img").glob("*.png")
    image = next(iter(sorted(png)), None)
    if image is None:
        pytest.skip("no PNG fixture")
    outside = tmp_path / "outside.png"
    outside.write_bytes(image.read_bytes())
    remote = server.page("/pixel.png", image.read_bytes(), content_type="image/png")
    sources = [remote, str(outside), outside.as_uri(), "images/../../outside.png"]
    text = "<p>Tekst</p>" + "".join(f'<img src="{src}">' for src in sources)
    saved = harness.library.save(replace(content(1), content_html=text))
    window = harness.window
    window.show_article_id(saved.article_id)
    assert "Tekst" in window.reader.toPlainText()
    kind = QTextDocument.ResourceType.ImageResource.value
    for src in sources:
        assert window.reader.loadResource(kind, QUrl(src)) is None, src
    assert server.requested("/pixel.png") == []


def test_settings_restore_the_window_and_last_article(harness):
    ids = _fill(harness.library, 2)
    window = harness.window
    window.model.reload()
    harness.select("Tittel 0")
    window.resize(760, 560)  # inside the offscreen screen, which restoreGeometry respects
    window.splitter.setSizes([300, 700])
    window.controls.set_theme("sepia")
    window.view_combo.setCurrentIndex(window.view_combo.findText("All"))
    window.order_combo.setCurrentIndex(window.order_combo.findData("title"))
    window.close()
    settings = QSettings(str(harness.settings_path), QSettings.Format.IniFormat)
    again = MainWindow(harness.library, harness.queue, settings, open_external=lambda u: None)
    harness.qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 560)
    assert again.reader.article is not None and again.reader.article.id == ids[0]
    assert again.reader.theme_name == "sepia"
    assert again.model.query.view is View.ALL and again.model.query.order == "title"
    assert again.articles.views.view_actions.actions()[3].isChecked()
    again.show()
    assert again.splitter.sizes()[0] == window.splitter.sizes()[0]
    harness.window = again


def _page(title: str) -> str:
    body = " ".join(["Dette er en ordentlig nyhetssak med nok tekst til å bli lest."] * 12)
    return (
        f"<!doctype html><html lang=nb><head><meta charset=utf-8><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )


def test_enter_in_search_jumps_to_the_match_in_the_open_article(harness):
    harness.library.save(content(1, text="Fyll. " * 3000 + "Nordlyset danset over Tromsø."))
    window = harness.window
    window.model.reload()
    harness.select("Tittel 1")
    bar = window.reader.verticalScrollBar()
    assert bar.value() == 0
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "nordlyset")
    harness.qtbot.keyClick(window.search, Qt.Key.Key_Return)
    harness.wait_searched()
    assert window.reader.search_match_count() == 1
    harness.qtbot.waitUntil(lambda: bar.value() > bar.maximum() * 0.8)


def test_rows_moved_by_qt_are_not_opened_or_marked_read(harness, server):
    ids = _fill(harness.library, 2)
    window = harness.window
    window.model.reload()
    # The list taking focus makes a row current without anyone choosing it.
    window.list.setFocus()
    press(harness.qtbot, window, Qt.Key.Key_Escape)
    assert window.reader.article is None
    # A save finishing on the row being watched moves the current row to an article.
    url = server.page("/ny.html", _page("Ny sak"))
    harness.type_and_save(url)
    harness.click_row(0)
    harness.wait_saved(3)
    assert [harness.library.get(i).read_at for i in ids] == [None, None]


def test_delete_on_a_failed_row_with_the_reader_focused_deletes_only_that_row(harness):
    _fill(harness.library, 2)
    window = harness.window
    window.model.reload()
    harness.type_and_save("ftp://example.no/x")
    harness.qtbot.waitUntil(lambda: window.model.pending and window.model.pending[0].failed)
    harness.show_saves()
    # The Saves view lists its rows when its query has been read: click once it has.
    harness.qtbot.waitUntil(lambda: window.model.pending_at(0) is not None)
    harness.click_row(0)
    harness.qtbot.waitUntil(lambda: window.articles.selected_pending_urls() != [])
    window.reader.setFocus()
    window.actions_["delete"].trigger()
    assert window.model.pending == ()
    assert window.model.hidden == frozenset()
    harness.show_view("unread")
    assert window.model.total == 2


def test_pasting_links_already_saved_opens_none_of_them(harness):
    ids = _fill(harness.library, 3)
    window = harness.window
    window.model.reload()
    window.save_urls([f"https://example.no/a/{i}" for i in range(3)])
    assert window.reader.article is None
    assert all(harness.library.get(i).read_at is None for i in ids)
    assert "3 of the links are already in your library" in window.statusBar().currentMessage()


def test_two_deletes_can_both_be_undone_with_ctrl_z(harness):
    _fill(harness.library, 3)
    window = harness.window
    window.model.reload()
    for title in ("Tittel 2", "Tittel 1"):
        harness.select(title)
        press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    assert harness.row_titles() == ["Tittel 0"]
    assert "2 articles" in window.banner.label.text()
    window.messages.show("Something else", Level.WARNING)  # the banner is taken over
    press(harness.qtbot, window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(harness.qtbot, window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert harness.row_titles() == ["Tittel 2", "Tittel 1", "Tittel 0"]
    window.close()  # nothing waiting: closing deletes nothing
    assert harness.library.count("all") == 3


def test_closing_the_window_settles_a_waiting_delete(harness):
    _fill(harness.library, 2)
    window = harness.window
    window.model.reload()
    harness.select("Tittel 1")
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    window.close()
    assert [s.title for s in harness.library.list("all")] == ["Tittel 0"]


def test_saving_a_deleted_url_again_within_the_undo_window_keeps_it(harness, server):
    url = server.page("/igjen.html", _page("Igjen"))
    harness.type_and_save(url)
    harness.wait_saved()
    window = harness.window
    harness.select("Igjen")
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    assert harness.row_titles() == []
    harness.type_and_save(url)
    harness.wait_saved()
    harness.qtbot.waitUntil(lambda: harness.row_titles() == ["Igjen"])
    window.undo.commit_all()
    assert harness.library.count("all") == 1


def test_refetch_while_searching_updates_the_row(harness, server):
    url = server.page("/sok.html", _page("Første versjon"))
    harness.type_and_save(url)
    harness.wait_saved()
    window = harness.window
    harness.search("ordentlig")
    assert harness.row_titles() == ["Første versjon"]
    server.page("/sok.html", _page("Andre versjon"))
    press(harness.qtbot, window.list, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    harness.qtbot.waitUntil(lambda: harness.row_titles() == ["Andre versjon"], timeout=WAIT_MS)
