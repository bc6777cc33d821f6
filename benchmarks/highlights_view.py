"""Switching the window to the Highlights view over 10,000 highlights.

    .venv/bin/python benchmarks/highlights_view.py [--library DIR] [--rebuild] [--runs R]
        [--articles N] [--per-article K]

The library (default /tmp/newsreader-bench-highlights) is built once and reused: N
articles (default 1,000) of twelve generated Norwegian paragraphs, saved through
``Library.save``, each with K highlights (default 10: 10,000 in all) added through
``library.notebook.add`` as the reader adds them, in the four colours, a third with a
note, created over a year; every fifth article is tagged. ``--rebuild`` starts over.

The window is the real ``MainWindow`` on Qt's offscreen platform (1200 x 800, fresh
settings), in this process. One switch is ``ArticleList.set_view_id`` (what Ctrl+6
and the view chooser run) followed by ``processEvents`` until the list is laid out and
painted, from the Unread view each time (the Highlights view reads the library again
whenever it is shown). The baseline, in the same run and the same window: switching
from Unread to All, the same way. Medians of R switches (default 5) each, after one
untimed switch of each. Also shown: ``Notebook.everything()`` and ``everything_rows()``
alone (the view reads the rows), and typing a
search in the view (``set_search``).

Timings print; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from newsreader.library.highlights import COLORS
from newsreader.library.library import ArticleContent, Library

VOCABULARY = (
    "blåbær fjell fjord skole mobbing elev lærer rektor kommune vær regn snø sol Tromsø "
    "Bergen Oslo Trondheim nordlys sjøørret fiske båt hytte tur vinter sommer høst vår "
    "avis sak leser nyhet politikk regjering storting budsjett skatt penger bank lån hus "
    "bolig barn familie helse sykehus lege pasient forskning universitet student"
)
WORDS = VOCABULARY.split()
DEFAULT_LIBRARY = Path(tempfile.gettempdir()) / "newsreader-bench-highlights"


def paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 60))]
    return " ".join(words).capitalize() + "."


def build(library: Library, articles: int, per_article: int, seed: int = 14) -> None:
    rng = random.Random(seed)
    start = time.perf_counter()
    for n in range(articles):
        paragraphs = [paragraph(rng) for _ in range(12)]
        text = "\n\n".join(paragraphs)
        content = ArticleContent(
            url=f"https://bench.example.no/sak/{n}",
            final_url=f"https://bench.example.no/sak/{n}",
            title=f"Sak {n}: " + " ".join(rng.choice(WORDS) for _ in range(5)),
            content_html="".join(f"<p>{p}</p>" for p in paragraphs),
            text=text,
            word_count=len(text.split()),
            reading_minutes=3,
            url_keys=(f"bench.example.no/sak/{n}",),
            site=rng.choice(["VG", "NRK", "Aftenposten", "iTromsø"]),
            language="nb",
            raw=f"<html>{n}</html>".encode(),
            raw_encoding="utf-8",
        )
        tags = ("utvalgt",) if n % 5 == 0 else ()
        article_id = library.save(content, tags=tags).article_id
        step = len(text) // (per_article + 1)
        for k in range(per_article):
            a = k * step + rng.randint(0, step // 2)
            b = min(len(text), a + rng.randint(20, 200))
            note = f"Notat {n}.{k} om {rng.choice(WORDS)}" if k % 3 == 0 else ""
            library.notebook.add(article_id, a, b, color=COLORS[(n + k) % 4], note=note)
        if n % 100 == 99:
            print(f"  {n + 1} articles, {time.perf_counter() - start:.0f} s", flush=True)


def switch_ms(app: QApplication, window, view: str) -> float:
    window.articles.set_view_id("unread")
    for _ in range(3):
        app.processEvents()
    start = time.perf_counter()
    window.articles.set_view_id(view)
    for _ in range(3):
        app.processEvents()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-article", type=int, default=10)
    args = parser.parse_args()
    wanted = args.articles * args.per_article
    if args.rebuild and args.library.exists():
        import shutil

        shutil.rmtree(args.library)
    library = Library(args.library)
    if library.notebook.count() != wanted or library.count("all") != args.articles:
        library.close()
        if args.library.exists():
            import shutil

            shutil.rmtree(args.library)
        library = Library(args.library)
        print(f"building {args.articles} articles with {wanted} highlights in {args.library}")
        build(library, args.articles, args.per_article)

    from newsreader.capture.workers import WorkerPool
    from newsreader.saver import Saver
    from newsreader.ui.main_window import MainWindow
    from newsreader.ui.save_queue import SaveQueue

    app = QApplication.instance() or QApplication(sys.argv)
    settings_dir = Path(tempfile.mkdtemp(prefix="bench-highlights-settings-"))
    settings = QSettings(str(settings_dir / "window.ini"), QSettings.Format.IniFormat)
    pool = WorkerPool(size=1)
    saver = Saver(library, pool=pool)
    queue = SaveQueue(saver)
    window = MainWindow(library, queue, settings)
    window.resize(1200, 800)
    window.show()
    for _ in range(10):
        app.processEvents()

    start = time.perf_counter()
    rows = library.notebook.everything()
    query_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    library.notebook.everything_rows()
    rows_ms = (time.perf_counter() - start) * 1000
    # One untimed switch of each first (imports, caches, fonts).
    switch_ms(app, window, "highlights")
    switch_ms(app, window, "all")
    highlights = [switch_ms(app, window, "highlights") for _ in range(args.runs)]
    shown = window.articles.highlights.model.rowCount()
    baseline = [switch_ms(app, window, "all") for _ in range(args.runs)]
    window.articles.set_view_id("highlights")
    app.processEvents()
    start = time.perf_counter()
    window.articles.highlights.set_search("mobbing")
    app.processEvents()
    search_ms = (time.perf_counter() - start) * 1000
    found = window.articles.highlights.model.rowCount()

    h, b = statistics.median(highlights), statistics.median(baseline)
    print(f"library: {library.count('all')} articles, {len(rows)} highlights ({shown} shown)")
    print(f"Notebook.everything(): {query_ms:.1f} ms, everything_rows(): {rows_ms:.1f} ms")
    runs = ", ".join(f"{x:.1f}" for x in highlights)
    print(f"switch to Highlights: median {h:.1f} ms  (runs: {runs})")
    runs = ", ".join(f"{x:.1f}" for x in baseline)
    print(f"switch to All (baseline): median {b:.1f} ms  (runs: {runs})")
    print(f"ratio: {h / b:.2f}x")
    print(f"search 'mobbing' in the view: {search_ms:.1f} ms ({found} found)")
    window.close()
    queue.close()
    saver.close()
    pool.close()
    library.close()


if __name__ == "__main__":
    main()
