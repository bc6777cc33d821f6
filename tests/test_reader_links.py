"""Links in the reader: hover shows the target, a link no program can open is said
and can be copied, the context menu saves a link from the article or copies it.

Real library in a temp folder, real HTTP server on 127.0.0.1, real extraction
workers, real widgets on the offscreen platform.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QGuiApplication

from newsreader.library.library import Library
from newsreader.saver import Saver
from newsreader.ui.main_window import MainWindow
from newsreader.ui.messages import Level
from newsreader.ui.save_queue import SaveQueue
from tests.test_library import content

WAIT_MS = 30_000


class Window:
    """A window over a real library whose system opener answers ``opens``."""

    def __init__(self, qtbot, library: Library, saver: Saver, tmp_path, opens: bool) -> None:
        self.qtbot = qtbot
        self.library = library
        self.queue = SaveQueue(saver)
        self.asked: list[str] = []
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

        def opener(url: QUrl) -> bool:
            self.asked.append(url.toString())
            return opens

        self.window = MainWindow(library, self.queue, settings, open_external=opener)
        qtbot.addWidget(self.window)
        self.window.resize(1100, 700)
        self.window.show()
        qtbot.waitExposed(self.window)

    def show(self, links: dict[str, str]) -> None:
        """Save and show an article whose body links each text to its href."""
        body = " ".join(f'<a href="{href}">{text}</a>' for text, href in links.items())
        item = replace(content(1), content_html=f"<p>Les {body} i dag.</p>")
        article_id = self.library.save(item).article_id
        self.window.reader.show_article(self.library.get(article_id))

    def link_position(self, text: str):
        """Viewport position of the middle of the link text ``text``."""
        reader = self.window.reader
        cursor = reader.document().find(text)
        assert not cursor.isNull(), text
        cursor.setPosition(cursor.selectionStart() + len(text) // 2)
        reader.setTextCursor(cursor)
        reader.ensureCursorVisible()
        return reader.cursorRect(cursor).center()


@pytest.fixture
def make(qtbot, library, saver, tmp_path) -> Iterator:
    made: list[Window] = []

    def factory(opens: bool) -> Window:
        made.append(Window(qtbot, library, saver, tmp_path, opens))
        return made[-1]

    yield factory
    for w in made:
        w.window.close()
        w.queue.close()


LINKS = {
    "plain": "https://www.vg.no/nyheter/1",
    "credentials": "https://ola:hemmelig@example.no/privat?x=1",
    "mail": "mailto:tips@vg.no",
}


def test_hovering_a_link_shows_its_target_without_credentials(make, qtbot):
    w = make(True)
    w.show(LINKS)
    bar = w.window.statusBar()
    for text, href in LINKS.items():
        # A real mouse move over the anchor, from somewhere else (a move to where the
        # pointer already is, after another test, sends no event).
        qtbot.mouseMove(w.window.reader.viewport(), QPoint(1, 1))
        qtbot.mouseMove(w.window.reader.viewport(), w.link_position(text))
        qtbot.waitUntil(lambda: bar.currentMessage() != "", timeout=2000)
        message = bar.currentMessage()
        assert "hemmelig" not in message and "ola@" not in message
        assert message == href.replace("ola:hemmelig@", "")
        # Leaving the link takes its target away.
        w.window.reader.highlighted.emit(QUrl())
        assert bar.currentMessage() == ""


def test_a_link_no_program_opens_says_so_once_and_can_be_copied(make, qtbot):
    w = make(False)
    window = w.window
    for href in LINKS.values():
        window.banner.dismiss()
        QGuiApplication.clipboard().clear()
        window.reader.linkActivated.emit(QUrl(href))
        assert w.asked[-1] == href
        assert window.banner.isVisible() and window.banner.level is Level.WARNING
        line = window.banner.label.text()
        assert "\n" not in line and "hemmelig" not in line
        assert line.startswith("No program could open")
        assert window.banner.action_button.text() == "Copy link"
        qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == href
        assert not window.banner.isVisible()


def test_open_original_that_no_program_opens_is_said_too(make):
    w = make(False)
    window = w.window
    w.show({"lenke": "https://www.vg.no/"})
    window.model.reload()
    window.list.setCurrentIndex(window.model.index(0))
    window.actions_["open_original"].trigger()
    assert w.asked == ["https://example.no/a/1"]
    assert window.banner.isVisible() and window.banner.action_button.text() == "Copy link"


def test_a_link_that_opens_says_nothing(make):
    w = make(True)
    for href in LINKS.values():
        w.window.reader.linkActivated.emit(QUrl(href))
    assert w.asked == list(LINKS.values())
    assert not w.window.banner.isVisible()


def _menu_action(window, text: str):
    actions = {a.text(): a for a in window.reader_menu.actions()}
    return actions.get(text)


def test_the_reader_context_menu_saves_a_link_from_the_article(make, server):
    w = make(True)
    window = w.window
    pages = {
        f"sak {n}": server.page(
            f"/lenket-{n}.html",
            f"<html><head><title>Lenket sak {n}</title></head><body><article>"
            f"<h1>Lenket sak {n}</h1>"
            + "".join(f"<p>Avsnitt {i} om sak {n} og fjorden i vinter.</p>" for i in range(12))
            + "</article></body></html>",
        )
        for n in (1, 2)
    }
    w.show(pages)
    for text in pages:
        window.reader.customContextMenuRequested.emit(w.link_position(text))
        _menu_action(window, "Save link to library").trigger()
        window.reader_menu.close()
    w.qtbot.waitUntil(
        lambda: {a.url for a in w.library.list("all")} >= set(pages.values()), timeout=WAIT_MS
    )


def test_the_reader_context_menu_copies_a_link_and_has_no_link_actions_off_links(make):
    w = make(True)
    window = w.window
    w.show(LINKS)
    for text, href in LINKS.items():
        window.reader.customContextMenuRequested.emit(w.link_position(text))
        _menu_action(window, "Copy link address").trigger()
        window.reader_menu.close()
        assert QGuiApplication.clipboard().text() == href
    window.reader.customContextMenuRequested.emit(w.link_position("Les"))
    assert _menu_action(window, "Save link to library") is None
    assert _menu_action(window, "Copy link address") is None
    window.reader_menu.close()


def test_saving_a_mail_link_from_the_reader_says_why_not(make):
    w = make(True)
    window = w.window
    w.show(LINKS)
    window.reader.customContextMenuRequested.emit(w.link_position("mail"))
    _menu_action(window, "Save link to library").trigger()
    window.reader_menu.close()
    assert window.banner.isVisible() and "Only web links" in window.banner.label.text()
    assert not window.model.pending
