"""The pending saves, the rows of the Saves view: showing one, retrying a failed one,
cancelling one or all, dismissing them.

A pending row is keyed by its URL as given (``PendingSave.url``, the ``SaveQueue``'s
key), which may hold a user name and password for its one download; everything the
window shows uses ``PendingSave.address``, without them.

Cancelling marks the row "Cancelling…" and asks the ``SaveQueue`` to stop the save
(a queued one never starts; a running one's downloads are cut off at once, see
``Saver.cancel``); the row goes when the save has stopped, having stored nothing. A
save already being stored cannot be cancelled and completes.

This component owns the pending rows; what is done with failed ones (their record in
the library, Retry all, Edit, Clear) is ``SavesPlace``'s (saves_place).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from newsreader.saver import SaveResult
from newsreader.ui.article_list import ArticleList
from newsreader.ui.current_article import CurrentArticle
from newsreader.ui.failure_reasons import failure_reason
from newsreader.ui.messages import Messenger
from newsreader.ui.pending_rows import PendingSave
from newsreader.ui.save_queue import SaveQueue


class PendingSaves(QObject):
    """The pending rows. ``changed`` when what Retry/Cancel can do changed."""

    changed = Signal()
    dismissed = Signal(list)  # list[str]: rows the person took away (not cancelled ones)

    def __init__(
        self,
        queue: SaveQueue,
        articles: ArticleList,
        current: CurrentArticle,
        messages: Messenger,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.articles = articles
        self.model = articles.model
        self.current = current
        self.messages = messages
        self._shown: str | None = None  # the save the reader shows, if any
        current.changed.connect(self._reader_changed)

    def pending_of(self, url: str) -> PendingSave | None:
        """The save of ``url``, whether the Saves view is shown or not."""
        return self.model.pending_of(url)

    def show(self, url: str) -> None:
        """Show the state of the save of ``url`` in the reader: for a failed one, the
        address, the reason and what can be done, each a paragraph."""
        pending = self.pending_of(url)
        if pending is None:
            return
        if pending.cancelling:
            text = self.tr("Cancelling the save of {0}…").format(pending.address)
        elif not pending.failed:
            text = self.tr("Saving {0}…").format(pending.address)
        else:
            if pending.retryable:
                advice = self.tr(
                    "Press R to try again, F2 to correct the address, Delete to clear it."
                )
            else:
                advice = self.tr(
                    "Trying again cannot help: press F2 to correct the address, "
                    "or Delete to clear it."
                )
            text = "\n\n".join(
                [
                    self.tr("Could not save this address:"),
                    pending.address,
                    self.tr("Reason: {0}").format(failure_reason(pending.kind, pending.detail)),
                    advice,
                ]
            )
        self.current.clear(text)
        self._shown = url  # after clear: its ``changed`` forgets what was shown

    def _reader_changed(self, _: object) -> None:
        self._shown = None

    def update_actions(self, actions: dict[str, QAction]) -> None:
        """Enable Retry, Cancel save and Cancel all saves as the rows allow."""
        urls = set(self.articles.selected_pending_urls())
        selected = [p for p in self.model.pending if p.url in urls]
        actions["retry"].setEnabled(any(p.retryable for p in selected))
        actions["cancel_save"].setEnabled(any(p.cancellable for p in selected))
        actions["cancel_all"].setEnabled(any(p.cancellable for p in self.model.pending))

    # --- retrying ----------------------------------------------------------------------------
    def retry(self) -> None:
        for url in self.articles.selected_pending_urls():
            self.retry_url(url)

    def retry_url(self, url: str) -> None:
        pending = self.pending_of(url)
        if pending is not None and pending.retryable:
            self.messages.withdraw(url)  # its failure is no longer the news
            self.model.add_pending(url)
            self.queue.save(url)
            self.changed.emit()

    # --- cancelling and dismissing -----------------------------------------------------------
    def dismiss(self, urls: list[str]) -> None:
        """Delete on pending rows: a save under way is cancelled (its row goes once it
        has stopped), any other row goes at once (``dismissed``), and the reader stops
        showing it."""
        self._cancel([url for url in urls if self.queue.is_saving(url)])
        gone = [url for url in urls if not self.queue.is_saving(url)]
        self.remove(gone)
        if gone:
            self.dismissed.emit(gone)
        self.changed.emit()

    def remove(self, urls: list[str]) -> None:
        """Take the rows of ``urls`` away; the reader, if it shows one, shows nothing."""
        for url in urls:
            self.model.remove_pending(url)
            if url == self._shown:
                self.current.clear("")

    def cancel_selected(self) -> bool:
        """Cancel the selected saves that can still be stopped; False if there were none."""
        return bool(self._cancel(self.articles.selected_pending_urls()))

    def cancel_url(self, url: str) -> bool:
        """Cancel the save of ``url`` (a pending row's key); False if it cannot be."""
        return bool(self._cancel([url]))

    def cancel_all(self) -> int:
        """Cancel every save that can still be stopped; how many were."""
        return len(self._cancel([p.url for p in self.model.pending]))

    def _cancel(self, urls: list[str]) -> list[str]:
        stopped: list[str] = []
        for url in urls:
            pending = self.pending_of(url)
            if pending is None or not pending.cancellable:
                continue
            stopped.append(pending.address)
            # Marked first: a save still queued ends at once, inside ``cancel``.
            self.model.mark_cancelling(url)
            if self.articles.current_pending_url() == url:
                self.show(url)
            if not self.queue.cancel(url):  # nothing under way for this row
                self.model.remove_pending(url)
        if len(stopped) == 1:
            self.messages.show(self.tr("Cancelled: {0} (nothing was saved)").format(stopped[0]))
        elif stopped:
            self.messages.show(self.tr("Cancelled %Ln saves (nothing was saved)", "", len(stopped)))
        self.changed.emit()
        return stopped

    def finish_cancelled(self, result: SaveResult) -> bool:
        """Take away the row of a save the person cancelled, once it has stopped; False
        (and nothing done) if ``result`` is not of one. A save that was stored before
        the cancel reached it counts as saved."""
        pending = self.pending_of(result.url)
        if pending is None or not pending.cancelling or result.ok:
            return False
        was_current = self.articles.current_pending_url() == result.url
        self.model.remove_pending(result.url)
        if was_current:
            self.current.clear(self.tr("The save of {0} was cancelled.").format(pending.address))
        self.changed.emit()
        return True
