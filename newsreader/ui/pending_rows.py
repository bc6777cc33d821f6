"""The Saves view's rows: saves in flight, then those that failed.

``PendingSave`` is one row; ``PendingRows`` holds them in their order and knows
where a row goes. Neither knows Qt: ``ArticleListModel`` owns a ``PendingRows``
and emits the row signals around each change it makes to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsreader.capture.urls import shown
from newsreader.library import failed_saves
from newsreader.saver import SaveState


@dataclass(frozen=True)
class PendingSave:
    url: str
    state: SaveState = SaveState.QUEUED
    detail: str = ""
    article_id: int | None = None  # set when an article already saved is re-fetched
    cancelling: bool = False  # the person cancelled it; the row goes once it has stopped
    # Of a failed save: why (failed_saves.KINDS), how many attempts failed, when the
    # last did (ISO 8601, UTC), whether the library holds its record.
    kind: str | None = None
    attempts: int = 0
    failed_at: str | None = None
    recorded: bool = False

    @classmethod
    def of_record(cls, record: failed_saves.FailedSave) -> PendingSave:
        """The failed row of a failure the library has recorded."""
        return cls(
            record.url,
            SaveState.FAILED,
            record.message,
            kind=record.kind,
            attempts=record.attempts,
            failed_at=record.failed_at,
            recorded=True,
        )

    @property
    def address(self) -> str:
        """``url`` as the window shows it: without a user name or password (the
        window keys the save by ``url``, which keeps them for its one download)."""
        return shown(self.url)

    @property
    def failed(self) -> bool:
        return self.state is SaveState.FAILED

    @property
    def retryable(self) -> bool:
        """Failed, and the same address may yet be saved (failed_saves.retryable)."""
        return self.failed and (self.kind is None or failed_saves.retryable(self.kind))

    @property
    def active(self) -> bool:
        return self.state not in (SaveState.FAILED, SaveState.SAVED)

    @property
    def cancellable(self) -> bool:
        """Still stoppable: not yet storing (a save being stored completes)."""
        return self.active and not self.cancelling and self.state is not SaveState.STORING


class PendingRows:
    """Pending saves in row order: those in flight first, then the failed ones, each
    group in the order its rows came. A row is keyed by its ``url`` as given (one row
    per url). Rows are numbered from 0; ``IndexError`` for a row that is not there."""

    def __init__(self) -> None:
        self._rows: list[PendingSave] = []

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, row: int) -> PendingSave:
        return self._rows[row]

    def __iter__(self) -> Iterator[PendingSave]:
        return iter(self._rows)

    def row_of(self, url: str) -> int | None:
        """The row of the save of ``url``, or None."""
        return next((r for r, p in enumerate(self._rows) if p.url == url), None)

    def of(self, url: str) -> PendingSave | None:
        row = self.row_of(url)
        return self._rows[row] if row is not None else None

    def of_key(self, url_key: str) -> PendingSave | None:
        """The first row whose address has ``url_key`` (``failed_saves.key_of``)."""
        return next((p for p in self._rows if failed_saves.key_of(p.url) == url_key), None)

    def place_of(self, pending: PendingSave) -> int:
        """The row a new ``pending`` goes to: a failed one last, any other after the
        last in flight (before the failed ones)."""
        if pending.failed:
            return len(self._rows)
        return next((r for r, p in enumerate(self._rows) if p.failed), len(self._rows))

    @staticmethod
    def moves(old: PendingSave, new: PendingSave) -> bool:
        """Whether a row changed from ``old`` to ``new`` changes group (it failed, or
        is tried again), so must be taken out and put in its new place."""
        return old.failed != new.failed

    def insert(self, row: int, pending: PendingSave) -> None:
        """Put ``pending`` at ``row`` (``place_of`` says where it belongs)."""
        self._rows.insert(row, pending)

    def take(self, row: int) -> PendingSave:
        return self._rows.pop(row)

    def put(self, row: int, pending: PendingSave) -> None:
        """Replace the save at ``row`` by ``pending`` (a row that does not move)."""
        self._rows[row] = pending
