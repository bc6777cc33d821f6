"""The window over a library of 100,000 articles: start-up, memory, opening, list changes.

    .venv/bin/python benchmarks/window_100k.py [--articles N] [--library DIR] [--rebuild]
        [--runs R] [--opens K] [--settle S] [--seed N] [--corpus DIR]

The library is built once from the real pages of ../shared/corpus and reused (see
bench_library.py, shared with search_100k.py): every page is extracted once, and the
extracted articles are saved through ``Library.save`` as themselves and then as varied
copies (some paragraphs dropped, titles with " #c") under distinct URLs until there are N
of them (default 100,000, in /tmp/newsreader-bench-100k). saved_at is spread evenly over
seven years, and fixed fractions are archived, read, favourites or tagged, so that the
views and filters hold realistic shares of the library. ``--rebuild`` starts over; an
interrupted build resumes. Opening articles here marks them read in that library.

Every figure comes from a fresh child process that starts the window the way
``newsreader --library DIR`` does: ``newsreader.cli.main`` and ``newsreader.ui.app.run``
with its logging set-up, single-instance check, settings file and Saver (whose two
extraction workers start 300 ms after the window shows). It runs on Qt's offscreen
platform with fresh settings and log folders. The only change is that ``run`` builds a
subclass of ``MainWindow`` that puts an event filter on the article list's viewport.

- launch to first paint: wall time from just before ``Popen`` to the first Paint event
  of the list's viewport (with its rows loaded), median of R launches. Baselines in the
  same run: the same launch on an empty library, and a bare Python + Qt QListView.
- memory: peak RSS of the window process (ru_maxrss) after scrolling the list to its
  bottom ten times (each loads a batch more) and opening 50 articles; the empty library
  after the same steps is the baseline. The extraction workers are separate processes,
  shown on their own.
- article open: ``MainWindow.show_article_id`` for K articles not yet read (so each open
  also marks it read, as a first open does), then ``processEvents`` so layout and paint
  of the reader are included. Baseline: the reader's own HTML for the same article set
  into a bare, shown QTextBrowser of the same size, with the same ``processEvents``.
- list changes: search-as-you-type for a common and a rare word (what the search timer
  runs, then paint), clearing it, sorting by title, switching views.

Timings print; nothing is asserted. The page cache is warm (the library was just read),
as it is for a window reopened during the day.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_library import DEFAULT_ARTICLES, default_library, ensure_library

BENCH_PREFIX = "BENCH "  # the child's result line on stdout
CHILD_TIMEOUT = 600.0
SCROLLS = 10
MEMORY_OPENS = 50
SWITCH_ROUNDS = 3


# --- the child: the window, measured from inside --------------------------------------------
def _rss_mb() -> tuple[float, float]:
    """Peak and current resident memory of this process, MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = Path("/proc/self/status").read_text()
    current = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    return peak, current


def _children_rss_mb() -> float:
    """Resident memory of this process's live children (the extraction workers), MB."""
    total = 0.0
    for tasks in Path("/proc/self/task").glob("*/children"):
        for pid in tasks.read_text().split():
            status = Path(f"/proc/{pid}/status")
            if status.exists():
                total += int(re.search(r"VmRSS:\s+(\d+)", status.read_text()).group(1)) / 1024
    return total


def _report(result: dict) -> None:
    print(BENCH_PREFIX + json.dumps(result), flush=True)


