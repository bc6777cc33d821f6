"""The window's search is read off the GUI thread (issue 16, item 5): the window answers
input while a slow search runs, and shows only the latest text's result.

A search is made slow for real: a SQLite progress handler on the search thread's own
connection holds every statement there until the test lets it go (a gate, not a
sleep, so nothing here depends on timing). Everything else is the real window over a
real library.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer

from newsreader.library.search_index import DAMAGED
from tests.test_library import content
from tests.test_library_conditions import _drop
from tests.test_window import WAIT_MS, harness, press  # noqa: F401  (the fixture)

GATE_SECONDS = 30  # a held search is let go after this at the latest


class Gate:
    """Holds every statement on one connection while closed (SQLite's progress
    handler, called every few hundred virtual machine steps, waits on an Event)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.entered = threading.Event()  # a statement is being held
        self.opened = threading.Event()
        conn.set_progress_handler(self._hold, 50)

    def _hold(self) -> int:
        if not self.opened.is_set():
            self.entered.set()
            self.opened.wait(GATE_SECONDS)
        return 0  # go on (non-zero would interrupt the statement)

    def open(self) -> None:
        # The handler stays (an open gate lets everything through): removing it while
        # a statement runs would wait for SQLite's lock holding the GIL, which the
        # statement's handler needs to return.
        self.opened.set()


def _search_connection(library) -> sqlite3.Connection:
    """The connection of the window's search thread (``Database`` keeps one per thread;
    the thread is named by ListSearch)."""
    found = [c for t, c in library.db._all if t.name == "list-search" and t.is_alive()]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def gated(harness) -> Iterator[tuple[object, Gate]]:  # noqa: F811
    """A window over five articles whose search thread is running, with a closed
    gate on its connection."""
    library = harness.library
    library.save(content(1, title="Nordlys i natt", text="Nordlys over Tromsø i natt."))
    library.save(content(2, title="Nordlys igjen", text="Mer nordlys, sterkere nordlys."))
    library.save(content(3, title="Fotballkamp", text="Fotball på Lerkendal, fotball."))
    library.save(content(4, title="Fotball og vær", text="Fotball i regnet."))
    library.save(content(5, title="Ingenting", text="Om noe helt annet."))
    window = harness.window
    window.model.reload()
    window.search.setText("annet")  # starts the search thread and its connection
    window.articles.run_search()
    harness.wait_searched()
    window.articles.clear_search()
    gate = Gate(_search_connection(library))
    yield harness, gate
    gate.open()


def test_the_window_answers_typing_while_a_search_runs_and_shows_only_the_latest(gated):
    h, gate = gated
    window = h.window
    qtbot = h.qtbot
    before = h.row_titles()
    assert len(before) == 5
    shown_searches: list[str] = []
    window.model.modelReset.connect(lambda: shown_searches.append(window.model.query.search))

    window.search.setFocus()
    qtbot.keyClicks(window.search, "nordlys")
    qtbot.waitUntil(gate.entered.is_set, timeout=WAIT_MS)  # the search is held
    # The list keeps what it shows, quietly saying a search is under way.
    assert window.articles.search_under_way
    assert window.count_label.text() == "Searching…"
    assert h.row_titles() == before
    # The GUI thread still runs: a timer fires, and keys reach the field.
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True], timeout=WAIT_MS)
    for _ in "nordlys":
        press(qtbot, window.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.search, "fotball")
    assert window.search.text() == "fotball"
    qtbot.waitUntil(lambda: not window.articles.searches.typing_pause.isActive(), timeout=WAIT_MS)
    assert not gate.opened.is_set() and window.count_label.text() == "Searching…"

    gate.open()
    h.wait_searched()
    assert sorted(h.row_titles()) == ["Fotball og vær", "Fotballkamp"]
    # The held result for "nordlys" came back after the text changed: never shown.
    assert "nordlys" not in shown_searches and shown_searches[-1] == "fotball"
    assert window.count_label.text() == "2 matches in all articles"


def test_enter_opens_the_best_match_of_the_latest_text(gated):
    h, gate = gated
    window = h.window
    qtbot = h.qtbot
    window.search.setFocus()
    qtbot.keyClicks(window.search, "nordlys")
    press(qtbot, window.search, Qt.Key.Key_Return)  # Enter on "nordlys", held
    qtbot.waitUntil(gate.entered.is_set, timeout=WAIT_MS)
    assert window.reader.article is None  # nothing opens before its result
    window.search.selectAll()
    qtbot.keyClicks(window.search, "fotball")
    press(qtbot, window.search, Qt.Key.Key_Return)  # Enter on "fotball"
    gate.open()
    h.wait_searched()
    best = h.library.search("fotball")[0].article.title
    assert best in ("Fotballkamp", "Fotball og vær")
    assert h.row_titles()[0] == best
    assert window.reader.article is not None and window.reader.article.title == best


def test_changing_the_text_after_enter_opens_nothing_stale(gated):
    h, gate = gated
    window = h.window
    qtbot = h.qtbot
    window.search.setFocus()
    qtbot.keyClicks(window.search, "nordlys")
    press(qtbot, window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(gate.entered.is_set, timeout=WAIT_MS)
    qtbot.keyClicks(window.search, " natt")  # typing on: Enter was for "nordlys"
    qtbot.waitUntil(lambda: not window.articles.searches.typing_pause.isActive(), timeout=WAIT_MS)
    gate.open()
    h.wait_searched()
    assert h.row_titles() == ["Nordlys i natt"]
    assert window.reader.article is None


def test_escape_during_a_held_search_shows_the_view_and_drops_the_result(gated):
    h, gate = gated
    window = h.window
    qtbot = h.qtbot
    window.search.setFocus()
    qtbot.keyClicks(window.search, "nordlys")
    qtbot.waitUntil(gate.entered.is_set, timeout=WAIT_MS)
    press(qtbot, window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and not window.articles.search_under_way
    assert window.count_label.text() == "5 articles"
    # The held search ends and its answer is dropped: the view stays whole.
    answered: list[object] = []
    window.articles.searches.reader.done.connect(lambda *a: answered.append(a))
    gate.open()
    qtbot.waitUntil(lambda: len(answered) == 1, timeout=WAIT_MS)
    assert not window.model.searching and window.model.total == 5


def test_a_damaged_index_still_ends_in_its_one_line(harness):  # noqa: F811
    library = harness.library
    for n in range(1, 4):
        library.save(content(n, text=f"Tekst nummer {n} om blåbær og multer."))
    window = harness.window
    window.model.reload()
    library.db.write(_drop("articles_fts_idx"))
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "multer")
    harness.qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert window.banner.label.text() == f"Could not read the library: {DAMAGED}"
    harness.wait_searched()
    # The list shows what it showed, and the count line no longer says "Searching…".
    assert window.model.total == 3 and not window.model.searching
    assert window.count_label.text() == "3 articles"
