"""Kill -9 in a loop: is the library whole after every sudden death of a writer?

Each round starts a writer process on one library (``--writer``: saves articles with
images and a stored page through ``Library.save``, re-saves some with new text and
images, deletes some, tags and archives some, as fast as it can), lets it run for a
random moment (``--min``..``--max`` seconds, whatever it is doing then), and SIGKILLs
it. Then, with no writer left:

- ``PRAGMA integrity_check`` of the database file answers ok;
- every file a row names exists and matches its hash (``check --deep`` finds nothing
  missing or damaged);
- the full-text index agrees with the articles (FTS5 'integrity-check', in ``check``);
- ``check`` reports nothing but orphaned files and leftover temporaries, the traces a
  killed save may leave (its files are written before the row that names them);
- every article the writer reported as committed (on its stdout) is there, unless it
  reported deleting it.

Usage: ``.venv/bin/python benchmarks/kill_loop.py --rounds 50`` (a fresh library in a
temporary folder unless ``--library DIR``). Prints one line per round and the figures at
the end; the last line is the summary as JSON. Exit status 1 if any round found damage.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsreader.library import files
from newsreader.library.library import ArticleContent, ImageFile, Library

WORDS = ("fjord", "havn", "blåbær", "multe", "tromsø", "skole", "vinter", "nordlys", "kaffe")


def _image(rng: random.Random, position: int, shared: bool) -> ImageFile:
    # A few shared pictures (stored once, used by many articles) and many unique ones.
    seed = rng.randrange(4) if shared else rng.getrandbits(64)
    data = b"\xff\xd8\xff\xe0" + hashlib.sha256(str(seed).encode()).digest() * rng.randint(8, 64)
    return ImageFile(
        position=position,
        url=f"https://example.test/img/{seed}.jpg",
        name=files.image_name(data, "image/jpeg"),
        data=data,
        mime="image/jpeg",
        width=10,
        height=10,
    )


def _content(rng: random.Random, n: int) -> ArticleContent:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 400))) + f" artikkel{n}"
    url = f"https://example.test/a/{n}"
    return ArticleContent(
        url=url,
        final_url=url,
        title=f"Artikkel {n} {rng.choice(WORDS)}",
        content_html=f"<p>{text}</p>",
        text=text,
        word_count=len(text.split()),
        reading_minutes=1,
        url_keys=(f"example.test/a/{n}",),
        site="Eksempel",
        language="nb",
        raw=f"<html><body><p>{text}</p></body></html>".encode(),
        raw_encoding="utf-8",
        images=tuple(_image(rng, i, shared=rng.random() < 0.3) for i in range(rng.randint(0, 3))),
    )


def writer(library_dir: Path, seed: int, count: int | None, prefix: int) -> None:
    """Write until killed (or ``count`` articles saved), printing each committed change:
    'saved ID N' after a save commits, 'deleting ID N' before a delete begins (N: the
    article's number, in its URL). Numbers start at ``prefix`` * 1,000,000 + 1."""
    rng = random.Random(seed)
    saved: list[int] = []
    with Library(library_dir) as library:
        n = prefix * 1_000_000
        while count is None or n - prefix * 1_000_000 < count:
            roll = rng.random()
            if saved and roll < 0.15:
                victim = saved.pop(rng.randrange(len(saved)))
                # Said before: a kill right after the commit must not count it as lost.
                print(f"deleting {victim} {_number(library, victim)}", flush=True)
                library.delete([victim])
            elif saved and roll < 0.30:
                # Saving a known URL again: new text and images for the same article.
                library.save(_content(rng, _number(library, rng.choice(saved))))
            elif saved and roll < 0.40:
                target = rng.choice(saved)
                library.set_tags(target, [rng.choice(WORDS)])
                library.set_state(target, rng.choice(("unread", "archived")))
            elif saved and roll < 0.55:
                # Highlights and notes re-index their article through triggers (schema 7).
                _annotate(library, rng, rng.choice(saved))
            else:
                n += 1
                outcome = library.save(_content(rng, n), tags=[rng.choice(WORDS)])
                saved.append(outcome.article_id)
                print(f"saved {outcome.article_id} {n}", flush=True)


def _annotate(library: Library, rng: random.Random, article_id: int) -> None:
    """Add, change or delete a highlight of ``article_id``, or set its note."""
    existing = library.notebook.of_article(article_id)
    roll = rng.random()
    if existing and roll < 0.3:
        library.notebook.delete([rng.choice(existing).id])
    elif existing and roll < 0.6:
        library.notebook.update(rng.choice(existing).id, note=rng.choice(WORDS))
    elif roll < 0.8:
        text = library.get(article_id).text
        start = rng.randrange(0, max(1, len(text) - 40))
        with contextlib.suppress(ValueError):  # only white space there
            library.notebook.add(article_id, start, start + rng.randint(5, 40))
    else:
        library.notebook.set_article_note(article_id, rng.choice([*WORDS, ""]))


def _number(library: Library, article_id: int) -> int:
    return int(library.get(article_id).url.rsplit("/", 1)[1])


def verify(library_dir: Path) -> dict:
    """What a check after a kill finds: a dict of figures, with 'problems' listing
    anything that is damage rather than an expected trace."""
    problems: list[str] = []
    conn = sqlite3.connect(library_dir / "library.sqlite3")
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity[:3]}")
    with Library(library_dir, create=False) as library:
        report = library.check(grace=0, deep=True)
        articles = library.count()
    if report.missing:
        problems.append(f"missing files: {report.missing[:3]}")
    if report.damaged:
        problems.append(f"damaged files: {report.damaged[:3]}")
    if not report.index_ok:
        problems.append("the search index disagrees with the articles")
    return {
        "problems": problems,
        "articles": articles,
        "orphans": len(report.orphans),
        "temporaries": len(report.temporaries),
    }


