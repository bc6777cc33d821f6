"""Quitting and starting never leave the app looking hung.

Quitting waits a bounded time in all: the window for its changes
(library_writer.CLOSE_WAIT_SECONDS), then app.close_within for the rest
(app.QUIT_MARGIN_SECONDS); what still waits for another program's lock is dropped and
logged. Starting after an unclean shutdown checks the library on a thread, with
"Checking the library…" shown if that takes a while.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from newsreader.library.library import Library
from newsreader.ui import app as app_module
from newsreader.ui import backups, library_writer
from tests.test_window import press
from tests.test_window_writes import LockHolder, _fill, harness  # noqa: F401  (fixture)

MARGIN = 2.0  # scheduling slack on a busy 2-core machine; the bounds are the point


def test_closing_under_a_held_lock_drops_the_waiting_changes_after_the_default_wait(
    harness,  # noqa: F811
    caplog,
):
    library = harness.library
    _fill(library, 4)
    window = harness.window
    window.model.reload()
    holder = LockHolder(library.paths.database)
    try:
        harness.select("Tittel 3")
        press(harness.qtbot, window.list, Qt.Key.Key_E)
        harness.select("Tittel 1")
        press(harness.qtbot, window.list, Qt.Key.Key_S)
        started = time.monotonic()
        window.close()  # library_writer.CLOSE_WAIT_SECONDS, not the library's 60 s
        waited = time.monotonic() - started
    finally:
        holder.release()
    assert waited < library_writer.CLOSE_WAIT_SECONDS + MARGIN
    assert "not yet written to the library (dropped)" in caplog.text
    assert "favourite" in caplog.text  # what was dropped is named
    assert all(s.state == "unread" and not s.favorite for s in library.summaries(library.ids()))


def _held_write(library: Library):
    """A step that waits for another program's lock as a save would."""

    def step() -> None:
        library.set_state_many(library.ids(), "archived")

    return step


@pytest.mark.parametrize("budget", [0.3, 1.0])
def test_close_within_leaves_what_waits_for_a_lock_and_names_it(library, caplog, budget):
    _fill(library, 3)
    done: list[str] = []
    holder = LockHolder(library.paths.database)
    try:
        started = time.monotonic()
        left = app_module.close_within(
            [
                ("the first step", lambda: done.append("first")),
                ("the saves to stop", _held_write(library)),
                ("the last step", lambda: done.append("last")),
            ],
            started + budget,
        )
        waited = time.monotonic() - started
    finally:
        holder.release()
        for thread in threading.enumerate():  # the abandoned step ends once the lock is free
            if thread.name == "quit: the saves to stop":
                thread.join(30)
    assert waited < budget + MARGIN
    assert left == ["the saves to stop", "the last step"]
    assert done == ["first"]  # what came after the stuck step was not begun
    assert "quitting without waiting for the saves to stop" in caplog.text


def test_close_within_runs_every_step_when_nothing_waits(library):
    _fill(library, 2)
    done: list[str] = []
    steps = [(name, lambda name=name: done.append(name)) for name in ("a", "b", "c")]
    steps.insert(1, ("a write", _held_write(library)))
    assert app_module.close_within(steps, time.monotonic() + 5.0) == []
    assert done == ["a", "b", "c"]
    assert {s.state for s in library.summaries(library.ids())} == {"archived"}


# --- the check after an unclean shutdown ------------------------------------------------
def _dialogs_seen(seen: list[str]) -> QTimer:
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen.append(widget.labelText())

    timer.timeout.connect(look)
    timer.start()
    return timer


@pytest.mark.parametrize("seconds", [0.8, 1.2])
def test_a_slow_check_shows_a_splash_while_the_event_loop_turns(qtbot, monkeypatch, seconds):
    seen: list[str] = []
    ticks = _dialogs_seen(seen)
    result = backups._on_thread(
        lambda: time.sleep(seconds) or "checked", "Checking the library…", 300, None
    )
    ticks.stop()
    assert result == "checked"
    assert seen and set(seen) == {"Checking the library…"}  # shown, as the loop turned


def test_a_quick_check_shows_nothing_and_errors_come_through(qtbot):
    seen: list[str] = []
    ticks = _dialogs_seen(seen)
    assert backups._on_thread(lambda: 42, "Checking the library…", 500, None) == 42
    with pytest.raises(ZeroDivisionError):
        backups._on_thread(lambda: 1 / 0, "Checking the library…", 500, None)
    ticks.stop()
    assert seen == []


def test_start_session_after_an_unclean_shutdown_checks_on_a_thread(qtbot, tmp_path, monkeypatch):
    from tests.test_backup import kill_a_holder, make_library

    lib = make_library(tmp_path / "lib", 3)
    kill_a_holder(lib)  # left uncleanly, not damaged
    threads: list[str] = []
    check = backups.Session.check

    def noting(self):
        threads.append(threading.current_thread().name)
        time.sleep(backups.CHECK_SPLASH_AFTER_MS / 1000 + 0.3)  # as a large library's would
        return check(self)

    monkeypatch.setattr(backups.Session, "check", noting)
    seen: list[str] = []
    ticks = _dialogs_seen(seen)
    session, opened = backups.start_session(lib)
    ticks.stop()
    session.close()
    assert opened == lib
    assert threads == ["library-check"]
    assert "Checking the library…" in seen
