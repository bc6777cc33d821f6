"""The Saves view: saves in flight, then failed ones, apart from the articles.

``SavesPlace`` owns what the window does with failed saves: it records each failure
in the library (through the ``LibraryWriter``, never on the GUI thread), restores the
recorded ones when the window opens, notices when an address was saved in another
form or by another program (its record is gone, ``Library.save`` removes it), and
offers Retry, Retry all, Edit address and Clear. A failure that retrying cannot
mend (an unsupported scheme, an address that is not one: failed_saves.NOT_RETRYABLE)
offers Edit instead of Retry. The status bar counts saves in flight (or failed ones)
as a link to this view; the view chooser's entry counts the failed ones.

The window (a MainWindow) gives it: ``model``, ``list``, ``reader``, ``view_combo``,
``in_flight_label``, ``actions_``, ``messages``, ``writer``, ``library``, ``queue``,
``save_urls``, ``retry_url``, ``_current_pending_url``, ``_update_actions``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from newsreader import APP_NAME
from newsreader.capture.urls import without_credentials
from newsreader.errors import NewsreaderError
from newsreader.library import failed_saves
from newsreader.saver import SaveResult, SaveState
from newsreader.ui.edit_url_dialog import EditUrlDialog
from newsreader.ui.library_writer import Write
from newsreader.ui.list_model import PendingSave, View
from newsreader.ui.messages import Level

log = logging.getLogger(__name__)

SAVES_SETTING = "saves"  # the Saves view's identifier in the settings (list/view)
# How often the recorded failures are read again while some are shown (ms): one
# small read, so that a save by another program clears its failure here too.
SYNC_INTERVAL_MS = 2000
_LINK = '<a href="saves">{0}</a>'  # the status bar's count, a link to the view


class SavesPlace(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.edit_dialog: EditUrlDialog | None = None
        self._dismissing: set[str] = set()  # keys whose records are being removed
        self._shown_url: str | None = None  # the save the reader shows, if any
        a = window.actions_
        a["show_saves"].triggered.connect(self.go)
        a["retry_all"].triggered.connect(self.retry_all)
        a["edit_url"].triggered.connect(self.edit_selected)
        a["clear_failed"].triggered.connect(self.clear_all)
        window.in_flight_label.linkActivated.connect(lambda _: self.go())
        window.model.pendingChanged.connect(self.update_counts)
        self._timer = QTimer(self, interval=SYNC_INTERVAL_MS)
        # A closed window (hidden, not yet deleted) reads nothing more.
        self._timer.timeout.connect(lambda: self.sync() if window.isVisible() else None)
        self.add_view_entry()
        self.restore()

    # --- counts and the view chooser -----------------------------------------------------
    def _failed(self) -> list[PendingSave]:
        return [p for p in self.window.model.pending if p.failed]

    def entry_text(self) -> str:
        failed = len(self._failed())
        if failed:
            return self.tr("Saves (%n failed)", "", failed)
        return self.tr("Saves")

    def _entry_index(self) -> int:
        combo = self.window.view_combo
        for i in range(combo.count()):
            data = combo.itemData(i)
            if isinstance(data, tuple) and data and data[0] is View.SAVES:
                return i
        return -1

    def add_view_entry(self) -> None:
        """Add the Saves entry at the end of the view chooser (after the tags)."""
        combo = self.window.view_combo
        if self._entry_index() >= 0:
            return
        blocked = combo.blockSignals(True)
        combo.insertSeparator(combo.count())
        combo.addItem(self.entry_text(), (View.SAVES, None))
        combo.blockSignals(blocked)

    def view_index(self, setting: str) -> int:
        """The chooser's index of a stored ``list/view`` setting (-1 if none)."""
        if setting == SAVES_SETTING:
            return self._entry_index()
        return self.window.view_combo.findText(setting)

    def view_setting(self) -> str | None:
        """``SAVES_SETTING`` while the Saves view is chosen, else None."""
        combo = self.window.view_combo
        return SAVES_SETTING if combo.currentIndex() == self._entry_index() else None

    def update_counts(self, *_: object) -> None:
        """The chooser's entry and the status bar's link, from the rows and the queue."""
        index = self._entry_index()
        if index >= 0:
            self.window.view_combo.setItemText(index, self.entry_text())
        label = self.window.in_flight_label
        in_flight = self.window.queue.in_flight
        failed = len(self._failed())
        # English has no translation file to give the singular of %n: spelled out.
        if in_flight == 1:
            text = self.tr("Saving 1 article…")
        elif in_flight:
            text = self.tr("Saving %n articles…", "", in_flight)
        elif failed == 1:
            text = self.tr("1 save failed")
        elif failed:
            text = self.tr("%n saves failed", "", failed)
        else:
            label.hide()
            self._timer.stop()
            return
        label.setText(_LINK.format(text))
        label.setToolTip(self.tr("Show the Saves view (Ctrl+5)"))
        label.show()
        if failed and not self._timer.isActive():
            self._timer.start()

    def go(self) -> None:
        """Show the Saves view and move into its list."""
        index = self._entry_index()
        if index < 0:
            return
        w = self.window
        if w.search.text():
            w.search.clear()
            w._search_timer.stop()
        w.view_combo.setCurrentIndex(index)
        w.list.setFocus()

    # --- a save failed, or was saved ------------------------------------------------------
    def failed(self, result: SaveResult, message: str) -> None:
        """Show ``result`` (a failed save) as failed and record it in the library."""
        w = self.window
        url = result.url
        kind = failed_saves.kind_of(result.error)
        before = w.model.pending_of(url)
        attempts = (before.attempts if before else 0) + 1
        w.model.update_pending(url, SaveState.FAILED, message, kind=kind, attempts=attempts)
        if not failed_saves.worth_recording(result.error) or w.library.read_only:
            return

        def landed(record: object) -> None:
            if record is None:  # saved in another form meanwhile
                self._forget_rows([url])
                return
            row = w.model.pending_of(url)
            if row is not None and row.failed:
                w.model.update_pending(
                    url,
                    row.state,
                    row.detail,
                    recorded=True,
                    attempts=record.attempts,
                    failed_at=record.failed_at,
                )

        w.writer.submit(
            Write(
                "record a failed save",
                lambda library: library.record_failed_save(url, kind, message),
                on_landed=landed,
            )
        )

    def banner_action(self, url: str) -> tuple[str, Callable[[], None]]:
        """The banner's button for the failure of ``url``: Retry, or Edit if retrying
        cannot help."""
        pending = self.window.model.pending_of(url)
        if pending is not None and not pending.retryable:
            return self.tr("Edit address…"), lambda: self.edit(url)
        return self.tr("Retry"), lambda: self.window.retry_url(url)

    def restore(self) -> None:
        """Show the failures recorded in the library (at start)."""
        try:
            records = self.window.library.failed_saves()
        except NewsreaderError as exc:
            log.warning("could not read the failed saves: %s", exc.message)
            return
        self.window.model.restore_failed(records)
        self.update_counts()

    def sync(self) -> None:
        """Take away failed rows whose address is saved now (in any form, by any
        program), and show failures recorded meanwhile. Reads only."""
        w = self.window
        try:
            records = [r for r in w.library.failed_saves() if r.url_key not in self._dismissing]
            gone = []
            for pending in self._failed():
                key = failed_saves.key_of(pending.url)
                saved = w.library.find_by_url_keys([key]) is not None
                if saved or (pending.recorded and key not in {r.url_key for r in records}):
                    gone.append(pending.url)
        except NewsreaderError as exc:
            log.warning("could not read the failed saves: %s", exc.message)
            return
        self._forget_rows(gone)
        w.model.restore_failed(records)

    def _forget_rows(self, urls: list[str]) -> None:
        w = self.window
        for url in urls:
            if self._shown_url == url and w.reader.article is None:
                w.reader.show_placeholder("")
                w.setWindowTitle(APP_NAME)
                self._shown_url = None
            w.model.remove_pending(url)
        w._update_actions()

    # --- what the reader shows ------------------------------------------------------------
    def describe(self, pending: PendingSave) -> str:
        """The reader's text for a save: paragraphs separated by blank lines."""
        if pending.cancelling:
            return self.tr("Cancelling the save of {0}…").format(pending.address)
        if not pending.failed:
            return self.tr("Saving {0}…").format(pending.address)
        if pending.retryable:
            advice = self.tr("Press R to try again, F2 to correct the address, Delete to clear it.")
        else:
            advice = self.tr(
                "Trying again cannot help: press F2 to correct the address, or Delete to clear it."
            )
        return "\n\n".join(
            [
                self.tr("Could not save this address:"),
                pending.address,
                self.tr("Reason: {0}").format(pending.detail),
                advice,
            ]
        )

    def show(self, url: str) -> None:
        """Show the save of ``url`` in the reader."""
        w = self.window
        pending = w.model.pending_of(url)
        if pending is None:
            return
        w.reader.flush_progress()
        w.reader.show_placeholder(self.describe(pending))
        w.setWindowTitle(APP_NAME)
        self._shown_url = url

    # --- the actions ----------------------------------------------------------------------
    def update_actions(self, selected: list[PendingSave]) -> None:
        a = self.window.actions_
        failed = self._failed()
        a["retry_all"].setEnabled(any(p.retryable for p in failed))
        a["clear_failed"].setEnabled(bool(failed))
        a["edit_url"].setEnabled(any(p.failed for p in selected))

    def retry_all(self) -> int:
        """Retry every failed save that can succeed; how many started."""
        urls = [p.url for p in self._failed() if p.retryable]
        for url in urls:
            self.window.retry_url(url)
        return len(urls)

    def dismiss(self, urls: list[str]) -> None:
        """Take the failed saves of ``urls`` away and forget their records (a save in
        flight among them is left alone: cancel it instead)."""
        w = self.window
        rows = [p for p in (w.model.pending_of(u) for u in urls) if p is not None]
        rows = [p for p in rows if not p.active]
        if not rows:
            return
        self._forget_rows([p.url for p in rows])
        recorded = [p.url for p in rows if p.recorded or p.failed]
        if not recorded or w.library.read_only:
            return
        keys = {failed_saves.key_of(u) for u in recorded}
        self._dismissing |= keys

        def done(*_: object) -> None:
            self._dismissing -= keys

        w.writer.submit(
            Write(
                "clear failed saves",
                lambda library: library.dismiss_failed_saves(recorded),
                on_landed=done,
                on_failed=done,
            )
        )

    def clear_all(self) -> None:
        """Dismiss every failed save."""
        failed = self._failed()
        self.dismiss([p.url for p in failed])
        if failed:
            n = len(failed)
            self.window.messages.show(
                self.tr("Cleared 1 failed save")
                if n == 1
                else self.tr("Cleared %n failed saves", "", n)
            )

    def edit_selected(self) -> None:
        urls = [
            u
            for u in self.window._selected_pending_urls()
            if (p := self.window.model.pending_of(u)) is not None and p.failed
        ]
        if urls:
            self.edit(urls[0])

    def edit(self, url: str) -> None:
        """Let the person correct the address of a failed save, then save that."""
        pending = self.window.model.pending_of(url)
        if pending is None or not pending.failed:
            return
        dialog = EditUrlDialog(without_credentials(pending.url), self.window)
        dialog.corrected.connect(lambda new, old=url: self._edited(old, new))
        self.edit_dialog = dialog
        dialog.open()

    def _edited(self, old: str, new: str) -> None:
        self.dismiss([old])
        started = self.window.save_urls([new])
        if started:
            self.window.messages.show(self.tr("Saving the corrected address"), Level.INFO)