def run(rounds: int, library_dir: Path, low: float, high: float, seed: int) -> dict:
    rng = random.Random(seed)
    present: set[int] = set()
    totals = {"rounds": 0, "damaged_rounds": 0, "orphans": 0, "temporaries": 0, "lost": 0}
    began = time.monotonic()
    for number in range(1, rounds + 1):
        process = subprocess.Popen(
            [sys.executable, __file__, "--writer", str(library_dir), "--seed", str(seed + number)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        time.sleep(rng.uniform(low, high))
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
        for line in out.splitlines():
            verb, value, _ = line.split(" ")
            (present.add if verb == "saved" else present.discard)(int(value))
        found = verify(library_dir)
        if process.returncode != -signal.SIGKILL:  # it stopped by itself: a bug of ours
            last = (err.strip().splitlines() or ["no error output"])[-1]
            found["problems"].append(f"the writer failed before the kill: {last}")
        with Library(library_dir, create=False) as library:
            lost = sorted(present - set(library.ids()))
        if lost:
            found["problems"].append(f"committed articles lost: {lost[:5]}")
        totals["rounds"] += 1
        totals["damaged_rounds"] += bool(found["problems"])
        totals["orphans"] += found["orphans"]
        totals["temporaries"] += found["temporaries"]
        totals["lost"] += len(lost)
        status = "; ".join(found["problems"]) or "ok"
        print(
            f"round {number}: {found['articles']} articles, {found['orphans']} orphans, "
            f"{found['temporaries']} temporaries: {status}",
            flush=True,
        )
        # Clean up the traces, as a person would with check --repair, so the next
        # round's orphans are its own.
        with Library(library_dir, create=False) as library:
            library.check(repair=True, grace=0)
    totals["seconds"] = round(time.monotonic() - began, 1)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--library", type=Path, help="library folder (default: a new one)")
    parser.add_argument("--min", type=float, default=0.3, help="shortest run before the kill, s")
    parser.add_argument("--max", type=float, default=1.5, help="longest run before the kill, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--prefix", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        writer(args.writer, args.seed, args.count, args.prefix)
        return 0
    with tempfile.TemporaryDirectory(prefix="newsreader-kill-") as scratch:
        library_dir = args.library or Path(scratch) / "library"
        totals = run(args.rounds, library_dir, args.min, args.max, args.seed)
    print(
        f"{totals['rounds']} rounds in {totals['seconds']} s: {totals['damaged_rounds']} with "
        f"damage, {totals['lost']} committed articles lost; traces: {totals['orphans']} "
        f"orphaned files, {totals['temporaries']} temporaries"
    )
    print(json.dumps(totals))
    return 1 if totals["damaged_rounds"] else 0


if __name__ == "__main__":
    sys.exit(main())
