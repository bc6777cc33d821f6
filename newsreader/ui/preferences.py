"""What a person sets in the Settings dialog, read from and written to the window's
QSettings (``paths.settings_file()``) as identifiers and numbers, never as shown text.

The library folder is not kept here but in ``paths.chosen_library_file()``, which the
command line reads too (``library_path``: "" for the default).

Keys (all optional; a missing, unknown or out-of-range value reads as the default):

================== =========================================================== ===========
key                value                                                       default
================== =========================================================== ===========
reader/theme       "system", "light", "sepia", "dark" (ui/theme.py)            "system"
reader/fontFamily  a font family name; "" for the built-in serif or sans list  ""
reader/pointSize   points, 8 to 32                                             13
reader/lineChars   characters a line of the reader's column, 40 to 120         68
reader/lineSpacing line height in percent of the font's line spacing, 100-250  155
list/startView     "last" (the view used last, list/view), "unread",          "last"
                   "favorites", "archive", "all"
list/order         "saved", "published", "title", "site"                       "saved"
reading/mark_read  "after_seconds", "on_open", "manual" (ui/read_marker)       "after_seconds"
interface/language "system", "en", "nb"                                        "system"
================== =========================================================== ===========
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PySide6.QtCore import QSettings

from newsreader import paths
from newsreader.ui import article_list, reader, theme, translation, view_chooser
from newsreader.ui.read_marker import MARK_READ_RULES, MARK_READ_SETTING

# "last": the view used last (list/view); then the fixed views of the list.
VIEWS = ("last", *(identifier for identifier, _, _ in view_chooser.VIEWS))
ORDERS = tuple(identifier for identifier, _ in article_list.ORDERS)
LANGUAGES = translation.CHOICES

KEYS = {
    "theme": "reader/theme",
    "font_family": "reader/fontFamily",
    "point_size": "reader/pointSize",
    "line_chars": "reader/lineChars",
    "line_spacing": "reader/lineSpacing",
    "view": "list/startView",
    "order": "list/order",
    "mark_read": MARK_READ_SETTING,
    "language": "interface/language",
}


@dataclass(frozen=True)
class Preferences:
    library_path: str = ""
    theme: str = theme.DEFAULT_THEME
    font_family: str = ""
    point_size: float = reader.DEFAULT_POINT_SIZE
    line_chars: int = reader.COLUMN_CHARS
    line_spacing: int = reader.LINE_HEIGHT
    view: str = VIEWS[0]
    order: str = ORDERS[0]
    mark_read: str = MARK_READ_RULES[0]
    language: str = LANGUAGES[0]

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        """The preferences in ``settings``; each value not valid reads as its default."""
        d = cls()

        def text(name: str) -> str:
            value = settings.value(KEYS[name], getattr(d, name))
            return value if isinstance(value, str) else getattr(d, name)

        def one_of(name: str, allowed: tuple[str, ...]) -> str:
            value = text(name)
            return value if value in allowed else getattr(d, name)

        def number(name: str, kind: type, least: float, most: float):
            try:
                value = kind(float(settings.value(KEYS[name], getattr(d, name))))
            except (TypeError, ValueError):
                return getattr(d, name)
            return value if least <= value <= most else getattr(d, name)

        return cls(
            library_path=str(paths.chosen_library() or ""),
            theme=one_of("theme", theme.THEME_NAMES),
            font_family=text("font_family"),
            point_size=number("point_size", float, reader.MIN_POINT_SIZE, reader.MAX_POINT_SIZE),
            line_chars=number("line_chars", int, *reader.COLUMN_CHARS_RANGE),
            line_spacing=number("line_spacing", int, *reader.LINE_HEIGHT_RANGE),
            view=one_of("view", VIEWS),
            order=one_of("order", ORDERS),
            mark_read=one_of("mark_read", MARK_READ_RULES),
            language=one_of("language", LANGUAGES),
        )

    def store(self, settings: QSettings) -> None:
        """Write every preference to ``settings`` and sync it to disk, the library
        folder to ``paths.chosen_library_file()``. Raises OSError when that file
        cannot be written."""
        for name, value in asdict(self).items():
            if name != "library_path":
                settings.setValue(KEYS[name], value)
        if self.library_path != str(paths.chosen_library() or ""):
            paths.choose_library(self.library_path or None)
        settings.sync()
