"""Backups in the window: automatic database backups on a thread, and the offer of the
latest backup when the library fails its check after an unclean shutdown.

The work is the core's (``library/backup.py``, ``library/restore.py``,
``library/sessions.py``); this module only schedules it off the GUI thread and presents
its results. Settings (``window.ini``): ``backups/every_hours`` (24; 0 turns automatic
backups off) and ``backups/keep`` (7).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEventLoop,
    QLocale,
    QObject,
    QRunnable,
    QSettings,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from newsreader.errors import NewsreaderError
from newsreader.library import backup, restore
from newsreader.library.sessions import HealthReport, Session

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 60_000  # the first look after start: the window's first minute is busy
CHECK_EVERY_MS = 3_600_000  # then hourly: is a backup due?
CLOSE_WAIT_MS = 3_000  # how long quitting waits for a backup under way (at most)


class _Relay(QObject):
    """Carries a worker thread's result to the GUI thread (a queued connection)."""

    done = Signal(str)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], str], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except NewsreaderError as exc:
            self.relay.failed.emit(exc.message)
        except Exception as exc:  # a bug: logged with its traceback, told in one line
            log.exception("backup failed")
            self.relay.failed.emit(f"{exc.__class__.__name__}: {exc}")
        else:
            self.relay.done.emit(result)


class AutoBackups(QObject):
    """Makes the automatic database backups of one library while the window is open:
    on its own thread, never on the GUI thread; results arrive as signals.

    ``made`` carries the new backup's path ("" when none was due), ``failed`` one line.
    """

    made = Signal(str)
    failed = Signal(str)

    def __init__(
        self, library_root: Path, settings: QSettings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library_root = Path(library_root)
        self.settings = settings
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._running = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run_if_due)

    def start(self, first_ms: int | None = None, every_ms: int | None = None) -> None:
        """Look whether a backup is due after ``first_ms``, then every ``every_ms``
        (default ``FIRST_CHECK_MS``, ``CHECK_EVERY_MS``)."""
        QTimer.singleShot(FIRST_CHECK_MS if first_ms is None else first_ms, self, self.run_if_due)
        self.timer.start(CHECK_EVERY_MS if every_ms is None else every_ms)

    def every_seconds(self) -> float:
        try:
            hours = float(self.settings.value("backups/every_hours", 24))
        except (TypeError, ValueError):
            hours = 24.0
        return max(hours, 0.0) * 3600

    def keep(self) -> int:
        try:
            return max(int(self.settings.value("backups/keep", backup.KEEP)), 1)
        except (TypeError, ValueError):
            return backup.KEEP

    def run_if_due(self) -> bool:
        """Start a backup on the pool's thread if one is due; True if one started."""
        every = self.every_seconds()
        if self._running or every <= 0:
            return False
        self._running = True
        root, keep = self.library_root, self.keep()

        def work() -> str:
            made = backup.auto_backup(root, every=every, keep=keep)
            return str(made) if made else ""

        self.pool.start(_Job(work, self._relay))
        return True

    def _finished(self, path: str) -> None:
        self._running = False
        if path:
            log.info("automatic backup: %s", path)
        self.made.emit(path)

    def _failed(self, message: str) -> None:
        self._running = False
        log.warning("automatic backup failed: %s", message)
        self.failed.emit(message)

    def close(self, timeout_ms: int = CLOSE_WAIT_MS) -> bool:
        """Stop the schedule and wait up to ``timeout_ms`` for a backup under way;
        False (and logged) if it is still running."""
        self.timer.stop()
        if not self.pool.waitForDone(max(0, timeout_ms)):
            log.warning("quitting during a backup; its unfinished file is left to clean up")
            return False
        return True


def failure_text(message: str) -> str:
    """What the window says when an automatic backup failed."""
    return QCoreApplication.translate("backups", "The automatic backup failed: {0}").format(message)


