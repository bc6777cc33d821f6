"""Starting the window: what happens without a display."""

from __future__ import annotations

import sys

import pytest


def test_no_display_is_a_clear_message_not_a_qt_abort(monkeypatch):
    from newsreader.ui import preflight

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    if sys.platform.startswith("linux"):
        assert "no display" in preflight.problem()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert preflight.problem() is None


def test_window_command_without_a_display_exits_with_the_reason(tmp_path, capsys, monkeypatch):
    from newsreader.cli import main

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("DISPLAY decides only on Linux")
    assert main(["--library", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("newsreader: no display to open the window on")
