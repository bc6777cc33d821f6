"""Saving from the window: the address field, imported files, dropped links and the
clipboard go to the ``SaveQueue``; its reports update the list. A mixin of
``MainWindow``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from newsreader.capture.url_lists import read_url_list, urls_in_text
from newsreader.capture.urls import url_key
from newsreader.errors import NewsreaderError
from newsreader.library.models import ArticleSummary
from newsreader.saver import SaveResult, SaveState
from newsreader.ui.messages import Level

_LINK_SCHEMES = ("http", "https")


class SavingControls:
    def save_from_address(self) -> None:
        text = self.address.text()
        if not text.strip():
            self.address.setFocus()
            return
        urls, _ = urls_in_text(text)
        if not urls:
            # Left in the field, to be corrected.
            self.messages.show(f"No link found in “{text.strip()[:80]}”", Level.WARNING)
            return
        self.address.clear()
        self.save_urls(urls)

    def import_links(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import links",
            str(Path.home()),
            "Link lists (*.txt *.csv *.html *.htm);;All files (*)",
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> int:
        """Save every link in a text, CSV or bookmarks file; returns how many started."""
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                urls, _ = read_url_list(handle)
        except OSError as exc:
            self.messages.show(f"Cannot read {path}: {exc.strerror}", Level.ERROR)
            return 0
        except NewsreaderError as exc:
            self.messages.show(f"Cannot import {path.name}: {exc.message}", Level.ERROR)
            return 0
        if not urls:
            self.messages.show(f"No links found in {path.name}", Level.WARNING)
            return 0
        started = self.save_urls(urls)
        self.messages.show(f"Importing {started} link{'s' if started != 1 else ''}")
        return started

    def save_urls(self, urls: Iterable[str]) -> int:
        """Start saving each URL; returns how many saves started. Links already in the
        library are not fetched again (Re-fetch does that): a single one is opened,
        several are counted."""
        urls = list(urls)
        started = 0
        known: list[ArticleSummary] = []
        for url in urls:
            existing = self._known_article(url)
            if existing is not None:
                known.append(existing)
            elif self.model.add_pending(url) and self.queue.save(url):
                started += 1
        if started:
            self.list.scrollToTop()
        if len(urls) == 1 and known:
            self.messages.show(f"Already in your library: {known[0].title}")
            self.show_article_id(known[0].id, select=True)
        elif known:
            self.messages.show(f"{len(known)} of the links are already in your library")
        return started

    def _known_article(self, url: str) -> ArticleSummary | None:
        try:
            article_id = self.library.find_by_url_keys([url_key(url)])
        except (NewsreaderError, ValueError):
            return None
        if article_id is None or article_id in self.model.hidden:
            return None
        found = self.library.summaries([article_id])
        return found[0] if found else None

    def _save_state_changed(self, url: str, state: SaveState, detail: str) -> None:
        self.model.update_pending(url, state, detail)
        current = self.list.currentIndex()
        pending = self.model.pending_at(current.row()) if current.isValid() else None
        if pending is not None and pending.url == url:
            self._show_pending(url)
        self._update_actions()

    def _save_finished(self, result: SaveResult) -> None:
        if not result.ok:
            message = result.error.message if result.error else "unknown error"
            self.model.update_pending(result.url, SaveState.FAILED, message)
            self.messages.show(
                f"Could not save {result.url}: {message}",
                Level.WARNING,
                action=("Retry", lambda url=result.url: self.retry_url(url)),
            )
            self._update_actions()
            return
        was_current = self._current_pending_url() == result.url
        self.model.remove_pending(result.url)
        if result.article_id is not None and result.article_id in self.model.hidden:
            self._cancel_delete_of(result.article_id)
            self._offer_undo()
        if result.article_id is not None:
            if self.reader.article is not None and self.reader.article.id == result.article_id:
                self.reader.article = None  # show the re-fetched version
                self.show_article_id(result.article_id)
            self.model.article_added(result.article_id)
            if was_current:
                self.show_article_id(result.article_id, select=True)
        self._refresh_views()
        extra = f" ({result.images_failed} images missing)" if result.images_failed else ""
        self.messages.show(f"Saved: {result.title}{extra}")

    def _current_pending_url(self) -> str | None:
        current = self.list.currentIndex()
        pending = self.model.pending_at(current.row()) if current.isValid() else None
        return pending.url if pending else None

    def retry(self) -> None:
        for url in self._selected_pending_urls():
            self.retry_url(url)

    def retry_url(self, url: str) -> None:
        pending = next((p for p in self.model.pending if p.url == url), None)
        if pending is not None and pending.failed:
            self.model.add_pending(url)
            self.queue.save(url)

    def _in_flight_changed(self, count: int) -> None:
        if count:
            self.in_flight_label.setText(f"Saving {count} article{'s' if count != 1 else ''}…")
            self.in_flight_label.show()
        else:
            self.in_flight_label.hide()

    @staticmethod
    def _dropped_urls(event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if mime.hasUrls():
            return [u.toString() for u in mime.urls() if u.scheme() in _LINK_SCHEMES]
        if mime.hasText():
            return urls_in_text(mime.text())[0]
        return []

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_urls(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = self._dropped_urls(event)
        if urls:
            event.acceptProposedAction()
            self.save_urls(urls)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.offer_clipboard()

    def offer_clipboard(self) -> None:
        """Offer to save a link the user just copied, once per link."""
        text = QGuiApplication.clipboard().text().strip()
        if not text or text == self._offered_clipboard or len(text) > 2000:
            return
        words = text.split()
        if len(words) != 1 or not re.match(r"https?://", words[0]):
            return
        self._offered_clipboard = text
        url = words[0]
        if self._known_article(url) is not None or self.model.pending_row(url) is not None:
            return
        self.messages.show(
            f"Save the link on your clipboard? {url}",
            Level.INFO,
            action=("Save", lambda: self.save_urls([url])),
        )
