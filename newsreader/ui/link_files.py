"""Reading a file of links for the window, off the GUI thread.

A link file may be up to ``url_lists.MAX_FILE_BYTES`` (50 MB) on a slow disk or a
network share; reading it on the GUI thread would freeze the window. The reading is
``url_lists.read_url_file`` on a thread of its own; the result comes back as a
signal, on the GUI thread.
"""

from __future__ import annotations

import logging
import stat
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from newsreader.capture.url_lists import read_url_file
from newsreader.errors import NewsreaderError

log = logging.getLogger(__name__)


class LinkFileReader(QObject):
    """Reads link files one thread per file; ``read(path, urls)`` or
    ``failed(path, message)`` follows each ``start``, on this object's thread."""

    read = Signal(object, list)  # Path, the URLs found
    failed = Signal(object, str)  # Path, one line

    def start(self, path: Path) -> bool:
        """Begin reading ``path``; False (and ``failed`` emitted at once) when it is
        not a regular file: a pipe or device could be read from for ever."""
        try:
            info = path.stat()
        except OSError as exc:
            self.failed.emit(path, self.tr("cannot read it: {0}").format(exc.strerror))
            return False
        if not stat.S_ISREG(info.st_mode):
            self.failed.emit(path, self.tr("not a file of links"))
            return False
        threading.Thread(target=self._read, args=(path,), name="link-file", daemon=True).start()
        return True

    def _read(self, path: Path) -> None:
        try:
            urls, _ = read_url_file(str(path))
        except OSError as exc:
            message = self.tr("cannot read it: {0}").format(exc.strerror or exc)
        except NewsreaderError as exc:
            message = exc.message
        except Exception as exc:  # a bug: the log has the traceback, the window one line
            log.exception("reading links from %s", path)
            message = self.tr("internal error ({0}); see the log").format(type(exc).__name__)
        else:
            self._emit(self.read, path, urls)
            return
        self._emit(self.failed, path, message)

    def _emit(self, signal: Signal, *arguments: object) -> None:
        try:
            signal.emit(*arguments)
        except RuntimeError:  # the window closed while the file was being read
            log.info("links read from %s after the window closed", arguments[0])
