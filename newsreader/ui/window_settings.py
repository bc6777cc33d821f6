"""What the window keeps in its QSettings (``window.ini``) between runs: geometry,
splitter, the reader's type and theme, the list's view and order, the last article,
whether the notebook panel is shown (``reader/notebook``) and its splitter.
Values are identifiers, never the text shown: ``list/view`` is "unread",
"favorites", "archive", "all", "highlights", "tag:NAME", "saved:ID" (a saved search, by
its id: renaming it keeps it) or "saves" (older versions stored the shown text;
``view_chooser.migrate_view`` reads it), ``reader/theme`` a name of
``theme.THEME_NAMES``.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QByteArray

from newsreader.ui.preferences import Preferences


def restore_settings(window) -> None:
    """Apply the stored settings to ``window`` (a MainWindow), and show the article
    that was open last."""
    s = window.settings
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(1200, 780)
    splitter = s.value("window/splitter")
    if isinstance(splitter, QByteArray) and not splitter.isEmpty():
        window.splitter.restoreState(splitter)
    prefs = Preferences.load(s)
    reader = window.reader
    serif = window.actions_["serif"]
    serif.setChecked(str(s.value("reader/serif", True)).lower() in ("1", "true", "yes"))
    reader.serif = serif.isChecked()
    reader_splitter = s.value("window/readerSplitter")
    if isinstance(reader_splitter, QByteArray) and not reader_splitter.isEmpty():
        window.reader_splitter.restoreState(reader_splitter)
    # The notebook panel beside the reader (View ▸ Notebook), shown or not.
    shown = str(s.value("reader/notebook", False)).lower() in ("1", "true", "yes")
    window.actions_["notebook"].setChecked(shown)
    reader.set_typography(prefs.font_family, prefs.point_size, prefs.line_chars, prefs.line_spacing)
    window.controls.set_theme(prefs.theme)
    # The Settings dialog's "Show at start", else the view used last.
    view = prefs.view if prefs.view != "last" else s.value("list/view", "unread")
    window.articles.restore(view, prefs.order)
    last = s.value("reader/lastArticle")
    if last not in (None, ""):
        with contextlib.suppress(TypeError, ValueError):
            window.show_article_id(int(last), restored=True)


def save_settings(window) -> None:
    """Store what ``restore_settings`` reads."""
    s = window.settings
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/splitter", window.splitter.saveState())
    s.setValue("reader/pointSize", window.reader.point_size)
    s.setValue("reader/theme", window.reader.theme_name)
    s.setValue("reader/serif", window.reader.serif)
    s.setValue("reader/notebook", window.actions_["notebook"].isChecked())
    s.setValue("window/readerSplitter", window.reader_splitter.saveState())
    s.setValue("list/order", window.articles.order())
    s.setValue("list/view", window.articles.view_id())
    current = window.current.id
    s.setValue("reader/lastArticle", current if current is not None else "")
    s.sync()
