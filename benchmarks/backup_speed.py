"""Backup speed: ``newsreader backup`` against copying the same bytes, same library, same run.

    .venv/bin/python benchmarks/backup_speed.py [--articles N] [--rounds R] [--corpus DIR]

Builds a library of N articles (default 300) through ``Library.save``: each stores a real
corpus page (cycled; gzip-compressed as a save does), its text, and 3 images of random,
incompressible bytes of 20-250 KB (JPEG-like sizes; seeded, so every run builds the same
library). Then, in turns for R rounds (default 3), with the files in the page cache:

- backup: ``backup.write_archive`` (snapshot by SQLite's backup API, every file read,
  hashed and stored in the zip, the database deflated, fsync, rename);
- copy: the same bytes (the database file and every file the database names) read and
  written into one new file, then fsync: the least any backup of these bytes costs;
- copytree: ``shutil.copytree`` of the library folder, no fsync (what ``cp -r`` does).

Prints the medians and the ratio backup / copy. The summary line is the last line.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsreader.library import backup, files
from newsreader.library.library import ArticleContent, ImageFile, Library

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pages"


def corpus_pages(folder: Path) -> list[bytes]:
    pages = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".html", ".htm"))
    if not pages:
        # No corpus: pages of plausible size and text.
        rng = random.Random(1)
        words = [
            "the",
            "harbour",
            "boats",
            "came",
            "back",
            "with",
            "a",
            "small",
            "catch",
            "and",
            "people",
            "talked",
        ]
        return [
            ("<html><body>" + " ".join(rng.choice(words) for _ in range(12_000))).encode()
            for _ in range(50)
        ]
    return [p.read_bytes() for p in pages[:400]]


def build(root: Path, count: int, corpus: Path) -> None:
    pages = corpus_pages(corpus)
    rng = random.Random(42)
    with Library(root) as library:
        for n in range(count):
            raw = pages[n % len(pages)] + f"<!-- copy {n} -->".encode()
            text = raw.decode("utf-8", "replace")[:20_000]
            images = []
            for position in range(3):
                data = rng.randbytes(rng.randint(20_000, 250_000))
                name = files.image_name(data, "image/jpeg")
                images.append(ImageFile(position, f"https://e.org/{n}/{position}.jpg", name, data))
            library.save(
                ArticleContent(
                    url=f"https://example.org/article/{n}",
                    final_url=f"https://example.org/article/{n}",
                    title=f"Article {n}",
                    content_html=f"<p>{text}</p>",
                    text=text,
                    word_count=len(text.split()),
                    reading_minutes=1,
                    url_keys=(f"example.org/article/{n}",),
                    raw=raw,
                    images=tuple(images),
                )
            )


def copy_bytes(root: Path, target: Path) -> int:
    names = backup.referenced_files(root / "library.sqlite3")
    sources = [root / "library.sqlite3", *(root / name for name in sorted(names))]
    total = 0
    with open(target, "wb") as out:
        for source in sources:
            with open(source, "rb") as handle:
                while chunk := handle.read(backup.CHUNK):
                    out.write(chunk)
                    total += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return total


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsreader-backup-bench-") as work:
        work = Path(work)
        root = work / "library"
        print(f"building a library of {args.articles} articles…", flush=True)
        build(root, args.articles, args.corpus)
        size = copy_bytes(root, work / "warm.bin")  # also brings the files into the cache
        (work / "warm.bin").unlink()
        times: dict[str, list[float]] = {"backup": [], "copy": [], "copytree": []}
        archive_size = 0
        for round_ in range(args.rounds):
            archive = work / f"b{round_}.zip"
            times["backup"].append(timed(lambda a=archive: backup.write_archive(root, a)))
            archive_size = archive.stat().st_size
            archive.unlink()
            copy = work / f"c{round_}.bin"
            times["copy"].append(timed(lambda c=copy: copy_bytes(root, c)))
            copy.unlink()
            tree = work / f"t{round_}"
            times["copytree"].append(timed(lambda t=tree: shutil.copytree(root, t)))
            shutil.rmtree(tree)
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, value in medians.items():
            print(
                f"{name:<9} {value * 1000:8.0f} ms   (rounds: "
                + ", ".join(f"{v * 1000:.0f}" for v in times[name])
                + ")"
            )
        print(
            f"library {size / 1e6:.1f} MB in {args.articles} articles, archive "
            f"{archive_size / 1e6:.1f} MB; backup / copy = "
            f"{medians['backup'] / medians['copy']:.2f}, backup / copytree = "
            f"{medians['backup'] / medians['copytree']:.2f}"
        )


if __name__ == "__main__":
    main()
