"""Saving from the window: the address field, imported files, dropped links and the
clipboard go to the ``SaveQueue``; its reports update the list (the pending rows
themselves are ``PendingSaves``', what follows a failure ``SavesPlace``'s). A link
already in the library is not fetched again: it is shown (``show_article``), which
makes it the current article.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from newsreader.capture.url_lists import urls_in_text
from newsreader.capture.urls import shown, url_key
from newsreader.errors import NewsreaderError
from newsreader.library import failed_saves
from newsreader.library.library import Library
from newsreader.library.models import ArticleSummary
from newsreader.saver import SaveResult, SaveState
from newsreader.ui.article_list import ArticleList
from newsreader.ui.current_article import CurrentArticle
from newsreader.ui.failure_reasons import failure_reason
from newsreader.ui.import_jobs import ImportJobs
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.pending_saves import PendingSaves
from newsreader.ui.pending_undo import PendingUndo
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.saves_place import SavesPlace

_LINK_SCHEMES = ("http", "https")


class SaveControls(QObject):
    """Where links to save come from, and what the queue reports. ``changed`` when
    the rows or what the actions can do changed."""

    changed = Signal()

    def __init__(
        self,
        *,
        window: QWidget,
        library: Library,
        queue: SaveQueue,
        address: QLineEdit,
        articles: ArticleList,
        current: CurrentArticle,
        pending: PendingSaves,
        saves: SavesPlace,
        undo: PendingUndo,
        messages: Messenger,
        show_article: Callable[[int], None],
        imports: ImportJobs,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.queue = queue
        self.address = address
        self.articles = articles
        self.model = articles.model
        self.current = current
        self.pending = pending
        self.saves = saves
        self.undo = undo
        self.messages = messages
        self.show_article = show_article
        self.imports = imports
        self._offered_clipboard = ""
        address.returnPressed.connect(self.save_from_address)
        queue.stateChanged.connect(self._save_state_changed)
        queue.finished.connect(self._save_finished)

    def save_from_address(self) -> None:
        text = self.address.text()
        if not text.strip():
            self.address.setFocus()
            return
        urls, _ = urls_in_text(text)
        if not urls:
            # Left in the field, to be corrected.
            self.messages.show(
                self.tr("No link found in “{0}”").format(shown(text.strip()[:80])), Level.WARNING
            )
            return
        self.address.clear()
        self.save_urls(urls)

    def import_links(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import"),
            str(Path.home()),
            self.tr(
                "Exports, bookmarks and link lists (*.zip *.csv *.json *.html *.htm *.txt);;"
                "All files (*)"
            ),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Import ``path``: an export of another service, a bookmarks file, newsreader's
        own export or a list of links, its format recognised from the file
        (``imports.detect``). The import runs as a background job (``ImportJobs``)
        whose row shows its progress. False (and one line) when it is not a file that
        could be read at all: a pipe or a device could be read from for ever."""
        try:
            info = path.stat()
        except OSError as exc:
            self._not_imported(path, self.tr("cannot read it: {0}").format(exc.strerror))
            return False
        if not stat.S_ISREG(info.st_mode):
            self._not_imported(path, self.tr("not a file that can be imported"))
            return False
        self.imports.import_file(path)
        return True

    def fetch_link_only(self) -> None:
        """File ▸ Fetch link-only articles: every article imported without its text, or
        whose page could not be fetched, tried again as a background job."""
        try:
            started = self.imports.fetch_link_only()
        except (OSError, NewsreaderError) as exc:
            message = exc.message if isinstance(exc, NewsreaderError) else str(exc.strerror)
            self.messages.show(
                self.tr("Cannot fetch the link-only articles: {0}").format(message), Level.ERROR
            )
            return
        if started is None:
            self.messages.show(self.tr("No link-only articles to fetch."))

    def _not_imported(self, path: Path, message: str) -> None:
        self.messages.show(
            self.tr("Cannot import {0}: {1}").format(path.name, message), Level.ERROR
        )

    def save_urls(self, urls: Iterable[str]) -> int:
        """Start saving each URL; returns how many saves started. Links already in the
        library are not fetched again (Re-fetch does that): a single one is shown
        (and so becomes the current article), several are counted."""
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
            self.articles.list.scrollToTop()
        if len(urls) == 1 and known:
            self.messages.show(self.tr("Already in your library: {0}").format(known[0].title))
            self.show_article(known[0].id)
        elif known:
            self.messages.show(
                self.tr("%Ln of the links are already in your library", "", len(known))
            )
        self.changed.emit()
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

    # --- the queue's reports ------------------------------------------------------------------
    def _save_state_changed(self, url: str, state: SaveState, detail: str) -> None:
        pending = self.pending.pending_of(url)
        if pending is not None and pending.cancelling:
            return  # it shows "Cancelling…" until it has stopped
        self.model.update_pending(url, state, detail)
        if self.articles.current_pending_url() == url:
            self.pending.show(url)
        self.changed.emit()

    def _save_finished(self, result: SaveResult) -> None:
        if self.pending.finish_cancelled(result):
            return
        if not result.ok:
            # The core's one line, recorded in the library as it is; the window shows
            # it after a sentence in its own language (failure_reasons).
            message = result.error.message if result.error else ""
            self.saves.failed(result, message)
            reason = failure_reason(failed_saves.kind_of(result.error), message)
            # The row and Retry keep the URL as given; the message shows it without
            # a user name or password. Retry, or Edit where retrying cannot help.
            self.messages.show(
                self.tr("Could not save {0}: {1}").format(shown(result.url), reason),
                Level.WARNING,
                action=self.saves.banner_action(result.url),
                subject=result.url,
            )
            self.changed.emit()
            return
        was_current = self.articles.current_pending_url() == result.url
        self.model.remove_pending(result.url)
        self.saves.sync()  # failures of other forms of its address are over
        if result.article_id is not None and result.article_id in self.model.hidden:
            self.undo.forget(result.article_id)
            self.model.unhide([result.article_id])
        if result.article_id is not None:
            if self.current.id == result.article_id:
                self.current.show(result.article_id, again=True)  # the re-fetched version
            self.model.article_added(result.article_id)
            if was_current:
                self.show_article(result.article_id)
        self.articles.refresh_views()
        text = self.tr("Saved: {0}").format(result.title)
        if result.images_failed:
            text += " " + self.tr("(%n images missing)", "", result.images_failed)
        if result.notice:
            text += f" ({self.tr(result.notice)})"
        self.messages.show(text)
        self.changed.emit()

    # --- drops and the clipboard --------------------------------------------------------------
    @staticmethod
    def dropped_urls(event: QDragEnterEvent | QDropEvent) -> list[str]:
        """The web links a drag carries: its URLs, or the links in its text."""
        mime = event.mimeData()
        if mime.hasUrls():
            return [u.toString() for u in mime.urls() if u.scheme() in _LINK_SCHEMES]
        if mime.hasText():
            return urls_in_text(mime.text())[0]
        return []

    @staticmethod
    def dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        """The local files a drag carries (an export or a bookmarks file to import)."""
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def accepts(self, event: QDragEnterEvent | QDropEvent) -> bool:
        """Whether a drag carries something to save or import."""
        return bool(self.dropped_urls(event) or self.dropped_files(event))

    def drop(self, event: QDropEvent) -> None:
        urls, files = self.dropped_urls(event), self.dropped_files(event)
        if urls or files:
            event.acceptProposedAction()
        if urls:
            self.save_urls(urls)
        for path in files:
            self.import_file(path)

    def application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.offer_clipboard()

    def note_copied(self, text: str) -> None:
        """The window itself put ``text`` on the clipboard: do not offer to save it."""
        self._offered_clipboard = text

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
            self.tr("Save the link on your clipboard? {0}").format(shown(url)),
            Level.INFO,
            action=(self.tr("Save"), lambda: self.save_urls([url])),
        )