def _paint_watcher(on_first: Callable[[float, int], None]):
    """An event filter calling ``on_first(time, rows)`` at the first Paint of a list view."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def __init__(self, view) -> None:
            super().__init__(view)
            self.view = view
            self.seen = False

        def eventFilter(self, watched, event) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                on_first(time.time(), self.view.model().rowCount())
            return False

    return FirstPaint


def _child_bare() -> None:
    """The floor: Python, Qt and a QListView of 100 rows, nothing of newsreader."""
    from PySide6.QtCore import QStringListModel, QTimer
    from PySide6.QtWidgets import QApplication, QListView

    app = QApplication(sys.argv[:1])
    view = QListView()
    view.setModel(QStringListModel([f"Row {n}" for n in range(100)]))

    def first(at: float, rows: int) -> None:
        _report({"painted": at, "rows": rows, "peak_mb": _rss_mb()[0]})
        QTimer.singleShot(0, app.quit)

    view.viewport().installEventFilter(_paint_watcher(first)(view))
    view.resize(1200, 780)
    view.show()
    app.exec()


def _child_window(mode: str, library: Path, plan: dict) -> None:
    """Start the window as ``newsreader --library DIR``; measure once the list paints."""
    from PySide6.QtCore import QTimer

    import newsreader.ui.app as app_module
    from newsreader.cli import main
    from newsreader.ui.main_window import MainWindow

    result: dict = {}

    def first(at: float, rows: int) -> None:
        result.update(painted=at, rows=rows, peak_at_paint_mb=_rss_mb()[0])
        # The paint itself runs after this filter returns: note when it is done too.
        QTimer.singleShot(0, lambda: result.update(paint_done=time.time()))
        if mode == "launch":
            QTimer.singleShot(0, lambda: _finish(None, result))
        else:
            QTimer.singleShot(int(plan["settle"] * 1000), lambda: _measure(window[0], plan, result))

    window: list = []

    class MeasuredWindow(MainWindow):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            window.append(self)
            self.list.viewport().installEventFilter(_paint_watcher(first)(self.list))

    app_module.MainWindow = MeasuredWindow
    code = main(["--library", str(library)])
    if "painted" not in result:
        _report({"error": f"the window exited ({code}) before the list painted"})


def _finish(window, result: dict) -> None:
    from PySide6.QtWidgets import QApplication

    _report(result)
    if window is not None:
        window.close()
    QApplication.quit()


def _measure(window, plan: dict, result: dict) -> None:
    # An exception here would reach the app's handler, which shows a modal dialog that
    # nobody can close offscreen: report it instead.
    try:
        _memory_steps(window, plan["ids"][:MEMORY_OPENS], result)
        if plan["ids"]:  # the empty library is only the memory baseline
            _open_times(window, plan["ids"][MEMORY_OPENS:], result)
            _first_title_sort(window, result)
            _switch_times(window, plan, result)
        result["peak_end_mb"] = _rss_mb()[0]
    except BaseException:
        import traceback

        result["error"] = traceback.format_exc()
    _finish(window, result)


def _memory_steps(window, ids: list[int], result: dict) -> None:
    from PySide6.QtWidgets import QApplication

    bar = window.list.verticalScrollBar()
    for _ in range(SCROLLS):
        # At the bottom QListView asks the model for more: one batch per step.
        bar.setValue(bar.maximum())
        QApplication.processEvents()
    for article_id in ids:
        window.show_article_id(article_id)
        QApplication.processEvents()
    peak, current = _rss_mb()
    result.update(
        rows_after_scroll=window.model.rowCount(),
        peak_mb=peak,
        current_mb=current,
        workers_mb=_children_rss_mb(),
    )


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds for ``action`` alone, and with the events it caused (layout, paint)."""
    from PySide6.QtWidgets import QApplication

    began = time.perf_counter()
    action()
    called = time.perf_counter()
    QApplication.processEvents()
    return (called - began) * 1000, (time.perf_counter() - began) * 1000


def _open_times(window, ids: list[int], result: dict) -> None:
    """Each article in the window, then the same article's HTML in a bare QTextBrowser."""
    from PySide6.QtWidgets import QTextBrowser

    from newsreader.ui.reader_html import Layout, article_html

    browser = QTextBrowser()
    browser.resize(window.reader.size())
    browser.show()
    window_ms, call_ms, bare_ms = [], [], []
    for article_id in ids:
        call, total = _timed(lambda i=article_id: window.show_article_id(i))
        call_ms.append(call)
        window_ms.append(total)
        html = article_html(window.library.get(article_id), Layout(600), lambda name: None)
        bare_ms.append(_timed(lambda h=html: browser.setHtml(h))[1])
    browser.close()
    result.update(open_ms=window_ms, open_call_ms=call_ms, bare_open_ms=bare_ms)


