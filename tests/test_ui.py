"""The window that `newsreader` without arguments opens (a placeholder until issue 3)."""

from __future__ import annotations

from newsreader.library.library import Library
from newsreader.ui.app import PlaceholderWindow
from tests.test_library import content


def test_placeholder_window_shows_the_library(qtbot, tmp_path):
    with Library(tmp_path / "lib") as library:
        library.save(content(1))
        library.save(content(2))
        window = PlaceholderWindow(library)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        text = window.centralWidget().text()
    assert "2 saved articles" in text
    assert str(tmp_path / "lib") in text
    assert window.windowTitle() == "newsreader"