class RestoreOfferDialog(QMessageBox):
    """Says the library failed its check and offers to restore the latest backup into a
    new folder (and open that); or says there is no backup."""

    def __init__(self, report: HealthReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("The library may be damaged"))
        self.setText(
            self.tr(
                "newsreader was not closed properly last time, and the library at {0} "
                "now fails SQLite's check: {1}"
            ).format(report.library, report.problem)
        )
        if report.backup is None:
            self.setInformativeText(self.tr("There is no backup of this library to restore."))
            self.restore_button = None
            self.addButton(QMessageBox.StandardButton.Ok)
            return
        when = backup.stamp_time(report.backup.name)
        self.setInformativeText(
            self.tr(
                "The latest backup is from {0} ({1}). Restore it into a new folder, {2}, "
                "and open that? The damaged library is left as it is."
            ).format(
                QLocale().toString(
                    QDateTime.fromSecsSinceEpoch(int(when.timestamp())),
                    QLocale.FormatType.ShortFormat,
                )
                if when
                else "?",
                report.backup,
                report.restore_target(),
            )
        )
        self.restore_button = self.addButton(
            self.tr("Restore and open"), QMessageBox.ButtonRole.AcceptRole
        )
        self.addButton(self.tr("Open the library as it is"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button)

    def wants_restore(self) -> bool:
        return self.restore_button is not None and self.clickedButton() is self.restore_button


# A check that takes longer than this shows "Checking the library…" (milliseconds).
CHECK_SPLASH_AFTER_MS = 500


def _on_thread(work: Callable[[], object], text: str, after_ms: int, parent: QWidget | None):
    """``work()`` on a thread of its own while the GUI thread's event loop keeps turning;
    a busy dialog saying ``text`` appears once ``after_ms`` milliseconds have passed (at
    once with 0). Returns what ``work`` returned, or raises what it raised."""
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    relay = _Relay()
    relay.done.connect(loop.quit)

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as exc:  # handed to the GUI thread below
            outcome["error"] = exc
        relay.done.emit("")

    busy = QProgressDialog(text, "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setMinimumDuration(0)
    busy.hide()  # until after_ms have passed: a quick check shows nothing
    timer = QTimer(singleShot=True, interval=max(0, after_ms))
    timer.timeout.connect(busy.show)
    timer.start()
    thread = threading.Thread(target=run, name="library-check", daemon=True)
    thread.start()
    loop.exec()
    thread.join()
    timer.stop()
    busy.close()
    busy.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]


def _restore_in_background(report: HealthReport, parent: QWidget | None) -> Path:
    """Restore the report's backup on a thread while a busy dialog keeps the event loop
    running. Returns the new library folder; raises NewsreaderError."""
    target = report.restore_target()
    text = QCoreApplication.translate("backups", "Restoring the backup into {0}…").format(target)
    _on_thread(lambda: restore.restore(report.backup, target), text, 0, parent)
    return target


def start_session(library_root: Path, parent: QWidget | None = None) -> tuple[Session, Path]:
    """Mark the library as open; after an unclean shutdown, check it and, if it is
    damaged, offer the latest backup. Returns the session (close it on a clean exit) and
    the library to open: a restored one when the user chose it."""
    session = Session(library_root)
    # The check after an unclean shutdown reads the whole database: on a thread, with
    # "Checking the library…" shown if it takes a while, so the app never looks hung.
    report = _on_thread(
        session.check,
        QCoreApplication.translate("backups", "Checking the library…"),
        CHECK_SPLASH_AFTER_MS,
        parent,
    )
    if report is None or not report.damaged:
        return session, Path(library_root)
    dialog = RestoreOfferDialog(report, parent)
    dialog.exec()
    if not dialog.wants_restore():
        return session, Path(library_root)
    try:
        restored = _restore_in_background(report, parent)
    except NewsreaderError as exc:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("backups", "The backup could not be restored"),
            exc.message,
        )
        return session, Path(library_root)
    session.close()  # the damaged library's markers stay: it is checked again if opened
    return Session(restored), restored
