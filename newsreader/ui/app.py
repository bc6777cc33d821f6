"""Starting the desktop application.

A placeholder window until the full reader lands: it opens the library and shows
what is in it, so `newsreader` with no arguments already does something honest.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from newsreader import APP_NAME, __version__
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.ui import preflight


class PlaceholderWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.setWindowTitle("newsreader")
        count = library.count("all")
        label = QLabel(
            f"<h2>newsreader {__version__}</h2>"
            f"<p>Library: {library.paths.root}</p>"
            f"<p>{count} saved article{'s' if count != 1 else ''}.</p>"
            "<p>Save articles from the command line for now:<br>"
            "<code>newsreader add URL</code></p>"
        )
        label.setMargin(24)
        self.setCentralWidget(label)
        self.resize(640, 360)


def run(library_dir: Path) -> int:
    reason = preflight.problem()
    if reason:
        print(f"newsreader: {reason}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    try:
        library = Library(library_dir)
    except NewsreaderError as exc:
        print(f"newsreader: {exc.message}", file=sys.stderr)
        return 1
    try:
        window = PlaceholderWindow(library)
        window.show()
        return app.exec()
    finally:
        library.close()
