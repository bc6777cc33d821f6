"""Starting the desktop application: logging, one window per library, the main loop."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from newsreader import APP_NAME, __version__, paths
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.saver import SAVE_TIMEOUT, SAVE_TIMEOUT_RANGE, Saver
from newsreader.ui import backups, preflight, theme, translation
from newsreader.ui.dialogs import ErrorDialog
from newsreader.ui.main_window import MainWindow
from newsreader.ui.messages import Level
from newsreader.ui.preferences import Preferences
from newsreader.ui.save_queue import SaveQueue
from newsreader.ui.single_instance import InstanceServer, hand_over

log = logging.getLogger(__name__)

LOG_BYTES = 1_000_000
SAVES_AT_ONCE = 4
LOG_BACKUPS = 3
# After the window's own wait for its changes (library_writer.CLOSE_WAIT_SECONDS),
# quitting waits at most this long in all for the rest: a backup under way, the saves
# to stop, the library to close. What still runs then is abandoned (logged) and the
# process ends without waiting for it; the library stays marked as left uncleanly, so
# the next start checks it (ui/backups.start_session).
QUIT_MARGIN_SECONDS = 3.0
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
                str(
                    self.log_path or QCoreApplication.translate("ExceptionHandler", "not available")
                ),
                self.parent,
            )
            dialog.exec()
        finally:
            self._showing = False


def library_location(explicit: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The library folder the window opens (``paths.resolve_library_dir``: ``--library``,
    ``$NEWSREADER_LIBRARY``, the folder chosen in Settings, the default), and whether it
    was given for this run (so the Settings dialog says its own choice waits)."""
    return paths.resolve_library_dir(explicit), paths.library_overridden(explicit)


def freeze_startup_objects() -> None:
    """Put every object made so far (modules, classes, the window's widgets) out of
    reach of Python's cyclic garbage collector (``gc.freeze``), so that a full
    collection scans only what was made since. Without it, the 70,000 rows a search
    for a common word reads (on the list's search thread) set off a full collection
    of the whole heap, 35-50 ms during which the GUI thread waits for the GIL, whichever
    thread started it (benchmarks/search_gui_stall.py, docs/benchmarks.md). Frozen
    objects are still freed when nothing refers to them; only cycles among them stay."""
    gc.collect()
    gc.freeze()


def run(explicit_library: str | os.PathLike[str] | None, urls: list[str] | None = None) -> int:
    """Open the window on the library ``explicit_library`` (``--library``; None: see
    ``library_location``), saving ``urls``. Returns the exit code."""
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
    settings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    # Before any window or dialog (the backup offer below may show one).
    translation.install(app, translation.chosen_language(settings))
    library_dir, overridden = library_location(explicit_library)
    # The theme before the first widget, so the window never flashes in another one.
    theme.manager().apply(Preferences.load(settings).theme)

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
    saver = Saver(
        library,
        concurrency=SAVES_AT_ONCE,
        workers=min(os.cpu_count() or 1, SAVES_AT_ONCE),
        save_timeout=save_timeout(settings),
    )
    queue = SaveQueue(saver)
    server = InstanceServer(name)
    auto_backups: backups.AutoBackups | None = None
    code = 1
    try:
        window = MainWindow(library, queue, settings, library_overridden=overridden)
        handler.parent = window
        server.urlsReceived.connect(lambda received: _receive(window, received))
        server.listen()
        window.show()
        freeze_startup_objects()
        auto_backups = backups.AutoBackups(library_dir, settings, window)
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
        # Imports a quit, a crash or a kill left unfinished go on where they stopped.
        QTimer.singleShot(500, window.imports.resume_unfinished)
        code = app.exec()
    finally:
        server.close()
        sys.excepthook = previous_hook
        deadline = time.monotonic() + QUIT_MARGIN_SECONDS
        left = [] if auto_backups is None else _backup_left(auto_backups, deadline)
        left += close_within([("the saves to stop", queue.close)], deadline)
        if not left:
            library.close()
            session.close()
    if left:
        _end_now(code, left)
    return code


def _backup_left(auto_backups: backups.AutoBackups, deadline: float) -> list[str]:
    remaining_ms = int(max(0.0, deadline - time.monotonic()) * 1000)
    return [] if auto_backups.close(remaining_ms) else ["the automatic backup"]


def close_within(steps: list[tuple[str, Callable[[], object]]], deadline: float) -> list[str]:
    """Run ``steps`` (name, function) one after another, each on a thread of its own,
    all against ``deadline`` (time.monotonic()). At the deadline the step still running
    is left running and those after it are not begun. Returns the names of the steps
    not finished, each logged as a warning ("quitting without waiting for …")."""
    left: list[str] = []
    for name, step in steps:
        if left:
            left.append(name)
            continue
        thread = threading.Thread(target=step, name=f"quit: {name}", daemon=True)
        thread.start()
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            left.append(name)
    for name in left:
        log.warning("quitting without waiting for %s", name)
    return left


def _end_now(code: int, left: list[str]) -> None:
    """End the process at once: threads still waiting (for the library's lock, say)
    would otherwise hold the interpreter's exit. SQLite rolls back what they had not
    committed; the session marker stays, so the next start checks the library."""
    log.warning("ending without waiting for: %s", ", ".join(left))
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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
