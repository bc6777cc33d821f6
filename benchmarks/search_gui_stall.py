"""How long the window's GUI thread stalls while a search of a big library runs.

    .venv/bin/python benchmarks/search_gui_stall.py [--articles N] [--library DIR]
        [--rebuild] [--runs R] [--corpus DIR] [--no-freeze]

The library is bench_library.py's (100,000 articles by default, built once and cached
in /tmp; shared with window_100k.py and search_100k.py). The window is the real
``MainWindow`` on Qt's offscreen platform (1100 x 700, fresh settings), in this
process. As ``newsreader.ui.app.run`` does, the objects made up to the window's
first show are frozen (``freeze_startup_objects``); ``--no-freeze`` leaves that out.

A 5 ms QTimer runs throughout; a stall is the longest gap between two of its ticks
(less the 5 ms) from the moment a search is started until its result is shown and
painted (plus 50 ms to settle). For each query, in the same window and the same run:

- GUI thread (baseline, how the window searched before issue 16): the search the
  typing pause started, ``ArticleList.apply_query`` of the search and
  ``Library.highlight_pattern``, called on the GUI thread;
- off the GUI thread (now): ``ArticleList.run_search`` (the search is read on the
  list's search thread and shown when it arrives);
- idle: the same timer with nothing to do, as long as the slower of the two took.

Each figure is the median of R runs (default 5), after one untimed run of each
query. "until shown" is the wall time from the start to the result shown. Ratios
are off-thread / GUI-thread. Timings print; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_library import DEFAULT_ARTICLES, default_library, ensure_library

TICK_MS = 5
SETTLE_MS = 50
# Function words in most articles (bm25 scores every match), a word in a few, a phrase.
QUERIES = ("die", "in", "ein", '"in der"')


class StallMeter:
    """The longest gap between ticks of a TICK_MS timer since ``reset``."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def stall_ms(self) -> float:
        return max(0.0, self.longest * 1000 - TICK_MS)


def _run(app, meter: StallMeter, start: Callable[[], None], done: Callable[[], bool]):
    """(stall ms, ms until ``done``) of ``start`` run from the event loop."""
    from PySide6.QtCore import QTimer

    began = [0.0]

    def go() -> None:
        meter.reset()
        began[0] = time.perf_counter()
        start()

    QTimer.singleShot(0, go)
    app.processEvents()
    while not began[0] or not done():
        app.processEvents()
        time.sleep(0.0005)
    shown = (time.perf_counter() - began[0]) * 1000
    until = time.perf_counter() + SETTLE_MS / 1000
    while time.perf_counter() < until:  # the paint of the result
        app.processEvents()
        time.sleep(0.0005)
    return meter.stall_ms(), shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--library", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--no-freeze", action="store_true")
    args = parser.parse_args()

    from corpus import DEFAULT_CORPUS
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from newsreader.library.library import Library
    from newsreader.saver import Saver
    from newsreader.ui.app import freeze_startup_objects
    from newsreader.ui.main_window import MainWindow
    from newsreader.ui.save_queue import SaveQueue

    folder = args.library or default_library(args.articles)
    ensure_library(folder, args.articles, args.corpus or DEFAULT_CORPUS, args.rebuild)
    app = QApplication.instance() or QApplication(sys.argv)
    library = Library(folder)
    settings_dir = Path(tempfile.mkdtemp(prefix="bench-search-stall-"))
    settings = QSettings(str(settings_dir / "window.ini"), QSettings.Format.IniFormat)
    saver = Saver(library, workers=1)
    queue = SaveQueue(saver)
    window = MainWindow(library, queue, settings)
    window.resize(1100, 700)
    window.show()
    if not args.no_freeze:
        freeze_startup_objects()
    for _ in range(20):
        app.processEvents()
    articles = window.articles
    meter = StallMeter()

    def set_text(text: str) -> None:
        window.search.blockSignals(True)  # no typing pause: each way starts it itself
        window.search.setText(text)
        window.search.blockSignals(False)

    def on_gui_thread(text: str) -> None:
        # What run_search did before issue 16 moved the search off the GUI thread.
        articles.apply_query(replace(articles.query(), search=text))
        library.highlight_pattern(text)

    def clear() -> None:
        set_text("")
        articles.run_search()
        app.processEvents()

    def gui(text: str) -> tuple[float, float]:
        clear()
        set_text(text)
        return _run(app, meter, lambda: on_gui_thread(text), lambda: True)

    def off(text: str) -> tuple[float, float]:
        clear()
        set_text(text)
        return _run(
            app,
            meter,
            articles.run_search,
            lambda: not articles.search_under_way and window.model.searching,
        )

    def _idle(ms: float) -> float:
        meter.reset()
        until = time.perf_counter() + ms / 1000
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.0005)
        return meter.stall_ms()

    frozen = "no objects frozen" if args.no_freeze else "start-up objects frozen"
    print(f"library: {folder}, {library.count('all'):,} articles; {args.runs} runs each; {frozen}")
    print(
        f"{'query':>10} {'matches':>8} | {'stall: GUI thread':>17} {'off thread':>10} "
        f"{'idle':>6} {'ratio':>6} | {'until shown: GUI':>16} {'off':>7} {'ratio':>6}"
    )
    for text in QUERIES:
        gui(text), off(text)  # untimed: caches, the thread and its connection
        g = [gui(text) for _ in range(args.runs)]
        o = [off(text) for _ in range(args.runs)]
        matches = window.model.total
        g_stall = statistics.median(s for s, _ in g)
        o_stall = statistics.median(s for s, _ in o)
        g_shown = statistics.median(t for _, t in g)
        o_shown = statistics.median(t for _, t in o)
        quiet = statistics.median(_idle(max(g_shown, o_shown) + SETTLE_MS) for _ in range(3))
        print(
            f"{text:>10} {matches:>8,} | {g_stall:>14.1f} ms {o_stall:>7.1f} ms {quiet:>3.1f} ms "
            f"{o_stall / g_stall:>5.2f}x | {g_shown:>13.1f} ms {o_shown:>4.1f} ms "
            f"{o_shown / g_shown:>5.2f}x",
            flush=True,
        )
    meter.timer.stop()
    window.close()
    queue.close()
    saver.close()
    library.close()


if __name__ == "__main__":
    main()
