"""File ▸ Export…: what to export (the selection, the view, the whole library), in which
format (``exports.FORMATS``) and where (a file for a file format; for Markdown and HTML
a folder, in which a new ``newsreader-export-DATE`` folder is made); the export itself
runs on a thread of its own (``ExportRun``) behind a progress dialog that can cancel it,
so the window keeps painting and a big library never freezes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from newsreader import exports
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.ui.messages import Level, Messenger

log = logging.getLogger(__name__)

# The setting keeps the format's id (exports.FORMATS), never its displayed name.
FORMAT_SETTING = "export/format"
FOLDER_SETTING = "export/folder"
# The formats as the window names them (exports.FORMATS has the core's English names).
FORMAT_NAMES = {
    "epub": QT_TRANSLATE_NOOP("ExportFormats", "EPUB 3 e-book (one book)"),
    "markdown": QT_TRANSLATE_NOOP("ExportFormats", "Markdown folder (Obsidian, Logseq)"),
    "html": QT_TRANSLATE_NOOP("ExportFormats", "HTML files, one per article"),
    "json": QT_TRANSLATE_NOOP("ExportFormats", "newsreader export (JSON, imports back)"),
    "netscape": QT_TRANSLATE_NOOP("ExportFormats", "Bookmarks (browsers and other services)"),
    "csv": QT_TRANSLATE_NOOP("ExportFormats", "CSV spreadsheet"),
}


def format_name(format_id: str) -> str:
    """The format's name in the interface's language."""
    name = FORMAT_NAMES.get(format_id)
    if name is None:
        return exports.FORMATS[format_id][0]
    return QCoreApplication.translate("ExportFormats", name)


# The suffix a file export is given when the person typed none.
SUFFIXES = {"epub": ".epub", "json": ".zip", "netscape": ".html", "csv": ".csv"}


class ExportDialog(QDialog):
    """Asks what and how; ``scope_ids()`` and ``format_id()`` are the answers."""

    def __init__(
        self,
        scopes: Sequence[tuple[str, str, Sequence[int]]],  # (id, label, article ids)
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.settings = settings
        self.scopes = list(scopes)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.scope_buttons: dict[str, QRadioButton] = {}
        scope_box = QVBoxLayout()
        for scope_id, label, ids in self.scopes:
            button = QRadioButton(label, self)
            button.setObjectName(f"exportScope_{scope_id}")
            button.setEnabled(bool(ids))
            scope_box.addWidget(button)
            self.scope_buttons[scope_id] = button
        first = next((b for b in self.scope_buttons.values() if b.isEnabled()), None)
        if first is not None:
            first.setChecked(True)
        form.addRow(self.tr("Export:"), scope_box)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        for format_id in exports.FORMATS:
            self.format_combo.addItem(format_name(format_id), format_id)
        remembered = self.format_combo.findData(settings.value(FORMAT_SETTING, "epub"))
        self.format_combo.setCurrentIndex(max(0, remembered))
        form.addRow(self.tr("Format:"), self.format_combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(first is not None)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def scope_ids(self) -> list[int]:
        for scope_id, _, ids in self.scopes:
            if self.scope_buttons[scope_id].isChecked():
                return list(ids)
        return []

    def format_id(self) -> str:
        return self.format_combo.currentData()


class ExportRun(QObject):
    """One export on a thread of its own. ``progressed(done, total)`` while it runs,
    then ``finished(result)`` (an ExportResult) or ``failed(message)``, on the GUI
    thread."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        library: Library,
        ids: Sequence[int],
        format_id: str,
        destination: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.ids = list(ids)
        self.format_id = format_id
        self.destination = destination
        self._cancel = threading.Event()
        self.thread = threading.Thread(target=self._run, name="export", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = exports.export(
                self.library,
                self.ids,
                self.format_id,
                self.destination,
                progress=lambda done, total: self.progressed.emit(done, total),
                cancelled=self._cancel.is_set,
            )
        except NewsreaderError as exc:
            self.failed.emit(exc.message)
        except Exception as exc:  # a bug: the log has the traceback, the window one line
            log.exception("exporting to %s", self.destination)
            self.failed.emit(
                QObject.tr(self, "internal error ({0}); see the log").format(type(exc).__name__)
            )
        else:
            self.finished.emit(result)


class Exporter(QObject):
    """File ▸ Export… from the window: the dialog, the destination, the run."""

    def __init__(
        self,
        *,
        window: QWidget,
        library: Library,
        settings: QSettings,
        messages: Messenger,
        selected_ids: Callable[[], list[int]],
        view_ids: Callable[[], list[int]],
        open_file: Callable[[QUrl], object],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.settings = settings
        self.messages = messages
        self.selected_ids = selected_ids
        self.view_ids = view_ids
        self.open_file = open_file
        self.run: ExportRun | None = None
        self.progress: QProgressDialog | None = None

    def export(self) -> None:
        if self.run is not None:
            self.messages.show(self.tr("An export is already under way."), Level.WARNING)
            return
        selected, shown, everything = self.selected_ids(), self.view_ids(), self.library.ids()
        scopes = [
            ("selection", self.tr("The selected articles (%Ln)", "", len(selected)), selected),
            ("view", self.tr("The articles in this view (%Ln)", "", len(shown)), shown),
            (
                "library",
                self.tr("The whole library (%Ln articles)", "", len(everything)),
                everything,
            ),
        ]
        dialog = ExportDialog(scopes, self.settings, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ids, format_id = dialog.scope_ids(), dialog.format_id()
        self.settings.setValue(FORMAT_SETTING, format_id)
        destination = self._destination(format_id, len(ids))
        if destination is not None:
            self.start(ids, format_id, destination)

    def _destination(self, format_id: str, count: int) -> Path | None:
        folder = str(self.settings.value(FOLDER_SETTING, str(Path.home())))
        name, kind = format_name(format_id), exports.FORMATS[format_id][1]
        if kind == "folder":
            # The folder chosen is where the export's own new folder is made
            # (newsreader-export-DATE, -2, -3… when taken): the export never writes
            # into a folder that holds something already.
            chosen = QFileDialog.getExistingDirectory(
                self.window, self.tr("Export as {0} into folder").format(name), folder
            )
            if not chosen:
                return None
            self.settings.setValue(FOLDER_SETTING, chosen)
            return exports.unused_path(Path(chosen), exports.default_stem())
        suffix = SUFFIXES.get(format_id, "")
        suggested = str(Path(folder) / (self.tr("newsreader export") + suffix))
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Export as {0}").format(name), suggested
        )
        if not chosen:
            return None
        path = Path(chosen)
        if suffix and not path.suffix:
            path = path.with_suffix(suffix)
        self.settings.setValue(FOLDER_SETTING, str(path.parent))
        return path

    def start(self, ids: Sequence[int], format_id: str, destination: Path) -> ExportRun:
        """Export ``ids`` as ``format_id`` to ``destination`` (no dialogs): the run."""
        run = ExportRun(self.library, ids, format_id, destination, self)
        progress = QProgressDialog(
            self.tr("Exporting %Ln article(s)…", "", len(ids)),
            self.tr("Cancel"),
            0,
            max(1, len(ids)),
            self.window,
        )
        progress.setObjectName("exportProgress")
        progress.setWindowTitle(self.tr("Export"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(run.cancel)
        run.progressed.connect(lambda done, total: progress.setValue(min(done, total)))
        run.finished.connect(self._finished)
        run.failed.connect(self._failed)
        self.run, self.progress = run, progress
        run.start()
        return run

    def _end(self) -> ExportRun | None:
        run, self.run = self.run, None
        if self.progress is not None:
            # Closing a QProgressDialog emits canceled(): the run has ended, so that
            # must not mark it cancelled.
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        return run

    def _finished(self, result) -> None:
        run = self._end()
        if run is not None and run.cancelled:
            self.messages.show(self.tr("Export cancelled."))
            return
        text = self.tr("Exported %Ln article(s) to {0}", "", result.articles).format(
            result.path.name
        )
        if result.problems:
            text += " " + self.tr("(%Ln problem(s); see the log)", "", len(result.problems))
            for problem in result.problems:
                log.warning("export: %s", problem)
        folder = result.path if result.path.is_dir() else result.path.parent
        self.messages.show(
            text,
            Level.INFO,
            action=(self.tr("Show"), lambda: self.open_file(QUrl.fromLocalFile(str(folder)))),
        )

    def _failed(self, message: str) -> None:
        run = self._end()
        if run is not None and run.cancelled:
            self.messages.show(self.tr("Export cancelled."))
            return
        self.messages.show(self.tr("Could not export: {0}").format(message), Level.ERROR)
