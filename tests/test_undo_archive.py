"""Issue 13, item 4: Archive has Undo like Delete (the same banner, Ctrl+Z), for one
article or many, and so has moving back to Unread. Real library, real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from newsreader.ui import pending_undo
from tests.test_library import content
from tests.test_window import harness, press  # noqa: F401  (the fixture)

CTRL = Qt.KeyboardModifier.ControlModifier


def _fill(h, n: int) -> list[int]:
    ids = [h.library.save(content(i)).article_id for i in range(n)]
    h.window.model.reload()
    return ids


def _select(h, rows: range) -> None:
    window = h.window
    window.list.setFocus()
    h.click_row(rows[0])
    selection = QItemSelection(window.model.index(rows[0]), window.model.index(rows[-1]))
    window.list.selectionModel().select(
        selection,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _states(h, ids):
    return [s.state for s in h.library.summaries(ids)]


@pytest.mark.parametrize("n", [1, 3, 5])
def test_archive_then_ctrl_z_brings_every_article_back(harness, n):  # noqa: F811
    h = harness
    ids = _fill(h, n + 2)
    window = h.window
    titles = h.row_titles()
    _select(h, range(0, n))
    chosen = [window.model.article_id_at(r) for r in range(n)]
    press(h.qtbot, window.list, Qt.Key.Key_E)
    h.settle()
    assert all(s == "archived" for s in _states(h, chosen))
    expected = f"Archived “{titles[0]}”." if n == 1 else f"Archived {n} articles."
    assert window.banner.isVisible() and window.banner.label.text() == expected + "  (Ctrl+Z)"
    assert window.banner.action_button.text() == "Undo"
    assert len(h.row_titles()) == len(ids) - n
    press(h.qtbot, window.list, Qt.Key.Key_Z, CTRL)
    h.settle()
    assert all(s == "unread" for s in _states(h, ids))
    assert h.row_titles() == titles  # back in their places
    assert window.reader.article.id in chosen
    assert window.statusBar().currentMessage() == "Archive undone."


def test_the_banners_undo_button_takes_back_an_archive_from_the_reader(harness):  # noqa: F811
    h = harness
    ids = _fill(h, 3)
    window = h.window
    h.select("Tittel 2")
    window.reader.setFocus()
    press(h.qtbot, window.reader, Qt.Key.Key_E)
    h.settle()
    assert _states(h, [ids[2]]) == ["archived"]
    assert window.reader.article.id == ids[1]  # the next one opened
    h.qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
    h.settle()
    assert _states(h, [ids[2]]) == ["unread"]
    assert window.reader.article.id == ids[2]
    assert not window.actions_["undo"].isEnabled()


def test_moving_back_to_unread_can_be_undone_too(harness):  # noqa: F811
    h = harness
    ids = _fill(h, 3)
    h.library.set_state_many(ids[:2], "archived")
    window = h.window
    window.view_combo.setCurrentIndex(window.view_combo.findText("Archive"))
    _select(h, range(0, 2))
    press(h.qtbot, window.list, Qt.Key.Key_E)
    h.settle()
    assert _states(h, ids[:2]) == ["unread", "unread"]
    assert window.banner.label.text() == "Moved 2 articles back to Unread.  (Ctrl+Z)"
    press(h.qtbot, window.list, Qt.Key.Key_Z, CTRL)
    h.settle()
    assert _states(h, ids[:2]) == ["archived", "archived"]
    assert _states(h, [ids[2]]) == ["unread"]


def test_ctrl_z_takes_back_the_latest_first_archive_or_delete(harness):  # noqa: F811
    h = harness
    ids = _fill(h, 4)
    window = h.window
    h.select("Tittel 3")
    press(h.qtbot, window.list, Qt.Key.Key_Delete)
    h.select("Tittel 1")
    press(h.qtbot, window.list, Qt.Key.Key_E)
    h.settle()
    press(h.qtbot, window.list, Qt.Key.Key_Z, CTRL)  # the archive
    h.settle()
    assert _states(h, [ids[1]]) == ["unread"]
    assert "Tittel 3" not in h.row_titles()  # still deleted, waiting
    assert window.banner.label.text() == "Deleted “Tittel 3”.  (Ctrl+Z)"
    press(h.qtbot, window.list, Qt.Key.Key_Z, CTRL)  # the delete
    assert "Tittel 3" in h.row_titles()
    window.undo.commit_all()
    h.settle()
    assert len(h.library.summaries(ids)) == 4


def test_an_archive_past_its_undo_time_stays_archived(harness, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pending_undo, "UNDO_MS", 50)
    h = harness
    ids = _fill(h, 2)
    window = h.window
    h.select("Tittel 1")
    press(h.qtbot, window.list, Qt.Key.Key_E)
    h.qtbot.waitUntil(lambda: not window.actions_["undo"].isEnabled(), timeout=5000)
    press(h.qtbot, window.list, Qt.Key.Key_Z, CTRL)
    window.close()
    h.settle()
    assert _states(h, [ids[1]]) == ["archived"]
    assert _states(h, [ids[0]]) == ["unread"]
