"""Imports for the window: each file is an ``ImportJob`` (import_job.py, Qt-free) that
reads the file, writes its entries and fetches their pages on threads of its own; this
part starts them, resumes the ones a quit or a crash left unfinished, and turns their
progress reports (made on the jobs' threads) into a signal on the GUI thread.

The jobs write through their own connections, so the list learns of new entries the
way it learns of any change made elsewhere (``LibraryWatch``); ``entriesChanged`` says
when it is worth looking.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from newsreader.import_job import ImportJob, ImportProgress, link_only_list
from newsreader.library.library import Library
from newsreader.saver import Saver

log = logging.getLogger(__name__)

# Seconds a job may take to stop its threads when the window closes; its state is in
# the library, so the next start resumes it whatever happened to the threads.
CLOSE_SECONDS = 3.0
ENDED = ("done", "cancelled", "failed")


class ImportJobs(QObject):
    """The window's imports. ``progressed(key, progress)`` for every report of a job
    (``key`` identifies the job in this window; its library id may come later),
    ``started(key)`` once per job, ``entriesChanged()`` when a job wrote entries."""

    started = Signal(int)
    progressed = Signal(int, object)  # key, ImportProgress
    entriesChanged = Signal()
    _reported = Signal(int, object)  # from the jobs' threads

    def __init__(self, library: Library, saver: Saver, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.saver = saver
        self._jobs: dict[int, ImportJob] = {}
        self._last: dict[int, ImportProgress] = {}
        self._next_key = 1
        self._lock = threading.Lock()
        self._closed = False
        # Emitted on the jobs' threads; delivered queued, on this object's thread.
        self._reported.connect(self._on_report)

    # --- starting -----------------------------------------------------------------------------
    def import_file(self, path: Path) -> int:
        """Start importing ``path`` (any format ``imports.detect`` knows); its key."""
        return self._start(
            lambda report: ImportJob(self.library, self.saver, str(path), on_progress=report)
        )

    def fetch_link_only(self) -> int | None:
        """Fetch every link-only article again, as an import of their addresses (the
        job's row shows it); its key, or None when there are none."""
        path = link_only_list(self.library)
        return None if path is None else self.import_file(path)

    def resume_unfinished(self) -> list[int]:
        """Resume every import a quit, a crash or a kill left unfinished; their keys."""
        try:
            ids = ImportJob.unfinished(self.library)
        except Exception:  # a damaged library must not stop the window from starting
            log.exception("looking for unfinished imports")
            return []
        return [
            self._start(
                lambda report, job_id=job_id: ImportJob(
                    self.library, self.saver, job_id=job_id, on_progress=report
                )
            )
            for job_id in ids
        ]

    def _start(self, make) -> int:
        key = self._next_key
        self._next_key += 1

        def report(progress: ImportProgress) -> None:
            if not self._closed:
                self._reported.emit(key, progress)

        job = make(report)
        self._jobs[key] = job
        self.started.emit(key)
        job.start()
        return key

    # --- controlling --------------------------------------------------------------------------
    def job(self, key: int) -> ImportJob | None:
        return self._jobs.get(key)

    def last(self, key: int) -> ImportProgress | None:
        """The newest report of the job ``key``, or None before its first."""
        return self._last.get(key)

    @property
    def running(self) -> list[int]:
        """Keys of the jobs not yet ended (paused ones included; not one waiting for
        its file, whose thread has stopped until the next start)."""
        return [key for key in self._jobs if not stopped(self._last.get(key))]

    def pause(self, key: int) -> None:
        if (job := self._jobs.get(key)) is not None:
            job.pause()

    def resume(self, key: int) -> None:
        if (job := self._jobs.get(key)) is not None:
            job.resume()

    def cancel(self, key: int) -> None:
        if (job := self._jobs.get(key)) is not None:
            job.cancel()

    def forget(self, key: int) -> None:
        """Stop showing an ended job."""
        if key not in self.running:
            self._jobs.pop(key, None)
            self._last.pop(key, None)

    def close(self) -> None:
        """Stop every job's threads (within CLOSE_SECONDS each); unfinished ones stay
        in the library and resume at the next start."""
        self._closed = True
        for job in list(self._jobs.values()):
            try:
                job.close()
            except Exception:
                log.exception("stopping an import")

    # --- reports ------------------------------------------------------------------------------
    def _on_report(self, key: int, progress: ImportProgress) -> None:
        if key not in self._jobs:
            return
        before = self._last.get(key)
        self._last[key] = progress
        self.progressed.emit(key, progress)
        if (
            before is None
            or _entries(before) != _entries(progress)
            or (before.state != progress.state)
        ):
            self.entriesChanged.emit()


def stopped(progress: ImportProgress | None) -> bool:
    """Whether a job's threads have stopped: it ended, or it waits for its file (a
    resumed job whose file cannot be read: ``ImportJob`` leaves it resumable)."""
    if progress is None:
        return False
    return progress.state in ENDED or (progress.state == "reading" and bool(progress.message))


def _entries(progress: ImportProgress) -> tuple[int, ...]:
    """What a report says about the library's rows: when it changes, the list may."""
    c = progress.counts
    return (c.total, c.with_content, c.fetched, c.link_only, c.merged)
