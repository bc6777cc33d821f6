"""Opening an article with 200 highlights, against opening the same article without any.

    .venv/bin/python benchmarks/highlights_open.py [--highlights H] [--rounds R]

A library in a temporary folder holds three article texts of about 8,000, 25,000 and
60,000 characters (paragraphs of the seed article, ../shared/seed, drawn at random
with a fifth of their words swapped; a long read is 25,000-60,000), each saved twice
under two addresses: twins with the same text, title and HTML. One twin of each gets
H highlights (default 200) spread evenly through its text, 40-160 characters each,
every third with a note, the four colours in turn, made through
``Library.notebook.add`` as the window makes them.

The window (``MainWindow`` on Qt's offscreen platform, 1100 by 700) opens the twins in
turn, R rounds (default 15), which twin goes first alternating: each open is
``MainWindow.show_article_id`` followed by ``processEvents``, so reading the highlights,
placing them in the document, drawing and painting are all inside the time. The baseline
is the twin without highlights, measured in the same run. Printed: median milliseconds
of each, and the ratio (target: at most 1.5). Nothing is asserted.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SEED = HERE.parent.parent / "shared" / "seed" / "vg-keaton-jones.txt"
LENGTHS = (8_000, 25_000, 60_000)
FALLBACK = (
    "Mobbing i skolen er et stort problem, sier rektor Åse Bø til avisen, og tallene fra "
    "Elevundersøkelsen viser at nesten seks prosent av elevene blir mobbet jevnlig."
)


def paragraphs() -> list[str]:
    if SEED.is_file():
        found = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n")]
        found = [p for p in found if len(p) > 80]
        if found:
            return found
    return [FALLBACK]


def article_text(length: int, rng: random.Random) -> str:
    """Paragraphs of the seed with one word in five swapped for another word of it, so
    that a passage of 40 characters or more occurs once, as in a real article (a text
    of repeated paragraphs would make every highlight a quote found many times)."""
    pool = paragraphs()
    vocabulary = sorted({w for p in pool for w in p.split()})
    chosen: list[str] = []
    while sum(len(p) + 2 for p in chosen) < length:
        words = rng.choice(pool).split()
        chosen.append(" ".join(rng.choice(vocabulary) if rng.random() < 0.2 else w for w in words))
    return "\n\n".join(chosen)


def build(folder: Path, highlights: int) -> tuple[list[tuple[int, int, int]], int]:
    """(length, id without highlights, id with) for each text; a short article's id
    to open in between, so that every timed open shows a new article."""
    from newsreader.capture.text import count_words
    from newsreader.library.highlights import COLORS
    from newsreader.library.library import ArticleContent, Library

    rng = random.Random(14)
    pairs = []
    with Library(folder) as library:
        for length in LENGTHS:
            text = article_text(length, rng)
            html = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            ids = []
            for twin in ("plain", "highlighted"):
                url = f"https://bench.example/{length}/{twin}"
                content = ArticleContent(
                    url=url, final_url=url, title=f"Artikkel på {length} tegn",
                    content_html=html, text=text, word_count=count_words(text),
                    reading_minutes=max(1, count_words(text) // 220),
                    url_keys=(url.removeprefix("https://"),), site="Bench", language="nb",
                )  # fmt: skip
                ids.append(library.save(content).article_id)
            step = len(text) // highlights
            for n in range(highlights):
                start = n * step + rng.randrange(0, max(1, step // 3))
                end = min(len(text), start + rng.randrange(40, 160))
                note = f"Merknad nummer {n} om dette avsnittet" if n % 3 == 0 else ""
                try:
                    library.notebook.add(
                        ids[1], start, end, color=COLORS[n % len(COLORS)], note=note
                    )
                except ValueError:  # only white space there: take the next
                    continue
            pairs.append((length, ids[0], ids[1]))
        url = "https://bench.example/between"
        between = ArticleContent(
            url=url, final_url=url, title="Mellom", content_html=f"<p>{FALLBACK}</p>",
            text=FALLBACK, word_count=count_words(FALLBACK), reading_minutes=1,
            url_keys=(url.removeprefix("https://"),), language="nb",
        )  # fmt: skip
        spacer = library.save(between).article_id
    return pairs, spacer


Times = dict[int, tuple[list[float], list[float]]]


def measure(folder: Path, pairs, spacer: int, rounds: int) -> Times:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from newsreader.library.library import Library
    from newsreader.saver import Saver
    from newsreader.ui.main_window import MainWindow
    from newsreader.ui.save_queue import SaveQueue

    app = QApplication.instance() or QApplication([])
    library = Library(folder)
    saver = Saver(library, workers=1)
    queue = SaveQueue(saver)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, queue, settings)
    window.resize(1100, 700)
    window.show()
    for _ in range(5):
        app.processEvents()

    def opened(article_id: int) -> float:
        began = time.perf_counter()
        window.show_article_id(article_id)
        app.processEvents()
        return (time.perf_counter() - began) * 1000

    times: Times = {}
    for length, plain, highlighted in pairs:
        without, with_ = [], []
        opened(plain), opened(highlighted)  # warm: fonts, images, the first layout
        for n in range(rounds):
            order = [(plain, without), (highlighted, with_)]
            for article_id, into in order if n % 2 == 0 else order[::-1]:
                window.show_article_id(spacer)  # every timed open shows a new article
                app.processEvents()
                into.append(opened(article_id))
        times[length] = (without, with_)
        drawn = len(window.highlights.spans)
        print(f"  {length:>6} characters: {drawn} highlights placed", flush=True)
    window.close()
    saver.close()
    library.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--highlights", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-highlights-") as tmp:
        folder = Path(tmp) / "library"
        pairs, spacer = build(folder, args.highlights)
        times = measure(folder, pairs, spacer, args.rounds)
    print(f"opening an article with {args.highlights} highlights ({args.rounds} rounds)")
    print(f"{'text':>14}  {'without':>9}  {'with':>9}  {'ratio':>6}  target ≤ 1.5")
    for length, (without, with_) in times.items():
        a, b = statistics.median(without), statistics.median(with_)
        print(f"{length:>8} chars  {a:7.1f} ms  {b:7.1f} ms  {b / a:5.2f}×")


if __name__ == "__main__":
    main()
