"""Issue 13, item 8: the theme covers the whole window, and System follows the system.

Real window over a real library on the offscreen platform; colours are checked both
in the widgets' palettes and in the pixels they paint (``QWidget.grab``).
"""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from newsreader.ui import theme
from newsreader.ui.dialogs import TagsDialog
from newsreader.ui.messages import Level
from tests.test_library import content
from tests.test_window import Harness, harness  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def _system_theme_after() -> Iterator[None]:
    # The theme and the colour scheme belong to the whole application: later tests
    # start from the system's light look again.
    yield
    _set_scheme(Qt.ColorScheme.Light)
    theme.manager().apply("system")


def _set_scheme(scheme: Qt.ColorScheme) -> None:
    """What the system does when its dark mode changes. Platforms that support it take
    the request; the offscreen platform ignores it, so the signal the platform would
    send is sent instead."""
    hints = QGuiApplication.styleHints()
    hints.setColorScheme(scheme)
    if hints.colorScheme() != scheme:
        hints.colorSchemeChanged.emit(scheme)
    _delivered()


def _delivered() -> None:
    # A new application palette reaches the widgets through posted events.
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _luminance(color: QColor) -> float:
    return 0.2126 * color.red() + 0.7152 * color.green() + 0.0722 * color.blue()


def _painted(widget: QWidget) -> tuple[float, float, float]:
    """The mean (red, green, blue) of the pixels ``widget`` paints."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert image.width() > 0 and image.height() > 0, widget.objectName()
    total = [0.0, 0.0, 0.0]
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            total[0] += c.red()
            total[1] += c.green()
            total[2] += c.blue()
            count += 1
    return (total[0] / count, total[1] / count, total[2] / count)


def _painted_luminance(widget: QWidget) -> float:
    return _luminance(QColor(*(round(v) for v in _painted(widget))))


def _choose_from_menu(window, name: str) -> None:
    (action,) = [a for a in window.controls.theme_group.actions() if a.data() == name]
    action.trigger()
    _delivered()


def _surfaces(window) -> dict[str, QWidget]:
    """Every part of the window a theme must reach, made visible."""
    window.messages.show("Saved 3 articles", Level.INFO, action=("OK", lambda: None))
    dialog = TagsDialog("Tittel 1", ("a",), ["a", "b"], window)
    dialog.show()
    window.tags_probe = dialog
    _delivered()
    file_menu = window.menuBar().actions()[0].menu()
    return {
        "list": window.list.viewport(),
        "list scrollbar": window.list.verticalScrollBar(),
        "toolbar": window.toolbar,
        "menu bar": window.menuBar(),
        "menu": file_menu,
        "status bar": window.statusBar(),
        "banner": window.banner,
        "dialog": dialog,
        "reader": window.reader.viewport(),
    }


def _fill_list(harness_) -> None:
    for n in range(40):  # enough rows for the list to scroll
        harness_.library.save(content(n))
    harness_.window.model.reload()
    harness_.qtbot.waitUntil(lambda: harness_.window.list.verticalScrollBar().maximum() > 0)


@pytest.mark.parametrize("name", ["dark", "sepia", "light"])
def test_the_theme_chosen_covers_the_whole_window(harness, name):
    _fill_list(harness)
    window = harness.window
    _choose_from_menu(window, name)
    surfaces = _surfaces(window)
    defined = theme.THEMES[name]
    assert QApplication.style().name().lower() == "fusion"  # draws from the palette
    for part, widget in surfaces.items():
        background = widget.palette().color(widget.backgroundRole())
        red, green, blue = _painted(widget)
        shown = _luminance(QColor(round(red), round(green), round(blue)))
        if name == "dark":
            assert _luminance(background) < 70, (part, background.name())
            assert shown < 90, (part, shown)
        else:
            assert _luminance(background) > 170, (part, background.name())
            assert shown > 150, (part, shown)
        if name == "sepia" and part != "banner":
            assert red - blue > 12, (part, red, blue)  # warm paper, not grey
    viewport = window.list.viewport()
    assert viewport.palette().color(viewport.backgroundRole()).name() == defined.base
    assert window.reader.palette().base().color().name() == defined.reader_background
    assert window.reader.theme_name == name
    assert [a.data() for a in window.controls.theme_group.actions() if a.isChecked()] == [name]
    window.tags_probe.reject()


def test_switching_back_from_dark_repaints_everything_light(harness):
    _fill_list(harness)
    window = harness.window
    _choose_from_menu(window, "dark")
    surfaces = _surfaces(window)
    assert all(_painted_luminance(w) < 90 for w in surfaces.values())
    _choose_from_menu(window, "light")
    for part, widget in surfaces.items():
        assert _painted_luminance(widget) > 150, part
    window.tags_probe.reject()


def test_system_follows_the_systems_dark_mode_both_ways(harness):
    _fill_list(harness)
    window = harness.window
    _choose_from_menu(window, "system")
    surfaces = _surfaces(window)
    _set_scheme(Qt.ColorScheme.Dark)
    for part, widget in surfaces.items():
        assert _painted_luminance(widget) < 90, part
    assert window.reader.colors.dark
    assert window.reader.theme_name == "system"
    _set_scheme(Qt.ColorScheme.Light)
    for part, widget in surfaces.items():
        assert _painted_luminance(widget) > 150, part
    assert not window.reader.colors.dark
    _set_scheme(Qt.ColorScheme.Dark)
    assert _painted_luminance(window.list.viewport()) < 90
    window.tags_probe.reject()


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
def test_a_chosen_theme_stays_when_the_system_changes(harness, name):
    window = harness.window
    _choose_from_menu(window, name)
    for scheme in (Qt.ColorScheme.Dark, Qt.ColorScheme.Light):
        _set_scheme(scheme)
        viewport = window.list.viewport()
        base = viewport.palette().color(viewport.backgroundRole())
        assert base.name() == theme.THEMES[name].base, (scheme, base.name())


def test_a_new_window_starts_in_the_stored_theme(harness):
    _choose_from_menu(harness.window, "dark")
    harness.window.close()
    theme.manager().apply("light")  # as if another session had left it so
    again = harness.new_window()
    _delivered()
    assert again.reader.theme_name == "dark"
    assert _painted_luminance(again.list.viewport()) < 90
    harness.window = again


@pytest.mark.parametrize("name", ["dark", "sepia", "light"])
def test_the_status_bars_link_takes_the_themes_link_colour(harness, name):
    """QLabel fixes a link's colour when its text is set: the Saves count must follow
    a theme chosen afterwards (a newcomer found it pure blue on dark grey)."""
    window = harness.window
    window.save_urls(["ftp://example.no/sak.html"])
    harness.qtbot.waitUntil(window.in_flight_label.isVisible)
    _choose_from_menu(window, name)
    QApplication.processEvents()
    assert theme.THEMES[name].link.lower() in window.in_flight_label.text().lower()
