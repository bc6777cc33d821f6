"""The imports under way, above the list and the reader: one row per import with its
progress bar, counts, time left, Pause/Resume, Cancel and, once there is one, the
per-item report. The person keeps reading meanwhile: nothing here waits on a job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsreader.import_job import ImportProgress
from newsreader.ui.import_jobs import ImportJobs, stopped


class ImportTexts(QObject):
    """The texts of an import's row. A class, so that tr() has one context
    ("ImportTexts") for lupdate and at run time, and %n plurals are extracted as such."""

    def status(self, progress: ImportProgress) -> str:
        c = progress.counts
        name = Path(progress.source).name  # the file's name; its folder is noise here
        state = progress.state
        if state == "failed":
            return self.tr("Cannot import {0}: {1}").format(name, progress.message or "")
        if state == "reading" and progress.message:
            # Resumed, but its file cannot be read now (moved, a drive not mounted):
            # it waits, resumable, and says why.
            return self.tr("Import of {0} waits: {1}").format(name, progress.message)
        if state == "reading":
            return self.tr("Reading {0} ({1})… %Ln entries so far", "", c.total).format(
                name, progress.format_name
            )
        parts = [self.outcomes(progress)]
        if state in ("fetching", "paused") and c.waiting:
            parts.append(self.tr("%Ln still to fetch", "", c.waiting))
            left = self.time_left(progress.seconds_left)
            if left and state == "fetching":
                parts.append(left)
        joined = " · ".join(p for p in parts if p)
        if state == "paused":
            return self.tr("Import of {0} paused: {1}").format(name, joined)
        if state == "cancelled":
            return self.tr("Import of {0} cancelled: {1}").format(name, joined)
        if state == "done":
            return self.tr("Imported {0}: {1}").format(name, joined)
        return self.tr("Importing {0}: {1}").format(name, joined)

    def outcomes(self, progress: ImportProgress) -> str:
        c = progress.counts
        parts = [
            self.tr("%Ln article(s)", "", c.with_content + c.fetched),
            self.tr("%Ln link only", "", c.link_only) if c.link_only else "",
            self.tr("%Ln already saved", "", c.merged) if c.merged else "",
            self.tr("%Ln skipped", "", c.skipped) if c.skipped else "",
            self.tr("%Ln unreadable", "", c.problems) if c.problems else "",
            self.tr("%Ln saved search(es) added", "", c.saved_searches) if c.saved_searches else "",
        ]
        return ", ".join(p for p in parts if p)

    def time_left(self, seconds: float | None) -> str:
        if seconds is None:
            return ""
        if seconds < 90:
            return self.tr("about %n second(s) left", "", max(1, round(seconds)))
        if seconds < 90 * 60:
            return self.tr("about %n minute(s) left", "", round(seconds / 60))
        return self.tr("about %n hour(s) left", "", round(seconds / 3600))


class ImportRow(QFrame):
    """One import: its line, its bar and its buttons. ``dismissed(key)`` when ✕ takes
    an ended import away."""

    dismissed = Signal(int)

    def __init__(
        self, key: int, jobs: ImportJobs, open_file: Callable[[QUrl], object], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.jobs = jobs
        self.open_file = open_file
        self.texts = ImportTexts(self)
        self.setObjectName("importRow")
        self.label = QLabel(self)
        self.label.setObjectName("importStatus")
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("importProgress")
        self.bar.setRange(0, 0)  # busy until the file has been read
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setObjectName("importPause")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("importCancel")
        self.report_button = QPushButton(self.tr("Open report"), self)
        self.report_button.setObjectName("importReport")
        self.report_button.hide()
        self.close_button = QPushButton("✕", self)
        self.close_button.setObjectName("importClose")
        self.close_button.setFlat(True)
        self.close_button.setFixedWidth(28)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        for button in (
            self.pause_button,
            self.cancel_button,
            self.report_button,
            self.close_button,
        ):
            layout.addWidget(button)
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.cancel_button.clicked.connect(lambda: jobs.cancel(key))
        self.report_button.clicked.connect(self._open_report)
        self.close_button.clicked.connect(self.dismiss)
        self.label.setText(self.tr("Starting the import…"))
        self.state = "reading"

    def update_progress(self, progress: ImportProgress) -> None:
        self.state = progress.state
        self.label.setText(self.texts.status(progress))
        c = progress.counts
        if progress.state == "reading":
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, max(1, c.total))
            self.bar.setValue(max(0, c.total - c.waiting))
        # A resumed import whose file is gone has stopped for now: it waits for the
        # file (its row says so) and is tried again at the next start.
        ended = stopped(progress)
        self.bar.setVisible(not ended)
        self.pause_button.setVisible(not ended)
        self.cancel_button.setVisible(not ended)
        self.pause_button.setEnabled(progress.state in ("fetching", "paused"))
        self.pause_button.setText(
            self.tr("Resume") if progress.state == "paused" else self.tr("Pause")
        )
        job = self.jobs.job(self.key)
        report = job.report_path if job is not None else None
        self.report_button.setVisible(bool(report) and progress.state != "reading")
        self.close_button.setVisible(ended)

    def _pause_or_resume(self) -> None:
        if self.state == "paused":
            self.jobs.resume(self.key)
        else:
            self.jobs.pause(self.key)

    def _open_report(self) -> None:
        job = self.jobs.job(self.key)
        if job is not None and job.report_path is not None:
            self.open_file(QUrl.fromLocalFile(str(Path(job.report_path))))

    def dismiss(self) -> None:
        self.jobs.forget(self.key)
        self.hide()
        self.dismissed.emit(self.key)
        self.deleteLater()


class ImportPanel(QFrame):
    """The rows of the imports of this window; hidden when there are none."""

    def __init__(
        self, jobs: ImportJobs, open_file: Callable[[QUrl], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPanel")
        self.jobs = jobs
        self.open_file = open_file
        self.rows: dict[int, ImportRow] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        jobs.started.connect(self._add)
        jobs.progressed.connect(self._progressed)
        self.hide()

    def _add(self, key: int) -> None:
        row = ImportRow(key, self.jobs, self.open_file, self)
        row.dismissed.connect(self._removed)
        self.rows[key] = row
        self._layout.addWidget(row)
        self.show()

    def _progressed(self, key: int, progress: ImportProgress) -> None:
        row = self.rows.get(key)
        if row is not None:
            row.update_progress(progress)

    def _removed(self, key: int) -> None:
        self.rows.pop(key, None)
        if not self.rows:
            self.hide()
