"""Cancelling saves from the window while their servers hang.

Real widgets offscreen, a real library, real local servers that never finish
answering (no answer at all, headers that never end, a body that never ends), a
saver whose own limits are a minute long: only the cancel can end these saves. Each
test cancels as a person would (the row's Cancel button, Escape on the row, the
context menu's action, Cancel all saves) and checks that the row goes within the
issue's 2 s, nothing is stored, one line says so and the event loop never stalls.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyleOptionViewItem

from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.capture.workers import WorkerPool
from newsreader.saver import Saver, SaveState
from tests import worker_jobs
from tests.test_window import Harness, _page, press
from tests.test_window_writes import STALL_BOUND_SECONDS, StallMeter
from tests.test_workers import _running

CANCEL_BOUND_SECONDS = 2.0  # the issue's: a cancel returns within 2 s
MARGIN_SECONDS = 0.5
WAIT_MS = 30_000


@pytest.fixture
def slow_saver(library, worker_pool) -> Iterator[Saver]:
    # Limits far longer than the tests: a save ends only because it is cancelled.
    fetcher = Fetcher(FetchLimits(connect_timeout=5, read_timeout=60, total_timeout=60))
    saver = Saver(library, pool=worker_pool, fetcher=fetcher, concurrency=4, save_timeout=120)
    yield saver
    saver.close()
    fetcher.close()


@pytest.fixture
def harness(qtbot, library, slow_saver, tmp_path) -> Iterator[Harness]:
    # A link another test left on the clipboard would be offered in the banner.
    QGuiApplication.clipboard().clear()
    h = Harness(qtbot, library, slow_saver, tmp_path / "settings.ini")
    # Saves in flight and failed are listed in the Saves view (Ctrl+5), not among articles.
    h.show_saves()
    yield h
    h.window.close()
    h.queue.close()


HANGS = {
    "no answer": lambda server, path: server.hang(path, seconds=60),
    "headers never end": lambda server, path: server.header_drip(path, 0.2, seconds=60),
    "body never ends": lambda server, path: server.drip(path, 0.2, seconds=60),
}


def _hanging(server, kind: str, path: str) -> str:
    return HANGS[kind](server, path)


def _wait_fetching(harness: Harness, server, paths: list[str]) -> None:
    """Until the server has every request and the rows say they are fetching."""
    harness.qtbot.waitUntil(
        lambda: (
            all(server.requested(p) for p in paths)
            and all(p.state is SaveState.FETCHING for p in harness.window.model.pending)
        ),
        timeout=WAIT_MS,
    )


def _stored_files(library) -> list[str]:
    root = library.paths.root
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("library.sqlite")
    )


def _shown_texts(window) -> str:
    return " | ".join([window.banner.label.text(), window.statusBar().currentMessage()])


def _cancel_button_center(window, row: int) -> QPoint:
    view = window.list
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(window.model.index(row))
    option.font = view.font()
    return window.delegate.cancel_rect(option).center()


def _cancel_and_time(harness: Harness, cancel) -> float:
    """Run ``cancel``; the seconds until every pending row has gone."""
    started = time.monotonic()
    cancel()
    harness.qtbot.waitUntil(lambda: harness.window.model.pending == (), timeout=WAIT_MS)
    return time.monotonic() - started


@pytest.mark.parametrize("kind", list(HANGS))
def test_the_rows_cancel_button_stops_a_hanging_save(harness, server, library, kind):
    window = harness.window
    files_before = _stored_files(library)
    url = _hanging(server, kind, "/henger")
    harness.type_and_save(url)
    _wait_fetching(harness, server, ["/henger"])
    assert window.model.pending[0].cancellable
    assert window.actions_["cancel_all"].isEnabled()

    meter = StallMeter()
    took = _cancel_and_time(
        harness,
        lambda: harness.qtbot.mouseClick(
            window.list.viewport(), Qt.MouseButton.LeftButton, pos=_cancel_button_center(window, 0)
        ),
    )
    assert took < CANCEL_BOUND_SECONDS + MARGIN_SECONDS, f"the row took {took:.1f} s to go"
    harness.qtbot.waitUntil(lambda: harness.queue.in_flight == 0, timeout=WAIT_MS)
    assert meter.stop() < STALL_BOUND_SECONDS
    assert library.count("all") == 0
    assert _stored_files(library) == files_before
    assert window.statusBar().currentMessage() == (f"Cancelled: {url} (nothing was saved)")
    assert not window.banner.isVisible()  # no "Could not save …: cancelled" after it
    assert not window.in_flight_label.isVisible()


@pytest.mark.parametrize("kind", ["no answer", "body never ends"])
def test_escape_on_the_row_cancels_it_and_the_reader_says_so(harness, server, library, kind):
    window = harness.window
    url = _hanging(server, kind, "/esc")
    harness.type_and_save(url)
    _wait_fetching(harness, server, ["/esc"])
    window.list.setFocus()
    harness.click_row(0)
    assert window.reader.toPlainText().strip() == f"Saving {url}…"
    assert window.actions_["cancel_save"].isEnabled()

    meter = StallMeter()
    took = _cancel_and_time(harness, lambda: press(harness.qtbot, window.list, Qt.Key.Key_Escape))
    assert took < CANCEL_BOUND_SECONDS + MARGIN_SECONDS
    assert meter.stop() < STALL_BOUND_SECONDS
    assert window.reader.toPlainText().strip() == f"The save of {url} was cancelled."
    assert library.count("all") == 0
    assert "Cancelled" in window.statusBar().currentMessage()
    assert not window.actions_["cancel_save"].isEnabled()


def test_escape_elsewhere_still_clears_the_search_and_cancels_nothing(harness, server):
    window = harness.window
    harness.type_and_save(_hanging(server, "no answer", "/blir"))
    _wait_fetching(harness, server, ["/blir"])
    window.search.setFocus()
    harness.qtbot.keyClicks(window.search, "noe")
    press(harness.qtbot, window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.model.pending[0].state is SaveState.FETCHING
    assert harness.queue.in_flight == 1


def test_the_context_menus_cancel_stops_the_selected_save_only(harness, server, library):
    window = harness.window
    urls = [_hanging(server, "no answer", f"/en/{n}") for n in range(3)]
    harness.type_and_save(" ".join(urls))
    # Two run (2 per host at once), whichever they are; the third waits for a slot.
    harness.qtbot.waitUntil(
        lambda: (
            len(server.requests) == 2
            and all(p.state is SaveState.FETCHING for p in window.model.pending)
        ),
        timeout=WAIT_MS,
    )
    window.list.setFocus()
    harness.click_row(1)
    action = window.actions_["cancel_save"]
    assert action.isEnabled()
    window.list.customContextMenuRequested.emit(
        window.list.visualRect(window.model.index(1)).center()
    )
    assert action in window.context_menu.actions()
    window.context_menu.close()

    started = time.monotonic()
    action.trigger()
    harness.qtbot.waitUntil(lambda: len(window.model.pending) == 2, timeout=WAIT_MS)
    assert time.monotonic() - started < CANCEL_BOUND_SECONDS + MARGIN_SECONDS
    assert [p.url for p in window.model.pending] == [urls[0], urls[2]]
    assert harness.queue.in_flight == 2
    assert library.count("all") == 0


def test_cancel_all_stops_running_and_queued_saves_with_one_line(harness, server, library):
    window = harness.window
    # Two kinds of hang, more saves than the saver runs at once (4) and than one
    # host serves at once (2): some are running, some wait for a host slot, one
    # waits in the saver's queue.
    urls = [_hanging(server, "no answer", f"/alle/{n}") for n in range(3)]
    urls += [_hanging(server, "body never ends", f"/drypp/{n}") for n in range(3)]
    harness.type_and_save(" ".join(urls))
    harness.qtbot.waitUntil(lambda: len(server.requests) >= 2, timeout=WAIT_MS)
    assert len(window.model.pending) == 6
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and messages.append(text))

    meter = StallMeter()
    took = _cancel_and_time(harness, window.actions_["cancel_all"].trigger)
    assert took < CANCEL_BOUND_SECONDS + MARGIN_SECONDS, f"the rows took {took:.1f} s to go"
    harness.qtbot.waitUntil(lambda: harness.queue.in_flight == 0, timeout=WAIT_MS)
    assert meter.stop() < STALL_BOUND_SECONDS
    assert messages == ["Cancelled 6 saves (nothing was saved)"]
    assert not window.banner.isVisible()
    assert library.count("all") == 0
    assert not window.actions_["cancel_all"].isEnabled()
    # The saver is free again: a page that answers saves as usual.
    harness.type_and_save(server.page("/etterpa", _page("Etterpå")))
    harness.wait_saved()
    assert library.count("all") == 1


def test_a_failed_row_has_no_cancel_and_a_cancel_of_nothing_changes_nothing(harness, server):
    window = harness.window
    harness.type_and_save(server.url("/finnes-ikke"))
    harness.qtbot.waitUntil(
        lambda: window.model.pending and window.model.pending[0].failed, timeout=WAIT_MS
    )
    assert not window.model.pending[0].cancellable
    assert not window.actions_["cancel_all"].isEnabled()
    assert window.pending.cancel_all() == 0
    assert window.pending.cancel_url(window.model.pending[0].url) is False
    # A click where the button would be selects the row instead.
    harness.qtbot.mouseClick(
        window.list.viewport(), Qt.MouseButton.LeftButton, pos=_cancel_button_center(window, 0)
    )
    assert window.model.pending[0].failed
    assert "404" in window.reader.toPlainText()


@pytest.fixture
def hanging_extraction(library) -> Iterator[Saver]:
    # Pages download at once; their extraction never ends (within the test).
    pool = WorkerPool(size=2)
    fetcher = Fetcher(FetchLimits(connect_timeout=5, read_timeout=60, total_timeout=60))
    saver = Saver(
        library,
        pool=pool,
        fetcher=fetcher,
        extract=worker_jobs.extract_hang,
        extract_timeout=120,
        save_timeout=120,
    )
    yield saver
    saver.close()
    fetcher.close()
    pool.close()


def test_cancelling_during_extraction_does_not_wait_for_it(
    qtbot, library, hanging_extraction, server, tmp_path
):
    QGuiApplication.clipboard().clear()
    harness = Harness(qtbot, library, hanging_extraction, tmp_path / "settings.ini")
    window = harness.window
    harness.show_saves()
    try:
        # Two extracting, one waiting for a free worker.
        urls = [server.page(f"/sak/{n}", _page(f"Sak {n}")) for n in range(3)]
        harness.type_and_save(" ".join(urls))
        harness.qtbot.waitUntil(
            lambda: sum(p.state is SaveState.EXTRACTING for p in window.model.pending) == 3,
            timeout=WAIT_MS,
        )
        pool = hanging_extraction.pool
        harness.qtbot.waitUntil(lambda: pool.alive == 2, timeout=WAIT_MS)
        busy = [w.process.pid for w in pool._all]
        meter = StallMeter()
        started = time.monotonic()
        harness.qtbot.mouseClick(
            window.list.viewport(), Qt.MouseButton.LeftButton, pos=_cancel_button_center(window, 0)
        )
        harness.qtbot.waitUntil(lambda: len(window.model.pending) == 2, timeout=WAIT_MS)
        took = time.monotonic() - started
        assert took < CANCEL_BOUND_SECONDS + MARGIN_SECONDS, f"the row took {took:.1f} s to go"
        took = _cancel_and_time(harness, window.actions_["cancel_all"].trigger)
        assert took < CANCEL_BOUND_SECONDS + MARGIN_SECONDS, f"the rows took {took:.1f} s to go"
        harness.qtbot.waitUntil(lambda: harness.queue.in_flight == 0, timeout=WAIT_MS)
        assert meter.stop() < STALL_BOUND_SECONDS
        assert library.count("all") == 0
        assert not window.banner.isVisible()
        # The workers busy with the cancelled pages were killed, not waited for.
        assert not any(_running(pid) for pid in busy)
    finally:
        window.close()
        harness.queue.close()
