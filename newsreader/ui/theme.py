"""The window's themes: one definition per theme gives both the whole window's palette
(list, toolbar, menus, dialogs, status bar, scrollbars) and the reader's colours.

A theme is stored as an identifier (setting ``reader/theme``): "system", "light",
"sepia" or "dark". "system" follows the system's colour scheme
(``QStyleHints.colorScheme``, live through ``colorSchemeChanged``): the platform's
own style and palette when they already match the scheme, else the light or dark
theme below. Any other theme uses the Fusion style, which draws every widget from the
palette (platform styles such as GTK or macOS may ignore an application palette).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

THEME_NAMES = ("system", "light", "sepia", "dark")
DEFAULT_THEME = "system"
# What the menus and the Settings dialog show; QCoreApplication.translate("Theme", …).
THEME_TITLES = {
    "system": QT_TRANSLATE_NOOP("Theme", "System"),
    "light": QT_TRANSLATE_NOOP("Theme", "Light"),
    "sepia": QT_TRANSLATE_NOOP("Theme", "Sepia"),
    "dark": QT_TRANSLATE_NOOP("Theme", "Dark"),
}
FUSION = "fusion"


@dataclass(frozen=True)
class Theme:
    """One theme's colours, as "#rrggbb". ``window``…``link`` make the window's palette;
    ``reader_background``, ``reader_text`` and ``muted`` (bylines, captions) are the
    reader's own page."""

    name: str  # "light", "sepia" or "dark": a definition, never "system"
    dark: bool
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    disabled_text: str
    reader_background: str
    reader_text: str
    muted: str


THEMES = {
    "light": Theme(
        "light", False, "#f3f3f3", "#1f1f1f", "#ffffff", "#f6f6f6", "#1f1f1f", "#ececec",
        "#3d7cc9", "#ffffff", "#1a5fb4", "#9a9a9a", "#ffffff", "#1f1f1f", "#6b6b6b",
    ),
    "sepia": Theme(
        "sepia", False, "#ebe1c9", "#3b2f24", "#f8f1e0", "#f1e7d0", "#3b2f24", "#e4d8bb",
        "#a0643a", "#ffffff", "#8a4b08", "#a39580", "#f4ecd8", "#3b2f24", "#7d6a55",
    ),
    "dark": Theme(
        "dark", True, "#2b2d31", "#dcdcd8", "#1e1f22", "#25272b", "#dcdcd8", "#35373c",
        "#3d6fb0", "#ffffff", "#8ab4f8", "#7a7a78", "#1e1f22", "#dcdcd8", "#9a9a96",
    ),
}  # fmt: skip


def palette(theme: Theme) -> QPalette:
    """The whole window's QPalette for ``theme``: every role of every colour group set,
    the bevel shades (Light…Shadow) derived from the button colour as Fusion expects."""
    p = QPalette()
    role = QPalette.ColorRole
    button = QColor(theme.button)
    colors = {
        role.Window: theme.window,
        role.WindowText: theme.window_text,
        role.Base: theme.base,
        role.AlternateBase: theme.alternate_base,
        role.ToolTipBase: theme.base,
        role.ToolTipText: theme.text,
        role.PlaceholderText: theme.disabled_text,
        role.Text: theme.text,
        role.Button: theme.button,
        role.ButtonText: theme.window_text,
        role.BrightText: "#ff5555" if theme.dark else "#c0392b",
        role.Highlight: theme.highlight,
        role.HighlightedText: theme.highlighted_text,
        role.Link: theme.link,
        role.LinkVisited: theme.link,
    }
    for key, value in colors.items():
        p.setColor(key, QColor(value))
    p.setColor(role.Light, button.lighter(135 if theme.dark else 150))
    p.setColor(role.Midlight, button.lighter(115))
    p.setColor(role.Mid, button.darker(130 if theme.dark else 120))
    p.setColor(role.Dark, button.darker(160 if theme.dark else 140))
    p.setColor(role.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for key in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, key, QColor(theme.disabled_text))
    p.setColor(disabled, role.Highlight, button.darker(120))
    return p


def is_dark(pal: QPalette) -> bool:
    """Whether ``pal`` is a dark palette: its window colour darker than its text."""
    return (
        pal.color(QPalette.ColorRole.Window).lightness()
        < pal.color(QPalette.ColorRole.WindowText).lightness()
    )


class ThemeManager(QObject):
    """Applies the chosen theme to the whole application and keeps "system" in step
    with the system's colour scheme. ``changed`` is emitted with the Theme in effect
    after every change, live scheme switches included."""

    changed = Signal(object)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._native_style = app.style().name()
        self.chosen = DEFAULT_THEME
        self._scheme = app.styleHints().colorScheme()
        self.effective: Theme = THEMES["dark" if self._scheme_dark() else "light"]
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def _scheme_dark(self) -> bool:
        return self._scheme == Qt.ColorScheme.Dark

    def apply(self, name: str) -> Theme:
        """Use theme ``name`` (one of THEME_NAMES; anything else is "system") for the
        whole application. Returns the Theme now in effect."""
        self.chosen = name if name in THEME_NAMES else DEFAULT_THEME
        if self.chosen == "system":
            wanted = THEMES["dark" if self._scheme_dark() else "light"]
            self._set_style(self._native_style)
            self._app.setPalette(QPalette())  # the platform's own, following it
            if is_dark(self._app.palette()) != wanted.dark:
                # The platform's palette does not follow its own scheme: ours does.
                self._set_style(FUSION)
                self._app.setPalette(palette(wanted))
        else:
            wanted = THEMES[self.chosen]
            self._set_style(FUSION)
            self._app.setPalette(palette(wanted))
        self.effective = wanted
        self.changed.emit(wanted)
        return wanted

    def _set_style(self, name: str) -> None:
        if self._app.style().name().lower() == name.lower():
            return
        style = QStyleFactory.create(name)
        if style is None:
            log.warning("the %s style is not available", name)
            return
        self._app.setStyle(style)

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        if self.chosen == "system":
            self.apply("system")


def manager() -> ThemeManager:
    """The application's one ThemeManager, made on first use (a QApplication must
    exist)."""
    app = QGuiApplication.instance()
    found = app.findChild(ThemeManager, "themeManager")
    if found is None:
        found = ThemeManager(app)
        found.setObjectName("themeManager")
    return found


# The message banner's (background, text, border) per level ("info", "warning",
# "error"), for a light and for a dark window.
BANNER_COLORS = {
    "info": (("#e8f1fb", "#1d3b5c", "#a9c7e8"), ("#1f3347", "#cfe2f7", "#35557a")),
    "warning": (("#fff4d6", "#5c4400", "#e5c66e"), ("#3d3318", "#f2dc9b", "#6b5a26")),
    "error": (("#fde8e6", "#6b1a12", "#eba59c"), ("#45211e", "#f5c1bb", "#7a3a33")),
}


def banner_colors(level: str, pal: QPalette) -> tuple[str, str, str]:
    """(background, text, border) of the banner for ``level`` in a window of palette
    ``pal``: the dark set when the palette is dark (see is_dark)."""
    light, dark = BANNER_COLORS[level]
    return dark if is_dark(pal) else light


def title(name: str) -> str:
    """Theme ``name`` as shown, translated (context "Theme")."""
    return QCoreApplication.translate("Theme", THEME_TITLES[name])
