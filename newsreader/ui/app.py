"""Starting the desktop application: logging, one window per library, the main loop."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from newsreader import APP_NAME, __version__, paths
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.saver import SAVE_TIMEOUT, SAVE_TIMEOUT_RANGE, Saver
from newsreader.ui import backups, preflight
from newsreader.ui.dialogs import ErrorDialog
from newsreader.ui.main_window import MainWindow
from newsreader.ui.messages import Level
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.single_instance import InstanceServer, hand_over

log = logging.getLogger(__name__)

LOG_BYTES = 1_000_000
SAVES_AT_ONCE = 4
LOG_BACKUPS = 3
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def setup_logging() -> Path | None:
    """Log to a rotating file in the user log folder; returns its path (None if the
    folder cannot be written, in which case only stderr gets warnings)."""
    path = paths.log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    # The file wants INFO; the terminal keeps the level it was configured with.
    for existing in root.handlers:
        if existing.level == logging.NOTSET:
            existing.setLevel(root.level or logging.WARNING)
    root.addHandler(handler)
    root.setLevel(min(root.level, logging.INFO) if root.level else logging.INFO)
    log.info("newsreader %s starting", __version__)
    return path


def _qt_message(kind: QtMsgType, context, message: str) -> None:
    """Qt's own warnings go into Python logging, not straight to stderr."""
    logging.getLogger("qt").log(
        _QT_LEVELS.get(kind, logging.WARNING),
        "%s (%s:%s)",
        message,
        context.file or "?",
        context.line,
    )


class ExceptionHandler:
    """Shows a dialog for an exception that escaped a slot, instead of a silent exit."""

    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self.parent: QWidget | None = None
        self._showing = False

    def __call__(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error:\n%s", details)
        if self._showing:  # one dialog at a time; the rest are in the log
            return
        self._showing = True
        try:
            dialog = ErrorDialog(
                f"{kind.__name__}: {value}",
                f"newsreader {__version__}\n{details}",
                str(self.log_path or "not available"),
                self.parent,
            )
            dialog.exec()
        finally:
            self._showing = False


def run(library_dir: Path, urls: list[str] | None = None) -> int:
    urls = list(urls or [])
    reason = preflight.problem()
    if reason:
        print(f"newsreader: {reason}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    icon = paths.resources_dir() / "newsreader.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    log_path = setup_logging()
    qInstallMessageHandler(_qt_message)

    name = paths.instance_name(library_dir)
    if hand_over(name, urls):
        count = len(urls)
        print(
            f"newsreader is already open; handed it {count} link{'s' if count != 1 else ''}"
            if count
            else "newsreader is already open; brought it to the front"
        )
        return 0

    session, library_dir = backups.start_session(library_dir)  # may offer a backup
    name = paths.instance_name(library_dir)
    try:
        library = Library(library_dir)
    except NewsreaderError as exc:
        session.close()
        print(f"newsreader: {exc.message}", file=sys.stderr)
        return 1
    handler = ExceptionHandler(log_path)
    previous_hook = sys.excepthook
    sys.excepthook = handler
    # As many extraction workers as saves can run at once, no more: each is ~50 MB.
    settings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    saver = Saver(
        library,
        concurrency=SAVES_AT_ONCE,
        workers=min(os.cpu_count() or 1, SAVES_AT_ONCE),
        save_timeout=save_timeout(settings),
    )
    queue = SaveQueue(saver)
    server = InstanceServer(name)
    try:
        window = MainWindow(library, queue, settings)
        handler.parent = window
        server.urlsReceived.connect(lambda received: _receive(window, received))
        server.listen()
        window.show()
        auto_backups = backups.AutoBackups(library_dir, settings, window)
        app.aboutToQuit.connect(auto_backups.close)
        auto_backups.failed.connect(
            lambda m: window.messages.show(backups.failure_text(m), Level.WARNING)
        )
        auto_backups.start()
        _quit_on_signals(app)
        # Start the extraction workers once the window is up, so the first save
        # does not wait for them and the first paint does not either.
        QTimer.singleShot(300, saver.pool.prestart)
        if urls:
            QTimer.singleShot(0, lambda: window.save_urls(urls))
        return app.exec()
    finally:
        server.close()
        queue.close()
        library.close()
        session.close()
        sys.excepthook = previous_hook


# The settings key for a whole save's deadline in seconds; out of range or unreadable
# values fall back to the default (saver.SAVE_TIMEOUT).
SAVE_TIMEOUT_KEY = "capture/save_timeout_seconds"


def save_timeout(settings: QSettings) -> float:
    """A whole save's deadline in seconds from ``settings`` (SAVE_TIMEOUT_KEY)."""
    try:
        value = float(settings.value(SAVE_TIMEOUT_KEY, SAVE_TIMEOUT))
    except (TypeError, ValueError):
        return SAVE_TIMEOUT
    least, most = SAVE_TIMEOUT_RANGE
    return value if least <= value <= most else SAVE_TIMEOUT


def _quit_on_signals(app: QApplication) -> None:
    """Ctrl+C in the terminal and a desktop's SIGTERM close the window properly, so
    pending deletes are settled and settings saved."""

    def request_quit(*_: object) -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
        app.quit()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, request_quit)
    # Python runs signal handlers only between bytecodes; a periodic no-op timer
    # gives it the chance while Qt's loop is waiting.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def _receive(window: MainWindow, urls: list[str]) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if urls:
        window.save_urls(urls)
