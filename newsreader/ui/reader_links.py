"""Links in the reader: what a hovered link points to, opening a link in the system
browser (and saying so, with a way to copy it, when that fails), and the reader's
own link actions (save to the library, copy the address).

The window owns one ``ReaderLinks``; every external open goes through ``open``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QGuiApplication

from newsreader.capture.urls import shown
from newsreader.ui.messages import Level

LINK_SCHEMES = ("http", "https", "mailto")


def shown_link(url: QUrl) -> str:
    """``url`` as a message may show it: without credentials (``shown``). A mail
    link's address is its path, not user info, so it is shown whole (QUrl keeps
    control characters percent-encoded)."""
    if url.scheme() == "mailto":
        return url.toString()
    return shown(url.toString())


class ReaderLinks(QObject):
    """Link handling for ``window`` (a MainWindow with ``reader``, ``messages``,
    ``save_urls`` and ``statusBar()``). ``opener`` is the system's URL opener
    (QDesktopServices.openUrl, or a test's stand-in): it returns False when no
    application could open the URL (Qt's contract); any other result counts as
    opened."""

    def __init__(self, window, opener: Callable[[QUrl], object]) -> None:
        super().__init__(window)
        self.window = window
        self._opener = opener
        self._hover_text = ""
        window.reader.highlighted.connect(self._hovered)

    # --- hovering -----------------------------------------------------------------------
    def _hovered(self, url: QUrl) -> None:
        bar = self.window.statusBar()
        if url.isEmpty():
            # Leave a message that came in meanwhile alone.
            if self._hover_text and bar.currentMessage() == self._hover_text:
                bar.clearMessage()
            self._hover_text = ""
            return
        self._hover_text = shown_link(url)
        bar.showMessage(self._hover_text)

    # --- opening ------------------------------------------------------------------------
    def open(self, url: QUrl) -> bool:
        """Open ``url`` in the system's browser (or mail program). When nothing can
        open it, says so in one line with a Copy link action; returns whether it
        opened."""
        if self._opener(url) is not False:
            return True
        text = url.toString()
        self.window.messages.show(
            self.tr("No program could open {0}").format(shown_link(url)),
            Level.WARNING,
            action=(self.tr("Copy link"), lambda: self.copy(text)),
        )
        return False

    def activated(self, url: QUrl) -> None:
        """A link clicked in the reader: opened if it is a web or mail link."""
        if url.scheme() in LINK_SCHEMES:
            self.open(url)
        else:
            self.window.messages.show(
                self.tr("Not opened: {}").format(shown_link(url)), Level.WARNING
            )

    # --- the reader's link actions ------------------------------------------------------
    def copy(self, text: str) -> None:
        """Put ``text`` (a link's address) on the clipboard."""
        QGuiApplication.clipboard().setText(text)
        # Copying a link must not bring up the "save this link?" offer.
        self.window.saving.note_copied(text)
        self.window.messages.show(self.tr("Link copied."))

    def save(self, url: QUrl) -> None:
        """Save the link ``url`` to the library, as if it had been pasted."""
        if url.scheme() not in ("http", "https"):
            self.window.messages.show(
                self.tr("Only web links can be saved: {0}").format(shown_link(url)),
                Level.WARNING,
            )
            return
        self.window.save_urls([url.toString()])