def _switches(window, plan: dict) -> list[tuple[str, Callable[[], object]]]:
    def search(text: str) -> Callable[[], object]:
        def run() -> None:
            window.search.setText(text)
            window.articles.run_search()  # now, what the typing pause would start

        return run

    def combo(box, index: Callable[[], int]) -> Callable[[], object]:
        return lambda: box.setCurrentIndex(index())

    order, view = window.order_combo, window.view_combo
    return [
        (f'search "{plan["common"]}"', search(plan["common"])),
        ("clear search", search("")),
        (f'search "{plan["rare"]}"', search(plan["rare"])),
        ("clear search ", search("")),
        ("sort by title", combo(order, lambda: order.findData("title"))),
        ("sort by newest saved", combo(order, lambda: order.findData("saved"))),
        ("view All", combo(view, lambda: view.findText("All"))),
        ("view #longread", combo(view, lambda: view.findText("#longread"))),
        ("view Unread", combo(view, lambda: view.findText("Unread"))),
    ]


def _first_title_sort(window, result: dict) -> None:
    """The first switch to the Title order in this process: how long the switch
    itself takes (until the list shows an order), how long until the rows are in Qt's
    collation order (the same when the collation runs on the GUI thread), and the
    event loop's longest stall meanwhile, seen by a 10 ms timer."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    clock = time.perf_counter
    gaps: list[float] = []
    last = [clock()]

    def tick() -> None:
        now = clock()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    order = window.order_combo
    began = last[0] = clock()
    order.setCurrentIndex(order.findData("title"))
    app.processEvents()
    shown = clock() - began
    gaps.append(shown)  # the switch itself blocks the loop
    title_order = getattr(window.model, "title_order", None)  # None: collated already
    deadline = clock() + 30
    while title_order is not None and not title_order.known and clock() < deadline:
        app.processEvents()
        time.sleep(0.002)
    collated = clock() - began
    settle = clock() + 0.3
    while clock() < settle:
        app.processEvents()
        time.sleep(0.002)
    timer.stop()
    order.setCurrentIndex(order.findData("saved"))
    app.processEvents()
    result.update(
        title_first_ms=shown * 1000,
        title_collated_ms=collated * 1000,
        title_stall_ms=max(gaps) * 1000,
    )


def _switch_times(window, plan: dict, result: dict) -> None:
    times: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for _ in range(SWITCH_ROUNDS):
        for name, action in _switches(window, plan):
            times.setdefault(name.strip(), []).append(_timed(action)[1])
            counts[name.strip()] = window.model.total
    result.update(switch_ms=times, switch_rows=counts)


def child_main(args: argparse.Namespace) -> None:
    if args.child == "bare":
        _child_bare()
    else:
        plan = json.loads(Path(args.plan).read_text()) if args.plan else {}
        _child_window(args.child, args.library, plan)


# --- the parent: launching children and summing up ------------------------------------------
def run_child(mode: str, library: Path | None, plan: dict | None = None) -> dict:
    """Start one child; its result with ``launch_ms`` from before Popen to first paint."""
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        # Fresh settings and log folders: no remembered window, article or view.
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        command = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
        if library is not None:
            command += ["--library", str(library)]
        if plan is not None:
            (Path(home) / "plan.json").write_text(json.dumps(plan))
            command += ["--plan", str(Path(home) / "plan.json")]
        started = time.time()
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT
        )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(BENCH_PREFIX)]
    if not lines:
        raise RuntimeError(f"{mode} child gave no result:\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1][len(BENCH_PREFIX) :])
    if "error" in result:
        raise RuntimeError(f"{mode} child failed:\n{result['error']}")
    result["launch_ms"] = (result["painted"] - started) * 1000
    result["launch_done_ms"] = (result.get("paint_done", result["painted"]) - started) * 1000
    return result


def unread_ids(folder: Path, count: int, seed: int) -> list[int]:
    """Random articles nobody has opened yet (a read-only look at the database); opened
    ones only if the unread have run out, after many runs on a small library."""
    uri = f"file:{folder / 'library.sqlite3'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        rows = db.execute("SELECT id, read_at IS NULL FROM articles").fetchall()
    pick = random.Random(seed)
    unread = [i for i, fresh in rows if fresh]
    read = [i for i, fresh in rows if not fresh]
    chosen = pick.sample(unread, min(count, len(unread)))
    return chosen + pick.sample(read, min(count - len(chosen), len(read)))


def measure_launches(library: Path, empty: Path, runs: int) -> dict[str, list[dict]]:
    """Launches taken in turn, so the machine's noise falls evenly on each kind."""
    launches: dict[str, list[dict]] = {"bare": [], "empty": [], "library": []}
    for n in range(runs):
        launches["bare"].append(run_child("bare", None))
        launches["empty"].append(run_child("launch", empty))
        launches["library"].append(run_child("launch", library))
        print(
            f"  launch {n + 1}/{runs}: bare {launches['bare'][-1]['launch_ms']:.0f} ms, "
            f"empty {launches['empty'][-1]['launch_ms']:.0f} ms, "
            f"library {launches['library'][-1]['launch_ms']:.0f} ms",
            flush=True,
        )
    return launches


