"""The one way the window talks to the person using it.

Everything the user should know goes through ``Messenger.show``: passing news goes
to the status bar, anything that needs reading or offers an action (Undo, Retry,
Save) goes to the banner above the list and reader. Deep code never shows
anything; it raises typed errors, and the window decides how to present them here.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStatusBar,
    QWidget,
)

from newsreader.ui import theme

log = logging.getLogger(__name__)


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


BANNER_TIMEOUT_MS = 12_000
STATUS_TIMEOUT_MS = 6_000


class MessageBanner(QFrame):
    """A one-line banner with an optional action button, dismissed by ✕ or by time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("bannerAction")
        self.close_button = QPushButton("✕", self)
        self.close_button.setObjectName("bannerClose")
        self.close_button.setFlat(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setFixedWidth(28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self.subject: str | None = None  # what the message is about (see Messenger.show)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.dismiss)
        self.action_button.clicked.connect(self._act)
        self.close_button.clicked.connect(self.dismiss)
        self.level = Level.INFO
        theme.manager().changed.connect(self._color)
        self.hide()

    def show_message(
        self,
        text: str,
        level: Level,
        action: tuple[str, Callable[[], None]] | None,
        timeout_ms: int | None,
        subject: str | None = None,
    ) -> None:
        self.level = level
        self.subject = subject
        self._color()
        self.label.setText(text)
        if action is None:
            self._callback = None
            self.action_button.hide()
        else:
            self.action_button.setText(action[0])
            self._callback = action[1]
            self.action_button.show()
        self.show()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def _color(self, *_theme: object) -> None:
        # Light or dark with the window's theme (ui/theme.py), also when it changes.
        background, foreground, border = theme.banner_colors(
            self.level.value, QApplication.palette()
        )
        sheet = (
            f"#messageBanner {{ background: {background}; border-bottom: 1px solid {border}; }}"
            f"#messageBanner QLabel {{ color: {foreground}; }}"
        )
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def _act(self) -> None:
        callback = self._callback
        self.dismiss()
        if callback is not None:
            callback()

    def dismiss(self) -> None:
        self._timer.stop()
        self._callback = None
        self.subject = None
        self.hide()


class Messenger:
    """Routes messages: actions and problems to the banner, news to the status bar."""

    def __init__(self, banner: MessageBanner, status_bar: QStatusBar) -> None:
        self.banner = banner
        self.status_bar = status_bar

    def show(
        self,
        text: str,
        level: Level = Level.INFO,
        action: tuple[str, Callable[[], None]] | None = None,
        timeout_ms: int | None = BANNER_TIMEOUT_MS,
        subject: str | None = None,
    ) -> None:
        """Show ``text`` (already translated). ``subject``: what it is about (a save's
        URL), so that ``withdraw`` can take it back once that is over."""
        # Into the log file for the record; the person has already seen it.
        log.info("%s: %s", level.value, text)
        if action is None and level is Level.INFO:
            self.status_bar.showMessage(text, STATUS_TIMEOUT_MS)
            return
        self.banner.show_message(text, level, action, timeout_ms, subject)

    def withdraw(self, subject: str) -> None:
        """Hide the banner if it is about ``subject``: what it said is over (the save
        was retried, corrected, cleared or made another way)."""
        if self.banner.isVisible() and self.banner.subject == subject:
            self.banner.dismiss()
