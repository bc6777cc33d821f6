"""How long misbehaving servers can hold a save: each kind against the limit it meets.

A local server (tests/server.py) misbehaves on purpose: headers or a body dripped a
byte at a time, a page that never answers, 60 images that never answer, and saves
hanging when the saver is closed. Each case prints the time it took, the limit that
should end it, and their ratio (1.00 = ended exactly at its limit); a well-behaved
save of the same page is the baseline measured in the same run.

Usage: ``.venv/bin/python benchmarks/deadlines.py [--limit SECONDS]``. The last line
is the summary as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.capture.workers import WorkerPool
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.saver import Saver
from tests.server import FixtureServer
from tests.test_saver import article_page


def _page_with_images(paths: list[str], slug: str) -> str:
    figures = "".join(
        f'<figure><img src="{p}" alt="picture {i}"></figure>' for i, p in enumerate(paths)
    )
    return article_page(slug=slug, image="/first.png").replace(
        '<figure><img src="/first.png" alt="A picture"></figure>', figures
    )


def _timed_save(saver: Saver, url: str) -> tuple[float, str]:
    started = time.monotonic()
    try:
        result = saver.save(url)
        outcome = f"saved, {result.images_stored} images stored, {result.images_failed} failed"
    except NewsreaderError as exc:
        outcome = exc.message
    return time.monotonic() - started, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=float, default=3.0, help="the deadlines, in seconds")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    limit = args.limit
    rows: list[dict] = []
    server = FixtureServer().start()
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library")
        pool = WorkerPool(2, preload=("newsreader.capture.extract",))
        fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=60, total_timeout=limit))
        saver = Saver(library, pool=pool, fetcher=fetcher, save_timeout=limit)
        try:
            good = [f"/gen/ok{n}_300x200.png" for n in range(3)]
            baseline, _ = _timed_save(
                saver, server.page("/news/fine", _page_with_images(good, "fine"))
            )
            silent = [server.hang(f"/never/{n}.png", seconds=120) for n in range(60)]
            cases = {
                "headers dripped a byte at a time": server.header_drip("/news/hd", interval=0.2),
                "body dripped a byte at a time": server.drip("/news/bd", interval=0.2),
                "page that never answers": server.hang("/news/silent", seconds=120),
                "60 images that never answer": server.page(
                    "/news/images", _page_with_images(silent, "images")
                ),
            }
            for kind, url in cases.items():
                took, outcome = _timed_save(saver, url)
                rows.append({"case": kind, "seconds": took, "limit": limit, "outcome": outcome})
        finally:
            saver.close()
        # Closing: four saves hanging on a silent page, the saver closed under them.
        closing = Saver(library, pool=pool, fetcher=fetcher, save_timeout=120)
        futures = [closing.submit(server.hang(f"/news/stuck{n}", seconds=120)) for n in range(4)]
        while len(server.requested("/news/stuck")) < 2:
            time.sleep(0.02)
        started = time.monotonic()
        closing.close()
        took = time.monotonic() - started
        cancelled = sum(1 for f in futures if not f.result(timeout=10).ok)
        rows.append(
            {
                "case": "close() with 4 saves hanging",
                "seconds": took,
                "limit": 2.0,
                "outcome": f"{cancelled} of 4 cancelled",
            }
        )
        stored = library.count()
        pool.close()
        fetcher.close()
        library.close()
    server.stop()
    print(f"baseline: a well-behaved save of the same page took {baseline * 1000:.0f} ms")
    for row in rows:
        ratio = row["seconds"] / row["limit"]
        print(
            f"{row['case']:<36} {row['seconds']:6.2f} s  limit {row['limit']:.1f} s  "
            f"ratio {ratio:4.2f}  ({row['outcome']})"
        )
    print(f"articles stored: {stored} (2 expected: the baseline and the page without its images)")
    print(json.dumps({"baseline_seconds": round(baseline, 3), "cases": rows, "stored": stored}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
