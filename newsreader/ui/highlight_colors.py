"""How the four highlight colours (library.highlights.COLORS) look and are named.

Each colour has a shade for light pages (light and sepia themes) and one for dark
pages: the text keeps the theme's own colour, so the shade must leave it readable.
Light shades are the pale marker colours of Apple Books and Readwise; dark shades are
the same hues darkened until the dark theme's text (#dcdcd8) keeps a contrast ratio
of at least 7:1 (WCAG AAA) on them (tests/test_highlight_colors.py measures it).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from newsreader.library.highlights import COLORS

# (light page, dark page)
SHADES = {
    "yellow": ("#fbe89a", "#4d4010"),
    "green": ("#c5ebb4", "#28492a"),
    "blue": ("#bfdcf7", "#1f3f5e"),
    "red": ("#f8c4c9", "#5c2630"),
}
NAMES = {
    "yellow": QT_TRANSLATE_NOOP("HighlightColors", "Yellow"),
    "green": QT_TRANSLATE_NOOP("HighlightColors", "Green"),
    "blue": QT_TRANSLATE_NOOP("HighlightColors", "Blue"),
    "red": QT_TRANSLATE_NOOP("HighlightColors", "Red"),
}
assert tuple(SHADES) == COLORS and tuple(NAMES) == COLORS


def shade(color: str, dark: bool) -> QColor:
    """The background a highlight of ``color`` (an identifier) is drawn with on a
    light or a dark page."""
    light_shade, dark_shade = SHADES.get(color, SHADES["yellow"])
    return QColor(dark_shade if dark else light_shade)


def name(color: str) -> str:
    """The colour's name in the interface's language."""
    return QCoreApplication.translate("HighlightColors", NAMES.get(color, color))
