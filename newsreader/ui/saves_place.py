"""The Saves view's own work: failed saves kept, counted, retried, corrected, cleared.

The rows themselves are the list model's pending saves (in flight, then failed),
shown only in the Saves view (``view_chooser.SAVES_VIEW``); ``PendingSaves`` shows,
retries, cancels and dismisses them one by one. ``SavesPlace`` adds what concerns the
failed ones as a whole:

- each failure is recorded in the library (``Library.record_failed_save``, through
  the ``LibraryWriter``, never on the GUI thread), and the recorded ones come back
  when the window opens (``restore``);
- a failure goes when its address is saved in any form, by the window or by another
  program: ``Library.save`` removes the record, and ``sync`` (called after each save
  of the window's and on every ``LibraryWatch.refreshed``) takes the row away;
- Retry all, Edit address (F2, ``EditUrlDialog``) and Clear; a failure that retrying
  cannot mend (failed_saves.NOT_RETRYABLE: an unsupported scheme, an address that is
  not one) offers Edit instead of Retry;
- the status bar counts the saves in flight, or else the failed ones, as a link to
  the Saves view (Ctrl+5).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from newsreader.capture.urls import without_credentials
from newsreader.errors import NewsreaderError
from newsreader.library import failed_saves
from newsreader.library.library import Library
from newsreader.saver import SaveResult, SaveState
from newsreader.ui import theme
from newsreader.ui.article_list import ArticleList
from newsreader.ui.edit_url_dialog import EditUrlDialog
from newsreader.ui.library_writer import LibraryWriter, Write
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.pending_rows import PendingSave
from newsreader.ui.pending_saves import PendingSaves
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.view_chooser import SAVES_VIEW

log = logging.getLogger(__name__)

# The status bar's count, a link to the view, in the theme's link colour: QLabel fixes a
# link's colour when its text is set, so the text carries it and changes with the theme.
_LINK = '<a href="saves" style="color: {1}">{0}</a>'


class SavesPlace(QObject):
    """Failed saves as a whole. ``window`` parents the Edit dialog; ``in_flight_label``
    is the status bar's count; ``save_urls(urls)`` starts saves and returns how many
    started (``SaveControls.save_urls``). ``changed`` when what Retry all, Edit and
    Clear can do changed."""

    changed = Signal()

    def __init__(
        self,
        *,
        window: QWidget,
        library: Library,
        writer: LibraryWriter,
        queue: SaveQueue,
        articles: ArticleList,
        pending: PendingSaves,
        messages: Messenger,
        in_flight_label: QLabel,
        save_urls: Callable[[Iterable[str]], int],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.writer = writer
        self.queue = queue
        self.articles = articles
        self.model = articles.model
        self.pending = pending
        self.messages = messages
        self.in_flight_label = in_flight_label
        self.save_urls = save_urls
        self.edit_dialog: EditUrlDialog | None = None
        self._dismissing: set[str] = set()  # keys whose records are being removed
        in_flight_label.linkActivated.connect(lambda _: self.go())
        theme.manager().changed.connect(self.update_counts)
        queue.inFlightChanged.connect(self.update_counts)
        self.model.pendingChanged.connect(self.update_counts)
        pending.dismissed.connect(self._forget_records)
        self.restore()

    def _failed(self) -> list[PendingSave]:
        return [p for p in self.model.pending if p.failed]

    # --- the status bar and the view ------------------------------------------------------
    def update_counts(self, *_: object) -> None:
        """The status bar's link: saves in flight, else failed ones, else hidden."""
        label = self.in_flight_label
        in_flight = self.queue.in_flight
        failed = len(self._failed())
        if in_flight:
            text = self.tr("Saving %Ln articles…", "", in_flight)
        elif failed:
            text = self.tr("%Ln saves failed", "", failed)
        else:
            label.hide()
            return
        link = QApplication.palette().color(QPalette.ColorRole.Link).name()
        label.setText(_LINK.format(text, link))
        label.setToolTip(self.tr("Show the Saves view (Ctrl+5)"))
        label.show()

    def go(self) -> None:
        """Show the Saves view (a search is cleared: it lists articles) and move into
        its list."""
        self.articles.clear_search()
        self.articles.set_view_id(SAVES_VIEW)
        self.articles.list.setFocus()

    # --- a save failed, or was saved ------------------------------------------------------
    def failed(self, result: SaveResult, message: str) -> None:
        """Show ``result`` (a failed save; ``message`` its one line) as failed and
        record it in the library, unless the person cancelled it."""
        url = result.url
        kind = failed_saves.kind_of(result.error)
        before = self.pending.pending_of(url)
        attempts = (before.attempts if before else 0) + 1
        self.model.update_pending(url, SaveState.FAILED, message, kind=kind, attempts=attempts)
        if self.articles.current_pending_url() == url:
            self.pending.show(url)
        self.changed.emit()
        if not failed_saves.worth_recording(result.error) or self.library.read_only:
            return

        def landed(record: object) -> None:
            if record is None:  # saved in another form meanwhile
                self.pending.remove([url])
                self.changed.emit()
                return
            row = self.pending.pending_of(url)
            if row is not None and row.failed:
                self.model.update_pending(
                    url,
                    row.state,
                    row.detail,
                    recorded=True,
                    attempts=record.attempts,
                    failed_at=record.failed_at,
                )

        self.writer.submit(
            Write(
                "record a failed save",
                lambda library: library.record_failed_save(url, kind, message),
                on_landed=landed,
            )
        )

    def banner_action(self, url: str) -> tuple[str, Callable[[], None]]:
        """The banner's button for the failure of ``url``: Retry, or Edit address if
        retrying cannot help."""
        pending = self.pending.pending_of(url)
        if pending is not None and not pending.retryable:
            return self.tr("Edit address…"), lambda: self.edit(url)
        return self.tr("Retry"), lambda: self.pending.retry_url(url)

    def restore(self) -> None:
        """Show the failures recorded in the library (at start)."""
        try:
            records = self.library.failed_saves()
        except NewsreaderError as exc:
            log.warning("could not read the failed saves: %s", exc.message)
            return
        self.model.restore_failed(records)
        self.update_counts()

    def sync(self, *_: object) -> None:
        """Take away failed rows whose address is saved now (in any form, by any
        program) or whose record another window cleared, and show failures recorded
        meanwhile. Reads only: connected to ``LibraryWatch.refreshed``."""
        try:
            records = [r for r in self.library.failed_saves() if r.url_key not in self._dismissing]
            keys = {r.url_key for r in records}
            gone = []
            for pending in self._failed():
                key = failed_saves.key_of(pending.url)
                saved = self.library.find_by_url_keys([key]) is not None
                if saved or (pending.recorded and key not in keys):
                    gone.append(pending.url)
        except NewsreaderError as exc:
            log.warning("could not read the failed saves: %s", exc.message)
            return
        if gone:
            self.pending.remove(gone)
        self.model.restore_failed(records)
        self.changed.emit()

    # --- the actions ----------------------------------------------------------------------
    def update_actions(self, actions: dict[str, QAction]) -> None:
        """Enable Retry all, Clear failed saves and Edit address as the rows allow."""
        failed = self._failed()
        selected = set(self.articles.selected_pending_urls())
        actions["retry_all"].setEnabled(any(p.retryable for p in failed))
        actions["clear_failed"].setEnabled(bool(failed))
        actions["edit_url"].setEnabled(any(p.url in selected for p in failed))

    def retry_all(self) -> int:
        """Retry every failed save that can succeed; how many started."""
        urls = [p.url for p in self._failed() if p.retryable]
        for url in urls:
            self.pending.retry_url(url)
        return len(urls)

    def dismiss(self, urls: list[str]) -> None:
        """Take the failed saves of ``urls`` away and forget their records (a save in
        flight among them is left alone: cancel it instead)."""
        rows = [p for p in (self.pending.pending_of(u) for u in urls) if p is not None]
        gone = [p.url for p in rows if not p.active]
        if gone:
            self.pending.remove(gone)
            self._forget_records(gone)
            self.changed.emit()

    def _forget_records(self, urls: list[str]) -> None:
        """Remove the library's records of ``urls`` (rows already taken away)."""
        if not urls or self.library.read_only:
            return
        keys = {failed_saves.key_of(u) for u in urls}
        self._dismissing |= keys

        def done(*_: object) -> None:
            self._dismissing -= keys

        self.writer.submit(
            Write(
                "clear failed saves",
                lambda library: library.dismiss_failed_saves(urls),
                on_landed=done,
                on_failed=done,
            )
        )

    def clear_all(self) -> None:
        """Dismiss every failed save."""
        failed = self._failed()
        if not failed:
            return
        self.dismiss([p.url for p in failed])
        self.messages.show(self.tr("Cleared %Ln failed saves", "", len(failed)))

    def edit_selected(self) -> None:
        """F2: correct the address of the first failed save selected."""
        selected = set(self.articles.selected_pending_urls())
        urls = [p.url for p in self._failed() if p.url in selected]
        if urls:
            self.edit(urls[0])

    def edit(self, url: str) -> None:
        """Let the person correct the address of the failed save of ``url``, then save
        that instead."""
        pending = self.pending.pending_of(url)
        if pending is None or not pending.failed:
            return
        dialog = EditUrlDialog(without_credentials(pending.url), self.window)
        # Deleted once closed, like every dialog of the window; the attribute goes
        # back to None when it closes, so nothing holds a deleted dialog.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.corrected.connect(lambda new, old=url: self._edited(old, new))
        dialog.finished.connect(lambda _=0: self._edit_closed(dialog))
        self.edit_dialog = dialog
        dialog.open()

    def _edit_closed(self, dialog: EditUrlDialog) -> None:
        if self.edit_dialog is dialog:
            self.edit_dialog = None

    def _edited(self, old: str, new: str) -> None:
        self.dismiss([old])
        if self.save_urls([new]):
            self.messages.show(self.tr("Saving the corrected address"), Level.INFO)
