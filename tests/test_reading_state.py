"""Reading state in the window: the position the reader left survives a restart, and the
app restoring itself never overwrites it (issue 13, item 1).

Real library in a temp folder, real widgets on the offscreen platform.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractSlider

from newsreader.ui import menus, read_marker
from newsreader.ui.main_window import MainWindow
from tests.test_library import content
from tests.test_window import harness  # noqa: F401  (the fixture)


def _long_article(library, n: int, words: int) -> int:
    return library.save(content(n, text="Avsnitt med litt tekst. " * words)).article_id


def _restart(h, size=(1100, 700)) -> MainWindow:
    """Close the window (its settings are saved) and build a new one from the same
    settings and library, as the next start does."""
    h.window.close()
    h.settle()
    settings = QSettings(str(h.settings_path), QSettings.Format.IniFormat)
    again = MainWindow(h.library, h.queue, settings, open_external=lambda u: None)
    h.qtbot.addWidget(again)
    h.window = again
    again.resize(*size)
    again.show()
    h.qtbot.waitExposed(again)
    return again


@pytest.mark.parametrize(("words", "fraction"), [(3000, 0.31), (6000, 0.5), (1500, 0.8)])
def test_the_reading_position_survives_a_restart_and_is_not_overwritten(
    harness,  # noqa: F811
    words,
    fraction,
):
    article_id = _long_article(harness.library, 0, words)
    window = harness.window
    window.model.reload()
    window.show_article_id(article_id)
    bar = window.reader.verticalScrollBar()
    harness.qtbot.waitUntil(lambda: bar.maximum() > 0)
    # The reader drags the scrollbar: the real slider's move, as a mouse drag makes it.
    bar.setSliderPosition(round(fraction * bar.maximum()))
    assert bar.value() > 0
    window.reader.flush_progress()
    harness.settle()
    stored = harness.library.get(article_id).progress
    assert abs(stored - fraction) < 0.02

    again = _restart(harness)
    reader_bar = again.reader.verticalScrollBar()
    assert again.reader.article is not None and again.reader.article.id == article_id
    harness.qtbot.waitUntil(
        lambda: (
            reader_bar.maximum() > 0
            and abs(reader_bar.value() / reader_bar.maximum() - stored) < 0.03
        )
    )
    # Long enough for any progress report the restore might make to be written.
    harness.qtbot.wait(again.reader._progress_timer.interval() + 300)
    again.reader.flush_progress()
    harness.settle()
    assert harness.library.get(article_id).progress == stored
    assert abs(reader_bar.value() / reader_bar.maximum() - stored) < 0.03


def test_resizing_before_the_reader_scrolls_keeps_the_stored_position(harness):  # noqa: F811
    article_id = _long_article(harness.library, 1, 3000)
    harness.library.set_progress(article_id, 0.4)
    window = harness.window
    window.model.reload()
    window.show_article_id(article_id)
    for size in ((700, 500), (1300, 800), (900, 650)):
        window.resize(*size)
        harness.qtbot.wait(150)
    bar = window.reader.verticalScrollBar()
    harness.qtbot.waitUntil(
        lambda: bar.maximum() > 0 and abs(bar.value() / bar.maximum() - 0.4) < 0.03
    )
    harness.qtbot.wait(window.reader._progress_timer.interval() + 300)
    window.reader.flush_progress()
    harness.settle()
    assert harness.library.get(article_id).progress == 0.4


def test_only_the_readers_own_scrolling_saves_progress(harness):  # noqa: F811
    article_id = _long_article(harness.library, 2, 3000)
    window = harness.window
    window.model.reload()
    window.show_article_id(article_id)
    bar = window.reader.verticalScrollBar()
    harness.qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)  # the program moving it, not the reader
    window.reader.flush_progress()
    harness.settle()
    assert harness.library.get(article_id).progress == 0.0
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)  # Page Down
    window.reader.flush_progress()
    harness.settle()
    assert harness.library.get(article_id).progress > 0.5


@pytest.mark.parametrize("how", ["page_down", "down_arrow", "wheel"])
def test_keys_and_the_wheel_in_the_reader_save_progress(harness, how):  # noqa: F811
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    article_id = _long_article(harness.library, 3, 3000)
    window = harness.window
    window.model.reload()
    window.show_article_id(article_id)
    reader = window.reader
    bar = reader.verticalScrollBar()
    harness.qtbot.waitUntil(lambda: bar.maximum() > 0)
    reader.setFocus()
    if how == "page_down":
        for _ in range(3):
            harness.qtbot.keyClick(reader, Qt.Key.Key_PageDown)
    elif how == "down_arrow":
        for _ in range(10):
            harness.qtbot.keyClick(reader, Qt.Key.Key_Down)
    else:
        centre = QPointF(reader.viewport().rect().center())
        event = QWheelEvent(
            centre,
            QPointF(reader.viewport().mapToGlobal(centre.toPoint())),
            QPoint(),
            QPoint(0, -120 * 3),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(reader.viewport(), event)
    assert bar.value() > 0
    reader.flush_progress()
    harness.settle()
    assert harness.library.get(article_id).progress == pytest.approx(bar.value() / bar.maximum())


# --- when an article counts as read (issue 13, item 4) ----------------------------------------
def _fill_unread(harness, n: int) -> list[int]:  # noqa: F811
    ids = [_long_article(harness.library, 10 + i, 1500) for i in range(n)]
    harness.window.model.reload()
    return ids


def _read(harness, article_id: int) -> bool:  # noqa: F811
    harness.settle()
    return harness.library.get(article_id).read_at is not None


@pytest.fixture
def quick_read(monkeypatch):
    monkeypatch.setattr(read_marker, "MARK_READ_MS", 400)


def test_browsing_past_articles_does_not_mark_them_read(harness, quick_read):  # noqa: F811
    ids = _fill_unread(harness, 4)
    window = harness.window
    window.list.setFocus()
    harness.click_row(0)
    for key in (Qt.Key.Key_J, Qt.Key.Key_J, Qt.Key.Key_Down, Qt.Key.Key_K):
        harness.qtbot.keyClick(window.list, key)
    # A right-click on another row opens a context menu, and does not read it either.
    view = window.list
    other = window.model.index(3)
    harness.qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.RightButton, pos=view.visualRect(other).center()
    )
    shown = window.reader.article.id
    assert [_read(harness, i) for i in ids] == [False] * 4
    # Staying on one for the set time reads that one only.
    harness.qtbot.waitUntil(lambda: _read(harness, shown), timeout=5_000)
    assert [_read(harness, i) for i in ids if i != shown] == [False] * 3


def test_scrolling_an_article_marks_it_read_at_once(harness):  # noqa: F811
    ids = _fill_unread(harness, 2)
    window = harness.window
    window.show_article_id(ids[1])
    assert not _read(harness, ids[1])
    bar = window.reader.verticalScrollBar()
    harness.qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    window.reader.flush_progress()
    assert _read(harness, ids[1]) and not _read(harness, ids[0])


@pytest.mark.parametrize(("rule", "read_at_once"), [("on_open", True), ("manual", False)])
def test_the_mark_read_rule_is_a_setting(harness, quick_read, rule, read_at_once):  # noqa: F811
    ids = _fill_unread(harness, 2)
    window = harness.window
    window.settings.setValue(read_marker.MARK_READ_SETTING, rule)
    window.show_article_id(ids[0])
    assert _read(harness, ids[0]) is read_at_once
    harness.qtbot.wait(read_marker.MARK_READ_MS + 300)
    bar = window.reader.verticalScrollBar()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    window.reader.flush_progress()
    assert _read(harness, ids[0]) is read_at_once


def test_mark_as_unread_from_the_keyboard_and_the_menus(harness, quick_read):  # noqa: F811
    ids = _fill_unread(harness, 3)
    for article_id in ids:
        harness.library.mark_read(article_id)
    window = harness.window
    window.model.reload()
    window.list.setFocus()
    harness.click_row(0)
    first = window.reader.article.id
    action = window.actions_["toggle_read"]
    assert action.text() == "Mark as &unread" and action.isEnabled()
    harness.qtbot.keyClick(window.list, Qt.Key.Key_U)
    assert not _read(harness, first)
    # Kept unread: neither the timer nor scrolling reads it again while it is open.
    bar = window.reader.verticalScrollBar()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    window.reader.flush_progress()
    harness.qtbot.wait(read_marker.MARK_READ_MS + 300)
    assert not _read(harness, first)
    assert window.actions_["toggle_read"].text() == "Mark as &read"
    harness.qtbot.keyClick(window.list, Qt.Key.Key_U)
    assert _read(harness, first)
    menu_texts = [a.objectName() for a in window.menuBar().actions()[3].menu().actions()]
    assert "toggle_read" in menu_texts
    menus.show_context_menu(window, window.list.visualRect(window.model.index(1)).center())
    assert window.actions_["toggle_read"] in window.context_menu.actions()
    window.context_menu.close()
    assert [_read(harness, i) for i in ids] == [True] * 3


@pytest.mark.parametrize("undo", [False, True])
def test_cli_read_marks_read_and_unread(library, tmp_path, capsys, undo):
    from newsreader import cli

    ids = [library.save(content(i)).article_id for i in range(3)]
    if undo:
        for article_id in ids:
            library.mark_read(article_id)
    argv = ["--library", str(tmp_path / "library"), "read", str(ids[0]), str(ids[2])]
    assert cli.main(argv + (["--undo"] if undo else [])) == 0
    out = capsys.readouterr().out
    assert ("marked unread" if undo else "marked read") in out
    states = [library.get(i).read_at is None for i in ids]
    assert states == ([True, False, True] if undo else [False, True, False])
    assert cli.main(["--library", str(tmp_path / "library"), "read", "99999"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(("fraction", "shown"), [(0.0, "0 %"), (0.43, "43 %"), (1.0, "✓ Finished")])
def test_the_reader_shows_how_far_in_the_reader_is(harness, fraction, shown):  # noqa: F811
    article_id = _long_article(harness.library, 20, 3000)
    window = harness.window
    window.model.reload()
    window.show_article_id(article_id)
    bar = window.reader.verticalScrollBar()
    harness.qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setSliderPosition(round(fraction * bar.maximum()))
    label = window.reader.position_label
    assert label.text() == shown and label.isVisible()
    window.reader.show_placeholder("nothing")
    assert not label.isVisible()


# --- the window restoring itself never marks read (review of issue 13) -----------------------
def test_an_article_marked_unread_stays_unread_across_a_restart(harness, monkeypatch):  # noqa: F811
    """U, quit, start again: reopening the last article is the window's doing, not
    reading, so the read timer does not run for it."""
    monkeypatch.setattr(read_marker, "MARK_READ_MS", 200)
    h = harness
    article = h.library.save(content(1, title="Les meg senere")).article_id
    h.library.mark_read(article)
    h.window.model.reload()
    h.window.show_article_id(article)
    h.window.actions_["toggle_read"].trigger()  # Mark as unread
    h.settle()
    assert h.library.summaries([article])[0].read_at is None
    h.window.close()
    h.settle()
    settings = QSettings(str(h.settings_path), QSettings.Format.IniFormat)
    again = MainWindow(h.library, h.queue, settings, open_external=lambda u: None)
    h.qtbot.addWidget(again)
    h.window = again
    assert again.current.id == article
    h.qtbot.wait(600)  # three times the read timer
    h.settle()
    assert h.library.summaries([article])[0].read_at is None


def test_scrolling_then_quitting_keeps_an_article_marked_unread(harness):  # noqa: F811
    """U, scroll, quit at once: the last position is stored, the article stays unread."""
    h = harness
    article = h.library.save(content(7, text="Avsnitt med litt tekst. " * 3000)).article_id
    h.library.mark_read(article)
    h.window.model.reload()
    h.window.show_article_id(article)
    h.window.actions_["toggle_read"].trigger()
    bar = h.window.reader.verticalScrollBar()
    h.qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    h.window.close()
    h.settle()
    summary = h.library.summaries([article])[0]
    assert summary.read_at is None
    assert summary.progress > 0