def library_calls(folder: Path, info: dict) -> dict[str, float]:
    """The Library calls behind the list, timed without Qt (median of 3, ms)."""
    from newsreader.library.library import Library

    calls = {
        'list_ids("unread")': lambda lib: lib.list_ids("unread"),
        'list_ids("all")': lambda lib: lib.list_ids("all"),
        'list_ids("unread", order="title")': lambda lib: lib.list_ids("unread", order="title"),
        f'search_ids("{info["common"]}")': lambda lib: lib.search_ids(info["common"]),
        f'search_ids("{info["rare"]}")': lambda lib: lib.search_ids(info["rare"]),
        'list_ids("all", tag="longread")': lambda lib: lib.list_ids("all", tag="longread"),
        "summaries(100 ids)": lambda lib: lib.summaries(lib.list_ids("all", limit=100)),
        "all_tags()": lambda lib: lib.all_tags(),
        # Where search_ids spends its time: ranking alone, without the join to articles
        # for the saved_at tie-break.
        f'  FTS5 "{info["common"]}" + bm25 only, no join': lambda lib: lib.db.query(
            "SELECT rowid, bm25(articles_fts, 10.0, 3.0, 5.0, 1.0) AS r FROM articles_fts "
            "WHERE articles_fts MATCH ? ORDER BY r",
            (f'"{info["common"]}"',),
        ),
    }
    timings = {}
    with Library(folder, create=False) as library:
        for name, call in calls.items():
            samples = []
            for _ in range(3):
                began = time.perf_counter()
                call(library)
                samples.append((time.perf_counter() - began) * 1000)
            timings[name] = statistics.median(samples)
    return timings


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _median_of(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def machine() -> str:
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"load {load}; Python {platform.python_version()}; Qt {qVersion()}, "
        f"PySide6 {pyside}; SQLite {sqlite3.sqlite_version}; QT_QPA_PLATFORM=offscreen"
    )


def _row(name: str, value: str, baseline: str = "", ratio: str = "", target: str = "") -> str:
    return f"{name:<38} {value:>16}  {baseline:<34} {ratio:>7}  {target}".rstrip()


def _launch_rows(launches: dict[str, list[dict]]) -> list[str]:
    lib = _median_of(launches["library"], "launch_ms")
    empty = _median_of(launches["empty"], "launch_ms")
    bare = _median_of(launches["bare"], "launch_ms")
    done = _median_of(launches["library"], "launch_done_ms")
    rows = launches["library"][0]["rows"]
    runs = len(launches["library"])
    return [
        _row(
            f"launch → first list paint (median of {runs})",
            f"{lib:.0f} ms",
            f"empty library {empty:.0f} ms",
            f"{lib / empty:.2f}×",
            "< 1500 ms " + ("met" if lib < 1500 else "MISSED"),
        ),
        _row("  … until that paint has finished", f"{done:.0f} ms"),
        _row("  rows in the model at first paint", f"{rows}"),
        _row(
            "  bare Python + Qt QListView (floor)",
            f"{bare:.0f} ms",
            "",
            f"{lib / bare:.2f}×",
        ),
        _row(
            "  peak RSS at first paint",
            f"{_median_of(launches['library'], 'peak_at_paint_mb'):.0f} MB",
            f"empty library {_median_of(launches['empty'], 'peak_at_paint_mb'):.0f} MB",
        ),
    ]


