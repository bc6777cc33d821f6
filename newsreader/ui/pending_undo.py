"""Changes waiting for Undo: deletes (not yet written: the rows are hidden until the
undo time is over), archives or moves back to Unread (written at once; Undo writes
the states back) and removed highlights (written at once; Undo puts them back; kind
HIGHLIGHT, whose ids are highlight ids). One banner offers Undo for all of them
(Ctrl+Z); Undo takes back the latest. Like an undo stack, but each entry expires
after UNDO_MS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from newsreader.ui.messages import Level, MessageBanner, Messenger

UNDO_MS = 10_000  # how long a delete or an archive can be undone
DELETE, ARCHIVE, UNARCHIVE = "delete", "archive", "unarchive"
HIGHLIGHT = "highlight"  # highlights removed in the reader (ui/highlight_edits.py)


@dataclass
class Undoable:
    """One change waiting for Undo. ``undo(ids)`` takes it back; ``commit(ids)`` (a
    delete) is called when the undo time is over or the window closes."""

    kind: str  # DELETE, ARCHIVE, UNARCHIVE or HIGHLIGHT
    ids: list[int]  # article ids; highlight ids for HIGHLIGHT
    titles: dict[int, str]  # by id: the article's title, or the highlight's quote
    undo: Callable[[list[int]], None]
    commit: Callable[[list[int]], None] | None = None
    highlights: int = 0  # a delete: how many highlights go with the articles
    timer: QTimer | None = field(default=None, repr=False)


class PendingUndo(QObject):
    """The changes that Undo can still take back, newest last. ``changed`` when one
    came, went or was undone."""

    changed = Signal()

    def __init__(self, messages: Messenger, banner: MessageBanner, parent: QObject) -> None:
        super().__init__(parent)
        self.messages = messages
        self.banner = banner
        self._entries: dict[int, Undoable] = {}
        self._serial = 0

    def push(self, entry: Undoable) -> int:
        """Offer Undo for ``entry`` for UNDO_MS; its serial number."""
        self._serial += 1
        serial = self._serial
        entry.timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        entry.timer.timeout.connect(lambda: self._expire(serial))
        entry.timer.start()
        self._entries[serial] = entry
        self._offer()
        self.changed.emit()
        return serial

    def waiting(self, kind: str) -> list[int]:
        """The ids of every ``kind`` change still undoable (article ids; highlight ids
        for HIGHLIGHT)."""
        return [i for e in self._entries.values() if e.kind == kind for i in e.ids]

    @property
    def can_undo(self) -> bool:
        return bool(self._entries)

    def undo(self, serial: int | None = None) -> bool:
        """Take back change ``serial`` (the latest if None); False if there was none."""
        if serial is None:
            if not self._entries:
                self.messages.show(self.tr("Nothing to undo."))
                return False
            serial = max(self._entries)
        entry = self._entries.pop(serial, None)
        if entry is None:
            return False
        entry.timer.stop()
        entry.undo(entry.ids)
        self._offer()
        if not self._entries:
            self.messages.show(
                {
                    DELETE: self.tr("Delete undone."),
                    ARCHIVE: self.tr("Archive undone."),
                    UNARCHIVE: self.tr("Move back to Unread undone."),
                    HIGHLIGHT: self.tr("Highlight restored."),
                }[entry.kind]
            )
        self.changed.emit()
        return True

    def forget(self, article_id: int) -> None:
        """``article_id`` no longer waits (saved again while its delete waited)."""
        for serial, entry in list(self._entries.items()):
            if entry.kind != HIGHLIGHT and article_id in entry.ids:  # those are highlight ids
                entry.ids.remove(article_id)
                if not entry.ids:
                    entry.timer.stop()
                    del self._entries[serial]
        self._offer()
        self.changed.emit()

    def commit_all(self) -> None:
        """The window closes: every delete waiting is written now."""
        for serial in list(self._entries):
            self._expire(serial)

    def _expire(self, serial: int) -> None:
        entry = self._entries.pop(serial, None)
        if entry is None:
            return
        entry.timer.stop()
        if entry.commit is not None:
            entry.commit(entry.ids)
        self._offer(quiet=True)
        self.changed.emit()

    def _offer(self, quiet: bool = False) -> None:
        """One banner for every change still undoable, worded for the latest."""
        undo_text = self.tr("Undo")
        if not self._entries:
            if self.banner.isVisible() and self.banner.action_button.text() == undo_text:
                self.banner.dismiss()
            return
        if quiet:
            return
        latest = self._entries[max(self._entries)]
        waiting = self.waiting(latest.kind)
        title = latest.titles.get(waiting[0]) if len(waiting) == 1 else None
        if title:
            what = self.tr("“{}”").format(title)
        elif latest.kind == HIGHLIGHT:
            what = self.tr("%n highlights", "", len(waiting))
        else:
            what = self.tr("%n articles", "", len(waiting))
        text = {
            HIGHLIGHT: self.tr("Removed the highlight {}.  (Ctrl+Z)")
            if title
            else self.tr("Removed {}.  (Ctrl+Z)"),
            DELETE: self.tr("Deleted {} and its %n highlight(s).  (Ctrl+Z)", "", latest.highlights)
            if latest.highlights and len(latest.ids) == 1
            else self.tr("Deleted {} and their %n highlight(s).  (Ctrl+Z)", "", latest.highlights)
            if latest.highlights
            else self.tr("Deleted {}.  (Ctrl+Z)"),
            ARCHIVE: self.tr("Archived {}.  (Ctrl+Z)"),
            UNARCHIVE: self.tr("Moved {} back to Unread.  (Ctrl+Z)"),
        }[latest.kind]
        self.messages.show(
            text.format(what),
            Level.INFO,
            action=(undo_text, self.undo),
            timeout_ms=UNDO_MS,
        )
