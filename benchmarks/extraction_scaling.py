"""Extraction scaling: how the time to extract a page grows with the page.

    .venv/bin/python benchmarks/extraction_scaling.py [--n 1000] [--repeat 3] [--shape NAME]

For each shape of generated page (tests/page_shapes.py: N images in one container,
N paragraphs, N nested divs, N links, ...) the page is extracted at N, 2N and 4N.
Each row gives newsreader's ``extract_article`` (our steps and trafilatura's pass)
and, as the baseline measured in the same run, bare trafilatura on the same page
(``trafilatura_pass.trafilatura_document``: parse and ``bare_extraction``, no steps of
ours). Times are the best of ``--repeat`` runs; the ratios t(2N)/t(N) and t(4N)/t(N)
are about 2 and 4 for work linear in the page, 4 and 16 for quadratic work.

Pages stay in one process; the machine's noise moves single ratios by ±30 % at small
N. Ratios well above the baseline's are the thing to look for.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A bug in our steps should show here, not be hidden by the guard.
os.environ.setdefault("NEWSREADER_STRICT_EXTRACTION", "1")

from newsreader.capture import trafilatura_pass
from newsreader.capture.extract import extract_article
from newsreader.errors import ExtractionError
from tests.page_shapes import SHAPES

URL = "http://127.0.0.1/bergen/vaer.html"


def _best_time(function, html: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(ExtractionError):  # a page with no article took its time
            function(html, URL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="smallest N (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page, best kept")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these")
    args = parser.parse_args()

    extract_article(SHAPES["paragraphs"](3), URL)  # trafilatura's first-use set-up
    sizes = (args.n, 2 * args.n, 4 * args.n)
    print(
        f"{'shape':26} {'ours t(N)':>10} {'2N/N':>6} {'4N/N':>6}   "
        f"{'bare t(N)':>10} {'2N/N':>6} {'4N/N':>6}   ours/bare at 4N   (N = {args.n})"
    )
    for name in args.shape or SHAPES:
        pages = [SHAPES[name](n) for n in sizes]
        ours = [_best_time(extract_article, page, args.repeat) for page in pages]
        bare = [
            _best_time(trafilatura_pass.trafilatura_document, page, args.repeat) for page in pages
        ]
        print(
            f"{name:26} {ours[0]:9.3f}s {ours[1] / ours[0]:6.1f} {ours[2] / ours[0]:6.1f}   "
            f"{bare[0]:9.3f}s {bare[1] / bare[0]:6.1f} {bare[2] / bare[0]:6.1f}   "
            f"{ours[2] / bare[2]:6.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
