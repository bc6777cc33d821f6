"""Issue 13, item 9: the Settings dialog, driven as a person would, over a real window
and library; what it stores is read back from the settings file itself."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from newsreader import paths
from newsreader.library.library import Library
from newsreader.ui import theme
from newsreader.ui.app import library_location
from newsreader.ui.list_model import View
from newsreader.ui.preferences import KEYS, Preferences
from newsreader.ui.settings_dialog import SettingsDialog
from newsreader.ui.window_settings import save_settings
from tests.test_library import content
from tests.test_window import Harness


@pytest.fixture
def harness(qtbot, library, saver, tmp_path) -> Iterator[Harness]:
    h = Harness(qtbot, library, saver, tmp_path / "settings.ini")
    yield h
    h.window.close()
    h.queue.close()
    theme.manager().apply("system")


def _open_dialog(harness_) -> SettingsDialog:
    window = harness_.window
    harness_.qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    harness_.qtbot.waitUntil(dialog.isVisible)
    return dialog


def _press(harness_, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    harness_.qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def _pick(combo, identifier: str) -> None:
    index = combo.findData(identifier)
    assert index >= 0, identifier
    combo.setCurrentIndex(index)


def _stored(settings_path: Path) -> dict[str, object]:
    fresh = QSettings(str(settings_path), QSettings.Format.IniFormat)
    return {key: fresh.value(key) for key in KEYS.values()}


def _other_family(avoid: str) -> str:
    families = [f for f in QFontDatabase.families() if f != avoid and not f.startswith("Noto")]
    for wanted in ("DejaVu Sans Mono", "Nimbus Mono PS [urw]", "DejaVu Serif"):
        if wanted in families:
            return wanted
    return families[0]


def _column_chars(window) -> float:
    reader = window.reader
    margin = reader.document().rootFrame().frameFormat().leftMargin()
    per_char = QFontMetricsF(reader.reader_font()).averageCharWidth()
    return (reader.viewport().width() - 2 * margin) / per_char


def _body_line_height(window) -> float:
    block = window.reader.document().findBlock(window.reader._body_start())
    while block.isValid() and not block.text().strip():
        block = block.next()
    return block.blockFormat().lineHeight()


CHOICES = [
    # theme, own font?, size, characters a line, spacing %, view, order, read rule, language
    ("dark", True, 17.0, 50, 200, "favorites", "title", "manual", "nb"),
    ("sepia", False, 10.0, 90, 120, "archive", "site", "on_open", "en"),
    ("light", True, 14.5, 60, 175, "all", "published", "after_seconds", "system"),
]


@pytest.mark.parametrize("choice", CHOICES)
def test_each_setting_is_stored_as_an_identifier_and_takes_effect(harness, tmp_path, choice):
    name, own_font, size, chars, spacing, view, order, rule, language = choice
    first = harness.library.save(content(1, text="Nordlys over fjellet. " * 300)).article_id
    second = harness.library.save(content(2, text="Sol.")).article_id
    harness.library.set_favorite(first, True)
    harness.library.set_state(second, "archived")
    window = harness.window
    window.resize(2000, 800)
    harness.qtbot.waitUntil(lambda: window.width() == 2000)
    window.model.reload()
    window.show_article_id(first)
    dialog = _open_dialog(harness)
    family = _other_family(window.reader.reader_font().family()) if own_font else ""
    new_library = tmp_path / "elsewhere" / "Mitt bibliotek"
    dialog.library_field.setText(str(new_library))
    _pick(dialog.theme_combo, name)
    dialog.builtin_font.setChecked(not own_font)
    if own_font:
        dialog.font_combo.setCurrentFont(QFont(family))
    dialog.size_spin.setValue(size)
    dialog.width_spin.setValue(chars)
    dialog.spacing_spin.setValue(spacing)
    _pick(dialog.view_combo, view)
    _pick(dialog.order_combo, order)
    _pick(dialog.read_combo, rule)
    _pick(dialog.language_combo, language)
    _press(harness, dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()

    stored = _stored(harness.settings_path)
    assert paths.chosen_library() == new_library
    assert "library/path" not in stored
    assert stored["reader/theme"] == name
    assert stored["reader/fontFamily"] == family
    assert float(stored["reader/pointSize"]) == size
    assert int(stored["reader/lineChars"]) == chars
    assert int(stored["reader/lineSpacing"]) == spacing
    assert stored["list/startView"] == view and stored["list/order"] == order
    assert stored["reading/mark_read"] == rule and stored["interface/language"] == language

    # At once: theme, type, column, spacing, view and sort; the read rule as it is read.
    assert window.reader.theme_name == name
    assert window.reader.palette().base().color().name() == theme.THEMES[name].reader_background
    font = window.reader.document().defaultFont()
    assert font.pointSizeF() == size
    if own_font:
        assert font.families()[0] == family
    assert chars - 3 <= _column_chars(window) <= chars + 3
    assert _body_line_height(window) == spacing
    assert window.model.query.view is View(view) and window.model.query.order == order
    assert window.marker.rule() == rule
    # The library stays where it is until the next start.
    assert window.library.paths.root == harness.library.paths.root

    # "Show at start" wins over the view used last.
    window.articles.set_view_id("unread" if view == "all" else "all")
    window.close()
    again = harness.new_window()
    harness.window = again
    assert again.model.query.view is View(view) and again.model.query.order == order
    assert again.reader.document().defaultFont().pointSizeF() == size
    assert again.reader.column_chars == chars and again.reader.theme_name == name


def _unusable(tmp_path: Path, kind: str) -> str:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    return {
        "relative": "Articles",
        "relative nested": "bibliotek/nytt",
        "a file": str(a_file),
        "under a file": str(a_file / "library"),
        "read-only": "/sys/newsreader-library",  # sysfs: not even root may create files
    }[kind]


@pytest.mark.parametrize(
    "kind", ["relative", "relative nested", "a file", "under a file", "read-only"]
)
def test_a_library_folder_that_cannot_be_used_is_refused_in_one_line(harness, tmp_path, kind):
    text = _unusable(tmp_path, kind)
    dialog = _open_dialog(harness)  # which stores the window as it is first
    before = _stored(harness.settings_path)
    dialog.library_field.setText(text)
    _pick(dialog.theme_combo, "dark")
    _press(harness, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    line = dialog.problem.text()
    assert dialog.problem.isVisible() and line and "\n" not in line
    assert _stored(harness.settings_path) == before  # nothing stored, not even the theme
    assert harness.window.reader.theme_name == "system"
    # Corrected, the same dialog stores it.
    dialog.library_field.setText(str(tmp_path / "new library"))
    _press(harness, dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()
    assert paths.chosen_library() == tmp_path / "new library"


def test_cancel_changes_nothing(harness, tmp_path):
    article = harness.library.save(content(1, text="Nordlys. " * 200)).article_id
    window = harness.window
    window.model.reload()
    window.show_article_id(article)
    html_before = window.reader.toHtml()
    query_before = window.model.query
    save_settings(window)
    file_before = harness.settings_path.read_bytes()
    dialog = _open_dialog(harness)
    dialog.library_field.setText(str(tmp_path / "other"))
    _pick(dialog.theme_combo, "dark")
    dialog.builtin_font.setChecked(False)
    dialog.font_combo.setCurrentFont(QFont(_other_family("")))
    dialog.size_spin.setValue(30)
    dialog.width_spin.setValue(41)
    dialog.spacing_spin.setValue(240)
    _pick(dialog.view_combo, "archive")
    _pick(dialog.order_combo, "site")
    _pick(dialog.read_combo, "manual")
    _pick(dialog.language_combo, "nb")
    _press(harness, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not dialog.isVisible()
    assert harness.settings_path.read_bytes() == file_before
    assert window.reader.theme_name == "system"
    assert window.reader.toHtml() == html_before
    assert window.model.query == query_before


def test_the_settings_action_is_in_the_edit_menu_with_its_shortcut(harness):
    window = harness.window
    edit = window.menuBar().actions()[1].menu()
    action = window.actions_["settings"]
    assert action in edit.actions()
    assert "Ctrl+," in [k.toString() for k in action.shortcuts()]


@pytest.mark.parametrize(
    "stored, expected",
    [
        ({}, Preferences()),
        (
            {"reader/theme": "Dark", "list/startView": "Favourites", "reader/pointSize": "99"},
            Preferences(),
        ),
        (
            {"list/startView": "favorites", "list/view": "archive"},
            Preferences(view="favorites"),
        ),
        (
            {"list/startView": "archive", "list/order": "random", "reading/mark_read": "never"},
            Preferences(view="archive"),
        ),
        (
            {"reader/lineChars": "abc", "reader/lineSpacing": "90", "interface/language": "de"},
            Preferences(),
        ),
        (
            {"reader/theme": "sepia", "reader/lineChars": "72", "interface/language": "nb"},
            Preferences(theme="sepia", line_chars=72, language="nb"),
        ),
    ],
)
def test_stored_values_are_read_as_identifiers_and_bad_ones_as_defaults(tmp_path, stored, expected):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    for key, value in stored.items():
        settings.setValue(key, value)
    assert Preferences.load(settings) == expected


def test_which_library_the_window_opens(tmp_path, monkeypatch):
    chosen = tmp_path / "chosen"
    paths.choose_library(chosen)
    from_env = tmp_path / "from-env"
    monkeypatch.setenv(paths.LIBRARY_ENV, str(from_env))
    explicit = tmp_path / "explicit"
    # --library, then $NEWSREADER_LIBRARY, then the folder chosen in Settings, then the default.
    assert library_location(str(explicit)) == (explicit, True)
    assert library_location(None) == (from_env, True)
    monkeypatch.delenv(paths.LIBRARY_ENV)
    assert library_location(None) == (chosen, False)
    paths.choose_library(None)
    assert library_location(None) == (paths.default_library_dir(), False)


@pytest.mark.parametrize("garbage", ["", "relative/folder", "\n\n", "\udcff"])
def test_an_unusable_chosen_library_file_means_the_default(tmp_path, garbage):
    paths.chosen_library_file().parent.mkdir(parents=True, exist_ok=True)
    paths.chosen_library_file().write_bytes(garbage.encode("utf-8", "surrogateescape"))
    assert paths.chosen_library() is None


def test_the_command_line_uses_the_library_chosen_in_settings(tmp_path, monkeypatch):
    """The choice lives where the Qt-free command line reads it too."""
    chosen = tmp_path / "Mitt bibliotek"
    library = Library(chosen)
    library.save(content(1, title="Valgt bibliotek"))
    library.close()
    paths.choose_library(chosen)
    monkeypatch.delenv(paths.LIBRARY_ENV)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Valgt bibliotek" in done.stdout


def test_the_dialog_says_when_the_library_was_given_for_this_run(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    given = SettingsDialog(settings, tmp_path / "lib", overridden=True)
    qtbot.addWidget(given)
    assert "--library" in given.library_note.text()
    plain = SettingsDialog(settings, tmp_path / "lib")
    qtbot.addWidget(plain)
    assert "next time" in plain.library_note.text()
    assert str(tmp_path / "lib") in plain.library_note.text()


def test_the_reader_html_uses_the_chosen_font_width_and_spacing(harness):
    article = harness.library.save(content(1, text="Ord " * 2000)).article_id
    window = harness.window
    window.resize(2000, 800)
    harness.qtbot.waitUntil(lambda: window.width() == 2000)
    window.model.reload()
    window.show_article_id(article)
    widths = []
    for chars in (45, 68, 100):
        window.reader.set_typography("", 13.0, chars, 155)
        widths.append(_column_chars(window))
        assert chars - 3 <= widths[-1] <= chars + 3
    cursor = QTextCursor(window.reader.document())
    assert cursor.document().defaultFont().pointSizeF() == 13.0


def test_the_dialog_starts_from_the_window_as_it_is_now(harness):
    """Theme from the View menu, Ctrl++ and the list's sort are not lost when the
    Settings dialog is opened and confirmed for something else."""
    window = harness.window
    (dark,) = [a for a in window.controls.theme_group.actions() if a.data() == "dark"]
    dark.trigger()
    window.actions_["zoom_in"].trigger()
    window.actions_["zoom_in"].trigger()
    size = window.reader.point_size
    window.articles.order_combo.setCurrentIndex(window.articles.order_combo.findData("title"))
    dialog = _open_dialog(harness)
    assert dialog.theme_combo.currentData() == "dark"
    assert dialog.size_spin.value() == pytest.approx(size, abs=0.05)
    assert dialog.order_combo.currentData() == "title"
    dialog.width_spin.setValue(dialog.width_spin.value() + 4)
    _press(harness, dialog, QDialogButtonBox.StandardButton.Ok)
    assert window.reader.theme_name == "dark"
    assert window.reader.point_size == pytest.approx(size, abs=0.05)
    assert window.articles.order() == "title"
    stored = _stored(harness.settings_path)
    assert stored["reader/theme"] == "dark" and stored["list/order"] == "title"
