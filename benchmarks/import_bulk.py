"""Writing an import file's entries into an empty library, against saving one by one.

    .venv/bin/python benchmarks/import_bulk.py [--rows N] [--batch B]

A synthetic Pocket CSV of N rows (default 10,000: title, URL, time added, two tags
of 50, unread or archived) is imported into an empty library with fetching off
(``ImportJob(fetch=False)``): the file read, every row written as a link-only entry
in batches of B (default ``import_job.BATCH``), until every entry is listed. The
baseline, in the same run: the same rows saved into another empty library one
``Library.save`` each (an empty text, the tags), which is what writing them one
transaction per article costs. Rows a second for both; nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from newsreader import import_job
from newsreader.capture.urls import url_key
from newsreader.import_job import ImportJob
from newsreader.library.library import ArticleContent, Library
from newsreader.saver import Saver


def write_csv(path: Path, rows: int) -> None:
    lines = ["title,url,time_added,tags,status,cursor"]
    for n in range(rows):
        status = "archive" if n % 3 == 0 else "unread"
        title = f'"Sak nummer {n}: blåbær, «sitat» og ""anførsel"""'
        lines.append(
            f"{title},https://host{n % 200}.example/sak/{n}?utm_source=x,"
            f"{1500000000 + n * 60},tag{n % 50}|tema{n % 7},{status},{n}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def import_rows(folder: Path, export: Path) -> tuple[float, int]:
    with Library(folder / "imported") as library, Saver(library, workers=1) as saver:
        started = time.perf_counter()
        job = ImportJob(library, saver, str(export), fetch=False)
        job.start()
        if not job.wait(3600):
            raise SystemExit("the import did not finish in an hour")
        listed = len(library.list_ids("all"))
        took = time.perf_counter() - started
        return took, listed


def save_rows(folder: Path, rows: int) -> float:
    with Library(folder / "saved") as library:
        started = time.perf_counter()
        for n in range(rows):
            url = f"https://host{n % 200}.example/sak/{n}"
            library.save(
                ArticleContent(
                    url=url,
                    final_url=url,
                    title=f"Sak nummer {n}: blåbær",
                    content_html="",
                    text="",
                    word_count=0,
                    reading_minutes=0,
                    url_keys=(url_key(url),),
                ),
                tags=(f"tag{n % 50}", f"tema{n % 7}"),
            )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=import_job.BATCH)
    args = parser.parse_args()
    import_job.BATCH = args.batch
    with tempfile.TemporaryDirectory(prefix="newsreader-import-bench-") as temporary:
        folder = Path(temporary)
        export = folder / "pocket.csv"
        write_csv(export, args.rows)
        imported, listed = import_rows(folder, export)
        saved = save_rows(folder, args.rows)
    print(f"{args.rows:,} rows, batches of {args.batch}")
    print(f"  import (read + write entries, all listed): {imported:7.2f} s "
          f"{args.rows / imported:9,.0f} rows/s  ({listed:,} listed)")  # fmt: skip
    print(f"  Library.save one by one (baseline):        {saved:7.2f} s "
          f"{args.rows / saved:9,.0f} rows/s")  # fmt: skip
    print(f"  ratio: import is {saved / imported:.1f}x as fast")


if __name__ == "__main__":
    main()