def _memory_rows(full: dict, empty_full: dict) -> list[str]:
    peak = full["peak_mb"]
    return [
        _row(
            f"peak RSS, scrolled + {MEMORY_OPENS} opened",
            f"{peak:.0f} MB",
            f"empty library {empty_full['peak_mb']:.0f} MB",
            f"{peak / empty_full['peak_mb']:.2f}×",
            "< 300 MB " + ("met" if peak < 300 else "MISSED"),
        ),
        _row("  rows loaded after scrolling", f"{full['rows_after_scroll']:,}"),
        _row("  RSS now (not peak)", f"{full['current_mb']:.0f} MB"),
        _row("  extraction workers (2 processes)", f"{full['workers_mb']:.0f} MB"),
        _row("  peak RSS after every step below", f"{full['peak_end_mb']:.0f} MB"),
    ]


def _open_rows(full: dict) -> list[str]:
    opened, bare, call = full["open_ms"], full["bare_open_ms"], full["open_call_ms"]
    median, p95 = statistics.median(opened), _percentile(opened, 0.95)
    bare_median, bare_p95 = statistics.median(bare), _percentile(bare, 0.95)
    return [
        _row(
            f"article open, median ({len(opened)} articles)",
            f"{median:.1f} ms",
            f"QTextBrowser.setHtml {bare_median:.1f} ms",
            f"{median / bare_median:.2f}×",
            "< 50 ms " + ("met" if median < 50 else "MISSED"),
        ),
        _row(
            "article open, p95",
            f"{p95:.1f} ms",
            f"QTextBrowser.setHtml {bare_p95:.1f} ms",
            f"{p95 / bare_p95:.2f}×",
            "< 50 ms " + ("met" if p95 < 50 else "MISSED"),
        ),
        _row("  article open, max", f"{max(opened):.1f} ms"),
        _row("  show_article_id alone, median", f"{statistics.median(call):.1f} ms"),
    ]


def _switch_rows(full: dict, calls: dict[str, float]) -> list[str]:
    rows = [
        _row("first sort by title: list shown", f"{full['title_first_ms']:.0f} ms"),
        _row("  … rows in Qt's collation order", f"{full['title_collated_ms']:.0f} ms"),
        _row("  … longest event-loop stall", f"{full['title_stall_ms']:.0f} ms"),
    ]
    rows += [
        _row(f"{name} ({full['switch_rows'][name]:,} rows)", f"{statistics.median(ms):.0f} ms")
        for name, ms in full["switch_ms"].items()
    ]
    rows.append("Library calls behind the list, no Qt (median of 3):")
    rows += [_row(f"  {name}", f"{ms:.1f} ms") for name, ms in calls.items()]
    return rows


def print_table(info: dict, folder: Path, launches, full, empty_full, calls) -> None:
    print()
    print(
        f"Window over {info['articles']:,} articles ({info['pages']} extracted corpus pages, "
        f"varied copies); library {folder} = {_size_mb(folder):,.0f} MB on disk"
    )
    print(machine())
    print(_row("figure", "library", "baseline (same run)", "ratio", "target"))
    for line in (
        *_launch_rows(launches),
        *_memory_rows(full, empty_full),
        *_open_rows(full),
        f"List changes (median of {SWITCH_ROUNDS}, including the paint that follows):",
        *_switch_rows(full, calls),
    ):
        print(line)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--library", type=Path, help="cached library folder")
    parser.add_argument("--rebuild", action="store_true", help="build the library again")
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5, help="launches of each kind")
    parser.add_argument("--opens", type=int, default=200, help="articles opened and timed")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after first paint")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--child", choices=("bare", "launch", "full"), help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.child:
        child_main(args)
        return
    from corpus import DEFAULT_CORPUS

    folder = args.library or default_library(args.articles)
    began = time.perf_counter()
    info = ensure_library(folder, args.articles, args.corpus or DEFAULT_CORPUS, args.rebuild)
    print(f"library ready in {time.perf_counter() - began:.0f} s ({info})", flush=True)
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-empty-") as empty:
        from newsreader.library.library import Library

        Library(Path(empty)).close()  # an existing empty library, not a first-ever start
        launches = measure_launches(folder, Path(empty), args.runs)
        plan = {**info, "settle": args.settle}
        plan["ids"] = unread_ids(folder, MEMORY_OPENS + args.opens, args.seed)
        print("  full run, library …", flush=True)
        full = run_child("full", folder, plan)
        print("  full run, empty library …", flush=True)
        empty_full = run_child("full", Path(empty), {**plan, "ids": []})
    calls = library_calls(folder, info)
    print_table(info, folder, launches, full, empty_full, calls)


if __name__ == "__main__":
    main()
