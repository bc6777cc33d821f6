"""The pending saves at the top of the list: showing one, retrying a failed one,
cancelling one or all. A mixin of ``MainWindow``.

A pending row is keyed by its URL as given (``PendingSave.url``, the ``SaveQueue``'s
key), which may hold a user name and password for its one download; everything the
window shows uses ``PendingSave.address``, without them.

Cancelling marks the row "Cancelling…" and asks the ``SaveQueue`` to stop the save
(a queued one never starts; a running one's downloads are cut off at once, see
``Saver.cancel``); the row goes when the save has stopped, having stored nothing. A
save already being stored cannot be cancelled and completes.
"""

from __future__ import annotations

from newsreader.saver import SaveResult


class PendingSaves:
    def _selected_pending_urls(self) -> list[str]:
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        return [p.url for p in (self.model.pending_at(r) for r in rows) if p is not None]

    def _pending_of(self, url: str):
        return self.model.pending_of(url)

    def _show_pending(self, url: str) -> None:
        self.saves_place.show(url)

    def _update_pending_actions(self) -> None:
        selected = {p.url: p for p in self.model.pending if p.url in self._selected_pending_urls()}
        a = self.actions_
        a["retry"].setEnabled(any(p.retryable for p in selected.values()))
        self.saves_place.update_actions(list(selected.values()))
        a["cancel_save"].setEnabled(any(p.cancellable for p in selected.values()))
        a["cancel_all"].setEnabled(any(p.cancellable for p in self.model.pending))

    # --- retrying ----------------------------------------------------------------------------
    def retry(self) -> None:
        for url in self._selected_pending_urls():
            self.retry_url(url)

    def retry_url(self, url: str) -> None:
        pending = self._pending_of(url)
        if pending is not None and pending.retryable:
            self.model.add_pending(url)
            self.queue.save(url)

    # --- cancelling --------------------------------------------------------------------------
    def cancel_selected(self) -> bool:
        """Cancel the selected saves that can still be stopped; False if there were none."""
        return bool(self._cancel(self._selected_pending_urls()))

    def cancel_url(self, url: str) -> bool:
        """Cancel the save of ``url`` (a pending row's key); False if it cannot be."""
        return bool(self._cancel([url]))

    def cancel_all(self) -> int:
        """Cancel every save that can still be stopped; how many were."""
        return len(self._cancel([p.url for p in self.model.pending]))

    def _cancel(self, urls: list[str]) -> list[str]:
        stopped: list[str] = []
        for url in urls:
            pending = self._pending_of(url)
            if pending is None or not pending.cancellable:
                continue
            stopped.append(pending.address)
            # Marked first: a save still queued ends at once, inside ``cancel``.
            self.model.mark_cancelling(url)
            if self._current_pending_url() == url:
                self._show_pending(url)
            if not self.queue.cancel(url):  # nothing under way for this row
                self.model.remove_pending(url)
        if len(stopped) == 1:
            self.messages.show(self.tr("Cancelled: {0} (nothing was saved)").format(stopped[0]))
        elif stopped:
            self.messages.show(
                self.tr("Cancelled {0} saves (nothing was saved)").format(len(stopped))
            )
        self._update_actions()
        return stopped

    def _finish_cancelled(self, result: SaveResult) -> bool:
        """Take away the row of a save the person cancelled, once it has stopped; False
        (and nothing done) if ``result`` is not of one. A save that was stored before
        the cancel reached it counts as saved."""
        pending = self._pending_of(result.url)
        if pending is None or not pending.cancelling or result.ok:
            return False
        was_current = self._current_pending_url() == result.url
        self.model.remove_pending(result.url)
        if was_current:
            self.reader.show_placeholder(
                self.tr("The save of {0} was cancelled.").format(pending.address)
            )
        self._update_actions()
        return True
