"""Article opens of two checkouts side by side, on the same library, in one run.

    .venv/bin/python benchmarks/open_side_by_side.py --other DIR [--library DIR]
        [--seeds 1,4,5,6,7] [--opens 60]

``--other`` is another checkout of newsreader (say ``git worktree add /tmp/before
7df8fd4``); this one is the checkout the script lives in. For each seed a window of
each checkout is started in a child process, in turn, on the library (default the
100,000-article one of ``window_100k.py``) and opens the same ``--opens`` random
articles with ``MainWindow.show_article_id`` followed by ``processEvents`` (layout and
paint of the reader included). Medians are printed per seed and their means at the
end, with the ratio of this checkout to the other. Nothing is asserted.

The library is used as it is: a checkout that knows an older schema refuses a library
a newer one migrated (``SchemaTooNew``). ``--downgrade-to N`` sets ``user_version``
back to N before each run of the other checkout, after dropping the tables named by
``--drop`` (comma-separated): only for a copy made for the purpose, when the newer
schema only added those tables.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_LIBRARY = Path("/tmp/newsreader-bench-100k")

CHILD = r"""
import json, os, random, statistics, sys, tempfile, time
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from newsreader.library.library import Library
from newsreader.saver import Saver
from newsreader.ui.main_window import MainWindow
from newsreader.ui.save_queue import SaveQueue

library_dir, seed, opens = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
app = QApplication([])
library = Library(library_dir)
settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
window = MainWindow(library, SaveQueue(Saver(library)), settings)
window.resize(1200, 800)
window.show()
settle = time.perf_counter() + 2  # the saver's workers start after the window shows
while time.perf_counter() < settle:
    app.processEvents()
    time.sleep(0.01)
ids = random.Random(seed).sample(library.ids(), opens)
times = []
for article_id in ids:
    began = time.perf_counter()
    window.show_article_id(article_id)
    app.processEvents()
    times.append((time.perf_counter() - began) * 1000)
print(json.dumps({"median": statistics.median(times)}))
window.close()
"""


def _run(checkout: Path, library: Path, seed: int, opens: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(checkout), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(library), str(seed), str(opens)],
        capture_output=True,
        text=True,
        cwd=checkout,
        env=env,
        timeout=600,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{checkout}: {done.stderr.strip().splitlines()[-1:]}")
    return float(json.loads(lines[-1])["median"])


def _downgrade(library: Path, version: int, tables: list[str]) -> None:
    with sqlite3.connect(library / "library.sqlite3") as db:
        for table in tables:
            db.execute(f'DROP TABLE IF EXISTS "{table}"')
        db.execute(f"PRAGMA user_version = {int(version)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--other", type=Path, required=True)
    parser.add_argument("--library", type=Path, default=DEFAULT_LIBRARY)
    parser.add_argument("--seeds", default="1,4,5,6,7")
    parser.add_argument("--opens", type=int, default=60)
    parser.add_argument("--downgrade-to", type=int)
    parser.add_argument("--drop", default="")
    args = parser.parse_args()
    this = HERE.parent
    seeds = [int(s) for s in args.seeds.split(",")]
    other_ms, this_ms = [], []
    print(f"article open, median ms ({args.opens} opens); library {args.library}")
    print(f"{'seed':>6} {'other':>8} {'this':>8}")
    for seed in seeds:
        if args.downgrade_to is not None:
            _downgrade(args.library, args.downgrade_to, [t for t in args.drop.split(",") if t])
        other_ms.append(_run(args.other, args.library, seed, args.opens))
        this_ms.append(_run(this, args.library, seed, args.opens))
        print(f"{seed:>6} {other_ms[-1]:>8.1f} {this_ms[-1]:>8.1f}")
    other, mine = statistics.mean(other_ms), statistics.mean(this_ms)
    print(f"{'mean':>6} {other:>8.1f} {mine:>8.1f}   this / other {mine / other:.2f}×")


if __name__ == "__main__":
    main()
