"""What the search dictionary costs a bulk save: saves a second with and without it.

    .venv/bin/python benchmarks/save_speed.py [--articles N] [--rounds R] [--corpus DIR]
        [--profile] [--build N]

The articles are bench_library.py's: ../shared/corpus extracted by the app's extractor
(cached in /tmp by the extractor's code, so a second run starts at once), saved as
themselves and then as varied copies, each through ``Library.save`` into a fresh library
in a temporary folder, N in all (default 3,000). Two variants, alternated for R rounds
(default 2; the best of each figure counts, as the machine is shared):

- *dictionary*: saving as the app does;
- *no dictionary* (the baseline): the same saves with the dictionary step
  (``search_index.add_terms``) replaced by nothing, a switch of this benchmark only.

Saves a second, by the clock and by the process's CPU time (steadier on a shared machine),
are given for the first and the second half of the run apart: in the
second half the library already holds N/2 articles and the dictionary most of their
words, which is what every save of a big import meets. Within the dictionary variant,
the time spent in ``add_terms`` per save is measured, and so is the statement that
stores the text (its trigger feeds the FTS5 index: the index's own cost, for reference).
``--profile`` runs cProfile over ``add_terms`` alone in the second half of one more
dictionary round and prints where its time goes. ``--build N`` instead builds
bench_library.py's N-article library (its saves, states and tags, in one transaction
each) into a temporary folder twice, with and without the dictionary, and gives each
build's articles a second. Figures print; nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import bench_library
from corpus import DEFAULT_CORPUS

import newsreader.library.library as library_module
from newsreader.library import db as db_module
from newsreader.library import search_index, terms
from newsreader.library.library import Library

DEFAULT_ARTICLES = 3000
EXTRACTED_CACHE = Path(tempfile.gettempdir()) / "newsreader-bench-extracted-{}.pickle"


def extracted_corpus(corpus: Path) -> list:
    """bench_library.extract_corpus, kept in /tmp under the extractor's code and the
    corpus folder (extracting takes a minute or two; saving is what is measured)."""
    digest = hashlib.sha256(str(corpus.resolve()).encode())
    digest.update((HERE.parent / "newsreader/capture/extract.py").read_bytes())
    cache = Path(str(EXTRACTED_CACHE).format(digest.hexdigest()[:16]))
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    extracted = bench_library.extract_corpus(corpus)
    cache.write_bytes(pickle.dumps(extracted))
    return extracted


class Timed:
    """Wraps a function, adding up the seconds spent in it (and profiling it on demand)."""

    def __init__(self, function, profile: cProfile.Profile | None = None):
        self.function = function
        self.seconds = 0.0
        self.calls = 0
        self.profile = profile

    def __call__(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            if self.profile is not None:
                return self.profile.runcall(self.function, *args, **kwargs)
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - began
            self.calls += 1


class TimedText:
    """Database.execute, adding up the seconds of the statement that stores a text (and,
    through its trigger, indexes it in FTS5)."""

    def __init__(self, execute):
        self.seconds = 0.0

        def timed(db, sql, params=()):
            if not sql.startswith("INSERT INTO article_texts"):
                return execute(db, sql, params)
            began = time.perf_counter()
            try:
                return execute(db, sql, params)
            finally:
                self.seconds += time.perf_counter() - began

        self.method = timed


def run(sources: list, articles: int, dictionary: bool, profile=None) -> dict:
    """Save ``articles`` articles into a fresh library; times of both halves."""
    terms.match_key.cache_clear()  # every run stems its words afresh, as a new process
    original_add = search_index.add_terms
    original_execute = db_module.Database.execute
    timed_add = Timed(original_add)
    timed_text = TimedText(original_execute)
    search_index.add_terms = timed_add if dictionary else (lambda db, language, texts: 0)
    db_module.Database.execute = timed_text.method
    stamp = [""]
    original_now = library_module.utc_now
    library_module.utc_now = lambda: stamp[0]
    half = articles // 2
    step = bench_library.SAVED_SPAN / articles
    marks: list[float] = []
    cpu: list[float] = []
    split: dict = {}
    try:
        with (
            tempfile.TemporaryDirectory(prefix="save-speed-") as folder,
            Library(Path(folder) / "library") as library,
        ):
            orders: dict[int, list[int]] = {}
            began, began_cpu = time.perf_counter(), time.process_time()
            for n in range(articles):
                if n == half:
                    marks.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - began_cpu)
                    split = {"add": timed_add.seconds, "text": timed_text.seconds}
                    timed_add.profile = profile  # the half that matters for a big import
                    began, began_cpu = time.perf_counter(), time.process_time()
                cycle, position = divmod(n, len(sources))
                if cycle not in orders:
                    orders[cycle] = random.Random(cycle).sample(range(len(sources)), len(sources))
                saved = bench_library.FIRST_SAVED + step * n
                stamp[0] = saved.isoformat(timespec="seconds")
                tags = [name for name, every in bench_library.TAGS if n % every == 0]
                source = sources[orders[cycle][position]]
                content = bench_library.article_content(source, n, cycle, saved)
                library.save(content, tags=tags)
            marks.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
            words = library.db.scalar("SELECT count(*) FROM search_terms")
    finally:
        search_index.add_terms = original_add
        db_module.Database.execute = original_execute
        library_module.utc_now = original_now
    first, second = half, articles - half
    return {
        "rate": (first / marks[0], second / marks[1]),
        "cpu_rate": (first / cpu[0], second / cpu[1]),
        "add_ms": (
            1000 * split.get("add", 0) / first,
            1000 * (timed_add.seconds - split.get("add", 0)) / second,
        ),
        "text_ms": (
            1000 * split.get("text", 0) / first,
            1000 * (timed_text.seconds - split.get("text", 0)) / second,
        ),
        "words": words,
    }


def build(articles: int, corpus: Path) -> None:
    """bench_library's whole build (its saves, states, tags) of ``articles`` articles into
    a temporary folder, with the dictionary and then without it: saves a second."""
    bench_library.extract_corpus = extracted_corpus
    original_add = search_index.add_terms
    rates = {}
    for dictionary in (True, False):
        search_index.add_terms = original_add if dictionary else (lambda db, language, texts: 0)
        try:
            with tempfile.TemporaryDirectory(prefix="save-speed-build-") as folder:
                info = bench_library.ensure_library(Path(folder) / "lib", articles, corpus, False)
        finally:
            search_index.add_terms = original_add
        rates[dictionary] = articles / info["build_seconds"]
    print(f"\nbuilding the {articles:,}-article benchmark library (saves, states, tags):")
    print(f"  no dictionary (baseline)  {rates[False]:5.0f} articles/s")
    print(f"  dictionary                {rates[True]:5.0f} articles/s")
    print(f"    baseline / dictionary   {rates[False] / rates[True]:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--build", type=int, metavar="N", help="build N-article libraries")
    args = parser.parse_args()
    if args.build:
        build(args.build, args.corpus)
        return
    sources = bench_library.make_sources(extracted_corpus(args.corpus))
    print(f"{len(sources)} corpus pages; {args.articles:,} saves per run", flush=True)
    results: dict[bool, list[dict]] = {True: [], False: []}
    for round_ in range(args.rounds):
        for dictionary in (True, False):
            result = run(sources, args.articles, dictionary)
            results[dictionary].append(result)
            print(
                f"  round {round_ + 1}, {'dictionary' if dictionary else 'no dictionary'}: "
                "{:.0f}/s then {:.0f}/s (by CPU time {:.0f}/s then {:.0f}/s)".format(
                    *result["rate"], *result["cpu_rate"]
                ),
                flush=True,
            )

    def best(dictionary: bool, figure: str, pick=max) -> tuple[float, float]:
        runs = results[dictionary]
        return pick(r[figure][0] for r in runs), pick(r[figure][1] for r in runs)

    heading = f"{args.articles:,} saves, best of {args.rounds} rounds:"
    print(f"\n{heading:48} first half  second half")
    for figure, name in (("rate", "saves/s"), ("cpu_rate", "saves per CPU second")):
        without, with_ = best(False, figure), best(True, figure)
        print(f"  {'no dictionary (baseline), ' + name:46} {without[0]:9.0f}  {without[1]:11.0f}")
        print(f"  {'dictionary, ' + name:46} {with_[0]:9.0f}  {with_[1]:11.0f}")
        ratios = [b / a for a, b in zip(with_, without, strict=True)]
        print(f"  {'  baseline / dictionary':46} {ratios[0]:8.2f}x  {ratios[1]:10.2f}x")
    add, text = best(True, "add_ms", min), best(True, "text_ms", min)
    print(f"  {'add_terms, ms per save':46} {add[0]:9.2f}  {add[1]:11.2f}")
    print(f"  {'text row + FTS5 insert, ms per save':46} {text[0]:9.2f}  {text[1]:11.2f}")
    print(f"  dictionary at the end: {results[True][0]['words']:,} words")
    if args.profile:
        profile = cProfile.Profile()
        run(sources, args.articles, True, profile)
        print("\nadd_terms in the second half, profiled (cumulative):")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(18)
        pstats.Stats(profile).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
